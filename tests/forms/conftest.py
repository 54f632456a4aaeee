"""Shared helpers for the form-validation tests: every form is driven through HTTP."""

import re
from html import unescape

import pytest

from passend.accounts.models import Lidmaatschap, User
from passend.core.models import AuditEvent
from passend.organisaties.models import (
    Deelverband,
    Deskundige,
    Samenwerkingsverband,
    School,
    Schoolbestuur,
    Voorziening,
)

# Django's own Dutch message for an empty required field (nl locale says "vereist").
VERPLICHT = "Dit veld is vereist."
GEEN_HTML = "Gebruik geen < of > in dit veld; HTML of scripts zijn hier niet toegestaan."
TE_LANG_200 = "Zorg dat deze waarde niet meer dan 200 tekens bevat (het zijn er nu 201)."
ONGELDIGE_KEUZE = "Selecteer een geldige keuze. Deze keuze is niet beschikbaar."
SCRIPT = "<script>alert(1)</script>"
NULL_TEKEN = "Null-tekens zijn niet toegestaan."  # PostgreSQL cannot store NUL in text

WRITE_ACTIONS = (AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE, AuditEvent.Action.ROLE_CHANGE)
_COUNTED = (Samenwerkingsverband, Deelverband, Schoolbestuur, School, Voorziening, Deskundige, User, Lidmaatschap)


def field_error(response, field: str) -> str:
    """The text of the error element rendered at `field` (fails if there is none)."""
    html = response.content.decode()
    match = re.search(rf'<p class="error" id="id_{field}_error">(.*?)</p>', html, re.S)
    assert match, f"geen foutmelding bij het veld {field!r} in de pagina"
    return unescape(match.group(1)).strip()


def assert_error_at(response, field: str, message: str, status: int = 400) -> None:
    assert response.status_code == status, response.status_code
    error = field_error(response, field)
    assert message in error, f"{field}: verwacht {message!r}, kreeg {error!r}"
    # The input itself is marked invalid for assistive technology.
    html = response.content.decode()
    tag = re.search(rf'<(?:input|select|textarea)\b[^>]*\bname="{field}"[^>]*>', html)
    assert tag and 'aria-invalid="true"' in tag.group(0), f"{field}: invoerveld niet als ongeldig gemarkeerd"


def snapshot() -> dict:
    """Row counts of everything these forms can write, plus the write-audit rows."""
    counts = {model.__name__: model.objects.count() for model in _COUNTED}
    counts["audit_writes"] = AuditEvent.objects.filter(action__in=WRITE_ACTIONS).count()
    return counts


def stored(obj) -> dict:
    """The stored column values of `obj`, read fresh from the database."""
    fresh = obj.__class__.objects.get(pk=obj.pk)
    return {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields}


@pytest.fixture
def beheer(cast, client):
    """A client signed in as the beheerder of cast.swv."""
    client.force_login(cast.beheerder)
    return client
