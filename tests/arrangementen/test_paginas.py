"""The arrangement pages through the HTTP layer, with the persona cast: granting on a decision,
the arrangement page and its forms (each only for who may), hours, evaluations, the parents'
questionnaire, the list, Mijn caseload, Toewijzen and closing a month; refusals with Dutch
messages at the field and nothing saved; constant queries on the pages over many arrangements."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passend.arrangementen import services
from passend.arrangementen.models import (
    Aanbieder,
    Arrangement,
    ArrangementDoel,
    Evaluatie,
    Inzet,
    Maandafsluiting,
    OuderVragenlijst,
)
from passend.organisaties.models import Deskundige, Expertisethema
from tests.arrangementen import helpers as ah
from tests.trajecten import aanvragen_helpers as tah
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db

vandaag = timezone.localdate


def _vastleggen_url(besluit):
    return reverse("arrangementen:vastleggen", args=[besluit.aanvraag.traject_id, besluit.aanvraag_id])


def _aanvraag_url(besluit):
    return reverse("trajecten:aanvraag", args=[besluit.aanvraag.traject_id, besluit.aanvraag_id])


def _detail(arrangement):
    return reverse("arrangementen:detail", args=[arrangement.pk])


def _gegevens(**wijziging):
    start = vandaag() - timedelta(days=7)
    return {
        "soort": "onderwijsarrangement",
        "ontvangers": ["leerling", "leerkracht"],
        "doel_omschrijving": "Ryan komt tot leren in de groep.",
        "doelen": "Werkt 15 minuten zelfstandig.\nVraagt zelf om hulp.",
        "activiteiten": "Begeleiding in de klas en coaching van de leerkracht.",
        "plaats": "eigen_school",
        "rooster": "drie ochtenden per week",
        "startdatum": start.isoformat(),
        "einddatum": (start + timedelta(weeks=20)).isoformat(),
        "materiaalbudget": "125,50",
        "financiering": "swv",
        **wijziging,
    }


def expert(cast, key="expert", naam="Expert Gedrag", **velden):
    """An expert of the pool with an account (deskundige role)."""
    user = h.staf(cast, key, "deskundige")
    deskundige = Deskundige.objects.create(
        samenwerkingsverband=cast.swv,
        naam=naam,
        organisatie="Expertpool",
        discipline=velden.pop("discipline", "gedragsspecialist"),
        uren_beschikbaar=velden.pop("uren", Decimal("400")),
        gebruiker=user,
        **velden,
    )
    return user, deskundige


def toewijzen(cast, arrangement, deskundige, uren="40"):
    return services.aanbieder_toewijzen(
        actor=cast.trajectbegeleider,
        arrangement=arrangement,
        soort="deskundige",
        deskundige=deskundige,
        uren_gepland=Decimal(uren),
    )


# --- Granting on a decision -------------------------------------------------------------------


def test_the_trajectbegeleider_grants_the_arrangement_from_the_decision(cast, client):
    besluit = ah.besluit(cast)
    client.force_login(cast.ib_a)
    assert "Arrangement vastleggen" not in client.get(_aanvraag_url(besluit)).content.decode()
    client.force_login(cast.trajectbegeleider)
    page = client.get(_aanvraag_url(besluit)).content.decode()
    assert "Arrangement vastleggen" in page and _vastleggen_url(besluit) in page
    form = client.get(_vastleggen_url(besluit)).content.decode()
    # Only the kinds the decided application may become.
    assert "Onderwijsarrangement (OA)" in form and "Tijdelijke plaatsing" not in form
    response = client.post(_vastleggen_url(besluit), _gegevens())
    arrangement = Arrangement.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(arrangement)
    assert arrangement.materiaalbudget == Decimal("125.50") and arrangement.rooster == "drie ochtenden per week"
    assert [d.omschrijving for d in arrangement.doelen.all()] == [
        "Werkt 15 minuten zelfstandig.",
        "Vraagt zelf om hulp.",
    ]
    assert arrangement.evaluaties.filter(moment="eind").exists()
    # The decision now links to its arrangement, and a second one is not offered.
    page = client.get(_aanvraag_url(besluit)).content.decode()
    assert "Het arrangement bij dit besluit" in page and "Arrangement vastleggen" not in page
    assert client.get(_vastleggen_url(besluit))["Location"] == _detail(arrangement)


@pytest.mark.parametrize(
    ("wijziging", "melding"),
    [
        (
            {"startdatum": "2026-02-01", "einddatum": "2026-01-01"},
            "De einddatum ligt vóór de startdatum.",
        ),
        ({"materiaalbudget": "-5"}, "Een budget kan niet negatief zijn."),
        ({"materiaalbudget": "12,345"}, "Gebruik hoogstens twee cijfers achter de komma (centen)."),
        ({"ontvangers": []}, "Kies voor wie het arrangement is."),
        ({"plaats": "andere_school"}, "Kies de school waar het arrangement plaatsvindt."),
        ({"soort": "tijdelijke_plaatsing"}, "Selecteer een geldige keuze."),
        ({"doelen": "Goed <b>lezen</b>"}, "HTML of scripts zijn hier niet toegestaan"),
    ],
)
def test_bad_input_is_refused_at_the_field_in_dutch_and_nothing_is_saved(cast, client, wijziging, melding):
    besluit = ah.besluit(cast)
    client.force_login(cast.trajectbegeleider)
    response = client.post(_vastleggen_url(besluit), _gegevens(**wijziging))
    assert response.status_code == 400
    page = response.content.decode()
    assert melding in page
    assert not Arrangement.objects.exists() and not ArrangementDoel.objects.exists()


def test_markup_is_refused_and_shown_back_escaped(cast, client):
    besluit = ah.besluit(cast)
    client.force_login(cast.trajectbegeleider)
    response = client.post(_vastleggen_url(besluit), _gegevens(doel_omschrijving="<script>alert(1)</script>"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not Arrangement.objects.exists()


def test_who_may_grant_the_arrangement(cast, client):
    besluit = ah.besluit(cast)
    url = _vastleggen_url(besluit)
    # The school and the parent see the decision but do not grant; another school does not see it.
    for persona, status in (
        (cast.ib_a, 403),
        (cast.leerkracht_a, 403),
        (cast.ouder, 403),
        (cast.ib_b, 404),
        (cast.beheerder_other, 404),
    ):
        client.force_login(persona)
        assert client.get(url).status_code == status, persona
        assert client.post(url, _gegevens()).status_code == status, persona
    assert not Arrangement.objects.exists()


# --- The arrangement page ---------------------------------------------------------------------


def test_the_page_shows_each_form_only_to_who_may_use_it(cast, client):
    arrangement = ah.arrangement(cast)
    teamleider = h.staf(cast, "teamleider", "teamleider")
    verwacht = {
        # persona: (assign a provider, book hours, record an evaluation, parents' questionnaire, extend)
        cast.trajectbegeleider: (True, True, True, False, True),
        teamleider: (True, True, True, False, True),
        cast.ib_a: (False, False, True, False, False),
        cast.leerkracht_a: (False, False, False, False, False),
        cast.ouder: (False, False, False, True, False),
    }
    for persona, (toewijzen_, boeken, evalueren, vragenlijst, verlengen) in verwacht.items():
        client.force_login(persona)
        response = client.get(_detail(arrangement))
        assert response.status_code == 200, persona
        page = response.content.decode()
        assert ("Aanbieder toewijzen" in page) == toewijzen_, persona
        assert ('value="inzet"' in page) == boeken, persona
        assert ("Evaluatie vastleggen" in page) == evalueren, persona
        assert ("Uw mening als ouder" in page) == vragenlijst, persona
        assert ('value="verlengen"' in page) == verlengen, persona
        assert "Ryan komt tot leren in de groep." in page
    for persona in (cast.ib_b, cast.extern_uitgenodigd, cast.beheerder, cast.beheerder_other):
        client.force_login(persona)
        assert client.get(_detail(arrangement)).status_code == 404, persona


def test_a_school_or_parent_posting_a_form_they_do_not_have_is_refused(cast, client):
    arrangement = ah.arrangement(cast)
    deskundige = Deskundige.objects.create(
        samenwerkingsverband=cast.swv, naam="Pool", organisatie="Expertpool", discipline="orthopedagoog"
    )
    for persona in (cast.ib_a, cast.ouder, cast.leerkracht_a):
        client.force_login(persona)
        response = client.post(
            _detail(arrangement),
            {"formulier": "aanbieder", "soort": "deskundige", "deskundige": deskundige.pk, "uren_gepland": "10"},
        )
        assert response.status_code == 403, persona
        assert client.post(_detail(arrangement), {"formulier": "verlengen"}).status_code == 403
    client.force_login(cast.leerkracht_a)
    assert client.post(_detail(arrangement), {"formulier": "evaluatie"}).status_code == 403
    assert client.post(_detail(arrangement), {"formulier": "oudervragenlijst"}).status_code == 403
    assert not Aanbieder.objects.exists()


def test_assigning_from_the_pool_shows_why_and_the_expert_then_books_hours(cast, client):
    from tests.trajecten import aanvragen_helpers

    thema = Expertisethema.objects.filter(slug="dcd").first() or Expertisethema.objects.create(slug="dcd", naam="DCD")
    _aanvraag, besluit = aanvragen_helpers.besloten(cast, soort="specialistische_expertise")
    arrangement = ah.arrangement(cast, besluit, soort="specialistische_expertise")
    user, deskundige = expert(cast, uren=Decimal("100"))
    deskundige.expertises.add(thema)
    client.force_login(cast.trajectbegeleider)
    page = client.get(_detail(arrangement)).content.decode()
    assert "past bij het thema, 100 uur vrij dit schooljaar" in page
    response = client.post(
        _detail(arrangement),
        {"formulier": "aanbieder", "soort": "deskundige", "deskundige": deskundige.pk, "uren_gepland": "30"},
    )
    assert response.status_code == 302
    aanbieder = arrangement.aanbieders.get()
    assert (aanbieder.deskundige, aanbieder.uren_gepland, aanbieder.naam) == (
        deskundige,
        Decimal("30"),
        "Expert Gedrag",
    )
    client.force_login(user)
    page = client.get(_detail(arrangement)).content.decode()
    assert 'value="inzet"' in page and "Aanbieder toewijzen" not in page
    response = client.post(
        _detail(arrangement),
        {
            "formulier": "inzet",
            "aanbieder": aanbieder.pk,
            "datum": vandaag().isoformat(),
            "activiteit": "observatie",
            "uren": "1,5",
            "toelichting": 'Gesprek met "moeder" & vader',
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Inzet.objects.get().uren == Decimal("1.50")
    page = client.get(_detail(arrangement)).content.decode()
    assert "1,5 geleverd van 30 gepland" in page
    assert "Gesprek met &quot;moeder&quot; &amp; vader" in page


def _aanbieder(cast, arrangement, uren="20"):
    return services.aanbieder_toewijzen(
        actor=cast.trajectbegeleider,
        arrangement=arrangement,
        soort="jeugdhulp",
        naam="Jeugdhulp Noord",
        uren_gepland=Decimal(uren),
    )


def _boek(client, arrangement, aanbieder, datum, uren="2"):
    return client.post(
        _detail(arrangement),
        {
            "formulier": "inzet",
            "aanbieder": aanbieder.pk,
            "datum": datum.isoformat(),
            "activiteit": "consultatie",
            "uren": uren,
        },
    )


@pytest.mark.parametrize(
    ("uren", "dagen", "melding"),
    [
        ("-1", 0, "Vul een aantal uren in tussen 0,25 en 24."),
        ("0", 0, "Vul een aantal uren in tussen 0,25 en 24."),
        ("25", 0, "Vul een aantal uren in tussen 0,25 en 24."),
        ("twee", 0, "Vul een aantal uren in, bijvoorbeeld 1,5."),
        ("1", -3, "Boek inzet niet vooruit: deze datum ligt in de toekomst."),
    ],
)
def test_bad_hours_are_refused_at_the_field_and_nothing_is_saved(cast, client, uren, dagen, melding):
    arrangement = ah.arrangement(cast)
    aanbieder = _aanbieder(cast, arrangement)
    client.force_login(cast.trajectbegeleider)
    response = _boek(client, arrangement, aanbieder, vandaag() - timedelta(days=dagen), uren)
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert not Inzet.objects.exists()


def test_hours_in_a_closed_month_are_refused_through_the_pages(cast, client):
    vorige = (vandaag().replace(day=1) - timedelta(days=1)).replace(day=1)
    arrangement = ah.arrangement(cast, start=vorige, weken=20)
    aanbieder = _aanbieder(cast, arrangement)
    management = h.staf(cast, "management", "swv_management")
    client.force_login(management)
    page = client.get(reverse("arrangementen:maanden")).content.decode()
    label = f"{vorige:%Y}-{vorige.month}"
    assert f'value="{label}"' in page
    response = client.post(reverse("arrangementen:maanden"), {"samenwerkingsverband": cast.swv.pk, "maand": label})
    assert response.status_code == 302
    assert Maandafsluiting.objects.filter(jaar=vorige.year, maand=vorige.month).exists()
    assert "Afgesloten op" in client.get(reverse("arrangementen:maanden")).content.decode()
    # The current month cannot be closed; a month twice neither.
    for maand in (f"{vandaag():%Y}-{vandaag().month}", label):
        response = client.post(reverse("arrangementen:maanden"), {"samenwerkingsverband": cast.swv.pk, "maand": maand})
        assert response.status_code == 400
    assert (
        "Sluit alleen een maand af die voorbij is."
        in client.post(
            reverse("arrangementen:maanden"),
            {"samenwerkingsverband": cast.swv.pk, "maand": f"{vandaag():%Y}-{vandaag().month}"},
        ).content.decode()
    )
    client.force_login(cast.trajectbegeleider)
    response = _boek(client, arrangement, aanbieder, vorige + timedelta(days=3))
    assert response.status_code == 400
    assert f"De maand {vorige:%m-%Y} is afgesloten" in response.content.decode()
    assert not Inzet.objects.exists()
    # Another partnership's beheerder closes nothing here; the school does not open the page.
    client.force_login(cast.beheerder_other)
    assert (
        client.post(
            reverse("arrangementen:maanden"), {"samenwerkingsverband": cast.swv.pk, "maand": "2020-1"}
        ).status_code
        == 400
    )
    assert not Maandafsluiting.objects.filter(jaar=2020).exists()
    client.force_login(cast.ib_a)
    assert client.get(reverse("arrangementen:maanden")).status_code == 403


def test_an_end_date_before_the_start_is_refused_when_extending(cast, client):
    arrangement = ah.arrangement(cast)
    client.force_login(cast.trajectbegeleider)
    response = client.post(
        _detail(arrangement),
        {
            "formulier": "verlengen",
            "einddatum": (arrangement.startdatum - timedelta(days=1)).isoformat(),
            "toelichting": "Langer nodig.",
        },
    )
    assert response.status_code == 400
    assert "Kies een einddatum na de huidige einddatum." in response.content.decode()
    oud = arrangement.einddatum
    arrangement.refresh_from_db()
    assert arrangement.einddatum == oud and arrangement.status == "toegekend"


def _evaluatie_post(evaluatie, doelen, **wijziging):
    return {
        "formulier": "evaluatie",
        "evaluatie": evaluatie.pk,
        "datum": vandaag().isoformat(),
        "visie_leerkracht": "Hij werkt langer zelfstandig.",
        "visie_ouders": "Thuis gaat het beter.",
        "visie_leerling": "Ik vind het fijn.",
        "uitkomst": "voortzetten",
        **{f"resultaat_{d.pk}": "deels" for d in doelen},
        **wijziging,
    }


def test_the_ib_records_an_evaluation_per_goal_and_an_ended_arrangement_is_not_evaluated(cast, client):
    arrangement = ah.arrangement(cast, weken=4)
    evaluatie = arrangement.evaluaties.get()
    doelen = list(arrangement.doelen.all())
    client.force_login(cast.ib_a)
    # A goal without a result: its Dutch message, nothing recorded.
    response = client.post(_detail(arrangement), _evaluatie_post(evaluatie, [], uitkomst="voortzetten"))
    assert response.status_code == 400
    assert "Geef aan of het doel ‘Werkt 15 minuten zelfstandig.’ is behaald." in response.content.decode()
    evaluatie.refresh_from_db()
    assert evaluatie.datum is None
    response = client.post(
        _detail(arrangement),
        _evaluatie_post(evaluatie, doelen, uitkomst="nieuwe_doelen", nieuwe_doelen="Speelt samen in de pauze."),
    )
    assert response.status_code == 302
    evaluatie.refresh_from_db()
    arrangement.refresh_from_db()
    assert evaluatie.uitkomst == "nieuwe_doelen" and arrangement.status == "geevalueerd"
    assert arrangement.doelen.count() == 2
    page = client.get(_detail(arrangement)).content.decode()
    assert "Thuis gaat het beter." in page and "deels behaald" in page
    # Once recorded, not again.
    response = client.post(_detail(arrangement), _evaluatie_post(evaluatie, arrangement.doelen.all()))
    assert response.status_code == 400 and "Deze evaluatie is al vastgelegd." in response.content.decode()
    # Ended, then refused.
    response = client.post(_detail(arrangement), {"formulier": "beeindigen", "toelichting": "Doelen behaald."})
    assert response.status_code == 302
    response = client.post(_detail(arrangement), _evaluatie_post(evaluatie, arrangement.doelen.all()))
    assert response.status_code == 400
    assert "Dit arrangement is beëindigd; er valt niets meer te evalueren." in response.content.decode()
    assert "Evaluatie vastleggen" not in client.get(_detail(arrangement)).content.decode()


def test_the_parent_fills_in_her_questionnaire_once(cast, client):
    arrangement = ah.arrangement(cast)
    client.force_login(cast.ouder)
    response = client.post(_detail(arrangement), {"formulier": "oudervragenlijst", "helpt": "3"})
    assert response.status_code == 400
    assert "Kies een antwoord." in response.content.decode()
    assert not OuderVragenlijst.objects.exists()
    data = {"formulier": "oudervragenlijst", "helpt": "3", "betrokken": "4", "afspraken": "2", "opmerking": "Fijn!"}
    assert client.post(_detail(arrangement), data).status_code == 302
    lijst = OuderVragenlijst.objects.get()
    assert (lijst.helpt, lijst.betrokken, lijst.afspraken, lijst.evaluatie) == (3, 4, 2, arrangement.evaluaties.get())
    page = client.get(_detail(arrangement)).content.decode()
    assert "Uw mening als ouder" not in page and "“Fijn!”" in page
    assert client.post(_detail(arrangement), data).status_code == 302  # told it is done, not saved twice
    assert OuderVragenlijst.objects.count() == 1


def test_switching_and_reassigning_keep_the_history_and_the_hours(cast, client):
    _aanvraag, besluit = tah.besloten(cast, soort="specialistische_expertise")
    arrangement = ah.arrangement(cast, besluit, soort="specialistische_expertise")
    eerste = _aanbieder(cast, arrangement, "40")
    services.inzet_boeken(
        actor=cast.trajectbegeleider, aanbieder=eerste, datum=vandaag(), activiteit="observatie", uren=Decimal("10")
    )
    client.force_login(cast.trajectbegeleider)
    response = client.post(_detail(arrangement), {"formulier": "aanbieder_beeindigen", "aanbieder": eerste.pk})
    assert response.status_code == 302
    response = client.post(
        _detail(arrangement), {"formulier": "aanbieder", "soort": "jeugdhulp", "naam": "Nieuw", "uren_gepland": "30"}
    )
    assert response.status_code == 302
    response = client.post(
        _detail(arrangement),
        {"formulier": "omzetten", "naar_soort": "schoolarrangement", "toelichting": "De vraag blijkt kleiner."},
    )
    assert response.status_code == 302
    page = client.get(_detail(arrangement)).content.decode()
    # The ended provider counts for the 10 hours given; the new one for 30 planned.
    assert "10 geleverd van 40 gepland" in page
    assert "Omgezet van arrangement specialistische expertise naar schoolarrangement" in page
    arrangement.refresh_from_db()
    assert arrangement.soort == "schoolarrangement"
    assert arrangement.aanbieders.filter(beeindigd_op__isnull=True).get().naam == "Nieuw"


# --- Pages over many arrangements ---------------------------------------------------------------


def _meer(arrangement, aantal: int, *, deskundige=None, school=None):
    """`aantal` copies of `arrangement` with a goal, an open evaluation, a provider and hours
    (test data only: the services are tested elsewhere)."""
    kopieen = []
    for i in range(aantal):
        kopie = Arrangement.objects.create(
            samenwerkingsverband_id=arrangement.samenwerkingsverband_id,
            traject_id=arrangement.traject_id,
            besluit_id=arrangement.besluit_id,
            leerling_id=arrangement.leerling_id,
            school=school or arrangement.school,
            soort=arrangement.soort,
            status="lopend",
            ontvangers=["leerling"],
            doel_omschrijving=f"Kopie {i}",
            startdatum=arrangement.startdatum,
            einddatum=arrangement.einddatum,
            aangemaakt_door=arrangement.aangemaakt_door,
        )
        ArrangementDoel.objects.create(arrangement=kopie, omschrijving="Doel")
        Evaluatie.objects.create(arrangement=kopie, moment="eind", gepland_op=vandaag() + timedelta(days=10))
        if deskundige is not None:
            aanbieder = Aanbieder.objects.create(
                arrangement=kopie,
                soort="deskundige",
                deskundige=deskundige,
                naam=deskundige.naam,
                uren_gepland=Decimal("10"),
                toegewezen_door=arrangement.aangemaakt_door,
            )
            Inzet.objects.create(
                arrangement=kopie,
                aanbieder=aanbieder,
                datum=vandaag(),
                activiteit="observatie",
                uren=Decimal("1"),
                geboekt_door=arrangement.aangemaakt_door,
            )
        kopieen.append(kopie)
    return kopieen


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_mijn_caseload_lists_own_and_colleagues_arrangements_in_constant_queries(cast, client):
    arrangement = ah.arrangement(cast)
    user, deskundige = expert(cast)
    collega_user, collega = expert(cast, "collega", "Collega Taal", discipline="onderwijsspecialist")
    toewijzen(cast, arrangement, deskundige)
    ander = ah.arrangement(cast, ah.besluit(cast))
    toewijzen(cast, ander, collega)
    client.force_login(user)
    page = client.get(reverse("arrangementen:caseload")).content.decode()
    assert "Mijn arrangementen (1)" in page and "Van collega's op dezelfde scholen (1)" in page
    assert "collega</span>" in page and "Collega Taal" in page
    _meer(arrangement, 1, deskundige=deskundige)
    _meer(ander, 1, deskundige=collega)
    eerst, _ = _queries(client, reverse("arrangementen:caseload"))
    _meer(arrangement, 498, deskundige=deskundige)
    _meer(ander, 30, deskundige=collega)
    later, page = _queries(client, reverse("arrangementen:caseload"))
    assert "Mijn arrangementen (500)" in page and "Van collega's op dezelfde scholen (32)" in page
    assert later == eerst
    # Booking hours from the caseload, on the expert's own part only.
    eigen = arrangement.aanbieders.get()
    response = client.post(
        reverse("arrangementen:caseload"),
        {"aanbieder": eigen.pk, "datum": vandaag().isoformat(), "activiteit": "begeleiding_leerling", "uren": "2"},
    )
    assert response.status_code == 302 and Inzet.objects.filter(aanbieder=eigen).count() == 1
    response = client.post(
        reverse("arrangementen:caseload"),
        {
            "aanbieder": ander.aanbieders.get().pk,
            "datum": vandaag().isoformat(),
            "activiteit": "observatie",
            "uren": "2",
        },
    )
    assert response.status_code == 400 and "Selecteer een geldige keuze" in response.content.decode()
    # A school's staff have no caseload.
    client.force_login(cast.ib_a)
    assert client.get(reverse("arrangementen:caseload")).status_code == 403


def test_toewijzen_lists_arrangements_without_an_expert_with_suggestions_in_constant_queries(cast, client):
    arrangement = ah.arrangement(cast)
    teamleider = h.staf(cast, "teamleider", "teamleider")
    _user, deskundige = expert(cast, uren=Decimal("120"))
    client.force_login(teamleider)
    page = client.get(reverse("arrangementen:toewijzen")).content.decode()
    assert "Ryan Test" in page and "<td>120 uur vrij dit schooljaar</td>" in page and "ander thema" not in page
    assert "Expert Gedrag toewijzen" in page
    assert "1 arrangement wacht op een deskundige." in page
    _meer(arrangement, 1)
    eerst, _ = _queries(client, reverse("arrangementen:toewijzen"))
    _meer(arrangement, 498)
    Deskundige.objects.create(samenwerkingsverband=cast.swv, naam="Tweede", organisatie="Pool", discipline="pedagoog")
    later, page = _queries(client, reverse("arrangementen:toewijzen"))
    # 500 waiting, shown 25 to a page, the oldest start first.
    assert "500 arrangementen wachten op een deskundige." in page and "Pagina 1 van 20" in page
    assert page.count("Expert Gedrag toewijzen") == 25 and page.count("Tweede toewijzen") == 25
    assert later == eerst
    laatste, page = _queries(client, reverse("arrangementen:toewijzen") + "?pagina=20")
    assert laatste == eerst and page.count("Expert Gedrag toewijzen") == 25
    # Assign from the suggestions: the arrangement leaves the list.
    response = client.post(
        reverse("arrangementen:toewijzen"),
        {"arrangement": arrangement.pk, "deskundige": deskundige.pk, "uren_gepland": "-4"},
    )
    assert response.status_code == 400 and "Het aantal uren kan niet negatief zijn." in response.content.decode()
    response = client.post(
        reverse("arrangementen:toewijzen"),
        {"arrangement": arrangement.pk, "deskundige": deskundige.pk, "uren_gepland": "24"},
    )
    assert response.status_code == 302
    assert arrangement.aanbieders.get().deskundige == deskundige
    assert (
        f'name="arrangement" value="{arrangement.pk}"'
        not in client.get(reverse("arrangementen:toewijzen")).content.decode()
    )
    client.force_login(cast.ib_a)
    assert client.get(reverse("arrangementen:toewijzen")).status_code == 403


def test_the_list_and_the_arrangement_page_stay_at_constant_queries(cast, client):
    arrangement = ah.arrangement(cast)
    # Two providers with the same planned hours count twice.
    _aanbieder(cast, arrangement, "20")
    services.aanbieder_toewijzen(
        actor=cast.trajectbegeleider,
        arrangement=arrangement,
        soort="school",
        naam="School B",
        uren_gepland=Decimal("20"),
    )
    client.force_login(cast.trajectbegeleider)
    page = client.get(reverse("arrangementen:lijst")).content.decode()
    assert "0 / 40" in page
    pool = Deskundige.objects.create(
        samenwerkingsverband=cast.swv, naam="Pool", organisatie="Expertpool", discipline="orthopedagoog"
    )
    _meer(arrangement, 1, deskundige=pool)
    aanbieder = arrangement.aanbieders.first()
    services.inzet_boeken(
        actor=cast.trajectbegeleider, aanbieder=aanbieder, datum=vandaag(), activiteit="observatie", uren=Decimal("1")
    )
    eerst, _ = _queries(client, reverse("arrangementen:lijst"))
    detail_eerst, _ = _queries(client, _detail(arrangement))
    _meer(arrangement, 30, deskundige=pool)
    for dag in range(1, 5):
        services.inzet_boeken(
            actor=cast.trajectbegeleider,
            aanbieder=aanbieder,
            datum=vandaag() - timedelta(days=dag),
            activiteit="observatie",
            uren=Decimal("1"),
        )
    later, page = _queries(client, reverse("arrangementen:lijst"))
    assert "Arrangementen (32)" in page and "5 / 40" in page
    assert later == eerst
    # More providers, goals and hours on the page itself do not ask more either.
    services.aanbieder_toewijzen(
        actor=cast.trajectbegeleider,
        arrangement=arrangement,
        soort="school",
        naam="School C",
        uren_gepland=Decimal("5"),
    )
    ArrangementDoel.objects.create(arrangement=arrangement, omschrijving="Nog een doel")
    detail_later, page = _queries(client, _detail(arrangement))
    assert "School C" in page and "Nog een doel" in page
    assert detail_later == detail_eerst


# --- Mijn taken and the pupil's timeline --------------------------------------------------------


def test_mijn_taken_shows_evaluations_due_to_who_may_record_them(cast, client):
    from passend.trajecten.taken import taken_voor

    arrangement = ah.arrangement(cast, weken=3)  # the end evaluation is due in a week
    taken = [t for t in taken_voor(actor=cast.ib_a) if t.soort == "arrangement_evaluatie"]
    assert [(t.wat, t.over, t.te_laat) for t in taken] == [
        ("Eindevaluatie: onderwijsarrangement (OA)", "Ryan Test", False)
    ]
    assert taken[0].url == _detail(arrangement) + "#evaluaties-kop"
    for persona in (cast.leerkracht_a, cast.ouder, cast.ib_b):
        assert not [t for t in taken_voor(actor=persona) if t.soort == "arrangement_evaluatie"], persona
    client.force_login(cast.ib_a)
    page = client.get("/").content.decode()
    assert "Eindevaluatie: onderwijsarrangement (OA)" in page
    with CaptureQueriesContext(connection) as eerst:
        client.get("/")
    _meer(arrangement, 20)
    with CaptureQueriesContext(connection) as later:
        client.get("/")
    assert len(later) == len(eerst)


def test_mijn_taken_asks_the_parent_for_her_questionnaire_until_she_filled_it_in(cast, client):
    from passend.trajecten.taken import taken_voor

    arrangement = ah.arrangement(cast, weken=3)
    taken = [t for t in taken_voor(actor=cast.ouder) if t.soort == "oudervragenlijst"]
    assert [(t.wat, t.url) for t in taken] == [
        ("Vragenlijst invullen over het onderwijsarrangement (OA)", _detail(arrangement) + "#vragenlijst-kop")
    ]
    client.force_login(cast.ouder)
    data = {"formulier": "oudervragenlijst", "helpt": "4", "betrokken": "4", "afspraken": "3"}
    assert client.post(_detail(arrangement), data).status_code == 302
    assert not [t for t in taken_voor(actor=cast.ouder) if t.soort == "oudervragenlijst"]
    assert not [t for t in taken_voor(actor=cast.ib_a) if t.soort == "oudervragenlijst"]


def test_mijn_taken_shows_the_tasks_around_a_temporary_placement(cast, client):
    from passend.trajecten.taken import taken_voor
    from tests.dossier.test_opp import _vastgesteld as opp_vastgesteld

    opp_vastgesteld(client, cast)
    aanvraag = tah.ingediend(cast, soort="tlv_sbo")
    h.deskundigenadviezen(aanvraag.traject, cast.trajectbegeleider)
    h.stap(aanvraag.traject, cast.trajectbegeleider, "toekennen", "Een tijdelijke plaatsing in het SBO.")
    aanvraag.refresh_from_db()
    besluit = aanvraag.besluit
    start = vandaag() + timedelta(days=7)
    arrangement = ah.arrangement(
        cast, besluit, soort="tijdelijke_plaatsing", start=start, terugkeer_op=start + timedelta(weeks=20)
    )
    taken = [t for t in taken_voor(actor=cast.ib_a) if t.soort == "plaatsingstaak"]
    assert [t.wat for t in taken] == [
        "Observatie door de ontvangende school 1 (plaatsing)",
        "Observatie door de ontvangende school 2 (plaatsing)",
    ]
    assert taken[0].uiterlijk < vandaag() and taken[0].te_laat  # two weeks before the start
    # Reported done on the arrangement page: then it leaves Mijn taken.
    taak = arrangement.plaatsingstaken.order_by("uiterlijk", "id").first()
    client.force_login(cast.ib_a)
    page = client.get(_detail(arrangement)).content.decode()
    assert "Taken rond de plaatsing" in page and f'id="taak{taak.pk}-verslag"' in page
    data = {"formulier": "plaatsingstaak", "taak": taak.pk, "verslag": "", "op": vandaag().isoformat()}
    response = client.post(_detail(arrangement), data)
    assert response.status_code == 400
    assert "Schrijf kort op wat er is gedaan of gezien." in response.content.decode()
    data["verslag"] = "Meegekeken in groep 5 van het SBO; Ryan kan er rustig werken."
    assert client.post(_detail(arrangement), data).status_code == 302
    taak.refresh_from_db()
    assert taak.gedaan_op == vandaag() and taak.gedaan_door == cast.ib_a
    assert [t.wat for t in taken_voor(actor=cast.ib_a) if t.soort == "plaatsingstaak"] == [
        "Observatie door de ontvangende school 2 (plaatsing)"
    ]
    client.force_login(cast.leerkracht_a)
    assert client.post(_detail(arrangement), {**data, "taak": arrangement.plaatsingstaken.last().pk}).status_code == 403


def test_the_timeline_shows_the_arrangement_and_an_overdue_evaluation(cast, client):
    arrangement = ah.arrangement(cast, start=vandaag() - timedelta(weeks=10), weken=8)
    client.force_login(cast.ouder)
    page = client.get(reverse("dossier:tijdlijn", args=[cast.leerling_a.pk])).content.decode()
    assert "Onderwijsarrangement (OA) toegekend" in page
    assert "Te laat: eindevaluatie van het onderwijsarrangement (OA)" in page
    services.arrangement_beeindigen(actor=cast.ib_a, arrangement=arrangement, toelichting="Niet meer nodig.")
    page = client.get(reverse("dossier:tijdlijn", args=[cast.leerling_a.pk])).content.decode()
    assert "Onderwijsarrangement (OA) beëindigd: Niet meer nodig." in page and "Te laat" not in page
    # An invited external sees the dossier, not the arrangements.
    client.force_login(cast.extern_uitgenodigd)
    page = client.get(reverse("dossier:tijdlijn", args=[cast.leerling_a.pk])).content.decode()
    assert "Onderwijsarrangement" not in page


def test_the_rules_over_bulk_roles_agree_with_the_permissions(cast):
    """The list pages ask mag_toewijzen_met / mag_evalueren_met over roles read in bulk; they must
    answer what the permissions answer, for every persona."""
    from passend.arrangementen.policies import mag_evalueren_met, mag_toewijzen_met
    from passend.core.authz import can
    from passend.trajecten.policies import rollen_in_traject

    arrangement = ah.arrangement(cast)
    user, deskundige = expert(cast)
    toewijzen(cast, arrangement, deskundige)
    personas = [*cast.users.values(), user, h.staf(cast, "teamleider", "teamleider")]
    for persona in personas:
        rollen = rollen_in_traject(persona, arrangement.traject)
        assert mag_toewijzen_met(rollen) == can(persona, "arrangementen.toewijzen", arrangement), persona
        assert mag_evalueren_met(rollen) == can(persona, "arrangementen.evalueren", arrangement), persona
