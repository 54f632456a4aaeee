"""What support costs and on which post it lands, per financial year.

- A period is split over the calendar years it spans by its days in each (a school year's
  commitment from August to July lands about 5/12 in the first year and 7/12 in the second); the
  last year takes what rounding leaves (geld.verdeel).
- Hours cost the rate of the expert's discipline for that year (else the 'standaard' rate);
  a place costs the year's rate for its kind (sbo, so by funding category, a provision) for the
  share of the year it runs; materials cost their budget.
- Which post: a temporary placement lands on the sending school's budget when the model says the
  school pays (TOP), else on places; support paid by the school (financiering 'school') on the
  school's budget; hours of the pool on the expert pool when the model gives them in kind (HGA);
  everything else on arrangements. Youth care and the municipality pay their own: nothing is booked,
  neither for an arrangement they fund nor for the hours of a youth-care provider in one the
  partnership funds (an OJA: the partnership pays the education part, youth care its own, seed 003).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError

from passend.financien.geld import euro, verdeel
from passend.financien.models import Doel, Tarief

PLAATSINGEN = ("tijdelijke_plaatsing", "observatieplek", "onderwijszorgarrangement")
# The placement a school pays itself where the model says so (TOP); the others stay central.
TIJDELIJKE_PLAATSING = "tijdelijke_plaatsing"
NIET_VAN_HET_SWV = ("jeugdhulp", "gemeente")


def dagen_per_jaar(van: date, tot: date) -> dict[int, int]:
    """{calendar year: days of [van, tot] in it} (both ends included)."""
    uit: dict[int, int] = {}
    dag = van
    while dag <= tot:
        einde = min(tot, date(dag.year, 12, 31))
        uit[dag.year] = (einde - dag).days + 1
        dag = einde + timedelta(days=1)
    return uit


def over_jaren(bedrag: Decimal, van: date, tot: date) -> dict[int, Decimal]:
    """`bedrag` for the period [van, tot], split over its calendar years by their days."""
    if tot < van:
        return {}
    dagen = dagen_per_jaar(van, tot)
    jaren = sorted(dagen)
    return dict(zip(jaren, verdeel(bedrag, [dagen[j] for j in jaren]), strict=True))


@dataclass(frozen=True)
class Bestemming:
    doel: str
    school: object | None = None


def bestemming(arrangement, verdeelmodel, *, uren_van_pool: bool = False) -> Bestemming | None:
    """The post an arrangement's cost (or, `uren_van_pool`, a pool expert's hours) lands on; None
    when someone other than the partnership pays."""
    if arrangement.financiering in NIET_VAN_HET_SWV:
        return None
    if uren_van_pool and verdeelmodel.uren_in_natura:
        return Bestemming(Doel.EXPERTPOOL)
    if arrangement.soort == TIJDELIJKE_PLAATSING and verdeelmodel.plaatsing_door_school:
        return Bestemming(Doel.SCHOOLBUDGET, arrangement.school)
    if arrangement.financiering == "school":
        return Bestemming(Doel.SCHOOLBUDGET, arrangement.school)
    if arrangement.soort in PLAATSINGEN:
        return Bestemming(Doel.PLAATSINGEN)
    return Bestemming(Doel.ARRANGEMENTEN)


def betaalt_eigen_uren(aanbieder) -> bool:
    """A youth-care provider's hours are paid from youth-care funds, not by the partnership."""
    return aanbieder.soort == "jeugdhulp"


def bestemming_uren(aanbieder, verdeelmodel) -> Bestemming | None:
    """The post a provider's hours land on; None when the partnership does not pay them."""
    if betaalt_eigen_uren(aanbieder):
        return None
    return bestemming(aanbieder.arrangement, verdeelmodel, uren_van_pool=aanbieder.deskundige_id is not None)


def plaatssoort(arrangement) -> str | None:
    """The kind of place a placement arrangement takes, for its rate."""
    if arrangement.soort not in PLAATSINGEN:
        return None
    if arrangement.plaats == "voorziening" and arrangement.plaats_voorziening_id:
        return arrangement.plaats_voorziening.soort
    if arrangement.plaats == "so" or (arrangement.plaats_school_id and arrangement.plaats_school.soort == "so"):
        categorie = getattr(arrangement.besluit.aanvraag, "tlv_categorie", "") or "laag"
        return f"so_{categorie}"
    if arrangement.soort == "observatieplek":
        return "observatieplek"
    if arrangement.soort == "onderwijszorgarrangement":
        return "onderwijszorgarrangement"
    return "sbo"


def tarief(samenwerkingsverband_id, jaar: int, soort: str, sleutel: str) -> Decimal:
    """The year's rate; for hours the discipline's, else the 'standaard' one. No rate: a Dutch refusal."""
    sleutels = [sleutel, "standaard"] if soort == Tarief.Soort.UUR else [sleutel]
    tarieven = {
        t.sleutel: t.bedrag
        for t in Tarief.objects.filter(
            samenwerkingsverband_id=samenwerkingsverband_id, jaar=jaar, soort=soort, sleutel__in=sleutels
        )
    }
    for s in sleutels:
        if s in tarieven:
            return tarieven[s]
    wat = f"uurtarief voor {sleutel}" if soort == Tarief.Soort.UUR else f"tarief per plaats voor {sleutel}"
    raise ValidationError(f"Er is geen {wat} voor {jaar}. Leg het tarief vast bij Financiën → Tarieven.")


def plaatskosten(arrangement, van: date, tot: date, jaren) -> dict[int, Decimal]:
    """A place for [van, tot]: the year's rate times the share of the year, for each of `jaren`."""
    soort = plaatssoort(arrangement)
    if soort is None or tot < van:
        return {}
    uit = {}
    for jaar, dagen in dagen_per_jaar(van, tot).items():
        if jaar not in jaren:
            continue
        dagen_in_jaar = 366 if jaar % 4 == 0 and (jaar % 100 != 0 or jaar % 400 == 0) else 365
        per_jaar = tarief(arrangement.samenwerkingsverband_id, jaar, Tarief.Soort.PLAATS, soort)
        uit[jaar] = euro(per_jaar * dagen / dagen_in_jaar)
    return uit


def urenkosten(aanbieder, uren: Decimal, van: date, tot: date, jaren) -> dict[int, Decimal]:
    """`uren` spread over [van, tot] by days, each year's share at that year's rate, for each of `jaren`."""
    discipline = aanbieder.deskundige.discipline if aanbieder.deskundige_id else "standaard"
    swv = aanbieder.arrangement.samenwerkingsverband_id
    uren_per_jaar = over_jaren(Decimal(uren), van, tot)  # hours to cents first: fine for hours too
    return {
        jaar: euro(deel * tarief(swv, jaar, Tarief.Soort.UUR, discipline))
        for jaar, deel in uren_per_jaar.items()
        if deel and jaar in jaren
    }


def plafond(arrangement, verdeelmodel) -> Decimal | None:
    """The cap per arrangement per year: lower for a pupil in sbo (DOMAIN.md)."""
    if arrangement.school.soort == "sbo":
        return verdeelmodel.plafond_sbo
    return verdeelmodel.plafond_regulier
