"""The beheerder edits routes on the pages: a step's deadline, or the whole file. Each save is a
new version; a traject that started earlier keeps its own; an invalid file is refused with the
line named and nothing is saved."""

import pytest
from django.urls import reverse

from passend.trajecten.models import RouteVersie
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db


def _stap_url(route, code):
    return reverse("trajecten:stap", args=[route.pk, code])


def test_beheerder_changes_a_deadline_and_a_running_traject_keeps_its_version(cast, client):
    traject = h.start(cast, "hga")
    route = traject.route_versie.route
    client.force_login(cast.beheerder)
    page = client.get(_stap_url(route, "signalering")).content.decode()
    assert 'value="14"' in page  # the current deadline, prefilled
    response = client.post(
        _stap_url(route, "signalering"),
        {
            "naam": "Signalering en kindbespreking",
            "rollen": ["leerkracht", "ib"],
            "termijn_dagen": "21",
            "herinneringen": "5, 1",
            "beslisregel": "geen",
            "toelichting": "Drie weken voor de kindbespreking",
        },
    )
    assert response.status_code == 302
    nieuw = route.versies.order_by("-nummer").first()
    assert nieuw.nummer == 2 and nieuw.toelichting == "Drie weken voor de kindbespreking"
    stap = nieuw.stappen.get(code="signalering")
    assert stap.termijn_dagen == 21 and stap.herinneringen == [5, 1]
    traject.refresh_from_db()
    assert traject.route_versie.nummer == 1 and traject.stap.termijn_dagen == 14
    page = client.get(reverse("trajecten:route", args=[route.pk])).content.decode()
    assert "21 dagen" in page


def test_a_new_traject_follows_the_new_version(cast, client):
    from passend.trajecten import services

    traject = h.start(cast, "hga")
    route = traject.route_versie.route
    services.route_step_change(
        actor=cast.beheerder, route=route, stap_code="signalering", wijzigingen={"termijn_dagen": 30}
    )
    tweede = services.traject_start(
        actor=cast.ib_a, route=route, leerling=cast.leerling_a, signaal=h.SIGNAAL, vraag="Opnieuw."
    )
    assert tweede.route_versie.nummer == 2 and tweede.stap.termijn_dagen == 30
    traject.refresh_from_db()
    assert traject.route_versie.nummer == 1


def test_a_bad_deadline_is_refused_at_the_field(cast, client):
    traject = h.start(cast, "hga")
    route = traject.route_versie.route
    client.force_login(cast.beheerder)
    response = client.post(
        _stap_url(route, "signalering"),
        {"naam": "X", "rollen": ["ib"], "termijn_dagen": "0", "beslisregel": "geen", "toelichting": "x"},
    )
    assert response.status_code == 400
    assert "Zorg ervoor dat deze waarde minstens 1 is." in response.content.decode()
    assert RouteVersie.objects.filter(route=route).count() == 1


def test_an_invalid_route_file_is_refused_with_the_line_named(cast, client):
    traject = h.start(cast, "hga")
    route = traject.route_versie.route
    bron = traject.route_versie.bron.replace("naar: leerlingbespreking", "naar: leerlingbesprekking", 1)
    regel = next(i for i, tekst in enumerate(bron.splitlines(), start=1) if "leerlingbesprekking" in tekst)
    client.force_login(cast.beheerder)
    response = client.post(reverse("trajecten:route_bron", args=[route.pk]), {"bron": bron, "toelichting": "Tikfout"})
    assert response.status_code == 400
    assert f"Regel {regel}: Uitkomst ‘werkt_onvoldoende’ leidt naar een onbekende stap ‘leerlingbesprekking’." in (
        response.content.decode()
    )
    assert RouteVersie.objects.filter(route=route).count() == 1


def test_only_the_beheerder_edits_a_route(cast, client):
    traject = h.start(cast, "hga")
    route = traject.route_versie.route
    for persona in (cast.ib_a, cast.trajectbegeleider):
        client.force_login(persona)
        assert client.get(_stap_url(route, "signalering")).status_code == 403
        assert client.get(reverse("trajecten:route", args=[route.pk])).status_code == 200  # reading is fine
    client.force_login(cast.beheerder_other)
    assert client.get(_stap_url(route, "signalering")).status_code == 404


def test_the_start_form_prefills_today_in_the_form_a_date_field_reads(cast, client):
    from django.utils import timezone

    h.route(cast, "hga")
    client.force_login(cast.leerkracht_a)
    page = client.get(reverse("trajecten:start", args=[cast.leerling_a.pk])).content.decode()
    assert f'type="date" name="datum" value="{timezone.localdate().isoformat()}"' in page
