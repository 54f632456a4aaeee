"""External professionals invited to one pupil's dossier: consent first, until a date, audited.

The cast has two externals in the partnership: `extern` was invited to pupil A until
yesterday, `extern_uitgenodigd` has a running invitation (see tests/personas.py).
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passend.accounts.models import Lidmaatschap, User
from passend.core.models import AuditEvent
from passend.dossier.models import Bijdrage, Document, Groeidocument, Notitie, Versie
from passend.leerlingen import services
from passend.leerlingen.models import ExterneToegang, Leerling, Toestemming
from tests.leerlingen.conftest import iso, vandaag
from tests.personas import PASSWORD

PDF = b"%PDF-1.4\n% verslag\n"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def detail(cast, leerling=None):
    return f"/leerlingen/{(leerling or cast.leerling_a).pk}/"


def invite_url(cast):
    return f"/leerlingen/{cast.leerling_a.pk}/externen/"


def api_url(cast):
    return f"/api/v1/leerlingen/{cast.leerling_a.pk}/externen/"


def invite_post(**changes) -> dict:
    data = {
        "naam": "Fatima El Amrani",
        "email": "fatima@ggd.example",
        "doel": "Onderzoek naar de vermoeidheid, door de jeugdarts",
        "geldig_tot": iso(vandaag() + timedelta(days=90)),
    }
    data.update(changes)
    return data


def rows() -> dict:
    """Everything an invitation writes, plus the write-audit rows."""
    return {
        "toegangen": ExterneToegang.objects.count(),
        "users": User.objects.count(),
        "lidmaatschappen": Lidmaatschap.objects.count(),
        "audit_writes": AuditEvent.objects.filter(action__in=("create", "update", "role_change")).count(),
    }


def toegang_van(cast, persona="extern_uitgenodigd") -> ExterneToegang:
    return ExterneToegang.objects.get(leerling=cast.leerling_a, gebruiker=getattr(cast, persona))


def _denied(user):
    return AuditEvent.objects.filter(actor_user_id=user.pk, result=AuditEvent.Result.DENIED)


# --- inviting -----------------------------------------------------------------------------


def test_invitation_needs_the_parents_consent(cast, als):
    client = als(cast.ib_a)
    voor = rows()
    response = client.post(invite_url(cast), invite_post())
    assert response.status_code == 400
    html = response.content.decode()
    assert "De ouders hebben (nog) geen toestemming gegeven om externe deskundigen te betrekken." in html
    api = client.post(api_url(cast), invite_post(), content_type="application/json")
    assert api.status_code == 400
    assert "geen toestemming" in api.json()["toestemming"][0]
    assert rows() == voor and len(mail.outbox) == 0


def test_panel_without_consent_is_disabled_and_points_to_the_consent(cast, als):
    html = als(cast.ib_a).get(detail(cast)).content.decode()
    assert 'id="externen-kop">Externe betrokkenen</h2>' in html
    assert '<fieldset disabled aria-describedby="extern-zonder-toestemming">' in html
    assert '<a href="#toestemming-kop">Leg hun toestemming vast bij Toestemmingen</a>' in html
    # Who had and has access, with the status the school needs to know.
    tabel = html.split('id="tabel-externen"')[1].split("</table>")[0]
    assert "Extern Uitgenodigd" in tabel and "Actief" in tabel
    assert "Extern</td>" not in tabel and "Verlopen" in tabel


def test_panel_with_consent_invites(cast, als, toestemming_extern):
    html = als(cast.ib_a).get(detail(cast)).content.decode()
    assert "<fieldset>" in html and "extern-zonder-toestemming" not in html


@pytest.mark.parametrize("persona", ["leerkracht_a", "ouder", "extern_uitgenodigd"])
def test_only_the_school_leadership_sees_the_panel(cast, als, persona):
    html = als(getattr(cast, persona)).get(detail(cast)).content.decode()
    assert "Externe betrokkenen" not in html and "/externen/" not in html


def test_invitation_creates_account_role_and_access_and_mails_no_pupil_data(
    cast, als, toestemming_extern, django_capture_on_commit_callbacks, settings
):
    settings.PASSEND_BASE_URL = "https://passend.voorbeeld.nl"
    client = als(cast.ib_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invite_url(cast), invite_post())
    assert response.status_code == 302 and response["Location"] == f"{detail(cast)}#externen-kop"
    user = User.objects.get(email="fatima@ggd.example")
    assert user.naam == "Fatima El Amrani" and not user.has_usable_password()
    assert Lidmaatschap.objects.get(user=user).rol == "extern"
    toegang = ExterneToegang.objects.get(gebruiker=user)
    assert (toegang.leerling, toegang.geldig_van, toegang.uitgenodigd_door) == (cast.leerling_a, vandaag(), cast.ib_a)
    assert toegang.is_actief()

    # The e-mail says that an account awaits, never whose dossier or which school.
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["fatima@ggd.example"]
    for geheim in ("Ryan", "Test", "School A", "vermoeidheid", "jeugdarts", "Testregio"):
        assert geheim not in bericht.subject + bericht.body
    assert re.search(r"https://passend\.voorbeeld\.nl/uitnodiging/\S+/", bericht.body)

    # Audited: the account, the role and the access, each naming the pupil where it concerns them.
    events = AuditEvent.objects.filter(actor_user_id=cast.ib_a.pk)
    aangemaakt = events.get(action="create", object_type="leerlingen.externetoegang")
    assert aangemaakt.leerling_id == cast.leerling_a.pk and aangemaakt.role == "ib"
    assert aangemaakt.detail["externe"] == "fatima@ggd.example"
    assert events.filter(action="role_change", leerling_id=cast.leerling_a.pk).exists()
    assert events.filter(action="create", object_type="accounts.user").exists()

    page = client.get(detail(cast)).content.decode()
    assert "Fatima El Amrani is uitgenodigd en heeft toegang tot en met" in page
    assert "Onderzoek naar de vermoeidheid, door de jeugdarts" in page


def test_a_known_external_gets_a_short_notice_and_no_second_role(
    cast, als, toestemming_extern, django_capture_on_commit_callbacks
):
    # `extern` has an account with a password and the role extern; their earlier invitation expired.
    voor = Lidmaatschap.objects.filter(user=cast.extern).count()
    with django_capture_on_commit_callbacks(execute=True):
        response = als(cast.ib_a).post(invite_url(cast), invite_post(email="EXTERN@test.example", naam="Anders"))
    assert response.status_code == 302
    assert Lidmaatschap.objects.filter(user=cast.extern).count() == voor
    assert ExterneToegang.objects.filter(gebruiker=cast.extern).count() == 2
    assert User.objects.get(pk=cast.extern.pk).naam == "Extern"  # their own name stays
    bericht = mail.outbox[0]
    assert bericht.subject == "Er staat een dossier voor u klaar in Passend"
    assert "/inloggen/" in bericht.body and "uitnodiging/" not in bericht.body
    assert "Ryan" not in bericht.body and "School A" not in bericht.body


def test_the_api_invites_with_the_same_service(cast, als, toestemming_extern):
    client = als(cast.directeur_a)
    response = client.post(api_url(cast), invite_post(), content_type="application/json")
    assert response.status_code == 201
    assert response.json()["status"] == "actief" and response.json()["email"] == "fatima@ggd.example"
    lijst = client.get(api_url(cast)).json()
    assert {rij["naam"] for rij in lijst} == {"Fatima El Amrani", "Extern", "Extern Uitgenodigd"}
    assert {rij["status"] for rij in lijst} == {"actief", "verlopen"}
    assert AuditEvent.objects.filter(action="search", object_type="leerlingen.externetoegang").exists()


def _een_jaar():
    return services.een_jaar_na(vandaag())


@pytest.mark.parametrize(
    ("veld", "waarde", "melding"),
    [
        ("geldig_tot", lambda: iso(vandaag() - timedelta(days=1)), "Kies een datum in de toekomst"),
        ("geldig_tot", lambda: iso(vandaag()), "Kies een datum in de toekomst"),
        ("geldig_tot", lambda: iso(_een_jaar() + timedelta(days=1)), "Toegang geldt hoogstens een jaar"),
        ("geldig_tot", lambda: "", {"ui": "Dit veld is vereist.", "api": "verkeerde formaat"}),
        ("email", lambda: "geen-adres", "geldig e-mailadres"),
        ("email", lambda: "ib_b@test.example", "hoort bij iemand met een andere rol in Passend"),
        ("email", lambda: "ouder@test.example", "hoort bij iemand met een andere rol in Passend"),
        ("email", lambda: "extern_uitgenodigd@test.example", "al uitgenodigd voor dit dossier"),
        ("naam", lambda: "<script>alert(1)</script>", "Gebruik geen < of >"),
        ("naam", lambda: "", {"ui": "Dit veld is vereist.", "api": "Dit veld mag niet leeg zijn."}),
        ("doel", lambda: "Observatie <b>nu</b>", "Gebruik geen < of >"),
    ],
)
@pytest.mark.parametrize("via", ["ui", "api"])
def test_bad_input_is_refused_at_the_field_and_nothing_is_written(
    cast, als, toestemming_extern, django_capture_on_commit_callbacks, veld, waarde, melding, via
):
    client = als(cast.ib_a)
    voor = rows()
    with django_capture_on_commit_callbacks(execute=True):
        if via == "ui":
            response = client.post(invite_url(cast), invite_post(**{veld: waarde()}))
        else:
            data = invite_post(**{veld: waarde()})
            response = client.post(api_url(cast), data, content_type="application/json")
    assert response.status_code == 400
    if isinstance(melding, dict):
        melding = melding[via]
    if via == "ui":
        fout = re.search(rf'<p class="error" id="id_{veld}_error">(.*?)</p>', response.content.decode(), re.S)
        assert fout and melding in fout.group(1).replace("&lt;", "<").replace("&gt;", ">")
    else:
        berichten = response.json()[veld]
        assert any(melding.lower() in bericht.lower() for bericht in berichten), berichten
    assert rows() == voor and len(mail.outbox) == 0


def test_exactly_one_year_is_allowed(cast, als, toestemming_extern):
    response = als(cast.ib_a).post(invite_url(cast), invite_post(geldig_tot=iso(_een_jaar())))
    assert response.status_code == 302


def test_the_service_checks_markup_and_address_without_the_form(cast, toestemming_extern):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as fout:
        services.externe_toegang_invite(
            actor=cast.ib_a,
            leerling=cast.leerling_a,
            naam="<i>X</i>",
            email="kapot",
            doel="<script>",
            geldig_tot=vandaag() + timedelta(days=400),
        )
    assert set(fout.value.message_dict) == {"naam", "email", "doel", "geldig_tot"}
    assert not ExterneToegang.objects.filter(doel="<script>").exists()


@pytest.mark.parametrize("persona", ["leerkracht_a", "ouder", "extern_uitgenodigd"])
def test_who_sees_the_pupil_but_may_not_invite_is_refused_and_logged(cast, als, toestemming_extern, persona):
    user = getattr(cast, persona)
    client = als(user)
    voor = rows()
    assert client.post(invite_url(cast), invite_post()).status_code == 403
    assert client.post(api_url(cast), invite_post(), content_type="application/json").status_code == 403
    assert client.get(api_url(cast)).status_code == 403
    assert _denied(user).count() == 3
    assert rows() == voor


def test_someone_elsewhere_gets_a_404(cast, als, toestemming_extern):
    client = als(cast.ib_b)
    assert client.post(invite_url(cast), invite_post()).status_code == 404
    assert client.post(api_url(cast), invite_post(), content_type="application/json").status_code == 404
    assert not User.objects.filter(email="fatima@ggd.example").exists()


# --- what an invited external sees -----------------------------------------------------------


def test_external_home_lists_the_dossiers_with_their_end_date(cast, als):
    page = als(cast.extern_uitgenodigd).get("/").content.decode()
    assert "Dossiers waarvoor u bent uitgenodigd" in page
    assert f'href="/leerlingen/{cast.leerling_a.pk}/"' in page and "Ryan Test" in page
    assert f"toegang tot en met {toegang_van(cast).geldig_tot:%-d}" in page
    assert "Bo Anders" not in page
    # The expired external sees an empty list.
    page = als(cast.extern).get("/").content.decode()
    assert "U heeft op dit moment geen toegang tot een dossier." in page and "Ryan" not in page


def test_external_sees_the_pupil_page_without_contact_details_and_forms(cast, als):
    ouder = cast.leerling_a.ouderschappen.get().ouder
    ouder.email, ouder.telefoon = "ouder-prive@test.example", "06-99887766"
    ouder.save()
    response = als(cast.extern_uitgenodigd).get(detail(cast))
    assert response.status_code == 200
    html = response.content.decode()
    assert "U ziet dit dossier als externe betrokkene, uitgenodigd voor dit dossier." in html
    assert f"U heeft toegang tot dit dossier tot en met <strong>{toegang_van(cast).geldig_tot:%-d}" in html
    assert "Ouder van Ryan" in html
    for verborgen in (
        "ouder-prive@test.example",
        "06-99887766",
        "Besluit vastleggen",
        "Nieuw niveau vaststellen",
        "Externe betrokkenen",
        "Wie keek in dit dossier?",
        "Gegevens bewerken",
        'href="/leerlingen/"',
    ):
        assert verborgen not in html, verborgen
    assert 'href="/"' in html  # back to "Mijn taken"
    assert als(cast.extern_uitgenodigd).get(f"/api/v1/leerlingen/{cast.leerling_a.pk}/ouders/").status_code == 403


def test_the_view_is_audited_with_role_and_reason(cast, als):
    als(cast.extern_uitgenodigd).get(detail(cast))
    event = AuditEvent.objects.get(action="view", actor_user_id=cast.extern_uitgenodigd.pk)
    assert (event.leerling_id, event.role) == (cast.leerling_a.pk, "extern")
    assert event.reason == "externe betrokkene, uitgenodigd voor dit dossier"
    assert event.samenwerkingsverband_id == cast.swv.pk


def test_external_reads_the_groeidocument_but_does_not_write_or_sign(cast, als):
    versie = Versie.objects.create(groeidocument=Groeidocument.objects.create(leerling=cast.leerling_a), nummer=1)
    Bijdrage.objects.create(
        versie=versie, sectie="aanleiding", auteur=cast.ib_a, auteur_naam="Ib A", als="ib", tekst="Snel moe."
    )
    client = als(cast.extern_uitgenodigd)
    response = client.get(f"{detail(cast)}groeidocument/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Snel moe." in html and "<textarea" not in html and "Ondertekenen" not in html
    assert client.post(f"{detail(cast)}groeidocument/", {"aanleiding": "Van buiten."}).status_code == 403
    assert client.post(f"{detail(cast)}groeidocument/ondertekenen/", {"soort": "gezien"}).status_code == 403
    api = f"/api/v1/groeidocumenten/{cast.leerling_a.pk}/"
    assert client.get(api).status_code == 200
    payload = {"teksten": {"aanleiding": "Van buiten."}}
    assert client.post(f"{api}bijdragen/", payload, content_type="application/json").status_code == 403
    assert not Bijdrage.objects.filter(tekst="Van buiten.").exists()
    assert _denied(cast.extern_uitgenodigd).count() == 3


def _document(cast, titel, vertrouwelijkheid, delen_buiten_school=False):
    document = Document(
        leerling=cast.leerling_a,
        titel=titel,
        soort="onderzoek",
        vertrouwelijkheid=vertrouwelijkheid,
        delen_buiten_school=delen_buiten_school,
        bestandsnaam=f"{titel}.pdf",
        content_type="application/pdf",
        grootte=len(PDF),
        geupload_door=cast.ib_a,
        geupload_als="ib",
    )
    document.bestand.save(f"{titel}.pdf", ContentFile(PDF), save=False)
    document.save()
    return document


@pytest.fixture
def stukken(cast):
    """One document and note per confidentiality level; one medical report the parents let share."""
    documenten = {
        "school": _document(cast, "Schoolverslag", "school"),
        "traject": _document(cast, "Trajectverslag", "traject"),
        "medisch": _document(cast, "Medisch onderzoek", "medisch"),
        "medisch_gedeeld": _document(cast, "Psychologisch onderzoek", "medisch", delen_buiten_school=True),
    }
    for vertrouwelijkheid in ("school", "traject", "medisch"):
        Notitie.objects.create(
            leerling=cast.leerling_a,
            tekst=f"Notitie {vertrouwelijkheid}",
            vertrouwelijkheid=vertrouwelijkheid,
            auteur=cast.ib_a,
            auteur_naam="Ib A",
            als="ib",
        )
    return documenten


def test_external_sees_traject_and_shared_medical_items_never_school_ones(cast, als, stukken):
    client = als(cast.extern_uitgenodigd)
    html = client.get(f"{detail(cast)}documenten/").content.decode()
    assert "Trajectverslag" in html and "Psychologisch onderzoek" in html and "Notitie traject" in html
    for verborgen in ("Schoolverslag", "Medisch onderzoek", "Notitie school", "Notitie medisch"):
        assert verborgen not in html, verborgen
    api = f"/api/v1/dossiers/{cast.leerling_a.pk}/"
    assert {d["titel"] for d in client.get(f"{api}documenten/").json()} == {"Trajectverslag", "Psychologisch onderzoek"}
    assert [n["tekst"] for n in client.get(f"{api}notities/").json()] == ["Notitie traject"]
    tijdlijn = client.get(f"{detail(cast)}tijdlijn/").content.decode()
    assert "Trajectverslag" in tijdlijn and "Schoolverslag" not in tijdlijn

    download = f"{detail(cast)}documenten/{{}}/download/"
    assert client.get(download.format(stukken["traject"].pk)).status_code == 200
    assert client.get(download.format(stukken["medisch_gedeeld"].pk)).status_code == 200
    voor = _denied(cast.extern_uitgenodigd).count()
    assert client.get(download.format(stukken["school"].pk)).status_code == 404
    assert client.get(download.format(stukken["medisch"].pk)).status_code == 404
    assert _denied(cast.extern_uitgenodigd).count() == voor + 2
    assert (
        AuditEvent.objects.filter(
            action="view", object_type="dossier.document", actor_user_id=cast.extern_uitgenodigd.pk
        ).count()
        == 2
    )


def _upload(client, cast, **data):
    payload = {
        "formulier": "document",
        "titel": "Verslag jeugdarts",
        "soort": "onderzoek",
        "bestand": SimpleUploadedFile("verslag.pdf", PDF),
    }
    payload.update(data)
    return client.post(f"{detail(cast)}documenten/", payload)


def test_external_adds_a_report_for_the_traject_or_a_medical_one(cast, als):
    client = als(cast.extern_uitgenodigd)
    form = client.get(f"{detail(cast)}documenten/").content.decode()
    keuzes = re.search(r'<select name="vertrouwelijkheid"[^>]*>(.*?)</select>', form, re.S).group(1)
    assert 'value="traject" selected' in keuzes and 'value="medisch"' in keuzes and 'value="school"' not in keuzes

    # The form does not take `school` from an external; the service would make it `traject` anyway.
    geknoeid = _upload(client, cast, vertrouwelijkheid="school")
    assert geknoeid.status_code == 400 and 'id="id_vertrouwelijkheid_error"' in geknoeid.content.decode()
    assert not Document.objects.exists()
    assert _upload(client, cast, vertrouwelijkheid="traject", gedeeld_met_ouders="on").status_code == 302
    verslag = Document.objects.get(titel="Verslag jeugdarts")
    assert (verslag.vertrouwelijkheid, verslag.gedeeld_met_ouders, verslag.geupload_als) == ("traject", True, "extern")
    assert _upload(client, cast, titel="Medisch verslag", vertrouwelijkheid="medisch").status_code == 302
    medisch = Document.objects.get(titel="Medisch verslag")
    assert (medisch.vertrouwelijkheid, medisch.gedeeld_met_ouders, medisch.delen_buiten_school) == (
        "medisch",
        False,
        False,
    )
    notitie = {"formulier": "notitie", "tekst": "Gesprek gehad.", "vertrouwelijkheid": "traject"}
    assert client.post(f"{detail(cast)}documenten/", notitie).status_code == 302
    assert Notitie.objects.get(tekst="Gesprek gehad.").vertrouwelijkheid == "traject"
    api = client.post(
        f"/api/v1/dossiers/{cast.leerling_a.pk}/notities/",
        {"tekst": "Via de API.", "vertrouwelijkheid": "school"},
        content_type="application/json",
    )
    assert api.status_code == 201 and api.json()["vertrouwelijkheid"] == "traject"

    # Their own medical report stays visible to them; the school's leadership and the teacher see per level.
    assert "Medisch verslag" in client.get(f"{detail(cast)}documenten/").content.decode()
    assert "Medisch verslag" in als(cast.ib_a).get(f"{detail(cast)}documenten/").content.decode()
    leerkracht = als(cast.leerkracht_a).get(f"{detail(cast)}documenten/").content.decode()
    assert "Verslag jeugdarts" in leerkracht and "Medisch verslag" not in leerkracht
    assert (
        AuditEvent.objects.filter(
            action="create", object_type="dossier.document", actor_user_id=cast.extern_uitgenodigd.pk, role="extern"
        ).count()
        == 2
    )


# --- when access ends ----------------------------------------------------------------------


def _verloopt(cast):
    ExterneToegang.objects.filter(pk=toegang_van(cast).pk).update(geldig_tot=vandaag() - timedelta(days=1))


def _beeindigd(cast):
    services.externe_toegang_end(actor=cast.ib_a, toegang=toegang_van(cast), reden="Onderzoek afgerond")


def _ingetrokken(cast):
    Toestemming.objects.create(
        leerling=cast.leerling_a,
        onderwerp="extern",
        besluit="gegeven",
        ouder=cast.leerling_a.ouderschappen.get().ouder,
        datum=vandaag() - timedelta(days=10),
        vastgelegd_door=cast.ouder,
        vastgelegd_als="ouder",
    )
    services.toestemming_record(
        actor=cast.ouder, leerling=cast.leerling_a, onderwerp="extern", besluit="ingetrokken", datum=vandaag()
    )


PUPIL_URLS = (
    "/leerlingen/{pk}/",
    "/leerlingen/{pk}/groeidocument/",
    "/leerlingen/{pk}/groeidocument/pdf/",
    "/leerlingen/{pk}/documenten/",
    "/leerlingen/{pk}/documenten/{document}/download/",
    "/leerlingen/{pk}/tijdlijn/",
    "/api/v1/leerlingen/{pk}/",
    "/api/v1/leerlingen/{pk}/ondersteuningsniveaus/",
    "/api/v1/leerlingen/{pk}/toestemmingen/",
    "/api/v1/groeidocumenten/{pk}/",
    "/api/v1/dossiers/{pk}/documenten/",
    "/api/v1/dossiers/{pk}/notities/",
    "/api/v1/dossiers/{pk}/tijdlijn/",
)


@pytest.mark.parametrize("einde", [_verloopt, _beeindigd, _ingetrokken], ids=["verlopen", "beeindigd", "ingetrokken"])
def test_after_the_end_every_pupil_url_answers_404_and_is_logged(cast, als, stukken, einde):
    client = als(cast.extern_uitgenodigd)
    document = stukken["traject"].pk
    for url in PUPIL_URLS:
        assert client.get(url.format(pk=cast.leerling_a.pk, document=document)).status_code == 200, url
    einde(cast)
    for url in PUPIL_URLS:
        voor = _denied(cast.extern_uitgenodigd).count()
        assert client.get(url.format(pk=cast.leerling_a.pk, document=document)).status_code == 404, url
        assert _denied(cast.extern_uitgenodigd).count() == voor + 1, url
    assert _denied(cast.extern_uitgenodigd).filter(leerling_id=cast.leerling_a.pk).count() == len(PUPIL_URLS)
    assert client.get("/api/v1/leerlingen/").json()["results"] == []
    assert "Ryan" not in client.get("/").content.decode()
    verslag = _upload(client, cast)
    assert verslag.status_code == 404 and not Document.objects.filter(titel="Verslag jeugdarts").exists()


def test_the_school_ends_access_after_confirming_with_a_reason(cast, als):
    toegang = toegang_van(cast)
    url = f"{detail(cast)}externen/{toegang.pk}/beeindigen/"
    client = als(cast.ib_a)
    panel = client.get(detail(cast)).content.decode()
    assert f'href="{url}">Toegang beëindigen<span class="visually-hidden"> van Extern Uitgenodigd</span>' in panel
    bevestig = client.get(url)
    assert bevestig.status_code == 200
    assert "Weet u het zeker?" in bevestig.content.decode()
    assert AuditEvent.objects.filter(action="view", object_type="leerlingen.externetoegang").exists()

    leeg = client.post(url, {"reden": ""})
    assert leeg.status_code == 400 and 'id="id_reden_error"' in leeg.content.decode()
    markup = client.post(url, {"reden": "<b>klaar</b>"})
    assert markup.status_code == 400 and "Gebruik geen &lt; of &gt;" in markup.content.decode()
    assert ExterneToegang.objects.get(pk=toegang.pk).beeindigd_op is None

    response = client.post(url, {"reden": "Het onderzoek is afgerond."})
    assert response.status_code == 302 and response["Location"] == f"{detail(cast)}#externen-kop"
    toegang.refresh_from_db()
    assert toegang.beeindigd_door == cast.ib_a and toegang.beeindigd_reden == "Het onderzoek is afgerond."
    assert toegang.status == "beëindigd"
    event = AuditEvent.objects.get(action="update", object_type="leerlingen.externetoegang")
    assert event.detail["beëindigd"] == "Het onderzoek is afgerond." and event.leerling_id == cast.leerling_a.pk
    panel = client.get(detail(cast)).content.decode()
    assert "Beëindigd<br>" in panel and "Het onderzoek is afgerond." in panel

    # Ended is ended: the page says so, and a second attempt changes nothing.
    assert "Deze toegang is beëindigd; er valt niets meer te beëindigen." in client.get(url).content.decode()
    opnieuw = client.post(url, {"reden": "Nog eens."})
    assert opnieuw.status_code == 400 and "er valt niets meer te beëindigen" in opnieuw.content.decode()
    assert ExterneToegang.objects.get(pk=toegang.pk).beeindigd_reden == "Het onderzoek is afgerond."


def test_the_api_ends_access_too_and_refuses_others(cast, als):
    toegang = toegang_van(cast)
    url = f"{api_url(cast)}{toegang.pk}/beeindigen/"
    voor = rows()
    assert als(cast.leerkracht_a).post(url, {"reden": "x"}, content_type="application/json").status_code == 403
    assert als(cast.extern_uitgenodigd).post(url, {"reden": "x"}, content_type="application/json").status_code == 403
    assert als(cast.ib_b).post(url, {"reden": "x"}, content_type="application/json").status_code == 404
    assert rows() == voor
    client = als(cast.directeur_a)
    assert client.post(url, {}, content_type="application/json").status_code == 400
    response = client.post(url, {"reden": "Afgerond."}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "beëindigd"
    assert response.json()["beeindigd_door"] == "Directeur A"
    opnieuw = client.post(url, {"reden": "Nog eens."}, content_type="application/json")
    assert opnieuw.status_code == 400 and opnieuw.json() == {"toegang": ["Deze toegang is al beëindigd."]}


def test_an_invitation_of_another_pupil_is_not_found_under_this_one(cast, als):
    ander = ExterneToegang.objects.create(
        leerling=cast.leerling_b,
        gebruiker=cast.extern,
        doel="Observatie",
        geldig_tot=vandaag() + timedelta(days=5),
        uitgenodigd_door=cast.ib_b,
    )
    client = als(cast.ib_a)
    assert client.get(f"{detail(cast)}externen/{ander.pk}/beeindigen/").status_code == 404
    assert client.post(f"{detail(cast)}externen/{ander.pk}/beeindigen/", {"reden": "x"}).status_code == 404
    assert ExterneToegang.objects.get(pk=ander.pk).beeindigd_op is None
    assert AuditEvent.objects.filter(result="denied", object_type="leerlingen.externetoegang").count() == 2


@pytest.mark.parametrize("besluit", ["ingetrokken", "geweigerd"])
def test_withdrawn_or_refused_consent_ends_every_running_access_at_once(cast, als, toestemming_extern, besluit):
    tweede = ExterneToegang.objects.create(
        leerling=cast.leerling_a,
        gebruiker=User.objects.create_user("orthopedagoog@test.example", PASSWORD, naam="Ortho"),
        doel="Advies",
        geldig_tot=vandaag() + timedelta(days=10),
        uitgenodigd_door=cast.ib_a,
    )
    verlopen = toegang_van(cast, "extern")
    response = als(cast.ouder).post(
        detail(cast), {"formulier": "toestemming", "onderwerp": "extern", "besluit": besluit, "datum": iso(vandaag())}
    )
    assert response.status_code == 302
    for toegang in (toegang_van(cast), tweede):
        toegang.refresh_from_db()
        assert toegang.beeindigd_door == cast.ouder and toegang.beeindigd_reden == f"toestemming {besluit}"
    verlopen.refresh_from_db()
    assert verlopen.beeindigd_op is None  # it had already expired; nothing to end
    events = AuditEvent.objects.filter(action="update", object_type="leerlingen.externetoegang")
    assert events.count() == 2 and {e.role for e in events} == {"ouder"}
    assert als(cast.extern_uitgenodigd).get(detail(cast)).status_code == 404


def test_a_failed_consent_decision_ends_nothing(cast, als, toestemming_extern):
    response = als(cast.ouder).post(
        detail(cast),
        {"formulier": "toestemming", "onderwerp": "extern", "besluit": "ingetrokken", "datum": "2020-01-01"},
    )
    assert response.status_code == 400
    assert toegang_van(cast).beeindigd_op is None


def test_parents_see_what_the_external_viewed(cast, als, stukken):
    client = als(cast.extern_uitgenodigd)
    client.get(detail(cast))
    client.get(f"{detail(cast)}documenten/{stukken['traject'].pk}/download/")
    als(cast.extern).get(detail(cast))  # the invitation expired yesterday
    page = als(cast.ouder).get(f"{detail(cast)}inzage/").content.decode()
    wie = "Extern Uitgenodigd (externe betrokkene, SWV Testregio)"
    assert f"{wie} bekeek Ryan Test" in page
    assert f"{wie} bekeek Trajectverslag" in page
    # A refusal carries no role (none granted it), but the parents see the attempt.
    assert "Extern probeerde te openen, maar kreeg geen toegang tot" in page


def test_pupil_b_is_never_visible_to_the_external(cast, als):
    client = als(cast.extern_uitgenodigd)
    assert client.get(detail(cast, cast.leerling_b)).status_code == 404
    assert client.get(f"/api/v1/leerlingen/{cast.leerling_b.pk}/").status_code == 404
    assert {r["id"] for r in client.get("/api/v1/leerlingen/").json()["results"]} == {cast.leerling_a.pk}
    assert client.get("/leerlingen/").status_code == 403  # no pupil list in an external's menu
    assert _denied(cast.extern_uitgenodigd).filter(leerling_id=cast.leerling_b.pk).count() == 2


def test_an_external_in_another_partnership_sees_nothing(cast, als):
    Lidmaatschap.objects.filter(user=cast.extern_uitgenodigd).update(samenwerkingsverband=cast.swv_other)
    assert als(cast.extern_uitgenodigd).get(detail(cast)).status_code == 404


# --- constant cost --------------------------------------------------------------------------


def _meer_externen(cast, n):
    for i in range(n):
        user = User.objects.create_user(f"extra{i}@test.example", PASSWORD, naam=f"Extra {i}")
        Lidmaatschap.objects.create(user=user, rol="extern", samenwerkingsverband=cast.swv)
        ExterneToegang.objects.create(
            leerling=cast.leerling_a,
            gebruiker=user,
            doel=f"Doel {i}",
            geldig_tot=vandaag() + timedelta(days=i + 1),
            uitgenodigd_door=cast.ib_a,
        )
        extra = Leerling.objects.create(
            samenwerkingsverband=cast.swv,
            school=cast.school_a,
            voornaam=f"Kind{i}",
            achternaam="Extra",
            geboortedatum=cast.leerling_a.geboortedatum,
            datum_inschrijving=cast.leerling_a.datum_inschrijving,
        )
        ExterneToegang.objects.create(
            leerling=extra,
            gebruiker=cast.extern_uitgenodigd,
            doel="Observatie",
            geldig_tot=vandaag() + timedelta(days=3),
            uitgenodigd_door=cast.ib_a,
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("persona", "url"),
    [("ib_a", "/leerlingen/{pk}/"), ("ib_a", "/api/v1/leerlingen/{pk}/externen/"), ("extern_uitgenodigd", "/")],
)
def test_pages_cost_the_same_with_more_externals(cast, als, persona, url):
    client = als(getattr(cast, persona))
    url = url.format(pk=cast.leerling_a.pk)
    weinig = _queries(client, url)
    _meer_externen(cast, 6)
    assert _queries(client, url) == weinig
    if persona == "extern_uitgenodigd":
        assert client.get(url).content.decode().count("toegang tot en met") == 7


def test_status_names(cast):
    toegang = toegang_van(cast)
    assert toegang.status == "actief"
    toegang.geldig_van = vandaag() + timedelta(days=1)
    assert toegang.status == "nog niet begonnen"
    toegang.beeindigd_op = timezone.now()
    assert toegang.status == "beëindigd"
    assert toegang_van(cast, "extern").status == "verlopen"


def test_demo_invites_the_jeugdarts_to_ryans_dossier_with_consent(db, client):
    from django.core.management import call_command

    call_command("demo")
    call_command("demo")  # idempotent: one consent, one invitation
    ryan = Leerling.objects.get(voornaam="Ryan", achternaam="Wit")
    fatima = User.objects.get(email="fatima@ggd.example")
    assert Toestemming.objects.filter(leerling=ryan, onderwerp="extern").get().besluit == "gegeven"
    assert ExterneToegang.objects.get(gebruiker=fatima).leerling == ryan
    client.force_login(fatima)
    assert client.get(f"/leerlingen/{ryan.pk}/").status_code == 200
    home = client.get("/").content.decode()
    assert "Dossiers waarvoor u bent uitgenodigd" in home and "Ryan de Wit" in home
