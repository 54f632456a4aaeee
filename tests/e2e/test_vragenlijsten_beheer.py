"""Questionnaires for the beheerder and on an application, in a real browser: Bram loads a broken
definition (refused with its path named), opens the example VPI and loads a norm table with an
error (refused with its row) and then a good one; Karin attaches Ryan's finished VPI to the
concept application. axe on every page; screenshots in var/screenshots/."""

import pytest

from tests.e2e.conftest import AxeReport, login, logout

pytestmark = pytest.mark.e2e


def _ryan_met_vpi_en_concept():
    from datetime import date

    from passend.accounts.models import User
    from passend.core.demo_instrumenten import vpi_afronden
    from passend.leerlingen.models import Leerling
    from passend.trajecten.models import Traject
    from passend.trajecten.services import aanvraag_create

    ryan = Leerling.objects.get(voornaam="Ryan", achternaam="Wit")
    esther = User.objects.get(email="esther@voorbeeldregio.example")
    vpi_afronden(ryan, esther, date.today(), {"taal_spraak", "emoties"}, "Speciale interesses helpen hem.")
    traject = Traject.objects.get(leerling=ryan, route_versie__route__code="hga")
    aanvraag = aanvraag_create(
        actor=User.objects.get(email="karin@voorbeeldregio.example"),
        traject=traject,
        soort=traject.stap.aanvragen[0],
        ondersteuningsvraag="Wat heeft Ryan nodig?",
    )
    return traject, aanvraag


def test_beheer_of_questionnaires_and_attaching_one_to_an_application(demo_data, page, tmp_path):
    from passend.instrumenten.models import Instrument

    axe = AxeReport(page)
    login(page, "bram@voorbeeldregio.example")
    axe.visit("/beheer/vragenlijsten/", shot="vragenlijsten-beheer-01")
    kapot = tmp_path / "kapot.json"
    kapot.write_text('{"formaat": 1, "code": "eigen", "naam": "Eigen", "invuller": "leerkracht", "schaal": []}')
    page.get_by_label("Definitie (JSON)").set_input_files(str(kapot))
    page.get_by_role("button", name="Laden", exact=True).click()
    assert "schaal: moet een lijst van 2 tot 7 punten zijn." in page.content()
    axe.check("beheer, geweigerd bestand", shot="vragenlijsten-beheer-02-fout")

    vpi = Instrument.objects.get(code="vpi", actief=True, samenwerkingsverband__code="PO 20.01")
    axe.visit(f"/beheer/vragenlijsten/{vpi.pk}/", shot="vragenlijsten-beheer-03-instrument")
    normen = tmp_path / "normen.csv"
    normen.write_text(
        "gebied;ruw_van;ruw_tot;normscore;band;leeftijd_van_maanden;leeftijd_tot_maanden\nemoties;0;3;1;laag;;\n"
    )
    page.get_by_label("Normtabel (CSV)").set_input_files(str(normen))
    page.get_by_role("button", name="Normtabel laden").click()
    assert "Regel 2" in page.content() or "emoties" in page.content()
    axe.check("normtabel geweigerd", shot="vragenlijsten-beheer-04-normfout")
    logout(page)

    traject, aanvraag = _ryan_met_vpi_en_concept()
    login(page, "karin@voorbeeldregio.example")
    axe.visit(f"/trajecten/{traject.pk}/aanvragen/{aanvraag.pk}/")
    page.get_by_label("Afgeronde vragenlijst bijvoegen").select_option(index=0)
    page.get_by_role("button", name="Bijvoegen").click()
    sectie = page.locator("#vragenlijsten-kop").locator("xpath=..")
    assert "Vraagprofiel Instrument (VPI)" in sectie.inner_text()
    axe.check("aanvraag met vragenlijst", shot="vragenlijsten-beheer-05-aanvraag")
    axe.assert_clean()
