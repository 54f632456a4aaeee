import re

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from passend.core.models import AuditEvent
from tests.personas import PASSWORD


@pytest.fixture
def two_factor(settings):
    settings.PASSEND_REQUIRE_2FA = True


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_professional_without_device_is_sent_to_enrolment(cast, client, two_factor):
    client.post("/inloggen/", {"username": cast.ib_a.email, "password": PASSWORD})
    response = client.get("/netwerk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/2fa/instellen/")
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "QR-code" in page


def test_enrolment_with_a_valid_code_unlocks_the_app_and_is_logged(cast, client, two_factor, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the failed attempt below would otherwise delay the next
    client.post("/inloggen/", {"username": cast.ib_a.email, "password": PASSWORD})
    client.get("/account/2fa/instellen/")
    device = TOTPDevice.objects.get(user=cast.ib_a)
    wrong = client.post("/account/2fa/instellen/", {"token": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "Deze code klopt niet" in wrong.content.decode()
    response = client.post("/account/2fa/instellen/", {"token": _code(device), "next": "/netwerk/"})
    assert response.status_code == 302 and response["Location"] == "/netwerk/"
    assert client.get("/netwerk/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="otp_enrolled", actor_user_id=cast.ib_a.pk).exists()


def test_user_with_device_must_verify_every_login(cast, client, two_factor):
    device = TOTPDevice.objects.create(user=cast.ib_a, name="app", confirmed=True)
    client.post("/inloggen/", {"username": cast.ib_a.email, "password": PASSWORD})
    response = client.get("/")
    assert response["Location"].startswith("/account/2fa/verifieren/")
    assert client.post("/account/2fa/verifieren/", {"token": _code(device)}).status_code == 302
    assert client.get("/").status_code == 200


def test_external_redirect_after_verification_is_refused(cast, client, two_factor):
    device = TOTPDevice.objects.create(user=cast.ib_a, name="app", confirmed=True)
    client.post("/inloggen/", {"username": cast.ib_a.email, "password": PASSWORD})
    response = client.post("/account/2fa/verifieren/", {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_password_reset_never_bypasses_two_factor(cast, client, two_factor):
    TOTPDevice.objects.create(user=cast.ib_a, name="app", confirmed=True)
    client.post("/account/wachtwoord-vergeten/", {"email": cast.ib_a.email})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "School" not in body  # the e-mail says nothing about schools or pupils
    link = re.search(r"http://testserver(/account/wachtwoord/\S+/)", body).group(1)
    form_url = client.get(link)["Location"]
    new = "Een-nieuw-sterk-wachtwoord-77"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    # Not signed in by the reset ...
    assert client.get("/")["Location"].startswith("/inloggen/")
    # ... and after signing in with the new password, the code is still required.
    client.post("/inloggen/", {"username": cast.ib_a.email, "password": new})
    assert client.get("/")["Location"].startswith("/account/2fa/verifieren/")
    assert AuditEvent.objects.filter(action="password_reset", actor_user_id=cast.ib_a.pk).exists()


def test_reset_for_unknown_address_looks_the_same(db, client):
    response = client.post("/account/wachtwoord-vergeten/", {"email": "onbekend@test.example"})
    assert response.status_code == 302
    assert response["Location"] == "/account/wachtwoord-vergeten/verstuurd/"
    assert len(mail.outbox) == 0


def test_parent_role_is_not_forced_into_totp(cast, client, two_factor):
    client.post("/inloggen/", {"username": cast.ouder.email, "password": PASSWORD})
    assert client.get("/").status_code == 200


def test_two_factor_off_lets_professionals_in(cast, client):
    client.post("/inloggen/", {"username": cast.ib_a.email, "password": PASSWORD})
    assert client.get("/").status_code == 200
