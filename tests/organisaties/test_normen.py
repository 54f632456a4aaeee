"""The partnership's norms for processing times (weeks): the beheerder sets them on the
partnership's settings form and through the API; out of range is refused with a Dutch message
at the field and nothing is saved; nobody else can change them."""

import pytest

from passend.core.models import AuditEvent
from passend.organisaties.models import Samenwerkingsverband
from tests.forms.conftest import assert_error_at, stored

NORMEN = ("norm_signaal_besluit_weken", "norm_aanvraag_besluit_weken", "norm_besluit_start_weken")


def _url(cast):
    return f"/beheer/samenwerkingsverband/{cast.swv.pk}/"


def _api(cast):
    return f"/api/v1/samenwerkingsverbanden/{cast.swv.pk}/"


def _form(**changes):
    data = {"naam": "SWV Testregio", "basisondersteuning": "", "thuisnabij_km": "10"}
    data.update(changes)
    return data


def _normen(swv):
    fresh = Samenwerkingsverband.objects.get(pk=swv.pk)
    return tuple(getattr(fresh, name) for name in NORMEN)


def _updates():
    return AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_type="organisaties.samenwerkingsverband")


def test_the_form_shows_the_norms_with_what_they_are_for(cast, login):
    page = login(cast.beheerder).get(_url(cast)).content.decode()
    for name, value in zip(NORMEN, (12, 6, 4), strict=True):
        assert f'<label for="id_{name}">' in page
        assert f'name="{name}" value="{value}"' in page
    assert page.count("Rapportage: aandeel binnen de norm.") == 3
    assert "Norm aanvraag tot besluit (weken)" in page


def test_the_beheerder_changes_the_norms_and_it_is_audited(cast, login):
    data = _form(norm_signaal_besluit_weken="10", norm_aanvraag_besluit_weken="8", norm_besluit_start_weken="2")
    response = login(cast.beheerder).post(_url(cast), data)
    assert response.status_code == 302
    assert _normen(cast.swv) == (10, 8, 2)
    event = _updates().get()
    assert event.role == "beheerder"
    assert event.detail["wijzigingen"] == {
        "norm_signaal_besluit_weken": {"oud": "12", "nieuw": "10"},
        "norm_aanvraag_besluit_weken": {"oud": "6", "nieuw": "8"},
        "norm_besluit_start_weken": {"oud": "4", "nieuw": "2"},
    }


def test_a_norm_left_empty_stays_what_it_was(cast, login):
    cast.swv.norm_aanvraag_besluit_weken = 5
    cast.swv.save()
    response = login(cast.beheerder).post(_url(cast), _form(norm_aanvraag_besluit_weken=""))
    assert response.status_code == 302
    assert _normen(cast.swv) == (12, 5, 4)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("norm_signaal_besluit_weken", "0", "Vul minstens 1 week in."),
        ("norm_signaal_besluit_weken", "105", "Hooguit 104 weken."),
        ("norm_aanvraag_besluit_weken", "53", "Hooguit 52 weken."),
        ("norm_besluit_start_weken", "0", "Vul minstens 1 week in."),
        ("norm_besluit_start_weken", "-1", "Zorg ervoor dat deze waarde minstens 0 is."),
        ("norm_besluit_start_weken", "vier", "Voer een geheel getal in."),
    ],
)
def test_a_norm_out_of_range_is_refused_on_the_form(cast, login, field, value, message):
    before = stored(cast.swv)
    # A valid change of another norm in the same post is not saved either.
    other = "norm_besluit_start_weken" if field != "norm_besluit_start_weken" else "norm_signaal_besluit_weken"
    response = login(cast.beheerder).post(_url(cast), _form(**{field: value, other: "3"}))
    assert_error_at(response, field, message)
    assert stored(cast.swv) == before
    assert not _updates().exists()


def test_the_beheerder_changes_the_norms_through_the_api(cast, login):
    client = login(cast.beheerder)
    body = client.get(_api(cast)).json()
    assert tuple(body[name] for name in NORMEN) == (12, 6, 4)
    response = client.patch(_api(cast), {"norm_aanvraag_besluit_weken": 4}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["norm_aanvraag_besluit_weken"] == 4
    assert _normen(cast.swv) == (12, 4, 4)
    assert _updates().get().detail["wijzigingen"] == {"norm_aanvraag_besluit_weken": {"oud": "6", "nieuw": "4"}}


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"norm_signaal_besluit_weken": 105}, {"norm_signaal_besluit_weken": ["Hooguit 104 weken."]}),
        ({"norm_aanvraag_besluit_weken": 0}, {"norm_aanvraag_besluit_weken": ["Vul minstens 1 week in."]}),
        (
            {"norm_besluit_start_weken": 53, "naam": "Nieuwe naam"},
            {"norm_besluit_start_weken": ["Hooguit 52 weken."]},
        ),
        ({"norm_besluit_start_weken": 2.5}, {"norm_besluit_start_weken": ["Een geldig getal is vereist."]}),
    ],
    ids=["signaal-105", "aanvraag-0", "start-53-met-naam", "start-2.5"],
)
def test_a_norm_out_of_range_is_refused_through_the_api(cast, login, changes, errors):
    before = stored(cast.swv)
    response = login(cast.beheerder).patch(_api(cast), changes, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == errors
    assert stored(cast.swv) == before
    assert not _updates().exists()


@pytest.mark.parametrize(("persona", "status"), [("ib_a", 403), ("trajectbegeleider", 403), ("beheerder_other", 404)])
def test_others_cannot_change_the_norms(cast, login, persona, status):
    before = stored(cast.swv)
    client = login(getattr(cast, persona))
    response = client.patch(_api(cast), {"norm_signaal_besluit_weken": 20}, content_type="application/json")
    assert response.status_code == status
    page = client.post(_url(cast), _form(norm_signaal_besluit_weken="20"))
    assert page.status_code in (403, 404)
    assert stored(cast.swv) == before
    assert not _updates().exists()
