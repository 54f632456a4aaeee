"""Two school years of a hand-built partnership for the annual-report tests, and a reader that
turns a workbook sheet back into the figure's rows."""

from __future__ import annotations

from datetime import date

from passend.rapportage.kengetallen import KLEIN, Figuur
from tests.arrangementen.tlv_helpers import sbo_school
from tests.rapportage import maak

JAAR = 2025  # 1 August 2025 – 31 July 2026, compared with 2024-2025
D = date


def scenario(cast) -> None:
    """School year 2025-2026 against 2024-2025:
    - 1 October counts: school A 400 / 380 pupils, the sbo 20 / 10: sbo participation 4,8% / 2,6%;
    - TLVs issued for pupils of school A: 6 (5 so, 1 sbo) / 4 (all so);
    - home-sitters on the reference date (31 July): school A 2 and school B 6 / school B 5."""
    sbo = sbo_school(cast)
    for school, nu, toen in ((cast.school_a, 400, 380), (sbo, 20, 10)):
        maak.telling(school, D(JAAR, 10, 1), nu)
        maak.telling(school, D(JAAR - 1, 10, 1), toen)
    for i, besloten in enumerate((D(2025, 9, 15), D(2025, 10, 1), D(2025, 11, 1), D(2026, 1, 5), D(2026, 3, 1))):
        maak.tlv(cast, maak.leerling(cast), besloten=besloten, categorie=("laag", "midden", "hoog")[i % 3])
    maak.tlv(cast, maak.leerling(cast), besloten=D(2026, 4, 1), soort="sbo", school=sbo)
    for besloten in (D(2024, 9, 20), D(2024, 12, 1), D(2025, 2, 1), D(2025, 5, 1)):
        maak.tlv(cast, maak.leerling(cast), besloten=besloten, categorie="laag")
    for _ in range(2):
        maak.thuis(maak.leerling(cast), D(2026, 3, 1), reden="psychisch")
    for _ in range(6):
        maak.thuis(maak.leerling(cast, school=cast.school_b), D(2026, 1, 10), reden="gedrag")
    for _ in range(5):
        maak.thuis(maak.leerling(cast, school=cast.school_b), D(2025, 5, 1), einde=D(2025, 9, 1), reden="ziekte")


def blok(blad, kop: str) -> tuple[list[str], list[list]]:
    """The column headers and rows (label first) of the table under the heading `kop` in a sheet."""
    rijen = list(blad.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rijen) if r[0] == kop)
    kopregel = next(i for i in range(start, len(rijen)) if rijen[i][0] == "Onderdeel")
    koppen = [k for k in rijen[kopregel][1:] if k is not None]
    uit = []
    for rij in rijen[kopregel + 1 :]:
        if rij[0] is None or rij[0] == "Niets om te tellen.":
            break
        uit.append(list(rij[: len(koppen) + 1]))
    return koppen, uit


def verwacht(figuur: Figuur) -> list[list]:
    """A figure's rows as the workbook must hold them: numbers as numbers, "<5" and "×" as text, nothing empty."""
    uit = []
    for rij in figuur.rijen:
        waarden = []
        for cel in rij.cellen:
            if cel.onderdrukt:
                waarden.append(f"<{KLEIN}" if cel.klein else "×")
            elif cel.waarde is None:
                waarden.append(None)
            elif isinstance(cel.waarde, str):
                waarden.append(cel.waarde)
            else:
                waarden.append(float(cel.waarde))
        uit.append([rij.label, *waarden])
    return uit


def gelezen(rijen: list[list]) -> list[list]:
    return [[r[0], *(float(w) if isinstance(w, int | float) else w for w in r[1:])] for r in rijen]
