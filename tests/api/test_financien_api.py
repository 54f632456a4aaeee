"""The money through the API, read only: the same selectors as the pages. The budgets the caller
manages; a budget's lines, income and forecast for the partnership; the school budgets for the
partnership (all), a board or a director (their own); one line's ledger, paged. Unseen is 404,
like absent, and audited; writing is 405; the number of queries does not grow with the ledger."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passend.accounts.roles import Rol
from passend.core.models import AuditEvent
from passend.financien import selectors
from passend.financien.models import Boeking, Doel
from tests.financien.helpers import begroting, post, top_plaatsing
from tests.financien.test_paginas import management, veel_boekingen

pytestmark = pytest.mark.django_db

BEGROTINGEN = "/api/v1/begrotingen/"
NIET_GEVONDEN = {"detail": "Niet gevonden."}


def _als(client, user):
    client.logout()
    client.force_login(user)
    return client


def detail(b) -> str:
    return f"{BEGROTINGEN}{b.pk}/"


def schoolbudgetten(b) -> str:
    return f"{BEGROTINGEN}{b.pk}/schoolbudgetten/"


def boekingen(p) -> str:
    return f"/api/v1/begrotingsposten/{p.pk}/boekingen/"


def _weigeringen() -> int:
    return AuditEvent.objects.filter(result="denied").count()


def _verborgen(client, url) -> None:
    voor = _weigeringen()
    response = client.get(url)
    assert (response.status_code, response.json()) == (404, NIET_GEVONDEN), url
    assert _weigeringen() == voor + 1, url


def _scholen(response) -> list[tuple]:
    assert response.status_code == 200, response.content
    return [(r["school"]["naam"], r["budget"], r["verplicht"], r["beschikbaar"]) for r in response.json()["results"]]


def test_the_director_of_school_a_reads_its_budget_and_the_placement_and_nothing_else(cast, client):
    b, plaatsing = top_plaatsing(cast, client)
    _als(client, cast.directeur_a)
    assert client.get(BEGROTINGEN).json()["results"] == []  # they manage no budget
    assert _scholen(client.get(schoolbudgetten(b))) == [("School A", "54000.00", "1000.00", "53000.00")]
    assert client.get(schoolbudgetten(b)).json()["results"][0]["schoolbestuur"] == {
        "id": cast.bestuur.pk,
        "naam": "Stichting Test",
    }

    response = client.get(boekingen(post(b, Doel.SCHOOLBUDGET, cast.school_a)))
    assert response.status_code == 200
    plaats = [r for r in response.json()["results"] if r["arrangement"] == plaatsing.pk]
    assert [(r["soort"], r["bedrag"]) for r in plaats] == [("verplichting", "1000.00")]
    assert AuditEvent.objects.filter(
        actor_user_id=cast.directeur_a.pk, action="view", object_type="financien.post", role=Rol.DIRECTEUR
    ).exists()

    _verborgen(client, boekingen(post(b, Doel.SCHOOLBUDGET, cast.school_b)))
    _verborgen(client, boekingen(post(b, Doel.PLAATSINGEN)))
    _verborgen(client, detail(b))


def test_a_board_reads_its_schools(cast, client):
    b = begroting(cast)
    _als(client, cast.rvz)
    assert _scholen(client.get(schoolbudgetten(b))) == [
        ("School A", "8000.00", "0.00", "8000.00"),
        ("School B", "4000.00", "0.00", "4000.00"),
    ]
    for school in (cast.school_a, cast.school_b):
        assert client.get(boekingen(post(b, Doel.SCHOOLBUDGET, school))).status_code == 200
    _verborgen(client, detail(b))
    _verborgen(client, boekingen(post(b, Doel.ARRANGEMENTEN)))


def test_the_partnership_reads_the_budget_as_on_the_dashboard(cast, client):
    b = begroting(cast)
    beheerder = _als(client, cast.beheerder)
    lijst = beheerder.get(BEGROTINGEN).json()
    assert lijst["count"] == 1
    assert lijst["results"][0] == {
        "id": b.pk,
        "samenwerkingsverband": cast.swv.pk,
        "jaar": b.jaar,
        "verdeelmodel": {"id": b.verdeelmodel_id, "naam": "HGA: in natura", "preset": "hga"},
        "peildatum": f"{b.jaar - 1}-10-01",
        "toelichting": "",
    }

    data = beheerder.get(detail(b)).json()
    d = selectors.dashboard(actor=cast.beheerder, begroting=b)
    assert [p["doel"] for p in data["posten"]] == [
        "expertpool",
        "arrangementen",
        "plaatsingen",
        "investeringen",
        "organisatie",
        "buffer",
    ]
    assert data["posten"][1] == {
        "id": post(b, Doel.ARRANGEMENTEN).pk,
        "doel": "arrangementen",
        "naam": "Arrangementen per leerling",
        "budget": "10000.00",
        "verplicht": "0.00",
        "gerealiseerd": "0.00",
        "beschikbaar": "10000.00",
    }
    assert data["schoolbudgetten"]["budget"] == "12000.00"
    assert data["totaal"]["budget"] == "67000.00" == f"{d.totaal.budget}"
    assert data["inkomsten"] == [
        {"soort": "zware_ondersteuning", "omschrijving": "Normatieve middelen", "bedrag": "60000.00"}
    ]
    assert data["inkomsten_totaal"] == "60000.00"
    assert data["prognose"] == {k: str(v) if isinstance(v, Decimal) else v for k, v in d.prognose.items()}
    assert [s[0] for s in _scholen(beheerder.get(schoolbudgetten(b)))] == ["School A", "School B"]

    # The management reads it too.
    assert _als(client, management(cast)).get(detail(b)).status_code == 200


def test_a_lines_ledger_is_paged_newest_first(cast, client):
    b = begroting(cast)
    p = post(b, Doel.EXPERTPOOL)
    veel_boekingen(p, 5)
    _als(client, cast.beheerder)
    eerste = client.get(boekingen(p) + "?per_pagina=4").json()
    assert eerste["count"] == 6 and len(eerste["results"]) == 4 and "pagina=2" in eerste["next"]
    tweede = client.get(eerste["next"]).json()
    ids = [r["id"] for r in eerste["results"] + tweede["results"]]
    assert ids == list(Boeking.objects.filter(post=p).order_by("-geboekt_op", "-id").values_list("id", flat=True))
    opening = tweede["results"][-1]
    assert (opening["soort"], opening["bedrag"], opening["geboekt_door"], opening["geboekt_als"]) == (
        "budget",
        "10000.00",
        "Beheerder",
        "beheerder",
    )


@pytest.mark.parametrize(
    "persona", ["leerkracht_a", "ib_a", "ouder", "extern_uitgenodigd", "trajectbegeleider", "beheerder_other"]
)
def test_nobody_else_reads_money(cast, client, persona):
    b = begroting(cast)
    _als(client, cast.users[persona])
    assert client.get(BEGROTINGEN).json() == {"count": 0, "next": None, "previous": None, "results": []}
    for url in (
        detail(b),
        schoolbudgetten(b),
        boekingen(post(b, Doel.ARRANGEMENTEN)),
        boekingen(post(b, Doel.SCHOOLBUDGET, cast.school_a)),
        f"{BEGROTINGEN}abc/",
        "/api/v1/begrotingsposten/999999/boekingen/",
    ):
        _verborgen(client, url)


def test_the_api_is_read_only(cast, client):
    b = begroting(cast)
    p = post(b, Doel.ARRANGEMENTEN)
    _als(client, cast.beheerder)
    voor = Boeking.objects.count()
    for method, url in (
        ("post", BEGROTINGEN),
        ("put", detail(b)),
        ("patch", detail(b)),
        ("delete", detail(b)),
        ("post", schoolbudgetten(b)),
        ("post", boekingen(p)),
    ):
        response = getattr(client, method)(url, {"bedrag": "1"}, content_type="application/json")
        assert response.status_code == 405, (method, url)
    assert Boeking.objects.count() == voor
    client.logout()
    assert client.get(BEGROTINGEN).status_code == 401


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as vragen:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(vragen)


def test_as_many_queries_for_10_as_for_10000_entries(cast, client):
    b, plaatsing = top_plaatsing(cast, client)
    school_a = post(b, Doel.SCHOOLBUDGET, cast.school_a)
    urls = [BEGROTINGEN, detail(b), schoolbudgetten(b), boekingen(school_a), boekingen(post(b, Doel.ARRANGEMENTEN))]
    _als(client, cast.beheerder)
    klein = [_queries(client, url) for url in urls]
    _als(client, cast.directeur_a)
    klein_directeur = [_queries(client, url) for url in (schoolbudgetten(b), boekingen(school_a))]

    veel_boekingen(school_a, 5000, arrangement=plaatsing)
    veel_boekingen(post(b, Doel.ARRANGEMENTEN), 5000)
    assert Boeking.objects.filter(post__begroting=b).count() > 10000

    assert [_queries(client, url) for url in (schoolbudgetten(b), boekingen(school_a))] == klein_directeur
    _als(client, cast.beheerder)
    assert [_queries(client, url) for url in urls] == klein
    assert client.get(boekingen(school_a)).json()["count"] > 5000
