"""IVO's five fields through the API: the same services and selectors as the pages. Unseen is 404
(an id in the body: 400 on its field), seen but not allowed 403, bad input 400 with Dutch messages
at the field (a level under `niveaus`, by field) and nothing saved; every refusal audited."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passend.core.models import AuditEvent
from passend.instrumenten import services as instrumenten
from passend.matching import selectors, services
from passend.matching.models import (
    AanvullendArrangement,
    Basisondersteuning,
    Behoefteprofiel,
    Intensiteitsniveau,
    Matchkeuze,
    Ondersteuningsprofiel,
)
from tests.instrumenten import helpers as ih
from tests.matching.helpers import behoefte, niveaus, profiel
from tests.matching.test_netwerk import _geplaatst, _scholen
from tests.personas import PERSONAS
from tests.trajecten import aanvragen_helpers as ah

pytestmark = pytest.mark.django_db

BEHOEFTEN = "/api/v1/behoefteprofielen/"
PROFIELEN = "/api/v1/ondersteuningsprofielen/"
NETWERK = "/api/v1/dekkend-netwerk/"
ARRANGEMENTEN = "/api/v1/aanvullende-arrangementen/"
NIET_GEVONDEN = {"detail": "Niet gevonden."}
GEEN_TOEGANG = {"detail": "U heeft geen toegang tot deze gegevens."}
KIES_LEERLING = {"leerling": ["Kies een leerling die u mag zien."]}
GEHEEL_GETAL = ["Kies een niveau: een geheel getal van de schaal."]


def _als(client, user):
    client.logout()
    client.force_login(user)
    return client


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def _weigeringen() -> int:
    return AuditEvent.objects.filter(result="denied").count()


def _matching(traject) -> str:
    return f"/api/v1/trajecten/{traject.pk}/matching/"


def _matchkeuze(traject) -> str:
    return f"/api/v1/trajecten/{traject.pk}/matchkeuze/"


def _vijf_velden(swv, *deel) -> str:
    return f"/api/v1/samenwerkingsverbanden/{swv.pk}/vijf-velden/" + "".join(f"{d}/" for d in deel)


def _behoefte(cast, *waarden, **extra) -> dict:
    return {"leerling": cast.leerling_a.pk, "niveaus": niveaus(*waarden), **extra}


# --- Needs ------------------------------------------------------------------------------------


def test_needs_are_recorded_with_an_unclear_field_and_read_newest_first(cast, client):
    _als(client, cast.ib_a)
    toelichting = {"aandacht_tijd": "Dagelijks een kwartier instructie aan de instructietafel."}
    response = _post(
        client,
        BEHOEFTEN,
        _behoefte(cast, 2, 1, None, 1, 0, toelichtingen=toelichting, samenvatting="Uit het groeidocument."),
    )
    assert response.status_code == 201, response.content
    eerste = response.json()
    assert eerste["niveaus"] == niveaus(2, 1, None, 1, 0) and eerste["onduidelijk"] == ["ruimte"]
    assert eerste["toelichtingen"] == {**dict.fromkeys(niveaus(0, 0, 0, 0, 0), ""), **toelichting}
    assert (eerste["leerling"], eerste["traject"], eerste["bronnen"], eerste["samenvatting"]) == (
        cast.leerling_a.pk,
        None,
        [],
        "Uit het groeidocument.",
    )
    assert (eerste["opgesteld_door"], eerste["opgesteld_als"]) == (cast.ib_a.naam, "ib")
    tweede = _post(client, BEHOEFTEN, _behoefte(cast, 3, 1, 1, 1, 0)).json()

    response = client.get(BEHOEFTEN, {"leerling": cast.leerling_a.pk})
    assert response.status_code == 200
    assert [p["id"] for p in response.json()["results"]] == [tweede["id"], eerste["id"]]
    assert AuditEvent.objects.filter(
        action="search", object_type="matching.behoefteprofiel", leerling_id=cast.leerling_a.pk
    ).exists()
    for zonder in ({}, {"leerling": "ryan"}):
        response = client.get(BEHOEFTEN, zonder)
        assert (response.status_code, response.json()) == (
            400,
            {"leerling": ["Geef de leerling op: ?leerling= met het nummer van de leerling."]},
        )


NIVEAU_FOUTEN = [
    ({"materiaal": 7}, {"niveaus": {"materiaal": ["Kies een niveau van 0 tot en met 4."]}}),
    ({"materiaal": -1}, {"niveaus": {"materiaal": ["Kies een niveau van 0 tot en met 4."]}}),
    ({"ruimte": 1.0}, {"niveaus": {"ruimte": GEHEEL_GETAL}}),
    ({"ruimte": "2"}, {"niveaus": {"ruimte": GEHEEL_GETAL}}),
    ({"ruimte": True}, {"niveaus": {"ruimte": GEHEEL_GETAL}}),
]


@pytest.mark.parametrize("fout, melding", NIVEAU_FOUTEN)
def test_a_level_off_the_scale_is_refused_at_its_field_and_nothing_is_saved(cast, client, fout, melding):
    invoer = _behoefte(cast, 1, 1, 1, 1, 1)
    invoer["niveaus"].update(fout)
    response = _post(_als(client, cast.ib_a), BEHOEFTEN, invoer)
    assert (response.status_code, response.json()) == (400, melding)
    assert not Behoefteprofiel.objects.exists()


def test_a_missing_field_a_too_long_explanation_and_the_partnerships_own_scale(cast, client):
    _als(client, cast.ib_a)
    invoer = _behoefte(cast, 1, 1, 1, 1, 1)
    del invoer["niveaus"]["expertise"]
    response = _post(client, BEHOEFTEN, invoer)
    assert (response.status_code, response.json()) == (
        400,
        {"niveaus": {"expertise": ["Kies een niveau voor expertise, of null als dat nog onduidelijk is."]}},
    )
    response = _post(
        client, BEHOEFTEN, _behoefte(cast, 1, 1, 1, 1, 1, toelichtingen={"ruimte": "x" * 2001}, samenvatting="")
    )
    assert response.status_code == 400 and list(response.json()) == ["toelichtingen"]
    assert list(response.json()["toelichtingen"]) == ["ruimte"]

    # The partnership's own scale: three levels on materiaal, so 3 is off it.
    services.schaal_vaststellen(
        actor=cast.beheerder, samenwerkingsverband=cast.swv, veld="materiaal", omschrijvingen=["Gewoon", "Meer", "Veel"]
    )
    response = _post(client, BEHOEFTEN, _behoefte(cast, 1, 3, 1, 1, 1))
    assert (response.status_code, response.json()) == (
        400,
        {"niveaus": {"materiaal": ["Kies een niveau van 0 tot en met 2."]}},
    )
    assert _post(client, BEHOEFTEN, _behoefte(cast, 1, 2, 1, 1, 1)).status_code == 201
    assert Behoefteprofiel.objects.count() == 1


# Who records pupil A's needs: the school's leadership. Who sees the pupil but may not: 403; who
# does not see them: a 400 on the field, the same as for a pupil that does not exist.
VASTSTELLEN = {
    **dict.fromkeys(PERSONAS, 400),
    "ib_a": 201,
    "directeur_a": 201,
    "leerkracht_a": 403,
    "ouder": 403,
    "extern_uitgenodigd": 403,
}
LEZEN = {
    p: 200 if p in ("leerkracht_a", "ib_a", "directeur_a", "ouder", "extern_uitgenodigd") else 404 for p in PERSONAS
}


def test_who_reads_and_who_records_pupil_a_needs(cast, client):
    fouten = []
    for persona in PERSONAS:
        _als(client, cast.users[persona])
        weigeringen = _weigeringen()
        response = _post(client, BEHOEFTEN, _behoefte(cast, 1, 1, 1, 1, 1))
        if response.status_code != VASTSTELLEN[persona]:
            fouten.append(f"POST {persona}: {VASTSTELLEN[persona]} verwacht, {response.status_code} gekregen")
        elif response.status_code == 400 and response.json() != KIES_LEERLING:
            fouten.append(f"POST {persona}: {response.json()}")
        elif response.status_code in (400, 403) and _weigeringen() == weigeringen:
            fouten.append(f"POST {persona}: geweigerd zonder auditregel")
        weigeringen = _weigeringen()
        response = client.get(BEHOEFTEN, {"leerling": cast.leerling_a.pk})
        if response.status_code != LEZEN[persona]:
            fouten.append(f"GET {persona}: {LEZEN[persona]} verwacht, {response.status_code} gekregen")
        elif response.status_code == 404 and (response.json() != NIET_GEVONDEN or _weigeringen() == weigeringen):
            fouten.append(f"GET {persona}: {response.json()} of geen auditregel")
        elif response.status_code == 200 and len(response.json()["results"]) != Behoefteprofiel.objects.count():
            fouten.append(f"GET {persona}: niet elke versie")
    assert not fouten, "\n".join(fouten)
    assert Behoefteprofiel.objects.count() == 2
    # The parent reads the needs of their child, and did not record any.
    assert not Behoefteprofiel.objects.filter(opgesteld_door=cast.ouder).exists()


def test_the_traject_and_the_sources_named_in_the_body_belong_to_the_pupil(cast, client):
    vpi = ih.installeer(cast)
    afgerond = ih.afgeronde_afname(cast, vpi)
    concept = instrumenten.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    van_b = ih.afgeronde_afname(cast, vpi, actor=cast.ib_b, leerling=cast.leerling_b)
    traject = ah.start(cast)
    van_b_traject = ah.start(cast, leerling=cast.leerling_b)
    _als(client, cast.ib_a)
    for fout, melding in (
        ({"traject": van_b_traject.pk}, {"traject": ["Kies een traject van deze leerling."]}),
        ({"traject": 999999}, {"traject": ["Kies een traject van deze leerling."]}),
        ({"bronnen": [concept.pk]}, {"bronnen": ["Kies afgeronde vragenlijsten van deze leerling."]}),
        ({"bronnen": [afgerond.pk, van_b.pk]}, {"bronnen": ["Kies afgeronde vragenlijsten van deze leerling."]}),
        ({"leerling": 999999}, KIES_LEERLING),
    ):
        response = _post(client, BEHOEFTEN, _behoefte(cast, 1, 1, 1, 1, 1, **fout))
        assert (response.status_code, response.json()) == (400, melding), fout
    assert not Behoefteprofiel.objects.exists()
    response = _post(client, BEHOEFTEN, _behoefte(cast, 1, 1, 1, 1, 1, traject=traject.pk, bronnen=[afgerond.pk]))
    assert response.status_code == 201, response.content
    assert (response.json()["traject"], response.json()["bronnen"]) == (traject.pk, [afgerond.pk])


# --- Profiles of schools and provisions ---------------------------------------------------------


def _stand(client, cast, school) -> dict:
    rijen = client.get(PROFIELEN, {"samenwerkingsverband": cast.swv.pk}).json()["results"]
    return next(r for r in rijen if r["setting"]["sleutel"] == f"school:{school.pk}")


def test_a_directors_profile_waits_for_the_check_and_the_beheerder_approves(cast, client):
    profiel(cast, cast.school_a, 1, 1, 1, 1, 1)
    _als(client, cast.directeur_a)
    response = _post(
        client,
        PROFIELEN,
        {"school": cast.school_a.pk, "niveaus": niveaus(3, 2, 2, 3, 1), "samenvatting": "Breder dan vorig jaar."},
    )
    assert response.status_code == 201, response.content
    nieuw = response.json()
    assert (nieuw["controle"], nieuw["opgesteld_als"], nieuw["niveaus"], nieuw["samenwerkingsverband"]) == (
        None,
        "directeur",
        niveaus(3, 2, 2, 3, 1),
        cast.swv.pk,
    )
    assert nieuw["setting"] == {
        "sleutel": f"school:{cast.school_a.pk}",
        "soort": "bo",
        "id": cast.school_a.pk,
        "naam": "School A",
    }
    stand = _stand(client, cast, cast.school_a)
    assert stand["vastgesteld"]["niveaus"] == niveaus(1, 1, 1, 1, 1) and stand["ter_controle"]["id"] == nieuw["id"]
    assert stand["teruggestuurd"] is None
    assert AuditEvent.objects.filter(action="search", object_type="matching.ondersteuningsprofiel").exists()

    controleren = f"{PROFIELEN}{nieuw['id']}/controleren/"
    # The director sees the version but does not check it: 403 before the body is read.
    weigeringen = _weigeringen()
    assert _post(client, controleren, {"uitkomst": "goedgekeurd"}).json() == GEEN_TOEGANG
    assert _weigeringen() == weigeringen + 1

    _als(client, cast.beheerder)
    response = _post(client, controleren, {"uitkomst": "teruggestuurd"})
    assert (response.status_code, response.json()) == (
        400,
        {"opmerking": ["Schrijf waarom het profiel terug gaat, zodat de school het kan aanpassen."]},
    )
    response = _post(client, controleren, {"uitkomst": "misschien"})
    assert (response.status_code, response.json()) == (400, {"uitkomst": ["Kies goedkeuren of terugsturen."]})
    response = _post(client, controleren, {"uitkomst": "goedgekeurd", "opmerking": "Helder."})
    assert response.status_code == 200, response.content
    assert (response.json()["controle"]["uitkomst"], response.json()["controle"]["door"]) == (
        "goedgekeurd",
        cast.beheerder.naam,
    )
    response = _post(client, controleren, {"uitkomst": "teruggestuurd", "opmerking": "Toch niet."})
    assert (response.status_code, response.json()) == (400, {"non_field_errors": ["Deze versie is al gecontroleerd."]})
    stand = _stand(client, cast, cast.school_a)
    assert (stand["vastgesteld"]["id"], stand["ter_controle"]) == (nieuw["id"], None)
    assert next(s for s in selectors.settings_van(cast.swv.pk) if s.naam == "School A").niveaus == (3, 2, 2, 3, 1)

    # The partnership's own version is approved at once.
    response = _post(client, PROFIELEN, {"voorziening": cast.voorziening.pk, "niveaus": niveaus(4, 3, 4, 4, 3)})
    assert response.status_code == 201, response.content
    assert response.json()["controle"]["uitkomst"] == "goedgekeurd"
    assert response.json()["setting"]["soort"] == "voorziening"


def test_who_writes_and_reads_a_profile_and_bad_input_is_refused_at_its_field(cast, client):
    schrijf = {"school": cast.school_a.pk, "niveaus": niveaus(1, 1, 1, 1, 1)}
    for persona in ("ib_a", "leerkracht_a", "ib_b", "trajectbegeleider"):
        weigeringen = _weigeringen()
        response = _post(_als(client, cast.users[persona]), PROFIELEN, schrijf)
        assert (response.status_code, response.json()) == (403, GEEN_TOEGANG), persona
        assert _weigeringen() == weigeringen + 1
    for persona in ("beheerder_other", "ouder"):
        response = _post(_als(client, cast.users[persona]), PROFIELEN, schrijf)
        assert response.json() == {"school": ["Kies een school van een samenwerkingsverband waarin u werkt."]}, persona
    _als(client, cast.directeur_a)
    assert _post(client, PROFIELEN, {**schrijf, "school": cast.school_b.pk}).status_code == 403
    for fout, melding in (
        (
            {"niveaus": niveaus(1, 7, 1, 1, 1)},
            {"niveaus": {"materiaal": ["Kies een niveau van 0 tot en met 4."]}},
        ),
        (
            {"niveaus": niveaus(1, None, 1, 1, 1)},
            {"niveaus": {"materiaal": ["Kies een niveau voor onderwijsmateriaal."]}},
        ),
        (
            {"voorziening": cast.voorziening.pk},
            {"non_field_errors": ["Geef de school of de voorziening op, niet allebei."]},
        ),
        ({"toelichtingen": {"expertise": "<b>x</b>\x00"}}, None),
    ):
        response = _post(client, PROFIELEN, {**schrijf, **fout})
        assert response.status_code == 400, fout
        assert melding is None or response.json() == melding, response.json()
    assert not Ondersteuningsprofiel.objects.exists()

    versie = profiel(cast, cast.school_a, 2, 2, 2, 2, 2)
    url = f"{PROFIELEN}{versie.pk}/"
    for persona in ("ib_b", "rvz", "leerkracht_andere_groep"):
        assert _als(client, cast.users[persona]).get(url).status_code == 200, persona
    for persona in ("beheerder_other", "ouder", "extern_uitgenodigd"):
        weigeringen = _weigeringen()
        response = _als(client, cast.users[persona]).get(url)
        assert (response.status_code, response.json()) == (404, NIET_GEVONDEN), persona
        assert _weigeringen() == weigeringen + 1
        # Their own partnership is not this one: the list of partnership A is hidden as well.
        response = client.get(PROFIELEN, {"samenwerkingsverband": cast.swv.pk})
        assert response.status_code == 404, persona
    response = _als(client, cast.ib_a).get(PROFIELEN)
    assert response.status_code == 400 and list(response.json()) == ["samenwerkingsverband"]


# --- Matching and the commission's choice -------------------------------------------------------


def _met_netwerk(cast):
    """School A narrow, school B broad (so), a full provision, and an arrangement adding attention."""
    _geplaatst(cast)
    return services.aanvullend_arrangement_opslaan(
        actor=cast.beheerder, samenwerkingsverband=cast.swv, data={"naam": "Extra handen", "aandacht_tijd": 2}
    )


def test_the_matching_json_has_the_own_school_first_with_its_gap_per_field(cast, client):
    arrangement = _met_netwerk(cast)
    traject = ah.start(cast)
    _als(client, cast.ib_a)
    zonder = client.get(_matching(traject)).json()
    assert (zonder["behoefteprofiel"], zonder["advies"], zonder["keuzes"]) == (None, None, [])
    behoefte(cast, 3, 1, 1, 1, 1)

    response = client.get(_matching(traject))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["traject"], body["leerling"], body["mag_kiezen"], body["max_afstand_km"]) == (
        traject.pk,
        cast.leerling_a.pk,
        False,
        cast.swv.thuisnabij_km,
    )
    assert body["herkomst"] == "postcodegebied 1234 (woonadres)"
    advies = body["advies"]
    assert (advies["uitkomst"], advies["onduidelijk"], advies["binnen_basisondersteuning"]) == (
        "aanvullend",
        [],
        False,
    )
    eigen, met_arrangement, *rest = advies["kandidaten"]
    assert (eigen["trede"], eigen["setting"]["naam"], eigen["past"], eigen["keuze"]) == (
        0,
        "School A",
        False,
        f"school:{cast.school_a.pk}",
    )
    assert eigen["velden"][0] == {
        "veld": "aandacht_tijd",
        "naam": "Aandacht en tijd",
        "nodig": 3,
        "biedt": 1,
        "extra": 0,
        "tekort": 2,
    }
    assert all(v["tekort"] == 0 for v in eigen["velden"][1:])
    assert eigen["uitleg"][0] == "Past niet: tekort op aandacht en tijd (2)."
    assert (met_arrangement["trede"], met_arrangement["past"], met_arrangement["keuze"]) == (
        1,
        True,
        f"aanvulling:{arrangement.pk}",
    )
    assert met_arrangement["aanvulling"] == {"id": arrangement.pk, "naam": "Extra handen", "plek": None}
    assert met_arrangement["velden"][0] == {**eigen["velden"][0], "extra": 2, "tekort": 0}
    assert [(k["setting"]["naam"], k["trede"]) for k in rest] == [("School B", 5)]
    assert isinstance(eigen["afstand_km"], float)

    # A traject about the school's team has no pupil to match: 404, audited like any refusal.
    weigeringen = _weigeringen()
    assert client.get(_matching(ah.start_schoolvraag(cast))).status_code == 404
    assert _weigeringen() == weigeringen + 1

    # The parent does not see the matching (403); who does not see the traject gets 404. Audited.
    for persona, verwacht in (("ouder", 403), ("leerkracht_andere_groep", 404), ("beheerder_other", 404)):
        weigeringen = _weigeringen()
        assert _als(client, cast.users[persona]).get(_matching(traject)).status_code == verwacht, persona
        assert _weigeringen() > weigeringen, persona


def test_the_commission_records_its_choice_with_a_reason_school_staff_may_not(cast, client):
    arrangement = _met_netwerk(cast)
    traject = ah.ingediend(cast).traject
    _als(client, cast.trajectbegeleider)
    response = _post(client, _matchkeuze(traject), {"uitkomst": "match", "reden": "Zo."})
    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["Stel eerst de onderwijsbehoeften op de vijf velden vast."]},
    )
    behoefte(cast, 3, 1, 1, 1, 1)
    keuze = {"uitkomst": "aanvullend", "keuze": f"aanvulling:{arrangement.pk}", "reden": "De groep past bij Ryan."}

    # The school sees the traject and the advice, but the choice is the partnership's: 403, audited.
    for persona in ("ib_a", "directeur_a", "leerkracht_a", "ouder"):
        weigeringen = _weigeringen()
        response = _post(_als(client, cast.users[persona]), _matchkeuze(traject), keuze)
        assert (response.status_code, response.json()) == (403, GEEN_TOEGANG), persona
        assert _weigeringen() == weigeringen + 1
    assert _post(_als(client, cast.leerkracht_andere_groep), _matchkeuze(traject), keuze).status_code == 404

    _als(client, cast.trajectbegeleider)
    assert client.get(_matching(traject)).json()["mag_kiezen"] is True
    for fout, melding in (
        (
            {"reden": "  "},
            {"reden": ["Schrijf de reden van de keuze op; de matching adviseert, de commissie besluit."]},
        ),
        ({"reden": None}, None),
        ({"uitkomst": "misschien"}, {"uitkomst": ["Kies een uitkomst."]}),
        # A school of the partnership that is not among the candidates, or one of another partnership.
        ({"keuze": f"voorziening:{cast.voorziening.pk}"}, {"keuze": ["Kies een van de plekken uit het advies."]}),
        ({"keuze": f"school:{cast.school_other.pk}"}, {"keuze": ["Kies een van de plekken uit het advies."]}),
        ({"uitkomst": "match", "keuze": ""}, {"keuze": ["Kies de school of voorziening."]}),
    ):
        response = _post(client, _matchkeuze(traject), {**keuze, **fout})
        assert response.status_code == 400, fout
        assert melding is None or response.json() == melding, response.json()
    assert not Matchkeuze.objects.exists()

    response = _post(client, _matchkeuze(traject), keuze)
    assert response.status_code == 201, response.content
    gekozen = response.json()
    assert (gekozen["uitkomst"], gekozen["keuze"], gekozen["reden"], gekozen["gekozen_als"]) == (
        "aanvullend",
        f"aanvulling:{arrangement.pk}",
        "De groep past bij Ryan.",
        "trajectbegeleider",
    )
    assert gekozen["aanvullend_arrangement"] == {"id": arrangement.pk, "naam": "Extra handen"}
    assert gekozen["school"] == {"id": cast.school_a.pk, "naam": "School A"}
    # The advice of that moment is kept with the choice, the same summary as on the page.
    matching = selectors.matching_voor(actor=cast.trajectbegeleider, traject=traject)
    assert gekozen["advies"] == selectors.advies_samenvatting(matching.advies)
    assert gekozen["advies"]["uitkomst"] == "aanvullend" and gekozen["advies"]["kandidaten"][0]["plek"] == "School A"
    assert [k["id"] for k in client.get(_matching(traject)).json()["keuzes"]] == [gekozen["id"]]
    # The school reads the choice with the advice.
    assert [k["keuze"] for k in _als(client, cast.ib_a).get(_matching(traject)).json()["keuzes"]] == [gekozen["keuze"]]


# --- The covering network ---------------------------------------------------------------------


def test_the_network_json_counts_and_never_names_pupils_and_stays_within_the_partnership(cast, client):
    _geplaatst(cast)
    behoefte(cast, 3, 1, 1, 1, 1)
    behoefte(cast, 2, 1, 1, 1, 1, leerling=cast.leerling_b, actor=cast.ib_b)

    _als(client, cast.trajectbegeleider)
    response = client.get(NETWERK, {"samenwerkingsverband": cast.swv.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["samenwerkingsverband"] == {"id": cast.swv.pk, "naam": cast.swv.naam}
    assert {s["setting"]["naam"] for s in body["scholen_en_voorzieningen"]} == {
        "School A",
        "School B",
        "Observatieplek Test",
    }
    aandacht = next(a for a in body["aanbod"] if a["veld"] == "aandacht_tijd")["niveaus"]
    assert aandacht[0]["niveau"] == 1 and aandacht[0]["aantallen"] == {"bo": 1, "sbo": 0, "so": 1, "voorziening": 0}
    assert {p["setting"]["naam"]: (p["capaciteit"], p["bezet"], p["vrij"]) for p in body["plaatsen"]} == {
        "School B": (80, None, None),
        "Observatieplek Test": (4, 4, 0),
    }
    assert body["profielen"] == {"totaal": 3, "vastgesteld": 2, "ter_controle": 0}
    assert body["dekking"]["leerlingen"] == 2 and body["dekking"]["gedekt"] == 2
    inhoud = response.content.decode()
    assert "Ryan" not in inhoud and "Anders" not in inhoud  # pupils are counted, never named
    assert AuditEvent.objects.filter(action="search", object_type="matching.dekkend_netwerk").exists()

    # School staff see the offer, not where needs go uncovered.
    body = _als(client, cast.ib_a).get(NETWERK, {"samenwerkingsverband": cast.swv.pk}).json()
    assert body["dekking"] is None and len(body["scholen_en_voorzieningen"]) == 3

    # The other partnership's beheerder: their own network only, with none of partnership A's schools.
    _als(client, cast.beheerder_other)
    response = client.get(NETWERK, {"samenwerkingsverband": cast.swv_other.pk})
    assert response.status_code == 200
    inhoud = response.content.decode()
    assert {s["setting"]["naam"] for s in response.json()["scholen_en_voorzieningen"]} == {"School Elders"}
    assert all(naam not in inhoud for naam in ("School A", "School B", "Observatieplek Test", "Testregio"))
    assert response.json()["dekking"]["leerlingen"] == 0
    for persona in ("beheerder_other", "ouder", "extern_uitgenodigd"):
        weigeringen = _weigeringen()
        response = _als(client, cast.users[persona]).get(NETWERK, {"samenwerkingsverband": cast.swv.pk})
        assert (response.status_code, response.json()) == (404, NIET_GEVONDEN), persona
        assert _weigeringen() == weigeringen + 1
    response = client.get(NETWERK)
    assert response.status_code == 400 and list(response.json()) == ["samenwerkingsverband"]


# --- The scale, the basisondersteuning and additional arrangements --------------------------------


def test_the_scale_and_the_basisondersteuning_are_read_in_the_partnership_and_set_by_its_beheerder(cast, client):
    _als(client, cast.ib_a)
    body = client.get(_vijf_velden(cast.swv)).json()
    assert [v["veld"] for v in body["schaal"]] == list(niveaus(0, 0, 0, 0, 0))
    assert [n["niveau"] for n in body["schaal"][1]["niveaus"]] == [0, 1, 2, 3, 4]
    assert body["basisondersteuning"] is None
    schaal = _vijf_velden(cast.swv, "schaal", "materiaal")
    basis = _vijf_velden(cast.swv, "basisondersteuning")
    drie = {"omschrijvingen": ["De gewone methodes", "Aanvullend materiaal", "Een eigen leerlijn"]}

    # School staff read, but do not set: 403 before the body is read; another partnership: 404. Audited.
    for persona, verwacht in (
        ("ib_a", 403),
        ("directeur_a", 403),
        ("trajectbegeleider", 403),
        ("beheerder_other", 404),
    ):
        _als(client, cast.users[persona])
        weigeringen = _weigeringen()
        assert client.put(schaal, drie, content_type="application/json").status_code == verwacht, persona
        assert _post(client, basis, {"niveaus": niveaus(1, 1, 1, 1, 1)}).status_code == verwacht, persona
        assert _weigeringen() == weigeringen + 2, persona
    for persona in ("ouder", "beheerder_other"):
        assert _als(client, cast.users[persona]).get(_vijf_velden(cast.swv)).status_code == 404, persona
    assert not Intensiteitsniveau.objects.exists() and not Basisondersteuning.objects.exists()

    _als(client, cast.beheerder)
    response = client.put(schaal, {"omschrijvingen": ["Gewoon", "", "<b>Veel</b>"]}, content_type="application/json")
    assert (response.status_code, response.json()) == (
        400,
        {"omschrijvingen": {"1": ["Beschrijf niveau 1."], "2": ["Gebruik hoogstens 300 tekens, zonder < of >."]}},
    )
    response = client.put(schaal, {"omschrijvingen": ["Alleen"]}, content_type="application/json")
    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["Een schaal heeft 2 tot 7 niveaus."]},
    )
    weigeringen = _weigeringen()
    onbekend = client.put(_vijf_velden(cast.swv, "schaal", "humor"), drie, content_type="application/json")
    assert onbekend.status_code == 404 and _weigeringen() == weigeringen + 1
    response = client.put(schaal, drie, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["niveaus"][2] == {"niveau": 2, "omschrijving": "Een eigen leerlijn"}

    response = _post(client, basis, {"niveaus": niveaus(1, 3, 1, 1, 1)})
    assert (response.status_code, response.json()) == (
        400,
        {"niveaus": {"materiaal": ["Kies een niveau van 0 tot en met 2."]}},
    )
    response = _post(
        client, basis, {"niveaus": niveaus(1, 2, 1, 1, 1), "toelichtingen": {"ruimte": "Een stille hoek."}}
    )
    assert response.status_code == 201, response.content
    assert response.json()["niveaus"] == niveaus(1, 2, 1, 1, 1)
    body = _als(client, cast.directeur_a).get(_vijf_velden(cast.swv)).json()
    assert body["basisondersteuning"]["toelichtingen"]["ruimte"] == "Een stille hoek."
    assert len(body["schaal"][1]["niveaus"]) == 3


def test_additional_arrangements_are_the_beheerders(cast, client):
    nieuw = {"samenwerkingsverband": cast.swv.pk, "naam": "Taalgroep", "toevoegingen": {"expertise": 2, "materiaal": 1}}
    for persona in ("ib_a", "directeur_a", "trajectbegeleider", "ouder"):
        _als(client, cast.users[persona])
        weigeringen = _weigeringen()
        assert client.get(ARRANGEMENTEN).status_code == 403, persona
        assert _post(client, ARRANGEMENTEN, nieuw).status_code == 403, persona
        assert _weigeringen() == weigeringen + 2, persona

    _als(client, cast.beheerder)
    for fout, melding in (
        (
            {"toevoegingen": {}},
            {"non_field_errors": ["Een aanvullend arrangement voegt op ten minste één veld iets toe."]},
        ),
        (
            {"toevoegingen": {"expertise": 7}},
            {"toevoegingen": {"expertise": ["Meer kan een arrangement niet toevoegen."]}},
        ),
        ({"toevoegingen": {"expertise": 1.0}}, {"toevoegingen": {"expertise": GEHEEL_GETAL}}),
        (
            {"samenwerkingsverband": cast.swv_other.pk},
            {"samenwerkingsverband": ["Kies een samenwerkingsverband dat u beheert."]},
        ),
        ({"school": cast.school_other.pk}, {"school": ["Kies een school van dit samenwerkingsverband."]}),
        (
            {"school": cast.school_b.pk, "voorziening": cast.voorziening.pk},
            {"voorziening": ["Kies een school of een voorziening, niet allebei."]},
        ),
    ):
        response = _post(client, ARRANGEMENTEN, {**nieuw, **fout})
        assert (response.status_code, response.json()) == (400, melding), fout
    assert not AanvullendArrangement.objects.exists()

    response = _post(client, ARRANGEMENTEN, {**nieuw, "voorziening": cast.voorziening.pk})
    assert response.status_code == 201, response.content
    gemaakt = response.json()
    assert gemaakt["toevoegingen"] == niveaus(0, 1, 0, 2, 0)
    assert (gemaakt["voorziening"], gemaakt["school"], gemaakt["actief"]) == (
        {"id": cast.voorziening.pk, "naam": "Observatieplek Test"},
        None,
        True,
    )
    assert _post(client, ARRANGEMENTEN, nieuw).json() == {
        "naam": ["Er is al een aanvullend arrangement met deze naam."]
    }
    url = f"{ARRANGEMENTEN}{gemaakt['id']}/"
    response = client.patch(url, {"actief": False, "toevoegingen": {"ruimte": 1}}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert (response.json()["actief"], response.json()["toevoegingen"]) == (False, niveaus(0, 1, 1, 2, 0))
    response = client.patch(url, {"samenwerkingsverband": cast.swv_other.pk}, content_type="application/json")
    assert (response.status_code, response.json()) == (
        400,
        {"samenwerkingsverband": ["Onbekend of niet te wijzigen veld."]},
    )
    assert [a["id"] for a in client.get(ARRANGEMENTEN).json()["results"]] == [gemaakt["id"]]
    # The inactive arrangement is not proposed any more.
    assert selectors.aanvullingen_van(cast.swv.pk) == []

    for persona, verwacht in (("ib_a", 403), ("beheerder_other", 404), ("ouder", 404)):
        _als(client, cast.users[persona])
        weigeringen = _weigeringen()
        assert client.get(url).status_code == verwacht, persona
        assert client.patch(url, {"actief": True}, content_type="application/json").status_code == verwacht
        assert _weigeringen() == weigeringen + 2, persona
    assert _als(client, cast.beheerder_other).get(ARRANGEMENTEN).json()["count"] == 0
    assert AanvullendArrangement.objects.get().actief is False


# --- Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("wat", ["profielen", "matching"])
def test_the_profile_list_and_the_matching_ask_as_many_queries_for_a_small_and_a_larger_network(cast, client, wat):
    _met_netwerk(cast)
    traject = ah.start(cast)
    behoefte(cast, 2, 1, 1, 1, 1)
    # A director's version awaiting the check beside the approved one: both parts of the row are filled in.
    services.ondersteuningsprofiel_opstellen(
        actor=cast.directeur_a, setting=cast.school_a, niveaus=niveaus(2, 2, 2, 2, 2)
    )
    url, params = {
        "profielen": (PROFIELEN, {"samenwerkingsverband": cast.swv.pk}),
        "matching": (_matching(traject), {}),
    }[wat]
    _als(client, cast.ib_a)

    def tel():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
            assert response.status_code == 200, response.content
        return len(queries), response.json()

    _scholen(cast, 3)
    weinig, klein = tel()
    _scholen(cast, 30, begin=3)
    veel, groot = tel()
    if wat == "profielen":
        assert (klein["count"], groot["count"]) == (6, 36)
    else:
        assert len(groot["advies"]["kandidaten"]) > len(klein["advies"]["kandidaten"])
    assert veel == weinig
