"""Periods at home (thuiszitperiodes) follow the pupil's "thuiszitter sinds": setting it opens a
period, changing it moves the period's start, clearing it closes the period today. Reason and
offer date are kept on the period; bad input gets a Dutch message at the field and nothing is
saved. Driven through the pupil form and the API, as the personas who may (and may not)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passend.core.models import AuditEvent
from passend.leerlingen import services
from passend.leerlingen.models import Leerling, Thuiszitperiode
from tests.forms.conftest import assert_error_at, stored
from tests.leerlingen.conftest import NIET_TOESTAAN, iso, leerling_post, snapshot, vandaag

API = "/api/v1/leerlingen/"
AANBOD_VOOR_BEGIN = "Het onderwijsaanbod ligt vóór het begin van het thuiszitten"
GEEN_KEUZE = "Selecteer een geldige keuze. spijbelen is geen beschikbare keuze."
ALLEEN_BIJ_THUISZITTEN = "Dit vult u alleen in als de leerling thuiszit: vul ook ‘Thuiszitter sinds’ in."


def dagen_geleden(dagen: int):
    return vandaag() - timedelta(days=dagen)


def _bewerken(cast):
    return f"/leerlingen/{cast.leerling_a.pk}/bewerken/"


def _nieuw(cast):
    return f"/leerlingen/nieuw/{cast.school_a.pk}/"


def _post_a(cast, **changes):
    """The edit form of pupil A as posted by the browser, with pupil A's own data."""
    pupil = cast.leerling_a
    return leerling_post(
        cast,
        voornaam=pupil.voornaam,
        tussenvoegsel="",
        achternaam=pupil.achternaam,
        geboortedatum=iso(pupil.geboortedatum),
        postcode=pupil.postcode,
        datum_inschrijving=iso(pupil.datum_inschrijving),
        **changes,
    )


def _periodes(leerling):
    return [
        (p.begindatum, p.einddatum, p.reden, p.aanbod_op)
        for p in Thuiszitperiode.objects.filter(leerling=leerling).order_by("begindatum", "id")
    ]


def _state(cast):
    """Everything a refused post must leave alone."""
    return snapshot(), stored(cast.leerling_a), _periodes(cast.leerling_a), Thuiszitperiode.objects.count()


def _last_update(actor):
    return AuditEvent.objects.filter(action="update", actor_user_id=actor.pk).latest("id")


# --- The pupil form ---------------------------------------------------------------------------


def test_a_period_opens_moves_and_closes_with_the_form(cast, als):
    client = als(cast.ib_a)
    begin, aanbod = dagen_geleden(60), dagen_geleden(20)

    # Opens, with reason and offer date.
    data = _post_a(cast, thuiszitter_sinds=iso(begin), thuiszit_reden="psychisch", thuiszit_aanbod_op=iso(aanbod))
    assert client.post(_bewerken(cast), data).status_code == 302
    assert _periodes(cast.leerling_a) == [(begin, None, "psychisch", aanbod)]
    periode = Thuiszitperiode.objects.get()
    event = _last_update(cast.ib_a)
    assert event.leerling_id == cast.leerling_a.pk
    assert event.detail["wijzigingen"]["thuiszitperiode"] == {
        "oud": None,
        "nieuw": {"begindatum": str(begin), "einddatum": "", "reden": "psychisch", "aanbod_op": str(aanbod)},
    }
    assert event.detail["wijzigingen"]["thuiszitter_sinds"] == {"oud": "", "nieuw": str(begin)}

    # The edit form is prefilled from the open period.
    form = client.get(_bewerken(cast)).content.decode()
    assert '<option value="psychisch" selected>' in form
    assert f'name="thuiszit_aanbod_op" value="{iso(aanbod)}"' in form
    assert "<legend>Thuiszitten</legend>" in form

    # Moves: the same period begins earlier; the reason stays.
    eerder = dagen_geleden(90)
    data = _post_a(cast, thuiszitter_sinds=iso(eerder), thuiszit_reden="psychisch", thuiszit_aanbod_op=iso(aanbod))
    assert client.post(_bewerken(cast), data).status_code == 302
    assert _periodes(cast.leerling_a) == [(eerder, None, "psychisch", aanbod)]
    assert Thuiszitperiode.objects.get().pk == periode.pk
    assert _last_update(cast.ib_a).detail["wijzigingen"]["thuiszitperiode"]["oud"]["begindatum"] == str(begin)

    # Closes today when the pupil goes back to school; the period stays.
    data = _post_a(cast, thuiszitter_sinds="", thuiszit_reden="psychisch", thuiszit_aanbod_op=iso(aanbod))
    assert client.post(_bewerken(cast), data).status_code == 302
    assert Leerling.objects.get(pk=cast.leerling_a.pk).thuiszitter_sinds is None
    assert _periodes(cast.leerling_a) == [(eerder, vandaag(), "psychisch", aanbod)]
    assert _last_update(cast.ib_a).detail["wijzigingen"]["thuiszitperiode"]["nieuw"]["einddatum"] == str(vandaag())

    # A new period at home is a new row; the page shows it and the earlier one.
    data = _post_a(cast, thuiszitter_sinds=iso(vandaag()), thuiszit_reden="wachten_op_plek")
    assert client.post(_bewerken(cast), data).status_code == 302
    assert _periodes(cast.leerling_a) == [
        (eerder, vandaag(), "psychisch", aanbod),
        (vandaag(), None, "wachten_op_plek", None),
    ]
    page = client.get(f"/leerlingen/{cast.leerling_a.pk}/").content.decode()
    assert "Reden: Wachten op een plek (wachtlijst)" in page
    assert "Nog geen onderwijsaanbod gedaan" in page
    assert "Eerdere perioden van thuiszitten" in page
    assert (
        f"<td>{eerder:%d-%m-%Y}</td><td>{vandaag():%d-%m-%Y}</td><td>Psychische problemen of schoolangst</td>"
        f"<td>{aanbod:%d-%m-%Y}</td>"
    ) in page


def test_a_new_pupil_at_home_gets_a_period(cast, als):
    begin = dagen_geleden(10)
    data = leerling_post(cast, thuiszitter_sinds=iso(begin), thuiszit_reden="gedrag", thuiszit_aanbod_op=iso(begin))
    response = als(cast.ib_a).post(_nieuw(cast), data)
    assert response.status_code == 302
    leerling = Leerling.objects.get(voornaam="Fenna")
    assert _periodes(leerling) == [(begin, None, "gedrag", begin)]
    event = AuditEvent.objects.get(action="create", object_type="leerlingen.leerling", actor_user_id=cast.ib_a.pk)
    assert event.detail["nieuw"]["thuiszitperiode"] == {
        "begindatum": str(begin),
        "einddatum": "",
        "reden": "gedrag",
        "aanbod_op": str(begin),
    }


def test_a_pupil_at_school_gets_no_period_and_the_page_says_no(cast, als):
    client = als(cast.ib_a)
    assert client.post(_bewerken(cast), _post_a(cast, groep="4", thuiszit_reden="onbekend")).status_code == 302
    assert Thuiszitperiode.objects.count() == 0
    assert "thuiszitperiode" not in _last_update(cast.ib_a).detail["wijzigingen"]
    page = client.get(f"/leerlingen/{cast.leerling_a.pk}/").content.decode()
    assert "<dt>Thuiszitter</dt><dd>Nee</dd>" in page
    assert "Eerdere perioden van thuiszitten" not in page


@pytest.mark.parametrize("mode", ["nieuw", "bewerken"])
def test_an_offer_before_the_start_is_refused_and_nothing_saved(cast, als, mode):
    before = _state(cast)
    data = (leerling_post if mode == "nieuw" else _post_a)(
        cast, thuiszitter_sinds=iso(dagen_geleden(10)), thuiszit_aanbod_op=iso(dagen_geleden(11))
    )
    response = als(cast.ib_a).post(_nieuw(cast) if mode == "nieuw" else _bewerken(cast), data)
    assert_error_at(response, "thuiszit_aanbod_op", AANBOD_VOOR_BEGIN)
    assert f"({dagen_geleden(10):%d-%m-%Y}). Kies een datum op of na die dag." in response.content.decode()
    assert _state(cast) == before


def test_moving_the_start_past_the_offer_is_refused(cast, als):
    client = als(cast.ib_a)
    begin, aanbod = dagen_geleden(30), dagen_geleden(20)
    data = _post_a(cast, thuiszitter_sinds=iso(begin), thuiszit_aanbod_op=iso(aanbod))
    assert client.post(_bewerken(cast), data).status_code == 302
    before = _state(cast)
    data = _post_a(cast, thuiszitter_sinds=iso(dagen_geleden(10)), thuiszit_aanbod_op=iso(aanbod))
    assert_error_at(client.post(_bewerken(cast), data), "thuiszit_aanbod_op", AANBOD_VOOR_BEGIN)
    assert _state(cast) == before


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"thuiszit_reden": "gedrag"}, "thuiszit_reden", ALLEEN_BIJ_THUISZITTEN),
        ({"thuiszit_aanbod_op": iso(dagen_geleden(3))}, "thuiszit_aanbod_op", ALLEEN_BIJ_THUISZITTEN),
        (
            {"thuiszitter_sinds": iso(dagen_geleden(3)), "thuiszit_aanbod_op": "volgende week"},
            "thuiszit_aanbod_op",
            "Voer een geldige datum in.",
        ),
        (
            {"thuiszitter_sinds": iso(dagen_geleden(3)), "thuiszit_reden": "spijbelen"},
            "thuiszit_reden",
            GEEN_KEUZE,
        ),
    ],
    ids=["reden-zonder-thuiszitten", "aanbod-zonder-thuiszitten", "aanbod-geen-datum", "reden-onbekende-keuze"],
)
def test_bad_period_input_on_the_form(cast, als, changes, field, message):
    before = _state(cast)
    response = als(cast.ib_a).post(_bewerken(cast), _post_a(cast, **changes))
    assert_error_at(response, field, message)
    assert _state(cast) == before


def test_an_offer_in_the_future_is_refused(cast, als):
    before = _state(cast)
    morgen = vandaag() + timedelta(days=1)
    data = _post_a(cast, thuiszitter_sinds=iso(dagen_geleden(3)), thuiszit_aanbod_op=iso(morgen))
    assert_error_at(als(cast.ib_a).post(_bewerken(cast), data), "thuiszit_aanbod_op", NIET_TOESTAAN)
    assert _state(cast) == before


def test_a_new_period_cannot_begin_inside_an_earlier_one(cast, als):
    client = als(cast.ib_a)
    assert client.post(_bewerken(cast), _post_a(cast, thuiszitter_sinds=iso(dagen_geleden(40)))).status_code == 302
    assert client.post(_bewerken(cast), _post_a(cast, thuiszitter_sinds="")).status_code == 302  # back today
    before = _state(cast)
    response = client.post(_bewerken(cast), _post_a(cast, thuiszitter_sinds=iso(dagen_geleden(5))))
    assert_error_at(response, "thuiszitter_sinds", f"Kies een datum op of na {vandaag():%d-%m-%Y}.")
    assert _state(cast) == before


@pytest.mark.parametrize(("persona", "status"), [("leerkracht_a", 403), ("ouder", 403), ("ib_b", 404)])
def test_others_cannot_change_the_periods(cast, als, persona, status):
    cast.leerling_a.thuiszitter_sinds = dagen_geleden(30)
    cast.leerling_a.save()
    Thuiszitperiode.objects.create(leerling=cast.leerling_a, begindatum=dagen_geleden(30))
    before = _state(cast)
    client = als(getattr(cast, persona))
    data = _post_a(cast, thuiszitter_sinds="", thuiszit_reden="gedrag", thuiszit_aanbod_op=iso(dagen_geleden(2)))
    assert client.post(_bewerken(cast), data).status_code == status
    api = client.patch(
        f"{API}{cast.leerling_a.pk}/",
        {"thuiszitter_sinds": None, "thuiszit_reden": "gedrag"},
        content_type="application/json",
    )
    assert api.status_code == status
    assert _state(cast) == before
    assert AuditEvent.objects.filter(actor_user_id=getattr(cast, persona).pk, result="denied").exists()


# --- The API --------------------------------------------------------------------------------


def test_the_api_shows_the_periods_and_writes_through_the_service(cast, als):
    client = als(cast.ib_a)
    url = f"{API}{cast.leerling_a.pk}/"
    begin, aanbod = dagen_geleden(50), dagen_geleden(7)

    response = client.patch(
        url,
        {"thuiszitter_sinds": iso(begin), "thuiszit_reden": "ziekte", "thuiszit_aanbod_op": iso(aanbod)},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["thuiszitperiodes"] == [
        {"begindatum": iso(begin), "einddatum": None, "reden": "ziekte", "aanbod_op": iso(aanbod)}
    ]
    assert "thuiszit_reden" not in body and "thuiszit_aanbod_op" not in body  # write-only
    event = _last_update(cast.ib_a)
    assert event.detail["wijzigingen"]["thuiszitperiode"]["nieuw"]["reden"] == "ziekte"

    # Leaving the period inputs out keeps them; null clears the offer date.
    assert client.patch(url, {"groep": 4}, content_type="application/json").status_code == 200
    assert _periodes(cast.leerling_a) == [(begin, None, "ziekte", aanbod)]
    response = client.patch(url, {"thuiszit_aanbod_op": None}, content_type="application/json")
    assert response.json()["thuiszitperiodes"][0]["aanbod_op"] is None

    # Clearing closes the period today.
    response = client.patch(url, {"thuiszitter_sinds": None}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["thuiszitperiodes"] == [
        {"begindatum": iso(begin), "einddatum": iso(vandaag()), "reden": "ziekte", "aanbod_op": None}
    ]
    # The list shows the periods too; the teacher (read only) sees them.
    rows = als(cast.leerkracht_a).get(API).json()["results"]
    assert [row["thuiszitperiodes"] for row in rows if row["id"] == cast.leerling_a.pk] == [
        response.json()["thuiszitperiodes"]
    ]


def test_the_api_creates_a_pupil_at_home_with_a_period(cast, als):
    begin = dagen_geleden(14)
    data = {
        "school": cast.school_a.pk,
        "voornaam": "Fenna",
        "achternaam": "Berg",
        "geboortedatum": iso(dagen_geleden(7 * 365)),
        "datum_inschrijving": iso(dagen_geleden(3 * 365)),
        "thuiszitter_sinds": iso(begin),
        "thuiszit_reden": "geen_passend_aanbod",
    }
    response = als(cast.ib_a).post(API, data, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["thuiszitperiodes"] == [
        {"begindatum": iso(begin), "einddatum": None, "reden": "geen_passend_aanbod", "aanbod_op": None}
    ]


@pytest.mark.parametrize(
    "changes, errors",
    [
        (
            {"thuiszitter_sinds": "SINDS", "thuiszit_aanbod_op": "VOOR"},
            {"thuiszit_aanbod_op": [f"{AANBOD_VOOR_BEGIN} (SINDS_NL). Kies een datum op of na die dag."]},
        ),
        ({"thuiszit_reden": "gedrag"}, {"thuiszit_reden": [ALLEEN_BIJ_THUISZITTEN]}),
        (
            {"thuiszitter_sinds": "SINDS", "thuiszit_reden": "spijbelen"},
            {"thuiszit_reden": ['"spijbelen" is een ongeldige keuze.']},
        ),
    ],
    ids=["aanbod-voor-begin", "reden-zonder-thuiszitten", "reden-onbekende-keuze"],
)
def test_bad_period_input_through_the_api_changes_nothing(cast, als, changes, errors):
    sinds, voor = dagen_geleden(10), dagen_geleden(11)
    fill = {"SINDS": iso(sinds), "VOOR": iso(voor)}
    changes = {k: fill.get(v, v) for k, v in changes.items()}
    errors = {k: [m.replace("SINDS_NL", f"{sinds:%d-%m-%Y}") for m in v] for k, v in errors.items()}
    before = _state(cast)
    response = als(cast.ib_a).patch(f"{API}{cast.leerling_a.pk}/", changes, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == errors
    assert _state(cast) == before


def test_the_api_list_costs_no_query_per_period(cast, als):
    client = als(cast.ib_a)

    def grow(n):
        for i in range(Leerling.objects.filter(school=cast.school_a).count(), n):
            leerling = Leerling.objects.create(
                samenwerkingsverband=cast.swv,
                school=cast.school_a,
                voornaam=f"Kind{i}",
                achternaam="Thuis",
                geboortedatum=cast.leerling_a.geboortedatum,
                datum_inschrijving=cast.leerling_a.datum_inschrijving,
            )
            Thuiszitperiode.objects.create(leerling=leerling, begindatum=dagen_geleden(40), einddatum=dagen_geleden(9))
            Thuiszitperiode.objects.create(leerling=leerling, begindatum=dagen_geleden(5))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(API).status_code == 200
        return len(ctx.captured_queries)

    grow(3)
    client.get(API)  # warm up
    small = count()
    grow(10)
    assert count() == small


# --- The service's end date (no page offers it yet) -------------------------------------------


def test_a_given_end_date_closes_the_period_but_not_before_its_start_nor_in_the_future(cast):
    leerling = cast.leerling_a
    services.leerling_update(actor=cast.ib_a, leerling=leerling, data={"thuiszitter_sinds": dagen_geleden(20)})
    for einddatum, message in (
        (dagen_geleden(21), f"De leerling zit thuis sinds {dagen_geleden(20):%d-%m-%Y}"),
        (vandaag() + timedelta(days=1), NIET_TOESTAAN),
    ):
        with pytest.raises(ValidationError) as error:
            services.leerling_update(
                actor=cast.ib_a, leerling=leerling, data={"thuiszitter_sinds": None, "thuiszit_einddatum": einddatum}
            )
        assert message in error.value.message_dict["thuiszit_einddatum"][0]
        assert Leerling.objects.get(pk=leerling.pk).thuiszitter_sinds == dagen_geleden(20)
    services.leerling_update(
        actor=cast.ib_a, leerling=leerling, data={"thuiszitter_sinds": None, "thuiszit_einddatum": dagen_geleden(2)}
    )
    assert _periodes(leerling) == [(dagen_geleden(20), dagen_geleden(2), "onbekend", None)]
