"""Budget bars as server-side SVG: per line what is spent, what is still committed and what is
left, on one scale. The table next to it gives the same figures (accessibility)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

from passend.financien.geld import bedrag_tekst

BREEDTE, LABEL, BALK, RIJ = 760, 300, 330, 28
KLEUREN = {"gerealiseerd": "#1f4e79", "verplicht": "#6b9bc8", "beschikbaar": "#dce8f3"}
NAMEN = {"gerealiseerd": "uitgegeven", "verplicht": "vastgelegd", "beschikbaar": "beschikbaar"}


def budgetbalken(rijen, *, titel: str, id_prefix: str = "budget") -> str:
    """`rijen`: [(label, Stand)]. Bars share one scale: the largest budget fills the width."""
    rijen = [(label, s) for label, s in rijen if s.budget or s.verplicht or s.gerealiseerd]
    if not rijen:
        return ""
    schaal = max(max(s.budget, s.verplicht + s.gerealiseerd) for _, s in rijen) or 1
    hoogte = RIJ * len(rijen) + 40
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BREEDTE} {hoogte}" width="100%" role="img" '
        f'aria-labelledby="{id_prefix}-titel" class="budgetgrafiek">',
        f'<title id="{id_prefix}-titel">{escape(titel)}</title>',
    ]
    for i, (label, s) in enumerate(rijen):
        y = 6 + i * RIJ
        x = LABEL
        delen.append(
            f'<text x="{LABEL - 8}" y="{y + 15}" font-size="12" text-anchor="end" fill="#1a1a1a">'
            f"{escape(label[:44])}</text>"
        )
        for deel, waarde in (
            ("gerealiseerd", s.gerealiseerd),
            ("verplicht", s.verplicht),
            ("beschikbaar", s.beschikbaar),
        ):
            breedte = float(max(waarde, 0) / schaal) * BALK
            if breedte > 0:
                delen.append(
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{breedte:.1f}" height="{RIJ - 10}" fill="{KLEUREN[deel]}"/>'
                )
                x += breedte
        delen.append(
            f'<text x="{LABEL + BALK + 8}" y="{y + 15}" font-size="11" fill="#1a1a1a">'
            f"{escape(bedrag_tekst(s.budget))}</text>"
        )
    y = hoogte - 14
    x = LABEL
    for deel in ("gerealiseerd", "verplicht", "beschikbaar"):
        delen.append(f'<rect x="{x}" y="{y - 10}" width="14" height="12" fill="{KLEUREN[deel]}" stroke="#555"/>')
        delen.append(f'<text x="{x + 18}" y="{y}" font-size="11">{NAMEN[deel]}</text>')
        x += 110
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 (every text above is escaped)


def paarbalken(rijen, *, namen: tuple[str, str], titel: str, id_prefix: str = "paar") -> str:
    """Two bars per row on one scale: `rijen` = [(label, a, b)], e.g. income and spending per year,
    or a school's budget under two models."""
    rijen = list(rijen)
    if not rijen:
        return ""
    schaal = max(max(abs(a), abs(b)) for _, a, b in rijen) or 1
    rij = 34
    hoogte = rij * len(rijen) + 40
    kleuren = ("#1f4e79", "#c77d2e")
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BREEDTE} {hoogte}" width="100%" role="img" '
        f'aria-labelledby="{id_prefix}-titel" class="budgetgrafiek">',
        f'<title id="{id_prefix}-titel">{escape(titel)}</title>',
    ]
    for i, (label, a, b) in enumerate(rijen):
        y = 6 + i * rij
        delen.append(
            f'<text x="{LABEL - 8}" y="{y + 17}" font-size="12" text-anchor="end" fill="#1a1a1a">'
            f"{escape(str(label)[:44])}</text>"
        )
        for j, (waarde, kleur) in enumerate(((a, kleuren[0]), (b, kleuren[1]))):
            breedte = float(max(waarde, 0) / schaal) * BALK
            delen.append(f'<rect x="{LABEL}" y="{y + 3 + j * 12}" width="{breedte:.1f}" height="10" fill="{kleur}"/>')
            delen.append(
                f'<text x="{LABEL + breedte + 6:.1f}" y="{y + 12 + j * 12}" font-size="10">'
                f"{escape(bedrag_tekst(waarde))}</text>"
            )
    y = hoogte - 14
    for j, naam in enumerate(namen):
        x = LABEL + j * 200
        delen.append(f'<rect x="{x}" y="{y - 10}" width="14" height="12" fill="{kleuren[j]}"/>')
        delen.append(f'<text x="{x + 18}" y="{y}" font-size="11">{escape(naam)}</text>')
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 (every text above is escaped)
