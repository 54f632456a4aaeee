"""The TLV through the API: the same services and selectors as the pages, with the API's
conventions (404 unseen, 400 with the Dutch message at the field, 403 refused)."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passend.accounts.models import Lidmaatschap, User
from passend.arrangementen.models import Bezwaar, Deskundigenadvies, Tlv
from passend.core.models import AuditEvent
from tests.arrangementen import tlv_helpers as th
from tests.trajecten import aanvragen_helpers as ah

pytestmark = pytest.mark.django_db

NIET_GEVONDEN = {"detail": "Niet gevonden."}
GEEN_TOEGANG = {"detail": "U heeft geen toegang tot deze gegevens."}


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _als(client, user):
    client.logout()
    client.force_login(user)
    return client


def _adviezen_url(aanvraag):
    return f"/api/v1/aanvragen/{aanvraag.pk}/deskundigenadviezen/"


# --- Deskundigenadvies ------------------------------------------------------------------------


def test_advices_are_read_and_recorded_through_the_api(cast, client):
    aanvraag = th.ingediend(cast)
    ortho = th.deskundige(cast, "Olga Orthopedagoog", "orthopedagoog")
    arts = th.deskundige(cast, "Jan Jeugdarts", "jeugdarts")
    body = _als(client, cast.ib_a).get(_adviezen_url(aanvraag)).json()
    assert body["compleet"] is False and body["adviezen"] == []
    assert body["ontbreekt"].startswith("Het deskundigenadvies is niet compleet")
    vandaag = th.vandaag().isoformat()
    response = _post(
        _als(client, cast.trajectbegeleider),
        _adviezen_url(aanvraag),
        {"deskundige": ortho.pk, "datum": vandaag, "advies": "Een kleine setting."},
    )
    assert response.status_code == 201, response.content
    advies = response.json()
    assert (advies["deskundige"], advies["discipline"], advies["vastgelegd_door"]) == (
        {"id": ortho.pk, "naam": "Olga Orthopedagoog"},
        "orthopedagoog",
        cast.trajectbegeleider.naam,
    )
    _post(client, _adviezen_url(aanvraag), {"deskundige": arts.pk, "datum": vandaag, "advies": "Rust."})
    body = _als(client, cast.ouder).get(_adviezen_url(aanvraag)).json()
    assert body["compleet"] is True and body["ontbreekt"] is None
    assert [a["discipline"] for a in body["adviezen"]] == ["orthopedagoog", "jeugdarts"]


ONGELDIG = [
    (
        {"deskundige": "logopedist", "advies": "x"},
        {
            "deskundige": [
                "Een logopedist geeft geen deskundigenadvies voor een TLV: de wet vraagt een orthopedagoog of "
                "psycholoog, en als tweede bijvoorbeeld een jeugdarts, pedagoog, kinderpsychiater of maatschappelijk "
                "werker."
            ]
        },
    ),
    (
        {"deskundige": "elders", "advies": "x"},
        {"deskundige": ["Kies een deskundige uit de pool van uw samenwerkingsverband."]},
    ),
    ({"deskundige": "ortho", "advies": ""}, {"advies": ["Schrijf het advies op: een advies is schriftelijk."]}),
    (
        {"deskundige": "ortho", "advies": "x", "datum": "morgen"},
        {"datum": ["Leg het advies vast met de datum waarop het is gegeven (niet in de toekomst)."]},
    ),
    (
        {"deskundige": "ortho", "advies": "x" * 8001},
        {"advies": ["Zorg ervoor dat dit veld niet meer dan 8000 karakters bevat."]},
    ),
    ({"deskundige": 0.5, "advies": "x"}, {"deskundige": ["Een geldig getal is vereist."]}),
]


@pytest.mark.parametrize(("invoer", "fouten"), ONGELDIG)
def test_a_refused_advice_is_a_400_with_the_message_at_the_field(cast, client, invoer, fouten):
    from passend.organisaties.models import Deskundige

    aanvraag = th.ingediend(cast)
    deskundigen = {
        "ortho": th.deskundige(cast, "Olga Orthopedagoog", "orthopedagoog").pk,
        "logopedist": th.deskundige(cast, "Lotte Logopedist", "logopedist").pk,
        "elders": Deskundige.objects.create(
            samenwerkingsverband=cast.swv_other, naam="Elders", organisatie="Elders", discipline="psycholoog"
        ).pk,
    }
    data = {"datum": th.vandaag().isoformat(), **invoer}
    data["deskundige"] = deskundigen.get(data["deskundige"], data["deskundige"])
    if data["datum"] == "morgen":
        data["datum"] = (th.vandaag() + timedelta(days=1)).isoformat()
    response = _post(_als(client, cast.trajectbegeleider), _adviezen_url(aanvraag), data)
    assert response.status_code == 400
    assert response.json() == fouten
    assert not Deskundigenadvies.objects.exists()


def test_who_may_record_an_advice_through_the_api(cast, client):
    aanvraag = th.ingediend(cast)
    ortho = th.deskundige(cast, "Olga Orthopedagoog", "orthopedagoog")
    data = {"deskundige": ortho.pk, "datum": th.vandaag().isoformat(), "advies": "x"}
    for persona, status in (("ib_a", 403), ("ouder", 403), ("ib_b", 404), ("beheerder_other", 404)):
        response = _post(_als(client, cast.users[persona]), _adviezen_url(aanvraag), data)
        assert response.status_code == status, persona
        assert response.json() == (GEEN_TOEGANG if status == 403 else NIET_GEVONDEN)
    gewoon = ah.ingediend(cast, traject=th.start(cast, th.leerling(cast, "Mila")))
    assert _als(client, cast.trajectbegeleider).get(_adviezen_url(gewoon)).status_code == 404
    assert client.get("/api/v1/aanvragen/999999/deskundigenadviezen/").status_code == 404
    assert not Deskundigenadvies.objects.exists()


# --- TLVs -------------------------------------------------------------------------------------


def test_the_tlv_is_issued_on_the_decision_and_listed(cast, client):
    _aanvraag, besluit = th.besloten(cast)
    url = f"/api/v1/besluiten/{besluit.pk}/tlv/"
    start = th.vandaag()
    _als(client, cast.trajectbegeleider)
    response = _post(client, url, {"ontvangende_school": cast.school_a.pk, "startdatum": start.isoformat()})
    assert response.status_code == 400
    assert response.json() == {
        "ontvangende_school": ["Een TLV voor het SO geeft toegang tot een so-school."],
        "einddatum": ["Kies tot wanneer de TLV geldt, of kies ‘voor de hele schoolloopbaan’."],
    }
    response = _post(client, url, {"ontvangende_school": cast.school_other.pk, "startdatum": start.isoformat()})
    assert response.json() == {
        "ontvangende_school": ["Kies een school uit het dekkend netwerk van uw samenwerkingsverband."]
    }
    einde = start + timedelta(days=60)
    response = _post(
        client,
        url,
        {"ontvangende_school": cast.school_b.pk, "startdatum": start.isoformat(), "einddatum": einde.isoformat()},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["nummer"], body["soort"], body["categorie"], body["einddatum"]) == (
        besluit.nummer,
        "so",
        "midden",
        einde.isoformat(),
    )
    assert body["leerling"] == {"id": cast.leerling_a.pk, "naam": cast.leerling_a.naam}
    assert body["loopt_binnenkort_af"] is True and body["ontvangende_school"]["naam"] == "School B"
    tweede = _post(client, url, {"ontvangende_school": cast.school_b.pk, "startdatum": start.isoformat()})
    assert tweede.status_code == 400
    assert tweede.json() == {"non_field_errors": [f"Op besluit {besluit.nummer} is de TLV al afgegeven."]}
    # Listed for the partnership, the school and the parents; the soon-ending filter.
    for persona in ("trajectbegeleider", "ib_a", "ouder", "ib_b"):
        rijen = _als(client, cast.users[persona]).get("/api/v1/tlvs/?binnenkort=true").json()["results"]
        assert [r["id"] for r in rijen] == [body["id"]], persona
        assert client.get(f"/api/v1/tlvs/{body['id']}/").status_code == 200
    for persona in ("rvz", "extern_uitgenodigd", "beheerder"):
        assert _als(client, cast.users[persona]).get("/api/v1/tlvs/").json()["results"] == [], persona
        assert client.get(f"/api/v1/tlvs/{body['id']}/").json() == NIET_GEVONDEN


def test_issuing_is_refused_to_the_school_and_hidden_from_others(cast, client):
    _aanvraag, besluit = th.besloten(cast)
    url = f"/api/v1/besluiten/{besluit.pk}/tlv/"
    data = {"ontvangende_school": cast.school_b.pk, "startdatum": th.vandaag().isoformat(), "hele_schoolloopbaan": True}
    for persona, status in (("ib_a", 403), ("ouder", 403), ("rvz", 403), ("ib_b", 404), ("beheerder", 404)):
        assert _post(_als(client, cast.users[persona]), url, data).status_code == status, persona
    assert _post(_als(client, cast.commissielid), url, {**data, "categorie": "hoog"}).status_code == 201
    assert Tlv.objects.get().categorie == "hoog"


def test_the_list_asks_the_same_number_of_queries_for_more_tlvs(cast, client):
    th.afgegeven(cast)
    _als(client, cast.trajectbegeleider)
    with CaptureQueriesContext(connection) as een:
        assert len(client.get("/api/v1/tlvs/").json()["results"]) == 1
    for naam in ("Mila", "Noah", "Sara"):
        th.afgegeven(cast, "tlv_sbo", leerling_=th.leerling(cast, naam))
    with CaptureQueriesContext(connection) as vier:
        assert len(client.get("/api/v1/tlvs/").json()["results"]) == 4
    assert len(vier) == len(een)


def test_the_export_is_csv_for_the_partnership_and_audited(cast, client):
    gegeven = th.afgegeven(cast, hele_schoolloopbaan=True)
    response = _als(client, cast.trajectbegeleider).get("/api/v1/tlvs/export/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rijen = list(csv.reader(io.StringIO(response.content.decode())))
    assert rijen[1] == [gegeven.nummer, str(cast.leerling_a.pk), "so", "midden", gegeven.startdatum.isoformat(), ""]
    assert AuditEvent.objects.filter(action="export", object_type="arrangementen.tlv").count() == 1
    response = _als(client, cast.ib_a).get("/api/v1/tlvs/export/")
    assert response.status_code == 403 and response.json() == GEEN_TOEGANG


# --- Objections -------------------------------------------------------------------------------


def test_objections_are_registered_forwarded_and_decided_through_the_api(cast, client):
    _aanvraag, besluit = th.besloten(cast)
    vandaag = th.vandaag().isoformat()
    _als(client, cast.trajectbegeleider)
    response = _post(
        client,
        "/api/v1/bezwaren/",
        {"besluit": besluit.pk, "ontvangen_op": vandaag, "ingediend_door": "De moeder", "gronden": "Liever sbo."},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["besluitnummer"], body["te_laat"], body["doorsturen_uiterlijk"], body["uitkomst"]) == (
        besluit.nummer,
        False,
        (th.vandaag() + timedelta(days=14)).isoformat(),
        "",
    )
    pk = body["id"]
    assert [b["id"] for b in client.get(f"/api/v1/bezwaren/?besluit={besluit.pk}").json()["results"]] == [pk]
    morgen = (th.vandaag() + timedelta(days=1)).isoformat()
    response = _post(client, f"/api/v1/bezwaren/{pk}/doorsturen/", {"op": morgen})
    assert response.status_code == 400
    assert response.json() == {"op": ["Kies de datum van doorsturen: na de ontvangst en niet in de toekomst."]}
    assert _post(client, f"/api/v1/bezwaren/{pk}/doorsturen/", {"op": vandaag}).json()["doorgestuurd_op"] == vandaag
    response = _post(client, f"/api/v1/bezwaren/{pk}/doorsturen/", {"op": vandaag})
    assert response.json() == {"non_field_errors": [f"Dit bezwaar is al doorgestuurd op {th.vandaag():%d-%m-%Y}."]}
    response = _post(client, f"/api/v1/bezwaren/{pk}/afhandelen/", {"uitkomst": "gegrond", "op": vandaag})
    assert response.status_code == 200 and response.json()["uitkomst"] == "gegrond"
    response = _post(client, f"/api/v1/bezwaren/{pk}/afhandelen/", {"uitkomst": "ongegrond", "op": vandaag})
    assert response.json() == {"non_field_errors": ["Over dit bezwaar is al beslist."]}
    assert Bezwaar.objects.get().uitkomst == "gegrond"


def test_objections_are_the_partnerships(cast, client):
    _aanvraag, besluit = th.besloten(cast)
    data = {"besluit": besluit.pk, "ontvangen_op": th.vandaag().isoformat(), "ingediend_door": "X", "gronden": "Y"}
    # The school and the beheerder are refused before their input is read; staff of another
    # partnership get a 400 at the field: a decision they cannot see.
    for persona in ("ib_a", "beheerder"):
        assert _post(_als(client, cast.users[persona]), "/api/v1/bezwaren/", {}).status_code == 403, persona
    elders = User.objects.create_user("elders@test.example", "Een-lang-testwachtwoord-42", naam="Elders")
    Lidmaatschap.objects.create(
        user=elders, rol="trajectbegeleider", samenwerkingsverband=cast.swv_other, geldig_van=date(2020, 1, 1)
    )
    response = _post(_als(client, elders), "/api/v1/bezwaren/", data)
    assert response.status_code == 400
    assert response.json() == {"besluit": ["Kies een besluit van een traject dat u mag zien."]}
    pk = _post(_als(client, cast.commissielid), "/api/v1/bezwaren/", data).json()["id"]
    for persona in ("ib_a", "ouder", "beheerder", "elders"):
        _als(client, elders if persona == "elders" else cast.users[persona])
        assert client.get("/api/v1/bezwaren/").json()["results"] == [], persona
        assert client.get(f"/api/v1/bezwaren/{pk}/").json() == NIET_GEVONDEN
        assert _post(client, f"/api/v1/bezwaren/{pk}/doorsturen/", {"op": "2026-01-01"}).status_code == 404
    # An objection to another kind of decision: not to the LBT.
    _gewoon_aanvraag, gewoon = ah.besloten(cast, traject=th.start(cast, th.leerling(cast, "Mila")))
    ander = _post(_als(client, cast.trajectbegeleider), "/api/v1/bezwaren/", {**data, "besluit": gewoon.pk}).json()
    assert ander["doorsturen_uiterlijk"] is None
    response = _post(client, f"/api/v1/bezwaren/{ander['id']}/doorsturen/", {"op": th.vandaag().isoformat()})
    assert response.json() == {"non_field_errors": ["Alleen een bezwaar tegen een TLV-besluit gaat naar de LBT."]}
