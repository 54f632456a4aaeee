"""Withdrawing a concept application, reporting an agreement done, and choosing the case
coordinator through the API — each on the page and through the API, with who may and may not."""

import pytest
from django.urls import reverse
from django.utils import timezone

from passend.core.models import AuditEvent
from passend.trajecten import services
from passend.trajecten.models import Aanvraag
from tests.trajecten import aanvragen_helpers as ah
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db


def _json(client, url, data):
    return client.post(url, data, content_type="application/json")


# --- Withdrawing a concept -----------------------------------------------------------------------


def test_the_school_withdraws_a_concept_and_can_draw_up_a_new_one(cast, client):
    aanvraag = ah.concept(cast)
    client.force_login(cast.ib_a)
    url = reverse("trajecten:aanvraag", args=[aanvraag.traject_id, aanvraag.pk])
    assert "Aanvraag intrekken" in client.get(url).content.decode()
    assert client.post(url, {"formulier": "intrekken", "reden": ""}).status_code == 400  # a reason is needed
    aanvraag.refresh_from_db()
    assert aanvraag.status == "concept"
    response = client.post(url, {"formulier": "intrekken", "reden": "De route ging een andere kant op."})
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == "vervallen"
    assert AuditEvent.objects.filter(object_id=str(aanvraag.pk), detail__status="vervallen").exists()
    nieuw = services.aanvraag_create(actor=cast.ib_a, traject=aanvraag.traject, soort="tlv_sbo")
    assert nieuw.status == "concept"


def test_a_parent_or_teacher_does_not_withdraw_and_a_submitted_one_stays(cast, client):
    aanvraag = ah.concept(cast)
    for persona in (cast.ouder, cast.leerkracht_a):
        client.force_login(persona)
        response = _json(client, f"/api/v1/aanvragen/{aanvraag.pk}/intrekken/", {"reden": "Weg ermee."})
        assert response.status_code == 403, persona
    h.stap(aanvraag.traject, cast.ib_a, "indienen")
    client.force_login(cast.ib_a)
    response = _json(client, f"/api/v1/aanvragen/{aanvraag.pk}/intrekken/", {"reden": "Toch niet."})
    assert response.status_code == 400
    assert "verandert niet meer" in str(response.json())
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == "ingediend"


def test_withdrawing_through_the_api(cast, client):
    aanvraag = ah.concept(cast)
    client.force_login(cast.ib_a)
    response = _json(client, f"/api/v1/aanvragen/{aanvraag.pk}/intrekken/", {"reden": "Vraag veranderd."})
    assert response.status_code == 200 and response.json()["status"] == "vervallen"


# --- Agreements reported done --------------------------------------------------------------------


def _afspraak(cast, eigenaar):
    traject = h.start(cast, "hga")
    h.stap(traject, cast.leerkracht_a, "aanpak_in_klas")
    h.stap(traject, cast.leerkracht_a, "werkt_onvoldoende")
    overleg = h.overleg(traject, cast.ib_a, [{"naam": "Karin", "partij": "school"}])
    afspraak = services.afspraak_add(
        actor=cast.ib_a, overleg=overleg, wat="Observatie in de klas", wie="Esther", eigenaar=eigenaar
    )
    return traject, overleg, afspraak


def test_the_owner_reports_her_agreement_done_on_the_meeting_page(cast, client):
    traject, overleg, afspraak = _afspraak(cast, cast.leerkracht_a)
    url = reverse("trajecten:overleg", args=[traject.pk, overleg.pk])
    client.force_login(cast.leerkracht_a)  # she sees the traject but does not organise it
    assert "Gereed melden" in client.get(url).content.decode()
    assert client.post(url, {"formulier": "afspraak_gereed", "afspraak": afspraak.pk}).status_code == 302
    afspraak.refresh_from_db()
    assert afspraak.gereed_op == timezone.localdate()
    page = client.get(url).content.decode()
    assert "gereed op" in page and "Gereed melden" not in page
    # Done stays done.
    with pytest.raises(Exception, match="al gereed gemeld"):
        services.afspraak_gereed(actor=cast.ib_a, afspraak=afspraak)


def test_someone_who_neither_owns_nor_organises_may_not(cast, client):
    traject, overleg, afspraak = _afspraak(cast, cast.ib_a)
    url = reverse("trajecten:overleg", args=[traject.pk, overleg.pk])
    client.force_login(cast.ouder)
    assert "Gereed melden" not in client.get(url).content.decode()
    assert client.post(url, {"formulier": "afspraak_gereed", "afspraak": afspraak.pk}).status_code == 403
    api = f"/api/v1/overleggen/{overleg.pk}/afspraken/{afspraak.pk}/gereed/"
    assert _json(client, api, {}).status_code == 403
    afspraak.refresh_from_db()
    assert afspraak.gereed_op is None
    client.force_login(cast.ib_b)  # another school: the meeting does not exist for her
    assert _json(client, api, {}).status_code == 404
    client.force_login(cast.ib_a)
    response = _json(client, api, {})
    assert response.status_code == 200 and response.json()["gereed_op"] == timezone.localdate().isoformat()


# --- The case coordinator through the API --------------------------------------------------------


def test_the_case_coordinator_is_chosen_through_the_api(cast, client):
    traject = h.start(cast, "hga")
    url = f"/api/v1/trajecten/{traject.pk}/casusregisseur/"
    client.force_login(cast.ib_a)
    response = _json(client, url, {"gebruiker": cast.leerkracht_a.pk})
    assert response.status_code == 400 and "gebruiker" in response.json()
    response = _json(client, url, {"gebruiker": cast.trajectbegeleider.pk})
    assert response.status_code == 200 and response.json()["casusregisseur"]["id"] == cast.trajectbegeleider.pk
    client.force_login(cast.ouder)
    assert _json(client, url, {"gebruiker": cast.trajectbegeleider.pk}).status_code == 403
