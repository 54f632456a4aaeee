"""A key figure as a server-side SVG bar chart: one group of horizontal bars per row, one bar per
charted column, on one scale. The table next to it carries the same numbers (accessibility);
suppressed and empty cells draw no bar."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from passend.rapportage.kengetallen import Figuur

BREEDTE, LABEL, BALK, HOOGTE = 760, 290, 360, 16
KLEUREN = ("#1f4e79", "#b35900", "#2e7d32", "#6a1b9a")  # each ≥ 4.5:1 on white
MEESTE_RIJEN = 20


def _getal(cel) -> float | None:
    if cel.onderdrukt or not isinstance(cel.waarde, int | Decimal) or isinstance(cel.waarde, bool):
        return None
    return float(cel.waarde)


def _kort(label: str, tekens: int = 42) -> str:
    return label if len(label) <= tekens else label[: tekens - 1].rstrip() + "…"


def staafdiagram(figuur: Figuur, *, breedte: int = BREEDTE) -> str:
    kolommen = [k for k in figuur.grafiek if k < len(figuur.kolommen)]
    rijen = [r for r in figuur.rijen if r.label != "Totaal" and any(_getal(r.cellen[k]) for k in kolommen)]
    if not kolommen or not rijen:
        return ""
    titel = figuur.titel
    if len(rijen) > MEESTE_RIJEN:
        rijen = sorted(rijen, key=lambda r: -(_getal(r.cellen[kolommen[0]]) or 0))[:MEESTE_RIJEN]
        titel += f" (de {MEESTE_RIJEN} grootste)"
    schaal = max(abs(_getal(r.cellen[k]) or 0) for r in rijen for k in kolommen) or 1
    balk = breedte - LABEL - 110
    groep = HOOGTE * len(kolommen) + 10
    legenda = 24 if len(kolommen) > 1 else 0
    hoogte = groep * len(rijen) + legenda + 8
    id_ = f"grafiek-{figuur.code}"
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" width="100%" role="img" '
        f'aria-labelledby="{id_}" class="kengetalgrafiek">',
        f'<title id="{id_}">{escape(titel)}</title>',
    ]
    for i, rij in enumerate(rijen):
        y = 4 + i * groep
        delen.append(
            f'<text x="{LABEL - 8}" y="{y + groep / 2 + 2:.0f}" font-size="12" text-anchor="end" fill="#1a1a1a">'
            f"{escape(_kort(rij.label))}</text>"
        )
        for j, k in enumerate(kolommen):
            cel = rij.cellen[k]
            waarde = _getal(cel)
            yb = y + j * HOOGTE
            if waarde is not None and waarde > 0:
                w = waarde / schaal * balk
                delen.append(
                    f'<rect x="{LABEL}" y="{yb}" width="{w:.1f}" height="{HOOGTE - 3}" fill="{KLEUREN[j % 4]}"/>'
                )
            else:
                w = 0
            delen.append(
                f'<text x="{LABEL + w + 6:.1f}" y="{yb + HOOGTE - 5}" font-size="11" fill="#1a1a1a">'
                f"{escape(cel.tekst)}</text>"
            )
    if legenda:
        x, y = LABEL, hoogte - 10
        for j, k in enumerate(kolommen):
            delen.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{KLEUREN[j % 4]}"/>')
            delen.append(
                f'<text x="{x + 16}" y="{y}" font-size="11" fill="#1a1a1a">{escape(figuur.kolommen[k])}</text>'
            )
            x += 30 + 7 * len(figuur.kolommen[k])
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 (every text above is escaped)
