"""Questionnaires through the API: the same services and selectors as the pages. Unseen is 404,
seen but not allowed 403, bad input 400 with Dutch messages (a question's at its code, under
`antwoorden`) and nothing saved."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import passend
from passend.core.models import AuditEvent
from passend.instrumenten import services
from passend.instrumenten.models import Afname, AfnameBijAanvraag, Antwoord, Instrument, Normtabel
from tests.instrumenten import helpers as ih
from tests.personas import PERSONAS
from tests.trajecten import aanvragen_helpers as ah
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db

AFNAMES = "/api/v1/afnames/"
INSTRUMENTEN = "/api/v1/instrumenten/"
BRON = Path(passend.__file__).resolve().parent
NORMEN = BRON / "core" / "demo_data" / "vpi-voorbeeldnormen.csv"
VPI = BRON / "instrumenten" / "presets" / "vpi.json"
NIET_GEVONDEN = {"detail": "Niet gevonden."}
GEEN_TOEGANG = {"detail": "U heeft geen toegang tot deze gegevens."}
AFGEROND = {"detail": "Deze vragenlijst is al afgerond en verandert niet meer. Begin zo nodig een nieuwe afname."}
KIES_AFNAME = {"afname": ["Kies een afgeronde vragenlijst van deze leerling."]}
vandaag = timezone.localdate


def _als(client, user):
    client.logout()
    client.force_login(user)
    return client


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def _patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def _url(afname, *deel) -> str:
    return f"{AFNAMES}{afname.pk if hasattr(afname, 'pk') else afname}/" + "".join(f"{d}/" for d in deel)


def _weigeringen() -> int:
    return AuditEvent.objects.filter(result="denied").count()


def _met_normen(cast, vpi):
    return services.normtabel_laden(
        actor=cast.beheerder,
        instrument=vpi,
        inhoud=NORMEN.read_bytes(),
        bron="Fictieve voorbeeldnormen",
        bestandsnaam=NORMEN.name,
    )


def _verplicht(instrument) -> list[str]:
    return [v.code for v in instrument.vragen.all() if v.verplicht]


# --- Filling in -------------------------------------------------------------------------------


def test_a_teacher_saves_half_is_told_what_is_open_finishes_and_gets_scores_with_norm_scores(cast, client):
    vpi = ih.installeer(cast)
    tabel = _met_normen(cast, vpi)
    response = _post(_als(client, cast.leerkracht_a), AFNAMES, {"instrument": vpi.pk, "leerling": cast.leerling_a.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    verplicht = _verplicht(vpi)
    assert (body["status"], body["mag_invullen"], body["antwoorden"], body["scores"]) == ("concept", True, {}, [])
    assert body["open_vragen"] == verplicht and body["peildatum"] == vandaag().isoformat()
    assert (body["ingevuld_door"], body["ingevuld_als"], body["instrument"]["code"]) == (
        cast.leerkracht_a.naam,
        "leerkracht",
        "vpi",
    )
    url = _url(body["id"])

    # Half: the first twenty questions, among them all six of `emoties`.
    eerste, rest = verplicht[:20], verplicht[20:]
    response = _patch(client, url, {"antwoorden": dict.fromkeys(eerste, 2), "opmerking": "Samen met de IB'er."})
    assert response.status_code == 200, response.content
    assert response.json()["antwoorden"] == dict.fromkeys(eerste, 2) and response.json()["open_vragen"] == rest
    assert response.json()["opmerking"] == "Samen met de IB'er."

    response = _post(client, f"{url}afronden/")
    assert response.status_code == 400
    assert response.json() == {
        "antwoorden": dict.fromkeys(rest, ["Beantwoord deze vraag om de vragenlijst af te ronden."]),
        "non_field_errors": [f"Nog {len(rest)} vragen open; de vragenlijst is opgeslagen maar nog niet afgerond."],
    }
    assert Afname.objects.get().status == "concept" and Antwoord.objects.count() == 20

    open_antwoord = "Een vaste plek en rust helpen."
    response = _patch(client, url, {"antwoorden": {**dict.fromkeys(rest, 1), "3.1.1": open_antwoord}})
    assert response.status_code == 200 and response.json()["open_vragen"] == []
    response = _post(client, f"{url}afronden/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["open_vragen"], body["mag_invullen"]) == ("afgerond", [], False)
    assert body["afgerond_op"] and body["antwoorden"]["3.1.1"] == open_antwoord
    assert body["normtabel"]["id"] == tabel.pk and body["normtabel"]["bron"] == "Fictieve voorbeeldnormen"
    scores = {score["gebied"]: score for score in body["scores"]}
    assert scores["emoties"] == {
        "deel": "deel1",
        "gebied": "emoties",
        "naam": vpi.gebieden.get(code="emoties").naam,
        "ruw": 12,
        "maximum": 18,
        "normscore": 3,
        "band": "hoog",
    }
    assert set(scores) == set(vpi.gebieden.filter(scoren=True).values_list("code", flat=True))
    assert all(score["normscore"] is not None and score["band"] for score in scores.values())

    # Finished is frozen: no answer changes, it is not finished again, nor thrown away.
    for poging in (
        _patch(client, url, {"antwoorden": {"1.1.1": 0}}),
        _post(client, f"{url}afronden/"),
        client.delete(url),
    ):
        assert (poging.status_code, poging.json()) == (403, AFGEROND)
    assert Antwoord.objects.get(vraag__code="1.1.1").waarde == 2
    assert Afname.objects.get().status == "afgerond"


WEIGERINGEN = [
    (
        {"antwoorden": {"1.1.1": 2, "1.1.2": 7}, "opmerking": "Eerste poging"},
        {"antwoorden": {"1.1.2": ["Kies een van de antwoorden (0 tot en met 3)."]}},
    ),
    (
        {"antwoorden": {"1.1.1": 2, "1.1.2": True}},
        {"antwoorden": {"1.1.2": ["Kies een van de antwoorden (0 tot en met 3)."]}},
    ),
    (
        {"antwoorden": {"1.1.1": 2, "9.9.9": 1}},
        {"antwoorden": {"9.9.9": ["Deze vraag hoort niet bij deze vragenlijst."]}},
    ),
    ({"antwoorden": {"1.1.1": 2, "3.1.1": 3}}, {"antwoorden": {"3.1.1": ["Geef een antwoord in tekst."]}}),
    (
        {"antwoorden": {"1.1.1": 2}, "peildatum": (timezone.localdate() + timedelta(days=1)).isoformat()},
        {"peildatum": ["De peildatum ligt in de toekomst."]},
    ),
    ({"antwoorden": {"1.1.1": 2}, "peildatum": "morgen"}, {"peildatum": ["Vul een geldige datum in, als JJJJ-MM-DD."]}),
    ({"antwoorden": {"1.1.1": 2}, "naam": "Ryan"}, {"naam": ["Onbekend of niet te wijzigen veld."]}),
    (
        {},
        {"non_field_errors": ["Geef minstens één veld om te wijzigen: antwoorden, opmerking, peildatum."]},
    ),
]


@pytest.mark.parametrize("invoer, fouten", WEIGERINGEN)
def test_a_value_outside_the_scale_or_an_unknown_question_is_refused_at_its_code_and_nothing_is_saved(
    cast, client, invoer, fouten
):
    vpi = ih.installeer(cast)
    afname = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    response = _patch(_als(client, cast.leerkracht_a), _url(afname), invoer)
    assert (response.status_code, response.json()) == (400, fouten)
    afname.refresh_from_db()
    assert not Antwoord.objects.exists() and afname.opmerking == "" and afname.peildatum == vandaag()


def test_an_unfinished_afname_is_thrown_away_by_who_may_fill_it_in(cast, client):
    vpi = ih.installeer(cast)
    afname = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    # The parent does not see the school's concept at all.
    assert _als(client, cast.ouder).delete(_url(afname)).status_code == 404
    response = _als(client, cast.ib_a).delete(_url(afname))
    assert response.status_code == 204
    assert not Afname.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="instrumenten.afname").exists()


START = {
    **dict.fromkeys(PERSONAS, 400),
    "leerkracht_a": 201,
    "ib_a": 201,
    "directeur_a": 201,
    # They see pupil A, but the school's VPI is not theirs to fill in.
    "ouder": 403,
    "extern_uitgenodigd": 403,
}


def test_who_may_start_the_schools_vpi_about_pupil_a(cast, client):
    """The pupil is in the body: who does not see them gets a 400 on the field, as if they did not exist."""
    vpi = ih.installeer(cast)
    fouten = []
    for persona in PERSONAS:
        weigeringen = _weigeringen()
        response = _post(
            _als(client, cast.users[persona]), AFNAMES, {"instrument": vpi.pk, "leerling": cast.leerling_a.pk}
        )
        if response.status_code != START[persona]:
            fouten.append(f"{persona}: {START[persona]} verwacht, {response.status_code} gekregen")
        elif response.status_code == 400 and response.json() != {"leerling": ["Kies een leerling die u mag zien."]}:
            fouten.append(f"{persona}: {response.json()}")
        elif response.status_code in (400, 403) and _weigeringen() == weigeringen:
            fouten.append(f"{persona}: geweigerd zonder auditregel")
    assert not fouten, "\n".join(fouten)
    assert Afname.objects.count() == 3


def test_a_start_names_a_running_traject_of_the_pupil_and_a_peildatum(cast, client):
    vpi = ih.installeer(cast)
    traject = ah.start(cast)
    van_b = ah.start(cast, leerling=cast.leerling_b)
    gisteren = vandaag() - timedelta(days=1)
    _als(client, cast.ib_a)
    nieuw = {"instrument": vpi.pk, "leerling": cast.leerling_a.pk}
    response = _post(client, AFNAMES, {**nieuw, "traject": traject.pk, "peildatum": gisteren.isoformat()})
    assert response.status_code == 201, response.content
    assert (response.json()["traject"], response.json()["peildatum"]) == (traject.pk, gisteren.isoformat())
    for fout, melding in (
        ({"traject": van_b.pk}, {"traject": ["Kies een lopend traject van deze leerling."]}),
        (
            {"instrument": 999999},
            {"instrument": ["Kies een vragenlijst die in het samenwerkingsverband in gebruik is."]},
        ),
        ({"leerling": 999999}, {"leerling": ["Kies een leerling die u mag zien."]}),
        ({"peildatum": "2010-01-01"}, {"peildatum": ["De peildatum ligt vóór de geboortedatum van de leerling."]}),
    ):
        response = _post(client, AFNAMES, {**nieuw, **fout})
        assert (response.status_code, response.json()) == (400, melding)
    assert Afname.objects.count() == 1


# --- Reading ----------------------------------------------------------------------------------


def test_the_list_needs_the_pupil_and_shows_each_caller_what_they_may_see(cast, client):
    vpi = ih.installeer(cast)
    afgerond = ih.afgeronde_afname(cast, vpi)
    concept = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    _als(client, cast.leerkracht_a)
    for zonder in ({}, {"leerling": "ryan"}):
        response = client.get(AFNAMES, zonder)
        assert response.status_code == 400
        assert response.json() == {"leerling": ["Geef de leerling op: ?leerling= met het nummer van de leerling."]}

    school = [(concept.pk, "concept", True), (afgerond.pk, "afgerond", False)]
    # A parent and an invited external see the result, not the school's concept.
    alleen_uitslag = [(afgerond.pk, "afgerond", False)]
    gezien = {
        **dict.fromkeys(("leerkracht_a", "ib_a", "directeur_a"), school),
        **dict.fromkeys(("ouder", "extern_uitgenodigd"), alleen_uitslag),
    }
    for persona in PERSONAS:
        response = _als(client, cast.users[persona]).get(AFNAMES, {"leerling": cast.leerling_a.pk})
        if persona in gezien:
            assert response.status_code == 200, persona
            rijen = [(r["id"], r["status"], r["mag_invullen"]) for r in response.json()["results"]]
            assert rijen == gezien[persona], persona
        else:
            # A teacher of another group, the other school, the partnership without a traject,
            # an expired invitation, another partnership: as if the pupil did not exist.
            assert (response.status_code, response.json()) == (404, NIET_GEVONDEN), persona


def test_the_list_asks_the_same_number_of_queries_for_one_and_for_ten_afnames(cast, client):
    vpi = ih.installeer(cast)
    ouder_vpi = ih.installeer(cast, "vpi_ouder")
    ih.afgeronde_afname(cast, vpi)
    _als(client, cast.ib_a)
    url = f"{AFNAMES}?leerling={cast.leerling_a.pk}"
    with CaptureQueriesContext(connection) as een:
        assert client.get(url).json()["count"] == 1
    for waarde in range(6):
        ih.afgeronde_afname(cast, vpi, waarde=waarde % 4, actor=cast.ib_a)
    services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    services.afname_starten(actor=cast.directeur_a, instrument=vpi, leerling=cast.leerling_a)
    services.afname_ouders_vragen(actor=cast.ib_a, instrument=ouder_vpi, leerling=cast.leerling_a)
    with CaptureQueriesContext(connection) as tien:
        assert client.get(url).json()["count"] == 10
    assert len(tien) == len(een), [q["sql"] for q in tien.captured_queries]


def test_one_afname_is_read_within_access_to_its_pupil_and_audited(cast, client):
    vpi = ih.installeer(cast)
    afname = ih.afgeronde_afname(cast, vpi, waarde=3)
    response = _als(client, cast.ouder).get(_url(afname))
    assert response.status_code == 200
    body = response.json()
    assert body["antwoorden"] == ih.alle_antwoorden(vpi, 3) and body["normtabel"] is None
    assert {s["gebied"]: (s["ruw"], s["maximum"], s["normscore"], s["band"]) for s in body["scores"]}[
        "redzaamheid"
    ] == (
        15,
        15,
        None,
        "",
    )
    assert AuditEvent.objects.filter(
        action="view", object_type="instrumenten.afname", object_id=str(afname.pk), actor_user_id=cast.ouder.pk
    ).exists()
    for persona in ("leerkracht_andere_groep", "ib_b", "extern", "beheerder_other"):
        weigeringen = _weigeringen()
        response = _als(client, cast.users[persona]).get(_url(afname))
        assert (response.status_code, response.json()) == (404, NIET_GEVONDEN), persona
        assert _weigeringen() == weigeringen + 1, persona
    assert _als(client, cast.ib_a).get(_url(999999)).status_code == 404


def test_two_finished_afnames_side_by_side_per_area(cast, client):
    vpi = ih.installeer(cast)
    eerder = ih.afgeronde_afname(cast, vpi, waarde=1, peildatum=vandaag() - timedelta(days=150))
    later = ih.afgeronde_afname(cast, vpi, waarde=2)
    _als(client, cast.ib_a)
    response = client.get(_url(eerder, "vergelijking"), {"met": later.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    # The earlier by peildatum first, whichever was named in the path.
    assert (body["eerder"]["id"], body["later"]["id"]) == (eerder.pk, later.pk)
    rijen = {rij["gebied"]: rij for rij in body["rijen"]}
    assert rijen["emoties"] == {
        "gebied": "emoties",
        "naam": vpi.gebieden.get(code="emoties").naam,
        "eerder": 6,
        "later": 12,
        "verschil": 6,
    }
    assert set(rijen) == set(vpi.gebieden.filter(scoren=True).values_list("code", flat=True))
    assert _als(client, cast.ouder).get(_url(later, "vergelijking"), {"met": eerder.pk}).status_code == 200

    # Without the other one: 400; a concept, the same one, another pupil's or a hidden one: 404, audited.
    _als(client, cast.ib_a)
    response = client.get(_url(later, "vergelijking"))
    assert (response.status_code, response.json()) == (
        400,
        {"met": ["Kies met ?met= de afgeronde afname om mee te vergelijken."]},
    )
    concept = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    van_b = ih.afgeronde_afname(cast, vpi, actor=cast.ib_b, leerling=cast.leerling_b)
    for ander in (concept, later, van_b):
        weigeringen = _weigeringen()
        response = client.get(_url(later, "vergelijking"), {"met": ander.pk})
        assert (response.status_code, response.json()) == (404, NIET_GEVONDEN), ander
        assert _weigeringen() == weigeringen + 1
    assert _als(client, cast.ib_b).get(_url(later, "vergelijking"), {"met": eerder.pk}).status_code == 404


# --- The parents' version -------------------------------------------------------------------------


def test_the_school_asks_the_parents_and_a_parent_fills_in_their_version(cast, client):
    vpi = ih.installeer(cast)
    ouder_vpi = ih.installeer(cast, "vpi_ouder")
    vragen = f"{AFNAMES}ouders-vragen/"
    verzoek = {"instrument": ouder_vpi.pk, "leerling": cast.leerling_a.pk}
    response = _post(_als(client, cast.ib_a), vragen, verzoek)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["gevraagd_door"], body["ingevuld_door"], body["mag_invullen"]) == (
        "gevraagd",
        cast.ib_a.naam,
        "",
        False,
    )
    url = _url(body["id"])
    assert _post(client, vragen, verzoek).json() == {
        "instrument": ["De ouders zijn al gevraagd deze vragenlijst in te vullen."]
    }
    assert _post(client, vragen, {**verzoek, "instrument": vpi.pk}).json() == {
        "instrument": ["Dit instrument is niet voor ouders."]
    }
    # The school sees its request, but it is the parents' to fill in.
    assert _patch(client, url, {"antwoorden": {"1.1.1": 1}}).status_code == 403
    # Parents and externals do not ask.
    for persona in ("ouder", "extern_uitgenodigd"):
        assert _post(_als(client, cast.users[persona]), vragen, verzoek).status_code == 403, persona

    _als(client, cast.ouder)
    rijen = client.get(AFNAMES, {"leerling": cast.leerling_a.pk}).json()["results"]
    assert [(r["id"], r["status"], r["mag_invullen"]) for r in rijen] == [(body["id"], "gevraagd", True)]
    response = _patch(client, url, {"antwoorden": ih.alle_antwoorden(ouder_vpi, 2)})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["ingevuld_door"], response.json()["ingevuld_als"]) == (
        "concept",
        cast.ouder.naam,
        "ouder",
    )
    # Now it is this parent's concept: the school no longer sees it until it is finished.
    assert _als(client, cast.ib_a).get(url).status_code == 404
    assert _post(_als(client, cast.ouder), f"{url}afronden/").status_code == 200
    response = _als(client, cast.ib_a).get(url)
    assert response.status_code == 200 and response.json()["status"] == "afgerond"


# --- Attached to an application -------------------------------------------------------------------


def test_results_are_attached_to_a_concept_application_and_stay_once_it_is_submitted(cast, client):
    aanvraag = ah.concept(cast)
    vpi = ih.installeer(cast)
    afname = ih.afgeronde_afname(cast, vpi)
    tweede = ih.afgeronde_afname(cast, vpi, waarde=2)
    url = f"/api/v1/aanvragen/{aanvraag.pk}/vragenlijsten/"
    _als(client, cast.ib_a)
    assert client.get(url).json() == []
    response = _post(client, url, {"afname": afname.pk})
    assert response.status_code == 201, response.content
    assert (response.json()["id"], response.json()["status"]) == (afname.pk, "afgerond")
    assert [r["id"] for r in client.get(url).json()] == [afname.pk]

    # Only a finished afname of this pupil that the IB'er sees.
    concept = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    van_b = ih.afgeronde_afname(cast, vpi, actor=cast.ib_b, leerling=cast.leerling_b)
    for pk in (concept.pk, van_b.pk, 999999):
        assert (_post(client, url, {"afname": pk}).json()) == KIES_AFNAME, pk

    # The teacher and the parent read the concept application; they do not change it.
    for persona in ("leerkracht_a", "ouder"):
        _als(client, cast.users[persona])
        assert [r["id"] for r in client.get(url).json()] == [afname.pk], persona
        assert (_post(client, url, {"afname": tweede.pk}).json()) == GEEN_TOEGANG, persona
        assert client.delete(f"{url}{afname.pk}/").status_code == 403, persona
    # Who does not see the application: 404.
    assert _als(client, cast.trajectbegeleider).get(url).status_code == 404

    _als(client, cast.ib_a)
    assert client.delete(f"{url}{afname.pk}/").status_code == 204
    assert client.get(url).json() == [] and not AfnameBijAanvraag.objects.exists()
    assert client.delete(f"{url}{afname.pk}/").status_code == 404
    assert _post(client, url, {"afname": afname.pk}).status_code == 201

    h.stap(aanvraag.traject, cast.ib_a, "indienen")
    ingediend = {"afname": ["Een ingediende aanvraag verandert niet meer."]}
    assert (_post(client, url, {"afname": tweede.pk}).json()) == ingediend
    response = client.delete(f"{url}{afname.pk}/")
    assert (response.status_code, response.json()) == (400, ingediend)
    # The partnership now reads the application, and with it the results.
    _als(client, cast.trajectbegeleider)
    assert [r["id"] for r in client.get(url).json()] == [afname.pk]
    assert client.get(_url(afname)).status_code == 200


# --- Instruments and norm tables -----------------------------------------------------------------


def _bestand(naam: str, inhoud: str | bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, inhoud.encode() if isinstance(inhoud, str) else inhoud)


def test_the_beheerder_loads_an_instrument_and_a_norm_table_and_a_bad_file_is_refused_by_path_or_row(cast, client):
    _als(client, cast.beheerder)
    definitie = json.loads(VPI.read_text())
    fout = json.loads(VPI.read_text())
    fout["delen"][0]["gebieden"][1]["vragen"][2]["soort"] = "meerkeuze"
    response = client.post(
        INSTRUMENTEN, {"bestand": _bestand("vpi.json", json.dumps(fout)), "samenwerkingsverband": cast.swv.pk}
    )
    assert (response.status_code, response.json()) == (
        400,
        {"bestand": ["delen[0].gebieden[1].vragen[2].soort: moet ‘schaal’ of ‘tekst’ zijn."]},
    )
    assert not Instrument.objects.exists()

    response = client.post(
        INSTRUMENTEN, {"bestand": _bestand("vpi.json", json.dumps(definitie)), "samenwerkingsverband": cast.swv.pk}
    )
    assert response.status_code == 201, response.content
    eerste = response.json()
    assert (eerste["code"], eerste["versie"], eerste["actief"], eerste["is_voorbeeld"], eerste["invuller"]) == (
        "vpi",
        1,
        True,
        True,
        "leerkracht",
    )
    assert [p["waarde"] for p in eerste["schaal"]] == [0, 1, 2, 3]
    assert [d["code"] for d in eerste["delen"]] == ["deel1", "deel2", "deel3"]
    gebied = eerste["delen"][0]["gebieden"][0]
    assert (gebied["code"], gebied["scoren"], gebied["maximum"], len(gebied["vragen"])) == ("emoties", True, 18, 6)
    assert gebied["vragen"][0] == {
        "code": "1.1.1",
        "tekst": definitie["delen"][0]["gebieden"][0]["vragen"][0]["tekst"],
        "soort": "schaal",
        "verplicht": True,
    }
    assert eerste["normtabellen"] == []

    # The same code again is a new version; the first goes out of use.
    response = client.post(
        INSTRUMENTEN, {"bestand": _bestand("vpi.json", json.dumps(definitie)), "samenwerkingsverband": cast.swv.pk}
    )
    assert (response.status_code, response.json()["versie"]) == (201, 2)
    assert client.get(f"{INSTRUMENTEN}{eerste['id']}/").json()["actief"] is False
    tweede = response.json()["id"]

    normen = f"{INSTRUMENTEN}{tweede}/normtabellen/"
    regels = NORMEN.read_text().splitlines()
    regels[2] = "emoties;6;11;twee;verhoogd;;"
    response = client.post(normen, {"bestand": _bestand("normen.csv", "\n".join(regels)), "bron": "Handleiding"})
    assert (response.status_code, response.json()) == (
        400,
        {"bestand": ["Regel 3: normscore ‘twee’ is geen geheel getal."]},
    )
    response = client.post(normen, {"bestand": _bestand("normen.csv", NORMEN.read_bytes()), "bron": "<b>x</b>"})
    assert (response.status_code, response.json()) == (400, {"bron": ["Gebruik hoogstens 300 tekens, zonder < of >."]})
    assert not Normtabel.objects.exists()
    response = client.post(normen, {"bestand": _bestand("normen.csv", NORMEN.read_bytes()), "bron": "Handleiding"})
    assert response.status_code == 201, response.content
    assert (response.json()["bron"], response.json()["bestandsnaam"], response.json()["geladen_door"]) == (
        "Handleiding",
        "normen.csv",
        cast.beheerder.naam,
    )
    tabellen = client.get(f"{INSTRUMENTEN}{tweede}/").json()["normtabellen"]
    assert [(t["id"], t["actueel"]) for t in tabellen] == [(response.json()["id"], True)]


def test_instruments_are_read_in_the_partnership_and_managed_by_its_own_beheerder(cast, client):
    vpi = ih.installeer(cast)
    detail, normen = f"{INSTRUMENTEN}{vpi.pk}/", f"{INSTRUMENTEN}{vpi.pk}/normtabellen/"
    # School staff and parents read the instruments (the parents fill in their version).
    for persona in ("ib_a", "ouder", "trajectbegeleider"):
        _als(client, cast.users[persona])
        assert [i["id"] for i in client.get(INSTRUMENTEN).json()["results"]] == [vpi.pk], persona
        assert client.get(detail).status_code == 200, persona
    # ... but do not load norm tables or instruments: 403, audited.
    _als(client, cast.ib_a)
    weigeringen = _weigeringen()
    assert client.post(normen, {"bestand": _bestand("normen.csv", NORMEN.read_bytes())}).status_code == 403
    bestand = {"bestand": _bestand("vpi.json", VPI.read_bytes()), "samenwerkingsverband": cast.swv.pk}
    assert client.post(INSTRUMENTEN, bestand).status_code == 403
    assert _weigeringen() == weigeringen + 2

    # Another partnership's beheerder, and an external: the instrument does not exist for them.
    for persona in ("beheerder_other", "extern_uitgenodigd"):
        _als(client, cast.users[persona])
        assert client.get(INSTRUMENTEN).json()["count"] == 0, persona
        assert client.get(detail).status_code == 404, persona
        assert client.post(normen, {"bestand": _bestand("normen.csv", NORMEN.read_bytes())}).status_code == 404
    _als(client, cast.beheerder_other)
    bestand = {"bestand": _bestand("vpi.json", VPI.read_bytes()), "samenwerkingsverband": cast.swv.pk}
    response = client.post(INSTRUMENTEN, bestand)
    assert (response.status_code, response.json()) == (
        400,
        {"samenwerkingsverband": ["Kies een samenwerkingsverband waarvan u beheerder bent."]},
    )
    assert Instrument.objects.count() == 1 and not Normtabel.objects.exists()
