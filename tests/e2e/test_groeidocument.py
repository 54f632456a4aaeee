"""Issue 3's walkthrough in a real browser: teacher, IB'er and parent write in Ryan's
groeidocument, parent and school sign, the signed version is frozen, the PDF renders."""

import subprocess

import pytest

from tests.e2e.conftest import SCREENSHOTS, axe_violations, format_violations, login, logout, screenshot

pytestmark = pytest.mark.e2e


def _open_ryan_groeidocument(page):
    page.get_by_role("link", name="Leerlingen", exact=True).click()
    page.get_by_role("link", name="Wit, Ryan de").click()
    page.get_by_role("link", name="Groeidocument").click()
    page.wait_for_url("**/groeidocument/")


def test_teacher_ib_and_parent_write_sign_and_freeze(page, demo_data):
    login(page, "esther@voorbeeldregio.example")
    _open_ryan_groeidocument(page)
    page.get_by_label("Wat is moeilijk").fill("Overgangen, zoals van de kring naar het buitenspelen.")
    page.get_by_role("button", name="Bijdrage opslaan").click()
    page.get_by_text("Uw bijdrage aan het groeidocument is opgeslagen.").wait_for()
    assert page.get_by_text("Overgangen, zoals van de kring naar het buitenspelen.").first.is_visible()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    screenshot(page, "groeidocument-esther")
    logout(page)

    login(page, "karin@voorbeeldregio.example")
    _open_ryan_groeidocument(page)
    page.get_by_label("Doelen").fill("Ryan kan in de kring een korte zin maken.")
    page.get_by_role("button", name="Bijdrage opslaan").click()
    page.get_by_text("Uw bijdrage aan het groeidocument is opgeslagen.").wait_for()
    page.get_by_label("Akkoord").check()
    page.get_by_role("button", name="Ondertekenen").click()
    page.get_by_text("U heeft het groeidocument ondertekend.").wait_for()
    logout(page)

    login(page, "mirjam@ouders.example")
    page.get_by_role("link", name="Ryan de Wit").click()
    page.get_by_role("link", name="Groeidocument").click()
    page.get_by_label("Thuissituatie").fill("Thuis speelt Ryan graag alleen; zijn broertje is 2.")
    page.get_by_role("button", name="Bijdrage opslaan").click()
    # The parent's addition changed the text, so Karin's signature lapsed: ask her again.
    page.get_by_text("ondertekeningen van deze versie zijn vervallen").wait_for()
    page.get_by_label("Voor gezien").check()
    page.get_by_role("button", name="Ondertekenen").click()
    page.get_by_text("U heeft het groeidocument ondertekend.").wait_for()
    screenshot(page, "groeidocument-mirjam")
    logout(page)

    login(page, "karin@voorbeeldregio.example")
    _open_ryan_groeidocument(page)
    page.get_by_label("Akkoord").check()
    page.get_by_role("button", name="Ondertekenen").click()
    page.get_by_text("U heeft het groeidocument ondertekend.").wait_for()
    # Frozen: version 1 is signed by both parties; the page now shows version 2, a copy.
    assert page.get_by_text("Versie 2 (in bewerking)").is_visible()
    page.get_by_role("link", name="versie 1").click()
    page.get_by_text("ondertekend en vastgelegd op").wait_for()
    assert page.get_by_role("button", name="Bijdrage opslaan").count() == 0
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    screenshot(page, "groeidocument-versie-1")

    with page.expect_download() as download_info:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = ''; a.click(); }",
            page.get_by_role("link", name="PDF van versie 1").get_attribute("href"),
        )
    pdf = SCREENSHOTS / "groeidocument-ryan-v1.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "Thuis speelt Ryan graag alleen" in text and "Mirjam de Wit" in text and "Karin Jansen" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(SCREENSHOTS / "groeidocument-ryan-v1")], check=True)
