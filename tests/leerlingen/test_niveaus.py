"""The support-level history: who may set which level, rows that never change, what a level expects."""

from datetime import timedelta

import pytest

from passend.core.models import AuditEvent
from passend.leerlingen.models import Ondersteuningsniveau
from tests.datums import MORGEN, los_op
from tests.forms.conftest import SCRIPT, assert_error_at
from tests.leerlingen.conftest import NIET_TOESTAAN, iso, niveau_post, snapshot, vandaag

LEERKRACHT_MAX = (
    "Als leerkracht stelt u niveau 1 tot en met 2 vast; "
    "een hoger niveau stelt de intern begeleider of de directeur vast."
)
VOOR_GEBOORTE = "Deze datum ligt vóór de geboortedatum van de leerling."
ZONDER_TOESTEMMING = (
    "Vanaf niveau 4 worden externe deskundigen betrokken. Daarvoor is eerst "
    "toestemming van de ouders nodig; leg die vast onder ‘Toestemmingen’."
)


def _url(cast, api=False):
    pk = cast.leerling_a.pk
    return f"/api/v1/leerlingen/{pk}/ondersteuningsniveaus/" if api else f"/leerlingen/{pk}/"


@pytest.mark.parametrize("niveau", [1, 2])
def test_teacher_sets_level_1_or_2_for_own_pupil(cast, als, niveau):
    response = als(cast.leerkracht_a).post(_url(cast), niveau_post(niveau))
    assert response.status_code == 302
    rij = cast.leerling_a.ondersteuningsniveaus.get()
    assert (rij.niveau, rij.vastgesteld_door, rij.vastgesteld_als) == (niveau, cast.leerkracht_a, "leerkracht")
    page = als(cast.leerkracht_a).get(_url(cast)).content.decode()
    assert f"Niveau {niveau} is vastgesteld." in page


@pytest.mark.parametrize("niveau", [3, 4, 5])
def test_teacher_gets_a_dutch_message_for_level_3_to_5(cast, als, niveau):
    before = snapshot()
    response = als(cast.leerkracht_a).post(_url(cast), niveau_post(niveau))
    assert_error_at(response, "niveau", LEERKRACHT_MAX)
    assert "<details open>" in response.content.decode()  # the form stays open with its message
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["ib_a", "directeur_a"])
@pytest.mark.parametrize("niveau", [1, 2, 3, 4, 5])
def test_school_leadership_sets_any_level(cast, als, toestemming_extern, persona, niveau):
    user = getattr(cast, persona)
    response = als(user).post(_url(cast), niveau_post(niveau))
    assert response.status_code == 302
    rij = cast.leerling_a.ondersteuningsniveaus.get()
    assert (rij.niveau, rij.vastgesteld_als) == (niveau, persona.split("_")[0])


@pytest.mark.parametrize("niveau", [4, 5])
def test_levels_4_and_5_need_the_parents_consent_first(cast, als, niveau):
    before = snapshot()
    response = als(cast.ib_a).post(_url(cast), niveau_post(niveau))
    assert_error_at(response, "niveau", ZONDER_TOESTEMMING)
    assert snapshot() == before


def test_another_teacher_of_the_school_cannot_set_a_level(cast, als):
    before = snapshot()
    client = als(cast.leerkracht_andere_groep)
    assert client.post(_url(cast), niveau_post(1)).status_code == 404
    assert client.post(_url(cast, api=True), niveau_post(1)).status_code == 404
    assert snapshot() == before


def test_history_rows_are_never_updated(cast, als, toestemming_extern):
    client = als(cast.ib_a)
    client.post(_url(cast), niveau_post(2, sinds=iso(vandaag() - timedelta(days=30)), reden="Eerst"))
    eerste = cast.leerling_a.ondersteuningsniveaus.get()
    stored = (eerste.niveau, eerste.sinds, eerste.reden, eerste.vastgesteld_op)
    eerste.niveau = 5
    with pytest.raises(TypeError, match="wordt niet gewijzigd"):
        eerste.save()
    # A new level is a new row; the old one stays as it was.
    client.post(_url(cast), niveau_post(4, reden="Daarna"))
    rows = list(cast.leerling_a.ondersteuningsniveaus.all())
    assert [r.niveau for r in rows] == [4, 2]  # newest first
    oud = Ondersteuningsniveau.objects.get(pk=eerste.pk)
    assert (oud.niveau, oud.sinds, oud.reden, oud.vastgesteld_op) == stored


def test_the_current_level_is_the_latest_by_date_not_by_entry(cast, als):
    client = als(cast.ib_a)
    client.post(_url(cast), niveau_post(3))
    client.post(_url(cast), niveau_post(1, sinds=iso(vandaag() - timedelta(days=60)), reden="Achteraf vastgelegd"))
    page = client.get(_url(cast)).content.decode()
    assert "Niveau 3: <strong>Ondersteuning op schoolniveau</strong>" in page
    assert client.get(f"/api/v1/leerlingen/{cast.leerling_a.pk}/").json()["huidig_niveau"] == 3


VERWACHT = {
    1: ("leerkracht", ()),
    2: ("leerkracht", ("handelingsplan",)),
    3: ("leerkracht en intern begeleider", ("een gestart groeidocument", "toestemming van de ouders")),
    4: ("intern begeleider en leerkracht", ("toestemming van de ouders", "ontwikkelingsperspectiefplan (OPP)")),
    5: ("directeur en intern begeleider", ("toelaatbaarheidsverklaring (TLV)",)),
}


@pytest.mark.parametrize("niveau", VERWACHT)
def test_detail_page_shows_who_is_responsible_and_what_the_level_expects(cast, als, niveau):
    Ondersteuningsniveau.objects.create(
        leerling=cast.leerling_a,
        niveau=niveau,
        sinds=vandaag(),
        reden="r",
        vastgesteld_door=cast.ib_a,
        vastgesteld_als="ib",
    )
    # Whoever looks (teacher, parent) sees the same: the parent also needs to know what comes.
    for user in (cast.leerkracht_a, cast.ouder):
        page = als(user).get(_url(cast)).content.decode()
        verantwoordelijk, artefacten = VERWACHT[niveau]
        assert f"(Eind)verantwoordelijk: {verantwoordelijk}." in page
        for artefact in artefacten:
            assert artefact in page
        assert ("Bij dit niveau hoort:" in page) == bool(artefacten)
        # Each expected artefact says whether it is there yet.
        assert page.count('<span class="missing">ontbreekt nog</span>') + page.count(
            '<span class="present">aanwezig</span>'
        ) == len(artefacten)


def test_pupil_without_a_level_says_so(cast, als):
    page = als(cast.leerkracht_a).get(_url(cast)).content.decode()
    assert "Er is nog geen ondersteuningsniveau vastgesteld." in page


def test_parent_sees_no_level_form(cast, als):
    page = als(cast.ouder).get(_url(cast)).content.decode()
    assert "Nieuw niveau vaststellen" not in page
    assert "Gegevens bewerken" not in page
    assert "Ouder of verzorger toevoegen" not in page


# --- the niveau form: bad input ---------------------------------------------------------


@pytest.mark.parametrize(
    "field, changes, message",
    [
        ("niveau", {"niveau": ""}, "Dit veld is vereist."),
        ("niveau", {"niveau": "0"}, "Selecteer een geldige keuze."),
        ("niveau", {"niveau": "6"}, "Selecteer een geldige keuze."),
        ("sinds", {"sinds": ""}, "Dit veld is vereist."),
        ("sinds", {"sinds": "31-02-2024"}, "Voer een geldige datum in."),
        ("sinds", {"sinds": MORGEN}, NIET_TOESTAAN),
        ("sinds", {"sinds": "2018-02-28"}, VOOR_GEBOORTE),  # pupil A was born on 1 March 2018
        ("reden", {"reden": ""}, "Dit veld is vereist."),
        ("reden", {"reden": "   "}, "Dit veld is vereist."),
        ("reden", {"reden": "x" * 2001}, "niet meer dan 2000 tekens"),
    ],
    ids=[
        "niveau-leeg",
        "niveau-0",
        "niveau-6",
        "sinds-leeg",
        "sinds-ongeldig",
        "sinds-morgen",
        "sinds-voor-geboorte",
        "reden-leeg",
        "reden-spaties",
        "reden-2001-tekens",
    ],
)
def test_bad_input_on_the_niveau_form(cast, als, field, changes, message):
    before = snapshot()
    response = als(cast.ib_a).post(_url(cast), {**niveau_post(3), **los_op(changes)})
    assert_error_at(response, field, message)
    assert snapshot() == before


def test_free_text_with_markup_is_kept_and_shown_escaped(cast, als):
    reden = f"Zie {SCRIPT} en <b>vet</b>\nTweede regel & meer"
    client = als(cast.ib_a)
    assert client.post(_url(cast), niveau_post(3, reden=reden)).status_code == 302
    assert cast.leerling_a.ondersteuningsniveaus.get().reden == reden
    page = client.get(_url(cast)).content.decode()
    assert "<script>" not in page and "<b>vet</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;vet&lt;/b&gt;<br>Tweede regel &amp; meer" in page
    # The API returns the text as it was given (JSON is not HTML).
    api = client.get(_url(cast, api=True)).json()
    assert SCRIPT in api[0]["reden"]


# --- the same rules through the API -----------------------------------------------------


def test_api_ib_sets_a_level(cast, als, toestemming_extern):
    response = als(cast.ib_a).post(_url(cast, api=True), niveau_post(4, reden="Via de API"))
    assert response.status_code == 201
    body = response.json()
    assert (body["niveau"], body["reden"], body["vastgesteld_als"], body["vastgesteld_door"]) == (
        4,
        "Via de API",
        "ib",
        "Ib A",
    )
    assert (
        AuditEvent.objects.filter(
            action="create", object_type="leerlingen.ondersteuningsniveau", leerling_id=cast.leerling_a.pk
        ).count()
        == 1
    )
    history = als(cast.ouder).get(_url(cast, api=True)).json()
    assert [row["niveau"] for row in history] == [4]


@pytest.mark.parametrize(
    "persona, data, status, errors",
    [
        ("leerkracht_a", niveau_post(2), 201, None),
        ("leerkracht_a", niveau_post(3), 400, {"niveau": [LEERKRACHT_MAX]}),
        ("leerkracht_a", niveau_post(5), 400, {"niveau": [LEERKRACHT_MAX]}),
        ("ib_a", niveau_post(4), 400, {"niveau": [ZONDER_TOESTEMMING]}),
        ("ib_a", niveau_post(3, sinds=MORGEN), 400, {"sinds": [NIET_TOESTAAN]}),
        ("ib_a", niveau_post(3, sinds="2018-02-28"), 400, {"sinds": [VOOR_GEBOORTE]}),
        ("ib_a", niveau_post(6), 400, {"niveau": ['"6" is een ongeldige keuze.']}),
        ("ib_a", niveau_post(3, reden=""), 400, {"reden": ["Dit veld mag niet leeg zijn."]}),
        ("ouder", niveau_post(1), 403, None),
        ("ib_b", niveau_post(1), 404, None),
    ],
    ids=[
        "leerkracht-2",
        "leerkracht-3",
        "leerkracht-5",
        "ib-4-zonder-toestemming",
        "toekomst",
        "voor-geboorte",
        "niveau-6",
        "reden-leeg",
        "ouder",
        "andere-school",
    ],
)
def test_api_enforces_the_same_rules(cast, als, persona, data, status, errors):
    before = snapshot()
    response = als(getattr(cast, persona)).post(_url(cast, api=True), los_op(data), content_type="application/json")
    assert response.status_code == status, response.content
    if errors:
        assert response.json() == errors
    if status != 201:
        assert snapshot() == before


def test_history_rows_cannot_be_changed_in_bulk(cast):
    rij = Ondersteuningsniveau.objects.create(
        leerling=cast.leerling_a, niveau=2, sinds=vandaag(), reden="r", vastgesteld_door=cast.ib_a, vastgesteld_als="ib"
    )
    with pytest.raises(TypeError):
        Ondersteuningsniveau.objects.filter(pk=rij.pk).update(niveau=5)
    assert Ondersteuningsniveau.objects.get(pk=rij.pk).niveau == 2
