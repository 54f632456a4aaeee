"""Mijn taken in a real browser: the IB'er sees Ryan's step waiting for her, the number of open
tasks next to "Mijn taken" in the menu, and follows the link to the traject."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, format_violations, login

pytestmark = pytest.mark.e2e

CAPTION = "Wat op u wacht: te laat eerst, dan op datum"
STAP = "Stap zetten: Groeidocument compleet, ondertekend en naar het Loket"


def _clean(page):
    violations = axe_violations(page)
    assert not violations, format_violations(violations)


def test_the_ib_sees_her_step_and_the_count_and_follows_the_link(page, demo_data):
    login(page, "karin@voorbeeldregio.example")
    table = page.get_by_role("table", name=CAPTION)
    rows = table.locator("tbody tr")
    row = rows.filter(has_text="Ryan de Wit")
    expect(row.get_by_role("link", name=STAP)).to_be_visible()

    # The menu says how many tasks wait: the same number as the table's rows, with a spoken label.
    aantal = rows.count()
    assert aantal >= 1
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    label = f"{aantal} openstaande {'taak' if aantal == 1 else 'taken'}"
    link = nav.get_by_role("link", name=f"Mijn taken {label}", exact=True)
    expect(link).to_be_visible()
    # On screen the badge shows the number; the words after it are for screen readers only.
    expect(link.locator(".badge")).to_have_text(label)
    expect(link.locator(".badge .visually-hidden")).to_have_text(label.removeprefix(str(aantal)))
    _clean(page)
    page.screenshot(path="/tmp/mijn-taken.png", full_page=True)

    row.get_by_role("link", name=STAP).click()
    page.wait_for_url(re.compile(r"/trajecten/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Traject van Ryan de Wit")
    expect(
        page.get_by_role("heading", name="Nu: Groeidocument compleet, ondertekend en naar het Loket")
    ).to_be_visible()
    # The count follows her to every page.
    expect(nav.get_by_role("link", name=f"Mijn taken {label}", exact=True)).to_be_visible()
    _clean(page)
    page.screenshot(path="/tmp/mijn-taken-traject.png", full_page=True)
