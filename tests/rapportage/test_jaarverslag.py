"""The annual report: the generated summary says the right direction of each change, the PDF is
made with its charts and the titles of every figure, the workbook holds exactly the numbers of the
key figures for the same filter (both years), and a director's report is about their own school
with small numbers as "<5"."""

import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from passend.core.models import AuditEvent
from passend.rapportage import jaarverslag
from passend.rapportage.filters import Filter, schooljaar_van
from passend.rapportage.kengetallen import Cel, Figuur, Rij
from passend.rapportage.selectors import kengetallen_lezen
from tests.rapportage.jaarverslag_scenario import JAAR, blok, gelezen, scenario, verwacht

pytestmark = pytest.mark.django_db


# --- The summary, on hand-built figures -------------------------------------------------------


def _fig(code, kolommen, *rijen):
    return Figuur(code, code, kolommen, [Rij(label, cellen) for label, cellen in rijen])


def _jaar(tlvs, sbo_pct, thuis, binnen_norm, *, thuis_onderdrukt=False):
    return [
        _fig("tlv_soort", ["Aantal"], ("SO", [Cel(tlvs, n=tlvs)]), ("Totaal", [Cel(tlvs, n=tlvs)])),
        _fig(
            "deelname",
            ["bo + sbo", "sbo", "Deelname sbo", "so", "Deelname so"],
            (
                "1 oktober 2025",
                [Cel(1000), Cel(21), Cel(Decimal(sbo_pct), "%"), Cel(30, n=30), Cel(Decimal("3.0"), "%", n=30)],
            ),
        ),
        _fig(
            "thuiszitters",
            ["Thuiszitters", "Per 1.000", "Mediaan", "25%", "75%", "Lang"],
            ("31 juli 2026", [Cel(thuis, n=thuis, onderdrukt=thuis_onderdrukt), *(Cel(None) for _ in range(5))]),
        ),
        _fig(
            "doorlooptijden",
            ["Aantal", "Mediaan", "25%", "75%", "Norm", "Binnen de norm"],
            (
                "Aanvraag tot besluit",
                [Cel(20, n=20), *(Cel(None) for _ in range(3)), Cel(6, "weken"), Cel(Decimal(binnen_norm), "%", n=20)],
            ),
        ),
    ]


def test_the_summary_says_the_direction_and_size_of_each_change():
    zinnen = jaarverslag.samenvatting(_jaar(15, "2.4", 9, "80.0"), _jaar(12, "2.1", 11, "70.0"), JAAR)
    assert "Het aantal afgegeven TLV's steeg van 12 naar 15 (+25%)." in zinnen
    assert "De deelname aan het sbo op 1 oktober steeg van 2,1% naar 2,4% (+0,3 procentpunt)." in zinnen
    assert "Het aantal thuiszitters op de peildatum daalde van 11 naar 9 (−18%)." in zinnen
    assert "Aanvraag tot besluit binnen de norm van 6 weken: 80,0%, meer dan in 2024-2025 (70,0%)." in zinnen

    terug = jaarverslag.samenvatting(_jaar(12, "2.1", 11, "70.0"), _jaar(15, "2.4", 9, "80.0"), JAAR)
    assert "Het aantal afgegeven TLV's daalde van 15 naar 12 (−20%)." in terug
    assert "De deelname aan het sbo op 1 oktober daalde van 2,4% naar 2,1% (−0,3 procentpunt)." in terug
    assert "Het aantal thuiszitters op de peildatum steeg van 9 naar 11 (+22%)." in terug
    assert "Aanvraag tot besluit binnen de norm van 6 weken: 70,0%, minder dan in 2024-2025 (80,0%)." in terug

    gelijk = jaarverslag.samenvatting(_jaar(12, "2.1", 0, "70.0"), _jaar(12, "2.1", 0, "70.0"), JAAR)
    assert "Het aantal afgegeven TLV's bleef gelijk (12)." in gelijk
    assert not any("thuiszitters" in z for z in gelijk)  # nothing in either year is no news


def test_the_summary_never_names_a_suppressed_number():
    zinnen = jaarverslag.samenvatting(
        _jaar(15, "2.4", 3, "80.0", thuis_onderdrukt=True), _jaar(12, "2.1", 11, "70.0"), JAAR
    )
    [thuis] = [z for z in zinnen if "thuiszitters op de peildatum" in z]
    assert "te klein om te noemen" in thuis
    assert not re.search(r"\b(3|11)\b", thuis)


def test_a_running_school_year_is_compared_with_the_same_part_of_the_year_before(cast):
    vandaag = date(2026, 12, 6)
    dit, vorig = jaarverslag.filters(cast.beheerder, cast.swv, 2026, vandaag=vandaag)
    assert (dit.van, dit.tot, dit.peildatum) == (date(2026, 8, 1), vandaag, vandaag)
    assert (vorig.van, vorig.tot, vorig.peildatum) == (date(2025, 8, 1), date(2025, 12, 6), date(2025, 12, 6))
    klaar, ervoor = jaarverslag.filters(cast.beheerder, cast.swv, 2025, vandaag=vandaag)
    assert klaar == Filter.schooljaar(cast.swv.pk, 2025, vandaag)  # a finished year: the dashboard's filter
    assert ervoor == Filter.schooljaar(cast.swv.pk, 2024, vandaag)


# --- On a partnership's records ------------------------------------------------------------------


@pytest.fixture
def data(cast):
    scenario(cast)
    return cast


def test_the_summary_of_the_partnership_on_its_records(data):
    verslag = jaarverslag.jaarverslag_gegevens(data.beheerder, data.swv, JAAR)
    assert "Het aantal afgegeven TLV's steeg van 4 naar 6 (+50%)." in verslag.samenvatting
    assert "Het aantal thuiszitters op de peildatum steeg van 5 naar 8 (+60%)." in verslag.samenvatting
    assert "De deelname aan het sbo op 1 oktober steeg van 2,6% naar 4,8% (+2,2 procentpunt)." in verslag.samenvatting
    # Both years were read through the selector, audited with the report's purpose.
    assert (
        AuditEvent.objects.filter(action="view", object_type="rapportage.kengetallen", purpose="jaarverslag").count()
        == 2
    )


def _pdf_tekst(pdf: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is niet geïnstalleerd")
    pad = tmp_path / "jaarverslag.pdf"
    pad.write_bytes(pdf)
    uit = subprocess.run(["pdftotext", str(pad), "-"], capture_output=True, check=True, text=True).stdout
    return re.sub(r"\s+", " ", uit)


def test_the_pdf_has_a_title_page_the_summary_and_every_figure_with_its_chart(data, tmp_path):
    stappen = []
    pdf = jaarverslag.jaarverslag_maken(
        actor=data.beheerder, samenwerkingsverband=data.swv, schooljaar=JAAR, voortgang=lambda f, t: stappen.append(f)
    )
    assert pdf.startswith(b"%PDF")
    assert stappen == sorted(stappen) and stappen[-1] == 1.0
    tekst = _pdf_tekst(pdf, tmp_path)
    assert "Jaarverslag kengetallen schooljaar 2025-2026" in tekst
    assert "Het aantal afgegeven TLV's steeg van 4 naar 6 (+50%)." in tekst
    assert re.search(r"pagina 1 van \d+", tekst)
    verslag = jaarverslag.jaarverslag_gegevens(data.beheerder, data.swv, JAAR)
    for onderdeel in verslag.onderdelen:
        assert onderdeel.figuur.titel in tekst
    # The charts: the dashboard's SVG, one per figure that has something to draw, embedded.
    html = jaarverslag.jaarverslag_html(verslag)
    getekend = [o for o in verslag.onderdelen if o.grafiek]
    assert len(getekend) >= 4
    assert html.count('class="kengetalgrafiek"') == len(getekend)
    tlv = next(o for o in verslag.onderdelen if o.figuur.code == "tlv_soort")
    assert "2025-2026" in tlv.grafiek and "2024-2025" in tlv.grafiek  # both years side by side


def _vergelijk_werkboek(boek, actor, f: Filter, vorig_f: Filter, *, vandaag):
    dit = kengetallen_lezen(actor=actor, filter=f, vandaag=vandaag)
    vorig = kengetallen_lezen(actor=actor, filter=vorig_f, vandaag=vandaag)
    assert boek.sheetnames[0] == "Samenvatting"
    assert len(boek.sheetnames) == 1 + len(dit.figuren)
    for naam, figuur, oud in zip(boek.sheetnames[1:], dit.figuren, vorig.figuren, strict=True):
        blad = boek[naam]
        assert blad["A1"].value == figuur.titel
        koppen, rijen = blok(blad, "Schooljaar 2025-2026")
        assert koppen == figuur.kolommen
        assert gelezen(rijen) == verwacht(figuur), figuur.code
        if figuur.code not in jaarverslag.NIET_VERGELIJKBAAR:
            koppen, rijen = blok(blad, "Schooljaar 2024-2025")
            assert koppen == oud.kolommen
            assert gelezen(rijen) == verwacht(oud), oud.code
    return dit


def test_the_workbook_holds_the_numbers_of_the_key_figures_for_the_same_filter(data):
    vandaag = timezone.localdate()
    inhoud = jaarverslag.jaarverslag_xlsx(actor=data.beheerder, samenwerkingsverband=data.swv, schooljaar=JAAR)
    boek = load_workbook(io.BytesIO(inhoud))
    f = Filter.schooljaar(data.swv.pk, JAAR, vandaag)
    _vergelijk_werkboek(boek, data.beheerder, f, f.jaren_eerder(1), vandaag=vandaag)
    samenvatting = [r[0] for r in boek["Samenvatting"].iter_rows(values_only=True)]
    assert "Het aantal afgegeven TLV's steeg van 4 naar 6 (+50%)." in samenvatting
    # Numbers are numbers with a Dutch-readable format: a percentage keeps its value and shows its unit.
    deelname = boek[boek.sheetnames[1]]
    cel = next(c for r in deelname.iter_rows() for c in r if c.value == pytest.approx(4.8))
    assert cel.data_type == "n" and cel.number_format == '#,##0.0" %"'


def test_a_directors_report_is_about_their_own_school_with_small_numbers_suppressed(data, tmp_path):
    directeur = data.directeur_a
    verslag = jaarverslag.jaarverslag_gegevens(directeur, data.swv, JAAR)
    assert verslag.onderwerp == data.school_a
    assert verslag.dit.filter.school_id == verslag.vorig.filter.school_id == data.school_a.pk
    assert verslag.onderdrukt
    [thuis] = [z for z in verslag.samenvatting if "thuiszitters op de peildatum" in z]
    assert "te klein" in thuis and "2" not in thuis

    vandaag = timezone.localdate()
    inhoud = jaarverslag.jaarverslag_xlsx(actor=directeur, samenwerkingsverband=data.swv, schooljaar=JAAR)
    boek = load_workbook(io.BytesIO(inhoud))
    f = Filter.schooljaar(data.swv.pk, JAAR, vandaag, school_id=data.school_a.pk)
    dit = _vergelijk_werkboek(boek, directeur, f, f.jaren_eerder(1), vandaag=vandaag)
    thuiszitters = boek[boek.sheetnames[1 + [x.code for x in dit.figuren].index("thuiszitters")]]
    _koppen, rijen = blok(thuiszitters, "Schooljaar 2025-2026")
    assert rijen[0][1] == "<5"  # two pupils of school A at home

    tekst = _pdf_tekst(
        jaarverslag.jaarverslag_maken(actor=directeur, samenwerkingsverband=data.swv, schooljaar=JAAR), tmp_path
    )
    assert "School A" in tekst and "<5" in tekst
    assert "School B" not in tekst and "SBO De Brug" not in tekst


def test_the_partnerships_report_names_every_school_and_shows_small_numbers(data, tmp_path):
    pdf = jaarverslag.jaarverslag_maken(actor=data.beheerder, samenwerkingsverband=data.swv, schooljaar=JAAR)
    tekst = _pdf_tekst(pdf, tmp_path)
    assert "School B" in tekst and "<5" not in tekst


def test_someone_without_a_reporting_role_gets_no_report(data):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        jaarverslag.jaarverslag_gegevens(data.ib_a, data.swv, JAAR)
    with pytest.raises(PermissionDenied):
        jaarverslag.jaarverslag_gegevens(data.directeur_a, data.swv, JAAR, school_id=data.school_b.pk)


def test_the_school_years_to_choose_from_end_with_the_current_one():
    assert jaarverslag.schooljaren(date(2026, 12, 6))[:2] == [schooljaar_van(date(2026, 12, 6)), 2025]
