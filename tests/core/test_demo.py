from django.core.management import call_command

from passend.accounts.models import Lidmaatschap, User
from passend.core.demo import DEMO_PASSWORD
from passend.organisaties.models import Deskundige, Samenwerkingsverband, School, Voorziening

MODELS = (Samenwerkingsverband, School, Voorziening, Deskundige, User, Lidmaatschap)


def test_demo_is_idempotent_and_has_the_ryan_case_schools(db):
    call_command("demo")
    counts = {m: m.objects.count() for m in MODELS}
    call_command("demo")
    assert {m: m.objects.count() for m in MODELS} == counts
    names = set(School.objects.values_list("naam", flat=True))
    assert {"De Zonnebloem", "De Catamaran", "De Kaleidoscoop", "Het Palet", "De Wegwijzer"} <= names
    assert Samenwerkingsverband.objects.count() == 2


def test_demo_ib_logs_in_and_sees_her_school(db, client):
    call_command("demo")
    client.post("/inloggen/", {"username": "karin@voorbeeldregio.example", "password": DEMO_PASSWORD})
    page = client.get("/").content.decode()
    assert "De Zonnebloem" in page
    assert "Intern begeleider" in page


def test_login_page_shows_demo_logins_only_in_debug(db, client, settings):
    call_command("demo")
    assert "Demo-accounts" not in client.get("/inloggen/").content.decode()
    settings.PASSEND_SHOW_DEMO_LOGINS = True
    page = client.get("/inloggen/").content.decode()
    assert "Demo-accounts" in page and DEMO_PASSWORD in page
