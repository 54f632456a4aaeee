"""Matching a pupil's needs to the simplest setting that suffices, close to home (seed 003, IVO).

Pure functions over plain data, so the rules can be tested exhaustively (property tests) and
timed without a database (bench/). A setting fits when its profile offers at least the needed
level on every field; a setting whose recorded places are all taken does not fit. Candidates
come simplest first:

    0 own school · 1 own school plus an additional arrangement · 2 another regular school ·
    3 intermediate provision · 4 sbo · 5 so

and within a step nearest first (then by name). An unclear field is left out of the comparison
and makes the outcome "onduidelijk": first find out what the pupil needs (a diagnostic arrangement).
Matching advises; the commission decides (models.Matchkeuze).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from passend.matching.velden import VELD_NAMEN, VELDEN
from passend.organisaties.afstand import afstand_vanaf

EIGEN_SCHOOL, EIGEN_SCHOOL_PLUS, ANDERE_SCHOOL, VOORZIENING, SBO, SO = range(6)
TREDEN = {
    EIGEN_SCHOOL: "De eigen school",
    EIGEN_SCHOOL_PLUS: "De eigen school met een aanvullend arrangement",
    ANDERE_SCHOOL: "Een andere reguliere school",
    VOORZIENING: "Een tussenvoorziening, observatieplek of onderwijs-zorgarrangement",
    SBO: "Speciaal basisonderwijs",
    SO: "Speciaal onderwijs",
}
TREDE_VAN_SOORT = {"bo": ANDERE_SCHOOL, "voorziening": VOORZIENING, "sbo": SBO, "so": SO}

MATCH, AANVULLEND, SPECIAAL, ONDUIDELIJK, GEEN = "match", "aanvullend", "speciaal", "onduidelijk", "geen"


@dataclass(frozen=True)
class Setting:
    """A school or provision with the levels it offers."""

    sleutel: str  # "school:12" or "voorziening:3"
    soort: str  # bo, sbo, so or voorziening
    naam: str
    niveaus: tuple[int, int, int, int, int]
    lat: float | None = None
    lon: float | None = None
    vrije_plaatsen: int | None = None  # None: not recorded
    profiel_vastgesteld: bool = True  # False: no approved profile, the partnership's basisondersteuning is assumed

    @property
    def model(self) -> str:
        return self.sleutel.partition(":")[0]

    @property
    def pk(self) -> int:
        return int(self.sleutel.partition(":")[2])


@dataclass(frozen=True)
class Aanvulling:
    """An additional arrangement: what it adds per field, and where it is given (None: at the own school)."""

    sleutel: int
    naam: str
    plus: tuple[int, int, int, int, int]
    plek: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Veld:
    veld: str
    nodig: int | None  # None: unclear
    biedt: int
    extra: int = 0

    @property
    def tekort(self) -> int:
        return 0 if self.nodig is None else max(0, self.nodig - self.biedt - self.extra)

    @property
    def naam(self) -> str:
        return VELD_NAMEN[self.veld]

    @property
    def tekst(self) -> str:
        if self.nodig is None:
            return f"{self.naam}: onduidelijk wat nodig is; biedt {self.biedt}"
        biedt = f"biedt {self.biedt}" + (f" + {self.extra} met het arrangement" if self.extra else "")
        if self.tekort:
            return f"{self.naam}: nodig {self.nodig}, {biedt} — tekort {self.tekort}"
        return f"{self.naam}: nodig {self.nodig}, {biedt} — voldoende"


@dataclass(frozen=True)
class Kandidaat:
    trede: int
    setting: Setting
    nodig: tuple  # the pupil's needs, a level or None per field
    afstand_km: float | None
    aanvulling: Aanvulling | None = None
    vol: bool = False
    ver_weg: bool = False

    @cached_property
    def velden(self) -> tuple[Veld, ...]:
        """Built when first asked for (a page shows a few), not for each of thousands of candidates."""
        extra = self.aanvulling.plus if self.aanvulling is not None else (0, 0, 0, 0, 0)
        return tuple(
            Veld(v, n, b, e) for v, n, b, e in zip(VELDEN, self.nodig, self.setting.niveaus, extra, strict=True)
        )

    @property
    def past(self) -> bool:
        return not self.vol and all(v.tekort == 0 for v in self.velden)

    @property
    def tekorten(self) -> list[Veld]:
        return [v for v in self.velden if v.tekort]

    @property
    def uitleg(self) -> list[str]:
        """Why it fits or not, in plain Dutch, one sentence per reason."""
        zinnen = []
        if self.tekorten:
            delen = ", ".join(f"{v.naam.lower()} ({v.tekort})" for v in self.tekorten)
            zinnen.append(f"Past niet: tekort op {delen}.")
        elif self.aanvulling is not None:
            extra = ", ".join(
                f"{VELD_NAMEN[veld].lower()} +{plus}"
                for veld, plus in zip(VELDEN, self.aanvulling.plus, strict=True)
                if plus
            )
            waar = f", gegeven op {self.aanvulling.plek}" if self.aanvulling.plek else ", op de eigen school"
            zinnen.append(f"Past met het aanvullend arrangement ‘{self.aanvulling.naam}’ ({extra}{waar}).")
        elif self.vol:
            zinnen.append("Het profiel past, maar er is geen plaats vrij: alle plaatsen zijn bezet.")
        else:
            zinnen.append("Past: biedt op elk veld minstens wat nodig is.")
        vrij = self.setting.vrije_plaatsen
        if vrij is not None and vrij > 0 and self.trede not in (EIGEN_SCHOOL, EIGEN_SCHOOL_PLUS):
            zinnen.append(f"{vrij} vrije {'plaats' if vrij == 1 else 'plaatsen'}.")
        if not self.setting.profiel_vastgesteld:
            zinnen.append(
                "Het profiel is nog niet door het samenwerkingsverband vastgesteld: gerekend met de basisondersteuning."
            )
        if self.ver_weg:
            zinnen.append("Verder weg dan de afstand die het samenwerkingsverband thuisnabij noemt.")
        return zinnen


@dataclass
class Advies:
    uitkomst: str
    kandidaten: list[Kandidaat]  # the own school first (fitting or not), then every setting that fits
    onduidelijk: list[str]  # fields whose need is unclear
    binnen_basisondersteuning: bool
    eigen_school: Kandidaat | None = None
    per_trede: dict[int, list[Kandidaat]] = field(default_factory=dict)

    @property
    def beste(self) -> Kandidaat | None:
        return next((k for k in self.kandidaten if k.past), None)


def _volgorde(kandidaat: Kandidaat):
    afstand = math.inf if kandidaat.afstand_km is None else kandidaat.afstand_km
    extra = sum(kandidaat.aanvulling.plus) if kandidaat.aanvulling else 0
    return (kandidaat.trede, kandidaat.vol, extra, afstand, kandidaat.setting.naam, kandidaat.setting.sleutel)


def adviseer(
    nodig: tuple,
    *,
    settings: list[Setting],
    aanvullingen: list[Aanvulling] = (),
    eigen_school: str | None = None,
    herkomst: tuple[float, float] | None = None,
    basisondersteuning: tuple | None = None,
    max_afstand_km: float | None = None,
) -> Advies:
    """The ranked candidates and the outcome for one pupil's needs (`nodig`: a level or None per field)."""
    onduidelijk = [veld for veld, n in zip(VELDEN, nodig, strict=True) if n is None]
    n0, n1, n2, n3, n4 = (0 if n is None else n for n in nodig)
    afstand_tot = afstand_vanaf(*(herkomst or (None, None)))
    kandidaten: list[Kandidaat] = []
    eigen = None
    for s in settings:
        s0, s1, s2, s3, s4 = s.niveaus
        is_eigen = s.sleutel == eigen_school
        if is_eigen:
            eigen = s
        elif not (s0 >= n0 and s1 >= n1 and s2 >= n2 and s3 >= n3 and s4 >= n4):
            continue  # most settings: no need to work out more
        afstand = afstand_tot(s.lat, s.lon)
        kandidaten.append(
            Kandidaat(
                trede=EIGEN_SCHOOL if is_eigen else TREDE_VAN_SOORT[s.soort],
                setting=s,
                nodig=nodig,
                afstand_km=afstand,
                vol=not is_eigen and s.vrije_plaatsen is not None and s.vrije_plaatsen <= 0,
                ver_weg=max_afstand_km is not None and afstand is not None and afstand > max_afstand_km,
            )
        )
    eigen_kandidaat = next((k for k in kandidaten if k.trede == EIGEN_SCHOOL), None)
    if eigen is not None and eigen_kandidaat is not None and not eigen_kandidaat.past:
        for a in aanvullingen:
            som = tuple(b + p for b, p in zip(eigen.niveaus, a.plus, strict=True))
            if not all(s >= n for s, n in zip(som, (n0, n1, n2, n3, n4), strict=True)):
                continue
            afstand = afstand_tot(a.lat, a.lon) if a.plek else eigen_kandidaat.afstand_km
            kandidaten.append(
                Kandidaat(
                    trede=EIGEN_SCHOOL_PLUS,
                    setting=eigen,
                    nodig=nodig,
                    afstand_km=afstand,
                    aanvulling=a,
                    ver_weg=max_afstand_km is not None and afstand is not None and afstand > max_afstand_km,
                )
            )
    kandidaten.sort(key=_volgorde)
    per_trede: dict[int, list[Kandidaat]] = {}
    for k in kandidaten:
        per_trede.setdefault(k.trede, []).append(k)
    basis = basisondersteuning is not None and all(
        b >= n for b, n in zip(basisondersteuning, (n0, n1, n2, n3, n4), strict=True)
    )
    return Advies(
        uitkomst=_uitkomst(onduidelijk, kandidaten),
        kandidaten=kandidaten,
        onduidelijk=onduidelijk,
        binnen_basisondersteuning=basis and not onduidelijk,
        eigen_school=eigen_kandidaat,
        per_trede=per_trede,
    )


def _uitkomst(onduidelijk, kandidaten) -> str:
    if onduidelijk:
        return ONDUIDELIJK
    beste = next((k for k in kandidaten if k.past), None)
    if beste is None:
        return GEEN
    if beste.trede in (EIGEN_SCHOOL, ANDERE_SCHOOL):
        return MATCH
    if beste.trede == EIGEN_SCHOOL_PLUS:
        return AANVULLEND
    return SPECIAAL
