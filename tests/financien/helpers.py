"""Money for the persona cast's partnership: a model, rates and an opened budget."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from passend.financien import services
from passend.financien.models import Doel, Post

JAAR = 2026  # fixed-date tests; tests relative to today use dit_jaar()


def dit_jaar() -> int:
    return timezone.localdate().year


def begroting(cast, *, jaar=JAAR, budgetten=None, model=None, tellingen=None):
    """A budget for `jaar` with central lines (default: € 10.000 each, € 5.000 buffer) and school
    budgets from pupil counts (default 200 pupils at school A, 100 at school B)."""
    from passend.financien.models import Verdeelmodel

    model = model or Verdeelmodel.objects.filter(samenwerkingsverband=cast.swv, preset="hga").first()
    model = model or services.verdeelmodel_uit_preset(actor=cast.beheerder, samenwerkingsverband=cast.swv, preset="hga")
    peildatum = date(jaar - 1, 10, 1)
    for school, aantal in (tellingen or {cast.school_a: 200, cast.school_b: 100}).items():
        services.leerlingtelling_vastleggen(actor=cast.beheerder, school=school, peildatum=peildatum, aantal=aantal)
    budgetten = budgetten or {
        Doel.EXPERTPOOL: Decimal("10000"),
        Doel.ARRANGEMENTEN: Decimal("10000"),
        Doel.PLAATSINGEN: Decimal("10000"),
        Doel.INVESTERINGEN: Decimal("10000"),
        Doel.ORGANISATIE: Decimal("10000"),
        Doel.BUFFER: Decimal("5000"),
    }
    return services.begroting_openen(
        actor=cast.beheerder,
        samenwerkingsverband=cast.swv,
        jaar=jaar,
        verdeelmodel=model,
        peildatum=peildatum,
        budgetten=budgetten,
        inkomsten=[("zware_ondersteuning", "Normatieve middelen", Decimal("60000"))],
    )


def post(begroting, doel, school=None) -> Post:
    return Post.objects.get(begroting=begroting, doel=doel, school=school)


def tarieven(cast, jaar=JAAR, uur=Decimal("80"), sbo=Decimal("12000"), so=Decimal("20000")):
    for discipline in ("standaard", "orthopedagoog", "ambulant_begeleider"):
        services.tarief_vastleggen(
            actor=cast.beheerder, samenwerkingsverband=cast.swv, jaar=jaar, soort="uur", sleutel=discipline, bedrag=uur
        )
    for plaats, bedrag in (("sbo", sbo), ("so_laag", so), ("so_midden", so * 2), ("so_hoog", so * 3)):
        services.tarief_vastleggen(
            actor=cast.beheerder,
            samenwerkingsverband=cast.swv,
            jaar=jaar,
            soort="plaats",
            sleutel=plaats,
            bedrag=bedrag,
        )


def top_plaatsing(cast, client, *, sbo=Decimal("1000")):
    """This year's budget under the TOP preset (400 pupils at school A, 100 at B) and pupil A's
    temporary placement in the sbo for the whole year, charged to school A (the sending school).
    Returns (begroting, plaatsing); `client` is used to set pupil A's OPP and left signed in."""
    from tests.arrangementen import helpers as ah
    from tests.arrangementen import tlv_helpers as tah
    from tests.dossier.test_opp import _vastgesteld as opp_vastgesteld
    from tests.trajecten import helpers as h

    model = services.verdeelmodel_uit_preset(actor=cast.beheerder, samenwerkingsverband=cast.swv, preset="top")
    b = begroting(cast, jaar=dit_jaar(), model=model, tellingen={cast.school_a: 400, cast.school_b: 100})
    tarieven(cast, jaar=dit_jaar(), sbo=sbo)
    opp_vastgesteld(client, cast)
    aanvraag = tah.ingediend(cast, soort="tlv_sbo")
    h.deskundigenadviezen(aanvraag.traject, cast.trajectbegeleider)
    h.stap(aanvraag.traject, cast.trajectbegeleider, "toekennen", "Een tijdelijke plaatsing in het SBO.")
    aanvraag.refresh_from_db()
    plaatsing = ah.arrangement(
        cast,
        aanvraag.besluit,
        soort="tijdelijke_plaatsing",
        start=date(dit_jaar(), 1, 1),
        einddatum=date(dit_jaar(), 12, 31),
        terugkeer_op=date(dit_jaar(), 12, 31),
        plaats="sbo",
        plaats_school=tah.sbo_school(cast),
    )
    return b, plaatsing
