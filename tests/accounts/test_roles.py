from datetime import date, timedelta

from django.core import mail

from passend.accounts.models import Lidmaatschap, User
from passend.core.models import AuditEvent


def test_beheerder_invites_a_new_ib_who_gets_an_email_without_pupil_data(
    cast, client, django_capture_on_commit_callbacks
):
    client.force_login(cast.beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/beheer/gebruikers/nieuw/",
            {
                "naam": "Nieuwe IB",
                "email": "Nieuw@Test.example",
                "rol": "ib",
                "school": cast.school_a.pk,
                "geldig_van": "2026-01-01",
            },
        )
    user = User.objects.get(email="nieuw@test.example")
    assert response.status_code == 302 and response["Location"] == f"/beheer/gebruikers/{user.pk}/"
    assert not user.has_usable_password()
    lid = user.lidmaatschappen.get()
    assert (lid.rol, lid.school) == ("ib", cast.school_a)
    assert len(mail.outbox) == 1 and "School A" not in mail.outbox[0].body
    event = AuditEvent.objects.get(action="role_change")
    assert event.detail["toegekend"]["rol"] == "ib"
    assert event.samenwerkingsverband_id == cast.swv.pk


def test_inviting_an_existing_address_only_adds_the_role(cast, client):
    client.force_login(cast.beheerder)
    response = client.post(
        "/beheer/gebruikers/nieuw/",
        {
            "naam": "Wat anders",
            "email": cast.ib_b.email,
            "rol": "leerkracht",
            "school": cast.school_b.pk,
            "geldig_van": "2026-01-01",
        },
    )
    assert response.status_code == 302
    cast.ib_b.refresh_from_db()
    assert cast.ib_b.naam == "Ib B"
    assert set(cast.ib_b.lidmaatschappen.values_list("rol", flat=True)) == {"ib", "leerkracht"}


def test_ending_a_role_takes_access_away_and_is_logged(cast, client):
    lid = cast.beheerder.lidmaatschappen.get()
    other_beheerder = User.objects.create_user("tweede@test.example", "x" * 16, naam="Tweede Beheerder")
    Lidmaatschap.objects.create(
        user=other_beheerder, rol="beheerder", samenwerkingsverband=cast.swv, geldig_van=date(2020, 1, 1)
    )
    client.force_login(other_beheerder)
    ib_lid = cast.ib_a.lidmaatschappen.get()
    response = client.post(f"/beheer/gebruikers/{cast.ib_a.pk}/", {"beeindig": ib_lid.pk})
    assert response.status_code == 302
    ib_lid.refresh_from_db()
    assert ib_lid.geldig_tot == date.today()
    event = AuditEvent.objects.filter(action="role_change").latest("id")
    assert event.detail["beëindigd"]["rol"] == "ib"
    assert event.actor_user_id == other_beheerder.pk
    # A role that ended yesterday grants nothing today.
    Lidmaatschap.objects.filter(pk=ib_lid.pk).update(
        geldig_van=date(2020, 1, 1), geldig_tot=date.today() - timedelta(days=1)
    )
    client.force_login(cast.ib_a)
    assert client.get("/netwerk/").status_code == 403
    assert lid.is_actief()


def test_beheerder_cannot_touch_users_of_another_partnership(cast, client):
    client.force_login(cast.beheerder_other)
    ib_lid = cast.ib_a.lidmaatschappen.get()
    response = client.post(f"/beheer/gebruikers/{cast.ib_a.pk}/", {"beeindig": ib_lid.pk})
    assert response.status_code == 404
    ib_lid.refresh_from_db()
    assert ib_lid.geldig_tot is None


def test_user_list_shows_only_own_partnership(cast, client):
    client.force_login(cast.beheerder_other)
    page = client.get("/beheer/gebruikers/").content.decode()
    assert "Beheerder Other" in page
    assert "Ib A" not in page


def test_ending_a_role_asks_for_confirmation_first(cast, client):
    client.force_login(cast.beheerder)
    lid = cast.ib_a.lidmaatschappen.get()
    page = client.get(f"/beheer/gebruikers/{cast.ib_a.pk}/?beeindig={lid.pk}").content.decode()
    assert "Rol beëindigen?" in page and "Ja, beëindig deze rol" in page
    lid.refresh_from_db()
    assert lid.geldig_tot is None


def test_a_refused_role_form_audits_one_view(cast, client):
    client.force_login(cast.beheerder)
    response = client.post(f"/beheer/gebruikers/{cast.ib_a.pk}/", {"rol": "ib"})
    assert response.status_code == 400
    assert AuditEvent.objects.filter(action="view", object_type="accounts.user").count() == 1
