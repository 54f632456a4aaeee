"""Bad input on the pupil and parent forms: status 400, a Dutch message at the field, nothing
stored and no write in the audit log. Every pupil case runs on "nieuw" and on "bewerken"."""

from datetime import timedelta

import pytest

from passend.leerlingen.models import Leerling, Ouder
from tests.datums import MORGEN, los_op
from tests.forms.conftest import GEEN_HTML, NULL_TEKEN, ONGELDIGE_KEUZE, SCRIPT, VERPLICHT, assert_error_at, stored
from tests.leerlingen.conftest import NIET_TOESTAAN, iso, jaren_geleden, leerling_post, ouder_post, snapshot, vandaag

GROEP = "Kies groep 1 tot en met 8."
POSTCODE_FORMAAT = "Vul een Nederlandse postcode in: vier cijfers en twee letters, bijvoorbeeld 1234 AB."
POSTCODE_BESTAAT_NIET = "Deze postcode bestaat niet: de lettercombinaties SA, SD en SS worden niet gebruikt."
TE_OUD = "Deze geboortedatum is te ver in het verleden voor een leerling."
INSCHRIJVING_VOOR_GEBOORTE = "De inschrijving ligt vóór de geboortedatum."
UITSCHRIJVING_VOOR_INSCHRIJVING = "De uitschrijving ligt vóór de inschrijving."
GEEN_LEERKRACHT = "Selecteer een geldige keuze."
ONGELDIGE_DATUM = "Voer een geldige datum in."


def _urls(cast):
    return {
        "nieuw": f"/leerlingen/nieuw/{cast.school_a.pk}/",
        "bewerken": f"/leerlingen/{cast.leerling_a.pk}/bewerken/",
    }


LEERLING_CASES = [
    pytest.param(field, value, message, extra, id=id_)
    for id_, field, value, message, extra in (
        ("voornaam-leeg", "voornaam", "", VERPLICHT, {}),
        ("voornaam-spaties", "voornaam", "   ", VERPLICHT, {}),
        ("achternaam-leeg", "achternaam", "", VERPLICHT, {}),
        ("geboortedatum-leeg", "geboortedatum", "", VERPLICHT, {}),
        ("inschrijving-leeg", "datum_inschrijving", "", VERPLICHT, {}),
        ("voornaam-script", "voornaam", SCRIPT, GEEN_HTML, {}),
        ("voornaam-img", "voornaam", '<img src=x onerror="alert(1)">', GEEN_HTML, {}),
        ("voornaam-null-teken", "voornaam", "Fen\x00na", NULL_TEKEN, {}),
        ("tussenvoegsel-script", "tussenvoegsel", "<b>", GEEN_HTML, {}),
        ("achternaam-script", "achternaam", SCRIPT, GEEN_HTML, {}),
        ("achternaam-groter-dan", "achternaam", "Berg > Dal", GEEN_HTML, {}),
        ("geboortedatum-ongeldig", "geboortedatum", "31-02-2019", ONGELDIGE_DATUM, {}),
        ("geboortedatum-morgen", "geboortedatum", MORGEN, NIET_TOESTAAN, {"datum_inschrijving": MORGEN}),
        ("geboortedatum-26-jaar", "geboortedatum", iso(jaren_geleden(26)), TE_OUD, {}),
        ("geboortedatum-1900", "geboortedatum", "1900-01-01", TE_OUD, {}),
        ("inschrijving-voor-geboorte", "datum_inschrijving", iso(jaren_geleden(8)), INSCHRIJVING_VOOR_GEBOORTE, {}),
        (
            "uitschrijving-voor-inschrijving",
            "datum_uitschrijving",
            iso(jaren_geleden(4)),
            UITSCHRIJVING_VOOR_INSCHRIJVING,
            {},
        ),
        ("groep-0", "groep", "0", GROEP, {}),
        ("groep-9", "groep", "9", GROEP, {}),
        ("groep-min-1", "groep", "-1", "Zorg ervoor dat deze waarde minstens 0 is.", {}),
        ("groep-tekst", "groep", "drie", "Voer een geheel getal in.", {}),
        ("postcode-12345", "postcode", "12345", POSTCODE_FORMAAT, {}),
        ("postcode-0123-AB", "postcode", "0123 AB", POSTCODE_FORMAAT, {}),
        ("postcode-1234-SS", "postcode", "1234 SS", POSTCODE_BESTAAT_NIET, {}),
        ("thuiszitter-morgen", "thuiszitter_sinds", MORGEN, NIET_TOESTAAN, {}),
    )
]


@pytest.mark.parametrize("mode", ["nieuw", "bewerken"])
@pytest.mark.parametrize("field, value, message, extra", LEERLING_CASES)
def test_bad_input_on_the_pupil_form(cast, als, mode, field, value, message, extra):
    before, pupil = snapshot(), stored(cast.leerling_a)
    data = leerling_post(cast, **los_op({field: value, **extra}))
    response = als(cast.ib_a).post(_urls(cast)[mode], data)
    assert_error_at(response, field, message)
    assert snapshot() == before
    assert stored(cast.leerling_a) == pupil


@pytest.mark.parametrize("mode", ["nieuw", "bewerken"])
@pytest.mark.parametrize(
    "kies",
    [
        lambda cast, elders: elders,  # a teacher of school B
        lambda cast, elders: cast.ib_a,  # staff of school A, but not a teacher
        lambda cast, elders: cast.ouder,
    ],
    ids=["leerkracht-andere-school", "ib-er", "ouder"],
)
def test_only_teachers_of_the_school_can_be_assigned(cast, als, leerkracht_elders, mode, kies):
    before = snapshot()
    user = kies(cast, leerkracht_elders)
    data = leerling_post(cast, leerkrachten=[str(cast.leerkracht_a.pk), str(user.pk)])
    response = als(cast.ib_a).post(_urls(cast)[mode], data)
    assert response.status_code == 400
    page = response.content.decode()
    assert GEEN_LEERKRACHT in page and f"{user.pk} is geen beschikbare keuze" in page
    assert 'id="id_leerkrachten_error"' in page
    assert snapshot() == before
    # The form offers only the teachers of school A.
    form = als(cast.ib_a).get(_urls(cast)[mode]).content.decode()
    assert "Leerkracht Andere Groep" in form and "Leerkracht B" not in form and "Ib A" not in form.split("<form")[1]


def test_a_teacher_whose_membership_ended_cannot_be_assigned(cast, als):
    from passend.accounts.models import Lidmaatschap

    Lidmaatschap.objects.filter(user=cast.leerkracht_andere_groep).update(geldig_tot=vandaag() - timedelta(days=1))
    before = snapshot()
    data = leerling_post(cast, leerkrachten=[str(cast.leerkracht_andere_groep.pk)])
    response = als(cast.ib_a).post(_urls(cast)["nieuw"], data)
    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("mode", ["nieuw", "bewerken"])
def test_good_input_is_stored_normalised(cast, als, mode):
    data = leerling_post(cast, postcode="1234ab", groep="8", thuiszitter_sinds=iso(vandaag()))
    response = als(cast.ib_a).post(_urls(cast)[mode], data)
    assert response.status_code == 302
    leerling = (
        Leerling.objects.get(pk=cast.leerling_a.pk) if mode == "bewerken" else Leerling.objects.get(voornaam="Fenna")
    )
    assert (leerling.postcode, leerling.groep, leerling.school, leerling.samenwerkingsverband) == (
        "1234 AB",
        8,
        cast.school_a,
        cast.swv,
    )
    assert list(leerling.leerkrachten.all()) == [cast.leerkracht_a]
    assert leerling.naam == "Fenna van der Berg"


@pytest.mark.parametrize("mode", ["nieuw", "bewerken"])
def test_thuiszitter_since_before_birth_is_refused(cast, als, mode):
    before = snapshot()
    data = leerling_post(cast, thuiszitter_sinds=iso(jaren_geleden(10)))  # born 7 years ago
    response = als(cast.ib_a).post(_urls(cast)[mode], data)
    assert response.status_code == 400
    assert snapshot() == before


# --- the parent form ---------------------------------------------------------------------

OUDER_CASES = [
    pytest.param(field, value, message, id=id_)
    for id_, field, value, message in (
        ("naam-leeg", "naam", "", VERPLICHT),
        ("naam-spaties", "naam", "  ", VERPLICHT),
        ("naam-201", "naam", "x" * 201, "niet meer dan 200 tekens"),
        ("naam-script", "naam", SCRIPT, GEEN_HTML),
        ("naam-img", "naam", "<img src=x>", GEEN_HTML),
        ("naam-null-teken", "naam", "Pe\x00tra", NULL_TEKEN),
        ("relatie-leeg", "relatie", "", VERPLICHT),
        ("relatie-oma", "relatie", "oma", ONGELDIGE_KEUZE.split(" Deze")[0]),
        ("email-ongeldig", "email", "geen-e-mailadres", "Voer een geldig e-mailadres in."),
        ("email-script", "email", f"{SCRIPT}@x.nl", "Voer een geldig e-mailadres in."),
        ("telefoon-script", "telefoon", "<script>", GEEN_HTML),
        ("telefoon-groter-dan", "telefoon", "06 > 12", GEEN_HTML),
        ("telefoon-21", "telefoon", "0" * 21, "niet meer dan 20 tekens"),
    )
]


@pytest.mark.parametrize("field, value, message", OUDER_CASES)
def test_bad_input_on_the_parent_form(cast, als, field, value, message):
    before = snapshot()
    response = als(cast.ib_a).post(f"/leerlingen/{cast.leerling_a.pk}/ouders/nieuw/", ouder_post(**{field: value}))
    assert_error_at(response, field, message)
    assert snapshot() == before


def test_a_parent_is_added(cast, als):
    response = als(cast.ib_a).post(f"/leerlingen/{cast.leerling_a.pk}/ouders/nieuw/", ouder_post(gezag=""))
    assert response.status_code == 302
    ouder = Ouder.objects.get(naam="Petra Berg")
    ouderschap = ouder.ouderschappen.get()
    assert (ouderschap.leerling, ouderschap.relatie, ouderschap.gezag) == (cast.leerling_a, "moeder", False)
    assert ouder.samenwerkingsverband == cast.swv and ouder.gebruiker is None
    page = als(cast.leerkracht_a).get(f"/leerlingen/{cast.leerling_a.pk}/").content.decode()
    assert "Petra Berg (moeder, zonder gezag) — petra@test.example — 06-12345678" in page


# --- double submit -----------------------------------------------------------------------


def test_double_submit_creates_one_pupil(cast, als):
    """Today both submits answer 302 and the pupil exists twice (no duplicate check, no idempotency key)."""
    client = als(cast.ib_a)
    data = leerling_post(cast)
    first = client.post(_urls(cast)["nieuw"], data)
    assert first.status_code == 302
    client.post(_urls(cast)["nieuw"], data)
    assert Leerling.objects.filter(voornaam="Fenna", achternaam="Berg").count() == 1
