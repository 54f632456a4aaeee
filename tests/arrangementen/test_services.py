"""Arrangements from decision to delivered support: granting, planning the evaluations from the
route's cadence, assigning experts, hours and month closing, evaluating, extending, ending,
switching between a schoolarrangement and specialist expertise."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passend.arrangementen import services
from passend.arrangementen.models import Arrangement, ArrangementGebeurtenis, Inzet
from passend.core.authz import can
from tests.arrangementen import helpers as ah
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db

vandaag = timezone.localdate


def test_granting_plans_the_evaluations_of_the_hga_route(cast):
    besluit = ah.hga_besluit(cast)
    start = vandaag()
    arrangement = ah.arrangement(cast, besluit, soort="onderwijs_jeugdhulparrangement", start=start, weken=40)
    momenten = [(e.moment, (e.gepland_op - start).days // 7) for e in arrangement.evaluaties.all()]
    # HGA: every eight weeks, after 26 weeks, and at the end.
    assert momenten == [
        ("tussentijds", 8),
        ("tussentijds", 16),
        ("tussentijds", 24),
        ("tussentijds", 26),
        ("tussentijds", 32),
        ("eind", 40),
    ]
    assert [g.status for g in arrangement.gebeurtenissen.all()] == ["toegekend"]


def test_a_school_or_parent_does_not_grant_and_a_refused_decision_gives_nothing(cast):
    from tests.trajecten import aanvragen_helpers as tah

    besluit = ah.besluit(cast)
    for persona in (cast.ib_a, cast.ouder, cast.leerkracht_a):
        with pytest.raises(PermissionDenied):
            services.arrangement_toekennen(
                actor=persona,
                besluit=besluit,
                soort="onderwijsarrangement",
                doel_omschrijving="Leren in de groep.",
                startdatum=vandaag(),
                einddatum=vandaag() + timedelta(days=30),
                ontvangers=["leerling"],
            )
    _aanvraag, afgewezen = tah.besloten(cast, uitkomst="afwijzen", traject=tah.start(cast, leerling=cast.leerling_b))
    with pytest.raises(ValidationError, match="afgewezen"):
        ah.arrangement(cast, afgewezen)
    assert not Arrangement.objects.exists()


@pytest.mark.parametrize(
    ("wijziging", "veld", "melding"),
    [
        ({"einddatum": date(2026, 1, 1), "startdatum": date(2026, 2, 1)}, "einddatum", "vóór de startdatum"),
        ({"startdatum": date(2026, 1, 1), "einddatum": date(2027, 6, 1)}, "einddatum", "hoogstens 366 dagen"),
        (
            {"soort": "diagnostisch", "startdatum": date(2026, 1, 1), "einddatum": date(2026, 3, 1)},
            "einddatum",
            "6 weken",
        ),
        ({"ontvangers": []}, "ontvangers", "Kies voor wie"),
        ({"plaats": "andere_school"}, "plaats_school", "Kies de school"),
        ({"materiaalbudget": Decimal("-5")}, "materiaalbudget", "niet negatief"),
        ({"doel_omschrijving": "<b>x</b>"}, "doel_omschrijving", "HTML"),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(cast, wijziging, veld, melding):
    besluit = ah.besluit(cast)
    gegevens = {
        "actor": cast.trajectbegeleider,
        "besluit": besluit,
        "soort": "onderwijsarrangement",
        "doel_omschrijving": "Leren in de groep.",
        "startdatum": vandaag(),
        "einddatum": vandaag() + timedelta(weeks=10),
        "ontvangers": ["leerling"],
        **wijziging,
    }
    with pytest.raises(ValidationError) as fout:
        services.arrangement_toekennen(**gegevens)
    assert any(melding in m for m in fout.value.message_dict[veld]), fout.value.message_dict
    assert not Arrangement.objects.exists() and not ArrangementGebeurtenis.objects.exists()


def test_an_expert_assigned_sees_the_pupil_and_books_hours(cast):
    arrangement = ah.arrangement(cast)
    expert = h.staf(cast, "expert", "deskundige")
    deskundige = h.deskundige(cast, "Expert Gedrag", "gedragsspecialist")
    deskundige.gebruiker = expert
    deskundige.save()
    assert not can(expert, "leerlingen.view", cast.leerling_a)
    aanbieder = services.aanbieder_toewijzen(
        actor=cast.trajectbegeleider,
        arrangement=arrangement,
        soort="deskundige",
        deskundige=deskundige,
        uren_gepland=Decimal("40"),
    )
    assert can(expert, "leerlingen.view", cast.leerling_a) and can(expert, "arrangementen.view", arrangement)
    inzet = services.inzet_boeken(
        actor=expert, aanbieder=aanbieder, datum=vandaag(), activiteit="observatie", uren=Decimal("1.5")
    )
    assert inzet.uren == Decimal("1.50")
    arrangement.refresh_from_db()
    assert arrangement.status == "lopend"  # the first hours: it runs
    # Another expert, not assigned, books nothing.
    ander = h.staf(cast, "ander", "deskundige")
    with pytest.raises(PermissionDenied):
        services.inzet_boeken(
            actor=ander, aanbieder=aanbieder, datum=vandaag(), activiteit="observatie", uren=Decimal("1")
        )


@pytest.mark.parametrize(
    ("uren", "dagen", "veld", "melding"),
    [
        (Decimal("-1"), 0, "uren", "tussen 0,25 en 24"),
        (Decimal("0"), 0, "uren", "tussen 0,25 en 24"),
        (Decimal("25"), 0, "uren", "tussen 0,25 en 24"),
        (Decimal("1"), -3, "datum", "in de toekomst"),
        (Decimal("1"), 100, "datum", "Het arrangement loopt van"),
    ],
)
def test_bad_hours_are_refused_and_nothing_is_saved(cast, uren, dagen, veld, melding):
    arrangement = ah.arrangement(cast, start=vandaag() - timedelta(days=20))
    aanbieder = services.aanbieder_toewijzen(
        actor=cast.trajectbegeleider,
        arrangement=arrangement,
        soort="jeugdhulp",
        naam="Jeugdhulp",
        uren_gepland=Decimal("10"),
    )
    with pytest.raises(ValidationError) as fout:
        services.inzet_boeken(
            actor=cast.trajectbegeleider,
            aanbieder=aanbieder,
            datum=vandaag() - timedelta(days=dagen),
            activiteit="consultatie",
            uren=uren,
        )
    assert any(melding in m for m in fout.value.message_dict[veld])
    assert not Inzet.objects.exists()


def test_hours_in_a_closed_month_are_refused(cast):
    start = (vandaag().replace(day=1) - timedelta(days=40)).replace(day=1)
    arrangement = ah.arrangement(cast, start=start, weken=20)
    aanbieder = services.aanbieder_toewijzen(
        actor=cast.trajectbegeleider,
        arrangement=arrangement,
        soort="jeugdhulp",
        naam="Jeugdhulp",
        uren_gepland=Decimal("10"),
    )
    management = h.staf(cast, "management", "swv_management")
    services.maand_afsluiten(actor=management, samenwerkingsverband=cast.swv, jaar=start.year, maand=start.month)
    with pytest.raises(ValidationError, match="is afgesloten"):
        services.inzet_boeken(
            actor=cast.trajectbegeleider,
            aanbieder=aanbieder,
            datum=start + timedelta(days=3),
            activiteit="consultatie",
            uren=Decimal("2"),
        )
    assert not Inzet.objects.exists()
    with pytest.raises(ValidationError, match="voorbij is"):
        services.maand_afsluiten(
            actor=management, samenwerkingsverband=cast.swv, jaar=vandaag().year, maand=vandaag().month
        )
    with pytest.raises(PermissionDenied):
        services.maand_afsluiten(actor=cast.ib_a, samenwerkingsverband=cast.swv, jaar=2020, maand=1)


def test_evaluation_per_goal_then_continue_extend_and_end(cast):
    arrangement = ah.arrangement(cast, start=vandaag() - timedelta(weeks=4), weken=8)
    evaluatie = arrangement.evaluaties.get(moment="eind")
    doel = arrangement.doelen.get()
    with pytest.raises(ValidationError) as fout:
        services.evaluatie_vastleggen(
            actor=cast.ib_a, evaluatie=evaluatie, datum=vandaag(), resultaten={}, uitkomst="voortzetten"
        )
    assert f"resultaat_{doel.pk}" in fout.value.message_dict
    services.evaluatie_vastleggen(
        actor=cast.ib_a,
        evaluatie=evaluatie,
        datum=vandaag(),
        resultaten={doel.pk: "deels"},
        uitkomst="nieuwe_doelen",
        visie_ouders="Thuis gaat het beter.",
        nieuwe_doelen=[{"omschrijving": "Vraagt zelf om hulp."}, {"omschrijving": "Speelt samen in de pauze."}],
    )
    arrangement.refresh_from_db()
    assert arrangement.status == "geevalueerd" and arrangement.doelen.count() == 3
    services.arrangement_verlengen(
        actor=cast.trajectbegeleider,
        arrangement=arrangement,
        einddatum=arrangement.einddatum + timedelta(weeks=10),
        toelichting="Twee nieuwe doelen vragen tijd.",
    )
    arrangement.refresh_from_db()
    assert (
        arrangement.status == "verlengd"
        and arrangement.evaluaties.filter(datum__isnull=True, moment="eind").count() == 1
    )
    services.arrangement_beeindigen(actor=cast.ib_a, arrangement=arrangement, toelichting="Doelen behaald.")
    arrangement.refresh_from_db()
    assert arrangement.status == "beeindigd" and not arrangement.evaluaties.filter(datum__isnull=True).exists()
    assert [g.status for g in arrangement.gebeurtenissen.all()] == ["toegekend", "geevalueerd", "verlengd", "beeindigd"]
    # An ended arrangement is not evaluated any more.
    gehouden = arrangement.evaluaties.get()
    with pytest.raises(ValidationError, match="beëindigd"):
        services.evaluatie_vastleggen(
            actor=cast.ib_a, evaluatie=gehouden, datum=vandaag(), resultaten={}, uitkomst="voortzetten"
        )


def test_switching_between_schoolarrangement_and_specialist_expertise_keeps_the_history(cast):
    from tests.trajecten import aanvragen_helpers as tah

    _aanvraag, besluit = tah.besloten(cast, soort="specialistische_expertise")
    arrangement = ah.arrangement(cast, besluit, soort="specialistische_expertise")
    services.arrangement_omzetten(
        actor=cast.trajectbegeleider,
        arrangement=arrangement,
        naar_soort="schoolarrangement",
        toelichting="De vraag blijkt kleiner: een schoolarrangement volstaat.",
    )
    arrangement.refresh_from_db()
    assert arrangement.soort == "schoolarrangement"
    omzetting = arrangement.gebeurtenissen.last()
    assert (omzetting.van_soort, omzetting.naar_soort) == ("specialistische_expertise", "schoolarrangement")
    with pytest.raises(ValidationError, match="Omzetten kan"):
        services.arrangement_omzetten(
            actor=cast.trajectbegeleider, arrangement=arrangement, naar_soort="diagnostisch", toelichting="x"
        )
    with pytest.raises(TypeError):
        omzetting.save()
