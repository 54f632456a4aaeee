"""Login and two-factor forms: a Dutch message where the user looks, and nobody signed in."""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from passend.core.models import AuditEvent
from tests.forms.conftest import NULL_TEKEN, VERPLICHT, assert_error_at, snapshot
from tests.personas import PASSWORD

ONBEKENDE_COMBINATIE = "Deze combinatie van e-mailadres en wachtwoord kennen we niet. Let op hoofdletters."


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- Login -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "password"),
    [
        pytest.param("beheerder@test.example", "fout-wachtwoord", id="fout-wachtwoord"),
        pytest.param("beheerder@test.example", PASSWORD.upper(), id="hoofdletters"),
        pytest.param("niemand@test.example", PASSWORD, id="onbekend-adres"),
    ],
)
def test_inloggen_met_fout_wachtwoord(client, cast, username, password):
    response = client.post("/inloggen/", {"username": username, "password": password})
    html = response.content.decode()
    assert response.status_code == 400
    assert ONBEKENDE_COMBINATIE in html
    assert '<div class="error-summary" role="alert">' in html
    assert not _signed_in(client)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).count() == 1
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        pytest.param({"username": "", "password": PASSWORD}, "username", VERPLICHT, id="email-leeg"),
        pytest.param(
            {"username": "beheerder", "password": PASSWORD},
            "username",
            "Voer een geldig e-mailadres in.",
            id="email-ongeldig",
        ),
        pytest.param(
            {"username": "<script>@x.nl", "password": PASSWORD},
            "username",
            "Voer een geldig e-mailadres in.",
            id="email-script",
        ),
        pytest.param(
            {"username": "beheerder@test.example", "password": ""}, "password", VERPLICHT, id="wachtwoord-leeg"
        ),
        pytest.param(
            {"username": "beheerder\x00@test.example", "password": PASSWORD},
            "username",
            NULL_TEKEN,
            id="email-null-teken",
        ),
        pytest.param(
            {"username": "beheerder@test.example", "password": "a\x00b"},
            "password",
            NULL_TEKEN,
            id="wachtwoord-null-teken",
        ),
    ],
)
def test_inloggen_met_ongeldige_invoer_meldt_het_bij_het_veld(client, cast, data, field, message):
    response = client.post("/inloggen/", data)
    # The login view keeps Django's status 200 for an invalid form.
    assert_error_at(response, field, message, status=response.status_code)
    assert response.status_code in (200, 400)
    assert not _signed_in(client)


def test_inloggen_met_fout_wachtwoord_geeft_status_400(client, cast):
    response = client.post("/inloggen/", {"username": "beheerder@test.example", "password": "fout-wachtwoord"})
    assert response.status_code == 400


def test_inloggen_met_juist_wachtwoord_lukt(client, cast):
    response = client.post("/inloggen/", {"username": "beheerder@test.example", "password": PASSWORD})
    assert response.status_code == 302
    assert _signed_in(client)


# --- Two-factor authentication -----------------------------------------------------------


def _valid_tokens(device) -> set[str]:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    now = totp.t()
    tokens = set()
    for t in range(now - 3, now + 4):
        totp.time = device.t0 + t * device.step
        tokens.add(f"{totp.token():06d}")
    return tokens


def _wrong_token(device) -> str:
    valid = _valid_tokens(device)
    return next(code for code in ("000000", "123456", "999999", "424242") if code not in valid)


@pytest.fixture
def twee_fa(cast, client, settings):
    settings.PASSEND_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=cast.beheerder, name="Authenticator-app", confirmed=True)
    client.force_login(cast.beheerder)
    return device


@pytest.mark.parametrize(
    ("token", "message"),
    [
        pytest.param("", "Vul de code van zes cijfers in.", id="leeg"),
        pytest.param("abcdef", "De code bestaat uit zes cijfers.", id="letters"),
        pytest.param("12 456", "De code bestaat uit zes cijfers.", id="spatie"),
        pytest.param("12345", "De code bestaat uit zes cijfers.", id="vijf-cijfers"),
        pytest.param("1234567", "De code bestaat uit zes cijfers.", id="zeven-cijfers"),
        pytest.param("<script>", "De code bestaat uit zes cijfers.", id="script"),
        pytest.param("WRONG", "Deze code klopt niet. Probeer de nieuwste code uit uw app.", id="verkeerde-code"),
    ],
)
def test_2fa_verifieren_weigert_met_melding_bij_het_veld(client, twee_fa, token, message):
    if token == "WRONG":
        token = _wrong_token(twee_fa)
    before = snapshot()
    response = client.post("/account/2fa/verifieren/", {"token": token})
    assert_error_at(response, "token", message)
    assert snapshot() == before
    # Still not verified: the beheer pages send the user back to the code form.
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/2fa/verifieren/")


def test_2fa_verkeerde_code_wordt_gelogd(client, twee_fa):
    client.post("/account/2fa/verifieren/", {"token": _wrong_token(twee_fa)})
    assert AuditEvent.objects.filter(action=AuditEvent.Action.OTP_FAILED).count() == 1
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.OTP_VERIFIED).exists()


def test_2fa_juiste_code_lukt(client, twee_fa):
    totp = TOTP(twee_fa.bin_key, twee_fa.step, twee_fa.t0, twee_fa.digits, twee_fa.drift)
    response = client.post("/account/2fa/verifieren/", {"token": f"{totp.token():06d}"})
    assert response.status_code == 302
    assert client.get("/beheer/").status_code == 200


@pytest.mark.parametrize(
    ("token", "message"),
    [
        pytest.param("abcdef", "De code bestaat uit zes cijfers.", id="letters"),
        pytest.param(
            "WRONG",
            "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer de nieuwste code.",
            id="verkeerde-code",
        ),
    ],
)
def test_2fa_instellen_weigert_met_melding_bij_het_veld(client, cast, settings, token, message):
    settings.PASSEND_REQUIRE_2FA = True
    client.force_login(cast.beheerder)
    assert client.get("/account/2fa/instellen/").status_code == 200
    device = TOTPDevice.objects.get(user=cast.beheerder)
    if token == "WRONG":
        token = _wrong_token(device)
    response = client.post("/account/2fa/instellen/", {"token": token})
    assert_error_at(response, "token", message)
    device.refresh_from_db()
    assert not device.confirmed
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.OTP_ENROLLED).exists()
