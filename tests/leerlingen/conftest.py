"""Shared helpers for the pupil tests: row counts, a valid POST per form, dates relative to today."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from passend.accounts.models import Lidmaatschap, User
from passend.accounts.roles import Rol
from passend.core.models import AuditEvent
from passend.leerlingen.models import Leerling, Ondersteuningsniveau, Ouder, Ouderschap
from tests.personas import PASSWORD

WRITE_ACTIONS = (AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE)
NIET_TOESTAAN = "Deze datum ligt in de toekomst."


def vandaag() -> date:
    return timezone.localdate()


def jaren_geleden(jaren: int, dagen: int = 0) -> date:
    today = vandaag()
    return today.replace(year=today.year - jaren, day=min(today.day, 28)) - timedelta(days=dagen)


def iso(day: date) -> str:
    return day.isoformat()


def snapshot() -> dict:
    """Row counts of what the pupil forms can write, plus the write-audit rows."""
    counts = {model.__name__: model.objects.count() for model in (Leerling, Ouder, Ouderschap, Ondersteuningsniveau)}
    counts["audit_writes"] = AuditEvent.objects.filter(action__in=WRITE_ACTIONS).count()
    counts["leerkracht_links"] = Leerling.leerkrachten.through.objects.count()
    return counts


def without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def leerling_post(cast, **changes) -> dict:
    """A POST the pupil form accepts; each bad-input case changes one field."""
    data = {
        "voornaam": "Fenna",
        "tussenvoegsel": "van der",
        "achternaam": "Berg",
        "geboortedatum": iso(jaren_geleden(7)),
        "groep": "3",
        "leerkrachten": [str(cast.leerkracht_a.pk)],
        "postcode": "1234 AB",
        "datum_inschrijving": iso(jaren_geleden(3)),
        "datum_uitschrijving": "",
        "thuiszitter_sinds": "",
    }
    data.update(changes)
    return data


def ouder_post(**changes) -> dict:
    data = {
        "naam": "Petra Berg",
        "relatie": "moeder",
        "gezag": "on",
        "email": "petra@test.example",
        "telefoon": "06-12345678",
    }
    data.update(changes)
    return data


def niveau_post(niveau=2, **changes) -> dict:
    data = {"niveau": str(niveau), "sinds": iso(vandaag()), "reden": "Extra instructie bij rekenen."}
    data.update(changes)
    return data


@pytest.fixture
def als(client):
    """Log a persona in and return the test client: als(cast.ib_a).get(...)."""

    def _als(user):
        client.force_login(user)
        return client

    return _als


@pytest.fixture
def leerkracht_elders(cast):
    """A teacher at school B (same partnership): may not be assigned to a pupil of school A."""
    user = User.objects.create_user("leerkracht_b@test.example", PASSWORD, naam="Leerkracht B")
    Lidmaatschap.objects.create(
        user=user, rol=Rol.LEERKRACHT, samenwerkingsverband=cast.swv, school=cast.school_b, geldig_van=date(2020, 1, 1)
    )
    return user


@pytest.fixture
def toestemming_extern(cast):
    """The parent's consent to involve externals, which levels 4 and 5 require."""
    from passend.leerlingen.models import Toestemming

    return Toestemming.objects.create(
        leerling=cast.leerling_a,
        onderwerp=Toestemming.Onderwerp.EXTERN,
        besluit=Toestemming.Besluit.GEGEVEN,
        ouder=cast.leerling_a.ouderschappen.get().ouder,
        datum=vandaag(),
        vastgelegd_door=cast.ouder,
        vastgelegd_als="ouder",
    )
