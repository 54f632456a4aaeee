"""When an arrangement is evaluated, and the dated tasks around a temporary placement.

The cadence comes from the route (RouteVersie.evaluatie, docs/routes.md): every N weeks from
the start, after given weeks, some weeks before the end; there is always an end evaluation.
Moments closer than a week to a later one are dropped: one meeting serves both.
"""

from __future__ import annotations

from datetime import date, timedelta

SAMEN = timedelta(days=7)


def evaluatiemomenten(start: date, eind: date, cadans: dict) -> list[tuple[str, date]]:
    """[(moment, date)] in order, the last one the end evaluation."""
    kandidaten: dict[date, str] = {}
    if (stap := cadans.get("elke_weken")) and stap > 0:
        dag = start + timedelta(weeks=stap)
        while dag < eind:
            kandidaten[dag] = "tussentijds"
            dag += timedelta(weeks=stap)
    for weken in cadans.get("na_weken", []):
        if (dag := start + timedelta(weeks=weken)) < eind:
            kandidaten[dag] = "tussentijds"
    for weken in cadans.get("weken_voor_einde", []):
        if start < (dag := eind - timedelta(weeks=weken)) < eind:
            kandidaten[dag] = "voor_terugkeer"
    kandidaten[eind] = "eind"
    momenten: list[tuple[str, date]] = []
    for dag in sorted(kandidaten, reverse=True):  # from the end back: the later moment serves both
        if momenten and momenten[-1][1] - dag < SAMEN:
            continue
        momenten.append((kandidaten[dag], dag))
    return momenten[::-1]


def plaatsingstaken(start: date, terugkeer: date) -> list[dict]:
    """TOP (seed 003): the receiving school observes twice before the placement; agreements four
    weeks before the return; two observations after it, then advice for the aftercare."""
    return [
        {"soort": "observatie_voor", "volgnummer": 1, "uiterlijk": start - timedelta(weeks=2)},
        {"soort": "observatie_voor", "volgnummer": 2, "uiterlijk": start - timedelta(days=1)},
        {"soort": "afspraken_terugkeer", "volgnummer": 1, "uiterlijk": terugkeer - timedelta(weeks=4)},
        {"soort": "observatie_na", "volgnummer": 1, "uiterlijk": terugkeer + timedelta(weeks=2)},
        {"soort": "observatie_na", "volgnummer": 2, "uiterlijk": terugkeer + timedelta(weeks=6)},
        {"soort": "nazorgadvies", "volgnummer": 1, "uiterlijk": terugkeer + timedelta(weeks=8)},
    ]
