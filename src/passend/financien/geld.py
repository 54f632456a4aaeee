"""Money is Decimal euros with cents. One rounding rule, stated once (docs/financien.md):

- every amount that is booked is rounded to whole cents, half up (0,005 → 0,01), as Dutch
  public bookkeeping does;
- a whole is split into parts (a school-year commitment over two financial years, a budget over
  schools) by rounding every part but the last, which takes the rest, so the parts always add up
  to the whole exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
NUL = Decimal("0.00")


def euro(bedrag) -> Decimal:
    return Decimal(bedrag).quantize(CENT, rounding=ROUND_HALF_UP)


def verdeel(totaal: Decimal, gewichten: list) -> list[Decimal]:
    """`totaal` split in proportion to `gewichten`; the last part takes what rounding left."""
    totaal = euro(totaal)
    som = sum(Decimal(g) for g in gewichten)
    if not gewichten:
        return []
    if som == 0:
        return [NUL] * (len(gewichten) - 1) + [totaal]
    delen = [euro(totaal * Decimal(g) / som) for g in gewichten[:-1]]
    return [*delen, totaal - sum(delen, NUL)]


def som_van(boekingen) -> Decimal:
    """The sum of entries' amounts, in exact cents (SQLite adds decimals up in floating point)."""
    from django.db.models import Sum

    return euro(boekingen.aggregate(s=Sum("bedrag"))["s"] or NUL)


def bedrag_tekst(bedrag: Decimal) -> str:
    """€ 1.234,56 — the Dutch way, for messages (templates use the same format)."""
    bedrag = euro(bedrag)
    teken = "-" if bedrag < 0 else ""
    geheel, _, centen = f"{abs(bedrag):.2f}".partition(".")
    groepen = []
    while len(geheel) > 3:
        groepen.insert(0, geheel[-3:])
        geheel = geheel[:-3]
    groepen.insert(0, geheel)
    return f"{teken}€ {'.'.join(groepen)},{centen}"
