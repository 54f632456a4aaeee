"""axe-core (WCAG 2.0/2.1 A and AA, plus best practice) finds nothing on any page of the foundation.

One login per test; each test walks through the pages of one persona and reports every page
with violations at once. Screenshots go to var/screenshots/a11y-*.png.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

KARIN = "karin@voorbeeldregio.example"  # IB'er, De Zonnebloem
BRAM = "bram@voorbeeldregio.example"  # functioneel beheerder, De Voorbeeldregio
ESTHER = "esther@voorbeeldregio.example"  # leerkracht, De Zonnebloem

KINDS = ("scholen", "schoolbesturen", "deelverbanden", "voorzieningen", "deskundigen")


def submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_pages_without_login(page, live_server, demo_data, axe):
    axe.visit("/inloggen/", "inloggen", shot="a11y-inloggen")

    # Empty submit: the fields say what is missing.
    submit(page, "Inloggen")
    expect(page.locator(".field-error")).to_have_count(2)
    axe.check("inloggen, lege velden", shot="a11y-inloggen-leeg")

    login(page, KARIN, "onjuist-wachtwoord", expect_path=None)
    expect(page.get_by_role("alert")).to_contain_text("kennen we niet")
    axe.check("inloggen, onjuist wachtwoord", shot="a11y-inloggen-fout")

    axe.visit("/account/wachtwoord-vergeten/", "wachtwoord vergeten", shot="a11y-wachtwoord-vergeten")
    page.get_by_label("E-mailadres").fill("geen-e-mailadres")
    submit(page, "Link versturen")
    expect(page.locator(".field-error")).to_have_count(1)
    axe.check("wachtwoord vergeten, fout", shot="a11y-wachtwoord-vergeten-fout")

    axe.visit("/bestaat-niet/", "404 zonder login", status=404, shot="a11y-404")
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    axe.assert_clean()


def test_pages_of_an_ib_er(page, live_server, demo_data, axe):
    from passend.organisaties.models import School

    zonnebloem = School.objects.get(instellingscode="20ZB00")
    login(page, KARIN)

    axe.check("mijn taken", shot="a11y-mijn-taken")
    axe.visit("/leerlingen/", shot="a11y-leerlingen")
    axe.visit("/trajecten/", shot="a11y-trajecten")
    axe.visit("/netwerk/", shot="a11y-netwerk")
    page.get_by_label("Zoek op naam").fill("Kaleidoscoop")
    submit(page, "Zoeken")
    expect(page.get_by_role("table", name="Scholen").get_by_role("row")).to_have_count(2)
    axe.check("netwerk, gezocht", shot="a11y-netwerk-zoek")
    axe.visit(f"/netwerk/scholen/{zonnebloem.pk}/", "school", shot="a11y-school")
    axe.visit("/account/api-token/", "api-token", shot="a11y-api-token")
    submit(page, "Nieuw token maken")
    expect(page.get_by_text("Uw nieuwe token:")).to_be_visible()
    axe.check("api-token, nieuw token", shot="a11y-api-token-nieuw")
    # Rapportage is not in an IB'er's menu: 403 with the Dutch page.
    axe.visit("/rapportage/", "403 rapportage voor IB'er", status=403)
    axe.visit("/netwerk/scholen/999999/", "404 met login", status=404, shot="a11y-404-ingelogd")
    axe.assert_clean()


def test_403_for_a_teacher_opening_beheer(page, live_server, demo_data, axe):
    login(page, ESTHER)
    axe.visit("/beheer/", "403 beheer voor leerkracht", status=403, shot="a11y-403")
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    expect(page.get_by_role("link", name="Terug naar Mijn taken")).to_be_visible()
    axe.assert_clean()


def test_beheer_pages(page, live_server, demo_data, axe):
    from passend.accounts.models import User
    from passend.organisaties.models import Samenwerkingsverband

    regio = Samenwerkingsverband.objects.get(code=demo_data.VOORBEELDREGIO)
    karin = User.objects.get(email=KARIN)
    login(page, BRAM)

    axe.check("mijn taken (beheerder)")
    axe.visit("/rapportage/", shot="a11y-rapportage")
    axe.visit("/beheer/", shot="a11y-beheer")
    for kind in KINDS:
        axe.visit(f"/beheer/{kind}/", shot=f"a11y-beheer-{kind}")
        # One edit form per kind: the first row of the list.
        page.locator("tbody tr td:first-child a").first.click()
        expect(page).to_have_url(re.compile(rf"/beheer/{kind}/\d+/$"))
        axe.check(f"{kind}: bewerken", shot=f"a11y-beheer-{kind}-bewerken")
        axe.visit(f"/beheer/{kind}/nieuw/", shot=f"a11y-beheer-{kind}-nieuw")
        submit(page, "Opslaan")
        expect(page.locator(".field-error").first).to_be_visible()
        axe.check(f"{kind}: nieuw, met fouten", shot=f"a11y-beheer-{kind}-fouten")

    axe.visit(f"/beheer/samenwerkingsverband/{regio.pk}/", "samenwerkingsverband", shot="a11y-beheer-swv")
    page.get_by_label("Naam").fill("")
    submit(page, "Opslaan")
    expect(page.locator(".field-error")).to_have_count(1)
    axe.check("samenwerkingsverband, met fouten", shot="a11y-beheer-swv-fouten")

    axe.visit("/beheer/gebruikers/", shot="a11y-gebruikers")
    axe.visit("/beheer/gebruikers/nieuw/", shot="a11y-gebruiker-nieuw")
    submit(page, "Toevoegen")
    # One summary for both parts of the form, linking to each field with an error.
    summary = page.get_by_role("alert")
    expect(summary).to_have_count(1)
    for label, field_id in (("Naam", "id_naam"), ("E-mailadres", "id_email"), ("Rol", "id_rol")):
        link = summary.get_by_role("link", name=f"{label}: Dit veld is vereist.")
        expect(link).to_have_attribute("href", f"#{field_id}")
    axe.check("gebruiker nieuw, met fouten", shot="a11y-gebruiker-nieuw-fouten")
    axe.visit(f"/beheer/gebruikers/{karin.pk}/", "gebruiker karin", shot="a11y-gebruiker")
    submit(page, "Rol toevoegen")
    expect(page.locator(".field-error").first).to_be_visible()
    axe.check("gebruiker karin, rol toevoegen met fouten", shot="a11y-gebruiker-fouten")

    axe.visit("/beheer/auditlog/", shot="a11y-auditlog")
    axe.visit(
        "/beheer/auditlog/?van=2026-02-01&tot=2026-01-01",
        "auditlog, filter met fout",
        status=(200, 400),
        shot="a11y-auditlog-fout",
    )
    expect(page.locator("#id_tot_error")).to_have_text("De einddatum ligt vóór de begindatum.")
    axe.assert_clean()


def test_two_factor_pages(page, live_server, demo_data, axe, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from passend.accounts.models import User

    # The live server runs in this process, so it sees this setting.
    settings.PASSEND_REQUIRE_2FA = True

    # Karin has no authenticator yet: after the password she must set one up.
    login(page, KARIN, expect_path="/account/2fa/instellen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.get_by_role("img", name="QR-code voor uw authenticator-app")).to_be_visible()
    # Every other page would send her back here, so no menu yet; logging out is possible.
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)
    expect(page.get_by_role("link", name="API-token")).to_have_count(0)
    axe.check("2fa instellen", shot="a11y-2fa-instellen")
    page.get_by_label("Code uit uw authenticator-app").fill("000000")
    submit(page, "Bevestigen")
    expect(page.locator(".field-error")).to_have_count(1)
    axe.check("2fa instellen, onjuiste code", shot="a11y-2fa-instellen-fout")
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/inloggen/"))

    # Bram has one: he is asked for the code.
    TOTPDevice.objects.create(user=User.objects.get(email=BRAM), name="Authenticator-app", confirmed=True)
    login(page, BRAM, expect_path="/account/2fa/verifieren/")
    axe.check("2fa code invullen", shot="a11y-2fa-verifieren")
    page.get_by_label("Code uit uw authenticator-app").fill("12a")
    submit(page, "Inloggen")
    expect(page.locator(".field-error")).to_have_count(1)
    axe.check("2fa code invullen, fout", shot="a11y-2fa-verifieren-fout")
    axe.assert_clean()
