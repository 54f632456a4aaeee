import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passend.core.models import AuditEvent
from passend.dossier.models import Bijdrage, Ondertekening, Versie


def url(cast, suffix=""):
    return f"/leerlingen/{cast.leerling_a.pk}/groeidocument/{suffix}"


def write(client, user, cast, **teksten):
    client.force_login(user)
    return client.post(url(cast), teksten)


def sign(client, user, cast, soort="akkoord"):
    client.force_login(user)
    return client.post(url(cast, "ondertekenen/"), {"soort": soort})


def test_contributions_are_attributed_per_author(cast, client):
    assert write(client, cast.leerkracht_a, cast, aanleiding="Ryan is snel moe.").status_code == 302
    assert write(client, cast.ib_a, cast, aanleiding="Observatie: overprikkeld.").status_code == 302
    bijdragen = Bijdrage.objects.filter(sectie="aanleiding").order_by("id")
    assert [(b.auteur_naam, b.als) for b in bijdragen] == [("Leerkracht A", "leerkracht"), ("Ib A", "ib")]
    page = client.get(url(cast)).content.decode()
    assert "Ryan is snel moe." in page and "Leerkracht A, leerkracht" in page
    event = AuditEvent.objects.filter(action="update", leerling_id=cast.leerling_a.pk).first()
    assert event.detail["onderdelen"] == {"aanleiding": "toegevoegd"}


def test_staff_writes_the_pupils_view_on_their_behalf_parents_do_not(cast, client):
    write(client, cast.leerkracht_a, cast, leerling_stem="Ik speel graag buiten.")
    assert Bijdrage.objects.get(sectie="leerling_stem").als == "namens_leerling"
    client.force_login(cast.ouder)
    page = client.get(url(cast)).content.decode()
    assert 'name="leerling_stem"' not in page
    response = client.post(url(cast), {"leerling_stem": "Namens mijn kind"})
    assert response.status_code == 302
    assert Bijdrage.objects.filter(sectie="leerling_stem").count() == 1


def test_signed_by_parents_and_school_freezes_and_starts_a_copy(cast, client):
    write(client, cast.leerkracht_a, cast, aanleiding="Start.")
    write(client, cast.ouder, cast, thuissituatie="Thuis gaat het goed.")
    assert sign(client, cast.ib_a, cast).status_code == 302
    assert Versie.objects.get().bevroren_op is None
    assert sign(client, cast.ouder, cast, "voor_gezien").status_code == 302
    v1, v2 = Versie.objects.order_by("nummer")
    assert v1.is_bevroren and not v2.is_bevroren
    assert sorted(v2.bijdragen.values_list("tekst", flat=True)) == ["Start.", "Thuis gaat het goed."]
    # Writing now changes version 2 only; the signed version stays as it was.
    write(client, cast.leerkracht_a, cast, aanleiding="Bijgewerkt.")
    assert v1.bijdragen.get(sectie="aanleiding").tekst == "Start."
    assert v2.bijdragen.get(sectie="aanleiding").tekst == "Bijgewerkt."
    page = client.get(url(cast) + "?versie=1").content.decode()
    assert "Start." in page and 'name="aanleiding"' not in page


def test_a_change_after_a_signature_asks_for_new_signatures(cast, client):
    write(client, cast.leerkracht_a, cast, aanleiding="Start.")
    sign(client, cast.ib_a, cast)
    assert Ondertekening.objects.count() == 1
    write(client, cast.ouder, cast, thuissituatie="Aanvulling.")
    assert Ondertekening.objects.count() == 0
    event = AuditEvent.objects.filter(action="update", detail__ondertekeningen_vervallen=1)
    assert event.exists()


@pytest.mark.parametrize("persona", ["leerkracht_a"])
def test_teacher_cannot_sign(cast, client, persona):
    write(client, cast.leerkracht_a, cast, aanleiding="Start.")
    assert sign(client, cast.users[persona], cast).status_code == 403
    assert not Ondertekening.objects.exists()


def test_parent_without_custody_cannot_sign(cast, client):
    write(client, cast.leerkracht_a, cast, aanleiding="Start.")
    cast.leerling_a.ouderschappen.update(gezag=False)
    assert sign(client, cast.ouder, cast).status_code == 403


def test_signing_twice_or_an_empty_version_is_refused_with_a_message(cast, client):
    client.force_login(cast.ib_a)
    response = client.post(url(cast, "ondertekenen/"), {"soort": "akkoord"}, follow=True)
    assert "nog leeg" in response.content.decode()
    write(client, cast.leerkracht_a, cast, aanleiding="Start.")
    sign(client, cast.ib_a, cast)
    response = client.post(url(cast, "ondertekenen/"), {"soort": "akkoord"}, follow=True)
    assert "al ondertekend" in response.content.decode()
    assert Ondertekening.objects.count() == 1


def test_text_is_escaped_and_too_long_text_is_refused_at_the_field(cast, client):
    write(client, cast.leerkracht_a, cast, aanleiding='<script>alert("x")</script>')
    page = client.get(url(cast)).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    response = write(client, cast.leerkracht_a, cast, doelen="x" * 5001)
    assert response.status_code == 400
    assert 'id="id_doelen_error"' in response.content.decode()
    assert not Bijdrage.objects.filter(sectie="doelen").exists()


def test_pdf_export_is_a_real_document_and_audited(cast, client):
    write(client, cast.leerkracht_a, cast, aanleiding="Ryan is snel moe.")
    client.force_login(cast.ouder)
    response = client.get(url(cast, "pdf/"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.filter(action="export").get()
    assert event.leerling_id == cast.leerling_a.pk and event.role == "ouder"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
        assert "Ryan is snel moe." in text.decode() and "Groeidocument" in text.decode()


def test_others_cannot_read_or_write(cast, client):
    write(client, cast.leerkracht_a, cast, aanleiding="Start.")
    for persona in ("leerkracht_andere_groep", "ib_b", "beheerder_other", "trajectbegeleider"):
        client.force_login(cast.users[persona])
        assert client.get(url(cast)).status_code == 404
        assert client.post(url(cast), {"aanleiding": "Inbraak"}).status_code == 404
        assert client.get(url(cast, "pdf/")).status_code == 404
    assert Bijdrage.objects.get().tekst == "Start."


def test_api_reads_writes_and_signs_through_the_same_rules(cast, client):
    api = f"/api/v1/groeidocumenten/{cast.leerling_a.pk}/"
    client.force_login(cast.leerkracht_a)
    response = client.post(
        api + "bijdragen/", {"teksten": {"aanleiding": "Via de API."}}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["versie"]["bijdragen"][0]["auteur_naam"] == "Leerkracht A"
    assert client.post(api + "ondertekenen/", {"soort": "akkoord"}, content_type="application/json").status_code == 403
    bad = client.post(api + "bijdragen/", {"teksten": {"onzin": "x"}}, content_type="application/json")
    assert bad.status_code == 400 and "onzin" in bad.json()
    client.force_login(cast.ib_a)
    assert client.post(api + "ondertekenen/", {"soort": "akkoord"}, content_type="application/json").status_code == 201
    client.force_login(cast.ouder)
    body = client.post(api + "ondertekenen/", {"soort": "voor_gezien"}, content_type="application/json").json()
    assert body["versies"] == [2, 1]
    assert client.get(api + "?versie=1").json()["versie"]["bevroren_op"] is not None


def test_page_queries_do_not_grow_with_contributions(cast, client):
    write(client, cast.leerkracht_a, cast, aanleiding="Een.")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(cast)).status_code == 200
        return len(ctx)

    client.force_login(cast.ib_a)
    before = count()
    write(client, cast.ib_a, cast, aanleiding="Twee.", doelen="Drie.", verklaringen="Vier.", moeilijk="Vijf.")
    write(client, cast.ouder, cast, thuissituatie="Zes.", behoeften_ouders="Zeven.")
    client.force_login(cast.ib_a)
    assert count() == before
