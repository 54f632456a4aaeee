"""Pupils in a real browser: the teacher, the IB'er, the parent and a teacher who may not look.

axe-core finds nothing on any pupil page (list, dossier, dossier with an error, the forms with
and without errors). Screenshots go to var/screenshots/leerlingen-*.png.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

ESTHER = "esther@voorbeeldregio.example"  # leerkracht of Ryan, De Zonnebloem
DESIREE = "desiree@voorbeeldregio.example"  # leerkracht at De Zonnebloem, not Ryan's
KARIN = "karin@voorbeeldregio.example"  # IB'er, De Zonnebloem
MIRJAM = "mirjam@ouders.example"  # Ryan's mother

LEERKRACHT_MAX = "Als leerkracht stelt u niveau 1 tot en met 2 vast"


def _ryan():
    from passend.leerlingen.models import Leerling

    return Leerling.objects.get(voornaam="Ryan", achternaam="Wit")


def _submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def _search(page, text):
    """Type in the search field; htmx swaps the results in without a reload."""
    page.evaluate("() => { window.__sameDocument = true; }")
    page.get_by_label("Zoek op naam").fill(text)
    expect(page.locator("#zoekresultaat")).to_contain_text("gevonden")
    assert page.evaluate("() => window.__sameDocument === true"), "the page reloaded instead of an htmx swap"
    expect(page).to_have_url(re.compile(rf"zoek={text}"))


def _niveau(page, niveau, reden):
    page.get_by_text("Nieuw niveau vaststellen").click()
    page.get_by_label(re.compile(r"^Niveau")).select_option(str(niveau))
    page.get_by_label("Waarom dit niveau?").fill(reden)
    _submit(page, "Niveau vaststellen")


def test_teacher_finds_her_pupil_and_sets_no_level_above_2(page, live_server, demo_data, axe):
    ryan = _ryan()
    niveaus_voor = ryan.ondersteuningsniveaus.count()
    login(page, ESTHER)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Leerlingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leerlingen")
    axe.check("leerlingen, leerkracht", shot="leerlingen-lijst")

    _search(page, "Ryan")
    expect(page.locator("#zoekresultaat")).to_have_text("1 resultaat gevonden.")
    rows = page.get_by_role("table", name=re.compile("Leerlingen")).locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Esther de Vries")
    axe.check("leerlingen, gezocht", shot="leerlingen-lijst-gezocht")

    rows.first.get_by_role("link", name="Wit, Ryan de").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ryan de Wit")
    expect(page.get_by_text("U ziet dit dossier als leerkracht van deze leerling.")).to_be_visible()
    niveau = page.locator("section", has=page.get_by_role("heading", name="Ondersteuningsniveau"))
    expect(niveau).to_contain_text("Niveau 3: Ondersteuning op schoolniveau")
    expect(niveau).to_contain_text("(Eind)verantwoordelijk: leerkracht en intern begeleider.")
    note = niveau.get_by_role("note")
    expect(note).to_contain_text("een gestart groeidocument, aangevuld door de ouders")
    expect(note).to_contain_text("toestemming van de ouders om externen te betrekken")
    expect(page.get_by_role("table", name="Verloop van het ondersteuningsniveau").locator("tbody tr")).to_have_count(3)
    # A teacher does not edit the pupil's data or parents.
    expect(page.get_by_role("link", name="Gegevens bewerken")).to_have_count(0)
    expect(page.get_by_role("link", name="Ouder of verzorger toevoegen")).to_have_count(0)
    axe.check("dossier, leerkracht", shot="leerlingen-dossier")

    _niveau(page, 3, "Volgens mij is meer nodig.")
    error = page.locator("#id_niveau_error")
    expect(error).to_contain_text(LEERKRACHT_MAX)
    expect(page.get_by_label(re.compile(r"^Niveau"))).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("Niet alles is goed ingevuld")
    axe.check("dossier, niveau met fout", shot="leerlingen-dossier-niveau-fout")
    assert ryan.ondersteuningsniveaus.count() == niveaus_voor
    axe.assert_clean()


def test_another_teacher_finds_nothing(page, live_server, demo_data, axe):
    ryan = _ryan()
    login(page, DESIREE)
    page.goto("/leerlingen/")
    _search(page, "Ryan")
    expect(page.locator("#zoekresultaat")).to_have_text("0 resultaten gevonden.")
    expect(page.get_by_text("Geen leerlingen gevonden.")).to_be_visible()
    axe.check("leerlingen, niets gevonden", shot="leerlingen-lijst-leeg")
    axe.visit(f"/leerlingen/{ryan.pk}/", "dossier van een ander", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    axe.assert_clean()


def test_ib_er_sets_level_4_and_manages_the_pupil(page, live_server, demo_data, axe):
    """Level 4 needs the parents' consent first (recorded by the school on Mirjam's behalf)."""
    from django.utils import timezone

    from passend.accounts.models import User
    from passend.leerlingen.services import toestemming_record
    from passend.organisaties.models import School

    ryan = _ryan()
    zonnebloem = School.objects.get(instellingscode="20ZB00")
    # The demo has the parents' consent (for the jeugdarts); they withdraw it first, so the
    # school meets the rule that level 4 needs it.
    toestemming_record(
        actor=User.objects.get(email=MIRJAM),
        leerling=ryan,
        onderwerp="extern",
        besluit="ingetrokken",
        datum=timezone.localdate(),
    )
    login(page, KARIN)
    page.goto("/leerlingen/")
    page.get_by_role("link", name="Wit, Ryan de").click()
    expect(page.get_by_text("U ziet dit dossier als intern begeleider of directeur")).to_be_visible()

    # Level 4 involves externals: first the parents' consent.
    _niveau(page, 4, "Onderzoek nodig; <b>OPP</b> in voorbereiding.")
    expect(page.locator("#id_niveau_error")).to_contain_text("toestemming van de ouders nodig")
    axe.check("dossier, niveau 4 zonder toestemming", shot="leerlingen-dossier-zonder-toestemming")
    page.get_by_text("Besluit vastleggen").click()
    page.locator("#id_onderwerp").select_option("extern")
    page.locator("#id_besluit").select_option("gegeven")
    page.locator("#id_ouder").select_option(label="Mirjam de Wit")
    _submit(page, "Vastleggen")
    expect(page.get_by_role("status").first).to_contain_text("Het besluit over de toestemming is vastgelegd.")

    _niveau(page, 4, "Onderzoek nodig; <b>OPP</b> in voorbereiding.")
    expect(page.get_by_role("status").first).to_contain_text("Niveau 4 is vastgesteld.")
    niveau = page.locator("section", has=page.get_by_role("heading", name="Ondersteuningsniveau"))
    expect(niveau).to_contain_text("Niveau 4: Steun waar nodig")
    expect(niveau.get_by_role("note")).to_contain_text("een ontwikkelingsperspectiefplan (OPP)")
    expect(niveau.get_by_role("note")).to_contain_text("toestemming van de ouders om externen te betrekken — aanwezig")
    history = page.get_by_role("table", name="Verloop van het ondersteuningsniveau").locator("tbody tr")
    expect(history).to_have_count(4)
    expect(history.first).to_contain_text("4 — Steun waar nodig")
    # The reason is shown as typed: the markup is text, not HTML.
    expect(history.first).to_contain_text("Onderzoek nodig; <b>OPP</b> in voorbereiding.")
    expect(history.first).to_contain_text("Karin Jansen")
    axe.check("dossier, IB'er na niveau 4", shot="leerlingen-dossier-ib")

    page.get_by_role("link", name="Gegevens bewerken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ryan de Wit bewerken")
    axe.check("leerling bewerken", shot="leerlingen-bewerken")
    page.get_by_label("Groep").fill("9")
    page.get_by_label("Postcode woonadres").fill("12345")
    _submit(page, "Opslaan")
    expect(page.locator("#id_groep_error")).to_have_text("Kies groep 1 tot en met 8.")
    axe.check("leerling bewerken, met fouten", shot="leerlingen-bewerken-fouten")

    page.goto(f"/leerlingen/{ryan.pk}/ouders/nieuw/")
    axe.check("ouder toevoegen", shot="leerlingen-ouder")
    page.get_by_label("Telefoon").fill("<script>")
    _submit(page, "Toevoegen")
    expect(page.locator("#id_naam_error")).to_have_text("Dit veld is vereist.")
    expect(page.locator("#id_telefoon_error")).to_contain_text("Gebruik geen < of >")
    axe.check("ouder toevoegen, met fouten", shot="leerlingen-ouder-fouten")

    page.goto("/leerlingen/")
    page.get_by_role("link", name="Nieuwe leerling").click()
    expect(page).to_have_url(re.compile(rf"/leerlingen/nieuw/{zonnebloem.pk}/$"))
    axe.check("nieuwe leerling", shot="leerlingen-nieuw")
    page.get_by_label("Geboortedatum").fill("2099-01-01")
    _submit(page, "Opslaan")
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name="Voornaam: Dit veld is vereist.")).to_have_attribute("href", "#id_voornaam")
    expect(page.locator("#id_geboortedatum_error")).to_have_text("Deze datum ligt in de toekomst.")
    axe.check("nieuwe leerling, met fouten", shot="leerlingen-nieuw-fouten")
    axe.assert_clean()


def test_parent_sees_her_child(page, live_server, demo_data, axe):
    ryan = _ryan()
    login(page, MIRJAM)
    kind = page.locator("section", has=page.get_by_role("heading", name="Mijn kind"))
    expect(kind.get_by_role("link")).to_have_count(1)
    expect(kind).to_contain_text("De Zonnebloem, groep 1")
    # Leerlingen is not in a parent's menu.
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Leerlingen")).to_have_count(0)
    axe.check("mijn taken, ouder", shot="leerlingen-ouder-home")

    kind.get_by_role("link", name="Ryan de Wit").click()
    expect(page).to_have_url(re.compile(rf"/leerlingen/{ryan.pk}/$"))
    expect(page.get_by_text("U ziet dit dossier als ouder of verzorger van deze leerling.")).to_be_visible()
    expect(page.get_by_text("Niveau 3: Ondersteuning op schoolniveau")).to_be_visible()
    expect(page.get_by_text("Nieuw niveau vaststellen")).to_have_count(0)
    expect(page.get_by_text("Mirjam de Wit (moeder, met gezag)")).to_be_visible()
    axe.check("dossier, ouder", shot="leerlingen-dossier-ouder")
    axe.assert_clean()
