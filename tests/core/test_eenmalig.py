"""A double submit is processed once (passend.core.eenmalig): forms through their one-time
token, the API through the Idempotency-Key header; an error frees the key for a retry."""

import hashlib
import re
import threading
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

import passend
from passend.core.models import SubmitToken
from passend.dossier.models import Notitie
from passend.leerlingen.models import Leerling, Ondersteuningsniveau, Toestemming
from tests.leerlingen.conftest import leerling_post, niveau_post

ALREADY_SENT = "Dit formulier was al verstuurd en is één keer verwerkt."
API_ALREADY = {"detail": "Dit verzoek is al verwerkt (dezelfde Idempotency-Key)."}


def token_in(html: str, marker: str) -> str:
    """The one-time token of the POST form on the page that contains `marker`."""
    for form in re.findall(r"<form\b.*?</form>", html, re.S):
        if marker in form:
            return re.search(r'name="eenmalig" value="([^"]+)"', form).group(1)
    raise AssertionError(f"no form with {marker!r} on the page")


def notitie(cast):
    return {
        "persona": "ib_a",
        "url": f"/leerlingen/{cast.leerling_a.pk}/documenten/",
        "marker": 'value="notitie"',
        "data": {"formulier": "notitie", "tekst": "Gesprek met moeder.", "vertrouwelijkheid": "school"},
        "invalid": {"tekst": ""},
        "rows": lambda: Notitie.objects.count(),
    }


def niveau(cast):
    return {
        "persona": "ib_a",
        "url": f"/leerlingen/{cast.leerling_a.pk}/",
        "marker": 'name="reden"',
        "data": niveau_post(2),
        "invalid": {"reden": ""},
        "rows": lambda: Ondersteuningsniveau.objects.count(),
    }


def toestemming(cast):
    return {
        "persona": "ouder",
        "url": f"/leerlingen/{cast.leerling_a.pk}/",
        "marker": 'value="toestemming"',
        "data": {
            "formulier": "toestemming",
            "onderwerp": "extern",
            "besluit": "gegeven",
            "datum": timezone.localdate().isoformat(),
        },
        "invalid": {"besluit": "ingetrokken"},
        "rows": lambda: Toestemming.objects.count(),
    }


def leerling(cast):
    return {
        "persona": "ib_a",
        "url": f"/leerlingen/nieuw/{cast.school_a.pk}/",
        "marker": 'name="voornaam"',
        "data": leerling_post(cast),
        "invalid": {"voornaam": ""},
        "rows": lambda: Leerling.objects.count(),
    }


FORMS = pytest.mark.parametrize("form", [notitie, niveau, toestemming, leerling], ids=lambda f: f.__name__)


@FORMS
def test_the_same_form_posted_twice_is_processed_once(cast, client, form):
    form = form(cast)
    client.force_login(getattr(cast, form["persona"]))
    token = token_in(client.get(form["url"]).content.decode(), form["marker"])
    before = form["rows"]()

    first = client.post(form["url"], {**form["data"], "eenmalig": token})
    assert first.status_code == 302
    second = client.post(form["url"], {**form["data"], "eenmalig": token})

    assert second.status_code == 303 and second["Location"] == form["url"]
    assert form["rows"]() == before + 1
    page = client.get(second["Location"]).content.decode()
    assert ALREADY_SENT in page


@FORMS
def test_an_invalid_post_frees_its_token_and_the_corrected_post_is_processed(cast, client, form):
    form = form(cast)
    client.force_login(getattr(cast, form["persona"]))
    token = token_in(client.get(form["url"]).content.decode(), form["marker"])
    before = form["rows"]()

    invalid = client.post(form["url"], {**form["data"], **form["invalid"], "eenmalig": token})
    assert invalid.status_code == 400
    assert not SubmitToken.objects.exists()
    fresh = token_in(invalid.content.decode(), form["marker"])
    assert fresh != token

    assert client.post(form["url"], {**form["data"], "eenmalig": fresh}).status_code == 302
    assert form["rows"]() == before + 1


def test_an_honest_retry_with_the_old_token_after_an_error_is_processed(cast, client):
    form = notitie(cast)
    client.force_login(cast.ib_a)
    assert client.post(form["url"], {**form["data"], "tekst": "", "eenmalig": "t1"}).status_code == 400
    assert client.post(form["url"], {**form["data"], "eenmalig": "t1"}).status_code == 302
    assert Notitie.objects.count() == 1


def test_tokens_are_per_user(cast, client):
    """A token another user already sent is a new token for this user, not "already sent"."""
    form = notitie(cast)
    client.force_login(cast.ib_a)
    assert client.post(form["url"], {**form["data"], "eenmalig": "gedeeld"}).status_code == 302
    client.force_login(cast.leerkracht_a)
    assert client.post(form["url"], {**form["data"], "eenmalig": "gedeeld"}).status_code == 302
    assert Notitie.objects.count() == 2
    assert SubmitToken.objects.filter(user_id__in=[cast.ib_a.pk, cast.leerkracht_a.pk]).count() == 2


def test_a_refused_post_saves_nothing_and_keeps_no_token(cast, client):
    form = notitie(cast)
    client.force_login(cast.leerkracht_andere_groep)
    response = client.post(form["url"], {**form["data"], "eenmalig": "t"})
    assert response.status_code in (403, 404)
    assert not SubmitToken.objects.exists() and not Notitie.objects.exists()


def test_the_repeat_goes_back_to_the_page_the_form_was_on_never_elsewhere(cast, client):
    form = notitie(cast)
    client.force_login(cast.ib_a)
    client.post(form["url"], {**form["data"], "eenmalig": "t"})
    pagina = f"http://testserver/leerlingen/{cast.leerling_a.pk}/"
    same_site = client.post(form["url"], {**form["data"], "eenmalig": "t"}, HTTP_REFERER=pagina)
    assert same_site.status_code == 303 and same_site["Location"] == pagina
    elders = client.post(form["url"], {**form["data"], "eenmalig": "t"}, HTTP_REFERER="https://elders.example/x")
    assert elders.status_code == 303 and elders["Location"] == form["url"]
    assert Notitie.objects.count() == 1


def test_anonymous_posts_are_not_tracked(db, client):
    client.post("/inloggen/", {"username": "niemand@test.example", "password": "x", "eenmalig": "t"})
    assert not SubmitToken.objects.exists()


def test_tokens_older_than_a_day_are_removed_when_the_user_sends_a_new_one(cast, client):
    form = notitie(cast)
    SubmitToken.objects.create(user_id=cast.ib_a.pk, key="oud")
    SubmitToken.objects.create(user_id=cast.leerkracht_a.pk, key="oud-van-een-ander")
    SubmitToken.objects.update(created=timezone.now() - timedelta(days=1, minutes=1))
    client.force_login(cast.ib_a)
    client.post(form["url"], {**form["data"], "eenmalig": "nieuw"})
    assert sorted(SubmitToken.objects.values_list("key", flat=True)) == sorted(
        ["oud-van-een-ander", hashlib.sha256(b"formulier:nieuw").hexdigest()]
    )


# --- API -----------------------------------------------------------------------------------


def _api(cast):
    token = Token.objects.create(user=cast.ouder)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token.key}")
    url = f"/api/v1/leerlingen/{cast.leerling_a.pk}/toestemmingen/"
    data = {"onderwerp": "delen_swv", "besluit": "geweigerd", "datum": timezone.localdate().isoformat()}
    return api, url, data


def test_api_repeated_idempotency_key_gets_409_and_is_not_executed(cast):
    api, url, data = _api(cast)
    first = api.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc-1")
    assert first.status_code == 201, first.json()
    second = api.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc-1")
    assert (second.status_code, second.json()) == (409, API_ALREADY)
    assert Toestemming.objects.count() == 1
    # Another key, or none, is a new request.
    assert api.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc-2").status_code == 201
    assert api.post(url, data, content_type="application/json").status_code == 201
    assert Toestemming.objects.count() == 3


def test_api_failed_first_request_frees_the_key(cast):
    api, url, data = _api(cast)
    invalid = api.post(
        url, {**data, "besluit": "ingetrokken"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert invalid.status_code == 400
    assert api.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    assert Toestemming.objects.count() == 1


def test_api_key_is_per_user_and_reads_ignore_it(cast, client):
    api, url, data = _api(cast)
    client.force_login(cast.ouder)
    assert client.get(url, HTTP_IDEMPOTENCY_KEY="k").status_code == 200
    assert client.options(url, HTTP_IDEMPOTENCY_KEY="k").status_code == 200
    assert not SubmitToken.objects.exists()
    client.force_login(cast.ib_a)
    ouder = cast.leerling_a.ouderschappen.get().ouder
    response = client.post(url, {**data, "ouder": ouder.pk}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 201, response.json()
    assert api.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k").status_code == 201


def test_api_key_and_form_token_with_the_same_value_do_not_collide(cast, client):
    api, url, data = _api(cast)
    assert api.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY="zelfde").status_code == 201
    client.force_login(cast.ouder)
    form = toestemming(cast)
    assert client.post(form["url"], {**form["data"], "eenmalig": "zelfde"}).status_code == 302


# --- Every POST form carries the token -------------------------------------------------------

# The sign-in flow carries no token, deliberately: it is posted by someone not (yet) signed
# in, or ends the session, so there is no user to keep the token for; and a repeat there is
# harmless or refused anyway: logging in or out twice changes nothing, a TOTP code cannot be
# used twice, a reset mail sent twice is two mails, and reset and invitation links work once.
EXEMPT = {
    "base.html": "uitloggen",
    "accounts/login.html": "inloggen",
    "accounts/otp_setup.html": "tweestapsverificatie instellen",
    "accounts/otp_verify.html": "tweestapsverificatie",
    "accounts/password_reset.html": "wachtwoord vergeten",
    "accounts/password_reset_confirm.html": "nieuw wachtwoord via de resetlink",
    "accounts/uitnodiging.html": "wachtwoord kiezen via de uitnodiging",
}
POST_FORM = re.compile(r"<form\b[^>]*\bmethod\s*=\s*[\"']?post\b[^>]*>(.*?)</form>", re.I | re.S)
LOADS_TAG = re.compile(r"{%\s*load\s[^%]*\bpassend\b[^%]*%}")
TEMPLATE_DIRS = sorted(Path(passend.__file__).parent.glob("*/templates"))


def _templates():
    for directory in TEMPLATE_DIRS:
        for path in sorted(directory.rglob("*.html")):
            yield path.relative_to(directory).as_posix(), path.read_text(encoding="utf-8")


def test_every_post_form_carries_the_one_time_token():
    missing, scanned = [], 0
    for name, source in _templates():
        forms = POST_FORM.findall(source)
        scanned += len(forms)
        if name in EXEMPT:
            assert len(forms) == 1, f"{name}: exempt for its one {EXEMPT[name]} form, but it has {len(forms)}"
            continue
        missing += [f"{name} (form {i + 1})" for i, body in enumerate(forms) if "{% eenmalig %}" not in body]
        if "{% eenmalig %}" in source:
            assert LOADS_TAG.search(source), f"{name} uses {{% eenmalig %}} without {{% load passend %}}"
    assert scanned > 15
    assert not missing, "POST forms without {% eenmalig %}: " + ", ".join(missing)


def test_exemptions_still_exist():
    names = {name for name, _ in _templates()}
    assert set(EXEMPT) <= names


# --- PostgreSQL: two requests at once --------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_with_one_token_save_one_note():
    """Both requests insert the token at the same moment; the unique constraint lets one through."""
    if connection.vendor != "postgresql":
        pytest.skip("the race is asserted on PostgreSQL")
    from tests.personas import build_cast

    cast = build_cast()
    form = notitie(cast)
    clients = [Client(), Client()]
    for c in clients:
        c.force_login(cast.ib_a)
    at_the_insert = threading.Barrier(2, timeout=10)
    create = SubmitToken.objects.create

    def create_together(**kwargs):
        at_the_insert.wait()
        return create(**kwargs)

    statuses = []

    def post(c):
        try:
            statuses.append(c.post(form["url"], {**form["data"], "eenmalig": "tegelijk"}).status_code)
        finally:
            connection.close()

    with mock.patch.object(SubmitToken.objects, "create", side_effect=create_together):
        threads = [threading.Thread(target=post, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert sorted(statuses) == [302, 303]
    assert Notitie.objects.count() == 1
    assert SubmitToken.objects.count() == 1
