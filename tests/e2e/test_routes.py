"""Routes in a real browser: the beheerder copies a preset, changes a step's deadline (a new
version; Ryan's traject keeps its own), and an invalid route file is refused with its line;
a teacher starts a (second) traject for her pupil and an IB'er a question of the school. axe on each page."""

import re

import pytest

from tests.e2e.conftest import AxeReport, login, logout

pytestmark = pytest.mark.e2e


def test_beheerder_changes_a_deadline_and_a_bad_file_is_refused_with_its_line(page, demo_data):
    from passend.trajecten.models import Traject

    axe = AxeReport(page)
    login(page, "bram@voorbeeldregio.example")
    page.goto("/routes/")
    page.get_by_role("heading", name="Routes").first.wait_for()
    axe.check("routes", shot="routes")

    # A copy of HGA under the partnership's own code and name.
    page.get_by_label("Uitgangspunt").select_option(label="Handelingsgericht arrangeren (HGA)")
    page.get_by_label("Eigen code").fill("hga-noord")
    page.get_by_label("Eigen naam").fill("HGA Deelverband Noord")
    page.get_by_role("button", name="Route toevoegen").click()
    page.get_by_text("De route ‘HGA Deelverband Noord’ is toegevoegd.").wait_for()
    page.get_by_role("img", name=re.compile("Diagram van de route")).wait_for()
    axe.check("route (kopie)", shot="route-kopie")

    # The HGA route Ryan's traject runs on: change the deadline of the MDO.
    page.goto("/routes/")
    page.get_by_role("link", name="Handelingsgericht arrangeren (HGA)", exact=True).click()
    page.get_by_role("link", name=re.compile(r"Stap aanpassen\W+Multidisciplinair overleg")).click()
    axe.check("stap aanpassen", shot="stap-aanpassen")
    page.get_by_label("Termijn in dagen").fill("35")
    page.get_by_label("Wat is er veranderd").fill("Vijf weken voor het MDO")
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()
    page.get_by_text("Opgeslagen als versie 2. Lopende trajecten houden hun versie.").wait_for()
    page.get_by_role("cell", name=re.compile("35 dagen")).first.wait_for()
    ryan = Traject.objects.get(leerling__voornaam="Ryan")
    assert ryan.route_versie.nummer == 1

    # The whole file, with a typo in a step name an outcome leads to.
    page.get_by_role("link", name="Routebestand bewerken").click()
    bron = page.get_by_label("Routebestand (YAML)")
    tekst = bron.input_value().replace("naar: mdo\n", "naar: mdoo\n", 1)
    regel = next(i for i, r in enumerate(tekst.splitlines(), start=1) if r.strip() == "naar: mdoo")
    bron.fill(tekst)
    page.get_by_label("Wat is er veranderd").fill("Tikfout")
    page.get_by_role("button", name=re.compile("Opslaan")).click()
    page.get_by_text(
        re.compile(f"Regel {regel}: Uitkomst ‘versturen’ leidt naar een onbekende stap ‘mdoo’")
    ).first.wait_for()
    axe.check("routebestand met fout", shot="routebestand-fout")
    assert ryan.route_versie.route.versies.count() == 2  # nothing saved
    axe.assert_clean()


def test_a_teacher_starts_a_traject_and_an_ib_er_a_question_of_the_school(page, demo_data):
    axe = AxeReport(page)
    login(page, "esther@voorbeeldregio.example")
    page.get_by_role("link", name="Leerlingen", exact=True).click()
    page.get_by_role("link", name=re.compile("Ryan")).first.click()
    page.get_by_role("link", name="Traject starten").click()
    axe.check("traject starten", shot="traject-starten")
    page.get_by_role("button", name="Traject starten").click()  # nothing filled in
    page.get_by_role("alert").wait_for()
    axe.check("traject starten met fouten")
    page.get_by_label("Route").select_option(label="Vijf ondersteuningsniveaus")
    page.get_by_label("Ondersteuningsvraag").fill("Hoe helpen we Ryan verder met zijn taal?")
    page.get_by_label("Wat is er aan de hand").fill("Ryan gebruikt weinig woorden in de kring.")
    page.get_by_role("button", name="Traject starten").click()
    page.get_by_text("Het traject is gestart.").wait_for()
    axe.check("nieuw traject", shot="traject-nieuw")
    logout(page)

    login(page, "karin@voorbeeldregio.example")
    page.get_by_role("link", name="Trajecten", exact=True).click()
    page.get_by_role("link", name="Start een schoolarrangement").click()
    axe.check("schoolvraag starten", shot="schoolvraag-starten")
    page.get_by_label("Waarover gaat de vraag").select_option(label="Het schoolteam")
    page.get_by_label("Route").select_option(label="Schoolarrangement of specialistische expertise")
    page.get_by_label("Ondersteuningsvraag").fill("Hoe gaat het team om met de onrust in groep 3?")
    page.get_by_label("Wat is er aan de hand").fill("Drie leerkrachten melden onrust na de pauzes.")
    page.get_by_role("button", name="Traject starten").click()
    page.get_by_text("Het traject is gestart.").wait_for()
    page.get_by_role("heading", name=re.compile("De Zonnebloem: het schoolteam")).wait_for()
    axe.assert_clean()
