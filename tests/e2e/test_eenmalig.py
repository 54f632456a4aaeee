"""A double click on a submit button saves once, in a real browser (passend/eenmalig.js and the
server's one-time token), and the busy state is accessible."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

ALREADY_SENT = "Dit formulier was al verstuurd en is één keer verwerkt."
# Registered after eenmalig.js, so it sees what the script let through, and keeps the page.
COUNT_AND_HOLD = """() => {
    window.doorgelaten = 0;
    document.addEventListener("submit", (event) => {
        if (!event.defaultPrevented) window.doorgelaten += 1;
        event.preventDefault();
    });
}"""


def test_double_click_on_a_note_saves_one_note(page, demo_data, axe):
    from passend.dossier.models import Notitie
    from passend.leerlingen.models import Leerling

    ryan = Leerling.objects.get(voornaam="Ryan")
    login(page, "karin@voorbeeldregio.example")
    axe.visit(f"/leerlingen/{ryan.pk}/documenten/", "documenten")
    page.get_by_text("Notitie schrijven").click()
    page.get_by_role("textbox", name="Notitie").fill("Moeder belde over de logopedie.")
    page.get_by_role("button", name="Opslaan in het logboek").dblclick()
    page.get_by_text("De notitie staat in het logboek.").wait_for()

    assert Notitie.objects.filter(leerling=ryan, tekst="Moeder belde over de logopedie.").count() == 1
    expect(page.get_by_text(ALREADY_SENT)).to_have_count(0)
    axe.check("documenten na dubbelklik", shot="eenmalig-notitie")
    axe.assert_clean()


def test_busy_state_is_announced_and_a_second_submit_is_held_back(page, demo_data, axe):
    from passend.leerlingen.models import Leerling

    ryan = Leerling.objects.get(voornaam="Ryan")
    login(page, "karin@voorbeeldregio.example")
    page.goto(f"/leerlingen/{ryan.pk}/documenten/")
    page.evaluate(COUNT_AND_HOLD)
    page.get_by_text("Notitie schrijven").click()
    page.get_by_role("textbox", name="Notitie").fill("Nog een notitie.")
    button = page.get_by_role("button", name="Opslaan in het logboek")
    button.click()

    busy = page.get_by_role("button", name="Bezig met versturen…")
    expect(busy).to_have_attribute("aria-disabled", "true")
    busy.click(force=True)
    assert page.evaluate("window.doorgelaten") == 1
    axe.check("documenten terwijl het formulier verstuurd wordt", shot="eenmalig-bezig")
    axe.assert_clean()


def test_the_clicked_button_still_sends_its_name_and_value(page, demo_data):
    """A disabled button would drop `actie=intrekken`, and the view would make a new token instead."""
    login(page, "karin@voorbeeldregio.example")
    page.goto("/account/api-token/")
    page.get_by_role("button", name="Nieuw token maken").click()
    page.get_by_text("Uw nieuwe token:").wait_for()
    page.get_by_role("button", name="Token intrekken").click()
    page.get_by_text("Uw API-token is ingetrokken.").wait_for()


def test_htmx_search_form_is_left_alone(page, demo_data):
    login(page, "karin@voorbeeldregio.example")
    page.goto("/leerlingen/")
    zoeken = page.get_by_role("button", name="Zoeken")
    zoeken.click()
    zoeken.click()
    expect(page.locator("form.search")).not_to_have_attribute("data-bezig", "")
    expect(zoeken).not_to_have_attribute("aria-disabled", "true")
