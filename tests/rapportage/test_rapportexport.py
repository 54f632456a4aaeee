"""The annual report as a background export: asked for on a page, made by the task (progress
recorded), followed by htmx polling, downloaded by the person who asked only, and every download
audited as an export. Old exports are removed."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from passend.core.models import AuditEvent
from passend.rapportage import services
from passend.rapportage.models import Rapportexport
from tests.rapportage.jaarverslag_scenario import JAAR, scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(cast):
    scenario(cast)
    return cast


def _aanvragen(client, swv, soort="xlsx", **extra):
    return client.post(
        reverse("rapportage:jaarverslag"),
        {"samenwerkingsverband": swv.pk, "schooljaar": JAAR, "soort": soort, **extra},
    )


def test_an_export_is_asked_for_made_followed_and_downloaded_with_an_audit_row(
    data, client, monkeypatch, django_capture_on_commit_callbacks
):
    voortgang = []
    bijwerken = services._bijwerken

    def volgen(export_id, **velden):
        if "voortgang" in velden:
            voortgang.append(velden["voortgang"])
        bijwerken(export_id, **velden)

    monkeypatch.setattr(services, "_bijwerken", volgen)
    client.force_login(data.beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        response = _aanvragen(client, data.swv)
    export = Rapportexport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("rapportage:export", args=[export.pk])
    assert (export.status, export.voortgang, export.rol, export.aangevraagd_door) == (
        "klaar",
        100,
        "beheerder",
        data.beheerder,
    )
    assert export.taak_id and export.klaar_op and export.grootte == len(bytes(export.inhoud))
    assert voortgang[0] == 0 and voortgang == sorted(voortgang) and voortgang[-1] == 100
    # The figures the task read are audited in the name of the person who asked.
    gelezen = AuditEvent.objects.filter(action="view", object_type="rapportage.kengetallen", purpose="jaarverslag")
    assert gelezen.count() == 2 and set(gelezen.values_list("actor_user_id", flat=True)) == {data.beheerder.pk}

    pagina = client.get(reverse("rapportage:export", args=[export.pk])).content.decode()
    assert "<progress" in pagina and 'role="status"' in pagina
    assert reverse("rapportage:export_download", args=[export.pk]) in pagina
    assert "hx-trigger" not in pagina  # ready: no more polling

    exports_voor = AuditEvent.objects.filter(action="export").count()
    download = client.get(reverse("rapportage:export_download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert download["Content-Disposition"].startswith("attachment;")
    assert load_workbook(io.BytesIO(download.content)).sheetnames[0] == "Samenvatting"
    rij = AuditEvent.objects.filter(action="export").latest("id")
    assert AuditEvent.objects.filter(action="export").count() == exports_voor + 1
    assert (rij.actor_user_id, rij.role, rij.object_type, rij.object_id, rij.purpose) == (
        data.beheerder.pk,
        "beheerder",
        "rapportage.rapportexport",
        str(export.pk),
        "jaarverslag",
    )
    assert rij.samenwerkingsverband_id == data.swv.pk and rij.detail["schooljaar"] == "2025-2026"

    lijst = client.get(reverse("rapportage:exports")).content.decode()
    assert export.titel in lijst and reverse("rapportage:export_download", args=[export.pk]) in lijst


def test_while_it_is_being_made_the_status_polls_and_the_live_region_speaks_only_of_changes(data, client):
    client.force_login(data.beheerder)
    _aanvragen(client, data.swv, soort="pdf")  # the task runs when the transaction commits: not in this test
    export = Rapportexport.objects.get()
    assert export.status == "wachtend"
    url = reverse("rapportage:export", args=[export.pk])
    pagina = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in pagina and "<noscript>" in pagina
    # The message stays when the progress below turns to "Klaar", so it says nothing that becomes untrue.
    assert "Uw aanvraag is ontvangen; hieronder ziet u hoe ver het is." in pagina

    eerste = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in eerste and 'id="export-melding" hx-swap-oob="innerHTML"' in eerste
    stand = eerste.split('"gezien": "')[1].split('"')[0]
    zelfde = client.get(url, {"gezien": stand}, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-swap-oob" not in zelfde  # nothing new to announce

    services.rapportexport_uitvoeren(export.pk)
    klaar = client.get(url, {"gezien": stand}, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in klaar and "Klaar" in klaar and "hx-swap-oob" in klaar
    download = client.get(reverse("rapportage:export_download", args=[export.pk]))
    assert download.content.startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_makes_the_export(cast, settings):
    """The deployment's path: the task is stored by the database backend and run by `db_worker`
    (outside a test transaction, as the worker checks its connection like a request would)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    from django_tasks_db.models import DBTaskResult

    export = services.rapportexport_aanvragen(
        actor=cast.beheerder, samenwerkingsverband=cast.swv, schooljaar=JAAR, soort="xlsx"
    )
    export.refresh_from_db()
    assert export.status == "wachtend" and DBTaskResult.objects.filter(pk=export.taak_id).exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    export.refresh_from_db()
    assert export.status == "klaar" and bytes(export.inhoud).startswith(b"PK")
    assert DBTaskResult.objects.get(pk=export.taak_id).status == "SUCCESSFUL"


def test_nobody_else_sees_or_downloads_an_export(data, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.rapportexport_aanvragen(
            actor=data.rvz, samenwerkingsverband=data.swv, schooljaar=JAAR, soort="pdf"
        )
    export.refresh_from_db()
    assert export.status == "klaar" and export.schoolbestuur_id == data.bestuur.pk
    for persona in ("beheerder", "directeur_a", "commissielid", "ib_a"):
        client.force_login(data.users[persona])
        geweigerd = AuditEvent.objects.filter(result="denied").count()
        for route in ("rapportage:export", "rapportage:export_download"):
            assert client.get(reverse(route, args=[export.pk])).status_code == 404, (persona, route)
        assert AuditEvent.objects.filter(result="denied").count() == geweigerd + 2
        assert export.titel not in client.get(reverse("rapportage:exports")).content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()
    client.force_login(data.rvz)
    assert client.get(reverse("rapportage:export_download", args=[export.pk])).status_code == 200


def test_a_director_asks_for_their_own_school_and_not_for_another(data, client, django_capture_on_commit_callbacks):
    client.force_login(data.directeur_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert _aanvragen(client, data.swv).status_code == 302
    export = Rapportexport.objects.get()
    assert (export.school_id, export.onderwerp, export.rol) == (data.school_a.pk, "School A", "directeur")
    assert _aanvragen(client, data.swv, school=data.school_b.pk).status_code == 404
    assert Rapportexport.objects.count() == 1
    assert AuditEvent.objects.filter(result="denied", object_type="rapportage.kengetallen").exists()


def test_a_bad_request_is_answered_at_the_field(data, client):
    client.force_login(data.beheerder)
    response = _aanvragen(client, data.swv, soort="docx")
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    response = client.post(
        reverse("rapportage:jaarverslag"), {"samenwerkingsverband": data.swv.pk, "schooljaar": 1999, "soort": "pdf"}
    )
    assert response.status_code == 400
    assert not Rapportexport.objects.exists()


def test_an_export_whose_author_lost_the_role_fails_with_a_message(data):
    export = services.rapportexport_aanvragen(
        actor=data.directeur_a, samenwerkingsverband=data.swv, schooljaar=JAAR, soort="pdf"
    )
    lid = data.directeur_a.lidmaatschappen.get()
    lid.geldig_tot = lid.geldig_van
    lid.save()
    services.rapportexport_uitvoeren(export.pk)
    export.refresh_from_db()
    assert export.status == "mislukt" and "geen toegang" in export.tekst
    assert AuditEvent.objects.filter(result="denied", actor_user_id=data.directeur_a.pk).exists()


def test_old_exports_are_removed(data, settings):
    settings.PASSEND_EXPORT_DAGEN = 7
    oud = services.rapportexport_aanvragen(
        actor=data.beheerder, samenwerkingsverband=data.swv, schooljaar=JAAR, soort="pdf"
    )
    Rapportexport.objects.filter(pk=oud.pk).update(aangemaakt_op=timezone.now() - timedelta(days=8))
    nieuw = services.rapportexport_aanvragen(
        actor=data.beheerder, samenwerkingsverband=data.swv, schooljaar=JAAR, soort="pdf"
    )
    assert list(Rapportexport.objects.values_list("pk", flat=True)) == [nieuw.pk]  # removed on the next request
    Rapportexport.objects.filter(pk=nieuw.pk).update(aangemaakt_op=timezone.now() - timedelta(days=8))
    out = io.StringIO()
    call_command("rapportexports_opruimen", stdout=out)
    assert not Rapportexport.objects.exists() and out.getvalue().startswith("1 export")
