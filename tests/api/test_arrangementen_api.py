"""Arrangements through the API: the same services and selectors as the pages. Unseen is 404,
seen but not allowed 403 (before validating), bad input 400 with Dutch messages per field and
nothing saved — including the refusals the issue names: hours in a closed month, negative hours,
an end date before the start, an evaluation of an ended arrangement."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from passend.arrangementen import services
from passend.arrangementen.models import Aanbieder, Arrangement, Inzet, Maandafsluiting, OuderVragenlijst
from passend.core.models import AuditEvent
from passend.organisaties.models import Deskundige
from tests.arrangementen import helpers as ah
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db

ARRANGEMENTEN = "/api/v1/arrangementen/"
MAANDEN = "/api/v1/maandafsluitingen/"
NIET_GEVONDEN = {"detail": "Niet gevonden."}
GEEN_TOEGANG = {"detail": "U heeft geen toegang tot deze gegevens."}
vandaag = timezone.localdate


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def _als(client, user):
    client.logout()
    client.force_login(user)
    return client


def _url(arrangement, *deel) -> str:
    return f"{ARRANGEMENTEN}{arrangement.pk}/" + "".join(f"{d}/" for d in deel)


def _nieuw(besluit, **wijziging):
    start = vandaag() - timedelta(days=7)
    return {
        "besluit": besluit.pk,
        "soort": "onderwijsarrangement",
        "ontvangers": ["leerling"],
        "doel_omschrijving": "Ryan komt tot leren in de groep.",
        "doelen": [{"omschrijving": "Werkt 15 minuten zelfstandig."}],
        "rooster": "drie ochtenden per week",
        "startdatum": start.isoformat(),
        "einddatum": (start + timedelta(weeks=20)).isoformat(),
        "materiaalbudget": "150.00",
        **wijziging,
    }


def _jeugdhulp(cast, arrangement, uren="20"):
    return services.aanbieder_toewijzen(
        actor=cast.trajectbegeleider,
        arrangement=arrangement,
        soort="jeugdhulp",
        naam="Jeugdhulp",
        uren_gepland=Decimal(uren),
    )


# --- Granting ---------------------------------------------------------------------------------


def test_the_trajectbegeleider_grants_an_arrangement_on_a_decision(cast, client):
    besluit = ah.besluit(cast)
    response = _post(_als(client, cast.trajectbegeleider), ARRANGEMENTEN, _nieuw(besluit))
    assert response.status_code == 201, response.content
    body = response.json()
    arrangement = Arrangement.objects.get()
    assert (body["id"], body["besluit"], body["status"], body["soort"]) == (
        arrangement.pk,
        {"id": besluit.pk, "nummer": besluit.nummer},
        "toegekend",
        "onderwijsarrangement",
    )
    assert body["materiaalbudget"] == "150.00" and body["rooster"] == "drie ochtenden per week"
    assert [d["omschrijving"] for d in body["doelen"]] == ["Werkt 15 minuten zelfstandig."]
    assert [e["moment"] for e in body["evaluaties"]] == ["eind"]
    assert [g["status"] for g in body["gebeurtenissen"]] == ["toegekend"]
    assert AuditEvent.objects.filter(action="create", object_type="arrangementen.arrangement").exists()
    # One per decision.
    tweede = _post(client, ARRANGEMENTEN, _nieuw(besluit))
    assert tweede.status_code == 400 and tweede.json() == {
        "soort": [f"Bij besluit {besluit.nummer} hoort al een arrangement."]
    }


ONGELDIG = [
    (
        {"startdatum": "2026-02-01", "einddatum": "2026-01-01"},
        {"einddatum": ["De einddatum ligt vóór de startdatum."]},
    ),
    ({"materiaalbudget": "-5"}, {"materiaalbudget": ["Een budget kan niet negatief zijn."]}),
    ({"ontvangers": []}, {"ontvangers": ["Kies voor wie het arrangement is."]}),
    (
        {"soort": "tijdelijke_plaatsing"},
        {"soort": ["Deze soort arrangement past niet bij wat is aangevraagd en besloten."]},
    ),
    ({"plaats": "andere_school"}, {"plaats_school": ["Kies de school waar het arrangement plaatsvindt."]}),
    ({"plaats_school": 999999}, {"plaats_school": ["Kies uit het dekkend netwerk van uw samenwerkingsverband."]}),
    ({"besluit": 999999}, {"besluit": ["Kies een besluit dat u mag zien."]}),
    ({"doelen": [{"opp_doel": 999999}]}, {"doelen_0": ["Kies een doel uit het OPP van deze leerling."]}),
    (
        {"doel_omschrijving": "<b>x</b>"},
        {"doel_omschrijving": ["Gebruik geen < of > in dit veld; HTML of scripts zijn hier niet toegestaan."]},
    ),
]


@pytest.mark.parametrize("wijziging, fouten", ONGELDIG)
def test_bad_input_is_400_with_dutch_field_messages_and_saves_nothing(cast, client, wijziging, fouten):
    besluit = ah.besluit(cast)
    response = _post(_als(client, cast.trajectbegeleider), ARRANGEMENTEN, {**_nieuw(besluit), **wijziging})
    assert response.status_code == 400, response.content
    assert response.json() == fouten
    assert not Arrangement.objects.exists()


def test_who_may_grant_through_the_api(cast, client):
    besluit = ah.besluit(cast)
    # School staff and parents are refused before their input is read; another partnership's
    # staff member does not see the decision.
    for persona in (cast.ib_a, cast.ouder, cast.leerkracht_a, cast.beheerder):
        response = _post(_als(client, persona), ARRANGEMENTEN, _nieuw(besluit))
        assert (response.status_code, response.json()) == (403, GEEN_TOEGANG), persona
    other = h.staf(cast, "tb_other", "trajectbegeleider")
    other.lidmaatschappen.update(samenwerkingsverband=cast.swv_other)
    response = _post(_als(client, other), ARRANGEMENTEN, _nieuw(besluit))
    assert response.status_code == 400 and response.json() == {"besluit": ["Kies een besluit dat u mag zien."]}
    client.logout()
    assert _post(client, ARRANGEMENTEN, _nieuw(besluit)).status_code in (401, 403)
    assert not Arrangement.objects.exists()


def test_list_and_detail_are_scoped(cast, client):
    arrangement = ah.arrangement(cast)
    _jeugdhulp(cast, arrangement)
    for persona in (cast.ib_a, cast.ouder, cast.trajectbegeleider, cast.leerkracht_a):
        rijen = _als(client, persona).get(ARRANGEMENTEN).json()["results"]
        assert [(r["id"], r["uren_gepland"], r["uren_geleverd"]) for r in rijen] == [
            (arrangement.pk, "20.00", "0.00")
        ], persona
        assert client.get(_url(arrangement)).status_code == 200
    for persona in (cast.ib_b, cast.extern_uitgenodigd, cast.beheerder_other):
        assert _als(client, persona).get(ARRANGEMENTEN).json()["results"] == [], persona
        response = client.get(_url(arrangement))
        assert (response.status_code, response.json()) == (404, NIET_GEVONDEN), persona
    assert _als(client, cast.ib_a).get(ARRANGEMENTEN + "?status=beeindigd").json()["results"] == []


# --- Providers and hours ------------------------------------------------------------------------


def test_assigning_and_ending_a_provider(cast, client):
    arrangement = ah.arrangement(cast)
    deskundige = Deskundige.objects.create(
        samenwerkingsverband=cast.swv, naam="Pool Gedrag", organisatie="Expertpool", discipline="gedragsspecialist"
    )
    elders = Deskundige.objects.create(
        samenwerkingsverband=cast.swv_other, naam="Elders", organisatie="Pool", discipline="pedagoog"
    )
    response = _post(_als(client, cast.ib_a), _url(arrangement, "aanbieders"), {"soort": "deskundige"})
    assert (response.status_code, response.json()) == (403, GEEN_TOEGANG)
    client = _als(client, cast.trajectbegeleider)
    response = _post(
        client, _url(arrangement, "aanbieders"), {"soort": "deskundige", "deskundige": elders.pk, "uren_gepland": "10"}
    )
    assert response.status_code == 400
    assert response.json() == {"deskundige": ["Kies een deskundige uit de pool van uw samenwerkingsverband."]}
    response = _post(client, _url(arrangement, "aanbieders"), {"soort": "deskundige", "uren_gepland": "10"})
    assert response.status_code == 400 and response.json() == {"deskundige": ["Kies de deskundige."]}
    response = _post(
        client,
        _url(arrangement, "aanbieders"),
        {"soort": "deskundige", "deskundige": deskundige.pk, "uren_gepland": "-1"},
    )
    assert response.status_code == 400 and response.json() == {
        "uren_gepland": ["Het aantal uren kan niet negatief zijn."]
    }
    assert not Aanbieder.objects.exists()
    response = _post(
        client,
        _url(arrangement, "aanbieders"),
        {"soort": "deskundige", "deskundige": deskundige.pk, "uren_gepland": "40"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["naam"], body["uren_gepland"], body["actief"]) == ("Pool Gedrag", "40.00", True)
    response = _post(client, _url(arrangement, "aanbieders", body["id"], "beeindigen"))
    assert response.status_code == 200 and response.json()["actief"] is False
    again = _post(client, _url(arrangement, "aanbieders", body["id"], "beeindigen"))
    assert again.status_code == 400 and again.json() == {"non_field_errors": ["Deze aanbieder is al beëindigd."]}
    assert _post(client, _url(arrangement, "aanbieders", 999999, "beeindigen")).status_code == 404


@pytest.mark.parametrize(
    ("uren", "dagen", "fouten"),
    [
        ("-1", 0, {"uren": ["Vul een aantal uren in tussen 0,25 en 24."]}),
        ("0", 0, {"uren": ["Vul een aantal uren in tussen 0,25 en 24."]}),
        ("25", 0, {"uren": ["Vul een aantal uren in tussen 0,25 en 24."]}),
        ("1", -2, {"datum": ["Boek inzet niet vooruit: deze datum ligt in de toekomst."]}),
    ],
)
def test_bad_hours_are_400_and_nothing_is_booked(cast, client, uren, dagen, fouten):
    arrangement = ah.arrangement(cast)
    aanbieder = _jeugdhulp(cast, arrangement)
    data = {
        "aanbieder": aanbieder.pk,
        "datum": (vandaag() - timedelta(days=dagen)).isoformat(),
        "activiteit": "consultatie",
        "uren": uren,
    }
    response = _post(_als(client, cast.trajectbegeleider), _url(arrangement, "inzet"), data)
    assert response.status_code == 400 and response.json() == fouten
    assert not Inzet.objects.exists()


def test_hours_are_booked_and_refused_once_the_month_is_closed(cast, client):
    vorige = (vandaag().replace(day=1) - timedelta(days=1)).replace(day=1)
    arrangement = ah.arrangement(cast, start=vorige, weken=20)
    aanbieder = _jeugdhulp(cast, arrangement)
    client = _als(client, cast.trajectbegeleider)
    data = {
        "aanbieder": aanbieder.pk,
        "datum": (vorige + timedelta(days=2)).isoformat(),
        "activiteit": "consultatie",
        "uren": "1.5",
    }
    response = _post(client, _url(arrangement, "inzet"), data)
    assert response.status_code == 201 and response.json()["uren"] == "1.50"
    management = h.staf(cast, "management", "swv_management")
    response = _post(_als(client, management), MAANDEN, {"jaar": vorige.year, "maand": vorige.month})
    assert response.status_code == 201, response.content
    assert response.json()["afgesloten_door"] == management.naam
    assert [(m["jaar"], m["maand"]) for m in client.get(MAANDEN).json()["results"]] == [(vorige.year, vorige.month)]
    again = _post(client, MAANDEN, {"jaar": vorige.year, "maand": vorige.month})
    assert again.status_code == 400 and again.json() == {
        "maand": [f"De maand {vorige.month:02d}-{vorige.year} is al afgesloten."]
    }
    nu = _post(client, MAANDEN, {"jaar": vandaag().year, "maand": vandaag().month})
    assert nu.status_code == 400 and nu.json() == {"maand": ["Sluit alleen een maand af die voorbij is."]}
    response = _post(_als(client, cast.trajectbegeleider), _url(arrangement, "inzet"), data)
    assert response.status_code == 400
    assert response.json() == {
        "datum": [f"De maand {vorige:%m-%Y} is afgesloten; inzet daarin kan niet meer worden geboekt."]
    }
    assert Inzet.objects.count() == 1
    assert [i["uren"] for i in client.get(_url(arrangement, "inzet")).json()["results"]] == ["1.50"]
    # Closing months is the partnership's management and beheerder's.
    for persona in (cast.ib_a, cast.trajectbegeleider, cast.ouder):
        assert _als(client, persona).get(MAANDEN).status_code == 403, persona
        assert _post(client, MAANDEN, {"jaar": 2020, "maand": 1}).status_code == 403, persona
    assert not Maandafsluiting.objects.filter(jaar=2020).exists()


def test_an_unassigned_expert_books_nothing(cast, client):
    arrangement = ah.arrangement(cast)
    aanbieder = _jeugdhulp(cast, arrangement)
    data = {"aanbieder": aanbieder.pk, "datum": vandaag().isoformat(), "activiteit": "observatie", "uren": "1"}
    for persona, status in ((cast.ib_a, 403), (cast.ouder, 403), (cast.ib_b, 404)):
        assert _post(_als(client, persona), _url(arrangement, "inzet"), data).status_code == status, persona
    assert not Inzet.objects.exists()


def test_a_providing_expert_books_on_their_own_part_only(cast, client):
    arrangement = ah.arrangement(cast)
    experts = []
    for key in ("een", "twee"):
        user = h.staf(cast, key, "deskundige")
        deskundige = Deskundige.objects.create(
            samenwerkingsverband=cast.swv,
            naam=f"Expert {key}",
            organisatie="Pool",
            discipline="pedagoog",
            gebruiker=user,
        )
        aanbieder = services.aanbieder_toewijzen(
            actor=cast.trajectbegeleider,
            arrangement=arrangement,
            soort="deskundige",
            deskundige=deskundige,
            uren_gepland=Decimal("10"),
        )
        experts.append((user, aanbieder))
    (een, eigen), (_twee, ander) = experts
    data = {"datum": vandaag().isoformat(), "activiteit": "observatie", "uren": "1"}
    assert _post(_als(client, een), _url(arrangement, "inzet"), {**data, "aanbieder": ander.pk}).status_code == 403
    assert _post(client, _url(arrangement, "inzet"), {**data, "aanbieder": eigen.pk}).status_code == 201
    # The pool's managers book on any part.
    response = _post(_als(client, cast.trajectbegeleider), _url(arrangement, "inzet"), {**data, "aanbieder": ander.pk})
    assert response.status_code == 201
    assert sorted(Inzet.objects.values_list("aanbieder_id", flat=True)) == sorted([eigen.pk, ander.pk])


# --- Life and evaluations --------------------------------------------------------------------


def test_extending_to_an_end_before_the_start_is_refused(cast, client):
    arrangement = ah.arrangement(cast)
    client = _als(client, cast.trajectbegeleider)
    response = _post(
        client,
        _url(arrangement, "verlengen"),
        {"einddatum": (arrangement.startdatum - timedelta(days=1)).isoformat(), "toelichting": "Langer."},
    )
    assert response.status_code == 400 and response.json() == {
        "einddatum": ["Kies een einddatum na de huidige einddatum."]
    }
    response = _post(
        client,
        _url(arrangement, "verlengen"),
        {"einddatum": (arrangement.einddatum + timedelta(weeks=4)).isoformat(), "toelichting": "Langer nodig."},
    )
    assert response.status_code == 200 and response.json()["status"] == "verlengd"
    assert _post(client, _url(arrangement, "starten")).json()["non_field_errors"] == [
        "Dit arrangement loopt al of is beëindigd."
    ]
    response = _post(client, _url(arrangement, "omzetten"), {"naar_soort": "schoolarrangement", "toelichting": "x"})
    assert response.status_code == 400
    assert response.json() == {
        "naar_soort": ["Omzetten kan tussen een schoolarrangement en specialistische expertise."]
    }
    assert _post(_als(client, cast.ib_a), _url(arrangement, "verlengen"), {}).status_code == 403


def test_the_ib_records_an_evaluation_and_an_ended_arrangement_is_not_evaluated(cast, client):
    arrangement = ah.arrangement(cast, weken=4)
    evaluatie = arrangement.evaluaties.get()
    doel = arrangement.doelen.get()
    url = _url(arrangement, "evaluaties", evaluatie.pk, "vastleggen")
    client = _als(client, cast.ib_a)
    data = {"datum": vandaag().isoformat(), "resultaten": [], "uitkomst": "voortzetten"}
    response = _post(client, url, data)
    assert response.status_code == 400
    assert response.json() == {
        f"resultaat_{doel.pk}": ["Geef aan of het doel ‘Werkt 15 minuten zelfstandig.’ is behaald."]
    }
    data["resultaten"] = [{"doel": doel.pk, "resultaat": "behaald"}]
    data["visie_ouders"] = "Thuis gaat het beter."
    response = _post(client, url, data)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["datum"], body["uitkomst"], body["resultaten"]) == (
        vandaag().isoformat(),
        "voortzetten",
        [{"doel": doel.pk, "resultaat": "behaald"}],
    )
    assert [e["visie_ouders"] for e in client.get(_url(arrangement, "evaluaties")).json()] == ["Thuis gaat het beter."]
    response = _post(client, _url(arrangement, "beeindigen"), {"toelichting": "Doelen behaald."})
    assert response.status_code == 200 and response.json()["status"] == "beeindigd"
    response = _post(client, url, data)
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Dit arrangement is beëindigd; er valt niets meer te evalueren."]}
    # Who does not organise the traject does not evaluate; an unknown evaluation is 404.
    assert _post(_als(client, cast.leerkracht_a), url, data).status_code == 403
    assert (
        _post(_als(client, cast.ib_a), _url(arrangement, "evaluaties", 999999, "vastleggen"), data).status_code == 404
    )


def test_the_parent_fills_in_the_questionnaire_once(cast, client):
    arrangement = ah.arrangement(cast)
    evaluatie = arrangement.evaluaties.get()
    url = _url(arrangement, "evaluaties", evaluatie.pk, "oudervragenlijst")
    data = {"helpt": 3, "betrokken": 4, "afspraken": 2, "opmerking": "Fijn dat het er is."}
    assert _post(_als(client, cast.ib_a), url, data).status_code == 403
    client = _als(client, cast.ouder)
    response = _post(client, url, {**data, "helpt": 5})
    assert response.status_code == 400 and list(response.json()) == ["helpt"]
    assert not OuderVragenlijst.objects.exists()
    response = _post(client, url, data)
    assert response.status_code == 201, response.content
    assert response.json()["oudervragenlijsten"] == [
        {
            "ouder": "Ouder van Ryan",
            "helpt": 3,
            "betrokken": 4,
            "afspraken": 2,
            "opmerking": "Fijn dat het er is.",
            "ingevuld_op": response.json()["oudervragenlijsten"][0]["ingevuld_op"],
        }
    ]
    again = _post(client, url, data)
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["U heeft de vragenlijst voor deze evaluatie al ingevuld."]}


def test_a_task_around_a_temporary_placement_is_reported_done_once(cast, client):
    from tests.arrangementen import tlv_helpers as tah
    from tests.dossier.test_opp import _vastgesteld as opp_vastgesteld

    opp_vastgesteld(client, cast)
    aanvraag = tah.ingediend(cast, soort="tlv_sbo")
    h.deskundigenadviezen(aanvraag.traject, cast.trajectbegeleider)
    h.stap(aanvraag.traject, cast.trajectbegeleider, "toekennen", "Een tijdelijke plaatsing in het SBO.")
    aanvraag.refresh_from_db()
    start = vandaag() + timedelta(days=7)
    arrangement = ah.arrangement(
        cast, aanvraag.besluit, soort="tijdelijke_plaatsing", start=start, terugkeer_op=start + timedelta(weeks=20)
    )
    taak = arrangement.plaatsingstaken.order_by("uiterlijk", "id").first()
    url = _url(arrangement, "plaatsingstaken", taak.pk, "afronden")
    verslag = "Meegekeken in groep 5 van het SBO; <b>rustig</b>."

    # The pupil's teacher sees the arrangement but does not organise it; unknown tasks are 404.
    assert _post(_als(client, cast.leerkracht_a), url, {"verslag": verslag}).status_code == 403
    client = _als(client, cast.ib_a)
    assert _post(client, _url(arrangement, "plaatsingstaken", 999999, "afronden"), {"verslag": "x"}).status_code == 404
    morgen = (vandaag() + timedelta(days=1)).isoformat()
    for data, fouten in (
        ({"verslag": ""}, {"verslag": ["Dit veld mag niet leeg zijn."]}),
        ({"verslag": verslag, "op": morgen}, {"op": ["Rond een taak af als zij is gedaan (niet in de toekomst)."]}),
    ):
        response = _post(client, url, data)
        assert (response.status_code, response.json()) == (400, fouten)
    taak.refresh_from_db()
    assert taak.gedaan_op is None

    response = _post(client, url, {"verslag": verslag})
    assert response.status_code == 200, response.content
    assert {k: response.json()[k] for k in ("id", "soort", "gedaan_op", "verslag")} == {
        "id": taak.pk,
        "soort": "observatie_voor",
        "gedaan_op": vandaag().isoformat(),
        "verslag": verslag,
    }
    assert AuditEvent.objects.filter(
        action="update", object_type="arrangementen.plaatsingstaak", object_id=str(taak.pk)
    ).exists()
    again = _post(client, url, {"verslag": verslag})
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": [f"Deze taak is al afgerond op {vandaag():%d-%m-%Y}."]}


def test_toewijzen_lists_what_waits_for_an_expert_with_the_pools_suggestions(cast, client):
    arrangement = ah.arrangement(cast)
    Deskundige.objects.create(
        samenwerkingsverband=cast.swv, naam="Expert Gedrag", organisatie="Pool", discipline="gedragsspecialist"
    )
    assert client.get(f"{ARRANGEMENTEN}toewijzen/").status_code in (401, 403)
    assert _als(client, cast.ib_a).get(f"{ARRANGEMENTEN}toewijzen/").status_code == 403
    response = _als(client, cast.trajectbegeleider).get(f"{ARRANGEMENTEN}toewijzen/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1
    rij = body["results"][0]
    assert (rij["id"], rij["soort"], rij["mag_toewijzen"]) == (arrangement.pk, "onderwijsarrangement", True)
    assert ("Expert Gedrag", "Gedragsspecialist") in [(s["naam"], s["discipline"]) for s in rij["suggesties"]]
    assert set(rij["suggesties"][0]) == {
        "deskundige",
        "naam",
        "discipline",
        "past_bij_thema",
        "uren_vrij",
        "afstand_km",
        "waarom",
    }
    # Assigned through the same service as the page: it leaves the list.
    deskundige = Deskundige.objects.get(naam="Expert Gedrag")
    response = _post(
        client,
        _url(arrangement, "aanbieders"),
        {"soort": "deskundige", "deskundige": deskundige.pk, "uren_gepland": "12"},
    )
    assert response.status_code == 201, response.content
    assert client.get(f"{ARRANGEMENTEN}toewijzen/").json()["count"] == 0
