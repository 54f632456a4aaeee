"""Documents and the logbook: upload validation, confidentiality levels, audited downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passend.core.models import AuditEvent
from passend.dossier.models import Document, Notitie

PDF = b"%PDF-1.4\n% test\n"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def url(cast, suffix=""):
    return f"/leerlingen/{cast.leerling_a.pk}/documenten/{suffix}"


def upload(client, user, cast, *, name="verslag.pdf", content=PDF, **data):
    client.force_login(user)
    payload = {
        "formulier": "document",
        "titel": "Verslag",
        "soort": "onderzoek",
        "vertrouwelijkheid": "school",
        "gedeeld_met_ouders": "on",
        "bestand": SimpleUploadedFile(name, content),
    }
    payload.update(data)
    return client.post(url(cast), payload)


def test_teacher_uploads_a_pdf_stored_under_a_random_name_and_audited(cast, client, tmp_path):
    assert upload(client, cast.leerkracht_a, cast).status_code == 302
    document = Document.objects.get()
    assert document.bestandsnaam == "verslag.pdf" and document.content_type == "application/pdf"
    assert "verslag" not in document.bestand.name  # the stored name reveals nothing
    assert (tmp_path / document.bestand.name).read_bytes() == PDF
    assert AuditEvent.objects.filter(
        action="create", object_type="dossier.document", leerling_id=cast.leerling_a.pk
    ).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "Dit soort bestand kan niet"),
        ("nep.pdf", b"MZ\x90\x00 not a pdf", "past niet bij de extensie .pdf"),
        ("leeg.pdf", b"", "Dit bestand is leeg."),
        ("foto.png", b"\xff\xd8\xff\xe0jpeg", "past niet bij de extensie .png"),
    ],
)
def test_wrong_files_are_refused_at_the_field(cast, client, name, content, message):
    response = upload(client, cast.ib_a, cast, name=name, content=content)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_bestand_error"' in html and message in html
    assert not Document.objects.exists()


def test_too_large_files_are_refused(cast, client, settings):
    settings.PASSEND_MAX_UPLOAD_MB = 1
    response = upload(client, cast.ib_a, cast, content=PDF + b"x" * (1024 * 1024))
    assert response.status_code == 400 and "te groot" in response.content.decode()
    assert not Document.objects.exists()


def test_file_names_are_cleaned(cast, client):
    upload(client, cast.ib_a, cast, name='..\\..\\etc/<b>"rapport".pdf')
    assert Document.objects.get().bestandsnaam == "_b__rapport_.pdf"


def test_medical_reports_are_for_the_school_leadership_only(cast, client):
    response = upload(client, cast.leerkracht_a, cast, vertrouwelijkheid="medisch")
    assert response.status_code == 400 and "intern begeleider of directeur" in response.content.decode()
    upload(client, cast.ib_a, cast, vertrouwelijkheid="medisch", titel="Psychologisch onderzoek")
    document = Document.objects.get()
    client.force_login(cast.leerkracht_a)
    assert "Psychologisch onderzoek" not in client.get(url(cast)).content.decode()
    assert client.get(url(cast, f"{document.pk}/download/")).status_code == 404
    client.force_login(cast.directeur_a)
    response = client.get(url(cast, f"{document.pk}/download/"))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(
        action="view", object_type="dossier.document", actor_user_id=cast.directeur_a.pk
    ).exists()


def test_parent_sees_shared_documents_and_their_own(cast, client):
    upload(client, cast.ib_a, cast, titel="Gedeeld verslag")
    upload(client, cast.ib_a, cast, titel="Intern verslag", gedeeld_met_ouders="")
    upload(client, cast.ouder, cast, titel="Verslag van de logopedist", name="logo.pdf")
    client.force_login(cast.ouder)
    page = client.get(url(cast)).content.decode()
    assert "Gedeeld verslag" in page and "Verslag van de logopedist" in page and "Intern verslag" not in page
    intern = Document.objects.get(titel="Intern verslag")
    assert client.get(url(cast, f"{intern.pk}/download/")).status_code == 404
    eigen = Document.objects.get(titel="Verslag van de logopedist")
    assert (eigen.vertrouwelijkheid, eigen.gedeeld_met_ouders, eigen.geupload_als) == ("school", True, "ouder")


def test_logbook_notes_are_immutable_and_follow_confidentiality(cast, client):
    client.force_login(cast.ib_a)
    client.post(url(cast), {"formulier": "notitie", "tekst": "Gesprek met moeder.", "vertrouwelijkheid": "school"})
    client.post(url(cast), {"formulier": "notitie", "tekst": "Medische info.", "vertrouwelijkheid": "medisch"})
    client.force_login(cast.leerkracht_a)
    page = client.get(url(cast)).content.decode()
    assert "Gesprek met moeder." in page and "Medische info." not in page
    client.force_login(cast.ouder)
    assert "Gesprek met moeder." not in client.get(url(cast)).content.decode()  # not shared with parents
    with pytest.raises(TypeError):
        Notitie.objects.first().save()
    response = client.post(url(cast), {"formulier": "notitie", "tekst": ""})
    assert response.status_code == 400 and 'id="id_tekst_error"' in response.content.decode()


def test_others_cannot_reach_documents(cast, client):
    upload(client, cast.ib_a, cast)
    document = Document.objects.get()
    for persona in ("leerkracht_andere_groep", "ib_b", "beheerder_other"):
        client.force_login(cast.users[persona])
        assert client.get(url(cast)).status_code == 404
        assert client.get(url(cast, f"{document.pk}/download/")).status_code == 404
        assert upload(client, cast.users[persona], cast, titel="Inbraak").status_code == 404
    assert Document.objects.count() == 1


def test_timeline_shows_everything_visible_in_order(cast, client):
    upload(client, cast.ib_a, cast, titel="Observatieverslag")
    client.post(f"/leerlingen/{cast.leerling_a.pk}/groeidocument/", {"aanleiding": "Start."})
    client.post(url(cast), {"formulier": "notitie", "tekst": "Belafspraak.", "vertrouwelijkheid": "school"})
    page = client.get(f"/leerlingen/{cast.leerling_a.pk}/tijdlijn/").content.decode()
    assert page.index("Belafspraak.") < page.index("Versie 1 gestart") < page.index("Observatieverslag")


def test_documents_page_queries_do_not_grow(cast, client):
    upload(client, cast.ib_a, cast)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(cast)).status_code == 200
        return len(ctx)

    before = count()
    for i in range(6):
        upload(client, cast.ib_a, cast, titel=f"Verslag {i}")
        client.post(url(cast), {"formulier": "notitie", "tekst": f"Notitie {i}", "vertrouwelijkheid": "school"})
    assert count() == before


def test_api_documents_notes_and_timeline(cast, client):
    api = f"/api/v1/dossiers/{cast.leerling_a.pk}/"
    client.force_login(cast.ib_a)
    response = client.post(
        api + "documenten/",
        {
            "titel": "Onderzoek",
            "soort": "onderzoek",
            "vertrouwelijkheid": "medisch",
            "bestand": SimpleUploadedFile("onderzoek.pdf", PDF),
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["download"].endswith("/download/")
    bad = client.post(
        api + "documenten/", {"titel": "X", "soort": "overig", "bestand": SimpleUploadedFile("x.exe", b"MZ")}
    )
    assert bad.status_code == 400 and "bestand" in bad.json()
    note = client.post(api + "notities/", {"tekst": "Belafspraak."}, content_type="application/json")
    assert note.status_code == 201
    client.force_login(cast.leerkracht_a)
    assert client.get(api + "documenten/").json() == []  # medisch: not for the teacher
    assert [n["tekst"] for n in client.get(api + "notities/").json()] == ["Belafspraak."]
    soorten = [regel["soort"] for regel in client.get(api + "tijdlijn/").json()]
    assert "Logboek" in soorten and "Document" not in soorten
