"""The TLV's rules (DOMAIN.md): two separate written advices by experts from outside the applying
school, one an orthopedagoog or psycholoog; no TLV decision without them; the TLV issued on a
granted decision only, to a school of the right kind; objections within six weeks (late ones
recorded and marked), forwarded to the LBT within 14 days, decided once. And the reads: who sees
which TLV, those ending within three months, the register's rows, each audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from passend.accounts.models import Lidmaatschap, User
from passend.arrangementen import tlv, tlv_selectors
from passend.arrangementen.models import Bezwaar, Deskundigenadvies, Tlv
from passend.core.models import AuditEvent
from passend.organisaties.models import Deskundige
from passend.trajecten.models import Besluit
from passend.trajecten.taken import taken_voor
from tests.arrangementen import tlv_helpers as th
from tests.trajecten import aanvragen_helpers as ah
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db


def _advies(cast, aanvraag, deskundige, actor=None, **kwargs):
    kwargs.setdefault("advies", "Een kleine setting.")
    kwargs.setdefault("datum", th.vandaag())
    return tlv.deskundigenadvies_vastleggen(
        actor=actor or cast.trajectbegeleider, aanvraag=aanvraag, deskundige=deskundige, **kwargs
    )


def _fouten(fout) -> dict:
    return fout.value.message_dict


# --- Deskundigenadvies ------------------------------------------------------------------------


def test_an_expert_of_a_discipline_the_law_does_not_name_is_refused(cast):
    aanvraag = th.ingediend(cast)
    logopedist = th.deskundige(cast, "Lotte Logopedist", "logopedist")
    with pytest.raises(ValidationError) as fout:
        _advies(cast, aanvraag, logopedist)
    assert _fouten(fout) == {
        "deskundige": [
            "Een logopedist geeft geen deskundigenadvies voor een TLV: de wet vraagt een orthopedagoog of psycholoog, "
            "en als tweede bijvoorbeeld een jeugdarts, pedagoog, kinderpsychiater of maatschappelijk werker."
        ]
    }
    assert not Deskundigenadvies.objects.exists()


def test_an_expert_of_the_applying_school_may_not_advise(cast):
    aanvraag = th.ingediend(cast)
    # By the school named as their organisation ...
    eigen = th.deskundige(cast, "Ida Intern", "orthopedagoog", organisatie="School A")
    with pytest.raises(ValidationError) as fout:
        _advies(cast, aanvraag, eigen)
    assert _fouten(fout) == {
        "deskundige": ["Ida Intern werkt op de school die de TLV aanvraagt en mag niet adviseren."]
    }
    # ... or by a role there.
    met_account = th.deskundige(cast, "Paul Psycholoog", "psycholoog", gebruiker=cast.ib_a)
    with pytest.raises(ValidationError) as fout:
        _advies(cast, aanvraag, met_account)
    assert "werkt op de school die de TLV aanvraagt" in _fouten(fout)["deskundige"][0]
    assert not Deskundigenadvies.objects.exists()


def test_the_same_expert_twice_is_not_a_second_advice(cast):
    aanvraag = th.ingediend(cast)
    ortho = th.deskundige(cast, "Olga Orthopedagoog", "orthopedagoog")
    _advies(cast, aanvraag, ortho)
    with pytest.raises(ValidationError) as fout:
        _advies(cast, aanvraag, ortho, advies="Nog een keer.")
    assert _fouten(fout) == {
        "deskundige": ["Olga Orthopedagoog gaf al een advies; een tweede advies komt van een ander."]
    }
    assert Deskundigenadvies.objects.count() == 1


def test_a_future_date_and_an_empty_text_are_refused_at_their_fields(cast):
    aanvraag = th.ingediend(cast)
    ortho = th.deskundige(cast, "Olga Orthopedagoog", "orthopedagoog")
    with pytest.raises(ValidationError) as fout:
        _advies(cast, aanvraag, ortho, advies="   ", datum=th.vandaag() + timedelta(days=1))
    assert _fouten(fout) == {
        "datum": ["Leg het advies vast met de datum waarop het is gegeven (niet in de toekomst)."],
        "advies": ["Schrijf het advies op: een advies is schriftelijk."],
    }
    with pytest.raises(ValidationError) as fout:
        _advies(cast, aanvraag, ortho, advies="x" * 8001)
    assert _fouten(fout) == {"advies": ["Gebruik hoogstens 8000 tekens (nu 8001)."]}
    assert not Deskundigenadvies.objects.exists()


def test_an_advice_belongs_to_an_open_tlv_application_of_the_partnership(cast):
    gewoon = ah.ingediend(cast)  # extra_ondersteuning
    ortho = th.deskundige(cast, "Olga Orthopedagoog", "orthopedagoog")
    with pytest.raises(ValidationError) as fout:
        _advies(cast, gewoon, ortho)
    assert _fouten(fout) == {"deskundige": ["Een deskundigenadvies hoort bij een aanvraag voor een TLV."]}
    elders = Deskundige.objects.create(
        samenwerkingsverband=cast.swv_other, naam="Elders", organisatie="Elders", discipline="psycholoog"
    )
    aanvraag = th.ingediend(cast, leerling_=th.leerling(cast, "Mila"))
    with pytest.raises(ValidationError) as fout:
        _advies(cast, aanvraag, elders)
    assert _fouten(fout) == {"deskundige": ["Kies een deskundige uit de pool van uw samenwerkingsverband."]}


def test_completeness_needs_one_orthopedagoog_or_psycholoog_and_a_second_expert(cast):
    aanvraag = th.ingediend(cast)
    stand = tlv_selectors.adviezen_van(actor=cast.trajectbegeleider, aanvraag=aanvraag)
    assert not stand.compleet and stand.fout.startswith("Het deskundigenadvies is niet compleet")
    # Two second-line experts do not make it complete: one must be an orthopedagoog or psycholoog.
    _advies(cast, aanvraag, th.deskundige(cast, "Jan Jeugdarts", "jeugdarts"))
    _advies(cast, aanvraag, th.deskundige(cast, "Mo Maatschappelijk werker", "maatschappelijk_werker"))
    assert not tlv_selectors.adviezen_van(actor=cast.trajectbegeleider, aanvraag=aanvraag).compleet
    _advies(cast, aanvraag, th.deskundige(cast, "Pim Psycholoog", "psycholoog"))
    stand = tlv_selectors.adviezen_van(actor=cast.ib_a, aanvraag=aanvraag)
    assert stand.compleet and stand.fout is None
    assert [a.discipline_label for a in stand.adviezen] == ["Jeugdarts", "Maatschappelijk werker", "Psycholoog"]
    # Reading them is audited, with the pupil.
    gelezen = AuditEvent.objects.filter(object_type="arrangementen.deskundigenadvies", actor_user_id=cast.ib_a.pk)
    assert gelezen.get().leerling_id == cast.leerling_a.pk


def test_the_expert_records_their_own_advice_and_others_are_refused(cast):
    aanvraag = th.ingediend(cast)
    expert = h.staf(cast, "olga", "deskundige")
    eigen = th.deskundige(cast, "Olga Orthopedagoog", "orthopedagoog", gebruiker=expert)
    services_betrokken(cast, aanvraag, expert)
    _advies(cast, aanvraag, eigen, actor=expert)
    # Not someone else's advice, and the school does not record advices.
    with pytest.raises(PermissionDenied):
        _advies(cast, aanvraag, th.deskundige(cast, "Jan Jeugdarts", "jeugdarts"), actor=expert)
    with pytest.raises(PermissionDenied):
        _advies(cast, aanvraag, th.deskundige(cast, "Jan Jeugdarts", "jeugdarts"), actor=cast.ib_a)
    assert Deskundigenadvies.objects.count() == 1
    assert AuditEvent.objects.filter(result="denied", reason="geen recht: arrangementen.toekennen").count() == 2


def services_betrokken(cast, aanvraag, gebruiker):
    from passend.trajecten import services

    services.betrokkene_add(
        actor=cast.trajectbegeleider,
        traject=aanvraag.traject,
        naam=gebruiker.naam,
        functie="orthopedagoog",
        partij="swv",
        gebruiker=gebruiker,
    )


def test_no_tlv_decision_without_the_two_advices(cast):
    aanvraag = th.ingediend(cast)
    _advies(cast, aanvraag, th.deskundige(cast, "Olga Orthopedagoog", "orthopedagoog"))
    with pytest.raises(ValidationError) as fout:
        h.stap(aanvraag.traject, cast.trajectbegeleider, "toekennen", "Toegekend.")
    assert "Het deskundigenadvies is niet compleet" in _fouten(fout)["uitkomst"][0]
    assert not Besluit.objects.exists()
    # A refusal needs no advice; with the second one, the TLV can be granted.
    _advies(cast, aanvraag, th.deskundige(cast, "Jan Jeugdarts", "jeugdarts"))
    h.stap(aanvraag.traject, cast.trajectbegeleider, "toekennen", "Toegekend.")
    aanvraag.refresh_from_db()
    assert aanvraag.besluit.uitkomst == "toegekend"
    # Once decided, no advice is added.
    with pytest.raises(ValidationError) as fout:
        _advies(cast, aanvraag, th.deskundige(cast, "Pim Psycholoog", "psycholoog"))
    assert _fouten(fout) == {"__all__": ["Over deze aanvraag is al besloten (of zij is vervallen)."]}


def test_a_tlv_can_be_refused_without_advices(cast):
    aanvraag = th.ingediend(cast)
    h.stap(aanvraag.traject, cast.trajectbegeleider, "afwijzen", "Eerst een arrangement op school.")
    aanvraag.refresh_from_db()
    assert aanvraag.besluit.uitkomst == "afgewezen"


# --- Issuing the TLV --------------------------------------------------------------------------


def test_issuing_refuses_a_school_of_the_wrong_kind_a_missing_end_and_a_return_before_the_start(cast):
    _aanvraag, besluit = th.besloten(cast)  # SO, category midden
    start = th.vandaag()
    with pytest.raises(ValidationError) as fout:
        tlv.tlv_afgeven(
            actor=cast.trajectbegeleider, besluit=besluit, ontvangende_school=cast.school_a, startdatum=start
        )
    assert _fouten(fout) == {
        "ontvangende_school": ["Een TLV voor het SO geeft toegang tot een so-school."],
        "einddatum": ["Kies tot wanneer de TLV geldt, of kies ‘voor de hele schoolloopbaan’."],
    }
    with pytest.raises(ValidationError) as fout:
        tlv.tlv_afgeven(
            actor=cast.trajectbegeleider,
            besluit=besluit,
            ontvangende_school=cast.school_b,
            startdatum=start,
            einddatum=start - timedelta(days=1),
            terugkeer_gepland_op=start - timedelta(days=2),
        )
    assert _fouten(fout) == {
        "einddatum": ["De einddatum ligt vóór de startdatum."],
        "terugkeer_gepland_op": ["De terugkeer ligt vóór de start."],
    }
    with pytest.raises(ValidationError) as fout:
        tlv.tlv_afgeven(
            actor=cast.trajectbegeleider,
            besluit=besluit,
            ontvangende_school=cast.school_other,
            startdatum=None,
            hele_schoolloopbaan=True,
        )
    assert _fouten(fout) == {
        "ontvangende_school": ["Een TLV voor het SO geeft toegang tot een so-school."],
        "startdatum": ["Kies de datum vanaf wanneer de TLV geldt."],
    }
    assert not Tlv.objects.exists()


def test_the_so_category_comes_from_the_application_and_a_whole_career_tlv_has_no_end(cast):
    gegeven = th.afgegeven(cast, hele_schoolloopbaan=True, einddatum=th.vandaag() + timedelta(days=30))
    assert (gegeven.soort, gegeven.categorie, gegeven.einddatum, gegeven.hele_schoolloopbaan) == (
        "so",
        "midden",
        None,
        True,
    )
    assert gegeven.nummer == gegeven.besluit.nummer
    assert AuditEvent.objects.filter(action="create", object_type="arrangementen.tlv", leerling_id=cast.leerling_a.pk)
    # Whole career: never "ending soon".
    assert not tlv_selectors.loopt_binnenkort_af(gegeven)


def test_an_sbo_tlv_has_no_category_and_goes_to_an_sbo_school(cast):
    gegeven = th.afgegeven(cast, "tlv_sbo", categorie="hoog", terugkeer_gepland_op=th.vandaag() + timedelta(days=200))
    assert (gegeven.soort, gegeven.categorie, gegeven.ontvangende_school.soort) == ("sbo", "", "sbo")
    assert gegeven.terugkeer_gepland_op == th.vandaag() + timedelta(days=200)


def test_only_a_granted_tlv_decision_gives_a_tlv_once_and_only_by_the_partnership(cast):
    aanvraag = th.ingediend(cast)
    h.stap(aanvraag.traject, cast.trajectbegeleider, "afwijzen", "Eerst een arrangement op school.")
    afgewezen = Besluit.objects.get(aanvraag=aanvraag)
    kwargs = {"ontvangende_school": cast.school_b, "startdatum": th.vandaag(), "hele_schoolloopbaan": True}
    with pytest.raises(ValidationError) as fout:
        tlv.tlv_afgeven(actor=cast.trajectbegeleider, besluit=afgewezen, **kwargs)
    assert _fouten(fout) == {"__all__": ["Alleen een toegekende aanvraag voor een TLV geeft een TLV."]}
    _aanvraag, gewoon = ah.besloten(cast, traject=th.start(cast, th.leerling(cast, "Mila")))
    with pytest.raises(ValidationError):
        tlv.tlv_afgeven(actor=cast.trajectbegeleider, besluit=gewoon, **kwargs)
    gegeven = th.afgegeven(cast, leerling_=th.leerling(cast, "Noah"))
    for persona in ("ib_a", "directeur_a", "ouder", "beheerder"):
        with pytest.raises(PermissionDenied):
            tlv.tlv_afgeven(actor=cast.users[persona], besluit=gegeven.besluit, **kwargs)
    with pytest.raises(ValidationError) as fout:
        tlv.tlv_afgeven(actor=cast.commissielid, besluit=gegeven.besluit, **kwargs)
    assert _fouten(fout) == {"__all__": [f"Op besluit {gegeven.nummer} is de TLV al afgegeven."]}
    assert Tlv.objects.count() == 1


# --- Objections -------------------------------------------------------------------------------


def _besluit_van(dagen_geleden: int, cast, soort="tlv_so"):
    """A granted TLV decision dated `dagen_geleden` days ago. The engine dates a decision today and
    a decision never changes through the application, so the test moves it back in the database."""
    _aanvraag, besluit = th.besloten(cast, soort)
    datum = th.vandaag() - timedelta(days=dagen_geleden)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Besluit._meta.db_table} SET datum = %s, bezwaar_tot = %s WHERE id = %s",
            [datum, datum + timedelta(weeks=6), besluit.pk],
        )
    return Besluit.objects.select_related("aanvraag__traject").get(pk=besluit.pk)


def _bezwaar(cast, besluit, ontvangen_op, actor=None):
    return tlv.bezwaar_registreren(
        actor=actor or cast.trajectbegeleider,
        besluit=besluit,
        ontvangen_op=ontvangen_op,
        ingediend_door="De moeder van Ryan",
        gronden="Wij vinden het sbo passender.",
    )


def test_an_objection_after_six_weeks_is_recorded_and_marked_late(cast):
    besluit = _besluit_van(50, cast)
    op_tijd = _bezwaar(cast, besluit, besluit.bezwaar_tot)
    te_laat = _bezwaar(cast, besluit, besluit.bezwaar_tot + timedelta(days=1))
    assert (op_tijd.is_te_laat, te_laat.is_te_laat) == (False, True)
    rij = AuditEvent.objects.filter(action="create", object_type="arrangementen.bezwaar").order_by("id").last()
    assert rij.detail == {"besluit": besluit.nummer, "te_laat": True} and rij.leerling_id == cast.leerling_a.pk


def test_an_objection_is_received_after_the_decision_not_in_the_future_and_with_its_grounds(cast):
    besluit = _besluit_van(10, cast)
    with pytest.raises(ValidationError) as fout:
        _bezwaar(cast, besluit, besluit.datum - timedelta(days=1))
    assert _fouten(fout) == {"ontvangen_op": ["Een bezwaar komt na het besluit; controleer de datum."]}
    with pytest.raises(ValidationError) as fout:
        tlv.bezwaar_registreren(
            actor=cast.trajectbegeleider,
            besluit=besluit,
            ontvangen_op=th.vandaag() + timedelta(days=1),
            ingediend_door="",
            gronden="",
        )
    assert _fouten(fout) == {
        "ontvangen_op": ["Vul de datum van ontvangst in (niet in de toekomst)."],
        "ingediend_door": ["Dit veld kan niet leeg zijn"],
        "gronden": ["Dit veld kan niet leeg zijn"],
    }
    # Only the partnership's staff register objections.
    with pytest.raises(PermissionDenied):
        _bezwaar(cast, besluit, th.vandaag(), actor=cast.ib_a)
    assert not Bezwaar.objects.exists()


def test_forwarding_to_the_lbt_within_14_days_once_and_only_for_a_tlv(cast):
    besluit = _besluit_van(20, cast)
    bezwaar = _bezwaar(cast, besluit, th.vandaag() - timedelta(days=15))
    assert bezwaar.doorsturen_uiterlijk == th.vandaag() - timedelta(days=1)
    # Mijn taken: overdue, for the partnership's staff.
    taak = next(t for t in taken_voor(actor=cast.trajectbegeleider) if t.soort == "bezwaar")
    assert (taak.te_laat, taak.uiterlijk, taak.over) == (True, bezwaar.doorsturen_uiterlijk, "Ryan Test")
    assert not [t for t in taken_voor(actor=cast.ib_a) if t.soort == "bezwaar"]
    with pytest.raises(ValidationError) as fout:
        tlv.bezwaar_doorsturen(
            actor=cast.trajectbegeleider, bezwaar=bezwaar, op=bezwaar.ontvangen_op - timedelta(days=1)
        )
    assert _fouten(fout) == {"op": ["Kies de datum van doorsturen: na de ontvangst en niet in de toekomst."]}
    tlv.bezwaar_doorsturen(actor=cast.trajectbegeleider, bezwaar=bezwaar, op=th.vandaag())
    bezwaar.refresh_from_db()
    assert bezwaar.doorgestuurd_op == th.vandaag()
    assert not [t for t in taken_voor(actor=cast.trajectbegeleider) if t.soort == "bezwaar"]
    with pytest.raises(ValidationError) as fout:
        tlv.bezwaar_doorsturen(actor=cast.trajectbegeleider, bezwaar=bezwaar, op=th.vandaag())
    assert _fouten(fout) == {"__all__": [f"Dit bezwaar is al doorgestuurd op {th.vandaag():%d-%m-%Y}."]}
    # An objection to another kind of decision stays with the partnership.
    _aanvraag, gewoon = ah.besloten(cast, traject=th.start(cast, th.leerling(cast, "Mila")))
    ander = _bezwaar(cast, gewoon, th.vandaag())
    with pytest.raises(ValidationError) as fout:
        tlv.bezwaar_doorsturen(actor=cast.trajectbegeleider, bezwaar=ander, op=th.vandaag())
    assert _fouten(fout) == {"__all__": ["Alleen een bezwaar tegen een TLV-besluit gaat naar de LBT."]}


def test_the_outcome_is_recorded_once_and_a_decided_objection_is_not_forwarded(cast):
    besluit = _besluit_van(20, cast)
    bezwaar = _bezwaar(cast, besluit, th.vandaag() - timedelta(days=3))
    with pytest.raises(ValidationError) as fout:
        tlv.bezwaar_afhandelen(actor=cast.trajectbegeleider, bezwaar=bezwaar, uitkomst="misschien", op=None)
    assert _fouten(fout) == {
        "uitkomst": ["Kies de uitkomst van het bezwaar."],
        "op": ["Kies de datum van de uitkomst: na de ontvangst en niet in de toekomst."],
    }
    tlv.bezwaar_afhandelen(
        actor=cast.trajectbegeleider,
        bezwaar=bezwaar,
        uitkomst="ingetrokken",
        op=th.vandaag(),
        toelichting="Ingetrokken.",
    )
    with pytest.raises(ValidationError) as fout:
        tlv.bezwaar_afhandelen(actor=cast.trajectbegeleider, bezwaar=bezwaar, uitkomst="gegrond", op=th.vandaag())
    assert _fouten(fout) == {"__all__": ["Over dit bezwaar is al beslist."]}
    with pytest.raises(ValidationError) as fout:
        tlv.bezwaar_doorsturen(actor=cast.trajectbegeleider, bezwaar=bezwaar, op=th.vandaag())
    assert _fouten(fout) == {"__all__": ["Over dit bezwaar is al beslist; het gaat niet meer naar de LBT."]}
    bezwaar.refresh_from_db()
    assert (bezwaar.uitkomst, bezwaar.uitkomst_toelichting, bezwaar.doorgestuurd_op) == (
        "ingetrokken",
        "Ingetrokken.",
        None,
    )


# --- Reads ------------------------------------------------------------------------------------


def test_who_sees_a_tlv(cast):
    gegeven = th.afgegeven(cast)  # pupil A of school A, to school B (so)
    ziet = {"trajectbegeleider", "commissielid", "ib_a", "directeur_a", "leerkracht_a", "ouder", "ib_b"}
    for persona in ziet:
        assert [t.pk for t in tlv_selectors.tlv_list(actor=cast.users[persona])] == [gegeven.pk], persona
        tlv_selectors.tlv_get(actor=cast.users[persona], pk=gegeven.pk)
    for persona in set(cast.users) - ziet:
        assert not tlv_selectors.tlv_list(actor=cast.users[persona]).exists(), persona
        with pytest.raises(Http404):
            tlv_selectors.tlv_get(actor=cast.users[persona], pk=gegeven.pk)
    assert AuditEvent.objects.filter(action="view", object_type="arrangementen.tlv", leerling_id=cast.leerling_a.pk)
    assert AuditEvent.objects.filter(action="access_denied", object_type="arrangementen.tlv").count() == len(
        set(cast.users) - ziet
    )


def test_tlvs_ending_within_three_months_are_flagged_listed_and_in_mijn_taken(cast):
    vandaag = th.vandaag()
    binnenkort = th.afgegeven(cast, einddatum=tlv_selectors.afloopgrens(vandaag))
    later = th.afgegeven(
        cast, leerling_=th.leerling(cast, "Mila"), einddatum=tlv_selectors.afloopgrens(vandaag) + timedelta(days=1)
    )
    th.afgegeven(cast, leerling_=th.leerling(cast, "Noah"), hele_schoolloopbaan=True)
    assert tlv_selectors.loopt_binnenkort_af(binnenkort) and not tlv_selectors.loopt_binnenkort_af(later)
    lijst = tlv_selectors.tlv_list(actor=cast.trajectbegeleider, binnenkort=True)
    assert [t.pk for t in lijst] == [binnenkort.pk]
    for persona in ("trajectbegeleider", "ib_a", "ib_b"):
        taken = [t for t in taken_voor(actor=cast.users[persona]) if t.soort == "tlv_afloop"]
        assert [(t.over, t.uiterlijk) for t in taken] == [("Ryan Test", binnenkort.einddatum)], persona
    # Parents and teachers see the TLV, but the task is the school's and the partnership's.
    for persona in ("ouder", "leerkracht_a"):
        assert not [t for t in taken_voor(actor=cast.users[persona]) if t.soort == "tlv_afloop"]


def test_three_months_is_by_the_calendar():
    assert tlv_selectors.plus_maanden(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert tlv_selectors.plus_maanden(date(2028, 11, 30), 3) == date(2029, 2, 28)
    assert tlv_selectors.plus_maanden(date(2027, 11, 29), 3) == date(2028, 2, 29)
    assert tlv_selectors.plus_maanden(date(2026, 1, 15), 3) == date(2026, 4, 15)


def test_the_register_rows_name_the_pupil_by_id_only_and_the_export_is_audited(cast):
    so = th.afgegeven(cast)
    sbo = th.afgegeven(cast, "tlv_sbo", leerling_=th.leerling(cast, "Mila"), hele_schoolloopbaan=True)
    rijen = tlv_selectors.tlv_export_rijen(actor=cast.trajectbegeleider, formaat="csv")
    assert [r.waarden() for r in rijen] == [
        (so.nummer, cast.leerling_a.pk, "so", "midden", so.startdatum, so.einddatum),
        (sbo.nummer, sbo.leerling_id, "sbo", "", sbo.startdatum, None),
    ]
    rij = AuditEvent.objects.get(action="export", object_type="arrangementen.tlv")
    assert rij.detail == {
        "formaat": "csv",
        "rijen": 2,
        "binnenkort": False,
        "leerlingen": sorted([cast.leerling_a.pk, sbo.leerling_id]),
    }
    assert rij.role == "trajectbegeleider"
    # A school sees its pupils' TLVs, but the export is the partnership's.
    for persona in ("ib_a", "directeur_a", "ouder", "beheerder", "beheerder_other"):
        with pytest.raises(PermissionDenied):
            tlv_selectors.tlv_export_rijen(actor=cast.users[persona], formaat="csv")
    # A partnership exports only its own.
    elders = User.objects.create_user("elders@test.example", "Een-lang-testwachtwoord-42", naam="Elders")
    Lidmaatschap.objects.create(
        user=elders, rol="trajectbegeleider", samenwerkingsverband=cast.swv_other, geldig_van=date(2020, 1, 1)
    )
    assert tlv_selectors.tlv_export_rijen(actor=elders, formaat="xlsx") == []


def test_the_objections_are_read_by_the_partnership_only(cast):
    besluit = _besluit_van(5, cast)
    _bezwaar(cast, besluit, th.vandaag())
    assert len(tlv_selectors.bezwaren_van(actor=cast.commissielid, besluit=besluit)) == 1
    for persona in ("ib_a", "ouder", "rvz"):
        with pytest.raises(PermissionDenied):
            tlv_selectors.bezwaren_van(actor=cast.users[persona], besluit=besluit)
        assert not tlv_selectors.bezwaar_list(actor=cast.users[persona]).exists()


def test_the_tlv_list_asks_the_same_number_of_queries_however_many_tlvs(cast):
    th.afgegeven(cast)

    def tellen():
        with CaptureQueriesContext(connection) as vragen:
            rijen = list(tlv_selectors.tlv_list(actor=cast.trajectbegeleider))
            for t in rijen:
                (t.nummer, t.leerling.naam, t.ontvangende_school.naam, t.besluit.aanvraag.traject.school.naam)
        return len(vragen), len(rijen)

    een = tellen()
    for naam in ("Mila", "Noah", "Sara"):
        th.afgegeven(cast, leerling_=th.leerling(cast, naam))
    vier = tellen()
    assert (een[1], vier[1]) == (1, 4)
    assert vier[0] == een[0]


def test_mijn_taken_asks_the_same_number_of_queries_for_more_objections_and_tlvs(cast):
    def tellen(persona):
        with CaptureQueriesContext(connection) as vragen:
            taken = [t for t in taken_voor(actor=cast.users[persona]) if t.soort in ("bezwaar", "tlv_afloop")]
        return len(vragen), len(taken)

    def ronde(naam):
        gegeven = th.afgegeven(cast, leerling_=th.leerling(cast, naam), einddatum=th.vandaag() + timedelta(days=30))
        _bezwaar(cast, gegeven.besluit, th.vandaag())

    ronde("Mila")
    een = {p: tellen(p) for p in ("trajectbegeleider", "ib_a")}
    for naam in ("Noah", "Sara", "Tim"):
        ronde(naam)
    vier = {p: tellen(p) for p in ("trajectbegeleider", "ib_a")}
    assert (een["trajectbegeleider"][1], vier["trajectbegeleider"][1]) == (2, 8)  # an objection and a TLV each
    assert (een["ib_a"][1], vier["ib_a"][1]) == (1, 4)  # the school: the TLVs only
    assert {p: vier[p][0] for p in vier} == {p: een[p][0] for p in een}
