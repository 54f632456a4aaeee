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
    assert AuditEvent.objects.filter(result="denied", reason="API 401").exists()


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


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_organisations_are_read_only_through_the_api(cast, client, method):
    client.force_login(cast.beheerder)
    response = getattr(client, method)(f"/api/v1/scholen/{cast.school_a.pk}/", {}, content_type="application/json")
    assert response.status_code == 405
