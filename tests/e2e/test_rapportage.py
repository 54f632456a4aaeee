"""The key figures in a real browser, on the demo's history. Lineke (management) opens Rapportage
and lands on this school year's dashboard (the as-of date of each figure, the tables and the SVG
charts), switches the filter to last school year, clicks a number in a figure and gets the list
of the pupils behind it (as many as the number said), goes back (by the page's link, then by the
browser's back button), asks for last year's annual report as a PDF (made at once in tests) and
downloads it, then asks for the same report as an Excel workbook on the annual-report page and
downloads that, and finds both under "Mijn exports". Henk, the board's regievoerder, sees his
board's figures with small numbers as "<5" and no list behind them. Vincent, director of De
Zonnebloem, sees his school's figures and gets "Niet gevonden" for De Catamaran's. Ruud, beheerder
of Rivierenland, sees his partnership's dashboard without a school of De Voorbeeldregio on it, this
year or last. axe on every page; screenshots in var/screenshots/."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import AxeReport, login, logout

pytestmark = pytest.mark.e2e

KLAAR = "Klaar: u kunt het bestand nu downloaden."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _schooljaar() -> int:
    """The school year running today, by the calendar year it starts in (August–July)."""
    from django.utils import timezone

    from passend.rapportage.filters import schooljaar_van

    return schooljaar_van(timezone.localdate())


def _tekst(jaar: int) -> str:
    return f"{jaar}-{jaar + 1}"


def _figuur(page, titel: str):
    """A key figure's panel (a section named by its heading)."""
    return page.get_by_role("region", name=titel, exact=True)


def _tabel(page, titel: str):
    return page.get_by_role("table", name=f"{titel}: de tabel", exact=True)


def _naar_rapportage(page):
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportage").click()
    page.wait_for_url("**/rapportage/")


def test_management_dashboard_list_behind_a_number_and_annual_report(demo_data, page):
    from openpyxl import load_workbook

    jaar = _schooljaar()
    vorig = jaar - 1
    axe = AxeReport(page)

    # --- Lineke opens Rapportage: this school year, as of today --------------------------------
    login(page, "lineke@voorbeeldregio.example")
    _naar_rapportage(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kengetallen Samenwerkingsverband De Voorbeeldregio")
    filters = page.get_by_role("form", name="Kengetallen filteren")
    expect(filters.get_by_label("Schooljaar")).to_have_value(str(jaar))
    main = page.locator("main")
    expect(main).to_contain_text(f"Periode 1 augustus {jaar} tot en met 31 juli {jaar + 1}; peildatum")
    expect(main).to_contain_text("Gegevens van ")
    # The partnership's staff see every number: no "<5" note.
    expect(page.get_by_role("note")).to_have_count(0)
    inhoud = page.get_by_role("navigation", name="Naar een kengetal")
    expect(inhoud.get_by_role("link", name="Deelname aan sbo en so")).to_be_visible()
    expect(inhoud.get_by_role("link", name="Hoe ouders de arrangementen waarderen")).to_be_visible()
    expect(_figuur(page, "Deelname aan sbo en so")).to_contain_text(f"Stand: teldata van schooljaar {_tekst(jaar)}.")
    expect(_tabel(page, "Deelname aan sbo en so").get_by_role("rowheader", name=f"1 oktober {jaar}")).to_be_visible()
    expect(_figuur(page, "Lopende trajecten per route en stap")).to_contain_text("Stand: vandaag, ")
    # The demo's walkthrough made arrangements today: this figure is never empty.
    arrangementen = _figuur(page, "Arrangementen per school")
    expect(arrangementen.get_by_role("img", name="Arrangementen per school", exact=True)).to_be_visible()
    expect(_tabel(page, "Arrangementen per school").get_by_role("rowheader", name="De Zonnebloem")).to_be_visible()
    axe.check("dashboard dit schooljaar", shot="rapportage-01-dashboard")

    # --- Last school year: the demo's history ---------------------------------------------------
    filters.get_by_label("Schooljaar").select_option(label=_tekst(vorig))
    filters.get_by_role("button", name="Tonen").click()
    page.wait_for_url(re.compile(rf"/rapportage/\?.*schooljaar={vorig}"))
    filters = page.get_by_role("form", name="Kengetallen filteren")
    expect(filters.get_by_label("Schooljaar")).to_have_value(str(vorig))
    expect(main).to_contain_text(f"Periode 1 augustus {vorig} tot en met 31 juli {jaar}; peildatum 31 juli {jaar}.")
    tlv_soort = "Afgegeven TLV's per soort en categorie"
    expect(_figuur(page, tlv_soort)).to_contain_text(f"Stand: 01-08-{vorig} tot en met 31-07-{jaar}.")
    expect(_figuur(page, "Deelname aan sbo en so")).to_contain_text(f"Stand: teldata van schooljaar {_tekst(vorig)}.")
    # A finished year of history: charts (server-side SVG) by the tables.
    deelname = _figuur(page, "Deelname aan sbo en so")
    expect(deelname.get_by_role("img", name="Deelname aan sbo en so", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="Afgegeven TLV's per school", exact=True)).to_be_visible()
    assert page.locator("main svg[role=img]").count() >= 10, "een grafiek bij de meeste kengetallen"
    axe.check("dashboard vorig schooljaar", shot="rapportage-02-vorig-jaar")

    # --- A number opens the list of pupils it counts --------------------------------------------
    totaal = _tabel(page, tlv_soort).get_by_role("row", name=re.compile(r"^Totaal\b")).get_by_role("link")
    aantal = int(totaal.inner_text())
    assert aantal > 0, "de demo gaf vorig schooljaar TLV's af"
    totaal.click()
    page.wait_for_url("**/rapportage/lijst/?**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Afgegeven toelaatbaarheidsverklaringen")
    expect(main).to_contain_text(f"Periode 1 augustus {vorig} tot en met 31 juli {jaar}")
    expect(main).to_contain_text(f"Geteld: {aantal}.")
    lijst = page.get_by_role("table", name=f"Afgegeven toelaatbaarheidsverklaringen ({aantal} zichtbaar)")
    expect(lijst.locator("tbody tr")).to_have_count(aantal)
    expect(lijst.locator("tbody th").get_by_role("link")).to_have_count(aantal)  # each pupil's dossier
    axe.check("lijst achter een getal", shot="rapportage-03-lijst")
    page.get_by_role("link", name="← Terug naar de kengetallen").click()
    page.wait_for_url(re.compile(rf"/rapportage/\?.*schooljaar={vorig}"))
    expect(page.get_by_role("form", name="Kengetallen filteren").get_by_label("Schooljaar")).to_have_value(str(vorig))

    # One school's number: a narrower list; the browser's back button returns to the same figures.
    per_school = "Afgegeven TLV's per school"
    zonnebloem = _tabel(page, per_school).get_by_role("row", name=re.compile(r"^De Zonnebloem\b"))
    cel = zonnebloem.get_by_role("cell").last.get_by_role("link")  # the column "Totaal"
    aantal_school = int(cel.inner_text())
    assert 0 < aantal_school < aantal
    cel.click()
    expect(main).to_contain_text(f"Geteld: {aantal_school}.")
    lijst = page.get_by_role("table", name=f"Afgegeven toelaatbaarheidsverklaringen ({aantal_school} zichtbaar)")
    expect(lijst.locator("tbody tr")).to_have_count(aantal_school)
    axe.check("lijst van één school", shot="rapportage-04-lijst-school")
    page.go_back()
    expect(_figuur(page, per_school)).to_contain_text(f"Stand: 01-08-{vorig} tot en met 31-07-{jaar}.")

    # --- The annual report of last school year as a PDF, from the dashboard ---------------------
    jaarverslag = page.get_by_role("form", name="Jaarverslag maken")
    expect(jaarverslag.get_by_label("Schooljaar")).to_have_value(str(vorig))
    jaarverslag.get_by_label("PDF", exact=True).check()
    jaarverslag.get_by_role("button", name="Jaarverslag maken").click()
    page.wait_for_url(re.compile(r"/rapportage/exports/\d+/$"))
    titel = f"Jaarverslag kengetallen {_tekst(vorig)}"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{titel} PDF")
    # Made at once here, so no "aanvraag ontvangen" next to "Klaar".
    expect(page.get_by_text("Uw aanvraag is ontvangen")).to_have_count(0)
    expect(main).to_contain_text(f"Over Samenwerkingsverband De Voorbeeldregio, schooljaar {_tekst(vorig)}")
    # In tests the task runs at once: the page shows it ready.
    expect(page.get_by_role("status").filter(has_text="Klaar")).to_have_text(KLAAR)
    expect(page.get_by_role("progressbar", name="Voortgang")).to_have_attribute("value", "100")
    axe.check("export klaar (pdf)", shot="rapportage-05-export-pdf")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(rf"^{titel} downloaden \(PDF, ")).click()
    download = download_info.value
    assert re.fullmatch(rf"jaarverslag-kengetallen-{_tekst(vorig)}-\d+\.pdf", download.suggested_filename)
    pdf = download.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        tekst = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert f"schooljaar {_tekst(vorig)}" in tekst
        assert "Samenwerkingsverband De Voorbeeldregio" in tekst

    # --- The same year as an Excel workbook, from the annual-report page ------------------------
    page.get_by_role("link", name="← Mijn exports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn exports")
    page.get_by_role("link", name="Een jaarverslag maken").click()
    page.wait_for_url("**/rapportage/jaarverslag/")
    kop = page.get_by_role("heading", level=1)
    expect(kop).to_have_text("Jaarverslag maken Samenwerkingsverband De Voorbeeldregio")
    expect(page.get_by_label("Schooljaar")).to_have_value(str(vorig))  # a finished year by default
    axe.check("jaarverslag aanvragen", shot="rapportage-06-jaarverslag-aanvragen")
    page.get_by_label("Excel-werkboek (om verder te rekenen)").check()
    page.get_by_role("button", name="Jaarverslag maken").click()
    page.wait_for_url(re.compile(r"/rapportage/exports/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{titel} Excel-werkboek")
    expect(page.get_by_role("status").filter(has_text="Klaar")).to_have_text(KLAAR)
    axe.check("export klaar (xlsx)", shot="rapportage-07-export-xlsx")
    link = page.get_by_role("link", name=re.compile(rf"^{titel} downloaden \(Excel-werkboek, "))
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert re.fullmatch(rf"jaarverslag-kengetallen-{_tekst(vorig)}-\d+\.xlsx", download.suggested_filename)
    with open(download.path(), "rb") as bestand:
        werkboek = load_workbook(bestand)
    assert werkboek.sheetnames[0] == "Samenvatting"
    assert len(werkboek.sheetnames) > 1, "een blad per kengetal"
    antwoord = page.request.get(link.get_attribute("href"))
    assert antwoord.status == 200
    assert antwoord.headers["content-type"] == XLSX
    assert antwoord.headers["cache-control"] == "private, no-store"

    # --- Both under "Mijn exports" --------------------------------------------------------------
    page.get_by_role("link", name="← Mijn exports").click()
    exports = page.get_by_role("table", name="Mijn exports (2)")
    expect(exports.locator("tbody tr")).to_have_count(2)
    expect(exports.get_by_role("link", name=re.compile(r"^Downloaden"))).to_have_count(2)
    expect(exports.get_by_role("rowheader", name=titel)).to_have_count(2)
    axe.check("mijn exports", shot="rapportage-08-mijn-exports")
    logout(page)

    axe.assert_clean()


def test_board_director_and_other_partnership_see_only_their_part(demo_data, page):
    from passend.core.demo import VOORBEELDREGIO
    from passend.organisaties.models import School

    jaar = _schooljaar()
    axe = AxeReport(page)
    main = page.locator("main")

    # --- Henk, regievoerder of Stichting Zonnig Onderwijs: small numbers as "<5" ----------------
    login(page, "henk@voorbeeldregio.example")
    _naar_rapportage(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kengetallen Stichting Zonnig Onderwijs")
    expect(page.get_by_role("note")).to_contain_text("Aantallen van 1 tot 4 leerlingen staan er als “<5”")
    school = page.get_by_role("form", name="Kengetallen filteren").get_by_label("School", exact=True)
    expect(school.locator("option")).to_have_text(["Alle", "De Catamaran", "De Zonnebloem"])
    klein = main.get_by_role("cell", name="<5", exact=True)
    assert klein.count() > 0, "de demo heeft kleine aantallen bij dit bestuur"
    # No "<5" opens a list (whose length would give the number away) ...
    expect(klein.get_by_role("link")).to_have_count(0)
    # ... while the numbers of 5 or more still do.
    getallen = [int(t.replace(".", "")) for t in main.get_by_role("cell").get_by_role("link").all_inner_texts()]
    assert getallen and min(getallen) >= 5, getallen
    axe.check("dashboard bestuur", shot="rapportage-09-bestuur")
    logout(page)

    # --- Vincent, director of De Zonnebloem: his school, not De Catamaran -----------------------
    catamaran = School.objects.get(naam="De Catamaran")
    login(page, "vincent@voorbeeldregio.example")
    _naar_rapportage(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kengetallen De Zonnebloem")
    school = page.get_by_role("form", name="Kengetallen filteren").get_by_label("School", exact=True)
    expect(school.locator("option")).to_have_text(["Alle", "De Zonnebloem"])
    expect(_figuur(page, "Arrangementen per school")).to_contain_text("De Zonnebloem")
    assert "Catamaran" not in main.inner_text()
    axe.check("dashboard directeur", shot="rapportage-10-directeur")
    axe.visit(
        f"/rapportage/?school={catamaran.pk}",
        "kengetallen van een andere school",
        status=404,
        shot="rapportage-11-andere-school",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    assert "Catamaran" not in main.inner_text()
    logout(page)

    # --- Ruud, beheerder of Rivierenland: nothing of De Voorbeeldregio's schools ----------------
    voorbeeldregio = list(
        School.objects.filter(samenwerkingsverband__code=VOORBEELDREGIO).values_list("naam", flat=True)
    )
    assert "De Zonnebloem" in voorbeeldregio
    login(page, "ruud@rivierenland.example")
    _naar_rapportage(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kengetallen Samenwerkingsverband Rivierenland")
    school = page.get_by_role("form", name="Kengetallen filteren").get_by_label("School", exact=True)
    expect(school.locator("option")).to_have_text(["Alle", "De Dijkwerker", "De Uiterwaard"])
    expect(_figuur(page, "Deelname aan sbo en so")).to_contain_text(f"Stand: teldata van schooljaar {_tekst(jaar)}.")
    tekst = main.inner_text()
    assert [naam for naam in voorbeeldregio if naam in tekst] == []
    axe.check("dashboard ander samenwerkingsverband", shot="rapportage-12-rivierenland")
    filters = page.get_by_role("form", name="Kengetallen filteren")
    filters.get_by_label("Schooljaar").select_option(label=_tekst(jaar - 1))
    filters.get_by_role("button", name="Tonen").click()
    page.wait_for_url(re.compile(rf"/rapportage/\?.*schooljaar={jaar - 1}"))
    expect(main).to_contain_text(f"Periode 1 augustus {jaar - 1} tot en met 31 juli {jaar}")
    tekst = main.inner_text()
    assert [naam for naam in voorbeeldregio if naam in tekst] == []
    axe.check("dashboard ander samenwerkingsverband, vorig jaar", shot="rapportage-13-rivierenland-vorig-jaar")
    logout(page)

    axe.assert_clean()
