"""Ryan's VPI in a real browser (issue 6, "done when"): juf Esther fills it in half-way, comes back,
finishes it and sees the profile; she asks the parents, Mirjam fills in their version from Mijn
taken; months later Esther fills in a second VPI and compares the two. Every page passes axe."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, logout, screenshot

pytestmark = pytest.mark.e2e

VPI = "Vraagprofiel Instrument (VPI) — voorbeeldversie"
SCHAAL = ("Geen extra ondersteuning", "Enige extra ondersteuning", "Veel extra ondersteuning")

# Sets the radio of `waarde` in every scale question still open (or every one, with `alle`).
VUL_IN = """([waarde, alle]) => {
    let gezet = 0;
    for (const vraag of document.querySelectorAll('fieldset.vraag')) {
        const radios = vraag.querySelectorAll('input[type=radio]');
        if (radios.length && (alle || !vraag.querySelector('input:checked'))) {
            radios[waarde].checked = true;
            gezet += 1;
        }
    }
    return gezet;
}"""


# Sets the radio of `waarde` in every question of one part.
KIES_IN_DEEL = """(deel, waarde) => deel.querySelectorAll('fieldset.vraag').forEach(
    (vraag) => { vraag.querySelectorAll('input[type=radio]')[waarde].checked = true; })"""

# Texts of the profile charts that stick out of their SVG (a cut-off area name, say).
BUITEN_BEELD = """() => [...document.querySelectorAll('svg.profielgrafiek')].flatMap(svg => {
    const breedte = svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')]
        .filter(t => { const b = t.getBBox(); return b.x < 0 || b.x + b.width > breedte; })
        .map(t => t.textContent);
})"""


def maanden_terug(dag: date, maanden: int) -> date:
    jaar, maand = divmod(dag.year * 12 + dag.month - 1 - maanden, 12)
    return date(jaar, maand + 1, min(dag.day, 28))


def vraag(page, tekst):
    return page.get_by_role("group", name=tekst, exact=True)


def open_vragenlijsten_van_ryan(page):
    page.get_by_role("link", name="Leerlingen", exact=True).click()
    page.get_by_role("link", name="Wit, Ryan de").click()
    page.get_by_role("link", name="Vragenlijsten", exact=True).click()
    page.wait_for_url(re.compile(r"/leerlingen/\d+/vragenlijsten/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vragenlijsten van Ryan de Wit")


def start_vpi(page, peildatum: date):
    start = page.get_by_role("region", name="Vragenlijst invullen")
    start.get_by_label("Vragenlijst").select_option(label=VPI)
    start.get_by_label("Peildatum").fill(peildatum.isoformat())
    start.get_by_role("button", name="Beginnen").click()
    page.wait_for_url(re.compile(r"/vragenlijsten/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(VPI)


def test_esther_fills_in_ryans_vpi_asks_the_parents_and_compares_two_afnames(page, demo_data, axe):
    from django.utils import timezone

    from passend.instrumenten.models import Afname, Instrument
    from passend.leerlingen.models import Leerling

    vandaag = timezone.localdate()
    ryan = Leerling.objects.get(voornaam="Ryan", achternaam="Wit")
    vpi = Instrument.objects.get(samenwerkingsverband=ryan.samenwerkingsverband, code="vpi", actief=True)
    vragen = list(vpi.vragen.filter(soort="schaal").order_by("gebied__deel__volgorde", "gebied__volgorde", "volgorde"))

    # --- Esther starts the VPI, four months back, and answers the first part by hand --------------
    login(page, "esther@voorbeeldregio.example")
    open_vragenlijsten_van_ryan(page)
    expect(page.get_by_text("Nog geen afgeronde vragenlijsten.")).to_be_visible()
    axe.check("vragenlijsten van Ryan", shot="vragenlijsten-leeg")

    peildatum = maanden_terug(vandaag, 4)
    start_vpi(page, peildatum)
    expect(page.get_by_role("status").filter(has_text="vragen beantwoord")).to_contain_text(
        f"0 van {vpi.vragen.count()} vragen beantwoord"
    )
    axe.check("VPI invullen, leeg", shot="vpi-invullen-leeg")
    for v in vragen[:6]:
        vraag(page, v.tekst).get_by_label(SCHAAL[2], exact=True).check()
    # The rest of the first part (Deel 1) quicker: 2 = veel extra ondersteuning.
    deel1 = page.get_by_role("region", name="Deel 1: wat vraagt de leerling?")
    deel1.evaluate(KIES_IN_DEEL, 2)
    opmerking = "Ingevuld met Karin; Ryan is <b>snel moe</b> na de pauze."
    page.get_by_label("Opmerking bij deze afname").fill(opmerking)
    page.get_by_role("button", name="Tussentijds opslaan").click()
    expect(page.get_by_text("Uw antwoorden zijn opgeslagen. U kunt later verder gaan.")).to_be_visible()
    afname = Afname.objects.get(leerling=ryan, status="concept")
    beantwoord = afname.antwoorden.count()
    assert beantwoord > 6
    expect(page.locator("#voortgang")).to_contain_text(f"{beantwoord} van {vpi.vragen.count()} vragen beantwoord")
    axe.check("VPI invullen, tussentijds opgeslagen", shot="vpi-tussentijds")

    # --- She leaves, comes back: the answers are still there ----------------------------------------
    page.get_by_role("link", name="← Vragenlijsten van Ryan de Wit").click()
    open_kop = page.get_by_role("region", name="Nog niet afgerond")
    expect(open_kop).to_contain_text("Begonnen door Esther de Vries")
    axe.check("vragenlijsten met een concept", shot="vragenlijsten-concept")
    page.goto("/")
    expect(page.get_by_role("link", name=f"Afmaken: {VPI}")).to_be_visible()
    page.get_by_role("link", name=f"Afmaken: {VPI}").click()
    page.wait_for_url(f"**/vragenlijsten/{afname.pk}/")
    for v in vragen[:6]:
        expect(vraag(page, v.tekst).get_by_label(SCHAAL[2], exact=True)).to_be_checked()
    expect(vraag(page, vragen[-1].tekst).get_by_role("radio", checked=True)).to_have_count(0)
    expect(page.get_by_label("Opmerking bij deze afname")).to_have_value(opmerking)

    # Finishing now is refused and names what is open.
    page.get_by_role("button", name="Opslaan en afronden").click()
    expect(page.get_by_text("Uw antwoorden zijn opgeslagen, maar de vragenlijst is nog niet af.")).to_be_visible()
    samenvatting = page.locator(".error-summary")
    expect(samenvatting).to_contain_text("vragen open; de vragenlijst is opgeslagen maar nog niet afgerond.")
    expect(samenvatting.get_by_role("link")).to_have_count(8)
    expect(samenvatting.get_by_role("link").first).to_contain_text(vragen[beantwoord].tekst[:60])
    axe.check("VPI invullen, afronden geweigerd", shot="vpi-afronden-geweigerd")
    samenvatting.get_by_role("link").first.click()
    eerste_open = page.locator(f"#id_vraag_{vragen[beantwoord].pk}_0")
    expect(page).to_have_url(re.compile(rf"#id_vraag_{vragen[beantwoord].pk}_0$"))
    expect(eerste_open).to_be_in_viewport()

    # --- The rest, then finish ------------------------------------------------------------------
    assert page.evaluate(VUL_IN, [1, False]) > 0
    page.get_by_label("Wat heeft de leerkracht nodig om deze leerling goed te kunnen begeleiden?").fill(
        "Een vaste plek vooraan en <script>pictogrammen</script>."
    )
    page.get_by_role("button", name="Opslaan en afronden").click()
    expect(page.get_by_text("De vragenlijst is afgerond. Hieronder staat de uitslag.")).to_be_visible()
    expect(page.locator("svg.profielgrafiek").first).to_be_visible()
    scores = page.get_by_role("table", name="Scores per gebied, met de normscore").first
    expect(scores).to_be_visible()
    expect(scores.get_by_role("row", name=re.compile("Emoties en persoonskenmerken"))).to_contain_text("12")
    expect(page.get_by_text("Ryan is <b>snel moe</b> na de pauze.")).to_be_visible()
    expect(page.get_by_role("button", name="Opslaan en afronden")).to_have_count(0)
    assert page.evaluate(BUITEN_BEELD) == []
    axe.check("VPI uitslag", shot="vpi-uitslag")
    page.locator("summary", has_text="Deel 3: aanvullende vragen").click()
    expect(page.get_by_text("Een vaste plek vooraan en <script>pictogrammen</script>.")).to_be_visible()
    screenshot(page, "vpi-uitslag-antwoorden")

    # --- She asks the parents ------------------------------------------------------------------
    page.get_by_role("link", name="← Vragenlijsten van Ryan de Wit").click()
    afgerond = page.get_by_role("table", name="Afgeronde vragenlijsten, nieuwste eerst")
    expect(afgerond.get_by_role("row", name=re.compile(re.escape(VPI)))).to_contain_text("Esther de Vries")
    ouders = page.get_by_role("region", name="Ouders vragen een vragenlijst in te vullen")
    ouders.get_by_role("button", name="Klaarzetten voor de ouders").click()
    expect(page.get_by_text("De ouders zien de vragenlijst nu bij Mijn taken.")).to_be_visible()
    expect(page.get_by_role("region", name="Nog niet afgerond")).to_contain_text(
        "Klaargezet voor de ouders door Esther de Vries"
    )
    axe.check("vragenlijsten, ouders gevraagd", shot="vragenlijsten-ouders-gevraagd")
    logout(page)

    # --- Mirjam fills in the parents' version from Mijn taken ------------------------------------
    login(page, "mirjam@ouders.example")
    taak = page.get_by_role("link", name=re.compile(r"^Invullen: VPI voor ouders"))
    expect(taak).to_be_visible()
    axe.check("Mijn taken van Mirjam", shot="mijn-taken-ouder")
    taak.click()
    page.wait_for_url(re.compile(r"/vragenlijsten/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("VPI voor ouders")
    axe.check("ouderversie invullen", shot="vpi-ouder-invullen")
    ouder_vragen = page.locator("fieldset.vraag")
    ouder_vragen.first.get_by_label("Een beetje extra hulp nodig", exact=True).check()
    assert page.evaluate(VUL_IN, [1, False]) > 0
    page.get_by_role("button", name="Opslaan en afronden").click()
    expect(page.get_by_text("De vragenlijst is afgerond. Hieronder staat de uitslag.")).to_be_visible()
    expect(page.locator("svg.profielgrafiek").first).to_be_visible()
    axe.check("ouderversie, uitslag", shot="vpi-ouder-uitslag")
    page.goto("/")
    expect(page.get_by_role("link", name=re.compile(r"VPI voor ouders"))).to_have_count(0)
    # She sees Esther's finished VPI too, not a concept of the school.
    page.goto(f"/leerlingen/{ryan.pk}/vragenlijsten/")
    expect(page.get_by_role("table", name="Afgeronde vragenlijsten, nieuwste eerst").locator("tbody tr")).to_have_count(
        2
    )
    axe.check("vragenlijsten als ouder", shot="vragenlijsten-ouder")
    logout(page)

    # --- Today: a second VPI with lower answers, and the comparison ------------------------------
    login(page, "esther@voorbeeldregio.example")
    open_vragenlijsten_van_ryan(page)
    start_vpi(page, vandaag)
    assert page.evaluate(VUL_IN, [0, True]) == len(vragen)
    vraag(page, vragen[0].tekst).get_by_label(SCHAAL[1], exact=True).check()
    page.get_by_role("button", name="Opslaan en afronden").click()
    expect(page.get_by_text("De vragenlijst is afgerond. Hieronder staat de uitslag.")).to_be_visible()
    page.get_by_role("link", name="← Vragenlijsten van Ryan de Wit").click()
    vergelijken = page.get_by_role("group", name=f"{VPI}: twee afnames vergelijken")
    expect(vergelijken.get_by_label("Eerder")).to_have_value(str(afname.pk))
    axe.check("vragenlijsten met twee VPI's", shot="vragenlijsten-twee")
    vergelijken.get_by_role("button", name="Vergelijken").click()
    page.wait_for_url(re.compile(r"/vragenlijsten/vergelijken/\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{VPI}: wat is er veranderd?")
    tabel = page.get_by_role("table", name="Ruwe scores per gebied")
    emoties = tabel.get_by_role("row", name=re.compile("Emoties en persoonskenmerken"))
    # 6 questions: 2 each four months ago, now 1 + five times 0.
    expect(emoties).to_contain_text("12/18")
    expect(emoties).to_contain_text("1/18")
    expect(emoties).to_contain_text("-11 (minder ondersteuning)")
    expect(page.locator("svg.profielgrafiek").first).to_be_visible()
    assert page.evaluate(BUITEN_BEELD) == []
    axe.check("vergelijking", shot="vpi-vergelijking")
    axe.assert_clean()
