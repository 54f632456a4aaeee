"""Externe betrokkenen in a real browser: Karin invites an external for Ryan and ends it again,
the jeugdarts of the demo opens Ryan's dossier from her start page, Mirjam sees who looked.
axe-core finds nothing on these pages; screenshots go to var/screenshots/externen-*.png.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import login, logout

pytestmark = pytest.mark.e2e

KARIN = "karin@voorbeeldregio.example"  # IB'er, De Zonnebloem
FATIMA = "fatima@ggd.example"  # jeugdarts, invited to Ryan's dossier in the demo
MIRJAM = "mirjam@ouders.example"  # Ryan's mother


def _leerling(voornaam):
    from passend.leerlingen.models import Leerling

    return Leerling.objects.get(voornaam=voornaam, school__instellingscode="20ZB00")


def _submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_karin_invites_and_ends_and_the_jeugdarts_looks(page, live_server, demo_data, axe):
    ryan = _leerling("Ryan")
    login(page, KARIN)

    # Without the parents' consent (Sanne) the invitation form is off, with the way to the consent.
    axe.visit(f"/leerlingen/{_leerling('Sanne').pk}/", "Sanne, zonder toestemming", shot="externen-zonder-toestemming")
    panel = page.locator("section", has=page.get_by_role("heading", name="Externe betrokkenen"))
    expect(panel.locator(".warning")).to_contain_text("Uitnodigen kan pas als de ouders toestemming hebben gegeven")
    expect(panel.get_by_role("link", name="Leg hun toestemming vast bij Toestemmingen")).to_be_visible()
    panel.get_by_text("Externe uitnodigen").click()
    expect(panel.get_by_role("button", name="Uitnodigen")).to_be_disabled()
    axe.check("Sanne, formulier uit")

    # Ryan's parents gave consent in the demo (for the jeugdarts).
    axe.visit(f"/leerlingen/{ryan.pk}/", "Ryan met paneel", shot="externen-paneel")
    panel = page.locator("section", has=page.get_by_role("heading", name="Externe betrokkenen"))
    tabel = panel.get_by_role("table", name="Wie heeft of had toegang")
    expect(tabel).to_contain_text("Fatima El Amrani")
    expect(tabel).to_contain_text("Actief")

    panel.get_by_text("Externe uitnodigen").click()
    _submit(page, "Uitnodigen")
    expect(page.locator("#id_naam_error")).to_have_text("Dit veld is vereist.")
    expect(page.locator("#id_geldig_tot_error")).to_have_text("Dit veld is vereist.")
    axe.check("Ryan, lege uitnodiging", shot="externen-fouten")

    # The address of someone at a school is refused: externals are invited by their own address.
    panel = page.locator("section", has=page.get_by_role("heading", name="Externe betrokkenen"))
    panel.get_by_label("Naam").fill("Jeroen Bakker")
    panel.get_by_label("E-mailadres").fill("karin@voorbeeldregio.example")
    panel.get_by_label("Waarvoor").fill("Observatie in de klas door de orthopedagoog van Jeugdzorg Drenthe")
    panel.get_by_label("Toegang tot en met").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    _submit(page, "Uitnodigen")
    expect(page.locator("#id_email_error")).to_contain_text("andere rol in Passend")
    axe.check("Ryan, adres van een medewerker")
    panel.get_by_label("E-mailadres").fill("jeroen@jeugdzorg.example")
    _submit(page, "Uitnodigen")
    expect(page.get_by_role("status").first).to_contain_text("Jeroen Bakker is uitgenodigd")
    expect(tabel).to_contain_text("Jeroen Bakker")
    axe.check("Ryan, na uitnodiging", shot="externen-uitgenodigd")
    assert [m.to for m in mail.outbox] == [["jeroen@jeugdzorg.example"]]
    assert "Ryan" not in mail.outbox[0].body and "Zonnebloem" not in mail.outbox[0].body

    page.get_by_role("link", name="Toegang beëindigen van Jeroen Bakker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegang van Jeroen Bakker beëindigen")
    axe.check("toegang beëindigen", shot="externen-beeindigen")
    page.get_by_label("Waarom eindigt de toegang?").fill("De observatie gaat niet door.")
    _submit(page, "Toegang beëindigen")
    expect(page.get_by_role("status").first).to_contain_text(
        "De toegang van Jeroen Bakker tot dit dossier is beëindigd."
    )
    rij = tabel.locator("tr", has_text="Jeroen Bakker")
    expect(rij).to_contain_text("Beëindigd")
    expect(rij).to_contain_text("De observatie gaat niet door.")
    axe.check("Ryan, na beëindigen")
    logout(page)

    # The jeugdarts: her start page lists Ryan's dossier with the end date.
    login(page, FATIMA)
    uitnodigingen = page.locator(
        "section", has=page.get_by_role("heading", name="Dossiers waarvoor u bent uitgenodigd")
    )
    expect(uitnodigingen).to_contain_text("Ryan de Wit")
    expect(uitnodigingen).to_contain_text("toegang tot en met")
    axe.check("mijn taken, extern", shot="externen-mijn-taken")
    uitnodigingen.get_by_role("link", name="Ryan de Wit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ryan de Wit")
    expect(page.get_by_role("note").first).to_contain_text("U heeft toegang tot dit dossier tot en met")
    expect(page.get_by_text("mirjam@ouders.example")).to_have_count(0)
    expect(page.get_by_role("heading", name="Externe betrokkenen")).to_have_count(0)
    expect(page.get_by_role("link", name="Wie keek in dit dossier?")).to_have_count(0)
    axe.check("Ryan, als extern", shot="externen-dossier-extern")
    axe.visit(f"/leerlingen/{ryan.pk}/documenten/", "documenten, als extern", shot="externen-documenten-extern")
    axe.visit(f"/leerlingen/{ryan.pk}/groeidocument/", "groeidocument, als extern")
    expect(page.get_by_role("button", name="Bijdrage opslaan")).to_have_count(0)
    logout(page)

    # Mirjam sees that the jeugdarts looked.
    login(page, MIRJAM)
    axe.visit(f"/leerlingen/{ryan.pk}/inzage/", "inzage na extern", shot="externen-inzage")
    expect(page.get_by_text("Fatima El Amrani (externe betrokkene,").first).to_be_visible()
    axe.assert_clean()
