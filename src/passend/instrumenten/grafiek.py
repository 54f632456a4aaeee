"""The profile of an afname as a server-side SVG: one bar per area, norm bands behind it.

Bars show the raw score on the scale of its area (0 to the maximum), so areas with more questions
compare fairly; where a norm table applies, each row's background shows which raw scores fall in which
band (light to dark from low to high). A comparison draws the earlier afname as a light, thin bar
above the later one. The table behind the chart is always shown next to it (accessibility).
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

BREEDTE = 720
LABEL = 250
BALK = 330
RIJ = 30
BOVEN = 26
# Characters of an area's name per line (DejaVu Sans at 11–12 units is about 7 units a character):
# a longer name takes two lines, and is cut off with an ellipsis after that (the table has it whole).
LABEL_TEKENS = 34
WAARDE_TEKENS = 19
# Band colours from low to high, and the bars; contrast checked against white and each other.
BANDKLEUREN = ("#e3f1e6", "#fbeccb", "#f6d3d3", "#e9d5f0", "#d6e4f5")
BAND_RAND = ("#5b8f67", "#a9791a", "#b04a4a", "#7d4f91", "#3f6fa8")
LATER = "#1f4e79"
EERDER = "#8aa9c9"


def _regels(naam: str, breedte: int = LABEL_TEKENS) -> list[str]:
    """The name in one line, or wrapped at words into two (the second shortened with … if needed)."""
    if len(naam) <= breedte:
        return [naam]
    woorden, eerste = naam.split(), ""
    while woorden and len(f"{eerste} {woorden[0]}".strip()) <= breedte:
        eerste = f"{eerste} {woorden.pop(0)}".strip()
    if not eerste:  # one very long word
        eerste, woorden = naam[:breedte], [naam[breedte:]]
    tweede = " ".join(woorden)
    return [eerste, tweede if len(tweede) <= breedte else tweede[: breedte - 1].rstrip() + "…"]


def _kort(tekst: str, breedte: int) -> str:
    return tekst if len(tekst) <= breedte else tekst[: breedte - 1].rstrip() + "…"


def _x(cel: float, maximum: int) -> float:
    """Raw scores 0..maximum are maximum + 1 equal cells; `cel` is a position in those cells."""
    return LABEL + BALK * cel / (maximum + 1)


def profiel_svg(scores, *, titel: str, normregels=(), eerdere_scores=None, id_prefix: str = "grafiek") -> str:
    """`scores`: the areas to draw (Score rows); `normregels`: the rows of the applicable norm table;
    `eerdere_scores`: {area code: Score} of an earlier afname to compare with."""
    scores = list(scores)
    normregels = list(normregels)
    gebieden = {score.gebied_id for score in scores}
    heeft_legenda = eerdere_scores is not None or any(r.gebied_id in gebieden for r in normregels)
    hoogte = BOVEN + RIJ * len(scores) + (34 if heeft_legenda else 8)
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BREEDTE} {hoogte}" width="100%" '
        f'role="img" aria-labelledby="{id_prefix}-titel" class="profielgrafiek">',
        f'<title id="{id_prefix}-titel">{escape(titel)}</title>',
        f'<text x="{LABEL}" y="16" font-size="11" fill="#444">0</text>',
        f'<text x="{LABEL + BALK}" y="16" font-size="11" fill="#444" text-anchor="end">maximum</text>',
    ]
    banden: dict[int, str] = {}
    for i, score in enumerate(scores):
        y = BOVEN + i * RIJ
        maximum = score.maximum
        for regel in (r for r in normregels if r.gebied_id == score.gebied_id):
            rang = regel.band_rang % len(BANDKLEUREN)
            banden.setdefault(regel.band_rang, regel.band)
            x1, x2 = _x(regel.ruw_van, maximum), _x(regel.ruw_tot + 1, maximum)
            delen.append(
                f'<rect x="{x1:.1f}" y="{y + 2}" width="{x2 - x1:.1f}" height="{RIJ - 6}" fill="{BANDKLEUREN[rang]}"/>'
            )
        delen.append(
            f'<rect x="{LABEL}" y="{y + 2}" width="{BALK}" height="{RIJ - 6}" '
            'fill="none" stroke="#888" stroke-width="0.5"/>'
        )
        regels = _regels(score.gebied.naam)
        if len(regels) == 1:
            delen.append(
                f'<text x="{LABEL - 8}" y="{y + RIJ / 2 + 3:.0f}" font-size="12" text-anchor="end" fill="#1a1a1a">'
                f"{escape(regels[0])}</text>"
            )
        else:
            delen.append(
                f'<text x="{LABEL - 8}" y="{y + RIJ / 2 - 3:.0f}" font-size="11" text-anchor="end" fill="#1a1a1a">'
                f'<tspan x="{LABEL - 8}">{escape(regels[0])}</tspan>'
                f'<tspan x="{LABEL - 8}" dy="12">{escape(regels[1])}</tspan></text>'
            )
        eerder = (eerdere_scores or {}).get(score.gebied.code)
        if eerder is not None:
            breedte = _x(eerder.ruw + 0.5, maximum) - LABEL
            delen.append(f'<rect x="{LABEL}" y="{y + 5}" width="{breedte:.1f}" height="6" fill="{EERDER}"/>')
        breedte = _x(score.ruw + 0.5, maximum) - LABEL
        balk_y = y + 12 if eerder is not None else y + 8
        delen.append(f'<rect x="{LABEL}" y="{balk_y}" width="{breedte:.1f}" height="{RIJ - 18}" fill="{LATER}"/>')
        waarde = f"{score.ruw}/{maximum}"
        if eerder is not None:
            waarde = f"{eerder.ruw} → {waarde}"  # the band shows behind the bar
        elif score.normscore is not None:
            waarde = _kort(f"{waarde} · {score.band}", WAARDE_TEKENS)
        delen.append(
            f'<text x="{LABEL + BALK + 6}" y="{y + RIJ / 2 + 3:.0f}" font-size="11" fill="#1a1a1a">'
            f"{escape(waarde)}</text>"
        )
    legenda_y = BOVEN + RIJ * len(scores) + 18
    x = LABEL
    if eerdere_scores is not None:
        delen.append(f'<rect x="{x}" y="{legenda_y - 9}" width="14" height="6" fill="{EERDER}"/>')
        delen.append(f'<text x="{x + 18}" y="{legenda_y - 2}" font-size="11">eerder</text>')
        delen.append(f'<rect x="{x + 62}" y="{legenda_y - 10}" width="14" height="10" fill="{LATER}"/>')
        delen.append(f'<text x="{x + 80}" y="{legenda_y - 2}" font-size="11">nu</text>')
        x += 110
    for rang in sorted(banden):
        kleur = BANDKLEUREN[rang % len(BANDKLEUREN)]
        rand = BAND_RAND[rang % len(BAND_RAND)]
        delen.append(f'<rect x="{x}" y="{legenda_y - 10}" width="14" height="10" fill="{kleur}" stroke="{rand}"/>')
        band = _kort(banden[rang], 20)
        delen.append(f'<text x="{x + 18}" y="{legenda_y - 2}" font-size="11">{escape(band)}</text>')
        x += 30 + 7 * len(band)
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 (every text above is escaped)
