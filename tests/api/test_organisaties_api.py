import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from passend.core.models import AuditEvent
from passend.organisaties.models import School


def _names(response):
    return {row["naam"] for row in response.json()["results"]}


def test_other_partnership_sees_none_of_ours(cast, client):
    client.force_login(cast.beheerder_other)
    for resource in (
        "scholen",
        "schoolbesturen",
        "deelverbanden",
        "voorzieningen",
        "deskundigen",
        "samenwerkingsverbanden",
    ):
        response = client.get(f"/api/v1/{resource}/")
        assert response.status_code == 200
        ids = {row["id"] for row in response.json()["results"]}
        ours = {cast.swv.pk} if resource == "samenwerkingsverbanden" else None
        if ours:
            assert not ids & ours
    assert _names(client.get("/api/v1/scholen/")) == {"School Elders"}
    response = client.get(f"/api/v1/scholen/{cast.school_a.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden."}


def test_hidden_and_missing_objects_answer_alike(cast, client):
    client.force_login(cast.beheerder_other)
    hidden = client.get(f"/api/v1/scholen/{cast.school_a.pk}/")
    missing = client.get("/api/v1/scholen/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_member_lists_own_partnership_and_views_are_audited(cast, client):
    client.force_login(cast.ib_a)
    assert _names(client.get("/api/v1/scholen/")) == {"School A", "School B"}
    assert AuditEvent.objects.filter(
        action="search", object_type="organisaties.school", actor_user_id=cast.ib_a.pk
    ).exists()
    client.get(f"/api/v1/scholen/{cast.school_a.pk}/")
    event = AuditEvent.objects.filter(action="view", object_id=str(cast.school_a.pk)).get()
    assert event.role == "ib"
    assert event.reason == "werkt binnen dit samenwerkingsverband"
    assert event.samenwerkingsverband_id == cast.swv.pk


def test_parent_and_external_see_no_network(cast, client):
    for persona in (cast.ouder, cast.extern):
        client.force_login(persona)
        assert client.get("/api/v1/scholen/").json()["results"] == []


def test_bearer_token_authenticates_with_the_same_scope(cast, client):
    token = Token.objects.create(user=cast.ib_b)
    response = client.get("/api/v1/scholen/", HTTP_AUTHORIZATION=f"Bearer {token.key}")
    assert response.status_code == 200
    assert _names(response) == {"School A", "School B"}
    bad = client.get("/api/v1/scholen/", HTTP_AUTHORIZATION="Bearer nope")
    assert bad.status_code == 401
    assert AuditEvent.objects.filter(result="denied", reason="HTTP 401").exists()


def test_anonymous_gets_dutch_401_or_403(cast, client):
    response = client.get("/api/v1/scholen/")
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "U bent niet ingelogd."


def test_session_api_requires_2fa_when_on(cast, client, settings):
    settings.PASSEND_REQUIRE_2FA = True
    client.force_login(cast.ib_a)
    response = client.get("/api/v1/scholen/")
    assert response.status_code == 403
    assert "Tweestapsverificatie" in response.json()["detail"]


def test_list_query_count_is_constant(cast, client):
    client.force_login(cast.ib_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/deskundigen/").status_code == 200
            assert client.get("/api/v1/scholen/").status_code == 200
        return len(ctx)

    before = count()
    for i in range(10):
        School.objects.create(
            samenwerkingsverband=cast.swv,
            schoolbestuur=cast.bestuur,
            naam=f"Extra {i}",
            soort="bo",
            instellingscode=f"{30 + i}XX00",
            postcode="1234 AB",
            plaats="Testdorp",
        )
    assert count() == before


SCHOOL = {
    "naam": "Nieuwe school",
    "soort": "sbo",
    "capaciteit": 120,
    "instellingscode": "44QQ00",
    "postcode": "1234ab",
    "plaats": "Testdorp",
}


def _new_school(cast, **extra):
    return {**SCHOOL, "samenwerkingsverband": cast.swv.pk, "schoolbestuur": cast.bestuur.pk, **extra}


def test_beheerder_creates_and_changes_a_school_through_the_api(cast, client):
    client.force_login(cast.beheerder)
    response = client.post("/api/v1/scholen/", _new_school(cast), content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["postcode"], body["samenwerkingsverband"]) == ("1234 AB", cast.swv.pk)
    school = School.objects.get(pk=body["id"])
    assert AuditEvent.objects.filter(action="create", object_id=str(school.pk), role="beheerder").exists()
    response = client.patch(f"/api/v1/scholen/{school.pk}/", {"plaats": "Elders"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["plaats"] == "Elders"
    event = AuditEvent.objects.get(action="update", object_id=str(school.pk))
    assert event.detail["wijzigingen"] == {"plaats": {"oud": "Testdorp", "nieuw": "Elders"}}


def test_api_validation_uses_the_same_dutch_messages(cast, client):
    client.force_login(cast.beheerder)
    before = School.objects.count()
    response = client.post(
        "/api/v1/scholen/",
        _new_school(cast, instellingscode=cast.school_a.instellingscode, capaciteit=None),
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["instellingscode"] == ["Er is al een school met deze instellingscode."]
    assert errors["capaciteit"] == ["Vul voor sbo en so het aantal plaatsen in."]
    response = client.post(
        "/api/v1/scholen/",
        _new_school(cast, naam="<script>x</script>", postcode="12345"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "HTML" in response.json()["naam"][0]
    assert "postcode" in response.json()
    assert School.objects.count() == before


def test_api_refuses_a_board_of_another_partnership(cast, client):
    client.force_login(cast.beheerder)
    other_board = cast.school_other.schoolbestuur
    response = client.post(
        "/api/v1/scholen/", _new_school(cast, schoolbestuur=other_board.pk), content_type="application/json"
    )
    assert response.status_code == 400
    assert "schoolbestuur" in response.json()


@pytest.mark.parametrize("persona", ["ib_a", "trajectbegeleider", "rvz", "beheerder_other", "ouder"])
def test_only_the_beheerder_of_the_partnership_may_write(cast, client, persona):
    client.force_login(cast.users[persona])
    before = School.objects.count()
    created = client.post("/api/v1/scholen/", _new_school(cast), content_type="application/json")
    assert created.status_code == 403
    changed = client.patch(f"/api/v1/scholen/{cast.school_a.pk}/", {"plaats": "X"}, content_type="application/json")
    assert changed.status_code == (403 if persona in ("ib_a", "trajectbegeleider", "rvz") else 404)
    assert School.objects.count() == before
    cast.school_a.refresh_from_db()
    assert cast.school_a.plaats == "Testdorp"
    assert AuditEvent.objects.filter(result="denied", actor_user_id=cast.users[persona].pk).count() >= 2


def test_deskundige_expertises_by_slug(cast, client):
    client.force_login(cast.beheerder)
    response = client.post(
        "/api/v1/deskundigen/",
        {
            "samenwerkingsverband": cast.swv.pk,
            "naam": "Nieuwe deskundige",
            "organisatie": "Pool",
            "discipline": "psycholoog",
            "expertises": ["gedrag", "dcd"],
            "uren_beschikbaar": "12.5",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert sorted(response.json()["expertises"]) == ["dcd", "gedrag"]
    assert response.json()["uren_beschikbaar"] == "12.50"


def test_organisations_cannot_be_deleted_through_the_api(cast, client):
    client.force_login(cast.beheerder)
    assert client.delete(f"/api/v1/scholen/{cast.school_a.pk}/").status_code == 405


def test_beheerder_changes_basisondersteuning(cast, client):
    client.force_login(cast.beheerder)
    response = client.patch(
        f"/api/v1/samenwerkingsverbanden/{cast.swv.pk}/",
        {"basisondersteuning": "Dyslexieprotocol", "code": "PO 99.99"},
        content_type="application/json",
    )
    assert response.status_code == 200
    cast.swv.refresh_from_db()
    assert (cast.swv.basisondersteuning, cast.swv.code) == ("Dyslexieprotocol", "PO 90.01")
