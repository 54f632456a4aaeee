"""Invitations: a parent (or new staff member) chooses a password through a limited link."""

import re

from django.core import mail

from passend.accounts.models import Lidmaatschap
from passend.core.models import AuditEvent
from passend.leerlingen.models import Ouder, Ouderschap


def _nieuwe_ouder(cast, email="vader@test.example"):
    ouder = Ouder.objects.create(samenwerkingsverband=cast.swv, naam="Vader Test", email=email)
    return Ouderschap.objects.create(ouder=ouder, leerling=cast.leerling_a, relatie="vader", gezag=True)


def _invite(client, cast, ouderschap, django_capture_on_commit_callbacks):
    client.force_login(cast.ib_a)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(f"/leerlingen/{cast.leerling_a.pk}/ouders/{ouderschap.pk}/uitnodigen/")


def test_parent_invitation_gives_access_to_own_child_only(cast, client, django_capture_on_commit_callbacks, settings):
    settings.PASSEND_BASE_URL = "https://passend.voorbeeld.nl"
    ouderschap = _nieuwe_ouder(cast)
    assert _invite(client, cast, ouderschap, django_capture_on_commit_callbacks).status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Ryan" not in body and "School A" not in body  # no dossier content in e-mail
    link = re.search(r"https://passend\.voorbeeld\.nl(/uitnodiging/\S+/)", body).group(1)
    client.logout()
    password = "Een-heel-sterk-wachtwoord-9"
    response = client.post(link, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    # The link is used up.
    assert "verlopen of al gebruikt" in client.get(link).content.decode()
    client.post("/inloggen/", {"username": "vader@test.example", "password": password})
    assert client.get(f"/leerlingen/{cast.leerling_a.pk}/").status_code == 200
    assert client.get(f"/leerlingen/{cast.leerling_b.pk}/").status_code == 404
    user = Ouder.objects.get(email="vader@test.example").gebruiker
    assert Lidmaatschap.objects.get(user=user).rol == "ouder"
    assert AuditEvent.objects.filter(action="role_change", leerling_id=cast.leerling_a.pk).exists()


def test_expired_link_is_refused(cast, client, django_capture_on_commit_callbacks, settings):
    ouderschap = _nieuwe_ouder(cast)
    _invite(client, cast, ouderschap, django_capture_on_commit_callbacks)
    link = re.search(r"(/uitnodiging/\S+/)", mail.outbox[0].body).group(1)
    settings.PASSEND_INVITATION_DAYS = -1
    client.logout()
    response = client.post(
        link, {"new_password1": "Een-heel-sterk-wachtwoord-9", "new_password2": "Een-heel-sterk-wachtwoord-9"}
    )
    assert response.status_code == 400
    assert not Ouder.objects.get(email="vader@test.example").gebruiker.has_usable_password()


def test_invitation_needs_an_email_and_the_school_leadership(cast, client, django_capture_on_commit_callbacks):
    zonder = _nieuwe_ouder(cast, email="")
    response = _invite(client, cast, zonder, django_capture_on_commit_callbacks)
    assert "Vul eerst een e-mailadres" in client.get(response["Location"]).content.decode()
    met = _nieuwe_ouder(cast)
    client.force_login(cast.leerkracht_a)
    assert client.post(f"/leerlingen/{cast.leerling_a.pk}/ouders/{met.pk}/uitnodigen/").status_code == 403
    assert len(mail.outbox) == 0


def test_tampered_token_is_refused(db, client):
    assert "verlopen of al gebruikt" in client.get("/uitnodiging/nonsense/").content.decode()
