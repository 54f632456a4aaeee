"""Demo data for the money (issue 7): De Voorbeeldregio's budgets for last year and this year.

Loaded after the instruments and before the support (demo_ondersteuning), so that the support's
grants, planned hours and hours given book their real costs on these budgets. Everything goes
through the same services a person uses (financien.services), as Bram the beheerder; drawing on
the buffer is the management's call (Lineke).

- Three distribution models from the presets TOP, HGA and IVO. The partnership works with HGA
  (Ryan's traject stands at HGA's step 3); the other two are there to compare.
- Pupil counts on 1 October of the two years before this one, for every school (bo by count, sbo
  and so at their capacity).
- Rates for last year, and this year's indexed from them by 3% (the index shows).
- A budget for last year and for this year: income lines, the central lines, the buffer (4%) and
  the school budgets from the pupil counts; the places line takes what is left, so the budget
  closes (income = lines). De Zonnebloem's school budget is topped up from the buffer: under the
  TOP agreement it pays a temporary placement in the so itself (Finn), more than HGA's base budget.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from passend.accounts.models import User
from passend.financien import services
from passend.financien.geld import euro
from passend.financien.models import Begroting, Doel, Post, Verdeelmodel

INDEX_PCT = Decimal("3")

# This year's rates (after indexing last year's by 3%, up to a cent).
UURTARIEVEN = {
    "orthopedagoog": Decimal("95"),
    "psycholoog": Decimal("95"),
    "ambulant_begeleider": Decimal("75"),
    "gedragsspecialist": Decimal("80"),
    "onderwijsspecialist": Decimal("70"),
    "logopedist": Decimal("65"),
    "standaard": Decimal("70"),
}
PLAATSTARIEVEN = {
    "sbo": Decimal("12500"),
    "so_laag": Decimal("18000"),
    "so_midden": Decimal("26000"),
    "so_hoog": Decimal("38000"),
    "observatieplek": Decimal("15000"),
    "tussenvoorziening": Decimal("20000"),
    "onderwijszorgarrangement": Decimal("30000"),
}

# Pupils on 1 October (two years back, last year) of the regular schools; sbo and so count their capacity.
LEERLINGEN = {"20ZB00": (372, 384), "20CM00": (318, 306)}

# Per budget: income, and the central lines apart from places (which take the rest).
INKOMSTEN = (
    ("zware_ondersteuning", "Normatieve middelen zware ondersteuning (DUO)", Decimal("3200000")),
    ("lichte_ondersteuning", "Middelen lichte ondersteuning (DUO)", Decimal("900000")),
    ("overig", "Subsidie thuiszittersaanpak van de gemeenten", Decimal("45000")),
)
# For last year, about 3% less income.
INKOMSTEN_VORIG = (
    ("zware_ondersteuning", "Normatieve middelen zware ondersteuning (DUO)", Decimal("3105000")),
    ("lichte_ondersteuning", "Middelen lichte ondersteuning (DUO)", Decimal("875000")),
    ("overig", "Subsidie thuiszittersaanpak van de gemeenten", Decimal("40000")),
)
POSTEN = {
    Doel.EXPERTPOOL: Decimal("480000"),
    Doel.ARRANGEMENTEN: Decimal("640000"),
    Doel.INVESTERINGEN: Decimal("250000"),
    Doel.ORGANISATIE: Decimal("310000"),
}
BUFFER_PCT = Decimal("4")
ZONNEBLOEM_AANVULLING = Decimal("20000")
ZONNEBLOEM_REDEN = (
    "De Zonnebloem betaalt volgens de TOP-afspraak een tijdelijke plaatsing in het so uit het eigen "
    "ondersteuningsbudget; het basisbudget onder HGA is daarvoor te klein. Het management vult het aan "
    "uit de post onvoorzien."
)


def _wie(naam: str) -> User:
    return User.objects.get(email=f"{naam}@voorbeeldregio.example")


def _aantal(school, jaren_terug: int) -> int:
    """Pupils of `school` on 1 October `jaren_terug` years ago (1 or 2)."""
    if school.instellingscode in LEERLINGEN:
        return LEERLINGEN[school.instellingscode][2 - jaren_terug]
    return school.capaciteit or 200


def load(regio) -> None:
    if Begroting.objects.filter(samenwerkingsverband=regio).exists():
        return
    from passend.organisaties.models import School

    bram, lineke = _wie("bram"), _wie("lineke")
    jaar = timezone.localdate().year
    vorig = jaar - 1

    modellen = {
        preset: services.verdeelmodel_uit_preset(actor=bram, samenwerkingsverband=regio, preset=preset)
        for preset in (Verdeelmodel.Preset.TOP, Verdeelmodel.Preset.HGA, Verdeelmodel.Preset.IVO)
    }

    for jaren_terug in (2, 1):
        peildatum = date(jaar - jaren_terug, 10, 1)
        for school in School.objects.filter(samenwerkingsverband=regio).order_by("naam"):
            services.leerlingtelling_vastleggen(
                actor=bram, school=school, peildatum=peildatum, aantal=_aantal(school, jaren_terug)
            )

    # Last year's rates about 3% lower; this year's indexed from them, so the index shows.
    for soort, tarieven in (("uur", UURTARIEVEN), ("plaats", PLAATSTARIEVEN)):
        for sleutel, bedrag in tarieven.items():
            services.tarief_vastleggen(
                actor=bram,
                samenwerkingsverband=regio,
                jaar=vorig,
                soort=soort,
                sleutel=sleutel,
                bedrag=euro(bedrag * 100 / (100 + INDEX_PCT)),
            )
    services.tarieven_indexeren(actor=bram, samenwerkingsverband=regio, naar_jaar=jaar, index_pct=INDEX_PCT)

    for begrotingsjaar, inkomsten in ((vorig, INKOMSTEN_VORIG), (jaar, INKOMSTEN)):
        _begroting(regio, bram, lineke, begrotingsjaar, modellen[Verdeelmodel.Preset.HGA], inkomsten)


def _begroting(regio, bram, lineke, jaar: int, model, inkomsten) -> Begroting:
    """A budget that closes: the buffer a share of the income, the school budgets from the pupil
    counts, the places line what is left."""
    peildatum = date(jaar - 1, 10, 1)
    totaal = sum((bedrag for _, _, bedrag in inkomsten), Decimal("0"))
    schoolbudgetten = sum(
        (bedrag for _, bedrag in services.schoolbudgetten_berekenen(model, regio.pk, peildatum).values()),
        Decimal("0"),
    )
    # Last year's lines about 3% lower, as the income is.
    factor = Decimal("1") if jaar == timezone.localdate().year else Decimal("0.97")
    budgetten = {doel: euro(bedrag * factor) for doel, bedrag in POSTEN.items()}
    budgetten[Doel.BUFFER] = euro(totaal * BUFFER_PCT / 100)
    budgetten[Doel.PLAATSINGEN] = totaal - schoolbudgetten - sum(budgetten.values(), Decimal("0"))
    begroting = services.begroting_openen(
        actor=bram,
        samenwerkingsverband=regio,
        jaar=jaar,
        verdeelmodel=model,
        peildatum=peildatum,
        budgetten=budgetten,
        inkomsten=list(inkomsten),
        toelichting=f"Begroting {jaar} volgens het meerjarenperspectief, vastgesteld door het algemeen bestuur. "
        "Ondersteuning in natura volgens HGA; een basisbudget per school naar leerlingaantal.",
    )
    zonnebloem = Post.objects.get(begroting=begroting, school__instellingscode="20ZB00")
    services.buffer_inzetten(actor=lineke, post=zonnebloem, bedrag=ZONNEBLOEM_AANVULLING, reden=ZONNEBLOEM_REDEN)
    return begroting
