"""Ryan's HGA traject in a real browser, from the school's request to the decision letter.

Karin draws up the request and sends it with the signed groeidocument to the partnership's
Loket; Simone finds the MDO in Mijn taken, plans it, adds everyone who takes part, and records
the unanimous decision with each person's position and the experts' own advice; the decision
letter renders as a PDF; the route diagram shows where Ryan is. Every page is checked with axe.
"""

import re
import subprocess

import pytest

from tests.e2e.conftest import SCREENSHOTS, AxeReport, login, logout, screenshot

pytestmark = pytest.mark.e2e


def _groeidocument_ondertekend():
    """Ryan's groeidocument signed by Karin and his mother (their browser flow is in test_groeidocument)."""
    from passend.accounts.models import User
    from passend.dossier.services import groeidocument_sign
    from passend.leerlingen.models import Leerling

    ryan = Leerling.objects.get(voornaam="Ryan")
    for email in ("karin@voorbeeldregio.example", "mirjam@ouders.example"):
        groeidocument_sign(actor=User.objects.get(email=email), leerling=ryan, soort="akkoord")


def _hier(page) -> str:
    """The name of the step the diagram marks as the current one."""
    return " ".join(page.locator("svg.route-diagram g.stap-huidig text.stap-naam").all_text_contents())


def _deelnemer(page, *, naam="", partij, gebruiker=None, deskundige=None, functie=""):
    form = page.locator("form", has=page.get_by_role("button", name="Toevoegen"))
    if not form.is_visible():
        page.get_by_text("Deelnemer toevoegen").click()
    if naam:
        form.get_by_label("Naam").fill(naam)
    form.get_by_label("Functie").fill(functie)
    form.get_by_label("Namens").select_option(label=partij)
    if gebruiker:
        form.get_by_label("Met een account in Passend").select_option(label=gebruiker)
    if deskundige:
        form.get_by_label("Deskundige uit de pool").select_option(label=deskundige)
    form.get_by_role("button", name="Toevoegen").click()
    page.get_by_text("De deelnemer is toegevoegd.").wait_for()


def test_karin_submits_simone_holds_the_mdo_and_the_letter_renders(page, demo_data, tmp_path):
    _groeidocument_ondertekend()
    axe = AxeReport(page)

    # --- Karin: the request, then sending it to the Loket ---------------------------------------
    login(page, "karin@voorbeeldregio.example")
    page.get_by_role("link", name="Trajecten", exact=True).click()
    page.get_by_role("link", name=re.compile("Ryan de Wit")).first.click()
    page.get_by_role("heading", name="Nu: Groeidocument compleet, ondertekend en naar het Loket").wait_for()
    assert "Groeidocument compleet" in _hier(page)
    page.get_by_text("Nog niet mogelijk: Stel eerst de aanvraag op").wait_for()
    axe.check("traject van Ryan (school)", shot="traject-school")

    page.get_by_label("Wat vraagt de school").fill("Ambulante begeleiding voor Ryan en coaching van juf Esther.")
    page.get_by_role("button", name="Aanvraag opstellen").click()
    page.get_by_text("De aanvraag is opgesteld.").wait_for()
    page.get_by_text("Ontbreekt: Geef de onderbouwing").wait_for()
    axe.check("aanvraag (concept, onvolledig)", shot="aanvraag-concept")
    page.get_by_label("Onderbouwing").fill(
        "Tips uit de kindbespreking en een rustige plek gaven te weinig vooruitgang."
    )
    page.get_by_role("button", name="Aanvraag opslaan").click()
    page.get_by_text("De aanvraag is opgeslagen.").wait_for()
    axe.check("aanvraag (concept, compleet)", shot="aanvraag-compleet")
    page.get_by_role("button", name="Versturen naar het Loket van het samenwerkingsverband").click()
    page.get_by_text("Stap gezet: Versturen naar het Loket van het samenwerkingsverband.").wait_for()
    page.get_by_role("heading", name="Nu: Multidisciplinair overleg (MDO) op school").wait_for()
    assert "Multidisciplinair overleg" in _hier(page)
    logout(page)

    # --- Simone: Mijn taken, the MDO and its decision -------------------------------------------
    login(page, "simone@voorbeeldregio.example")
    taak = page.get_by_role("link", name=re.compile("Overleg plannen: Multidisciplinair overleg"))
    taak.wait_for()
    assert page.get_by_role("row", name=re.compile("Ryan de Wit")).count() >= 1
    assert re.search(
        r"\d", page.get_by_role("navigation").get_by_role("link", name=re.compile("Mijn taken")).inner_text()
    )
    axe.check("Mijn taken van Simone", shot="mijn-taken-simone")
    taak.click()
    page.get_by_text("Multidisciplinair overleg (MDO) plannen").click()
    # The MDO is held today; its decision can be recorded once it has been held.
    from django.utils import timezone

    page.get_by_label("Datum en tijd").fill(timezone.localtime().replace(hour=8, minute=30).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Plaats").fill("De Zonnebloem")
    page.get_by_role("button", name="Overleg plannen").click()
    page.get_by_text("Het overleg is gepland").wait_for()
    page.get_by_role("heading", name="Multidisciplinair overleg (MDO)").wait_for()
    assert "Overzicht" in page.get_by_role("textbox", name="Agenda").input_value()  # prefilled along the groeidocument

    _deelnemer(page, partij="school", gebruiker="Esther de Vries", functie="leerkracht groep 1")
    _deelnemer(page, partij="school", gebruiker="Karin Jansen", functie="intern begeleider")
    _deelnemer(page, naam="Mirjam de Wit", partij="ouders", functie="moeder")
    _deelnemer(
        page, partij="samenwerkingsverband", gebruiker="Simone de Boer", deskundige="Simone de Boer (psycholoog)"
    )
    _deelnemer(
        page, partij="S(B)O-school", deskundige="Rianne Bos (gedragsspecialist)", functie="gedragsspecialist SBO"
    )
    _deelnemer(page, partij="jeugdhulp", deskundige="Youssef Amrani (maatschappelijk werker)", functie="CJG-medewerker")
    axe.check("MDO met deelnemers", shot="mdo-deelnemers")

    besluit = page.locator("form", has=page.get_by_role("button", name="Besluit vastleggen"))
    besluit.get_by_label("Besluit (uitkomst)").select_option(label="Arrangement toewijzen (OA, met jeugdhulp een OJA)")
    besluit.get_by_label("Motivering").fill(
        "Ondersteuning van het hele systeem: ambulante begeleiding op school, coaching van juf Esther en "
        "thuisbegeleiding door het CJG."
    )
    for naam in ("Esther de Vries", "Karin Jansen", "Mirjam de Wit", "Simone de Boer", "Rianne Bos", "Youssef Amrani"):
        besluit.get_by_label(f"Standpunt van {naam}").select_option(label="Akkoord")
    besluit.get_by_label("Schriftelijk advies van Simone de Boer").fill("Het hele systeem ondersteunen.")
    besluit.get_by_label("Schriftelijk advies van Youssef Amrani").fill("Thuisbegeleiding door het CJG.")
    # Rianne, the gedragsspecialist, gives no written advice: two separate advices suffice.
    besluit.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text("Het besluit is vastgelegd en het traject is verder gegaan.").wait_for()
    page.get_by_role("heading", name="Nu: Arrangement bieden, MDO elke twee maanden").wait_for()
    assert "Arrangement bieden" in _hier(page)
    axe.check("traject na het MDO", shot="traject-na-mdo")

    # --- The decision and its letter ------------------------------------------------------------
    page.get_by_role("link", name="Extra ondersteuning (arrangement)").click()
    kop = page.get_by_role("heading", name=re.compile(r"Besluit \d{4}-\d{4}: toegekend"))
    kop.wait_for()
    nummer = re.search(r"\d{4}-\d{4}", kop.inner_text()).group(0)
    axe.check("aanvraag met besluit", shot="aanvraag-besluit")
    brief = page.get_by_role("link", name="Besluitbrief (PDF)").get_attribute("href")
    response = page.request.get(brief)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "besluit.pdf"
    pdf.write_bytes(response.body())
    tekst = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert nummer in tekst and "Toegekend" in tekst and "bezwaar" in tekst and "Ryan de Wit" in tekst
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(SCREENSHOTS / "besluitbrief")], check=True)
    logout(page)

    # --- Ryan's mother reads the decision -------------------------------------------------------
    login(page, "mirjam@ouders.example")
    page.goto(brief.rsplit("/besluit.pdf", 1)[0] + "/")
    page.get_by_role("heading", name=re.compile(f"Besluit {nummer}")).wait_for()
    page.get_by_text("zes weken").wait_for()
    axe.check("besluit voor de ouder")
    screenshot(page, "besluit-ouder")
    axe.assert_clean()
