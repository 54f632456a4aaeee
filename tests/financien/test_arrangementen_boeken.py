"""What support books: a grant commits its materials (and a place), a pool expert's planned hours
commit on the expert pool in kind (HGA), hours given are spent and release as much commitment,
ending early releases the rest; a temporary placement is charged to the sending school under
TOP; a grant that does not fit the budget is refused with nothing saved. No budget for a year:
nothing is booked (the partnership does not keep its money in Passend)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passend.arrangementen import services as arr
from passend.arrangementen.models import Aanbieder, Arrangement
from passend.financien import services
from passend.financien.geld import euro, som_van
from passend.financien.models import Boeking, Doel, Post
from tests.arrangementen import helpers as ah
from tests.arrangementen import tlv_helpers as tah
from tests.financien.helpers import begroting, dit_jaar, post, tarieven
from tests.trajecten import helpers as h

V, R = Boeking.Soort.VERPLICHTING, Boeking.Soort.REALISATIE


def som(**filters) -> Decimal:
    return som_van(Boeking.objects.filter(**filters))


def binnen_dit_jaar() -> tuple[date, date]:
    """A period of six weeks inside this calendar year, started two weeks ago where possible."""
    vandaag = timezone.localdate()
    start = max(date(vandaag.year, 1, 1), vandaag - timedelta(days=14))
    eind = min(date(vandaag.year, 12, 31), start + timedelta(weeks=6))
    return start, eind


def test_without_a_budget_nothing_is_booked(cast):
    ah.arrangement(cast, materiaalbudget=Decimal("300"))
    assert not Boeking.objects.exists()


def test_a_grant_commits_its_materials_and_a_pool_expert_commits_hours_on_the_pool(cast):
    b = begroting(cast, jaar=dit_jaar())
    tarieven(cast, jaar=dit_jaar())
    start, eind = binnen_dit_jaar()
    arrangement = ah.arrangement(cast, start=start, einddatum=eind, materiaalbudget=Decimal("350"))
    assert som(arrangement=arrangement, soort=V) == Decimal("350.00")
    assert post(b, Doel.ARRANGEMENTEN).beschikbaar == Decimal("9650.00")

    aanbieder = arr.aanbieder_toewijzen(
        actor=cast.trajectbegeleider,
        arrangement=arrangement,
        soort="deskundige",
        deskundige=cast.deskundige,
        uren_gepland=Decimal("10"),
    )
    # HGA: the expert's hours are given in kind, booked on the pool at € 80 an hour.
    assert som(aanbieder=aanbieder, soort=V, post__doel=Doel.EXPERTPOOL) == Decimal("800.00")

    arr.inzet_boeken(
        actor=cast.trajectbegeleider,
        aanbieder=aanbieder,
        datum=timezone.localdate() if start <= timezone.localdate() <= eind else start,
        activiteit="begeleiding_leerling",
        uren=Decimal("2.5"),
    )
    pool = post(b, Doel.EXPERTPOOL)
    assert som(aanbieder=aanbieder, soort=R) == Decimal("200.00")
    assert som(aanbieder=aanbieder, soort=V) == Decimal("600.00")  # 800 committed, 200 turned into spend
    assert pool.beschikbaar == Decimal("10000.00") - Decimal("800.00")

    arr.arrangement_beeindigen(
        actor=cast.ib_a, arrangement=Arrangement.objects.get(pk=arrangement.pk), toelichting="Doel bereikt."
    )
    # Ending early releases what was committed and not spent: only the € 200 spent remains.
    assert som(arrangement=arrangement, soort=V) == Decimal("0")
    assert post(b, Doel.EXPERTPOOL).beschikbaar == Decimal("9800.00")
    assert post(b, Doel.ARRANGEMENTEN).beschikbaar == Decimal("10000.00")
    for p in Post.objects.filter(begroting=b):
        assert p.beschikbaar >= 0


def test_a_grant_beyond_the_line_is_refused_and_nothing_is_saved(cast):
    begroting(cast, jaar=dit_jaar(), budgetten={Doel.ARRANGEMENTEN: Decimal("500"), Doel.BUFFER: Decimal("1000")})
    start, eind = binnen_dit_jaar()
    besluit = ah.besluit(cast)
    with pytest.raises(ValidationError) as fout:
        ah.arrangement(cast, besluit, start=start, einddatum=eind, materiaalbudget=Decimal("500.01"))
    assert "is niet toereikend" in " ".join(fout.value.messages)
    assert "post onvoorzien" in " ".join(fout.value.messages)
    assert not Arrangement.objects.exists() and not Boeking.objects.filter(soort=V).exists()


def test_the_cap_per_arrangement_per_year(cast):
    b = begroting(cast, jaar=dit_jaar())
    tarieven(cast, jaar=dit_jaar())
    start, eind = binnen_dit_jaar()
    arrangement = ah.arrangement(cast, start=start, einddatum=eind, materiaalbudget=Decimal("6900"))
    with pytest.raises(ValidationError, match="het plafond is € 7.000,00 per arrangement per jaar"):
        arr.aanbieder_toewijzen(
            actor=cast.trajectbegeleider,
            arrangement=arrangement,
            soort="school",
            naam="Remedial teacher",
            uren_gepland=Decimal("5"),
        )
    assert not Aanbieder.objects.exists()
    assert post(b, Doel.ARRANGEMENTEN).beschikbaar == Decimal("3100.00")


def test_top_charges_a_temporary_placement_to_the_sending_school(cast, client):
    from tests.dossier.test_opp import _vastgesteld as opp_vastgesteld

    model = services.verdeelmodel_uit_preset(actor=cast.beheerder, samenwerkingsverband=cast.swv, preset="top")
    b = begroting(cast, jaar=dit_jaar(), model=model, tellingen={cast.school_a: 400, cast.school_b: 100})
    tarieven(cast, jaar=dit_jaar(), sbo=Decimal("1000"))
    schoolbudget = post(b, Doel.SCHOOLBUDGET, cast.school_a)
    assert schoolbudget.beschikbaar == Decimal("54000.00")  # 400 × € 150 minus 10% skim
    opp_vastgesteld(client, cast)
    aanvraag = tah.ingediend(cast, soort="tlv_sbo")
    h.deskundigenadviezen(aanvraag.traject, cast.trajectbegeleider)
    h.stap(aanvraag.traject, cast.trajectbegeleider, "toekennen", "Een tijdelijke plaatsing in het SBO.")
    aanvraag.refresh_from_db()
    start = date(dit_jaar(), 1, 1)
    plaatsing = ah.arrangement(
        cast,
        aanvraag.besluit,
        soort="tijdelijke_plaatsing",
        start=start,
        einddatum=date(dit_jaar(), 12, 31),
        terugkeer_op=date(dit_jaar(), 12, 31),
        plaats="sbo",
        plaats_school=tah.sbo_school(cast),
    )
    # A whole year at the sbo rate, charged to school A (the waterbed), not to the partnership.
    assert som(arrangement=plaatsing, soort=V, post=schoolbudget) == Decimal("1000.00")
    assert post(b, Doel.PLAATSINGEN).beschikbaar == Decimal("10000.00")


def test_a_new_years_budget_takes_over_what_runs_into_it(cast):
    vorig = dit_jaar()
    begroting(cast, jaar=vorig)
    tarieven(cast, jaar=vorig)
    tarieven(cast, jaar=vorig + 1, uur=Decimal("100"))
    start = date(vorig, 11, 1) if timezone.localdate() >= date(vorig, 11, 1) else timezone.localdate()
    arrangement = ah.arrangement(cast, start=start, einddatum=date(vorig + 1, 4, 30), materiaalbudget=Decimal("600"))
    in_vorig = som(arrangement=arrangement, soort=V)
    assert Decimal("0") < in_vorig < Decimal("600")  # only this year's share: next year has no budget yet
    volgend = begroting(cast, jaar=vorig + 1)
    doorlopend = som(arrangement=arrangement, soort=V, jaar=vorig + 1)
    assert in_vorig + doorlopend == Decimal("600.00")
    assert post(volgend, Doel.ARRANGEMENTEN).beschikbaar == Decimal("10000.00") - doorlopend


def _plaatsing_dit_jaar(cast, client):
    """A temporary placement in the sbo for the whole of this calendar year (school A's pupil)."""
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
        start=date(dit_jaar(), 1, 1),
        einddatum=date(dit_jaar(), 12, 31),
        terugkeer_op=date(dit_jaar(), 12, 31),
        plaats="sbo",
        plaats_school=tah.sbo_school(cast),
    )


def test_ending_a_placement_spends_the_place_used_and_releases_the_rest(cast, client):
    b = begroting(cast, jaar=dit_jaar())
    tarieven(cast, jaar=dit_jaar(), sbo=Decimal("3650"))
    plaatsing = _plaatsing_dit_jaar(cast, client)
    assert som(arrangement=plaatsing, soort=V, post__doel=Doel.PLAATSINGEN) == Decimal("3650.00")

    arr.arrangement_beeindigen(
        actor=cast.ib_a, arrangement=Arrangement.objects.get(pk=plaatsing.pk), toelichting="Eerder terug."
    )
    # The place was used from 1 January until today: that part is spent, the rest released.
    vandaag = timezone.localdate()
    dagen_in_jaar = (date(dit_jaar(), 12, 31) - date(dit_jaar(), 1, 1)).days + 1
    gebruikt = (vandaag - date(dit_jaar(), 1, 1)).days + 1
    besteed = euro(Decimal("3650") * gebruikt / dagen_in_jaar)
    assert som(arrangement=plaatsing, soort=R) == besteed
    assert som(arrangement=plaatsing, soort=V) == 0
    assert post(b, Doel.PLAATSINGEN).beschikbaar == Decimal("10000.00") - besteed


def test_a_youth_care_providers_hours_book_nothing(cast):
    b = begroting(cast, jaar=dit_jaar())
    tarieven(cast, jaar=dit_jaar())
    start, eind = binnen_dit_jaar()
    arrangement = ah.arrangement(cast, start=start, einddatum=eind)
    jeugdhulp = arr.aanbieder_toewijzen(
        actor=cast.trajectbegeleider,
        arrangement=arrangement,
        soort="jeugdhulp",
        naam="Hulpverlener jeugdhulp",
        uren_gepland=Decimal("20"),
    )
    arr.inzet_boeken(
        actor=cast.trajectbegeleider,
        aanbieder=jeugdhulp,
        datum=timezone.localdate() if start <= timezone.localdate() <= eind else start,
        activiteit="oudergesprek",
        uren=Decimal("2"),
    )
    # Youth care pays its own hours (seed 003: the OJA's youth-care part from youth-care funds).
    assert not Boeking.objects.filter(aanbieder=jeugdhulp).exists()
    assert post(b, Doel.ARRANGEMENTEN).beschikbaar == Decimal("10000.00")
