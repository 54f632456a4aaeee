"""Ryan's arrangement in a real browser, from the granted decision to the parents' questionnaire.

Simone (trajectbegeleider) puts the MDO's decision into effect as an OJA; Tamara (teamleider)
assigns Marleen from the suggestions on Toewijzen; Marleen books her hours on Mijn caseload;
Karin (IB'er) finds the evaluation in Mijn taken and records it per goal; Ryan's mother finds the
arrangement through his timeline and fills in her questionnaire. Every page is checked with axe.
"""

import re
from datetime import timedelta

import pytest

from tests.e2e.conftest import AxeReport, login, logout

pytestmark = pytest.mark.e2e


def _besluit_voor_ryan():
    """Ryan's HGA traject decided by the MDO (its browser flow is in test_trajecten): the school sent
    the signed groeidocument with the request; the MDO granted an arrangement."""
    from django.utils import timezone

    from passend.accounts.models import User
    from passend.dossier.services import groeidocument_sign
    from passend.leerlingen.models import Leerling
    from passend.organisaties.models import Deskundige
    from passend.trajecten import services
    from passend.trajecten.models import Traject

    def wie(naam):
        return User.objects.get(
            email=f"{naam}@ouders.example" if naam == "mirjam" else f"{naam}@voorbeeldregio.example"
        )

    karin, mirjam, simone, esther = wie("karin"), wie("mirjam"), wie("simone"), wie("esther")
    ryan = Leerling.objects.get(voornaam="Ryan")
    for persoon in (karin, mirjam):
        groeidocument_sign(actor=persoon, leerling=ryan, soort="akkoord")
    traject = Traject.objects.get(leerling=ryan)

    def stap(actor, uitkomst, motivatie=""):
        traject.refresh_from_db()
        services.traject_advance(
            actor=actor, traject=traject, van_stap=traject.stap.code, uitkomst=uitkomst, motivatie=motivatie
        )

    traject.refresh_from_db()
    services.aanvraag_create(
        actor=karin,
        traject=traject,
        soort="extra_ondersteuning",
        gevraagd="Ambulante begeleiding voor Ryan, coaching van juf Esther en begeleiding thuis.",
        onderbouwing="Tips uit de kindbespreking en een rustige plek gaven te weinig vooruitgang.",
    )
    stap(karin, "versturen")
    traject.refresh_from_db()
    pool = {d.naam: d for d in Deskundige.objects.filter(naam__in=["Simone de Boer", "Youssef Amrani"])}
    overleg = services.overleg_plan(
        actor=simone,
        traject=traject,
        datum=timezone.now() - timedelta(hours=1),
        locatie="De Zonnebloem",
        deelnemers=[
            {"naam": esther.naam, "functie": "leerkracht", "partij": "school", "gebruiker": esther},
            {"naam": karin.naam, "functie": "intern begeleider", "partij": "school", "gebruiker": karin},
            {"naam": mirjam.naam, "functie": "moeder", "partij": "ouders", "gebruiker": mirjam},
            {"naam": "Simone de Boer", "partij": "swv", "gebruiker": simone, "deskundige": pool["Simone de Boer"]},
            {"naam": "Youssef Amrani", "partij": "jeugdhulp", "deskundige": pool["Youssef Amrani"]},
        ],
    )
    adviezen = {"Simone de Boer": "Het hele systeem ondersteunen.", "Youssef Amrani": "Thuisbegeleiding door het CJG."}
    services.overleg_besluit(
        actor=simone,
        overleg=overleg,
        uitkomst="arrangement_toewijzen",
        motivatie="Begeleiding op school, coaching van juf Esther en thuisbegeleiding door het CJG.",
        standpunten={
            d.pk: {"aanwezig": True, "standpunt": "akkoord", "advies": adviezen.get(d.naam, "")}
            for d in overleg.deelnemers.all()
        },
    )


def test_simone_grants_tamara_assigns_marleen_books_karin_evaluates_mirjam_answers(page, demo_data):
    from django.utils import timezone

    _besluit_voor_ryan()
    axe = AxeReport(page)
    vandaag = timezone.localdate()
    # Started seven weeks ago: the HGA route's first evaluation (after eight weeks) is due next week.
    start = vandaag - timedelta(weeks=7)

    # --- Simone: the arrangement on the decision ----------------------------------------------------
    login(page, "simone@voorbeeldregio.example")
    page.get_by_role("link", name="Trajecten", exact=True).click()
    page.get_by_role("link", name=re.compile("Ryan de Wit")).first.click()
    page.get_by_role("link", name="Extra ondersteuning (arrangement)").click()
    page.get_by_role("link", name="Arrangement vastleggen").click()
    page.get_by_role("heading", name="Arrangement vastleggen voor Ryan de Wit").wait_for()
    axe.check("arrangement vastleggen", shot="arrangement-vastleggen")
    page.get_by_label("Soort arrangement").select_option(label="Onderwijs-jeugdhulparrangement (OJA)")
    for wie in ("De leerling", "De leerkracht of intern begeleider", "De ouders"):
        page.get_by_label(wie, exact=True).check()
    page.get_by_label("Wat moet het arrangement bereiken").fill(
        "Ryan komt tot leren in de groep; juf Esther weet hoe ze hem helpt; thuis gaat het rustiger."
    )
    page.get_by_label("Eigen doelen").fill("Ryan werkt 15 minuten zelfstandig.\nRyan speelt samen in de pauze.")
    page.get_by_label("Activiteiten").fill("Begeleiding in de klas, coaching van juf Esther, thuisbegeleiding (CJG).")
    page.get_by_label("Wanneer").fill("twee ochtenden per week")
    page.get_by_label("Startdatum").fill(start.isoformat())
    page.get_by_label("Einddatum").fill((start + timedelta(weeks=40)).isoformat())
    # An end before the start is refused at the field, nothing saved.
    page.get_by_label("Einddatum").fill((start - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Arrangement vastleggen").click()
    page.get_by_text("De einddatum ligt vóór de startdatum.").first.wait_for()
    axe.check("arrangement vastleggen (fout)", shot="arrangement-vastleggen-fout")
    page.get_by_label("Einddatum").fill((start + timedelta(weeks=40)).isoformat())
    page.get_by_label("Budget voor materialen (€)").fill("250,00")
    page.get_by_role("button", name="Arrangement vastleggen").click()
    page.get_by_text("Het arrangement is vastgelegd; de evaluaties zijn gepland.").wait_for()
    page.get_by_role("heading", name="Onderwijs-jeugdhulparrangement (OJA) voor Ryan de Wit").wait_for()
    page.get_by_text("€ 250,00", exact=True).wait_for()  # the budget for materials, in the details
    axe.check("arrangement (toegekend)", shot="arrangement-toegekend")
    logout(page)

    # --- Tamara: Toewijzen, from the suggestions -------------------------------------------------
    login(page, "tamara@voorbeeldregio.example")
    page.get_by_role("link", name="Arrangementen", exact=True).click()
    axe.check("arrangementen (teamleider)", shot="arrangementen-lijst")
    page.get_by_role("link", name="Toewijzen", exact=True).click()
    rij = page.locator("section", has=page.get_by_role("heading", name=re.compile("Ryan de Wit")))
    rij.get_by_text(re.compile(r"uur vrij dit schooljaar")).first.wait_for()
    axe.check("toewijzen", shot="toewijzen")
    rij.get_by_label("Geplande uren voor Marleen de Groot").fill("40")
    rij.get_by_role("button", name="Marleen de Groot toewijzen").click()
    page.get_by_text("Marleen de Groot is toegewezen (Ryan de Wit).").wait_for()
    assert page.get_by_role("heading", name=re.compile("Ryan de Wit")).count() == 0
    axe.check("toewijzen (na toewijzen)")
    logout(page)

    # --- Marleen: Mijn caseload, hours --------------------------------------------------------------
    login(page, "marleen@voorbeeldregio.example")
    page.get_by_role("link", name="Arrangementen", exact=True).click()
    page.get_by_role("link", name="Mijn caseload").click()
    page.get_by_role("heading", name="Mijn caseload").wait_for()
    axe.check("mijn caseload", shot="caseload")
    formulier = page.locator("form", has=page.get_by_role("button", name="Uren boeken"))
    formulier.get_by_label("Arrangement").select_option(
        label="Ryan de Wit — Onderwijs-jeugdhulparrangement (OJA), De Zonnebloem"
    )
    formulier.get_by_label("Activiteit").select_option(label="Begeleiding van de leerling")
    formulier.get_by_label("Uren").fill("-2")
    formulier.get_by_role("button", name="Uren boeken").click()
    page.get_by_text("Vul een aantal uren in tussen 0,25 en 24.").first.wait_for()
    axe.check("mijn caseload (fout)")
    formulier.get_by_label("Uren").fill("2,5")
    formulier.get_by_label("Toelichting").fill("In de klas meegekeken en met juf Esther besproken.")
    formulier.get_by_role("button", name="Uren boeken").click()
    page.get_by_text("De uren zijn geboekt.").wait_for()
    eigen = page.get_by_role("table", name=re.compile("Mijn arrangementen"))
    assert "2,5 / 40" in eigen.inner_text()
    axe.check("mijn caseload (geboekt)", shot="caseload-geboekt")
    logout(page)

    # --- Karin: the evaluation from Mijn taken ---------------------------------------------------
    login(page, "karin@voorbeeldregio.example")
    taak = page.get_by_role("link", name=re.compile("Tussentijdse evaluatie: onderwijs-jeugdhulparrangement"))
    taak.wait_for()
    axe.check("mijn taken van Karin", shot="mijn-taken-karin")
    taak.click()
    page.locator("summary", has_text="Evaluatie vastleggen").click()
    formulier = page.locator("form", has=page.get_by_role("button", name="Evaluatie vastleggen"))
    formulier.get_by_label("Resultaat: Ryan werkt 15 minuten zelfstandig.").select_option(label="Deels behaald")
    formulier.get_by_label("Resultaat: Ryan speelt samen in de pauze.").select_option(label="Behaald")
    formulier.get_by_label("Wat vindt de leerkracht").fill("Ryan werkt langer door; de pauzes gaan beter.")
    formulier.get_by_label("Wat vinden de ouders").fill("Thuis is hij rustiger.")
    formulier.get_by_label("Wat vindt de leerling").fill("Ik vind het fijn met juf Marleen.")
    formulier.get_by_label(re.compile("^Uitkomst")).select_option(label="Voortzetten zoals afgesproken")
    axe.check("evaluatie invullen", shot="evaluatie-invullen")
    formulier.get_by_role("button", name="Evaluatie vastleggen").click()
    page.get_by_text("De evaluatie is vastgelegd.").wait_for()
    evaluaties = page.get_by_role("table", name="Geplande en gehouden evaluaties")
    assert "Thuis is hij rustiger." in evaluaties.inner_text() and "deels behaald" in evaluaties.inner_text()
    axe.check("arrangement (geëvalueerd)", shot="arrangement-geevalueerd")

    # Karin books what the school bought from the budget for materials: more than is left is refused.
    page.locator("summary", has_text="Aankoop boeken").click()
    aankoop = page.locator("form", has=page.get_by_role("button", name="Aankoop boeken"))
    aankoop.get_by_label("Bedrag (€)").fill("300")
    aankoop.get_by_label("Wat is er gekocht").fill("Koptelefoon met ruisonderdrukking")
    aankoop.get_by_role("button", name="Aankoop boeken").click()
    page.locator("#materiaal-bedrag_error", has_text="dus er kan nog € 250,00 bij.").wait_for()  # at the field
    axe.check("aankoop boeken (fout)", shot="aankoop-fout")
    aankoop = page.locator("form", has=page.get_by_role("button", name="Aankoop boeken"))
    aankoop.get_by_label("Bedrag (€)").fill("79,95")
    aankoop.get_by_role("button", name="Aankoop boeken").click()
    page.get_by_text("De aankoop is geboekt.").wait_for()
    page.get_by_text("Budget € 250,00; uitgegeven € 79,95; over € 170,05.").wait_for()
    aankopen = page.get_by_role("table", name="Aankopen, nieuwste eerst")
    assert "Koptelefoon met ruisonderdrukking" in aankopen.inner_text()
    axe.check("arrangement (aankoop geboekt)", shot="aankoop-geboekt")
    logout(page)

    # --- Mirjam: through Ryan's timeline to her questionnaire -----------------------------------
    login(page, "mirjam@ouders.example")
    page.get_by_role("link", name="Ryan de Wit").first.click()
    page.get_by_role("link", name="Tijdlijn").click()
    page.get_by_role("link", name=re.compile("Onderwijs-jeugdhulparrangement \\(OJA\\) toegekend")).click()
    page.get_by_role("heading", name="Uw mening als ouder").wait_for()
    axe.check("arrangement voor de ouder", shot="arrangement-ouder")
    page.get_by_role("button", name="Vragenlijst versturen").click()
    page.get_by_text("Kies een antwoord.").first.wait_for()
    axe.check("vragenlijst (fout)", shot="vragenlijst-fout")
    page.get_by_role("group", name=re.compile("Helpt het arrangement uw kind")).get_by_label("Grotendeels").check()
    page.get_by_role("group", name=re.compile("Voelt u zich betrokken")).get_by_label("Ja", exact=True).check()
    page.get_by_role("group", name=re.compile("Worden de afspraken nagekomen")).get_by_label("Ja", exact=True).check()
    page.get_by_label("Wat wilt u nog kwijt?").fill("Fijn dat juf Marleen ook met juf Esther praat.")
    page.get_by_role("button", name="Vragenlijst versturen").click()
    page.get_by_text("Dank u wel: uw antwoorden staan bij de evaluatie.").wait_for()
    assert (
        "Fijn dat juf Marleen ook met juf Esther praat."
        in page.get_by_role("table", name="Geplande en gehouden evaluaties").inner_text()
    )
    axe.check("arrangement (vragenlijst ingevuld)", shot="arrangement-vragenlijst")
    logout(page)

    # --- Lineke (management): closing last month ----------------------------------------------------
    login(page, "lineke@voorbeeldregio.example")
    page.get_by_role("link", name="Arrangementen", exact=True).click()
    page.get_by_role("link", name="Maand afsluiten").click()
    axe.check("maand afsluiten", shot="maand-afsluiten")
    axe.assert_clean()
