"""Looking ahead with the money: the forecast to the end of the year (what is committed and spent,
plus new grants at this year's rate for the days left), the multi-year projection (existing budgets
as they are, the years without one estimated from this year, indexed), and one year under two
distribution models (the waterbed: under TOP a school pays its own temporary placements).

Every expected figure is worked out by hand from the entries and counts the test sets up; amounts
are euros with cents, rounded half up. Who may not see the partnership's money is refused, audited."""

import calendar
from datetime import date, datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from passend.arrangementen import services as arr
from passend.arrangementen.models import Arrangement
from passend.core import audit
from passend.core.models import AuditEvent
from passend.financien import analyse, selectors, services
from passend.financien.boekhouding import Regel, boek
from passend.financien.geld import euro
from passend.financien.models import Boeking, Doel, Post
from tests.arrangementen import helpers as ah
from tests.arrangementen import tlv_helpers as tah
from tests.financien.helpers import JAAR, begroting, dit_jaar, post, tarieven, top_plaatsing
from tests.trajecten import aanvragen_helpers as aah
from tests.trajecten import helpers as h

B, V, R = Boeking.Soort.BUDGET, Boeking.Soort.VERPLICHTING, Boeking.Soort.REALISATIE


def geboekt(p: Post, soort: str, bedrag: str, arrangement=None) -> None:
    """One entry on `p` straight through the ledger (optionally for `arrangement`)."""
    koppelingen = {"arrangement": arrangement} if arrangement is not None else {}
    boek([Regel(p, soort, Decimal(bedrag), "Test", date(p.begroting.jaar, 3, 1), koppelingen=koppelingen)])


def standen(actor, b):
    """The lines' figures as the dashboard reads them (its prognose is computed from these)."""
    d = selectors.dashboard(actor=actor, begroting=b)
    return d.centraal + d.scholen


def views(b, label: str):
    return AuditEvent.objects.filter(
        action=audit.Action.VIEW, result="success", object_type="financien.begroting", object_id=str(b.pk)
    ).filter(object_label=label)


def plaatsing_in_het_sbo(cast, client, *, start: date, eind: date) -> Arrangement:
    """Pupil A (school A) placed in the sbo from `start` to `eind`."""
    from tests.dossier.test_opp import _vastgesteld as opp_vastgesteld

    opp_vastgesteld(client, cast)
    aanvraag = tah.ingediend(cast, soort="tlv_sbo")
    h.deskundigenadviezen(aanvraag.traject, cast.trajectbegeleider)
    h.stap(aanvraag.traject, cast.trajectbegeleider, "toekennen", "Een tijdelijke plaatsing in het SBO.")
    aanvraag.refresh_from_db()
    return ah.arrangement(
        cast,
        aanvraag.besluit,
        soort="tijdelijke_plaatsing",
        start=start,
        einddatum=eind,
        terugkeer_op=eind,
        plaats="sbo",
        plaats_school=tah.sbo_school(cast),
    )


def besluit_voor_leerling_b(cast):
    """A granted extra_ondersteuning application for pupil B (school B) on the short route."""
    return ah.besluit(cast, traject=aah.start(cast, cast.leerling_b))


# --- The forecast to the end of the year (selectors.prognose) ------------------------------------


def test_the_forecast_adds_new_grants_at_this_years_rate_to_what_is_committed_and_spent(cast):
    jaar = dit_jaar()
    b = begroting(cast, jaar=jaar)  # HGA: five central lines of € 10.000, buffer € 5.000, schools € 8.000 + € 4.000
    arrangement = ah.arrangement(
        cast, start=date(jaar, 3, 1), einddatum=date(jaar, 6, 30), materiaalbudget=Decimal("1200")
    )
    arrangementen = post(b, Doel.ARRANGEMENTEN)
    assert Boeking.objects.get(arrangement=arrangement, soort=V).bedrag == Decimal("1200.00")
    geboekt(arrangementen, V, "350", arrangement)  # a further grant: new
    geboekt(arrangementen, R, "100", arrangement)  # spent, and as much released: not a new grant
    geboekt(arrangementen, V, "-100", arrangement)
    geboekt(post(b, Doel.ORGANISATIE), V, "500")  # a contract, no arrangement: committed, not a grant
    geboekt(post(b, Doel.BUFFER), B, "-1000")  # the buffer drawn on for the arrangements
    geboekt(arrangementen, B, "1000")
    volgend = begroting(cast, jaar=jaar + 1)  # another year's budget: its entries are not this year's
    geboekt(post(volgend, Doel.ARRANGEMENTEN), V, "777", arrangement)

    p = selectors.prognose(b, standen(cast.beheerder, b), vandaag=date(jaar, 1, 31))

    # Committed and spent: 1200 + 350 + 100 − 100 + 500. New grants: 1200 + 350 = € 1.550 in the
    # 31 days since 1 January, € 50 a day, for the days to 31 December.
    resterend = 335 if calendar.isleap(jaar) else 334
    verwacht = Decimal("2050.00") + 50 * resterend
    budget = Decimal("63000.00")  # 5 × 10.000 + 1.000 from the buffer + 8.000 + 4.000; not the buffer
    assert p == {
        "vast": Decimal("2050.00"),
        "tempo_per_maand": Decimal("1522.00"),  # 50 × 30,44
        "verwacht": verwacht,
        "budget": budget,
        "verschil": budget - verwacht,
        "resterend_dagen": resterend,
    }
    assert p["verwacht"] == (Decimal("18800.00") if calendar.isleap(jaar) else Decimal("18750.00"))

    # The dashboard shows the same forecast for today.
    vandaag = timezone.localdate()
    if vandaag.year == jaar:
        verstreken = (vandaag - date(jaar, 1, 1)).days + 1
        rest = (date(jaar, 12, 31) - vandaag).days
        d = selectors.dashboard(actor=cast.beheerder, begroting=b)
        assert d.prognose["resterend_dagen"] == rest
        assert d.prognose["verwacht"] == euro(Decimal("2050") + Decimal("1550") * rest / verstreken)


def test_the_forecast_rounds_to_cents_half_up(cast):
    jaar = dit_jaar()
    b = begroting(cast, jaar=jaar)
    arrangement = ah.arrangement(cast, start=date(jaar, 3, 1), einddatum=date(jaar, 6, 30))
    assert not Boeking.objects.filter(arrangement=arrangement).exists()  # no materials: nothing booked
    geboekt(post(b, Doel.ARRANGEMENTEN), V, "4.00", arrangement)

    p = selectors.prognose(b, standen(cast.beheerder, b), vandaag=date(jaar, 2, 1))

    # € 4 in 32 days is € 0,125 a day: € 3,805 a month → € 3,81 (half up, not half even).
    assert p["tempo_per_maand"] == Decimal("3.81")
    if calendar.isleap(jaar):
        assert p["verwacht"] == Decimal("45.75")  # 4 + 0,125 × 334
    else:
        assert p["verwacht"] == Decimal("45.63")  # 4 + 0,125 × 333 = 45,625 → 45,63
    assert p["verschil"] == Decimal("62000.00") - p["verwacht"]


def test_before_the_year_begins_and_after_it_ends_the_forecast_is_what_is_committed(cast):
    jaar = dit_jaar()
    b = begroting(cast, jaar=jaar)
    arrangement = ah.arrangement(cast, start=date(jaar, 3, 1), einddatum=date(jaar, 6, 30))
    geboekt(post(b, Doel.ARRANGEMENTEN), V, "730", arrangement)
    geboekt(post(b, Doel.SCHOOLBUDGET, cast.school_a), R, "70")
    regels = standen(cast.beheerder, b)

    ervoor = selectors.prognose(b, regels, vandaag=date(jaar - 1, 12, 15))
    assert ervoor["resterend_dagen"] == (366 if calendar.isleap(jaar) else 365)  # the whole year is ahead
    assert ervoor["tempo_per_maand"] == Decimal("0.00")  # no day of the year has passed yet
    assert ervoor["vast"] == ervoor["verwacht"] == Decimal("800.00")

    erna = selectors.prognose(b, regels, vandaag=date(jaar + 1, 1, 15))
    assert erna["resterend_dagen"] == 0
    assert erna["vast"] == erna["verwacht"] == Decimal("800.00")
    assert erna["verschil"] == Decimal("62000.00") - Decimal("800.00")


def test_in_a_leap_year_the_rate_is_per_day_of_366(cast):
    b = begroting(cast, jaar=2024)
    arrangement = ah.arrangement(cast)
    geboekt(post(b, Doel.ARRANGEMENTEN), V, "3660", arrangement)

    p = selectors.prognose(b, standen(cast.beheerder, b), vandaag=date(2024, 12, 31))

    assert p["verwacht"] == Decimal("3660.00")  # nothing left of the year
    assert p["tempo_per_maand"] == Decimal("304.40")  # € 3.660 in 366 days is € 10 a day (now € 305,23)


def test_commitments_carried_over_into_a_budget_opened_in_january_are_not_new_grants(cast):
    tz = timezone.get_current_timezone()

    def op(dag: date):
        return mock.patch(
            "django.utils.timezone.now", return_value=datetime(dag.year, dag.month, dag.day, 12, tzinfo=tz)
        )

    with op(date(2025, 10, 1)):
        begroting(cast, jaar=2025)
        # Granted in October 2025 for 1 October 2025 – 31 March 2026; materials € 1.820 by days.
        arrangement = ah.arrangement(
            cast, start=date(2025, 10, 1), einddatum=date(2026, 3, 31), materiaalbudget=Decimal("1820")
        )
    with op(date(2026, 1, 10)):
        b = begroting(cast, jaar=2026)  # opened on 10 January: takes over 2026's part of the grant
    # 92 days in 2025, 90 in 2026: € 1.820 × 90 / 182 = € 900 is 2026's share, booked on 10 January.
    vorig_jaar, doorlopend = Boeking.objects.filter(arrangement=arrangement).order_by("jaar")
    assert (vorig_jaar.jaar, vorig_jaar.bedrag, timezone.localtime(vorig_jaar.geboekt_op).date()) == (
        2025,
        Decimal("920.00"),
        date(2025, 10, 1),
    )
    assert (doorlopend.jaar, doorlopend.bedrag, timezone.localtime(doorlopend.geboekt_op).date()) == (
        2026,
        Decimal("900.00"),
        date(2026, 1, 10),
    )

    p = selectors.prognose(b, standen(cast.beheerder, b), vandaag=date(2026, 1, 31))

    # Nothing was granted in 2026: nothing new is expected (now 900 / 31 a day is added).
    assert p["tempo_per_maand"] == Decimal("0.00")
    assert p["verwacht"] == Decimal("900.00")


# --- The multi-year projection (analyse.meerjarenraming) ---------------------------------------


def test_the_projection_takes_existing_budgets_as_they_are_and_estimates_the_other_years_from_this_one(cast):
    oud = begroting(cast, jaar=JAAR - 1)
    geboekt(post(oud, Doel.ARRANGEMENTEN), V, "5000")  # the year before: not in the projection

    b = begroting(cast, jaar=JAAR)  # income € 60.000; lines 5 × 10.000, schools 8.000 + 4.000, buffer 5.000
    geboekt(post(b, Doel.BUFFER), B, "-1000")  # drawn on the buffer: the plan spends 1.000 more
    geboekt(post(b, Doel.ARRANGEMENTEN), B, "1000")
    geboekt(post(b, Doel.BUFFER), B, "2000")  # the buffer is no spending
    geboekt(post(b, Doel.ORGANISATIE), B, "0.20")
    geboekt(post(b, Doel.ARRANGEMENTEN), V, "1500.55")
    geboekt(post(b, Doel.ARRANGEMENTEN), R, "100")
    geboekt(post(b, Doel.ARRANGEMENTEN), V, "-100")
    geboekt(post(b, Doel.EXPERTPOOL), R, "200.10")
    geboekt(post(b, Doel.SCHOOLBUDGET, cast.school_a), R, "50")

    # Another partnership has a budget for the next year: ours has none, so that year is estimated.
    model_elders = services.verdeelmodel_uit_preset(
        actor=cast.beheerder_other, samenwerkingsverband=cast.swv_other, preset="top"
    )
    elders = services.begroting_openen(
        actor=cast.beheerder_other,
        samenwerkingsverband=cast.swv_other,
        jaar=JAAR + 1,
        verdeelmodel=model_elders,
        peildatum=date(JAAR, 10, 1),
        budgetten={Doel.ORGANISATIE: Decimal("99999")},
        inkomsten=[("overig", "Elders", Decimal("123456"))],
    )
    geboekt(post(elders, Doel.ORGANISATIE), V, "999")

    # Two years ahead a budget exists, with two income lines.
    for school, aantal in ((cast.school_a, 250), (cast.school_b, 50)):
        services.leerlingtelling_vastleggen(
            actor=cast.beheerder, school=school, peildatum=date(JAAR + 1, 10, 1), aantal=aantal
        )
    later = services.begroting_openen(
        actor=cast.beheerder,
        samenwerkingsverband=cast.swv,
        jaar=JAAR + 2,
        verdeelmodel=b.verdeelmodel,
        peildatum=date(JAAR + 1, 10, 1),
        budgetten={
            Doel.ARRANGEMENTEN: Decimal("20000"),
            Doel.ORGANISATIE: Decimal("5000.55"),
            Doel.BUFFER: Decimal("3000"),
        },
        inkomsten=[
            ("zware_ondersteuning", "Normatief", Decimal("70000.10")),
            ("overig", "Subsidie", Decimal("1234.56")),
        ],
    )
    geboekt(post(later, Doel.ORGANISATIE), V, "400")
    geboekt(post(later, Doel.SCHOOLBUDGET, cast.school_a), R, "99.99")

    buiten = begroting(cast, jaar=JAAR + 5)  # beyond the four years ahead
    geboekt(post(buiten, Doel.ARRANGEMENTEN), V, "1")

    jaren = analyse.meerjarenraming(actor=cast.beheerder, begroting=b)

    # Estimates from this year: income € 60.000,00 and spending € 63.000,20, × 1,025 per year ahead.
    assert [(j.jaar, j.inkomsten, j.uitgaven, j.vastgelegd, j.geraamd) for j in jaren] == [
        (JAAR, Decimal("60000.00"), Decimal("63000.20"), Decimal("1750.65"), False),
        (JAAR + 1, Decimal("61500.00"), Decimal("64575.21"), Decimal("0.00"), True),  # 64.575,205 half up
        # 70.000,10 + 1.234,56; 20.000 + 5.000,55 + 250 × 40 + 50 × 40 (not the buffer); 400 + 99,99
        (JAAR + 2, Decimal("71234.66"), Decimal("37000.55"), Decimal("499.99"), False),
        (JAAR + 3, Decimal("64613.44"), Decimal("67844.32"), Decimal("0.00"), True),  # × 1,025³ = 1,076890625
        (JAAR + 4, Decimal("66228.77"), Decimal("69540.43"), Decimal("0.00"), True),  # × 1,025⁴
    ]
    assert jaren[0].saldo == Decimal("-3000.20")
    assert jaren[2].saldo == Decimal("34234.11")
    assert (
        views(b, f"Meerjarenraming vanaf {JAAR}").filter(role="beheerder", samenwerkingsverband_id=cast.swv.pk).count()
        == 1
    )


def test_the_projection_indexes_by_the_percentage_given_for_as_many_years_as_asked(cast):
    b = begroting(cast, jaar=JAAR, budgetten={Doel.ORGANISATIE: Decimal("25000.55"), Doel.BUFFER: Decimal("9000")})
    # Spending: 25.000,55 + 200 × 40 + 100 × 40 = € 37.000,55; income € 60.000.

    hoger = analyse.meerjarenraming(actor=cast.beheerder, begroting=b, jaren=2, index_pct=Decimal("10"))
    assert [(j.jaar, j.inkomsten, j.uitgaven, j.geraamd) for j in hoger] == [
        (JAAR, Decimal("60000.00"), Decimal("37000.55"), False),
        (JAAR + 1, Decimal("66000.00"), Decimal("40700.61"), True),  # 40.700,605 half up
        (JAAR + 2, Decimal("72600.00"), Decimal("44770.67"), True),  # × 1,21 = 44.770,6655
    ]
    lager = analyse.meerjarenraming(actor=cast.beheerder, begroting=b, jaren=1, index_pct=Decimal("-10"))
    assert [(j.jaar, j.inkomsten, j.uitgaven) for j in lager] == [
        (JAAR, Decimal("60000.00"), Decimal("37000.55")),
        (JAAR + 1, Decimal("54000.00"), Decimal("33300.50")),  # 33.300,495 half up
    ]
    alleen_dit_jaar = analyse.meerjarenraming(actor=cast.beheerder, begroting=b, jaren=0)
    assert [(j.jaar, j.geraamd) for j in alleen_dit_jaar] == [(JAAR, False)]
    assert views(b, f"Meerjarenraming vanaf {JAAR}").count() == 3


# --- One year under two models (analyse.vergelijken) --------------------------------------------


def test_under_top_the_school_that_places_pays_its_placement_and_another_model_shows_the_difference(cast, client):
    b, plaatsing = top_plaatsing(cast, client)  # TOP: 400 pupils at school A, 100 at B; a year in the sbo € 1.000
    jaar = b.jaar
    # Pupil B's arrangement (no placement) commits materials: not a placement of school B.
    onderwijsarrangement = ah.arrangement(
        cast,
        besluit_voor_leerling_b(cast),
        start=date(jaar, 2, 1),
        einddatum=date(jaar, 6, 30),
        materiaalbudget=Decimal("300"),
    )
    assert Boeking.objects.get(arrangement=onderwijsarrangement).bedrag == Decimal("300.00")
    # The placement's entries in another year are not this year's cost.
    volgend = begroting(cast, jaar=jaar + 1, model=b.verdeelmodel)
    geboekt(post(volgend, Doel.SCHOOLBUDGET, cast.school_a), V, "500", plaatsing)
    hga = services.verdeelmodel_uit_preset(actor=cast.beheerder, samenwerkingsverband=cast.swv, preset="hga")

    rijen = analyse.vergelijken(actor=cast.beheerder, begroting=b, ander_model=hga)

    # TOP: € 150 a pupil minus 10% skim; HGA: € 40 a pupil. The sbo school has no pupils counted.
    assert [(r.school.naam, r.a, r.b, r.plaatsingen) for r in rijen] == [
        ("SBO De Brug", Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
        ("School A", Decimal("54000.00"), Decimal("16000.00"), Decimal("1000.00")),
        ("School B", Decimal("13500.00"), Decimal("4000.00"), Decimal("0.00")),
    ]
    school_a = rijen[1]
    assert school_a.netto(school_a.a, b.verdeelmodel.plaatsing_door_school) == Decimal("53000.00")  # TOP: A pays
    assert school_a.netto(school_a.b, hga.plaatsing_door_school) == Decimal("16000.00")  # HGA: the partnership
    # The allocation under the budget's own model is what was booked on the school's line.
    assert Post.objects.get(begroting=b, school=cast.school_a).beschikbaar == Decimal("54000.00") - Decimal("1000.00")
    assert views(b, f"Begroting {jaar} vergeleken met HGA: in natura").filter(role="beheerder").count() == 1


def test_a_placement_paid_centrally_counts_for_the_school_that_placed_under_the_other_model(cast, client):
    jaar = dit_jaar()
    b = begroting(cast, jaar=jaar)  # HGA: 200 pupils at school A, 100 at B; placements paid centrally
    tarieven(cast, jaar=jaar, sbo=Decimal("3650"))
    plaatsing = plaatsing_in_het_sbo(cast, client, start=date(jaar, 1, 1), eind=date(jaar, 12, 31))
    assert Boeking.objects.get(arrangement=plaatsing, post__doel=Doel.PLAATSINGEN).bedrag == Decimal("3650.00")
    top = services.verdeelmodel_uit_preset(actor=cast.beheerder, samenwerkingsverband=cast.swv, preset="top")

    rijen = {r.school.naam: r for r in analyse.vergelijken(actor=cast.beheerder, begroting=b, ander_model=top)}
    a = rijen["School A"]
    assert (a.a, a.b, a.plaatsingen) == (Decimal("8000.00"), Decimal("27000.00"), Decimal("3650.00"))
    assert a.netto(a.a, b.verdeelmodel.plaatsing_door_school) == Decimal("8000.00")
    assert a.netto(a.b, top.plaatsing_door_school) == Decimal("23350.00")  # under TOP school A would pay it
    assert (rijen["School B"].a, rijen["School B"].b, rijen["School B"].plaatsingen) == (
        Decimal("4000.00"),
        Decimal("13500.00"),
        Decimal("0.00"),
    )

    # Ended early: what the place was used is spent, the rest released; the cost is the part used.
    arr.arrangement_beeindigen(
        actor=cast.ib_a, arrangement=Arrangement.objects.get(pk=plaatsing.pk), toelichting="Eerder terug."
    )
    vandaag = timezone.localdate()
    dagen = 366 if calendar.isleap(jaar) else 365
    gebruikt = euro(Decimal("3650") * ((min(vandaag, date(jaar, 12, 31)) - date(jaar, 1, 1)).days + 1) / dagen)
    rijen = {r.school.naam: r for r in analyse.vergelijken(actor=cast.beheerder, begroting=b, ander_model=top)}
    assert rijen["School A"].plaatsingen == gebruikt
    assert Boeking.objects.filter(arrangement=plaatsing, soort=R).get().bedrag == gebruikt


def test_under_top_a_school_does_not_pay_an_observation_place_so_it_is_not_taken_off_its_budget(cast):
    jaar = dit_jaar()
    top = services.verdeelmodel_uit_preset(actor=cast.beheerder, samenwerkingsverband=cast.swv, preset="top")
    b = begroting(cast, jaar=jaar, model=top, tellingen={cast.school_a: 400, cast.school_b: 100})
    services.tarief_vastleggen(
        actor=cast.beheerder,
        samenwerkingsverband=cast.swv,
        jaar=jaar,
        soort="plaats",
        sleutel="observatieplek",
        bedrag=Decimal("730"),
    )
    observatie = ah.arrangement(
        cast,
        besluit_voor_leerling_b(cast),
        soort="observatieplek",
        start=date(jaar, 1, 1),
        einddatum=date(jaar, 12, 31),
        plaats="voorziening",
        plaats_voorziening=cast.voorziening,
    )
    # TOP books the observation place on the central line: school B's budget is untouched.
    assert Boeking.objects.get(arrangement=observatie).post.doel == Doel.PLAATSINGEN
    assert post(b, Doel.SCHOOLBUDGET, cast.school_b).beschikbaar == Decimal("13500.00")
    hga = services.verdeelmodel_uit_preset(actor=cast.beheerder, samenwerkingsverband=cast.swv, preset="hga")

    rij = next(
        r for r in analyse.vergelijken(actor=cast.beheerder, begroting=b, ander_model=hga) if r.school == cast.school_b
    )

    assert rij.netto(rij.a, top.plaatsing_door_school) == Decimal("13500.00")  # now € 12.770,00
    assert rij.plaatsingen == Decimal("0.00")


def test_comparing_with_a_model_of_another_partnership_is_refused(cast):
    b = begroting(cast)
    elders = services.verdeelmodel_uit_preset(
        actor=cast.beheerder_other, samenwerkingsverband=cast.swv_other, preset="top"
    )
    with pytest.raises(PermissionDenied):
        analyse.vergelijken(actor=cast.beheerder, begroting=b, ander_model=elders)
    assert not AuditEvent.objects.filter(action=audit.Action.VIEW, object_label__contains="vergeleken").exists()
    # The partnership's own model is fine.
    eigen = services.verdeelmodel_uit_preset(actor=cast.beheerder, samenwerkingsverband=cast.swv, preset="top")
    assert len(analyse.vergelijken(actor=cast.beheerder, begroting=b, ander_model=eigen)) == 2


# --- Who may look ahead ------------------------------------------------------------------------


@pytest.mark.parametrize("wie", ["directeur_a", "rvz", "ib_a", "trajectbegeleider", "beheerder_other"])
@pytest.mark.parametrize("wat", ["meerjarenraming", "vergelijken"])
def test_without_access_to_the_partnerships_money_the_analysis_is_refused_and_audited(cast, wie, wat):
    b = begroting(cast)
    model = services.verdeelmodel_uit_preset(actor=cast.beheerder, samenwerkingsverband=cast.swv, preset="top")
    aanroep = {
        "meerjarenraming": lambda actor: analyse.meerjarenraming(actor=actor, begroting=b),
        "vergelijken": lambda actor: analyse.vergelijken(actor=actor, begroting=b, ander_model=model),
    }[wat]
    voor = AuditEvent.objects.filter(result="denied").count()

    with pytest.raises(PermissionDenied):
        aanroep(getattr(cast, wie))

    weigering = AuditEvent.objects.filter(result="denied").order_by("-id").first()
    assert AuditEvent.objects.filter(result="denied").count() == voor + 1
    assert (weigering.action, weigering.object_type, weigering.object_id, weigering.reason) == (
        audit.Action.ACCESS_DENIED,
        "financien.begroting",
        str(b.pk),
        "geen toegang tot de begroting",
    )
    assert weigering.samenwerkingsverband_id == cast.swv.pk
    assert not AuditEvent.objects.filter(action=audit.Action.VIEW, object_type="financien.begroting").exists()
    # The beheerder of the partnership may.
    assert aanroep(cast.beheerder)
