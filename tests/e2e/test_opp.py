"""The OPP in a real browser: the IB'er drafts it, setting it is refused until the parent
consents to the handelingsdeel, the parent consents, the IB'er sets it, an adjustment of the
handelingsdeel asks for consent again, and the PDF renders."""

import subprocess

import pytest

from tests.e2e.conftest import SCREENSHOTS, axe_violations, format_violations, login, logout, screenshot

pytestmark = pytest.mark.e2e


def _clean(page, name):
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    screenshot(page, name)


def _open_ryan_opp(page):
    page.get_by_role("link", name="Leerlingen", exact=True).click()
    page.get_by_role("link", name="Wit, Ryan de").click()
    page.get_by_role("link", name="Ontwikkelingsperspectiefplan (OPP)").click()
    page.wait_for_url("**/opp/")


def test_opp_is_set_only_after_the_parent_consents(page, demo_data):
    login(page, "karin@voorbeeldregio.example")
    _open_ryan_opp(page)
    page.get_by_text("Nog geen OPP").wait_for()
    _clean(page, "opp-leeg")
    page.get_by_role("link", name="OPP opstellen").click()

    # A first save with an end date before the start: the field says what is wrong.
    page.get_by_label("Startdatum").fill("2026-09-01")
    page.get_by_label("Einddatum").fill("2026-08-01")
    page.get_by_role("button", name="Opslaan als concept").click()
    page.get_by_role("alert").get_by_text("De einddatum ligt vóór de startdatum.").wait_for()
    _clean(page, "opp-formulier-fout")

    page.get_by_label("Einddatum").fill("2027-07-15")
    page.get_by_label("Verwacht uitstroomprofiel").select_option("vmbo_bb")
    page.get_by_label("Onderbouwing van het uitstroomprofiel").fill("Ryan leert goed met structuur en beeld.")
    page.get_by_label("Belemmerende factoren").fill("Overprikkeling in drukke situaties.")
    page.get_by_label("Bevorderende factoren").fill("Grote interesse in dinosaurussen; betrokken ouders.")
    page.get_by_label("Ondersteuning").fill("Taalstimulering in een klein groepje, drie keer per week.")
    page.get_by_label("Overleg met de ouders over het uitstroomprofiel op").fill("2026-11-20")
    doel = page.get_by_role("group", name="Doel 1")
    doel.get_by_label("Domein").select_option("leren")
    doel.get_by_label("Soort").select_option("einddoel")
    doel.get_by_label("Doel", exact=True).fill("Ryan vertelt in de kring in een korte zin wat hij heeft gedaan.")
    page.get_by_role("button", name="Opslaan als concept").click()
    page.get_by_text("Het OPP is opgeslagen (versie 1, concept).").wait_for()
    page.get_by_text("De ouders hebben nog niet ingestemd met het handelingsdeel.").wait_for()
    assert page.get_by_role("button", name="OPP vaststellen").count() == 0
    _clean(page, "opp-concept")
    logout(page)

    login(page, "mirjam@ouders.example")
    page.get_by_role("link", name="Ryan de Wit").click()
    page.get_by_role("link", name="Ontwikkelingsperspectiefplan (OPP)").click()
    page.get_by_text("Besluit over het handelingsdeel vastleggen").click()
    page.get_by_label("Gegeven").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text("Het besluit over het handelingsdeel is vastgelegd.").wait_for()
    page.get_by_text("De ouders stemmen in met het handelingsdeel").first.wait_for()
    _clean(page, "opp-ouder")
    logout(page)

    login(page, "karin@voorbeeldregio.example")
    _open_ryan_opp(page)
    page.get_by_role("button", name="OPP vaststellen").click()
    page.get_by_text("Versie 1 van het OPP is vastgesteld.").wait_for()
    page.get_by_text("De volgende evaluatie met de ouders is uiterlijk op").wait_for()
    _clean(page, "opp-vastgesteld")

    with page.expect_download() as download_info:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = ''; a.click(); }",
            page.get_by_role("link", name="PDF van versie 1").get_attribute("href"),
        )
    pdf = SCREENSHOTS / "opp-ryan-v1.pdf"
    download_info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "Ontwikkelingsperspectiefplan" in text and "Taalstimulering in een klein groepje" in text
    assert "Mirjam de Wit" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(SCREENSHOTS / "opp-ryan-v1")], check=True)

    # Adjusting the handelingsdeel starts version 2, which needs the parents' consent again.
    page.get_by_role("link", name="OPP bijstellen").click()
    page.get_by_label("Ondersteuning").fill("Taalstimulering in een klein groepje, vier keer per week.")
    page.get_by_role("button", name="Opslaan als concept").click()
    page.get_by_text("De ouders moeten opnieuw instemmen").wait_for()
    page.get_by_text("De ouders stemden in met een eerdere tekst").first.wait_for()
    assert page.get_by_role("button", name="OPP vaststellen").count() == 0
    _clean(page, "opp-bijgesteld")


def test_mijn_taken_shows_the_opp_evaluation_that_is_due(page, demo_data):
    # Lotte's OPP (so De Kaleidoscoop) was evaluated almost a year ago: the next one is due soon.
    login(page, "geert@voorbeeldregio.example")
    table = page.get_by_role("table", name="Wat op u wacht: te laat eerst, dan op datum")
    row = table.get_by_role("row").filter(has_text="Lotte van Maas")
    row.get_by_role("link", name="OPP evalueren met de ouders").wait_for()
    _clean(page, "mijn-taken-termijnen")
    row.get_by_role("link", name="OPP evalueren met de ouders").click()
    page.get_by_text("De volgende evaluatie met de ouders is uiterlijk op").wait_for()
    page.locator("summary", has_text="Evaluatie vastleggen").click()
    page.get_by_label("Wie waren erbij").fill("Moeder, mentor, intern begeleider")
    page.get_by_label("Bevindingen").fill("Lotte leest nu AVI E4; de doelen blijven staan.")
    page.get_by_label("Conclusie").select_option("voortzetten")
    page.get_by_role("button", name="Evaluatie vastleggen").click()
    page.get_by_text("De evaluatie is vastgelegd.").wait_for()
    _clean(page, "opp-geevalueerd")
    page.get_by_role("link", name="Mijn taken").click()
    assert page.get_by_text("OPP evalueren met de ouders").count() == 0
