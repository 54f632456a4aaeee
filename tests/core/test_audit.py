import re

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from passend.core import audit
from passend.core.models import AuditEvent
from tests.personas import PASSWORD


def test_rows_cannot_be_changed_or_deleted_by_the_application(db):
    event = audit.log(audit.Action.VIEW, object_type="test", object_label="iets")
    event.object_label = "anders"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(object_label="anders")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).object_label == "iets"


@pytest.mark.postgres
def test_database_refuses_update_and_delete_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    event = audit.log(audit.Action.VIEW, object_type="test")
    for sql in (
        "UPDATE core_auditevent SET object_label = 'x' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_login_logout_and_failed_login_are_logged(cast, client):
    client.post("/inloggen/", {"username": cast.ib_a.email, "password": "fout"})
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.actor_user_id == cast.ib_a.pk and failed.result == "failure"
    response = client.post("/inloggen/", {"username": cast.ib_a.email, "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="login", actor_user_id=cast.ib_a.pk).exists()
    client.post("/account/uitloggen/")
    assert AuditEvent.objects.filter(action="logout", actor_user_id=cast.ib_a.pk).exists()


def test_unknown_address_failed_login_records_what_was_tried(db, client):
    client.post("/inloggen/", {"username": "niemand@test.example", "password": "x"})
    event = AuditEvent.objects.get(action="login_failed")
    assert event.actor_user_id is None
    assert event.actor_label == "niemand@test.example"


def test_lockout_after_repeated_failures(cast, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/inloggen/", {"username": cast.ib_a.email, "password": "fout"})
    assert AuditEvent.objects.filter(action="lockout", actor_user_id=cast.ib_a.pk).exists()
    # Even the right password is refused now, in Dutch.
    response = client.post("/inloggen/", {"username": cast.ib_a.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    assert AuditEvent.objects.filter(result="denied", reason="HTTP 429").exists()


def test_view_records_who_role_why_and_from_where(cast, client):
    client.force_login(cast.ib_b)
    client.get(f"/netwerk/scholen/{cast.school_a.pk}/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="TestBrowser")
    event = AuditEvent.objects.get(action="view", object_type="organisaties.school")
    assert (event.actor_user_id, event.role, event.samenwerkingsverband_id) == (cast.ib_b.pk, "ib", cast.swv.pk)
    assert event.role_organisation == "School B"
    assert event.reason == "werkt binnen dit samenwerkingsverband"
    assert event.origin_ip == "10.1.2.3"
    assert event.user_agent == "TestBrowser"
    assert event.origin_path == f"/netwerk/scholen/{cast.school_a.pk}/"


def _without_csrf(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_out_of_scope_lookup_is_a_logged_404_indistinguishable_from_missing(cast, client):
    client.force_login(cast.beheerder_other)
    hidden = client.get(f"/netwerk/scholen/{cast.school_a.pk}/")
    missing = client.get("/netwerk/scholen/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert _without_csrf(hidden) == _without_csrf(missing)
    denied = AuditEvent.objects.filter(result="denied", actor_user_id=cast.beheerder_other.pk)
    assert denied.count() == 2
    assert {e.detail["gevraagd_id"] for e in denied} == {str(cast.school_a.pk), "999999"}


def test_teacher_cannot_open_beheer_and_the_refusal_is_logged(cast, client):
    client.force_login(cast.leerkracht_a)
    response = client.get("/beheer/")
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    event = AuditEvent.objects.get(result="denied", actor_user_id=cast.leerkracht_a.pk)
    assert event.action == "access_denied"
    assert event.origin_path == "/beheer/"


def test_beheerder_sees_only_own_partnership_in_the_audit_log(cast, client):
    client.force_login(cast.ib_a)
    client.get(f"/netwerk/scholen/{cast.school_a.pk}/")
    client.force_login(cast.beheerder_other)
    page = client.get("/beheer/auditlog/").content.decode()
    assert "School A" not in page
    client.force_login(cast.beheerder)
    page = client.get("/beheer/auditlog/?actie=view").content.decode()
    assert "School A" in page
    assert "Ib A" in page


def test_reading_the_audit_log_is_itself_logged(cast, client):
    client.force_login(cast.beheerder)
    client.get("/beheer/auditlog/?actie=login")
    event = AuditEvent.objects.filter(object_type="core.auditevent").get()
    assert event.action == "search"
    assert event.detail == {"actie": "login"}


def test_audit_log_filters(cast, client):
    client.force_login(cast.beheerder)
    client.get("/beheer/")
    client.force_login(cast.leerkracht_a)
    client.get("/beheer/")
    client.force_login(cast.beheerder)
    page = client.get("/beheer/auditlog/?resultaat=denied").content.decode()
    assert "Leerkracht A" in page
    page = client.get("/beheer/auditlog/?gebruiker=leerkracht").content.decode()
    assert "Leerkracht A" in page


def test_audit_log_page_speaks_dutch_about_roles_and_objects(cast, client):
    client.force_login(cast.ib_a)
    client.get("/netwerk/")
    client.force_login(cast.beheerder)
    page = client.get("/beheer/auditlog/?actie=search").content.decode()
    assert "Intern begeleider" in page
    assert "dekkend netwerk" in page
    assert "organisaties.school" not in page
