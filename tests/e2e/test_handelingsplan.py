"""Juf Esther writes a handelingsplan for Ryan in a real browser; both new pages pass axe."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_teacher_writes_a_plan_sees_it_listed_and_evaluates_it(page, demo_data, axe):
    login(page, "esther@voorbeeldregio.example")
    page.get_by_role("link", name="Leerlingen", exact=True).click()
    page.get_by_role("link", name="Wit, Ryan de").click()
    page.get_by_role("link", name="Handelingsplannen").click()
    page.wait_for_url("**/handelingsplannen/")
    # Ryan's plan from his level-2 period, evaluated with "opschalen".
    plannen = page.get_by_role("table", name="Handelingsplannen")
    expect(plannen.get_by_role("row", name="Taal en samen spelen in de kring")).to_contain_text("Geëvalueerd")
    axe.check("handelingsplannen", shot="handelingsplannen")

    page.get_by_text("Nieuw handelingsplan opstellen").click()
    page.get_by_role("button", name="Handelingsplan opslaan").click()
    expect(page.locator("#id_onderwerp_error")).to_have_text("Vul het onderwerp in.")
    axe.check("handelingsplannen, met fouten", shot="handelingsplannen-fouten")

    page.get_by_label("Onderwerp").fill("Overgangen: van de kring naar buiten")
    page.get_by_label("Beginsituatie").fill("Bij het opruimen en naar buiten gaan raakt Ryan van slag.")
    page.get_by_label("Doelen").fill("Ryan gaat met de groep mee naar buiten zonder boos te worden.")
    page.get_by_label("Aanpak").fill("Vijf minuten van tevoren aankondigen met een pictogram; vast maatje.")
    page.get_by_role("button", name="Handelingsplan opslaan").click()
    expect(page.get_by_text("Het handelingsplan ‘Overgangen: van de kring naar buiten’ is opgeslagen.")).to_be_visible()
    rij = plannen.get_by_role("row", name="Overgangen: van de kring naar buiten")
    expect(rij).to_contain_text("Lopend")
    expect(rij).to_contain_text("Esther de Vries")
    axe.check("handelingsplannen, na opslaan", shot="handelingsplannen-opgeslagen")

    rij.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handelingsplan: Overgangen: van de kring naar buiten")
    axe.check("handelingsplan", shot="handelingsplan")
    page.get_by_text("Evaluatie vastleggen", exact=True).click()
    page.get_by_label("Resultaat").select_option("behaald")
    page.get_by_label("Hoe ging het?").fill("Met het pictogram gaat het bijna altijd goed.")
    page.get_by_role("button", name="Evaluatie vastleggen en plan afsluiten").click()
    expect(page.locator("#id_vervolg_error")).to_have_text("Kies het vervolg.")
    axe.check("handelingsplan, evaluatie met fouten", shot="handelingsplan-evaluatie-fouten")
    page.get_by_label("Vervolg").select_option("afsluiten")
    page.get_by_role("button", name="Evaluatie vastleggen en plan afsluiten").click()
    expect(page.get_by_text("De evaluatie is vastgelegd. Het handelingsplan is nu afgesloten.")).to_be_visible()
    expect(page.get_by_role("button", name="Wijzigingen opslaan")).to_have_count(0)
    axe.check("handelingsplan, geëvalueerd", shot="handelingsplan-geevalueerd")
    axe.assert_clean()


def test_parent_reads_the_evaluated_plan(page, demo_data, axe):
    from passend.dossier.models import Handelingsplan

    plan = Handelingsplan.objects.get(leerling__voornaam="Ryan")
    login(page, "mirjam@ouders.example")
    axe.visit(f"/leerlingen/{plan.leerling_id}/handelingsplannen/", "handelingsplannen als ouder")
    expect(page.get_by_text("Nieuw handelingsplan opstellen")).to_have_count(0)
    axe.visit(f"/leerlingen/{plan.leerling_id}/handelingsplannen/{plan.pk}/", shot="handelingsplan-ouder")
    expect(page.get_by_text("Opschalen: bespreken met de intern begeleider (niveau 3)")).to_be_visible()
    axe.assert_clean()
