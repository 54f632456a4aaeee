"""The dossier pages around the groeidocument, in a real browser, checked with axe."""

import pytest

from tests.e2e.conftest import SCREENSHOTS, login

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_documents_timeline_and_who_looked(page, demo_data, axe, tmp_path):
    from passend.leerlingen.models import Leerling

    ryan = Leerling.objects.get(voornaam="Ryan")
    login(page, "karin@voorbeeldregio.example")
    axe.visit(f"/leerlingen/{ryan.pk}/", "leerling Ryan", shot="ryan-detail")
    axe.visit(f"/leerlingen/{ryan.pk}/documenten/", "documenten")
    page.get_by_text("Document toevoegen").click()
    page.get_by_label("Titel").fill("Observatie in de klas")
    page.get_by_label("Soort document").select_option("observatie")
    verslag = tmp_path / "observatie.pdf"
    verslag.write_bytes(b"%PDF-1.4\n% observatie\n")
    page.get_by_label("Bestand").set_input_files(str(verslag))
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_text("Het document is toegevoegd.").wait_for()
    axe.check("documenten na toevoegen", shot="documenten")
    page.get_by_text("Document toevoegen").click()
    page.get_by_label("Titel").fill("Fout bestand")
    nep = tmp_path / "nep.pdf"
    nep.write_bytes(b"MZ not a pdf")
    page.get_by_label("Bestand").set_input_files(str(nep))
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_text("past niet bij de extensie .pdf").first.wait_for()
    axe.check("documenten met fout", shot="documenten-fout")
    axe.visit(f"/leerlingen/{ryan.pk}/tijdlijn/", "tijdlijn", shot="tijdlijn")
    assert page.get_by_text("Observatie in de klas").first.is_visible()
    page.get_by_role("button", name="Uitloggen").click()

    login(page, "mirjam@ouders.example")
    axe.visit(f"/leerlingen/{ryan.pk}/inzage/", "inzage", shot="inzage")
    assert page.get_by_text("Karin Jansen (intern begeleider, De Zonnebloem) bekeek Ryan de Wit").first.is_visible()
    axe.visit(f"/leerlingen/{ryan.pk}/", "leerling Ryan als ouder")
    page.get_by_text("Besluit vastleggen").click()
    page.get_by_label("Waarvoor").select_option("extern")
    page.locator("#id_besluit").select_option("gegeven")
    page.get_by_role("button", name="Vastleggen").click()
    page.get_by_text("Het besluit over de toestemming is vastgelegd.").wait_for()
    axe.check("leerling na toestemming", shot="ryan-toestemming")
    axe.assert_clean()
    assert (SCREENSHOTS / "inzage.png").exists()


def test_invitation_page(page, demo_data, axe):
    from passend.accounts.invitations import make_token
    from passend.accounts.models import User

    johan = User(email="johan@ouders.example", naam="Johan de Wit")
    johan.set_unusable_password()
    johan.save()
    axe.visit(f"/uitnodiging/{make_token(johan)}/", "uitnodiging", shot="uitnodiging")
    page.get_by_role("button", name="Wachtwoord instellen").click()
    page.locator(".error-summary").wait_for()
    axe.check("uitnodiging met fout", shot="uitnodiging-fout")
    axe.visit("/uitnodiging/onzin/", "uitnodiging verlopen")
    axe.assert_clean()
