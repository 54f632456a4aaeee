"""A route drawn as SVG: steps in layers from the start, outcomes as arrows.

Server-side and without scripts (the CSP forbids inline script, and the picture must print).
Steps are placed in layers by their distance from the start; an arrow to a later layer runs
straight down, an arrow back or sideways runs along the right-hand margin. The traject's
current step is drawn highlighted. The page shows the same route as a table for screen
readers, so the SVG carries a title and is otherwise decorative.
"""

from __future__ import annotations

from collections import deque

from django.utils.html import escape
from django.utils.safestring import mark_safe

from passend.trajecten.routebestand import BESLISREGELS, EINDE, OVERLEG_SOORTEN, ROLLEN

BREED, HOOG = 230, 92
GAT_X, GAT_Y = 40, 64
MARGE = 24
KANTLIJN = 90  # room on the right for arrows that go back


def _lagen(stappen, start: str) -> dict[str, int]:
    per_code = {s.code: s for s in stappen}
    laag = {start: 0}
    rij = deque([start])
    while rij:
        code = rij.popleft()
        for u in per_code[code].uitkomsten:
            naar = u["naar"]
            if naar != EINDE and naar in per_code and naar not in laag:
                laag[naar] = laag[code] + 1
                rij.append(naar)
    volgende = max(laag.values(), default=0) + 1
    for s in stappen:  # unreachable steps cannot be saved, but draw them rather than fail
        laag.setdefault(s.code, volgende)
    return laag


def _regels(tekst: str, breedte: int) -> list[str]:
    woorden, regels, regel = tekst.split(), [], ""
    for woord in woorden:
        if len(regel) + len(woord) + 1 > breedte and regel:
            regels.append(regel)
            regel = woord
        else:
            regel = f"{regel} {woord}".strip()
    if regel:
        regels.append(regel)
    return regels


def route_svg(versie, huidige: str | None = None, titel: str = "") -> str:
    stappen = list(versie.stappen.all())
    laag = _lagen(stappen, versie.start)
    per_laag: dict[int, list] = {}
    for s in sorted(stappen, key=lambda s: (laag[s.code], s.volgorde)):
        per_laag.setdefault(laag[s.code], []).append(s)
    einde_laag = max(per_laag) + 1
    kolommen = max(len(v) for v in per_laag.values())
    breedte = MARGE * 2 + kolommen * BREED + (kolommen - 1) * GAT_X + 2 * KANTLIJN
    hoogte = MARGE * 2 + (einde_laag + 1) * (HOOG + GAT_Y)

    plek = {}
    for n, rij in per_laag.items():
        rij_breed = len(rij) * BREED + (len(rij) - 1) * GAT_X
        x0 = MARGE + KANTLIJN + (kolommen * BREED + (kolommen - 1) * GAT_X - rij_breed) / 2
        for i, s in enumerate(rij):
            plek[s.code] = (x0 + i * (BREED + GAT_X), MARGE + n * (HOOG + GAT_Y))
    midden = MARGE + KANTLIJN + (kolommen * BREED + (kolommen - 1) * GAT_X) / 2
    plek[EINDE] = (midden - 70, MARGE + einde_laag * (HOOG + GAT_Y))

    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte:.0f} {hoogte:.0f}" '
        f'class="route-diagram" role="img" aria-labelledby="route-svg-titel">',
        f'<title id="route-svg-titel">{escape(titel or versie.naam)}</title>',
        '<defs><marker id="pijl" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#3d4a5c"/></marker></defs>',
    ]
    terug = sprong = 0
    for s in stappen:
        x, y = plek[s.code]
        for j, u in enumerate(s.uitkomsten):
            tx, ty = plek.get(u["naar"], plek[EINDE])
            doel_breed = 140 if u["naar"] == EINDE else BREED
            sx = x + BREED * (j + 1) / (len(s.uitkomsten) + 1)
            if ty > y + HOOG + GAT_Y:
                # Skipping layers: along the left margin, so the arrow never crosses a step.
                sprong += 1
                kant = MARGE + KANTLIJN - 14 - (sprong % 6) * 11
                pad = f"M{x:.0f},{y + HOOG / 2 + j * 6:.0f} H{kant:.0f} V{ty + HOOG / 2:.0f} H{tx - 2:.0f}"
            elif ty > y:
                ex = tx + doel_breed / 2
                pad = f"M{sx:.0f},{y + HOOG} C{sx:.0f},{y + HOOG + 30} {ex:.0f},{ty - 30} {ex:.0f},{ty - 2}"
            else:
                terug += 1
                kant = MARGE + KANTLIJN + kolommen * BREED + (kolommen - 1) * GAT_X + 14 + (terug % 6) * 11
                pad = (
                    f"M{x + BREED:.0f},{y + HOOG / 2 + j * 6:.0f} H{kant:.0f} "
                    f"V{ty + HOOG / 2:.0f} H{tx + doel_breed + 2:.0f}"
                )
            stijl = "pijl-terug" if ty <= y else "pijl"
            if u["naar"] == EINDE and ty > y + HOOG + GAT_Y:
                stijl = "pijl-einde"
            delen.append(
                f'<path d="{pad}" class="{stijl}" marker-end="url(#pijl)"><title>{escape(u["naam"])}</title></path>'
            )
    for s in stappen:
        x, y = plek[s.code]
        klasse = "stap stap-huidig" if s.code == huidige else "stap"
        delen.append(f'<g class="{klasse}"><rect x="{x:.0f}" y="{y:.0f}" width="{BREED}" height="{HOOG}" rx="8"/>')
        regels = _regels(s.naam, 30)[:2]
        for k, regel in enumerate(regels):
            delen.append(f'<text x="{x + 10:.0f}" y="{y + 20 + k * 16:.0f}" class="stap-naam">{escape(regel)}</text>')
        wie = ", ".join(ROLLEN.get(r, r) for r in s.rollen)
        delen.append(f'<text x="{x + 10:.0f}" y="{y + 58:.0f}" class="stap-wie">{escape(_kort(wie, 36))}</text>')
        hoe = OVERLEG_SOORTEN.get(s.overleg, "") if s.overleg else ""
        regel = s.beslisregel if s.beslisregel != "geen" else ""
        onder = " · ".join(filter(None, [_kort(hoe, 22), regel.replace("_", " ")]))
        if s.termijn_dagen:
            onder = f"{onder} · {s.termijn_dagen} d" if onder else f"{s.termijn_dagen} dagen"
        delen.append(f'<text x="{x + 10:.0f}" y="{y + 76:.0f}" class="stap-hoe">{escape(onder)}</text>')
        if s.code == huidige:
            delen.append(
                f'<text x="{x + BREED - 10:.0f}" y="{y - 6:.0f}" class="stap-hier" text-anchor="end">Hier</text>'
            )
        delen.append("</g>")
    ex, ey = plek[EINDE]
    delen.append(
        f'<g class="stap stap-einde"><rect x="{ex:.0f}" y="{ey:.0f}" width="140" height="44" rx="22"/>'
        f'<text x="{ex + 70:.0f}" y="{ey + 27:.0f}" text-anchor="middle" class="stap-naam">Afgesloten</text></g>'
    )
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308  every text above is escaped


def _kort(tekst: str, n: int) -> str:
    return tekst if len(tekst) <= n else tekst[: n - 1] + "…"


def beslisregel_label(code: str) -> str:
    return BESLISREGELS.get(code, code)
