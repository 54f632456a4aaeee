"""Benchmark of the matching engine (src/passend/matching/engine.py) on a national-size network.

Not a test: nothing here asserts, and pytest never collects it. Run from the repository root:

    .venv/bin/python bench/matching.py            # full run (a few minutes)
    .venv/bin/python bench/matching.py --quick    # smoke run (seconds)
    .venv/bin/python bench/matching.py --seed 7   # another synthetic country

The network is synthetic and deterministic for a seed: 77 partnerships (samenwerkingsverbanden)
whose centres lie on a crude land mask of the Netherlands, 6,057 bo, 262 sbo, 263 so and 18
provisions clustered around them (≈ 6,600 settings), about 5 additional arrangements per
partnership, and pupils who live near their own bo. It measures

  (a) one pupil against the whole national network: median and p95 over 200 different pupils,
      plus the worst case (a pupil who needs nothing extra, so that every setting fits);
  (b) batches of 1,000 to 20,000 pupils against the whole network, to show growth is linear;
  (c) the case the app runs: one pupil against their own partnership's network, and against the
      partnership of a big city (≈ 240 settings).

The aim (issue): under 50 ms per pupil, and linear growth. Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import random  # noqa: E402

from passend.matching import engine  # noqa: E402

AIM_MS = 50.0
DEFAULT_SEED = 2026

N_PARTNERSHIPS = 77
N_BO, N_SBO, N_SO, N_PROVISIONS = 6_057, 262, 263, 18
CITY_PARTNERSHIP_BO = 225  # partnership 0: with its sbo and so about 240 settings, as a large city's
BASISONDERSTEUNING = (1, 1, 1, 1, 1)
THUISNABIJ_KM = 10

LAT_MIN, LAT_MAX, LON_MIN, LON_MAX = 50.75, 53.55, 3.35, 7.2
KM_PER_LAT = 110.57


# --- The synthetic country -----------------------------------------------------------------------


def on_land(lat: float, lon: float) -> bool:
    """A crude outline of the Netherlands: leaves out the North Sea, the Wadden, the IJsselmeer,
    Belgium and Germany well enough for the density of schools to look plausible."""
    if not (LAT_MIN <= lat <= 53.45 and LON_MIN <= lon <= 7.1):
        return False
    if lat > 51.9 and lon < 4.1 + (lat - 51.9) * 0.6:  # North Sea coast of Holland
        return False
    if lat > 53.2 and lon < 5.6:  # Wadden
        return False
    if 52.65 < lat < 53.05 and 5.1 < lon < 5.55:  # IJsselmeer
        return False
    if lat < 51.25 and lon < 5.6 and not (lat > 51.2 and lon < 4.2):  # Belgium (Zeeuws-Vlaanderen stays)
        return False
    if lat < 51.0 and not (5.65 <= lon <= 6.1):  # South Limburg is a narrow strip
        return False
    if lon > 6.2 and lat < 51.75:  # Germany along Limburg
        return False
    return not (lon > 6.95 and lat < 52.2)  # Germany along Twente


def point_near(rng: random.Random, lat: float, lon: float, sigma_km: float) -> tuple[float, float]:
    """A point around (lat, lon), normally spread with sigma_km, preferably on land."""
    km_per_lon = 111.32 * math.cos(math.radians(lat))
    for _ in range(20):
        p_lat = lat + rng.gauss(0, sigma_km) / KM_PER_LAT
        p_lon = lon + rng.gauss(0, sigma_km) / km_per_lon
        if on_land(p_lat, p_lon):
            return p_lat, p_lon
    return lat, lon


@dataclass
class Partnership:
    number: int
    lat: float
    lon: float
    sigma_km: float
    settings: list
    aanvullingen: list


@dataclass
class Pupil:
    nodig: tuple
    eigen_school: str
    herkomst: tuple[float, float]
    partnership: int


@dataclass
class Country:
    partnerships: list[Partnership]
    settings: list  # every engine.Setting
    aanvullingen: list  # every engine.Aanvulling
    bo: list  # (engine.Setting, partnership number)


def _levels(rng: random.Random, choices, weights) -> tuple[int, int, int, int, int]:
    return tuple(rng.choices(choices, weights)[0] for _ in range(5))


def _profile(rng: random.Random, soort: str) -> tuple[int, int, int, int, int]:
    if soort == "bo":
        if rng.random() < 0.8:  # most regular schools: a narrow profile
            return _levels(rng, (0, 1, 2), (25, 50, 25))
        return _levels(rng, (1, 2, 3, 4), (15, 40, 35, 10))  # some broad
    if soort == "sbo":
        return _levels(rng, (2, 3), (1, 1))
    return _levels(rng, (3, 4), (1, 1))  # so and provisions


def _free_places(rng: random.Random, soort: str) -> int | None:
    full, most = {"bo": (None, None), "sbo": (0.15, 25), "so": (0.2, 15), "voorziening": (0.3, 6)}[soort]
    if full is None:
        return None  # regular schools do not record places
    return 0 if rng.random() < full else rng.randint(1, most)


def build_country(seed: int = DEFAULT_SEED) -> Country:
    rng = random.Random(seed)
    partnerships = []
    while len(partnerships) < N_PARTNERSHIPS:
        lat, lon = rng.uniform(LAT_MIN, LAT_MAX), rng.uniform(LON_MIN, LON_MAX)
        if on_land(lat, lon):
            partnerships.append(Partnership(len(partnerships), lat, lon, 0.0, [], []))
    # Sizes vary (log-normal); partnership 0 is given the expected size of a big city's.
    weights = [rng.lognormvariate(0, 0.5) for _ in partnerships]
    share = CITY_PARTNERSHIP_BO / N_BO
    weights[0] = share * sum(weights[1:]) / (1 - share)

    kinds = ["bo"] * N_BO + ["sbo"] * N_SBO + ["so"] * N_SO
    homes = rng.choices(range(N_PARTNERSHIPS), weights, k=len(kinds))
    homes += [rng.randrange(N_PARTNERSHIPS) for _ in range(N_PROVISIONS)]
    kinds += ["voorziening"] * N_PROVISIONS
    sizes = Counter(home for home, soort in zip(homes, kinds, strict=True) if soort == "bo")
    for p in partnerships:
        # A partnership of average size covers about 540 km² (the land area over 77).
        p.sigma_km = 6.5 * math.sqrt(max(sizes[p.number], 10) / (N_BO / N_PARTNERSHIPS))

    settings, bo = [], []
    for i, (soort, home) in enumerate(zip(kinds, homes, strict=True), start=1):
        p = partnerships[home]
        lat, lon = point_near(rng, p.lat, p.lon, p.sigma_km)
        model = "voorziening" if soort == "voorziening" else "school"
        setting = engine.Setting(
            sleutel=f"{model}:{i}",
            soort=soort,
            naam=f"{soort} {i:04d}",
            niveaus=_profile(rng, soort),
            lat=lat,
            lon=lon,
            vrije_plaatsen=_free_places(rng, soort),
        )
        settings.append(setting)
        p.settings.append(setting)
        if soort == "bo":
            bo.append((setting, home))

    aanvullingen, number = [], 0
    for p in partnerships:
        places = [s for s in p.settings if s.soort != "bo"]
        for _ in range(rng.randint(4, 6)):
            number += 1
            plus = [0] * 5
            for veld in rng.sample(range(5), rng.randint(1, 3)):
                plus[veld] = rng.choice((1, 1, 2))
            plek = rng.choice(places) if places and rng.random() < 0.5 else None
            a = engine.Aanvulling(
                sleutel=number,
                naam=f"arrangement {number}",
                plus=tuple(plus),
                plek=plek.naam if plek else None,
                lat=plek.lat if plek else None,
                lon=plek.lon if plek else None,
            )
            p.aanvullingen.append(a)
            aanvullingen.append(a)
    return Country(partnerships, settings, aanvullingen, bo)


def make_pupils(country: Country, n: int, seed: int, partnership: int | None = None) -> list[Pupil]:
    """Pupils for whom a match is sought: needs per field 0..4, heavier on some fields than on
    others, correlated within a pupil; about 5% with one unclear field. They live within a couple
    of kilometres of their own bo (optionally: only in one partnership)."""
    rng = random.Random(seed)
    bo = country.bo if partnership is None else [(s, p) for s, p in country.bo if p == partnership]
    pupils = []
    for _ in range(n):
        school, home = rng.choice(bo)
        base = rng.choices((0, 1, 2, 3), (30, 35, 25, 10))[0]
        nodig = [min(4, max(0, base + rng.choices((-1, 0, 1, 2), (25, 40, 25, 10))[0])) for _ in range(5)]
        if rng.random() < 0.05:
            nodig[rng.randrange(5)] = None
        pupils.append(Pupil(tuple(nodig), school.sleutel, point_near(rng, school.lat, school.lon, 1.5), home))
    return pupils


# --- Measuring -----------------------------------------------------------------------------------


def advise(pupil: Pupil, settings, aanvullingen) -> engine.Advies:
    return engine.adviseer(
        pupil.nodig,
        settings=settings,
        aanvullingen=aanvullingen,
        eigen_school=pupil.eigen_school,
        herkomst=pupil.herkomst,
        basisondersteuning=BASISONDERSTEUNING,
        max_afstand_km=THUISNABIJ_KM,
    )


def _network(country: Country, pupil: Pupil, scope: str):
    if scope == "national":
        return country.settings, country.aanvullingen
    p = country.partnerships[pupil.partnership]
    return p.settings, p.aanvullingen


@dataclass
class Singles:
    label: str
    times_ms: list[float]
    candidates: list[int]
    settings: str

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return _percentile(self.times_ms, 95)


def _percentile(values, pct) -> float:
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def time_singles(label: str, country: Country, pupils: list[Pupil], scope: str) -> Singles:
    times, candidates, sizes = [], [], set()
    for pupil in pupils[:10]:  # warm up
        advise(pupil, *_network(country, pupil, scope))
    for pupil in pupils:
        settings, aanvullingen = _network(country, pupil, scope)
        sizes.add(len(settings))
        start = time.perf_counter()
        advies = advise(pupil, settings, aanvullingen)
        times.append((time.perf_counter() - start) * 1000)
        candidates.append(len(advies.kandidaten))
    size = str(min(sizes)) if len(sizes) == 1 else f"{min(sizes)}-{max(sizes)}"
    return Singles(label, times, candidates, size)


@dataclass
class Batch:
    label: str
    pupils: int
    seconds: float
    outcomes: Counter
    candidates: int
    cpu_seconds: float  # time.process_time(): this process only, less disturbed by other work on the machine

    @property
    def ms_per_pupil(self) -> float:
        return self.seconds * 1000 / self.pupils

    @property
    def us_per_candidate(self) -> float:
        return self.seconds * 1_000_000 / max(self.candidates, 1)


def time_batch(label: str, country: Country, pupils: list[Pupil], scope: str) -> Batch:
    outcomes: Counter = Counter()
    candidates = 0
    cpu = time.process_time()
    start = time.perf_counter()
    for pupil in pupils:
        advies = advise(pupil, *_network(country, pupil, scope))
        outcomes[advies.uitkomst] += 1
        candidates += len(advies.kandidaten)
    seconds = time.perf_counter() - start
    return Batch(label, len(pupils), seconds, outcomes, candidates, time.process_time() - cpu)


# --- Reporting -----------------------------------------------------------------------------------


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for regel in Path("/proc/cpuinfo").read_text().splitlines():
            if regel.startswith("model name"):
                cpu = regel.partition(":")[2].strip()
                break
    except OSError:
        pass
    return f"Python {platform.python_version()} ({platform.python_implementation()}), {os.cpu_count()} cores, {cpu}"


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed of the synthetic data ({DEFAULT_SEED})")
    args = parser.parse_args(argv)
    singles_n = 30 if args.quick else 200
    batch_sizes = (100, 200, 500) if args.quick else (1_000, 5_000, 10_000, 20_000)

    print("Matching benchmark (bench/matching.py)" + (" — QUICK smoke run, small sizes" if args.quick else ""))
    print(f"Machine: {machine()}; load average at start {load()}")
    start = time.perf_counter()
    country = build_country(args.seed)
    kinds = Counter(s.soort for s in country.settings)
    sizes = sorted(len(p.settings) for p in country.partnerships)
    full = sum(1 for s in country.settings if s.vrije_plaatsen == 0)
    print(
        f"Network (seed {args.seed}, built in {time.perf_counter() - start:.2f} s): {len(country.settings):,} settings "
        f"= {kinds['bo']:,} bo, {kinds['sbo']} sbo, {kinds['so']} so, {kinds['voorziening']} provisions "
        f"({full} of them full); {len(country.partnerships)} partnerships of {sizes[0]}-{sizes[-1]} settings "
        f"(median {statistics.median(sizes):.0f}); partnership 0, a city's, has "
        f"{len(country.partnerships[0].settings)}."
    )
    print(
        f"Additional arrangements: {len(country.aanvullingen)} in all; the national runs pass all "
        f"{len(country.aanvullingen)} to every pupil, the partnership runs only the partnership's own "
        f"({min(len(p.aanvullingen) for p in country.partnerships)}-"
        f"{max(len(p.aanvullingen) for p in country.partnerships)})."
    )
    print(f"Basisondersteuning {BASISONDERSTEUNING}, thuisnabij {THUISNABIJ_KM} km. Times: time.perf_counter().")
    print()

    largest = max(batch_sizes)
    pupils = make_pupils(country, largest, args.seed + 1)
    singles_pupils = make_pupils(country, singles_n, args.seed + 2)
    city_pupils = make_pupils(country, singles_n, args.seed + 3, partnership=0)
    nothing = [Pupil((0, 0, 0, 0, 0), p.eigen_school, p.herkomst, p.partnership) for p in singles_pupils[:20]]

    singles = [
        time_singles(f"(a) one pupil, national network ({singles_n} pupils)", country, singles_pupils, "national"),
        time_singles("(a) worst case: needs nothing extra, every setting fits (20)", country, nothing, "national"),
        time_singles(f"(c) one pupil, own partnership ({singles_n} pupils)", country, singles_pupils, "partnership"),
        time_singles(f"(c) one pupil, city partnership 0 ({singles_n} pupils)", country, city_pupils, "partnership"),
    ]
    print("One pupil at a time (ms per pupil; candidates = settings and arrangements in the advice)")
    print(
        table(
            ["case", "settings", "median ms", "p95 ms", "max ms", "candidates median/max", f"< {AIM_MS:.0f} ms"],
            [
                [
                    s.label,
                    s.settings,
                    f"{s.median:.2f}",
                    f"{s.p95:.2f}",
                    f"{max(s.times_ms):.2f}",
                    f"{statistics.median(s.candidates):.0f}/{max(s.candidates)}",
                    "yes" if s.p95 < AIM_MS else "NO",
                ]
                for s in singles
            ],
        )
    )
    print()

    batches = [time_batch(f"(b) national, {n:,} pupils", country, pupils[:n], "national") for n in batch_sizes]
    batches.append(time_batch(f"(c) own partnership, {largest:,} pupils", country, pupils, "partnership"))
    print("Batches (every pupil against the network, one after the other, one core)")
    print(
        table(
            [
                "batch",
                "pupils",
                "total s",
                "cpu s",
                "ms/pupil",
                "candidates/pupil",
                "us/candidate",
                "outcomes (match/aanvullend/speciaal/geen/onduidelijk)",
            ],
            [
                [
                    b.label,
                    f"{b.pupils:,}",
                    f"{b.seconds:.2f}",
                    f"{b.cpu_seconds:.2f}",
                    f"{b.ms_per_pupil:.2f}",
                    f"{b.candidates / b.pupils:.0f}",
                    f"{b.us_per_candidate:.1f}",
                    "/".join(
                        str(b.outcomes[u])
                        for u in (engine.MATCH, engine.AANVULLEND, engine.SPECIAAL, engine.GEEN, engine.ONDUIDELIJK)
                    ),
                ]
                for b in batches
            ],
        )
    )
    national = batches[: len(batch_sizes)]
    small, large = national[0], national[-1]
    ratio = large.ms_per_pupil / small.ms_per_pupil
    ratio_candidate = large.us_per_candidate / small.us_per_candidate
    linear = 0.8 < ratio < 1.25
    typical = singles[0]
    worst = singles[1]
    print()
    print("Verdict")
    print(
        f"  Growth: ms/pupil at {large.pupils:,} / at {small.pupils:,} pupils = {ratio:.2f}; per candidate "
        f"{ratio_candidate:.2f} (1.00 = total time exactly proportional): "
        + ("linear." if linear else "outside 0.8-1.25: not linear, or disturbed (see the load average).")
    )
    print(
        f"  One pupil, national network: median {typical.median:.1f} ms, p95 {typical.p95:.1f} ms, "
        f"mean over {large.pupils:,} {large.ms_per_pupil:.1f} ms: "
        + ("under" if typical.p95 < AIM_MS and large.ms_per_pupil < AIM_MS else "NOT under")
        + f" {AIM_MS:.0f} ms."
    )
    print(
        f"  Worst case (every setting fits): median {worst.median:.1f} ms, p95 {worst.p95:.1f} ms: "
        + ("under" if worst.p95 < AIM_MS else "NOT under")
        + f" {AIM_MS:.0f} ms."
    )
    print(f"  Load average at the end {load()} (on {os.cpu_count()} cores; above 1 means other work competed).")
    print(
        f"  App case (own partnership): p95 {singles[2].p95:.2f} ms; "
        f"city partnership (~240 settings): p95 {singles[3].p95:.2f} ms."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
