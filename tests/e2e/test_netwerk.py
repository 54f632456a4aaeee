"""The covering network in a real browser: htmx search updates the results in place."""

import pytest

from tests.e2e.conftest import axe_violations, format_violations, login, screenshot

pytestmark = pytest.mark.e2e


def test_search_updates_results_without_reloading(page, demo_data):
    login(page, "karin@voorbeeldregio.example")
    page.goto("/netwerk/")
    page.evaluate("() => { window.__sameDocument = true; }")
    page.get_by_label("Zoek op naam").fill("kaleido")
    page.locator("#zoekresultaat").filter(has_text="gevonden").wait_for()
    scholen = page.locator("#tabel-scholen").locator("xpath=..").locator("tbody tr")
    assert scholen.count() == 1
    assert "De Kaleidoscoop" in scholen.first.inner_text()
    # Still the same document (no full reload), and the address can be shared or bookmarked.
    assert page.evaluate("() => window.__sameDocument === true")
    assert "zoek=kaleido" in page.url
    page.get_by_label("Soort school").select_option("sbo")
    page.locator("#zoekresultaat").filter(has_text="0 resultaten").wait_for()
    screenshot(page, "netwerk-htmx-zoeken")
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
