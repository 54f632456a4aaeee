"""A TLV in a real browser: Daan's school applied for the sbo; Simone, trajectbegeleider, records
the two experts' advices (a specialist without the right discipline is refused at the field),
decides, issues the TLV for De Wegwijzer, and the decision letter states it. Then the
partnership's list of TLV's, and Sem's objection (demo data) forwarded to the LBT from Mijn
taken. axe on every page; screenshots in var/screenshots/."""

import re
import subprocess
from datetime import timedelta

import pytest

from tests.e2e.conftest import SCREENSHOTS, AxeReport, login, logout

pytestmark = pytest.mark.e2e

ROUTE = """\
code: tlv-kort
naam: Aanvraag toelaatbaarheidsverklaring
beschrijving: De school vraagt een TLV aan; de trajectbegeleider besluit na het deskundigenadvies.
bron: test
casusregisseur: [trajectbegeleider]
start: opstellen
stappen:
  - code: opstellen
    naam: TLV-aanvraag opstellen
    aspect: 5
    bij: school
    rollen: [ib, directeur]
    aanvraag: [tlv_sbo, tlv_so]
    uitkomsten:
      - {code: indienen, naam: Aanvragen bij het samenwerkingsverband, naar: beoordelen, indienen: true}
  - code: beoordelen
    naam: Beoordelen en besluiten
    aspect: 5
    bij: samenwerkingsverband
    rollen: [trajectbegeleider]
    beslisregel: een_beslisser
    uitkomsten:
      - {code: toekennen, naam: TLV toekennen, naar: plaatsing, besluit: toegekend}
      - {code: afwijzen, naam: Afwijzen, naar: einde, besluit: afgewezen}
  - code: plaatsing
    naam: Plaatsing in het sbo
    aspect: 6
    bij: school
    rollen: [ib]
    uitkomsten:
      - {code: afsluiten, naam: Afsluiten, naar: einde}
"""


def _daan_aangevraagd():
    """Daan (De Zonnebloem): a set OPP, and Karin's TLV application for the sbo, signed by Vincent
    and submitted (the school's browser flow for applications is in test_trajecten)."""
    from django.utils import timezone

    from passend.accounts.models import User
    from passend.leerlingen.models import Leerling
    from passend.trajecten import services
    from tests.arrangementen.tlv_helpers import vastgesteld_opp

    karin, vincent, bram = (User.objects.get(email=f"{n}@voorbeeldregio.example") for n in ("karin", "vincent", "bram"))
    daan = Leerling.objects.get(voornaam="Daan", achternaam="Kok")
    vastgesteld_opp(daan)
    route = services.route_create(actor=bram, samenwerkingsverband=daan.samenwerkingsverband, bron=ROUTE).route
    traject = services.traject_start(
        actor=karin,
        route=route,
        leerling=daan,
        vraag="Welke school past Daan, nu de ondersteuning op De Zonnebloem niet meer volstaat?",
        signaal={"door": "ib", "reden": "mismatch", "toelichting": "Rekenen en werkhouding blijven ver achter."},
    )
    aanvraag = services.aanvraag_create(
        actor=karin,
        traject=traject,
        soort="tlv_sbo",
        gevraagd="Toelating tot sbo De Wegwijzer, met een kleine groep.",
        onderbouwing="Twee jaar handelingsplannen en een arrangement op school gaven te weinig vooruitgang.",
        ouders_gehoord_op=timezone.localdate() - timedelta(days=7),
    )
    services.aanvraag_ondertekenen(actor=vincent, aanvraag=aanvraag)
    services.traject_advance(actor=karin, traject=traject, van_stap="opstellen", uitkomst="indienen")
    return traject


def _advies(page, deskundige, tekst):
    form = page.locator("form", has=page.get_by_role("button", name="Advies vastleggen"))
    form.get_by_label("Deskundige").select_option(label=deskundige)
    form.get_by_label(re.compile(r"^Advies")).fill(tekst)
    form.get_by_role("button", name="Advies vastleggen").click()


def test_simone_records_the_advices_decides_and_issues_the_tlv(page, demo_data, tmp_path):
    from django.utils import timezone

    traject = _daan_aangevraagd()
    axe = AxeReport(page)
    login(page, "simone@voorbeeldregio.example")

    # --- The application and its advices -------------------------------------------------------
    page.goto(f"/trajecten/{traject.pk}/")
    page.get_by_role("heading", name="Nu: Beoordelen en besluiten").wait_for()
    page.get_by_text("Nog niet mogelijk: Het deskundigenadvies is niet compleet").first.wait_for()
    page.get_by_role("link", name="Toelaatbaarheidsverklaring SBO").click()
    page.get_by_role("link", name=re.compile("^Deskundigenadvies")).click()
    page.get_by_role("heading", name="Deskundigenadvies", exact=True).wait_for()
    page.get_by_text("Nog niet compleet:").wait_for()
    axe.check("deskundigenadvies (leeg)", shot="tlv-deskundigenadvies-leeg")

    _advies(page, "Joke Hoekstra (onderwijsspecialist)", "Daan heeft baat bij een kleine groep.")
    page.locator("#id_deskundige_error").get_by_text("Een onderwijsspecialist geeft geen deskundigenadvies").wait_for()
    axe.check("deskundigenadvies (geweigerd)", shot="tlv-deskundigenadvies-fout")
    _advies(page, "Sanne Kuipers (orthopedagoog)", "Daan leert het best in een kleine, voorspelbare groep.")
    page.get_by_text("Het advies van Sanne Kuipers is vastgelegd.").wait_for()
    _advies(
        page, "Dr. M. Brouwer (jeugdarts)", "Geen medische belemmering; let op vermoeidheid aan het eind van de dag."
    )
    page.get_by_text("Het advies van Dr. M. Brouwer is vastgelegd.").wait_for()
    page.get_by_text("Compleet:", exact=True).wait_for()
    axe.check("deskundigenadvies (compleet)", shot="tlv-deskundigenadvies-compleet")

    # --- The decision ----------------------------------------------------------------------------
    page.goto(f"/trajecten/{traject.pk}/")
    beslissen = page.locator("form", has=page.get_by_role("button", name="TLV toekennen"))
    beslissen.get_by_label("Motivering").fill(
        "Daan is aangewezen op de kleine setting van het sbo; beide adviezen zeggen dat."
    )
    beslissen.get_by_role("button", name="TLV toekennen").click()
    page.get_by_text("Stap gezet: TLV toekennen.").wait_for()
    page.get_by_role("link", name="Toelaatbaarheidsverklaring SBO").click()
    kop = page.get_by_role("heading", name=re.compile(r"Besluit \d{4}-\d{4}: toegekend"))
    kop.wait_for()
    nummer = re.search(r"\d{4}-\d{4}", kop.inner_text()).group(0)
    axe.check("aanvraag met besluit (TLV)", shot="tlv-aanvraag-besluit")

    # --- Issuing the TLV -------------------------------------------------------------------------
    page.get_by_role("link", name="TLV afgeven").click()
    page.get_by_role("heading", name="TLV afgeven").wait_for()
    assert page.get_by_label("Ontvangende school").locator("option").all_text_contents() == [
        "---------",
        "De Wegwijzer",
    ]
    axe.check("TLV afgeven", shot="tlv-afgeven")
    start = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Ontvangende school").select_option(label="De Wegwijzer")
    page.get_by_label("Geldig vanaf").fill(start.isoformat())
    page.get_by_role("button", name="TLV afgeven").click()
    page.get_by_text("Kies tot wanneer de TLV geldt").first.wait_for()  # neither an end nor the whole career
    axe.check("TLV afgeven (geweigerd)")
    page.get_by_label("Geldig tot en met").fill(start.replace(year=start.year + 2).isoformat())
    page.get_by_role("button", name="TLV afgeven").click()
    page.get_by_text(f"De TLV {nummer} is afgegeven.").wait_for()
    page.get_by_role("heading", name=f"Toelaatbaarheidsverklaring {nummer}").wait_for()
    axe.check("de TLV", shot="tlv-detail")

    # --- The letter states the TLV -----------------------------------------------------------------
    brief = page.get_by_role("link", name="Besluitbrief met de TLV (PDF)").get_attribute("href")
    response = page.request.get(brief)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "besluit.pdf"
    pdf.write_bytes(response.body())
    tekst = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "De toelaatbaarheidsverklaring" in tekst and "Speciaal basisonderwijs (SBO)" in tekst
    assert "De Wegwijzer" in tekst and nummer in tekst and "Daan Kok" in tekst
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(SCREENSHOTS / "tlv-besluitbrief")], check=True)

    # --- The partnership's list --------------------------------------------------------------------
    page.get_by_role("navigation").get_by_role("link", name="TLV's").click()
    page.get_by_role("heading", name="Toelaatbaarheidsverklaringen").wait_for()
    assert page.get_by_role("link", name=nummer).count() == 1
    axe.check("TLV's", shot="tlv-lijst")
    page.get_by_label(re.compile("Alleen TLV's die binnen drie maanden aflopen")).check()
    page.get_by_role("button", name="Tonen").click()
    page.get_by_text("Geen TLV's die binnen drie maanden aflopen.").wait_for()
    axe.check("TLV's die binnenkort aflopen")

    # --- Sem's objection (demo): from Mijn taken to the LBT ----------------------------------------
    page.get_by_role("navigation").get_by_role("link", name=re.compile("Mijn taken")).click()
    taak = page.get_by_role("link", name=re.compile(r"Bezwaar tegen TLV-besluit \d{4}-\d{4} doorsturen naar de LBT"))
    taak.wait_for()
    taak.click()
    page.get_by_role("heading", name=re.compile("Bezwaren tegen besluit")).wait_for()
    page.get_by_text("doorsturen", exact=False).first.wait_for()
    axe.check("bezwaren (open)", shot="tlv-bezwaren-open")
    page.get_by_role("button", name="Doorsturen naar de LBT").click()
    page.get_by_text("Het bezwaar is met het dossier doorgestuurd naar de LBT.").wait_for()
    page.get_by_text(re.compile("doorgestuurd op")).wait_for()
    axe.check("bezwaren (doorgestuurd)", shot="tlv-bezwaren-doorgestuurd")
    logout(page)
    axe.assert_clean()
