"""Inviting a user and adding a role: bad input is refused at the field, no user, no role,
no e-mail and no create/role_change audit row is written."""

import pytest
from django.core import mail

from passend.accounts.models import Lidmaatschap, User
from passend.core.models import AuditEvent
from passend.organisaties.models import Deelverband
from tests.forms.conftest import (
    GEEN_HTML,
    NULL_TEKEN,
    ONGELDIGE_KEUZE,
    SCRIPT,
    TE_LANG_200,
    VERPLICHT,
    assert_error_at,
    snapshot,
)

EINDDATUM_VOOR_BEGIN = "De einddatum ligt vóór de begindatum."


def rol_data(cast, **changes) -> dict:
    data = {
        "swv": cast.swv.pk,
        "rol": "leerkracht",
        "school": cast.school_a.pk,
        "schoolbestuur": "",
        "deelverband": "",
        "geldig_van": "2026-01-01",
        "geldig_tot": "",
    }
    data.update(changes)
    return data


def uitnodig_data(cast, **changes) -> dict:
    return {"naam": "Nieuwe Collega", "email": "nieuwe.collega@test.example", **rol_data(cast), **changes}


def _ids(c, value):
    return value(c) if callable(value) else value


ROL_CASES = [
    pytest.param({"rol": ""}, "rol", VERPLICHT, id="rol-leeg"),
    pytest.param(
        {"rol": "ouder"}, "rol", "Selecteer een geldige keuze. ouder is geen beschikbare keuze.", id="rol-ouder"
    ),
    pytest.param(
        {"rol": "koning"},
        "rol",
        "Selecteer een geldige keuze. koning is geen beschikbare keuze.",
        id="rol-bestaat-niet",
    ),
    pytest.param({"school": ""}, "school", "Kies de school waar deze rol bij hoort.", id="leerkracht-zonder-school"),
    pytest.param(
        {"rol": "ib", "school": ""}, "school", "Kies de school waar deze rol bij hoort.", id="ib-zonder-school"
    ),
    pytest.param(
        {"rol": "rvz"}, "school", "De rol regievoerder zorgplicht hoort niet bij een school.", id="rvz-met-school"
    ),
    pytest.param({"rol": "rvz"}, "schoolbestuur", "schoolbestuur waar deze rol bij hoort.", id="rvz-zonder-bestuur"),
    pytest.param(
        {"rol": "coordinator", "school": ""},
        "deelverband",
        "deelverband waar deze rol bij hoort.",
        id="coordinator-zonder-deelverband",
    ),
    pytest.param(
        {"rol": "beheerder"},
        "school",
        "De rol functioneel beheerder hoort niet bij een school.",
        id="beheerder-met-school",
    ),
    pytest.param(
        {"schoolbestuur": lambda c: c.bestuur.pk},
        "schoolbestuur",
        "De rol leerkracht hoort niet bij een schoolbestuur.",
        id="leerkracht-met-ook-bestuur",
    ),
    pytest.param({"school": lambda c: c.school_other.pk}, "school", ONGELDIGE_KEUZE, id="school-ander-swv"),
    pytest.param(
        {"rol": "rvz", "school": "", "schoolbestuur": lambda c: c.school_other.schoolbestuur_id},
        "schoolbestuur",
        ONGELDIGE_KEUZE,
        id="bestuur-ander-swv",
    ),
    pytest.param(
        {
            "rol": "coordinator",
            "school": "",
            "deelverband": lambda c: Deelverband.objects.create(samenwerkingsverband=c.swv_other, naam="Elders").pk,
        },
        "deelverband",
        ONGELDIGE_KEUZE,
        id="deelverband-ander-swv",
    ),
    pytest.param({"geldig_tot": "2025-12-31"}, "geldig_tot", EINDDATUM_VOOR_BEGIN, id="tot-voor-van"),
    pytest.param(
        {"geldig_van": "2026-03-01", "geldig_tot": "2026-02-28"},
        "geldig_tot",
        EINDDATUM_VOOR_BEGIN,
        id="tot-een-dag-voor-van",
    ),
    pytest.param({"geldig_van": "31-02-2026"}, "geldig_van", "Voer een geldige datum in.", id="van-ongeldige-datum"),
    pytest.param({"geldig_tot": "morgen"}, "geldig_tot", "Voer een geldige datum in.", id="tot-ongeldige-datum"),
]

GEBRUIKER_CASES = [
    pytest.param({"naam": ""}, "naam", VERPLICHT, id="naam-leeg"),
    pytest.param({"naam": "   "}, "naam", VERPLICHT, id="naam-spaties"),
    pytest.param({"naam": SCRIPT}, "naam", GEEN_HTML, id="naam-script"),
    pytest.param({"naam": "Jan <b>Jansen</b>"}, "naam", GEEN_HTML, id="naam-html"),
    pytest.param({"naam": "x" * 201}, "naam", TE_LANG_200, id="naam-201-tekens"),
    pytest.param({"naam": "Jan\x00Jansen"}, "naam", NULL_TEKEN, id="naam-null-teken"),
    pytest.param({"email": "jan\x00@test.example"}, "email", NULL_TEKEN, id="email-null-teken"),
    pytest.param(
        {"email": "x" * 250 + "@test.example"},
        "email",
        "Zorg dat deze waarde niet meer dan 254 tekens bevat",
        id="email-te-lang",
    ),
    pytest.param({"email": ""}, "email", VERPLICHT, id="email-leeg"),
    pytest.param({"email": "geen-email"}, "email", "Voer een geldig e-mailadres in.", id="email-zonder-apenstaart"),
    pytest.param({"email": "jan@"}, "email", "Voer een geldig e-mailadres in.", id="email-zonder-domein"),
    pytest.param({"email": "<script>@x.nl"}, "email", "Voer een geldig e-mailadres in.", id="email-script"),
]


@pytest.mark.parametrize(("changes", "field", "message"), GEBRUIKER_CASES + ROL_CASES)
def test_gebruiker_uitnodigen_weigert_met_melding_bij_het_veld(beheer, cast, changes, field, message):
    data = uitnodig_data(cast, **{k: _ids(cast, v) for k, v in changes.items()})
    before = snapshot()
    response = beheer.post("/beheer/gebruikers/nieuw/", data)
    assert_error_at(response, field, message)
    assert snapshot() == before
    assert not User.objects.filter(email="nieuwe.collega@test.example").exists()
    assert mail.outbox == []


@pytest.mark.parametrize(("changes", "field", "message"), ROL_CASES)
def test_rol_toevoegen_weigert_met_melding_bij_het_veld(beheer, cast, changes, field, message):
    gebruiker = cast.ib_b
    rollen = list(Lidmaatschap.objects.filter(user=gebruiker).values_list("pk", "rol", "school_id", "geldig_tot"))
    data = rol_data(cast, **{k: _ids(cast, v) for k, v in changes.items()})
    before = snapshot()
    response = beheer.post(f"/beheer/gebruikers/{gebruiker.pk}/", data)
    assert_error_at(response, field, message)
    assert snapshot() == before
    assert (
        list(Lidmaatschap.objects.filter(user=gebruiker).values_list("pk", "rol", "school_id", "geldig_tot")) == rollen
    )
    assert "Rol toevoegen" in response.content.decode()


def test_meerdere_fouten_in_uitnodiging_staan_elk_bij_hun_veld(beheer, cast):
    data = uitnodig_data(cast, naam=SCRIPT, email="geen-email", rol="rvz", geldig_tot="2025-01-01")
    before = snapshot()
    response = beheer.post("/beheer/gebruikers/nieuw/", data)
    assert_error_at(response, "naam", GEEN_HTML)
    assert_error_at(response, "email", "Voer een geldig e-mailadres in.")
    assert_error_at(response, "school", "De rol regievoerder zorgplicht hoort niet bij een school.")
    assert_error_at(response, "geldig_tot", EINDDATUM_VOOR_BEGIN)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"rol": "rvz", "school": ""}, "schoolbestuur", "Kies het schoolbestuur waar deze rol bij hoort."),
        ({"rol": "coordinator", "school": ""}, "deelverband", "Kies het deelverband waar deze rol bij hoort."),
    ],
)
def test_melding_gebruikt_het_juiste_lidwoord(beheer, cast, changes, field, message):
    response = beheer.post("/beheer/gebruikers/nieuw/", uitnodig_data(cast, **changes))
    assert_error_at(response, field, message)


# --- Positive controls: the baseline really is valid.


def test_geldige_uitnodiging_maakt_gebruiker_rol_en_auditregels(beheer, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = beheer.post("/beheer/gebruikers/nieuw/", uitnodig_data(cast))
    assert response.status_code == 302
    user = User.objects.get(email="nieuwe.collega@test.example")
    assert Lidmaatschap.objects.filter(user=user, rol="leerkracht", school=cast.school_a).count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_id=str(user.pk)).count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGE).count() == 1
    assert len(mail.outbox) == 1


def test_geldige_rol_toevoegen_slaat_op_en_logt(beheer, cast):
    count = Lidmaatschap.objects.filter(user=cast.ib_b).count()
    response = beheer.post(f"/beheer/gebruikers/{cast.ib_b.pk}/", rol_data(cast))
    assert response.status_code == 302
    assert Lidmaatschap.objects.filter(user=cast.ib_b).count() == count + 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGE).count() == 1
