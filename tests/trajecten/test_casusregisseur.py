"""The case coordinator is chosen on the traject page, among the people the route allows."""

import pytest
from django.urls import reverse

from passend.trajecten.models import Gebeurtenis
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db


def _post(client, traject, gebruiker):
    return client.post(
        reverse("trajecten:detail", args=[traject.pk]), {"formulier": "casusregisseur", "gebruiker": gebruiker.pk}
    )


def test_ib_chooses_the_trajectbegeleider_as_case_coordinator(cast, client):
    traject = h.start(cast, "hga")  # HGA: the case coordinator is a trajectbegeleider
    client.force_login(cast.ib_a)
    page = client.get(reverse("trajecten:detail", args=[traject.pk])).content.decode()
    assert "Casusregisseur kiezen" in page
    assert _post(client, traject, cast.trajectbegeleider).status_code == 302
    traject.refresh_from_db()
    assert traject.casusregisseur == cast.trajectbegeleider
    regie = traject.gebeurtenissen.get(soort=Gebeurtenis.Soort.REGIE)
    assert regie.door == cast.ib_a and "Casusregisseur" in regie.motivatie
    # From now on the case coordinator sees the traject and its pupil, before it is submitted.
    client.force_login(cast.trajectbegeleider)
    assert client.get(reverse("trajecten:detail", args=[traject.pk])).status_code == 200


def test_someone_the_route_does_not_allow_is_refused_at_the_field(cast, client):
    traject = h.start(cast, "hga")
    client.force_login(cast.ib_a)
    response = _post(client, traject, cast.leerkracht_a)
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    traject.refresh_from_db()
    assert traject.casusregisseur is None


def test_a_parent_or_teacher_does_not_choose(cast, client):
    traject = h.start(cast, "hga")
    for persona in (cast.ouder, cast.leerkracht_a):
        client.force_login(persona)
        assert _post(client, traject, cast.trajectbegeleider).status_code == 403
    traject.refresh_from_db()
    assert traject.casusregisseur is None
