"""Scoring a finished afname: raw score per area, and the norm score where a norm table applies."""

from __future__ import annotations

from dataclasses import dataclass

from passend.instrumenten.models import Vraag


@dataclass(frozen=True)
class Gebiedsscore:
    gebied_id: int
    ruw: int
    maximum: int
    normscore: int | None = None
    band: str = ""
    band_rang: int | None = None


def _beantwoord(vraag, antwoord) -> bool:
    return antwoord.waarde is not None if vraag.soort == Vraag.Soort.SCHAAL else bool(antwoord.tekst.strip())


def ontbrekende_vragen(vragen, antwoorden: dict[int, object]) -> list:
    """The required questions without an answer (`antwoorden`: vraag id → Antwoord)."""
    ontbreekt = []
    for vraag in vragen:
        if not vraag.verplicht:
            continue
        antwoord = antwoorden.get(vraag.pk)
        if antwoord is None or not _beantwoord(vraag, antwoord):
            ontbreekt.append(vraag)
    return ontbreekt


def scores(gebieden, vragen, antwoorden: dict[int, object], normregels, leeftijd_maanden: int) -> list[Gebiedsscore]:
    """One score per scored area. An unanswered optional scale question counts as 0."""
    per_gebied: dict[int, int] = {g.pk: 0 for g in gebieden if g.scoren}
    for vraag in vragen:
        if vraag.soort != Vraag.Soort.SCHAAL or vraag.gebied_id not in per_gebied:
            continue
        antwoord = antwoorden.get(vraag.pk)
        if antwoord is not None and antwoord.waarde is not None:
            per_gebied[vraag.gebied_id] += antwoord.waarde
    uit = []
    for gebied in gebieden:
        if not gebied.scoren:
            continue
        ruw = per_gebied[gebied.pk]
        regel = next((r for r in normregels if r.gebied_id == gebied.pk and r.past(ruw, leeftijd_maanden)), None)
        if regel is None:
            uit.append(Gebiedsscore(gebied.pk, ruw, gebied.maximum))
        else:
            uit.append(Gebiedsscore(gebied.pk, ruw, gebied.maximum, regel.normscore, regel.band, regel.band_rang))
    return uit
