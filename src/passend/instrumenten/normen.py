"""Read and check a norm table (CSV, format: docs/instrumenten.md) against one instrument version.

Every row names its line number in its errors; per area (and age group) the rows must cover each
possible raw score, 0 to the area's maximum, exactly once. The table is refused whole on any error.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError

KOLOMMEN = ["gebied", "ruw_van", "ruw_tot", "normscore", "band", "leeftijd_van_maanden", "leeftijd_tot_maanden"]
MAX_BESTAND = 2 * 1024 * 1024
MAX_REGELS = 20000
MAX_FOUTEN = 20
MAX_GETAL = 1_000_000
MAX_LEEFTIJD = 1200  # months


@dataclass(frozen=True)
class Regel:
    regel: int
    gebied: str
    ruw_van: int
    ruw_tot: int
    normscore: int
    band: str
    leeftijd_van: int | None
    leeftijd_tot: int | None


def _geheel(waarde: str, naam: str, *, leeg_mag: bool = False, negatief_mag: bool = False, grens: int = MAX_GETAL):
    waarde = waarde.strip()
    if not waarde:
        if leeg_mag:
            return None
        raise ValueError(f"{naam} ontbreekt")
    try:
        getal = int(waarde)
    except ValueError:
        raise ValueError(f"{naam} ‘{waarde[:20]}’ is geen geheel getal")
    if getal < 0 and not negatief_mag:
        raise ValueError(f"{naam} mag niet negatief zijn")
    if abs(getal) > grens:
        # Beyond what the columns hold (a database error otherwise) and beyond any real norm.
        raise ValueError(
            f"{naam} moet tussen -{grens} en {grens} liggen" if negatief_mag else f"{naam} mag hoogstens {grens} zijn"
        )
    return getal


def lees_normtabel(inhoud: bytes, maxima: dict[str, int]) -> list[Regel]:
    """The rows of the table; `maxima` are the scored areas of the instrument with their maximum raw score."""
    if len(inhoud) > MAX_BESTAND:
        raise ValidationError("Het bestand is groter dan 2 MB; dat is geen normtabel.")
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("Het bestand is geen UTF-8-tekst. Sla het op als ‘CSV UTF-8’ en probeer het opnieuw.")
    lezer = csv.reader(io.StringIO(tekst), delimiter=";")
    kop = next(lezer, None)
    if kop is None or [k.strip().lower() for k in kop] != KOLOMMEN:
        raise ValidationError(
            f"Regel 1: de kopregel moet precies ‘{';'.join(KOLOMMEN)}’ zijn (puntkomma's als scheidingsteken)."
        )
    regels, fouten = [], []
    for nummer, rij in enumerate(lezer, start=2):
        if not any(cel.strip() for cel in rij):
            continue
        if len(regels) >= MAX_REGELS:
            raise ValidationError(f"Regel {nummer}: meer dan {MAX_REGELS} regels; dat is geen normtabel.")
        if len(rij) != len(KOLOMMEN):
            fouten.append(f"Regel {nummer}: verwacht {len(KOLOMMEN)} kolommen, gevonden {len(rij)}.")
            continue
        try:
            regel = _regel(nummer, rij, maxima)
        except ValueError as fout:
            fouten.append(f"Regel {nummer}: {fout}.")
            continue
        regels.append(regel)
    if not regels and not fouten:
        fouten.append("De normtabel heeft geen regels.")
    if not fouten:
        # The rows that are wrong first (each names its row), then the areas the table leaves out.
        fouten = sorted(_dekking(regels, maxima), key=lambda fout: not fout.startswith("Regel "))
    if fouten:
        extra = len(fouten) - MAX_FOUTEN
        raise ValidationError(fouten[:MAX_FOUTEN] + ([f"… en nog {extra} fout(en)."] if extra > 0 else []))
    return regels


def _regel(nummer: int, rij: list[str], maxima: dict[str, int]) -> Regel:
    gebied = rij[0].strip()
    if gebied not in maxima:
        raise ValueError(f"gebied ‘{gebied[:40]}’ is geen gebied van dit instrument dat scoort")
    ruw_van = _geheel(rij[1], "ruw_van")
    ruw_tot = _geheel(rij[2], "ruw_tot")
    normscore = _geheel(rij[3], "normscore", negatief_mag=True)
    band = rij[4].strip()
    if not band:
        raise ValueError("band ontbreekt")
    if len(band) > 50 or any(teken in band for teken in "<>\x00"):
        raise ValueError("band is langer dan 50 tekens of bevat < of >")
    leeftijd_van = _geheel(rij[5], "leeftijd_van_maanden", leeg_mag=True, grens=MAX_LEEFTIJD)
    leeftijd_tot = _geheel(rij[6], "leeftijd_tot_maanden", leeg_mag=True, grens=MAX_LEEFTIJD)
    if ruw_tot < ruw_van:
        raise ValueError(f"ruw_tot ({ruw_tot}) ligt onder ruw_van ({ruw_van})")
    if ruw_tot > maxima[gebied]:
        raise ValueError(f"ruw_tot ({ruw_tot}) ligt boven de hoogste ruwe score van ‘{gebied}’ ({maxima[gebied]})")
    if leeftijd_van is not None and leeftijd_tot is not None and leeftijd_tot < leeftijd_van:
        raise ValueError("leeftijd_tot_maanden ligt onder leeftijd_van_maanden")
    return Regel(nummer, gebied, ruw_van, ruw_tot, normscore, band, leeftijd_van, leeftijd_tot)


def _dekking(regels: list[Regel], maxima: dict[str, int]) -> list[str]:
    """Each scored area has rows; its age groups do not overlap; each (area, age group) covers
    0..maximum exactly once. Overlaps and gaps name the rows."""
    fouten = []
    groepen: dict[tuple, list[Regel]] = {}
    for regel in regels:
        groepen.setdefault((regel.gebied, regel.leeftijd_van, regel.leeftijd_tot), []).append(regel)
    for gebied, maximum in maxima.items():
        if not any(g == gebied for g, _, _ in groepen):
            fouten.append(
                f"‘{gebied}’ heeft geen regel voor ruwe score 0–{maximum}: elk gebied dat scoort hoort in de normtabel."
            )
    fouten += _leeftijden_overlappen(groepen)
    for (gebied, van, tot), groep in groepen.items():
        leeftijd = "" if van is None and tot is None else f" (leeftijd {van or 0}–{'…' if tot is None else tot})"
        verwacht, laatste = 0, None
        for regel in sorted(groep, key=lambda r: (r.ruw_van, r.regel)):
            if regel.ruw_van < verwacht:
                fouten.append(
                    f"Regel {regel.regel}: ruwe score {regel.ruw_van} van ‘{gebied}’{leeftijd} "
                    "staat al in een eerdere regel."
                )
            elif regel.ruw_van > verwacht:
                fouten.append(
                    f"Regel {regel.regel}: ‘{gebied}’{leeftijd} heeft geen regel voor ruwe score "
                    f"{verwacht}–{regel.ruw_van - 1}."
                )
            if regel.ruw_tot + 1 >= verwacht:
                laatste = regel
            verwacht = max(verwacht, regel.ruw_tot + 1)
        if verwacht <= maxima[gebied]:
            fouten.append(
                f"Regel {laatste.regel}: ‘{gebied}’{leeftijd} heeft geen regel voor ruwe score "
                f"{verwacht}–{maxima[gebied]} (de hoogste ruwe score is {maxima[gebied]})."
            )
    return fouten


def _leeftijden_overlappen(groepen: dict[tuple, list[Regel]]) -> list[str]:
    """Two age groups of one area may not share an age (no age given: every age)."""
    fouten = []
    per_gebied: dict[str, list[tuple]] = {}
    for (gebied, van, tot), groep in groepen.items():
        eerste = min(r.regel for r in groep)
        per_gebied.setdefault(gebied, []).append((van or 0, float("inf") if tot is None else tot, eerste))
    for gebied, leeftijden in per_gebied.items():
        leeftijden.sort(key=lambda x: (x[0], x[2]))
        _, tot_tot_nu, tot_regel = leeftijden[0]
        for van, tot, regel in leeftijden[1:]:
            if van <= tot_tot_nu:
                fouten.append(
                    f"Regel {regel}: de leeftijden van ‘{gebied}’ overlappen met die vanaf regel {tot_regel}; "
                    "een leerling past dan in twee regels."
                )
            if tot > tot_tot_nu:
                tot_tot_nu, tot_regel = tot, regel
    return fouten


def band_rangen(regels: list[Regel]) -> dict[str, int]:
    """Bands from low to high: ordered by the lowest normscore each band has."""
    laagste: dict[str, int] = {}
    for regel in regels:
        laagste[regel.band] = min(laagste.get(regel.band, regel.normscore), regel.normscore)
    return {band: rang for rang, band in enumerate(sorted(laagste, key=lambda b: (laagste[b], b)))}
