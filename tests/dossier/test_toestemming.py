"""Parental consent: recorded by the parent or by the school on their behalf, withdrawable,
and required before a support level that involves external experts."""

from datetime import date, timedelta

import pytest

from passend.core.models import AuditEvent
from passend.leerlingen.models import Ondersteuningsniveau, Toestemming


def detail(cast):
    return f"/leerlingen/{cast.leerling_a.pk}/"


def record(client, user, cast, **data):
    client.force_login(user)
    payload = {"formulier": "toestemming", "onderwerp": "extern", "besluit": "gegeven", "datum": "2026-01-10"}
    payload.update(data)
    return client.post(detail(cast), payload)


def set_level(client, user, cast, niveau):
    client.force_login(user)
    return client.post(detail(cast), {"niveau": niveau, "sinds": "2026-02-01", "reden": "Volgende stap."})


def test_level_four_needs_consent_to_involve_externals(cast, client):
    response = set_level(client, cast.ib_a, cast, 4)
    assert response.status_code == 400
    assert "toestemming van de ouders nodig" in response.content.decode()
    assert not Ondersteuningsniveau.objects.exists()
    assert record(client, cast.ouder, cast).status_code == 302
    assert set_level(client, cast.ib_a, cast, 4).status_code == 302
    page = client.get(detail(cast)).content.decode()
    assert 'toestemming van de ouders om externen te betrekken — <span class="present">aanwezig</span>' in page


def test_parent_records_own_decision_and_can_withdraw_it(cast, client):
    record(client, cast.ouder, cast)
    toestemming = Toestemming.objects.get()
    assert toestemming.ouder.gebruiker == cast.ouder and toestemming.vastgelegd_als == "ouder"
    assert record(client, cast.ouder, cast, besluit="ingetrokken", datum="2026-01-11").status_code == 302
    assert Toestemming.objects.count() == 2
    assert set_level(client, cast.ib_a, cast, 4).status_code == 400
    events = AuditEvent.objects.filter(action="create", object_type="leerlingen.toestemming")
    assert events.count() == 2 and all(e.leerling_id == cast.leerling_a.pk for e in events)


def test_school_names_the_parent_who_decided(cast, client):
    response = record(client, cast.ib_a, cast)
    assert response.status_code == 400
    assert '<p class="error" id="id_ouder_error">Dit veld is vereist.' in response.content.decode()
    assert not Toestemming.objects.exists()
    ouder = cast.leerling_a.ouderschappen.get().ouder
    assert record(client, cast.ib_a, cast, ouder=ouder.pk).status_code == 302
    assert Toestemming.objects.get().vastgelegd_door == cast.ib_a


def test_withdrawing_what_was_never_given_and_future_dates_are_refused(cast, client):
    response = record(client, cast.ouder, cast, besluit="ingetrokken")
    assert response.status_code == 400 and "geen gegeven toestemming" in response.content.decode()
    future = (date.today() + timedelta(days=3)).isoformat()
    response = record(client, cast.ouder, cast, datum=future)
    assert response.status_code == 400 and "Deze datum ligt in de toekomst." in response.content.decode()
    assert not Toestemming.objects.exists()


def test_teacher_and_parent_without_custody_cannot_record(cast, client):
    assert record(client, cast.leerkracht_a, cast).status_code == 403
    cast.leerling_a.ouderschappen.update(gezag=False)
    assert record(client, cast.ouder, cast).status_code == 403
    assert not Toestemming.objects.exists()


def test_decisions_cannot_be_edited():
    with pytest.raises(TypeError):
        Toestemming(pk=1).save()


def test_api_records_and_lists(cast, client):
    client.force_login(cast.ouder)
    url = f"/api/v1/leerlingen/{cast.leerling_a.pk}/toestemmingen/"
    response = client.post(
        url, {"onderwerp": "delen_swv", "besluit": "geweigerd", "datum": "2026-03-01"}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert client.get(url).json()[0]["besluit"] == "geweigerd"
    client.force_login(cast.leerkracht_a)
    assert client.post(url, {}, content_type="application/json").status_code == 403
