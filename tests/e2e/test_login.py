"""Logging in, as an IB'er does it: through the Dutch login form, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.e2e


def test_karin_logs_in_sees_her_school_and_logs_out(page, live_server, demo_data):
    response = page.goto("/")
    assert response.ok
    # Not logged in: sent to the Dutch login page, remembering where she wanted to go.
    expect(page).to_have_url(re.compile(r"/inloggen/\?next=/$"))
    expect(page).to_have_title("Inloggen — Passend")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Passend")
    expect(page.get_by_label("E-mailadres")).to_be_visible()
    expect(page.get_by_label("Wachtwoord")).to_be_visible()
    expect(page.get_by_role("link", name="Wachtwoord vergeten?")).to_be_visible()
    # DEBUG is off in tests, so the demo accounts (and their password) are not on the page.
    expect(page.get_by_text("Demo-accounts")).to_have_count(0)
    expect(page.get_by_text(demo_data.DEMO_PASSWORD)).to_have_count(0)
    expect(page.locator("table")).to_have_count(0)
    screenshot(page, "login")

    page.get_by_label("E-mailadres").fill("karin@voorbeeldregio.example")
    page.get_by_label("Wachtwoord").fill(demo_data.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page).to_have_title("Mijn taken — Passend")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn taken")
    expect(page.get_by_text("Welkom, Karin Jansen.")).to_be_visible()
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Mijn taken")).to_have_attribute("aria-current", "page")
    for label in ("Leerlingen", "Trajecten", "Netwerk"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    # An IB'er has no beheer and no rapportage in her menu.
    expect(nav.get_by_role("link", name="Beheer")).to_have_count(0)
    expect(nav.get_by_role("link", name="Rapportage")).to_have_count(0)
    mijn_school = page.get_by_role("region", name="Mijn school")
    expect(mijn_school).to_be_visible()
    school_link = mijn_school.get_by_role("link", name="De Zonnebloem")
    expect(school_link).to_be_visible()
    expect(page.get_by_role("region", name="Mijn rollen")).to_contain_text("Intern begeleider")
    screenshot(page, "mijn-taken")

    school_link.click()
    expect(page).to_have_url(re.compile(r"/netwerk/scholen/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("De Zonnebloem")
    details = page.locator("dl.details")
    expect(details).to_contain_text("20ZB00")
    expect(details).to_contain_text("Stichting Zonnig Onderwijs")
    expect(details).to_contain_text("Zonnebloemstraat 4, 9401 AB Assen")
    screenshot(page, "school-detail")

    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/inloggen/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Passend")
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
    # Logged out for real: the home page sends her back to the login form.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/inloggen/\?next=/$"))


def test_wrong_password_shows_dutch_error_at_the_form(page, live_server, demo_data):
    login(page, "karin@voorbeeldregio.example", "niet-het-goede-wachtwoord", expect_path=None)

    expect(page).to_have_url(re.compile(r"/inloggen/"))
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("Deze combinatie van e-mailadres en wachtwoord kennen we niet. Let op hoofdletters.")
    # The message sits inside the login form, above the fields, and the e-mail address is kept.
    form = page.locator("form", has=page.get_by_role("button", name="Inloggen"))
    expect(form.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("E-mailadres")).to_have_value("karin@voorbeeldregio.example")
    expect(page.get_by_label("Wachtwoord")).to_have_value("")
    screenshot(page, "login-fout")
    # Still not logged in.
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
