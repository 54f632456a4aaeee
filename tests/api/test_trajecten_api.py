"""Routes, trajecten and meetings through the API: the same selectors, services and engine as
the pages, answered as JSON. Pupil A's traject runs on the HGA preset (tests/trajecten/test_hga.py)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passend.core.models import AuditEvent
from passend.trajecten import services
from passend.trajecten.models import Gebeurtenis, Overleg, Route, Traject
from passend.trajecten.routebestand import presets
from tests.datums import MORGEN, los_op
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db

ROUTES = "/api/v1/routes/"
TRAJECTEN = "/api/v1/trajecten/"
OVERLEGGEN = "/api/v1/overleggen/"
OUDER_GEWEIGERD = "Deze stap is voor: leerkracht, intern begeleider. U bent hier ouder / verzorger."


def _post(client, url, data, **extra):
    return client.post(url, data, content_type="application/json", **extra)


def _als(client, user):
    client.logout()
    client.force_login(user)
    return client


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def _naar_leerlingbespreking(cast) -> Traject:
    """Pupil A's HGA traject, at the leerlingbespreking (an overleg step with beslisregel unaniem)."""
    traject = h.start(cast, "hga")
    h.stap(traject, cast.leerkracht_a, "aanpak_in_klas")
    h.stap(traject, cast.leerkracht_a, "werkt_onvoldoende")
    traject.refresh_from_db()
    assert traject.stap.code == "leerlingbespreking" and traject.stap.beslisregel == "unaniem"
    return traject


# --- Trajecten: who sees what -----------------------------------------------------------------


def test_list_shows_pupil_a_traject_only_to_who_may_see_it(cast, client):
    traject = h.start(cast, "hga")
    for persona in (cast.leerkracht_a, cast.ib_a, cast.directeur_a, cast.ouder):
        assert _ids(_als(client, persona).get(TRAJECTEN)) == [traject.pk], persona
    # Another group's teacher, the other school's IB'er, the partnership before submission,
    # and another partnership's beheerder see nothing of it.
    for persona in (
        cast.leerkracht_andere_groep,
        cast.ib_b,
        cast.commissielid,
        cast.trajectbegeleider,
        cast.rvz,
        cast.beheerder_other,
    ):
        assert _ids(_als(client, persona).get(TRAJECTEN)) == [], persona
    assert AuditEvent.objects.filter(action="search", object_type="trajecten.traject").exists()


def test_unseen_traject_answers_like_a_missing_one(cast, client):
    traject = h.start(cast, "hga")
    _als(client, cast.ib_b)
    hidden = client.get(f"{TRAJECTEN}{traject.pk}/")
    missing = client.get(f"{TRAJECTEN}999999/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == {"detail": "Niet gevonden."}
    assert AuditEvent.objects.filter(result="denied", object_type="trajecten.traject").count() == 2
    # Writing through an unseen traject is refused the same way, before the engine is asked.
    advance = _post(client, f"{TRAJECTEN}{traject.pk}/advance/", {"van_stap": "signalering", "uitkomst": "afsluiten"})
    assert advance.status_code == 404
    traject.refresh_from_db()
    assert traject.stap.code == "signalering"


def test_list_filters(cast, client):
    traject = h.start(cast, "hga")
    _als(client, cast.ib_a)
    assert _ids(client.get(TRAJECTEN, {"status": "lopend", "route": "hga"})) == [traject.pk]
    assert _ids(client.get(TRAJECTEN, {"status": "afgesloten"})) == []
    assert _ids(client.get(TRAJECTEN, {"route": "top"})) == []
    assert _ids(client.get(TRAJECTEN, {"te_laat": "true"})) == []
    Traject.objects.filter(pk=traject.pk).update(termijn=timezone.localdate() - timedelta(days=1))
    row = client.get(TRAJECTEN, {"te_laat": "true"}).json()["results"]
    assert [(r["id"], r["te_laat"]) for r in row] == [(traject.pk, True)]


def test_retrieve_shows_the_traject_and_each_caller_their_own_next_outcomes(cast, client):
    traject = h.start(cast, "hga")
    body = _als(client, cast.leerkracht_a).get(f"{TRAJECTEN}{traject.pk}/").json()
    assert body["leerling"] == {"id": cast.leerling_a.pk, "naam": "Ryan Test"}
    assert body["school"] == {"id": cast.school_a.pk, "naam": "School A"}
    assert body["route"] == {"code": "hga", "naam": "Handelingsgericht arrangeren (HGA)", "versie": 1}
    stap = body["stap"]
    assert (stap["code"], stap["aspect"], stap["bij"], stap["rollen"], stap["beslisregel"], stap["overleg"]) == (
        "signalering",
        2,
        "school",
        ["leerkracht", "ib"],
        "geen",
        "leerlingbespreking",
    )
    assert stap["termijn"] == (timezone.localdate() + timedelta(days=14)).isoformat()
    assert (body["status"], body["niveau"], body["signaal"]["reden"]) == ("lopend", "school", "handelingsverlegenheid")
    assert [(g["soort"], g["naar_stap"], g["rol"]) for g in body["gebeurtenissen"]] == [
        ("gestart", "signalering", "leerkracht")
    ]
    assert body["uw_rollen"] == ["leerkracht"] and body["mag_organiseren"] is False
    leerkracht = {u["code"]: u for u in body["uitkomsten"]}
    assert set(leerkracht) == {"aanpak_in_klas", "afsluiten"}
    assert leerkracht["aanpak_in_klas"] == {
        "code": "aanpak_in_klas",
        "naam": "Tips en suggesties toepassen in de klas",
        "naar": "aanpak_in_klas",
        "via_overleg": False,
        "bezwaar": None,
    }

    ouder = _als(client, cast.ouder).get(f"{TRAJECTEN}{traject.pk}/").json()
    assert ouder["uw_rollen"] == ["ouder"]
    assert [(u["code"], u["bezwaar"]) for u in ouder["uitkomsten"]] == [
        ("aanpak_in_klas", OUDER_GEWEIGERD),
        ("afsluiten", OUDER_GEWEIGERD),
    ]


# --- Trajecten: the engine --------------------------------------------------------------------


def test_advance_takes_the_outcome_and_returns_the_event(cast, client):
    traject = h.start(cast, "hga")
    response = _post(
        _als(client, cast.leerkracht_a),
        f"{TRAJECTEN}{traject.pk}/advance/",
        {"van_stap": "signalering", "uitkomst": "aanpak_in_klas", "motivatie": "Tips uit de kindbespreking."},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["soort"], body["van_stap"], body["naar_stap"], body["uitkomst"], body["rol"]) == (
        "overgang",
        "signalering",
        "aanpak_in_klas",
        "aanpak_in_klas",
        "leerkracht",
    )
    assert body["motivatie"] == "Tips uit de kindbespreking." and body["door_naam"] == cast.leerkracht_a.naam
    traject.refresh_from_db()
    assert traject.stap.code == "aanpak_in_klas"
    assert traject.gebeurtenissen.last().pk == body["id"]


def test_advance_by_a_role_the_step_is_not_for_is_refused_with_the_reason(cast, client):
    traject = h.start(cast, "hga")
    response = _post(
        _als(client, cast.ouder),
        f"{TRAJECTEN}{traject.pk}/advance/",
        {"van_stap": "signalering", "uitkomst": "afsluiten"},
    )
    assert response.status_code == 403
    assert response.json() == {"detail": OUDER_GEWEIGERD}
    traject.refresh_from_db()
    assert (traject.stap.code, traject.gebeurtenissen.count()) == ("signalering", 1)
    assert AuditEvent.objects.filter(result="denied", reason=OUDER_GEWEIGERD, actor_user_id=cast.ouder.pk).exists()


def test_advance_with_a_condition_not_met_is_400_naming_it(cast, client):
    traject = _naar_leerlingbespreking(cast)
    lb = h.overleg(
        traject,
        cast.ib_a,
        [
            {"naam": "Juf Esther", "partij": "school", "gebruiker": cast.leerkracht_a},
            {"naam": "Karin", "partij": "school", "gebruiker": cast.ib_a},
        ],
    )
    h.besluit(lb, cast.ib_a, "mdo_aanvragen")
    url = f"{TRAJECTEN}{traject.pk}/advance/"
    response = _post(_als(client, cast.ib_a), url, {"van_stap": "groeidocument_versturen", "uitkomst": "versturen"})
    assert response.status_code == 400
    assert response.json() == {
        "uitkomst": [
            "Het groeidocument is nog niet door ouders en school ondertekend. "
            "Stel eerst de aanvraag op (onder ‘Aanvraag’ bij dit traject)."
        ]
    }
    traject.refresh_from_db()
    assert traject.stap.code == "groeidocument_versturen"

    h.groeidocument_ondertekend(cast)
    h.aanvraag(traject, cast.ib_a, "extra_ondersteuning")
    assert _post(client, url, {"van_stap": "groeidocument_versturen", "uitkomst": "versturen"}).status_code == 200
    # Submitted to the partnership: its commissielid now sees the traject.
    assert _ids(_als(client, cast.commissielid).get(TRAJECTEN)) == [traject.pk]


@pytest.mark.parametrize(
    "data, errors",
    [
        ({"uitkomst": "afsluiten"}, {"van_stap": ["Dit veld is vereist."]}),
        (
            {"van_stap": "signalering", "uitkomst": "bestaat_niet"},
            {"uitkomst": ["‘bestaat_niet’ is geen uitkomst van de stap ‘Signalering en kindbespreking’."]},
        ),
        (
            {"van_stap": "aanpak_in_klas", "uitkomst": "werkt"},
            {
                "uitkomst": [
                    "Het traject is intussen verder gegaan en staat nu bij ‘Signalering en kindbespreking’. "
                    "Bekijk het opnieuw."
                ]
            },
        ),
    ],
)
def test_advance_invalid_input_is_400_with_field_errors(cast, client, data, errors):
    traject = h.start(cast, "hga")
    response = _post(_als(client, cast.leerkracht_a), f"{TRAJECTEN}{traject.pk}/advance/", data)
    assert response.status_code == 400
    assert response.json() == errors
    assert Traject.objects.get(pk=traject.pk).stap.code == "signalering"


def test_outcome_of_a_meeting_cannot_be_taken_without_its_decision(cast, client):
    traject = _naar_leerlingbespreking(cast)
    response = _post(
        _als(client, cast.ib_a),
        f"{TRAJECTEN}{traject.pk}/advance/",
        {"van_stap": "leerlingbespreking", "uitkomst": "mdo_aanvragen"},
    )
    assert response.status_code == 400
    assert "leg dat besluit vast" in response.json()["uitkomst"][0]


def test_same_idempotency_key_moves_the_traject_once(cast, client):
    traject = h.start(cast, "hga")
    _als(client, cast.leerkracht_a)
    url, data = f"{TRAJECTEN}{traject.pk}/advance/", {"van_stap": "signalering", "uitkomst": "aanpak_in_klas"}
    assert _post(client, url, data, HTTP_IDEMPOTENCY_KEY="stap-1").status_code == 200
    again = _post(client, url, data, HTTP_IDEMPOTENCY_KEY="stap-1")
    assert again.status_code == 409
    assert traject.gebeurtenissen.filter(soort=Gebeurtenis.Soort.OVERGANG).count() == 1


# --- Trajecten: starting ----------------------------------------------------------------------


def _start_data(route: Route, **changes) -> dict:
    data = {
        "route": route.pk,
        "vraag": "Wat heeft Ryan nodig aan onderwijs en ondersteuning?",
        "signaal": {**h.SIGNAAL},
    }
    data.update(changes)
    return data


def test_teacher_starts_a_traject_for_their_pupil(cast, client):
    route = h.route(cast, "hga")
    response = _post(_als(client, cast.leerkracht_a), TRAJECTEN, _start_data(route, leerling=cast.leerling_a.pk))
    assert response.status_code == 201, response.content
    body = response.json()
    traject = Traject.objects.get(pk=body["id"])
    assert (traject.leerling, traject.aangemaakt_door, traject.stap.code) == (
        cast.leerling_a,
        cast.leerkracht_a,
        "signalering",
    )
    assert body["stap"]["code"] == "signalering"
    assert body["signaal"]["datum"] == timezone.localdate().isoformat()
    assert [g["soort"] for g in body["gebeurtenissen"]] == ["gestart"]
    assert AuditEvent.objects.filter(
        action="create", object_type="trajecten.traject", actor_user_id=cast.leerkracht_a.pk
    )


def test_ib_starts_a_school_question_without_a_pupil(cast, client):
    route = h.route(cast, "swv-schoolarrangement")
    data = _start_data(
        route,
        school=cast.school_a.pk,
        onderwerp="groep",
        signaal={**h.SIGNAAL, "door": "ib", "reden": "schoolvraag"},
    )
    response = _post(_als(client, cast.ib_a), TRAJECTEN, data)
    assert response.status_code == 201, response.content
    assert (response.json()["leerling"], response.json()["onderwerp"]) == (None, "groep")
    # Another school's IB'er cannot start one for school A, with the same answer as for no school.
    for school in (cast.school_a.pk, 999999):
        refused = _post(_als(client, cast.ib_b), TRAJECTEN, {**data, "school": school})
        assert refused.status_code == 400
        assert refused.json() == {"school": ["Kies een school waar u intern begeleider of directeur bent."]}


def test_start_for_a_pupil_one_may_not_see_or_by_a_parent_is_refused(cast, client):
    route = h.route(cast, "hga")
    data = _start_data(route, leerling=cast.leerling_a.pk)
    for leerling in (cast.leerling_a.pk, 999999):
        response = _post(_als(client, cast.leerkracht_andere_groep), TRAJECTEN, {**data, "leerling": leerling})
        assert response.status_code == 400
        assert response.json() == {"leerling": ["Kies een leerling die u mag zien."]}
    assert _post(_als(client, cast.ouder), TRAJECTEN, data).status_code == 403
    assert not Traject.objects.exists()


@pytest.mark.parametrize(
    "changes, errors",
    [
        ({"vraag": ""}, {"vraag": ["Dit veld mag niet leeg zijn."]}),
        (
            {"signaal": {**h.SIGNAAL, "datum": MORGEN}},
            {"signaal": {"datum": ["Een signaal kan niet in de toekomst liggen."]}},
        ),
        (
            {"leerling": None},
            {"leerling": ["Kies een leerling, of (zonder leerling) een school en een onderwerp."]},
        ),
    ],
)
def test_start_with_invalid_input_is_400(cast, client, changes, errors):
    route = h.route(cast, "hga")
    data = {
        k: v
        for k, v in _start_data(route, **{"leerling": cast.leerling_a.pk, **los_op(changes)}).items()
        if v is not None
    }
    response = _post(_als(client, cast.leerkracht_a), TRAJECTEN, data)
    assert response.status_code == 400
    assert response.json() == errors
    assert not Traject.objects.exists()


def test_start_on_a_route_not_in_use_is_the_services_400(cast, client):
    route = h.route(cast, "hga")
    services.route_set_in_gebruik(actor=cast.beheerder, route=route, in_gebruik=False)
    response = _post(_als(client, cast.leerkracht_a), TRAJECTEN, _start_data(route, leerling=cast.leerling_a.pk))
    assert response.status_code == 400
    assert response.json() == {"route": ["Kies een route van uw samenwerkingsverband die in gebruik is."]}


# --- Meetings ---------------------------------------------------------------------------------


def test_meeting_decision_for_a_unanimous_step_through_the_api(cast, client):
    traject = _naar_leerlingbespreking(cast)
    _als(client, cast.ib_a)
    nu = timezone.now().isoformat()
    gepland = _post(client, f"{TRAJECTEN}{traject.pk}/overleggen/", {"datum": nu, "locatie": "De Zonnebloem"})
    assert gepland.status_code == 201, gepland.content
    overleg = gepland.json()
    assert (overleg["soort"], overleg["status"], overleg["deelnemers"]) == ("leerlingbespreking", "gepland", [])
    assert "Overzicht" in overleg["agenda"]
    url = f"{OVERLEGGEN}{overleg['id']}/"

    deelnemers = {}
    for data in (
        {"partij": "school", "gebruiker": cast.leerkracht_a.pk},
        {"partij": "school", "gebruiker": cast.ib_a.pk, "naam": "Karin"},
        {"partij": "ouders", "naam": "Ouders van Ryan"},
    ):
        response = _post(client, f"{url}deelnemers/", data)
        assert response.status_code == 201, response.content
        deelnemers[response.json()["naam"]] = response.json()["id"]
    assert set(deelnemers) == {cast.leerkracht_a.naam, "Karin", "Ouders van Ryan"}

    def besluit(standpunt_ouders):
        standpunten = [
            {
                "deelnemer": pk,
                "aanwezig": True,
                "standpunt": standpunt_ouders if naam.startswith("Ouders") else "akkoord",
            }
            for naam, pk in deelnemers.items()
        ]
        return _post(
            client,
            f"{url}besluit/",
            {"uitkomst": "mdo_aanvragen", "motivatie": "Samen besloten.", "standpunten": standpunten},
        )

    # Not unanimous: nothing is recorded and the traject stays where it is.
    oneens = besluit("niet_akkoord")
    assert oneens.status_code == 400
    assert oneens.json()["uitkomst"][0].startswith("Het besluit is niet unaniem (2 van de 3 deelnemers akkoord).")
    assert client.get(url).json()["besluitvorming"] is None
    assert Overleg.objects.get(pk=overleg["id"]).status == "gepland"

    eens = besluit("akkoord")
    assert eens.status_code == 201, eens.content
    event = eens.json()
    assert (event["van_stap"], event["uitkomst"], event["naar_stap"], event["overleg"], event["rol"]) == (
        "leerlingbespreking",
        "mdo_aanvragen",
        "groeidocument_versturen",
        overleg["id"],
        "ib",
    )
    traject.refresh_from_db()
    assert traject.stap.code == "groeidocument_versturen"
    vastgelegd = client.get(url).json()
    assert vastgelegd["status"] == "besloten"
    assert vastgelegd["besluitvorming"]["uitkomst"] == "mdo_aanvragen"
    assert [s["standpunt"] for s in vastgelegd["besluitvorming"]["standpunten"]] == ["akkoord"] * 3
    # The decision is final.
    assert besluit("akkoord").status_code == 400
    afspraak = _post(client, f"{url}afspraken/", {"wat": "Groeidocument aanvullen", "wie": "Karin"})
    assert afspraak.status_code == 201, afspraak.content
    assert client.get(url).json()["afspraken"][0]["wat"] == "Groeidocument aanvullen"


def test_meeting_is_seen_only_through_its_traject_and_organised_by_school_leadership(cast, client):
    traject = _naar_leerlingbespreking(cast)
    overleg = h.overleg(traject, cast.ib_a, [{"naam": "Karin", "partij": "school", "gebruiker": cast.ib_a}])
    url = f"{OVERLEGGEN}{overleg.pk}/"
    assert _als(client, cast.ouder).get(url).status_code == 200
    hidden = _als(client, cast.ib_b).get(url)
    missing = client.get(f"{OVERLEGGEN}999999/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert _post(client, f"{url}besluit/", {}).status_code == 404
    # The parent sees the meeting but does not organise it.
    ouder = _post(_als(client, cast.ouder), f"{url}deelnemers/", {"partij": "ouders", "naam": "Oma"})
    assert ouder.status_code == 403
    assert overleg.deelnemers.count() == 1


def test_people_are_chosen_from_the_trajects_reach(cast, client):
    traject = h.start(cast, "hga")
    url = f"{TRAJECTEN}{traject.pk}/betrokkenen/"
    _als(client, cast.ib_a)
    for data, errors in (
        (
            {"partij": "swv", "gebruiker": cast.beheerder_other.pk},
            {"gebruiker": ["Kies iemand die bij dit traject betrokken kan worden."]},
        ),
        (
            {"partij": "swv", "gebruiker": 999999},
            {"gebruiker": ["Kies iemand die bij dit traject betrokken kan worden."]},
        ),
        ({"partij": "school"}, {"naam": ["Vul een naam in of kies een persoon."]}),
    ):
        response = _post(client, url, data)
        assert response.status_code == 400
        assert response.json() == errors
    added = _post(
        client, url, {"partij": "swv", "gebruiker": cast.trajectbegeleider.pk, "functie": "trajectbegeleider"}
    )
    assert added.status_code == 201, added.content
    assert (added.json()["naam"], added.json()["actief"]) == (cast.trajectbegeleider.naam, True)
    # A betrokkene with an account now sees the traject, although it was not submitted.
    assert _ids(_als(client, cast.trajectbegeleider).get(TRAJECTEN)) == [traject.pk]
    assert _post(_als(client, cast.leerkracht_a), url, {"partij": "school", "naam": "X"}).status_code == 403


# --- Routes -----------------------------------------------------------------------------------


def test_beheerder_adds_a_route_from_a_preset_and_the_ib_may_not(cast, client):
    response = _post(_als(client, cast.beheerder), ROUTES, {"preset": "hga"})
    assert response.status_code == 201, response.content
    body = response.json()
    route = Route.objects.get(pk=body["id"])
    assert (route.samenwerkingsverband, body["code"], body["in_gebruik"]) == (cast.swv, "hga", True)
    versie = body["versie"]
    assert (versie["nummer"], versie["start"], versie["casusregisseur_rollen"]) == (
        1,
        "signalering",
        ["trajectbegeleider"],
    )
    assert versie["herkomst"].startswith("PO-Raad") and versie["beschrijving"]
    assert [s["code"] for s in versie["stappen"]][:3] == ["signalering", "aanpak_in_klas", "leerlingbespreking"]
    mdo = next(s for s in versie["stappen"] if s["code"] == "mdo")
    assert (mdo["beslisregel"], mdo["overleg"], mdo["voorwaarden"], mdo["termijn_dagen"]) == (
        "unaniem",
        "mdo",
        ["groeidocument_ondertekend"],
        28,
    )
    assert mdo["uitkomsten"][2] == {
        "code": "voorleggen_commissie",
        "naam": "Voorleggen aan de bovenschoolse commissie (geen overeenstemming of onduidelijk)",
        "naar": "bovenschoolse_commissie",
        "ook_zonder_besluit": True,
    }
    assert [(v["nummer"], v["toelichting"]) for v in body["versies"]] == [(1, "Aangemaakt")]
    # A copy under its own code and name.
    kopie = _post(client, ROUTES, {"preset": "hga", "code": "hga-noord", "naam": "HGA Noord"})
    assert kopie.status_code == 201, kopie.content
    assert (kopie.json()["code"], kopie.json()["naam"]) == ("hga-noord", "HGA Noord")
    # The same code twice is the service's 400.
    assert _post(client, ROUTES, {"preset": "hga"}).json() == {"code": ["Er is al een route met de code ‘hga’."]}

    refused = _post(_als(client, cast.ib_a), ROUTES, {"preset": "top"})
    assert refused.status_code == 403
    assert not Route.objects.filter(code="top").exists()
    assert AuditEvent.objects.filter(result="denied", actor_user_id=cast.ib_a.pk).exists()
    # Every member of the partnership reads the routes; another partnership does not.
    assert {r["code"] for r in _als(client, cast.ib_a).get(ROUTES).json()["results"]} == {"hga", "hga-noord"}
    assert _als(client, cast.beheerder_other).get(ROUTES).json()["results"] == []
    assert client.get(f"{ROUTES}{route.pk}/").status_code == 404


def test_route_file_errors_are_400_naming_the_line(cast, client):
    bron = presets()["hga"]
    regels = bron.splitlines()
    fout = next(i for i, regel in enumerate(regels) if regel.strip() == "naar: aanpak_in_klas")
    regels[fout] = regels[fout].replace("aanpak_in_klas", "nergens")
    response = _post(_als(client, cast.beheerder), ROUTES, {"bron": "\n".join(regels) + "\n"})
    assert response.status_code == 400
    assert response.json() == {
        "bron": [f"Regel {fout + 1}: Uitkomst ‘aanpak_in_klas’ leidt naar een onbekende stap ‘nergens’."]
    }
    kapot = _post(client, ROUTES, {"bron": "code: [x\n"})
    assert kapot.status_code == 400 and kapot.json()["bron"][0].startswith("Regel 2: Dit is geen geldige YAML")
    assert not Route.objects.exists()
    onduidelijk = _post(client, ROUTES, {"preset": "hga", "bron": bron})
    assert onduidelijk.status_code == 400


def test_beheerder_saves_a_new_version_and_running_trajecten_keep_theirs(cast, client):
    traject = h.start(cast, "hga")
    route = traject.route_versie.route
    bron = presets()["hga"].replace("termijn_dagen: 14\n", "termijn_dagen: 10\n", 1)
    url = f"{ROUTES}{route.pk}/versies/"
    data = {"bron": bron, "toelichting": "Kortere termijn voor de signalering"}
    assert _post(_als(client, cast.ib_a), url, data).status_code == 403
    assert _post(_als(client, cast.beheerder_other), url, data).status_code == 404
    response = _post(_als(client, cast.beheerder), url, data)
    assert response.status_code == 201, response.content
    assert (response.json()["nummer"], response.json()["stappen"][0]["termijn_dagen"]) == (2, 10)
    detail = client.get(f"{ROUTES}{route.pk}/").json()
    assert [(v["nummer"], v["toelichting"]) for v in detail["versies"]] == [
        (2, "Kortere termijn voor de signalering"),
        (1, "Aangemaakt"),
    ]
    assert _post(client, url, data).json() == {"bron": ["Er is niets veranderd."]}
    assert _als(client, cast.ib_a).get(f"{TRAJECTEN}{traject.pk}/").json()["route"]["versie"] == 1


# --- Cost ---------------------------------------------------------------------------------------


def test_list_query_count_does_not_grow_with_the_trajecten(cast, client):
    route = h.route(cast, "hga")

    def start():
        services.traject_start(
            actor=cast.ib_a, route=route, leerling=cast.leerling_a, signaal=h.SIGNAAL, vraag="Wat is nodig?"
        )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(TRAJECTEN)
        assert response.status_code == 200
        return len(ctx), len(response.json()["results"])

    start()
    _als(client, cast.ib_a)
    count()  # warm up what is cached per process
    een, aantal = count()
    assert aantal == 1
    for _ in range(4):
        start()
    assert count() == (een, 5)
