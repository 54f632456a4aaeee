"""What a report is about: a partnership, a period, the date for figures that are a state (who
is at home, who waits), and optionally a deelverband, board, school or route."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date


def schooljaar_van(dag: date) -> int:
    """The school year (August–July) `dag` falls in, by the calendar year it starts in."""
    return dag.year if dag.month >= 8 else dag.year - 1


def schooljaar_periode(jaar: int) -> tuple[date, date]:
    return date(jaar, 8, 1), date(jaar + 1, 7, 31)


def schooljaar_tekst(jaar: int) -> str:
    return f"{jaar}-{jaar + 1}"


@dataclass(frozen=True)
class Filter:
    samenwerkingsverband_id: int
    van: date
    tot: date
    peildatum: date
    deelverband_id: int | None = None
    schoolbestuur_id: int | None = None
    school_id: int | None = None
    route_code: str = ""

    @classmethod
    def schooljaar(cls, samenwerkingsverband_id: int, jaar: int, vandaag: date, **scope) -> Filter:
        """A whole school year; its state figures as of its last day, or today while it runs."""
        van, tot = schooljaar_periode(jaar)
        return cls(samenwerkingsverband_id, van, tot, min(tot, vandaag), **scope)

    @property
    def jaar(self) -> int:
        """The school year the period starts in: its reference dates are 1 October and 1 February."""
        return schooljaar_van(self.van)

    @property
    def peildata(self) -> tuple[date, date]:
        return date(self.jaar, 10, 1), date(self.jaar + 1, 2, 1)

    def binnen(self, **scope) -> Filter:
        return replace(self, **scope)

    def jaren_eerder(self, jaren: int) -> Filter:
        def terug(d: date) -> date:
            return d.replace(year=d.year - jaren) if not (d.month == 2 and d.day == 29) else date(d.year - jaren, 2, 28)

        return replace(self, van=terug(self.van), tot=terug(self.tot), peildatum=terug(self.peildatum))
