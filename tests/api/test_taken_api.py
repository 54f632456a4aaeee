"""GET /api/v1/taken/: the caller's Mijn taken, the same list as the home page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from passend.core.models import AuditEvent
from passend.trajecten.models import Traject
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db

TAKEN = "/api/v1/taken/"


def test_the_ib_gets_her_step_with_its_deadline(cast, client):
    traject = h.start(cast, "hga")
    Traject.objects.filter(pk=traject.pk).update(termijn=timezone.localdate() - timedelta(days=1))
    client.force_login(cast.ib_a)
    response = client.get(TAKEN)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "soort": "stap",
            "soort_label": "Stap zetten",
            "wat": "Stap zetten: Signalering en kindbespreking",
            "over": "Ryan Test",
            "uiterlijk": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "url": reverse("trajecten:detail", args=[traject.pk]),
            "te_laat": True,
        }
    ]
    assert AuditEvent.objects.filter(actor_user_id=cast.ib_a.pk, object_type="trajecten.taak").count() == 1


def test_the_parent_gets_no_step_of_the_school(cast, client):
    h.start(cast, "hga")
    client.force_login(cast.ouder)
    assert client.get(TAKEN).json()["results"] == []


def test_anonymous_gets_401(client):
    response = client.get(TAKEN)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_works_and_writing_is_not_allowed(cast, client):
    from rest_framework.authtoken.models import Token

    h.start(cast, "hga")
    token = Token.objects.create(user=cast.leerkracht_a)
    response = client.get(TAKEN, HTTP_AUTHORIZATION=f"Bearer {token.key}")
    assert response.status_code == 200 and response.json()["count"] == 1
    response = client.post(TAKEN, {}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token.key}")
    assert response.status_code == 405
