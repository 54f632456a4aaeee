from django.core.management import call_command
from django.test import RequestFactory

from passend.accounts.models import Lidmaatschap, User
from passend.core.models import AuditEvent
from passend.core.views import error_500
from passend.organisaties.models import Samenwerkingsverband


def test_500_page_is_dutch_and_standalone():
    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_404_page_is_dutch(cast, client):
    client.force_login(cast.ib_a)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Niet gevonden" in response.content.decode()


def test_session_expires_when_idle_and_at_browser_close(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_security_headers(cast, client):
    client.force_login(cast.ib_a)
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_navigation_follows_roles(cast, client):
    client.force_login(cast.leerkracht_a)
    nav = client.get("/").content.decode().split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
    assert "Netwerk" in nav and "Beheer" not in nav and "Rapportage" not in nav
    client.force_login(cast.beheerder)
    nav = client.get("/").content.decode().split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
    assert "Beheer" in nav


def test_maak_beheerder_bootstraps_a_partnership(db, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "maak_beheerder",
            "--swv-naam",
            "SWV Nieuw",
            "--swv-code",
            "PO 30.01",
            "--email",
            "B@Nieuw.example",
            "--naam",
            "Beheer Der",
        )
    user = User.objects.get(email="b@nieuw.example")
    assert Lidmaatschap.objects.get(user=user).rol == "beheerder"
    assert Samenwerkingsverband.objects.get(code="PO 30.01").naam == "SWV Nieuw"
    assert len(mailoutbox) == 1
    assert AuditEvent.objects.filter(action="role_change").exists()
    # Running it again changes nothing.
    call_command(
        "maak_beheerder",
        "--swv-naam",
        "SWV Nieuw",
        "--swv-code",
        "PO 30.01",
        "--email",
        "b@nieuw.example",
        "--naam",
        "Beheer Der",
    )
    assert Lidmaatschap.objects.filter(user=user).count() == 1


def test_a_browser_set_to_english_still_gets_dutch_dates(cast, client):
    """The interface is Dutch only; dates and amounts follow it, not the browser's language."""
    client.force_login(cast.ib_a)
    response = client.get(f"/leerlingen/{cast.leerling_a.pk}/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "nl"
    assert "1 maart 2018" in response.content.decode()  # pupil A's birthday
