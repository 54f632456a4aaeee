"""The five fields in a real browser: Karin records Ryan's needs (a missing level is refused at the
field) and opens the matching on his traject — De Zonnebloem plus the group at De Catamaran, with
the gap per field. Vincent, director of De Zonnebloem, submits a broader profile; Bram, beheerder,
checks it and looks at the covering network and its map, the five-field scale and the additional
arrangements. axe on every page; screenshots in var/screenshots/."""

import pytest

from tests.e2e.conftest import AxeReport, login, logout

pytestmark = pytest.mark.e2e


def _ryan():
    from passend.leerlingen.models import Leerling
    from passend.trajecten.models import Traject

    ryan = Leerling.objects.get(voornaam="Ryan", achternaam="Wit")
    return ryan, Traject.objects.get(leerling=ryan, route_versie__route__code="hga")


def test_needs_matching_profiles_and_the_network(demo_data, page):
    ryan, traject = _ryan()
    axe = AxeReport(page)

    login(page, "karin@voorbeeldregio.example")
    sanne = type(ryan).objects.get(voornaam="Sanne", achternaam="Vermeulen")
    page.goto(f"/leerlingen/{sanne.pk}/")
    page.get_by_role("link", name="Onderwijsbehoeften op de vijf velden").click()
    axe.check("onderwijsbehoeften, nog leeg", shot="vijf-velden-01-behoeften")
    page.get_by_label("2 — Dagelijks extra instructie of begeleiding, soms in een klein groepje").check()
    page.locator("#id_materiaal_1").check()
    page.locator("#id_ruimte_3").check()
    page.locator("#id_samenwerking_5").check()  # the last choice: "Onduidelijk"
    page.get_by_role("button", name="Vaststellen").click()  # expertise left open
    fout = page.locator("#id_expertise_error")
    assert "Kies een niveau voor expertise." in fout.inner_text()
    axe.check("onderwijsbehoeften met fout", shot="vijf-velden-02-fout")
    page.locator("#id_expertise_2").check()
    page.get_by_role("button", name="Vaststellen").click()
    assert "De onderwijsbehoeften zijn vastgelegd." in page.locator(".messages").inner_text()
    assert "onduidelijk" in page.locator("#vv-huidig").locator("xpath=..").inner_text()

    page.goto(f"/leerlingen/{ryan.pk}/onderwijsbehoeften/")
    page.get_by_role("link", name="Matching bij Handelingsgericht arrangeren (HGA)").click()
    advies = page.locator(".advies .uitkomst").inner_text()
    assert "De Zonnebloem met ‘Taal- en gedragsgroep De Catamaran’" in advies
    assert "tekort 2" in page.locator("#eigen-kop + ul").inner_text()
    axe.check("matching", shot="vijf-velden-03-matching")
    logout(page)

    login(page, "vincent@voorbeeldregio.example")
    page.goto(f"/netwerk/scholen/{ryan.school_id}/")
    page.get_by_role("link", name="Ondersteuningsprofiel op de vijf velden").click()
    axe.check("profiel", shot="vijf-velden-04-profiel")
    assert "Nieuwe versie, wacht op controle" in page.content()  # the demo's pending version
    logout(page)

    login(page, "bram@voorbeeldregio.example")
    axe.visit("/netwerk/profielen/controle/", shot="vijf-velden-05-controle")
    page.get_by_label("Goedgekeurd").check()
    page.get_by_role("button", name="Vastleggen").click()
    assert "goedgekeurd" in page.locator(".messages").inner_text()
    axe.visit("/netwerk/dekkend/", shot="vijf-velden-06-netwerk")
    assert page.locator("svg.netwerkkaart").count() == 1
    page.get_by_label("Kaart kleuren naar").select_option("expertise")
    page.get_by_role("button", name="Tonen").click()
    axe.check("dekkend netwerk, expertise", shot="vijf-velden-07-netwerk-expertise")
    axe.visit("/beheer/vijf-velden/", shot="vijf-velden-08-beheer")
    axe.visit("/beheer/aanvullende-arrangementen/", shot="vijf-velden-09-aanvullend")
    page.get_by_label("Naam").fill("Rustige werkplek")
    page.get_by_role("button", name="Opslaan").click()
    assert "Een aanvullend arrangement voegt op ten minste één veld iets toe." in page.content()
    axe.check("aanvullend arrangement met fout")
    axe.assert_clean()
