"""The pupil API: the same services and rules as the forms, answered as JSON."""

import pytest

from passend.core.models import AuditEvent
from passend.leerlingen.models import Leerling
from tests.datums import MORGEN, los_op
from tests.forms.conftest import GEEN_HTML, SCRIPT, stored
from tests.leerlingen.conftest import NIET_TOESTAAN, iso, jaren_geleden, ouder_post, snapshot

API = "/api/v1/leerlingen/"
POSTCODE_FORMAAT = "Vul een Nederlandse postcode in: vier cijfers en twee letters, bijvoorbeeld 1234 AB."


def _good(cast, **changes):
    data = {
        "school": cast.school_a.pk,
        "voornaam": "Fenna",
        "tussenvoegsel": "van der",
        "achternaam": "Berg",
        "geboortedatum": iso(jaren_geleden(7)),
        "groep": 3,
        "leerkrachten": [cast.leerkracht_a.pk],
        "postcode": "1234ab",
        "datum_inschrijving": iso(jaren_geleden(3)),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not ...}


def _post(client, data):
    return client.post(API, data, content_type="application/json")


def test_ib_creates_a_pupil_and_it_is_audited(cast, als):
    response = _post(als(cast.ib_a), _good(cast))
    assert response.status_code == 201, response.content
    body = response.json()
    leerling = Leerling.objects.get(pk=body["id"])
    assert body["postcode"] == leerling.postcode == "1234 AB"
    assert (body["school"], body["leerkrachten"], body["huidig_niveau"]) == (
        cast.school_a.pk,
        [cast.leerkracht_a.pk],
        None,
    )
    assert leerling.samenwerkingsverband == cast.swv
    event = AuditEvent.objects.get(action="create", actor_user_id=cast.ib_a.pk)
    assert (event.leerling_id, event.object_type, event.role) == (leerling.pk, "leerlingen.leerling", "ib")
    # The teacher assigned now sees the pupil.
    assert als(cast.leerkracht_a).get(f"{API}{leerling.pk}/").status_code == 200


@pytest.mark.parametrize(
    "changes, errors",
    [
        ({"voornaam": ...}, {"voornaam": ["Dit veld is vereist."]}),
        ({"voornaam": ""}, {"voornaam": ["Dit veld mag niet leeg zijn."]}),
        ({"voornaam": SCRIPT}, {"voornaam": [GEEN_HTML]}),
        ({"tussenvoegsel": "<b>"}, {"tussenvoegsel": [GEEN_HTML]}),
        ({"achternaam": "A > B"}, {"achternaam": [GEEN_HTML]}),
        ({"geboortedatum": ...}, {"geboortedatum": ["Dit veld is vereist."]}),
        ({"geboortedatum": MORGEN}, {"geboortedatum": [NIET_TOESTAAN]}),
        (
            {"geboortedatum": iso(jaren_geleden(26))},
            {"geboortedatum": ["Deze geboortedatum is te ver in het verleden voor een leerling."]},
        ),
        (
            {"datum_inschrijving": iso(jaren_geleden(8))},
            {"datum_inschrijving": ["De inschrijving ligt vóór de geboortedatum."]},
        ),
        (
            {"datum_uitschrijving": iso(jaren_geleden(4))},
            {"datum_uitschrijving": ["De uitschrijving ligt vóór de inschrijving."]},
        ),
        ({"groep": 0}, {"groep": ["Zorg ervoor dat deze waarde groter is dan of gelijk is aan 1."]}),
        ({"groep": 9}, {"groep": ["Zorg ervoor dat deze waarde kleiner is dan of gelijk is aan 8."]}),
        ({"postcode": "12345"}, {"postcode": [POSTCODE_FORMAAT]}),
        ({"thuiszitter_sinds": MORGEN}, {"thuiszitter_sinds": [NIET_TOESTAAN]}),
        ({"school": 999999}, {"school": ['Ongeldige pk "999999" - object bestaat niet.']}),
        ({"leerkrachten": "elders"}, {"leerkrachten": ["Kies alleen leerkrachten van deze school."]}),
        ({"leerkrachten": "ib"}, {"leerkrachten": ["Kies alleen leerkrachten van deze school."]}),
    ],
    ids=[
        "voornaam-ontbreekt",
        "voornaam-leeg",
        "voornaam-script",
        "tussenvoegsel-html",
        "achternaam-groter-dan",
        "geboortedatum-ontbreekt",
        "geboortedatum-morgen",
        "geboortedatum-26-jaar",
        "inschrijving-voor-geboorte",
        "uitschrijving-voor-inschrijving",
        "groep-0",
        "groep-9",
        "postcode-12345",
        "thuiszitter-morgen",
        "school-bestaat-niet",
        "leerkracht-andere-school",
        "leerkracht-is-ib-er",
    ],
)
def test_bad_data_gives_400_with_field_messages(cast, als, leerkracht_elders, changes, errors):
    if changes.get("leerkrachten") == "elders":
        changes = {"leerkrachten": [cast.leerkracht_a.pk, leerkracht_elders.pk]}
    elif changes.get("leerkrachten") == "ib":
        changes = {"leerkrachten": [cast.ib_a.pk]}
    before = snapshot()
    response = _post(als(cast.ib_a), _good(cast, **los_op(changes)))
    assert response.status_code == 400
    assert response.json() == errors
    assert snapshot() == before


@pytest.mark.parametrize(
    "persona, school",
    [
        ("leerkracht_a", "school_a"),
        ("ouder", "school_a"),
        ("ib_a", "school_b"),
        ("ib_b", "school_a"),
        ("ib_a", "school_other"),
        ("beheerder", "school_a"),
    ],
)
def test_create_is_refused_outside_own_school(cast, als, persona, school):
    before = snapshot()
    response = _post(als(getattr(cast, persona)), _good(cast, school=getattr(cast, school).pk))
    assert response.status_code == 403
    assert snapshot() == before
    assert AuditEvent.objects.filter(actor_user_id=getattr(cast, persona).pk, result="denied").exists()


@pytest.mark.parametrize(
    "persona, status", [("leerkracht_a", 403), ("ouder", 403), ("leerkracht_andere_groep", 404), ("ib_b", 404)]
)
@pytest.mark.parametrize("method", ["patch", "put"])
def test_change_is_refused_to_others(cast, als, persona, status, method):
    before, pupil = snapshot(), stored(cast.leerling_a)
    client = als(getattr(cast, persona))
    response = getattr(client, method)(f"{API}{cast.leerling_a.pk}/", _good(cast), content_type="application/json")
    assert response.status_code == status
    assert stored(cast.leerling_a) == pupil
    assert snapshot() == before


def test_ib_changes_a_pupil_but_not_its_school(cast, als):
    client = als(cast.ib_a)
    url = f"{API}{cast.leerling_a.pk}/"
    response = client.patch(url, {"groep": 4, "school": cast.school_b.pk}, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["groep"], response.json()["school"]) == (4, cast.school_a.pk)
    event = AuditEvent.objects.get(action="update", actor_user_id=cast.ib_a.pk)
    assert event.leerling_id == cast.leerling_a.pk
    assert event.detail["wijzigingen"] == {"groep": {"oud": "3", "nieuw": "4"}}


@pytest.mark.parametrize(
    "changes, errors",
    [
        ({"groep": 9}, {"groep": ["Zorg ervoor dat deze waarde kleiner is dan of gelijk is aan 8."]}),
        ({"datum_inschrijving": "2017-01-01"}, {"datum_inschrijving": ["De inschrijving ligt vóór de geboortedatum."]}),
        ({"voornaam": SCRIPT}, {"voornaam": [GEEN_HTML]}),
        ({"leerkrachten": "elders"}, {"leerkrachten": ["Kies alleen leerkrachten van deze school."]}),
    ],
    ids=["groep-9", "inschrijving-voor-geboorte", "voornaam-script", "leerkracht-elders"],
)
def test_bad_patch_changes_nothing(cast, als, leerkracht_elders, changes, errors):
    if changes.get("leerkrachten") == "elders":
        changes = {"leerkrachten": [leerkracht_elders.pk]}
    before, pupil = snapshot(), stored(cast.leerling_a)
    response = als(cast.ib_a).patch(f"{API}{cast.leerling_a.pk}/", changes, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == errors
    assert stored(cast.leerling_a) == pupil
    assert list(cast.leerling_a.leerkrachten.all()) == [cast.leerkracht_a]
    assert snapshot() == before


def test_api_adds_a_parent(cast, als):
    client = als(cast.ib_a)
    url = f"{API}{cast.leerling_a.pk}/ouders/"
    response = client.post(url, {**ouder_post(), "gezag": True}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["naam"] == "Petra Berg"
    assert {row["naam"] for row in client.get(url).json()} == {"Ouder van Ryan", "Petra Berg"}
    assert (
        AuditEvent.objects.filter(
            action="create", object_type="leerlingen.ouderschap", leerling_id=cast.leerling_a.pk
        ).count()
        == 1
    )


@pytest.mark.parametrize(
    "changes, errors",
    [
        ({"naam": ""}, {"naam": ["Dit veld mag niet leeg zijn."]}),
        ({"naam": SCRIPT}, {"naam": [GEEN_HTML]}),
        ({"telefoon": "<b>06</b>"}, {"telefoon": [GEEN_HTML]}),
        ({"email": "geen-e-mailadres"}, {"email": ["Voer een geldig e-mailadres in."]}),
        ({"relatie": "oma"}, {"relatie": ['"oma" is een ongeldige keuze.']}),
    ],
    ids=["naam-leeg", "naam-script", "telefoon-html", "email", "relatie"],
)
def test_api_refuses_a_bad_parent(cast, als, changes, errors):
    before = snapshot()
    response = als(cast.ib_a).post(
        f"{API}{cast.leerling_a.pk}/ouders/",
        {**ouder_post(), "gezag": True, **changes},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == errors
    assert snapshot() == before


def test_a_refused_write_answers_in_the_house_style(cast, als):
    response = _post(als(cast.leerkracht_a), _good(cast))
    assert response.status_code == 403
    assert response.json() == {"detail": "U heeft geen toegang tot deze gegevens."}
