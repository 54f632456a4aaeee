"""Benchmark of the key-figures dashboard and the annual report (src/passend/rapportage/).

Not a test: nothing here asserts, and pytest never collects it. Needs PostgreSQL. Run from the
repository root:

    .venv/bin/python bench/rapportage.py                          # the largest partnership (swv scale)
    .venv/bin/python bench/rapportage.py --schaal land            # the whole country (generated once, ~10 min)
    .venv/bin/python bench/rapportage.py --herhalingen 10 --seed 7

It generates the synthetic data with bench/rapportage_data.py into its own database, or reuses
that database when its marker (scale, seed, generator version) matches, and then times for the
largest partnership (partnership 0), for the last full school year:

  (a) the dashboard page (/rapportage/ through Django's request handling, as the management) and
      the key figures behind it, `rapportage.selectors.kengetallen_lezen`, for the whole partnership
      (as its management), for one board (as its regievoerder zorgplicht) and for one school (as
      its director);
  (b) the annual report as PDF, `rapportage.jaarverslag.jaarverslag_maken`, and as Excel,
      `jaarverslag_xlsx` (as the management).

Each case runs once to warm up (with the queries captured: their number and the slowest), then
`--herhalingen` times (default 5) measured with time.perf_counter(): median and p95. The aim
(issue 8): the dashboard under 1 s for the largest partnership, the annual report under 10 s, on
PostgreSQL on a 2-core machine. Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import inspect
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "src"))
sys.path.insert(0, str(BENCH))

import rapportage_data  # noqa: E402
from matching import load, machine, table  # noqa: E402

DASHBOARD_DOEL_S = 1.0
JAARVERSLAG_DOEL_S = 10.0
WACHT_STAP_S = 120
WACHT_MAX_S = 3600


def _percentiel(waarden: list[float], pct: float) -> float:
    geordend = sorted(waarden)
    rang = (len(geordend) - 1) * pct / 100
    laag, hoog = int(rang), min(int(rang) + 1, len(geordend) - 1)
    return geordend[laag] + (geordend[hoog] - geordend[laag]) * (rang - laag)


def beschikbaar(url: str, module: str, naam: str) -> str:
    """'' when `module.naam` imports in a fresh interpreter (the module is being written while the
    benchmark waits), else the last line of the error."""
    code = (
        "import sys; sys.path.insert(0, 'src'); sys.path.insert(0, 'bench'); import rapportage_data as r; "
        f"r.django_opzetten({url!r}); import importlib; getattr(importlib.import_module({module!r}), {naam!r})"
    )
    proces = subprocess.run(
        [sys.executable, "-c", code], cwd=BENCH.parent, capture_output=True, text=True, check=False, timeout=300
    )
    if proces.returncode == 0:
        return ""
    regels = [r for r in proces.stderr.strip().splitlines() if r.strip()]
    return regels[-1] if regels else f"exit {proces.returncode}"


def wachten_op(url: str, module: str, naam: str, melding=print) -> bool:
    begin = time.monotonic()
    while True:
        fout = beschikbaar(url, module, naam)
        if not fout:
            return True
        gewacht = time.monotonic() - begin
        if gewacht + WACHT_STAP_S > WACHT_MAX_S:
            melding(f"{module}.{naam} is na {gewacht / 60:.0f} minuten nog niet te importeren: {fout}")
            return False
        melding(f"{module}.{naam} nog niet te importeren ({fout}); over {WACHT_STAP_S} s opnieuw.")
        time.sleep(WACHT_STAP_S)


@dataclass
class Meting:
    naam: str
    tijden: list[float]
    cpu: list[float]  # time.process_time() of this process: Python's share (the database's is not in it)
    queries: int
    sql_s: float  # time spent in the database during the captured (warm-up) run
    warm_s: float
    traagste: list[tuple[float, str]]
    stappen: dict[str, float] = field(default_factory=dict)  # the annual report's own stages (warm-up run)
    grootte: int | None = None

    @property
    def mediaan(self) -> float:
        return statistics.median(self.tijden)

    @property
    def p95(self) -> float:
        return _percentiel(self.tijden, 95)


def meten(naam: str, functie, herhalingen: int, voortgang: bool = False) -> Meting:
    """One warm-up run with the queries captured, then `herhalingen` timed runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stappen: dict[str, float] = {}
    vorige = [None, None]

    def volg(fractie, tekst):
        nu = time.perf_counter()
        if vorige[0] is not None:
            stappen[vorige[1]] = nu - vorige[0]
        vorige[0], vorige[1] = nu, tekst

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as vangst:
        uitkomst = functie(volg) if voortgang else functie(None)
    warm = time.perf_counter() - start
    queries = [(float(q["time"]), q["sql"]) for q in vangst.captured_queries]
    tijden, cpu = [], []
    for _ in range(herhalingen):
        start, start_cpu = time.perf_counter(), time.process_time()
        functie(None)
        tijden.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return Meting(
        naam=naam,
        tijden=tijden,
        cpu=cpu,
        queries=len(queries),
        sql_s=sum(t for t, _ in queries),
        warm_s=warm,
        traagste=sorted(queries, reverse=True)[:5],
        stappen=stappen,
        grootte=len(uitkomst) if isinstance(uitkomst, bytes) else None,
    )


def _met_optionele(functie, **kwargs):
    """Pass only the keyword arguments `functie` accepts (vandaag, voortgang)."""
    parameters = inspect.signature(functie).parameters
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return functie(**kwargs)
    return functie(**{k: v for k, v in kwargs.items() if k in parameters})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schaal", choices=sorted(rapportage_data.SCHALEN), default="swv")
    parser.add_argument("--seed", type=int, default=rapportage_data.DEFAULT_SEED)
    parser.add_argument("--herhalingen", type=int, default=5, help="timed runs per case after one warm-up (5)")
    parser.add_argument("--database", help="PostgreSQL URL (default passend_bench, passend_bench_land, …)")
    parser.add_argument("--opnieuw", action="store_true", help="generate the data afresh")
    args = parser.parse_args(argv)

    args.database = args.database or rapportage_data.standaard_url(args.schaal)
    print(f"Key figures and annual report benchmark (bench/rapportage.py), scale {args.schaal}, seed {args.seed}")
    print(f"Machine: {machine()}; load average at start {load()}")
    marker = rapportage_data.zorg_voor_data(args.schaal, args.seed, args.database, args.opnieuw)
    vandaag: date = marker["vandaag"]
    if not wachten_op(args.database, "passend.rapportage.selectors", "kengetallen_lezen"):
        return 1

    from django.db import connection

    from passend.accounts.models import Lidmaatschap, User
    from passend.organisaties.models import Samenwerkingsverband
    from passend.rapportage.filters import Filter, schooljaar_tekst, schooljaar_van
    from passend.rapportage.selectors import kengetallen_lezen

    jaar = schooljaar_van(vandaag) - 1  # the last full school year on the data's reference date
    swv = Samenwerkingsverband.objects.get(code="PO 21.01")  # partnership 0, the largest

    def lid(rol: str) -> Lidmaatschap:
        return Lidmaatschap.objects.get(user__email=f"{rol}.0@bench.example", samenwerkingsverband=swv)

    management, rvz, directeur = lid("swv_management"), lid("rvz"), lid("directeur")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE datum_uitschrijving IS NULL), count(*) FROM leerlingen_leerling "
            "WHERE samenwerkingsverband_id = %s",
            [swv.pk],
        )
        ingeschreven, alle = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM organisaties_school WHERE schoolbestuur_id = %s", [rvz.schoolbestuur_id])
        bestuur_scholen = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM leerlingen_leerling WHERE school_id = %s", [directeur.school_id])
        school_leerlingen = cursor.fetchone()[0]
    print(
        f"Partnership 0: {swv.naam}, {ingeschreven:,} pupils enrolled ({alle:,} with those who left); "
        f"school year {schooljaar_tekst(jaar)}, data as of {vandaag:%d-%m-%Y}."
    )
    print(
        f"Board: {rvz.schoolbestuur} ({bestuur_scholen} schools); school: {directeur.school} "
        f"({school_leerlingen} pupil records). Times: time.perf_counter(), {args.herhalingen} runs after a warm-up;"
        " CPU s: time.process_time() of this process (median), without the database server's share."
    )
    print()

    def kengetallen(lidmaatschap: Lidmaatschap, **scope):
        def run(_voortgang):
            actor = User.objects.get(pk=lidmaatschap.user_id)  # a fresh user, as in a request
            return _met_optionele(
                kengetallen_lezen,
                actor=actor,
                filter=Filter.schooljaar(swv.pk, jaar, vandaag, **scope),
                vandaag=vandaag,
            )

        return run

    def pagina(lidmaatschap: Lidmaatschap):
        """The dashboard page as the browser gets it: the view, the figures, the charts and the
        template, through Django's whole request handling (middleware included), logged in once
        beforehand. Not counted: the network and the browser."""
        from django.conf import settings
        from django.test import Client
        from django.test.utils import override_settings

        client = Client()
        client.force_login(User.objects.get(pk=lidmaatschap.user_id))
        # The second factor was passed at login; the host is the test client's; static files were
        # not collected (their URLs are not hashed, which costs nothing measurable).
        omgeving = override_settings(
            ALLOWED_HOSTS=["testserver"],
            PASSEND_REQUIRE_2FA=False,
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        )

        def run(_voortgang):
            with omgeving:
                antwoord = client.get("/rapportage/", {"schooljaar": jaar}, secure=True)
            if antwoord.status_code != 200:
                raise RuntimeError(f"/rapportage/ gaf {antwoord.status_code}")
            return antwoord.content

        return run

    metingen = [
        meten("(a) dashboard page, partnership (management, HTTP)", pagina(management), args.herhalingen),
        meten("(a) key figures, partnership (management)", kengetallen(management), args.herhalingen),
        meten(
            "(a) key figures, one board (rvz)",
            kengetallen(rvz, schoolbestuur_id=rvz.schoolbestuur_id),
            args.herhalingen,
        ),
        meten(
            "(a) key figures, one school (director)",
            kengetallen(directeur, school_id=directeur.school_id),
            args.herhalingen,
        ),
    ]
    niet_beschikbaar = []
    for functie_naam, label in (
        ("jaarverslag_maken", "(b) annual report, PDF"),
        ("jaarverslag_xlsx", "(b) annual report, Excel"),
    ):
        fout = beschikbaar(args.database, "passend.rapportage.jaarverslag", functie_naam)
        if fout:
            print(f"{label}: niet beschikbaar ({fout})")
            niet_beschikbaar.append(label)
            continue
        from importlib import import_module

        functie = getattr(import_module("passend.rapportage.jaarverslag"), functie_naam)

        def run(voortgang, functie=functie):
            actor = User.objects.get(pk=management.user_id)
            return _met_optionele(
                functie, actor=actor, samenwerkingsverband=swv, schooljaar=jaar, vandaag=vandaag, voortgang=voortgang
            )

        metingen.append(meten(label, run, args.herhalingen, voortgang=True))

    print(
        table(
            ["case", "median s", "p95 s", "min s", "max s", "CPU s", "warm-up s", "queries", "SQL s (warm-up)", "size"],
            [
                [
                    m.naam,
                    f"{m.mediaan:.3f}",
                    f"{m.p95:.3f}",
                    f"{min(m.tijden):.3f}",
                    f"{max(m.tijden):.3f}",
                    f"{statistics.median(m.cpu):.3f}",
                    f"{m.warm_s:.3f}",
                    str(m.queries),
                    f"{m.sql_s:.3f}",
                    f"{m.grootte:,} B" if m.grootte else "",
                ]
                for m in metingen
            ],
        )
    )
    for m in metingen:
        if m.stappen:
            print(f"\n{m.naam}: stages of the warm-up run (from the report's progress callback)")
            for tekst, seconden in m.stappen.items():
                print(f"  {seconden:7.3f} s  {tekst}")
    print("\nSlowest queries of each warm-up run (ms, start of the SQL)")
    for m in metingen:
        print(f"  {m.naam}:")
        for seconden, sql in m.traagste[:3]:
            print(f"    {seconden * 1000:8.1f}  {' '.join(sql.split())[:150]}")
    print()
    print("Verdict")
    for m in metingen:
        doel = DASHBOARD_DOEL_S if m.naam.startswith("(a)") else JAARVERSLAG_DOEL_S
        print(f"  {m.naam}: p95 {m.p95:.2f} s " + ("under" if m.p95 < doel else "NOT under") + f" {doel:.0f} s.")
    for label in niet_beschikbaar:
        print(f"  {label}: not measured (niet beschikbaar).")
    print(f"  Load average at the end {load()} (on {os.cpu_count()} cores).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
