"""Synthetic data for the key-figures dashboard and the annual report (bench/rapportage.py).

Not a test and not demo data: realistic volumes in a separate PostgreSQL database, deterministic
for a seed (`random.Random`, one generator per partnership, no Faker). Run from the repository root:

    .venv/bin/python bench/rapportage_data.py --schaal swv             # the largest partnership
    .venv/bin/python bench/rapportage_data.py --schaal land --opnieuw  # the whole country, afresh

It creates the database when missing (default postgres://passend:passend@127.0.0.1:5432/passend_bench;
passend_bench_land and passend_bench_mini for the other scales, so that one never overwrites
another; $BENCH_DATABASE_URL or --database to choose), runs `migrate`, loads the data and records
a marker row (table bench_rapportage_marker: scale, seed, generator version, reference date,
seconds, row counts) so that a benchmark can reuse it.
A database that holds tables but no marker is left alone unless `--opnieuw` drops it.

Scales
  swv   the largest partnership (partnership 0: 220 bo, 10 sbo, 10 so = 240 schools, 38 boards,
        4 deelverbanden, about 66,000 pupils) plus one small neighbour (20 bo, 1 sbo, 1 so) so
        that some TLVs cross a border.
  land  77 partnerships: partnership 0 as above, and 5,837 bo, 252 sbo and 253 so spread over
        76 more by log-normal weights (6,057 bo, 262 sbo, 263 so in all; about 1.47 million
        pupils on 1 October).
  mini  a smoke run: partnership 0 with 12 bo, 1 sbo, 1 so and the neighbour.

Time: the reference date is today (`--vandaag` to fix it). History covers the five school years
before the current one (e.g. 2021-2022 to 2025-2026 on 6 December 2026) and the current year up
to the reference date. Whatever would happen after the reference date is cut off, so states
(running, waiting, overdue) are those of the reference date.

Distributions (see the constants below)
  Schools     bo: a size per school (normal, sd 35%, at least 40), scaled so that every
              partnership's bo average 230 pupils (288 in partnership 0, a city); sbo and so:
              around 130 (sd 30%). Boards: about one per 6.3 schools (38 in partnership 0),
              sizes Zipf-like; 35% of the other partnerships have 2-4 deelverbanden. sbo/so
              capacity is 2-20% above their pupils; occupied places are those enrolled on the
              last reference date (1 October or 1 February).
  Pupils      bo: cohorts of size/8 per school year (+5.8% for those moving in and out), with
              a slow trend per school (normal, mean -0.4%, sd 2% a year) and 6% noise. A pupil
              enrols on their fourth birthday (6% later, moving in) and leaves after groep 8 in
              July (5% leave early, moving away).
              Pupils who left in the five years of history stay, with their leaving date.
              sbo/so: pupils enter by a TLV in groep 3-7 (sbo) or 1-8 (so), 45% at the start of
              a school year, and stay until groep 8. Names, birth dates and postcodes (the
              school's area) come from small fixed lists. The pupil counts
              (financien.Leerlingtelling, 1 October and 1 February of every year) are the
              enrolled pupils on those dates, counted in SQL after the load.
  Home-sitting  0.3% of the enrolled pupils a year start a period; duration log-normal
              (median 6 weeks, 22% over three months, ~1.5% over a year); 75% get an offer
              (median three weeks after the start), 25% none; reasons weighted (psychisch 25%,
              geen passend aanbod 20%, ...). At most one period per pupil; an open period sets
              the pupil's `thuiszitter_sinds`, as the pupil service does.
  Trajecten   Per school year 3.9% of the bo pupils start a traject (route Integraal arrangeren
              55%, HGA 45%), plus one TLV traject per TLV and about 0.25 school trajecten
              (route swv-schoolarrangement) per bo school: about 5% of the pupils in all. Steps
              take 1-5 weeks at school; submission to decision log-normal (median 4 weeks;
              about 18% over the 6-week norm). Without an application: 30% solved in the first
              step, 15% in the school's meeting, 8% a plan at school; the rest (about 60% of all
              trajecten with TLVs) submit an application. Decisions: Integraal arrangeren grants
              90% and refuses 10%; HGA and the school route grant. Every transition is a
              trajecten.Gebeurtenis as the engine writes it; a decision has its own Gebeurtenis;
              decision numbers run per partnership and calendar year (numbered in SQL at the end,
              with core.Volgnummer set to match).
  TLVs        One for every sbo/so pupil who entered in the history (about 16,000 a year in
              the country) and a temporary placement (TOP, with a planned return) for about 10%
              more; so categories laag 72%, midden 13%, hoog 15%; 3% of the permanent ones are
              issued by a neighbouring partnership (cross-border: the pupil's record there at
              the bo school ends the day before the move). Permanent TLVs run to the end of
              primary school or for the whole school career (30%).
  Arrangementen  95% of the granted applications other than TLVs, and every temporary
              placement. Kinds: OA 20%, aanvullend 20%, specialistische expertise 15%, korte
              interventie 10%, OJA 10%, diagnostisch 8%, observatieplek 5%, maatwerk 5%,
              onderwijs-zorgarrangement 4%, schoolarrangement 3%, plus tijdelijke plaatsing from
              the TLVs. Start after the decision log-normal (median 2 weeks; ~10% over the 4-week
              norm); durations by kind (diagnostisch 4-6 weeks, korte interventie 6-12, others
              4-12 months), 10% extended. Evaluations are planned with the app's own cadence
              (arrangementen.planning.evaluatiemomenten and the route's `evaluatie`); held with a
              delay (55% within days, 30% 1-3 weeks late, 15% later); 10% of the interim ones
              are skipped; the end evaluation ends the arrangement; 6% end early. 2-4 goals per
              arrangement and a result per goal per held evaluation; parents' questionnaire for
              30% of the held evaluations of a pupil's arrangement (1-2 Ouder rows per pupil with
              an arrangement). 1-2 providers with planned hours, 1-15 Inzet rows each.
  Not generated  financien ledgers (Begroting, Post, Boeking): with no budget the app books
              nothing either, so the cost figures read zero; meetings (Overleg,
              Besluitvorming), experts' advice on TLVs, consent, dossiers, audit events,
              parents' accounts.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtijd
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "src"))
sys.path.insert(0, str(BENCH))

DEFAULT_URL = "postgres://passend:passend@127.0.0.1:5432/passend_bench"
DEFAULT_SEED = 2026
VERSIE = 2  # raise when the generated data changes: an older database is then not reused
MARKER = "bench_rapportage_marker"


# --- Scales ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Schaal:
    naam: str
    partnerships: int
    bo: int  # all partnerships together
    sbo: int
    so: int
    grootste: tuple[int, int, int]  # bo, sbo, so of partnership 0
    buur: tuple[int, int, int] | None  # a small neighbour (swv and mini only)


SCHALEN = {
    "mini": Schaal("mini", 2, 32, 2, 2, (12, 1, 1), (20, 1, 1)),
    "swv": Schaal("swv", 2, 240, 11, 11, (220, 10, 10), (20, 1, 1)),
    "land": Schaal("land", 77, 6_057, 262, 263, (220, 10, 10), None),
}
GROOTSTE_BESTUREN, GROOTSTE_DEELVERBANDEN = 38, 4
BO_GEMIDDELD, BO_GROOTSTE, SBO_SO_GEMIDDELD = 230, 288, 130

TRAJECT_KANS = 0.039  # a bo pupil starting a traject (other than a TLV) in a school year
SCHOOLTRAJECTEN_PER_SCHOOL = 0.25
THUISZIT_KANS = 0.003
TIJDELIJK_DEEL = 0.10  # temporary placements, as a share of the permanent TLVs
GRENS_KANS = 0.03  # a permanent TLV issued by a neighbouring partnership


def _lijst(tekst: str, scheiding: str | None = None) -> list[str]:
    return tekst.split(scheiding)


VOORNAMEN = _lijst(
    "Emma Julia Mila Tess Sophie Zoë Sara Nora Yara Eva Liv Lotte Noor Evi Saar Lauren Fenna Anna Olivia Nina "
    "Noah Liam Luca Lucas Sem Finn Levi Daan Milan Mees James Bram Sam Jesse Adam Siem Mohammed Thomas Thijs "
    "Ryan Ayoub Ilias Amira Fatima Ravi Mei Jayden Kenji Sanne Jens Lars Ilse Wout Femke Rik Joep Roos Mats"
)
ACHTERNAMEN = _lijst(
    "Jansen Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Dijkstra Koster Prins "
    "Huisman Kok Wouters Kuipers Verbeek Postma Willems Maas Vermeulen Jacobs Schouten Kramer Hoekstra Sanders "
    "Koning Boer Yilmaz Kaya Öztürk Bouzid El Amrani Tahiri Nguyen Singh Pinas Martina Hoogland Veenstra Blom "
    "Timmermans Groen Post Molenaar Haan Graaf Leeuw Wit Berg Vries Jong Boer Heuvel Wal Laan Linden"
)
TUSSENVOEGSELS = ("",) * 14 + ("van", "de", "van der", "van den", "den", "van de", "ter")
PLAATSEN = _lijst(
    "Amsterdam|Rotterdam|Den Haag|Utrecht|Eindhoven|Groningen|Tilburg|Almere|Breda|Nijmegen|Apeldoorn|Arnhem|"
    "Haarlem|Enschede|Amersfoort|Zaanstad|Haarlemmermeer|Den Bosch|Zwolle|Zoetermeer|Leiden|Maastricht|"
    "Dordrecht|Ede|Alphen|Westland|Alkmaar|Emmen|Delft|Venlo|Deventer|Sittard|Helmond|Oss|Amstelveen|Hilversum|"
    "Súdwest-Fryslân|Heerlen|Nissewaard|Meierijstad|Hengelo|Purmerend|Schiedam|Lelystad|Roosendaal|Leeuwarden|"
    "Leidschendam|Gouda|Vlaardingen|Hoorn|Almelo|Assen|Velsen|Bergen|Capelle|Veenendaal|Katwijk|Zeist|"
    "Nieuwegein|Stichtse Vecht|Hardenberg|Lansingerland|Roermond|Barneveld|Gooise Meren|Doetinchem|Heerhugowaard|"
    "Den Helder|Smallingerland|Hoogeveen|Terneuzen|Pijnacker|Kampen|Woerden|Weert|Middelburg|Goes",
    "|",
)
SCHOOLNAMEN = _lijst(
    "De Regenboog|De Zonnebloem|De Catamaran|Het Kompas|De Wereldwijzer|De Springplank|Het Palet|De Vlinder|"
    "De Klimop|De Sterrenwacht|Het Baken|De Meander|De Horizon|Het Octopus|De Wilgenhoek|De Eekhoorn|"
    "De Fontein|Het Mozaïek|De Schakel|De Kameleon|De Vuurtoren|Het Anker|De Tweemaster|De Boomgaard",
    "|",
)
BESTUURWOORDEN = "Primair Kindwijs Openbaar Katholiek Christelijk Samen Onderwijsgroep Scholengroep Leerplein Wijzer"
VRAGEN = (
    "Wat heeft deze leerling nodig aan onderwijs en ondersteuning, en wat hebben leerkracht en ouders nodig?",
    "Hoe kan de leerling weer tot leren komen in de groep?",
    "Welke plek past bij de onderwijsbehoeften van deze leerling?",
    "Hoe begeleiden we het gedrag in de klas zo dat de leerling en de groep verder kunnen?",
)
TOELICHTINGEN = (
    "Gedragsproblemen en moeite met sociale interactie; de ontwikkeling blijft achter.",
    "Leerachterstand op lezen en rekenen ondanks extra instructie.",
    "Veel verzuim en signalen van schoolangst.",
    "De ouders maken zich zorgen over de ontwikkeling en vragen om onderzoek.",
    "Concentratieproblemen; de leerling raakt snel overprikkeld.",
)
GEPROBEERD = "Extra instructie in een kleine groep, een rustige werkplek en afspraken met de ouders."
DOELEN = (
    "De leerling werkt 20 minuten zelfstandig aan een taak.",
    "De leerling leest op AVI-niveau E4.",
    "De leerling vraagt hulp als het niet lukt.",
    "De leerling gaat elke dag naar school.",
    "De leerkracht past de aanpak voor gedrag consequent toe.",
    "De leerling neemt deel aan groepsactiviteiten zonder conflicten.",
)
ROOSTERS = ("Twee ochtenden per week", "Eén middag per week", "Elke ochtend een uur", "Drie dagdelen per week", "")

SIGNAAL_DOOR = (("leerkracht", 50), ("ib", 20), ("ouders", 20), ("jeugdarts", 4), ("leerplicht", 3), ("anders", 3))
SIGNAAL_REDEN = (
    ("handelingsverlegenheid", 35),
    ("mismatch", 25),
    ("vraag_ouders", 15),
    ("thuiszitten", 5),
    ("anders", 20),
)
THUISZIT_REDEN = (
    ("psychisch", 25),
    ("geen_passend_aanbod", 20),
    ("gedrag", 15),
    ("ziekte", 15),
    ("wachten_op_plek", 10),
    ("gezin", 10),
    ("onbekend", 5),
)
ARRANGEMENT_SOORTEN = (  # for an application for extra support (all but tijdelijke_plaatsing)
    ("onderwijsarrangement", 20),
    ("aanvullend", 20),
    ("specialistische_expertise", 15),
    ("korte_interventie", 10),
    ("onderwijs_jeugdhulparrangement", 10),
    ("diagnostisch", 8),
    ("observatieplek", 5),
    ("maatwerk_onderwijstijd", 5),
    ("onderwijszorgarrangement", 4),
    ("schoolarrangement", 3),
)
DISCIPLINES = (
    "orthopedagoog",
    "psycholoog",
    "gedragsspecialist",
    "ambulant_begeleider",
    "onderwijsspecialist",
    "logopedist",
    "maatschappelijk_werker",
    "kinder_jeugdpsycholoog",
)


def _gewogen(rng: random.Random, paren):
    return rng.choices([p[0] for p in paren], [p[1] for p in paren])[0]


def _lognormaal(rng: random.Random, mediaan: float, sigma: float, laag: float, hoog: float) -> int:
    return int(round(min(hoog, max(laag, mediaan * math.exp(rng.gauss(0, sigma))))))


# --- Dates ----------------------------------------------------------------------------------------

D = date.fromordinal


def o(dag: date) -> int:
    return dag.toordinal()


def moment(ordinaal: int, rng: random.Random) -> datetime:
    """A moment on that day during office hours (UTC 7-15 h, so the local date is the same)."""
    return datetime.combine(D(ordinaal), dtijd(rng.randint(7, 15), rng.randint(0, 59)), tzinfo=UTC)


def na(op: datetime, vorig: datetime | None, rng: random.Random) -> datetime:
    """`op`, or a few minutes after `vorig` when that was later on the same day: events stay in order."""
    if vorig is not None and op <= vorig:
        return vorig + timedelta(minutes=rng.randint(5, 30))
    return op


def schooljaar_van(dag: date) -> int:
    return dag.year if dag.month >= 8 else dag.year - 1


def schooljaardag(rng: random.Random, jaar: int) -> int:
    """A school day in the school year starting in `jaar`: September to mid-July, fewer in December."""
    while True:
        dag = o(date(jaar, 8, 20)) + rng.randrange(330)
        d = D(dag)
        if d.weekday() < 5 and not (d.month == 12 and d.day > 20 and rng.random() < 0.8):
            return dag


# --- Database -------------------------------------------------------------------------------------


def standaard_url(schaal: str) -> str:
    """$BENCH_DATABASE_URL, else passend_bench for the swv scale and passend_bench_land or
    passend_bench_mini for the others, so that one scale never overwrites another's data."""
    if url := os.environ.get("BENCH_DATABASE_URL"):
        return url
    return DEFAULT_URL if schaal == "swv" else f"{DEFAULT_URL}_{schaal}"


def _beheer_url(url: str) -> tuple[str, str]:
    from urllib.parse import urlsplit, urlunsplit

    delen = urlsplit(url)
    return urlunsplit(delen._replace(path="/postgres")), delen.path.lstrip("/")


def database_voorbereiden(url: str, opnieuw: bool, melding=print) -> None:
    """Create the database when missing; drop it first with `opnieuw`."""
    import psycopg

    beheer, naam = _beheer_url(url)
    with psycopg.connect(beheer, autocommit=True) as conn:
        bestaat = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [naam]).fetchone()
        if bestaat and opnieuw:
            melding(f"Database {naam} wordt opnieuw gemaakt.")
            conn.execute(f'DROP DATABASE "{naam}" WITH (FORCE)')
            bestaat = None
        if not bestaat:
            conn.execute(f'CREATE DATABASE "{naam}"')


def django_opzetten(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark")
    os.environ["DJANGO_SETTINGS_MODULE"] = "passend.conf.settings"
    import django

    django.setup()


def marker_lezen() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT schaal, seed, versie, vandaag, seconden, rijen, gemaakt_op FROM {MARKER}")
        rij = cursor.fetchone()
    if rij is None:
        return None
    schaal, seed, versie, vandaag, seconden, rijen, gemaakt_op = rij
    return {
        "schaal": schaal,
        "seed": seed,
        "versie": versie,
        "vandaag": vandaag,
        "seconden": seconden,
        "rijen": rijen,
        "gemaakt_op": gemaakt_op,
    }


def heeft_tabellen() -> bool:
    from django.db import connection

    return bool(connection.introspection.table_names())


# --- The generator --------------------------------------------------------------------------------


@dataclass
class School:
    id: int
    swv: Swv
    soort: str
    naam: str
    grootte: int  # pupils on 1 October of the current year (planned)
    bestuur_id: int
    deelverband_id: int | None
    pc4: int
    lk: tuple[int, str] = (0, "")  # leerkracht (id, naam)
    ib: tuple[int, str] = (0, "")
    leerlingen: list = field(default_factory=list)  # [Leerling]


@dataclass
class Stap:
    id: int
    code: str
    naam: str
    bij: str
    rollen: list
    termijn: int | None
    uitkomsten: dict  # code -> (naam, naar, besluit, indienen)
    aanvragen: list


@dataclass
class Route:
    code: str
    versie_id: int
    start: str
    evaluatie: dict
    stappen: dict  # code -> Stap


@dataclass
class Swv:
    nr: int
    id: int = 0
    naam: str = ""
    lat: float = 0.0
    lon: float = 0.0
    scholen: list = field(default_factory=list)
    besturen: list = field(default_factory=list)  # ids
    deelverbanden: list = field(default_factory=list)
    gebruikers: dict = field(default_factory=dict)  # rol -> (id, naam)
    deskundigen: list = field(default_factory=list)  # (id, naam)
    voorzieningen: list = field(default_factory=list)  # (id, soort, naam)
    routes: dict = field(default_factory=dict)
    buren: list = field(default_factory=list)  # [Swv]
    plan: tuple[int, int, int] = (0, 0, 0)
    directeur_school: int = 0  # the school of the directeur (the largest bo)
    rvz_bestuur: int = 0  # the board of the rvz (the one with most schools)

    def van_soort(self, soort: str) -> list[School]:
        return [s for s in self.scholen if s.soort == soort]


# A pupil is a list for speed: the fields below by index.
L_ID, L_SCHOOL, L_SWV, L_VN, L_TV, L_AN, L_GEB, L_GROEP, L_PC, L_IN, L_UIT, L_THUIS, L_COHORT = range(13)


class Generator:
    def __init__(self, schaal: Schaal, seed: int, vandaag: date, melding=print):
        self.schaal, self.seed, self.vandaag, self.melding = schaal, seed, vandaag, melding
        self.nu = o(vandaag)
        self.jaar = schooljaar_van(vandaag)  # the current school year
        self.eerste_jaar = self.jaar - 5
        self.venster = o(date(self.eerste_jaar, 8, 1))
        self.swvs: list[Swv] = []
        self.tellers: dict[str, int] = {}

    # --- Setup ------------------------------------------------------------------------------------

    def plannen(self) -> None:
        """How many schools of each kind every partnership gets."""
        rng = random.Random(self.seed)
        s = self.schaal
        self.swvs = [Swv(nr=k) for k in range(s.partnerships)]
        for swv in self.swvs:
            swv.lat = 51.0 + (swv.nr % 11) * 0.22 + rng.uniform(-0.05, 0.05)
            swv.lon = 4.0 + (swv.nr // 11) * 0.42 + rng.uniform(-0.05, 0.05)
        self.swvs[0].plan = s.grootste
        if s.buur is not None:
            self.swvs[1].plan = s.buur
        else:
            rest = self.swvs[1:]
            gewichten = [rng.lognormvariate(0, 0.45) for _ in rest]
            totaal = sum(gewichten)
            aantallen = []
            for soort, n in (
                ("bo", s.bo - s.grootste[0]),
                ("sbo", s.sbo - s.grootste[1]),
                ("so", s.so - s.grootste[2]),
            ):
                minimum = 1 if soort != "bo" else 20
                verdeeld = [max(minimum, int(n * g / totaal)) for g in gewichten]
                while sum(verdeeld) < n:  # hand out what rounding left, by weight
                    verdeeld[rng.choices(range(len(rest)), gewichten)[0]] += 1
                while sum(verdeeld) > n:
                    i = rng.randrange(len(rest))
                    if verdeeld[i] > minimum:
                        verdeeld[i] -= 1
                aantallen.append(verdeeld)
            for i, swv in enumerate(rest):
                swv.plan = (aantallen[0][i], aantallen[1][i], aantallen[2][i])
        for swv in self.swvs:
            swv.buren = sorted(
                (b for b in self.swvs if b is not swv), key=lambda b: (b.lat - swv.lat) ** 2 + (b.lon - swv.lon) ** 2
            )[:3]

    def organisaties(self) -> None:
        from passend.organisaties.models import Deelverband, Samenwerkingsverband, Schoolbestuur

        rng = random.Random(self.seed + 1)
        objecten = Samenwerkingsverband.objects.bulk_create(
            Samenwerkingsverband(
                naam=f"Samenwerkingsverband Passend Onderwijs {PLAATSEN[swv.nr % len(PLAATSEN)]}"
                + (f" {swv.nr // len(PLAATSEN) + 1}" if swv.nr >= len(PLAATSEN) else ""),
                code=f"PO {21 + swv.nr // 20:02d}.{swv.nr % 20 + 1:02d}",
            )
            for swv in self.swvs
        )
        for swv, obj in zip(self.swvs, objecten, strict=True):
            swv.id, swv.naam = obj.pk, obj.naam
        deelverbanden, besturen = [], []
        for swv in self.swvs:
            n_scholen = sum(swv.plan)
            n_dv = GROOTSTE_DEELVERBANDEN if swv.nr == 0 else (rng.randint(2, 4) if rng.random() < 0.35 else 0)
            if self.schaal.naam == "mini" and swv.nr == 0:
                n_dv = 2
            deelverbanden += [
                Deelverband(
                    samenwerkingsverband_id=swv.id, naam=f"Deelverband {PLAATSEN[(swv.nr + i) % len(PLAATSEN)]}-{i + 1}"
                )
                for i in range(n_dv)
            ]
            n_b = GROOTSTE_BESTUREN if swv.nr == 0 and self.schaal.naam != "mini" else max(1, round(n_scholen / 6.3))
            woorden = BESTUURWOORDEN.split()
            besturen += [
                Schoolbestuur(
                    samenwerkingsverband_id=swv.id,
                    naam=f"Stichting {woorden[i % len(woorden)]} {PLAATSEN[swv.nr % len(PLAATSEN)]} {i + 1}",
                    bestuursnummer=f"{10000 + swv.nr * 100 + i:05d}",
                )
                for i in range(n_b)
            ]
        for dv in Deelverband.objects.bulk_create(deelverbanden):
            self._swv(dv.samenwerkingsverband_id).deelverbanden.append(dv.pk)
        for b in Schoolbestuur.objects.bulk_create(besturen):
            self._swv(b.samenwerkingsverband_id).besturen.append(b.pk)

    def _swv(self, swv_id: int) -> Swv:
        if not hasattr(self, "_per_id"):
            self._per_id = {swv.id: swv for swv in self.swvs}
        return self._per_id[swv_id]

    def scholen_en_mensen(self, lader) -> None:
        """Schools, provisions, experts, and the users with their memberships (COPY)."""
        from passend.accounts.models import Lidmaatschap, User
        from passend.organisaties.models import Deskundige, Voorziening
        from passend.organisaties.models import School as SchoolModel

        t_school = lader.tabel(
            SchoolModel,
            _lijst(
                "id samenwerkingsverband_id naam soort schoolbestuur_id deelverband_id instellingscode capaciteit "
                "profiel bezette_plaatsen bezetting_peildatum straat postcode plaats latitude longitude"
            ),
        )
        t_voorz = lader.tabel(
            Voorziening,
            _lijst(
                "id samenwerkingsverband_id naam soort capaciteit school_id omschrijving bezette_plaatsen "
                "bezetting_peildatum straat postcode plaats latitude longitude"
            ),
        )
        t_desk = lader.tabel(
            Deskundige, _lijst("id samenwerkingsverband_id naam organisatie discipline uren_beschikbaar email")
        )
        t_user = lader.tabel(User, _lijst("id password email naam is_active aangemaakt_op"))
        t_lid = lader.tabel(
            Lidmaatschap,
            _lijst(
                "id user_id rol samenwerkingsverband_id deelverband_id schoolbestuur_id school_id geldig_van geldig_tot"
            ),
        )
        sinds = date(self.eerste_jaar - 1, 8, 1)
        aangemaakt = datetime.combine(sinds, dtijd(9), tzinfo=UTC)

        def gebruiker(rol: str, naam: str, email: str, swv: Swv, **org) -> tuple[int, str]:
            uid = t_user.nieuw_id()
            t_user.rij(uid, "!", email, naam, True, aangemaakt)
            t_lid.rij(
                t_lid.nieuw_id(),
                uid,
                rol,
                swv.id,
                org.get("deelverband"),
                org.get("schoolbestuur"),
                org.get("school"),
                sinds,
                None,
            )
            return uid, naam

        brin = 0
        for swv in self.swvs:
            rng = random.Random(self.seed * 1000 + swv.nr + 500)
            plaats = PLAATSEN[swv.nr % len(PLAATSEN)]
            pc_basis = 1000 + swv.nr * 115
            bo_gem = BO_GROOTSTE if swv.nr == 0 else BO_GEMIDDELD
            zipf = [1 / (r + 1) ** 0.9 for r in range(len(swv.besturen))]
            soorten = ["bo"] * swv.plan[0] + ["sbo"] * swv.plan[1] + ["so"] * swv.plan[2]
            besturen = list(swv.besturen) + rng.choices(swv.besturen, zipf, k=max(0, len(soorten) - len(swv.besturen)))
            rng.shuffle(besturen)
            groottes = []
            for soort in soorten:
                gem, sd = (bo_gem, 0.35) if soort == "bo" else (SBO_SO_GEMIDDELD, 0.30)
                groottes.append(max(40 if soort == "bo" else 30, rng.gauss(gem, gem * sd)))
            # The partnership's bo schools average exactly bo_gem, so the totals come out as planned.
            factor = bo_gem * swv.plan[0] / sum(g for g, s in zip(groottes, soorten, strict=True) if s == "bo")
            for i, soort in enumerate(soorten):
                grootte = round(groottes[i] * factor) if soort == "bo" else round(groottes[i])
                school = School(
                    id=t_school.nieuw_id(),
                    swv=swv,
                    soort=soort,
                    naam=f"{'Basisschool' if soort == 'bo' else soort.upper()} {SCHOOLNAMEN[i % len(SCHOOLNAMEN)]}"
                    + (f" {i // len(SCHOOLNAMEN) + 1}" if i >= len(SCHOOLNAMEN) else ""),
                    grootte=grootte,
                    bestuur_id=besturen[i],
                    deelverband_id=rng.choice(swv.deelverbanden) if swv.deelverbanden else None,
                    pc4=pc_basis + rng.randrange(110),
                )
                letters = f"{chr(65 + brin // 26 % 26)}{chr(65 + brin % 26)}"
                code = f"{brin // 676 % 100:02d}{letters}00"
                brin += 1
                sbo_so = soort != "bo"
                t_school.rij(
                    school.id,
                    swv.id,
                    school.naam,
                    soort,
                    school.bestuur_id,
                    school.deelverband_id,
                    code,
                    int(grootte * rng.uniform(1.02, 1.2)) if sbo_so else None,
                    "" if soort == "bo" else ("so voor gedrag" if soort == "so" and i % 2 else ""),
                    0 if sbo_so else None,  # occupied places: counted in SQL after the pupils are loaded
                    self.vandaag if sbo_so else None,
                    f"Schoolstraat {i + 1}",
                    f"{school.pc4} {_letters(rng)}",
                    plaats,
                    f"{swv.lat + rng.gauss(0, 0.05):.6f}",
                    f"{swv.lon + rng.gauss(0, 0.07):.6f}",
                )
                swv.scholen.append(school)
                school.lk = gebruiker(
                    "leerkracht",
                    f"Leerkracht {school.naam}",
                    f"leerkracht.{school.id}@bench.example",
                    swv,
                    school=school.id,
                )
                school.ib = gebruiker("ib", f"IB {school.naam}", f"ib.{school.id}@bench.example", swv, school=school.id)
            # Provisions: 2-5, at least one observation place in most partnerships.
            sbo_so_scholen = [s for s in swv.scholen if s.soort != "bo"]
            soorten_v = ["observatieplek", "tussenvoorziening", "onderwijszorgarrangement"]
            for j in range(rng.randint(2, 5)):
                soort_v = soorten_v[j % 3] if j < 3 else rng.choice(soorten_v)
                capaciteit = rng.randint(6, 24)
                vid = t_voorz.nieuw_id()
                naam = f"{soort_v.capitalize()} {plaats} {j + 1}"
                t_voorz.rij(
                    vid,
                    swv.id,
                    naam,
                    soort_v,
                    capaciteit,
                    rng.choice(sbo_so_scholen).id if sbo_so_scholen and rng.random() < 0.5 else None,
                    "",
                    rng.randint(0, capaciteit),
                    self.vandaag,
                    "",
                    f"{pc_basis + rng.randrange(110)} {_letters(rng)}",
                    plaats,
                    None,
                    None,
                )
                swv.voorzieningen.append((vid, soort_v, naam))
            for j in range(max(6, len(swv.scholen) // 6)):
                did = t_desk.nieuw_id()
                naam = f"{rng.choice(VOORNAMEN)} {rng.choice(ACHTERNAMEN)}"
                t_desk.rij(
                    did, swv.id, naam, f"Expertisepool {plaats}", DISCIPLINES[j % len(DISCIPLINES)], "600.00", ""
                )
                swv.deskundigen.append((did, naam))
            # The actors: the partnership's staff, a director of its largest bo, the rvz of its largest board.
            for rol in ("swv_management", "beheerder", "commissielid", "trajectbegeleider", "teamleider"):
                swv.gebruikers[rol] = gebruiker(
                    rol, f"{rol.replace('_', ' ').capitalize()} {plaats}", f"{rol}.{swv.nr}@bench.example", swv
                )
            grootste_bo = max(swv.van_soort("bo"), key=lambda s: s.grootte)
            swv.gebruikers["directeur"] = gebruiker(
                "directeur",
                f"Directeur {grootste_bo.naam}",
                f"directeur.{swv.nr}@bench.example",
                swv,
                school=grootste_bo.id,
            )
            swv.directeur_school = grootste_bo.id
            telling = {}
            for s in swv.scholen:
                telling[s.bestuur_id] = telling.get(s.bestuur_id, 0) + 1
            bestuur = max(swv.besturen, key=lambda b: (telling.get(b, 0), -b))
            swv.gebruikers["rvz"] = gebruiker(
                "rvz", f"Regievoerder zorgplicht {plaats}", f"rvz.{swv.nr}@bench.example", swv, schoolbestuur=bestuur
            )
            swv.rvz_bestuur = bestuur
        lader.schrijf()

    def routes(self) -> None:
        """The presets installed by the app's own service for partnership 0, copied for the others."""
        from passend.accounts.models import User
        from passend.trajecten import services
        from passend.trajecten.models import Route as RouteModel
        from passend.trajecten.models import RouteVersie
        from passend.trajecten.models import Stap as StapModel
        from passend.trajecten.routebestand import presets

        eerste = self.swvs[0]
        beheerder = User.objects.get(pk=eerste.gebruikers["beheerder"][0])
        from passend.organisaties.models import Samenwerkingsverband

        swv0 = Samenwerkingsverband.objects.get(pk=eerste.id)
        for code in presets():
            services.route_create_from_preset(actor=beheerder, samenwerkingsverband=swv0, preset=code)
        versies = list(RouteVersie.objects.filter(route__samenwerkingsverband_id=eerste.id).select_related("route"))
        stappen = list(StapModel.objects.filter(versie__in=versies).order_by("versie_id", "volgorde"))
        for swv in self.swvs[1:]:
            routes = RouteModel.objects.bulk_create(
                RouteModel(samenwerkingsverband_id=swv.id, code=v.route.code, naam=v.route.naam) for v in versies
            )
            nieuw = RouteVersie.objects.bulk_create(
                RouteVersie(
                    route=r,
                    nummer=1,
                    bron=v.bron,
                    naam=v.naam,
                    beschrijving=v.beschrijving,
                    herkomst=v.herkomst,
                    casusregisseur_rollen=v.casusregisseur_rollen,
                    start=v.start,
                    evaluatie=v.evaluatie,
                    aangemaakt_door_id=swv.gebruikers["beheerder"][0],
                    toelichting=v.toelichting,
                )
                for r, v in zip(routes, versies, strict=True)
            )
            per_oud = {v.pk: n for v, n in zip(versies, nieuw, strict=True)}
            StapModel.objects.bulk_create(
                StapModel(**{**_velden(s), "versie_id": per_oud[s.versie_id].pk}) for s in stappen
            )
        for swv in self.swvs:
            for v in RouteVersie.objects.filter(route__samenwerkingsverband_id=swv.id).select_related("route"):
                swv.routes[v.route.code] = Route(
                    code=v.route.code,
                    versie_id=v.pk,
                    start=v.start,
                    evaluatie=v.evaluatie,
                    stappen={
                        s.code: Stap(
                            s.pk,
                            s.code,
                            s.naam,
                            s.bij,
                            s.rollen,
                            s.termijn_dagen,
                            {
                                u["code"]: (u["naam"], u["naar"], u.get("besluit"), bool(u.get("indienen")))
                                for u in s.uitkomsten
                            },
                            s.aanvragen,
                        )
                        for s in v.stappen.all()
                    },
                )

    # --- Per partnership ------------------------------------------------------------------------

    def tabellen(self, lader) -> None:
        from passend.arrangementen import models as am
        from passend.leerlingen import models as lm
        from passend.trajecten import models as tm

        def t(model, kolommen: str):
            return lader.tabel(model, kolommen.split())

        self.t_leerling = t(
            lm.Leerling,
            "id samenwerkingsverband_id school_id voornaam tussenvoegsel achternaam geboortedatum groep postcode "
            "datum_inschrijving datum_uitschrijving thuiszitter_sinds aangemaakt_op",
        )
        self.t_thuis = t(lm.Thuiszitperiode, "id leerling_id begindatum einddatum reden aanbod_op")
        self.t_ouder = t(lm.Ouder, "id samenwerkingsverband_id naam email telefoon")
        self.t_ouderschap = t(lm.Ouderschap, "id ouder_id leerling_id relatie gezag")
        self.t_traject = t(
            tm.Traject,
            "id samenwerkingsverband_id school_id leerling_id onderwerp vraag route_versie_id stap_id stap_sinds "
            "termijn status niveau ingediend_op aangemaakt_door_id aangemaakt_op afgesloten_op",
        )
        self.t_signaal = t(tm.Signaal, "id traject_id door reden toelichting al_geprobeerd datum")
        self.t_gebeurtenis = t(
            tm.Gebeurtenis,
            "id traject_id soort op door_id door_naam rol van_stap van_stap_naam naar_stap naar_stap_naam uitkomst "
            "uitkomst_naam motivatie",
        )
        self.t_aanvraag = t(
            tm.Aanvraag,
            "id traject_id soort status ondersteuningsvraag gevraagd onderbouwing tlv_categorie ouders_gehoord_op "
            "zienswijze_ouders zienswijze_door_ouder directeur_akkoord_naam aangemaakt_door_id aangemaakt_op "
            "gewijzigd_op ingediend_op ingediend_door_id",
        )
        self.t_besluit = t(
            tm.Besluit,
            "id aanvraag_id nummer samenwerkingsverband_id uitkomst inhoud motivatie datum bezwaar_tot genomen_door_id "
            "genomen_door_naam rol gebeurtenis_id",
        )
        self.t_arr = t(
            am.Arrangement,
            "id samenwerkingsverband_id traject_id besluit_id leerling_id school_id soort status ontvangers "
            "doel_omschrijving activiteiten plaats plaats_school_id plaats_voorziening_id rooster startdatum einddatum "
            "materiaalbudget financiering aangemaakt_door_id aangemaakt_op",
        )
        self.t_arr_geb = t(
            am.ArrangementGebeurtenis,
            "id arrangement_id status van_soort naar_soort einddatum toelichting door_id door_naam op",
        )
        self.t_doel = t(am.ArrangementDoel, "id arrangement_id omschrijving toegevoegd_op")
        self.t_aanbieder = t(
            am.Aanbieder,
            "id arrangement_id soort deskundige_id naam uren_gepland toegewezen_door_id toegewezen_op beeindigd_op",
        )
        self.t_inzet = t(
            am.Inzet, "id arrangement_id aanbieder_id datum activiteit uren toelichting geboekt_door_id geboekt_op"
        )
        self.t_eval = t(
            am.Evaluatie,
            "id arrangement_id moment gepland_op datum visie_leerkracht visie_ouders visie_leerling uitkomst "
            "toelichting vastgelegd_door_id vastgelegd_door_naam",
        )
        self.t_evaldoel = t(am.EvaluatieDoel, "id evaluatie_id doel_id resultaat")
        self.t_vragenlijst = t(
            am.OuderVragenlijst, "id evaluatie_id ouder_id helpt betrokken afspraken opmerking ingevuld_op"
        )
        self.t_tlv = t(
            am.Tlv,
            "id samenwerkingsverband_id besluit_id leerling_id soort categorie startdatum einddatum "
            "hele_schoolloopbaan ontvangende_school_id terugkeer_gepland_op afgegeven_door_id afgegeven_op",
        )
        self.t_taak = t(
            am.Plaatsingstaak, "id arrangement_id soort volgnummer uiterlijk gedaan_op gedaan_door_id verslag"
        )
        self.grote_tabellen = [
            tabel.naam
            for tabel in (
                self.t_leerling,
                self.t_thuis,
                self.t_ouder,
                self.t_ouderschap,
                self.t_traject,
                self.t_signaal,
                self.t_gebeurtenis,
                self.t_aanvraag,
                self.t_besluit,
                self.t_arr,
                self.t_arr_geb,
                self.t_doel,
                self.t_aanbieder,
                self.t_inzet,
                self.t_eval,
                self.t_evaldoel,
                self.t_vragenlijst,
                self.t_tlv,
                self.t_taak,
            )
        ]

    def swv_genereren(self, swv: Swv) -> None:
        rng = random.Random(self.seed * 1000 + swv.nr)
        self.ouders: dict[int, list[int]] = {}
        for school in swv.scholen:
            if school.soort == "bo":
                self._bo_leerlingen(rng, school)
        for school in swv.scholen:
            if school.soort != "bo":
                self._sbo_so_leerlingen(rng, swv, school)
        self._tijdelijke_plaatsingen(rng, swv)
        self._trajecten(rng, swv)
        self._schooltrajecten(rng, swv)
        self._thuiszitten(rng, swv)
        for school in swv.scholen:
            for ll in school.leerlingen:
                self._leerling_schrijven(ll)
            school.leerlingen = []

    # --- Pupils -----------------------------------------------------------------------------------

    def _nieuwe_leerling(self, rng, school: School, cohort: int) -> list:
        """A pupil who is in groep 1 for the whole school year `cohort` (fourth birthday between
        1 October of the year before and 30 September)."""
        geboren = o(date(cohort - 5, 10, 1)) + rng.randrange(365)
        vierde = _vierde_verjaardag(geboren)
        pc = min(9999, max(1000, school.pc4 + rng.randint(-2, 2)))
        return [
            0,
            school.id,
            school.swv.id,
            rng.choice(VOORNAMEN),
            rng.choice(TUSSENVOEGSELS),
            rng.choice(ACHTERNAMEN),
            geboren,
            None,
            f"{pc} {_letters(rng)}",
            vierde,
            None,
            None,
            cohort,
        ]

    def _bo_leerlingen(self, rng, school: School) -> None:
        trend = rng.gauss(-0.004, 0.02)
        for cohort in range(self.jaar - 12, self.jaar + 2):
            # 1.058: pupils who move in later or away early leave the enrolment about 5.5% short.
            n = school.grootte / 8 * 1.058 * (1 + trend) ** (cohort - self.jaar + 3.5) * rng.lognormvariate(0, 0.06)
            einde = o(date(cohort + 8, 7, 17))
            for _ in range(round(n)):
                ll = self._nieuwe_leerling(rng, school, cohort)
                if rng.random() < 0.06:  # moved in later
                    ll[L_IN] = ll[L_IN] + rng.randrange(max(1, einde - ll[L_IN]))
                if ll[L_IN] > self.nu:
                    continue
                uit = einde
                if rng.random() < 0.05:  # moved away
                    uit = ll[L_IN] + 1 + rng.randrange(max(1, einde - ll[L_IN]))
                if uit < self.venster:
                    continue
                ll[L_UIT] = uit if uit <= self.nu else None
                school.leerlingen.append(ll)

    def _sbo_so_leerlingen(self, rng, swv: Swv, school: School) -> None:
        if school.soort == "sbo":
            instroom = {1: 2, 2: 5, 3: 15, 4: 20, 5: 20, 6: 18, 7: 15, 8: 5}
        else:
            instroom = {1: 20, 2: 12, 3: 13, 4: 13, 5: 13, 6: 12, 7: 10, 8: 7}
        totaal = sum(instroom.values())
        cumulatief = sum(sum(w for e, w in instroom.items() if e <= g) / totaal for g in range(1, 9))
        per_cohort = school.grootte / cumulatief * 1.1  # some leave before groep 8
        groepen, gewichten = list(instroom), list(instroom.values())
        for cohort in range(self.jaar - 12, self.jaar + 1):
            einde = o(date(cohort + 8, 7, 17))
            for _ in range(round(per_cohort * rng.lognormvariate(0, 0.1))):
                e = rng.choices(groepen, gewichten)[0]
                jaar = cohort + e - 1
                if rng.random() < 0.45:
                    binnen = o(date(jaar, 8, 18)) + rng.randrange(18)
                else:
                    binnen = o(date(jaar, 9, 6)) + rng.randrange(297)
                if binnen > self.nu or einde < self.venster:
                    continue
                ll = self._nieuwe_leerling(rng, school, cohort)
                ll[L_IN] = max(binnen, ll[L_IN])
                ll[L_UIT] = einde if einde <= self.nu else None
                school.leerlingen.append(ll)
                if ll[L_IN] >= self.venster + 60:
                    self._tlv_traject(rng, swv, school, ll, e)

    def _leerling_schrijven(self, ll: list) -> None:
        ll[L_ID] = ll[L_ID] or self.t_leerling.nieuw_id()
        einde = ll[L_UIT] if ll[L_UIT] is not None else self.nu
        groep = max(1, min(8, schooljaar_van(D(einde)) - ll[L_COHORT] + 1))
        self.t_leerling.rij(
            ll[L_ID],
            ll[L_SWV],
            ll[L_SCHOOL],
            ll[L_VN],
            ll[L_TV],
            ll[L_AN],
            D(ll[L_GEB]),
            groep,
            ll[L_PC],
            D(ll[L_IN]),
            D(ll[L_UIT]) if ll[L_UIT] is not None else None,
            D(ll[L_THUIS]) if ll[L_THUIS] is not None else None,
            datetime.combine(D(ll[L_IN]), dtijd(8), tzinfo=UTC),
        )

    def _id(self, ll: list) -> int:
        """The pupil's id, given when something first refers to them."""
        if not ll[L_ID]:
            ll[L_ID] = self.t_leerling.nieuw_id()
        return ll[L_ID]

    def _ingeschreven(self, rng, scholen: list[School], gewichten, dag: int, pogingen: int = 30) -> list | None:
        """A random pupil enrolled at one of `scholen` on `dag`, preferably in groep 2-7."""
        for _ in range(pogingen):
            school = rng.choices(scholen, cum_weights=gewichten)[0]
            if not school.leerlingen:
                continue
            ll = school.leerlingen[rng.randrange(len(school.leerlingen))]
            if ll[L_IN] <= dag and (ll[L_UIT] is None or ll[L_UIT] > dag):
                groep = schooljaar_van(D(dag)) - ll[L_COHORT] + 1
                if groep in (1, 8) and rng.random() < 0.6:
                    continue
                return ll
        return None

    # --- TLVs -------------------------------------------------------------------------------------

    def _tlv_traject(self, rng, swv: Swv, ontvangend: School, ll: list, instroomgroep: int) -> None:
        """The TLV a new sbo/so pupil came with: a traject on Integraal arrangeren at the school that
        asked (a bo school of this or, 3%, a neighbouring partnership; the so itself for a four-year-old)."""
        start = ll[L_IN]
        uitgever = swv
        if rng.random() < GRENS_KANS and instroomgroep > 1:
            uitgever = rng.choice(swv.buren)
        if instroomgroep == 1 and ontvangend.soort == "so":
            aanvrager, leerling = ontvangend, ll
        else:
            bo = uitgever.van_soort("bo")
            aanvrager = bo[rng.randrange(len(bo))]
            leerling = ll
            if uitgever is not swv:  # the pupil's record at the bo school of the other partnership ends
                leerling = list(ll)
                leerling[L_ID] = 0
                leerling[L_SCHOOL], leerling[L_SWV] = aanvrager.id, uitgever.id
                leerling[L_IN] = min(_vierde_verjaardag(leerling[L_GEB]), start - 1)
                leerling[L_UIT] = start - 1
                leerling[L_PC] = f"{aanvrager.pc4} {_letters(rng)}"
                self._leerling_schrijven(leerling)
        besluit = start - _lognormaal(rng, 21, 0.6, 3, 120)
        soort = ontvangend.soort
        categorie = _gewogen(rng, (("laag", 72), ("midden", 13), ("hoog", 15))) if soort == "so" else ""
        einde_bo = o(date(ll[L_COHORT] + 8, 7, 31))
        heel = rng.random() < 0.3
        tlv = {
            "soort": soort,
            "categorie": categorie,
            "start": start,
            "einde": None if heel else max(start, einde_bo),
            "heel": heel,
            "school": ontvangend,
            "terugkeer": None,
        }
        self._tlv_schrijven(rng, uitgever, aanvrager, leerling, besluit, tlv, afsluiten=start + rng.randint(60, 150))

    def _tijdelijke_plaatsingen(self, rng, swv: Swv) -> None:
        """Temporary placements (TOP): a bo pupil to an sbo or so of the partnership, with a planned return."""
        bo = swv.van_soort("bo")
        gewichten = _cumulatief([s.grootte for s in bo])
        sbo_so = [s for s in swv.scholen if s.soort != "bo"]
        if not sbo_so:
            return
        per_jaar = TIJDELIJK_DEEL * sum(s.grootte for s in sbo_so) / 4.3
        for jaar in range(self.eerste_jaar, self.jaar + 1):
            for _ in range(_poisson(rng, per_jaar)):
                start = schooljaardag(rng, jaar)
                besluit = start - _lognormaal(rng, 21, 0.5, 3, 90)
                ll = self._ingeschreven(rng, bo, gewichten, besluit - 70)
                if ll is None or besluit > self.nu:
                    continue
                ontvangend = rng.choice(sbo_so)
                terugkeer = start + rng.randint(150, 300)
                tlv = {
                    "soort": ontvangend.soort,
                    "categorie": _gewogen(rng, (("laag", 72), ("midden", 13), ("hoog", 15)))
                    if ontvangend.soort == "so"
                    else "",
                    "start": start,
                    "einde": terugkeer,
                    "heel": False,
                    "school": ontvangend,
                    "terugkeer": terugkeer,
                }
                school = next(s for s in bo if s.id == ll[L_SCHOOL])
                self._tlv_schrijven(rng, swv, school, ll, besluit, tlv, afsluiten=terugkeer + rng.randint(14, 60))

    def _tlv_schrijven(self, rng, swv: Swv, school: School, ll: list, besluit: int, tlv: dict, afsluiten: int) -> None:
        route = swv.routes["integraal-arrangeren"]
        ingediend = besluit - _lognormaal(rng, 28, 0.45, 5, 150)
        sot = ingediend - rng.randint(5, 28)
        overleg = sot - rng.randint(5, 21)
        signaal = overleg - rng.randint(5, 28)
        zetten = [
            (overleg, "iets_anders_nodig", "ib_betrekken"),
            (sot, "overleg_school", "sot_bijeenroepen"),
            (ingediend, "sot", "aanvraag_tlv"),
            (besluit, "commissie", "toekennen"),
            (afsluiten, "evaluatie", "afsluiten"),
        ]
        aanvraag = {"soort": f"tlv_{tlv['soort']}", "categorie": tlv["categorie"]}
        tid, gegeven = self._traject_schrijven(rng, swv, school, ll, route, signaal, zetten, aanvraag)
        if gegeven is None:
            return
        besluit_id, besluit_dag = gegeven
        afgegeven = besluit_dag + rng.randint(0, 3)
        if afgegeven > self.nu:
            return
        self.t_tlv.rij(
            self.t_tlv.nieuw_id(),
            swv.id,
            besluit_id,
            self._id(ll),
            tlv["soort"],
            tlv["categorie"],
            D(tlv["start"]),
            D(tlv["einde"]) if tlv["einde"] is not None else None,
            tlv["heel"],
            tlv["school"].id,
            D(tlv["terugkeer"]) if tlv["terugkeer"] else None,
            swv.gebruikers["commissielid"][0],
            moment(afgegeven, rng),
        )
        if tlv["terugkeer"]:
            self._arrangement(
                rng,
                swv,
                school,
                ll,
                route,
                tid,
                besluit_id,
                besluit_dag,
                soort="tijdelijke_plaatsing",
                ontvangend=tlv["school"],
                vast_start=tlv["start"],
                vast_einde=tlv["terugkeer"],
            )

    # --- Trajecten --------------------------------------------------------------------------------

    def _trajecten(self, rng, swv: Swv) -> None:
        bo = swv.van_soort("bo")
        gewichten = _cumulatief([s.grootte for s in bo])
        per_school = {s.id: s for s in bo}
        for jaar in range(self.eerste_jaar, self.jaar + 1):
            aantal = round(TRAJECT_KANS * sum(s.grootte for s in bo))
            for _ in range(aantal):
                signaal = schooljaardag(rng, jaar)
                if signaal > self.nu:
                    continue
                ll = self._ingeschreven(rng, bo, gewichten, signaal)
                if ll is None:
                    continue
                school = per_school[ll[L_SCHOOL]]
                if rng.random() < 0.55:
                    self._traject_integraal(rng, swv, school, ll, signaal)
                else:
                    self._traject_hga(rng, swv, school, ll, signaal)

    def _traject_integraal(self, rng, swv, school, ll, signaal: int) -> None:
        route = swv.routes["integraal-arrangeren"]
        dag = signaal + rng.randint(5, 28)
        kans = rng.random()
        if kans < 0.30:
            self._traject_schrijven(rng, swv, school, ll, route, signaal, [(dag, "iets_anders_nodig", "opgelost")])
            return
        zetten = [(dag, "iets_anders_nodig", "ib_betrekken")]
        dag += rng.randint(5, 21)
        if kans < 0.45:
            zetten.append((dag, "overleg_school", "opgelost"))
            self._traject_schrijven(rng, swv, school, ll, route, signaal, zetten)
            return
        zetten.append((dag, "overleg_school", "sot_bijeenroepen"))
        dag += rng.randint(5, 28)
        if kans < 0.53:
            zetten.append((dag, "sot", "plan_op_school"))
            zetten.append((dag + rng.randint(60, 180), "evaluatie", "afsluiten"))
            self._traject_schrijven(rng, swv, school, ll, route, signaal, zetten)
            return
        zetten.append((dag, "sot", "aanvraag_extra_ondersteuning"))
        besluit = dag + _lognormaal(rng, 28, 0.45, 5, 150)
        if rng.random() < 0.10:  # refused: back to the SOT, a plan at school
            zetten.append((besluit, "commissie", "afwijzen"))
            dag = besluit + rng.randint(14, 42)
            zetten.append((dag, "sot", "plan_op_school"))
            zetten.append((dag + rng.randint(60, 180), "evaluatie", "afsluiten"))
            self._traject_schrijven(rng, swv, school, ll, route, signaal, zetten, {"soort": "extra_ondersteuning"})
            return
        zetten.append((besluit, "commissie", "toekennen"))
        self._met_arrangement(rng, swv, school, ll, route, signaal, zetten, besluit, [("evaluatie", "afsluiten")])

    def _traject_hga(self, rng, swv, school, ll, signaal: int) -> None:
        route = swv.routes["hga"]
        dag = signaal + rng.randint(3, 21)
        kans = rng.random()
        if kans < 0.20:
            self._traject_schrijven(rng, swv, school, ll, route, signaal, [(dag, "signalering", "afsluiten")])
            return
        zetten = [(dag, "signalering", "aanpak_in_klas")]
        dag += rng.randint(10, 35)
        if kans < 0.45:
            zetten.append((dag, "aanpak_in_klas", "werkt"))
            self._traject_schrijven(rng, swv, school, ll, route, signaal, zetten)
            return
        zetten.append((dag, "aanpak_in_klas", "werkt_onvoldoende"))
        dag += rng.randint(3, 14)
        zetten.append((dag, "leerlingbespreking", "mdo_aanvragen"))
        dag += rng.randint(3, 21)
        zetten.append((dag, "groeidocument_versturen", "versturen"))
        besluit = dag + _lognormaal(rng, 28, 0.45, 5, 150)
        zetten.append((besluit, "mdo", "arrangement_toewijzen"))
        self._met_arrangement(
            rng,
            swv,
            school,
            ll,
            route,
            signaal,
            zetten,
            besluit,
            [("arrangement_bieden", "evalueren"), ("evaluatie_mdo", "afsluiten")],
        )

    def _schooltrajecten(self, rng, swv: Swv) -> None:
        """Questions of a school about a teacher, group or team: route swv-schoolarrangement."""
        route = swv.routes["swv-schoolarrangement"]
        for school in swv.van_soort("bo"):
            for jaar in range(self.eerste_jaar, self.jaar + 1):
                for _ in range(_poisson(rng, SCHOOLTRAJECTEN_PER_SCHOOL)):
                    signaal = schooljaardag(rng, jaar)
                    if signaal > self.nu:
                        continue
                    dag = signaal + rng.randint(7, 28)
                    besluit = dag + _lognormaal(rng, 21, 0.45, 3, 120)
                    zetten = [
                        (dag, "ondersteuningsvraag", "schoolarrangement"),
                        (besluit, "doelen_bepalen", "specialist_inschakelen"),
                    ]
                    self._met_arrangement(
                        rng,
                        swv,
                        school,
                        None,
                        route,
                        signaal,
                        zetten,
                        besluit,
                        [("uitvoeren", "afronden")],
                        aanvraag={"soort": "schoolarrangement"},
                        soort="schoolarrangement",
                    )

    def _met_arrangement(
        self, rng, swv, school, ll, route, signaal, zetten, besluit, daarna, aanvraag=None, soort=None
    ):
        """A granted application: the arrangement's course decides when the traject closes."""
        soort = soort or _gewogen(rng, ARRANGEMENT_SOORTEN)
        plan = None
        if rng.random() < 0.95:
            plan = self._arrangement_plan(rng, route, soort, besluit)
        # The traject closes when the arrangement has ended (or, without one, after some months).
        dag = max(plan["einde_dag"] if plan else besluit + rng.randint(90, 200), besluit + 1)
        for i, (stap, uitkomst) in enumerate(daarna):
            dag += rng.randint(0, 14) if i else 0
            zetten.append((dag, stap, uitkomst))
        aanvraag = aanvraag or {"soort": "extra_ondersteuning"}
        tid, gegeven = self._traject_schrijven(rng, swv, school, ll, route, signaal, zetten, aanvraag)
        if gegeven is None or plan is None:
            return
        self._arrangement_schrijven(rng, swv, school, ll, tid, gegeven[0], plan)

    def _traject_schrijven(self, rng, swv: Swv, school: School, ll, route: Route, signaal: int, zetten, aanvraag=None):
        """Write a traject, its signal and every move on or before the reference date, as the engine
        would; with its application and decision. Returns (besluit id, date) when a grant was decided."""
        t = self.t_traject
        tid = t.nieuw_id()
        stappen = route.stappen
        stap = stappen[route.start]
        door = self._actor(swv, school, stap)
        reden = _gewogen(rng, SIGNAAL_REDEN if ll is not None else (("schoolvraag", 1),))
        start_moment = vorig_moment = moment(signaal, rng)
        self.t_signaal.rij(
            self.t_signaal.nieuw_id(),
            tid,
            _gewogen(rng, SIGNAAL_DOOR) if ll is not None else "ib",
            reden,
            rng.choice(TOELICHTINGEN),
            GEPROBEERD,
            D(signaal),
        )
        geb = self.t_gebeurtenis
        geb.rij(
            geb.nieuw_id(),
            tid,
            "gestart",
            start_moment,
            door[0],
            door[1],
            door[2],
            "",
            "",
            stap.code,
            stap.naam,
            "",
            "",
            f"Signaal: {_REDEN_LABEL.get(reden, reden)}",
        )
        niveau = stap.bij
        ingediend_op = start_moment if stap.bij == "samenwerkingsverband" else None
        stap_sinds, status, afgesloten_op = start_moment, "lopend", None
        aanvraag_rij = None  # [id, soort, status, aangemaakt, ingediend, door]
        gegeven = None
        vorige = signaal
        if aanvraag and aanvraag["soort"] in stap.aanvragen:
            aanvraag_rij = self._aanvraag_nieuw(rng, signaal, tid, school)
        for dag, van, uitkomst in zetten:
            dag = max(dag, vorige)
            if dag > self.nu or status != "lopend":
                break
            if van != stap.code:
                raise ValueError(f"{route.code}: zet vanaf {van}, maar het traject staat bij {stap.code}")
            naam_u, naar, besluit, indienen = stap.uitkomsten[uitkomst]
            door = self._actor(swv, school, stap)
            op = vorig_moment = na(moment(dag, rng), vorig_moment, rng)
            gid = geb.nieuw_id()
            naar_stap = None if naar == "einde" else stappen[naar]
            motivatie = "Zie het verslag van het overleg." if besluit else ""
            geb.rij(
                gid,
                tid,
                "afgesloten" if naar_stap is None else "overgang",
                op,
                door[0],
                door[1],
                door[2],
                stap.code,
                stap.naam,
                naar_stap.code if naar_stap else "einde",
                naar_stap.naam if naar_stap else "Afgesloten",
                uitkomst,
                naam_u,
                motivatie,
            )
            if aanvraag_rij is not None and aanvraag_rij[2] in ("concept", "ingediend"):
                if indienen and aanvraag_rij[2] == "concept":
                    aanvraag_rij[2], aanvraag_rij[4], aanvraag_rij[5] = "ingediend", op, door[0]
                elif besluit and aanvraag_rij[2] == "ingediend":
                    aanvraag_rij[2] = "besloten"
                    bid = self.t_besluit.nieuw_id()
                    self.t_besluit.rij(
                        bid,
                        aanvraag_rij[0],
                        f"T{bid}",  # numbered per partnership and year in SQL after the load
                        swv.id,
                        besluit,
                        naam_u,
                        "Het besluit volgt het advies van de deskundigen en het verslag van het overleg.",
                        D(dag),
                        D(dag) + timedelta(weeks=6),
                        door[0],
                        door[1],
                        door[2],
                        gid,
                    )
                    if besluit in ("toegekend", "deels"):
                        gegeven = (bid, dag)
                elif naar_stap is None:
                    aanvraag_rij[2] = "vervallen"
            stap_sinds = op
            if naar_stap is None:
                status, afgesloten_op = "afgesloten", op
            else:
                niveau = niveau if _NIVEAUS.index(niveau) >= _NIVEAUS.index(naar_stap.bij) else naar_stap.bij
                if naar_stap.bij == "samenwerkingsverband" and ingediend_op is None:
                    ingediend_op = op
                if aanvraag and aanvraag["soort"] in naar_stap.aanvragen and aanvraag_rij is None:
                    aanvraag_rij = self._aanvraag_nieuw(rng, dag, tid, school)
            stap = naar_stap
            vorige = dag
        if aanvraag_rij is not None:
            self._aanvraag_weg(aanvraag_rij, aanvraag)
        termijn = None
        if stap is not None and stap.termijn:
            termijn = D(o(stap_sinds.date()) + stap.termijn)
        t.rij(
            tid,
            swv.id,
            school.id,
            self._id(ll) if ll is not None else None,
            "leerling" if ll is not None else rng.choice(("team", "groep", "leerkracht")),
            rng.choice(VRAGEN),
            route.versie_id,
            stap.id if stap is not None else None,
            stap_sinds,
            termijn,
            status,
            niveau,
            ingediend_op,
            self._actor(swv, school, stappen[route.start])[0],
            start_moment,
            afgesloten_op,
        )
        return tid, gegeven

    def _aanvraag_nieuw(self, rng, dag: int, tid: int, school: School) -> list:
        """An application the school draws up on arriving at the step: [id, traject, status,
        created, submitted, submitted by, ib, rng]."""
        return [self.t_aanvraag.nieuw_id(), tid, "concept", dag + rng.randint(0, 4), None, None, school.ib[0], rng]

    def _aanvraag_weg(self, rij: list, aanvraag: dict) -> None:
        aid, tid, status, aangemaakt, ingediend_op, ingediend_door, ib, rng = rij
        if status == "concept" and aangemaakt > self.nu:
            return  # not drawn up yet on the reference date
        aangemaakt = min(aangemaakt, o(ingediend_op.date()) if ingediend_op else aangemaakt, self.nu)
        aangemaakt_op = moment(aangemaakt, rng)
        if ingediend_op is not None and aangemaakt_op > ingediend_op:
            aangemaakt_op = ingediend_op - timedelta(hours=2)
        self.t_aanvraag.rij(
            aid,
            tid,
            aanvraag["soort"],
            status,
            "Wat heeft de leerling nodig dat er nu niet is op school?",
            "Extra begeleiding en expertise, twee dagdelen per week gedurende een half jaar.",
            "Wat is gedaan staat in het groeidocument; de aanpak werkt onvoldoende.",
            aanvraag.get("categorie", "") if aanvraag["soort"] == "tlv_so" else "",
            D(aangemaakt),
            "",
            False,
            "",
            ib,
            aangemaakt_op,
            ingediend_op or aangemaakt_op,
            ingediend_op,
            ingediend_door,
        )

    def _actor(self, swv: Swv, school: School, stap: Stap) -> tuple[int, str, str]:
        for rol in stap.rollen:
            if rol == "leerkracht":
                return (*school.lk, "leerkracht")
            if rol in ("ib", "directeur"):
                return (*school.ib, "ib")
            if rol in ("trajectbegeleider", "casusregisseur", "deskundige"):
                return (*swv.gebruikers["trajectbegeleider"], "trajectbegeleider")
            if rol in swv.gebruikers:
                return (*swv.gebruikers[rol], rol)
        return (*school.ib, "ib")

    # --- Arrangements -----------------------------------------------------------------------------

    def _arrangement(
        self, rng, swv, school, ll, route, tid, besluit_id, besluit, *, soort, ontvangend, vast_start, vast_einde
    ):
        plan = self._arrangement_plan(rng, route, soort, besluit, vast_start=vast_start, vast_einde=vast_einde)
        plan["ontvangend"] = ontvangend
        self._arrangement_schrijven(rng, swv, school, ll, tid, besluit_id, plan)

    def _arrangement_plan(self, rng, route: Route, soort: str, besluit: int, vast_start=None, vast_einde=None) -> dict:
        """The whole course of an arrangement in dates; written only up to the reference date."""
        from passend.arrangementen.planning import evaluatiemomenten

        aangemaakt = besluit + rng.randint(0, 7)
        start = vast_start if vast_start is not None else besluit + _lognormaal(rng, 14, 0.6, 1, 120)
        aangemaakt = min(aangemaakt, start)
        if vast_einde is not None:
            duur = vast_einde - start
        elif soort == "diagnostisch":
            duur = rng.randint(28, 42)
        elif soort == "korte_interventie":
            duur = rng.randint(42, 84)
        elif soort == "observatieplek":
            duur = rng.randint(56, 126)
        else:
            duur = rng.randint(120, 330)
        einde = start + duur
        verlengd = None
        maximum = 42 if soort == "diagnostisch" else 366
        if duur < 300 and soort != "diagnostisch" and rng.random() < 0.10:
            op = einde - rng.randint(7, 28)
            if op <= self.nu:
                nieuw = min(start + maximum, einde + rng.randint(60, 120))
                verlengd, einde = (op, einde), nieuw  # (decided on, the end before)
        momenten = evaluatiemomenten(D(start), D(einde), route.evaluatie)
        evaluaties, einde_dag, vroeg = [], None, rng.random() < 0.06
        for i, (soort_moment, dag) in enumerate(momenten):
            gepland = o(dag)
            r = rng.random()
            vertraging = (
                rng.randint(-10, 3)
                if r < 0.55
                else rng.randint(4, 21)
                if r < 0.85
                else rng.randint(22, 60)
                if r < 0.97
                else rng.randint(61, 150)
            )
            gehouden = max(start + 1, gepland + vertraging)
            laatste = i == len(momenten) - 1
            if not laatste and rng.random() < 0.10:
                gehouden = None  # skipped
            beeindigen = laatste or (vroeg and gehouden is not None)
            if beeindigen and not laatste and gehouden > self.nu:
                beeindigen = False  # an early end is only known once the evaluation is held
            evaluaties.append((soort_moment, gepland, gehouden, beeindigen))
            if beeindigen and gehouden is not None:
                einde_dag = gehouden
                break
        oorspronkelijk = einde
        if verlengd is not None:
            if einde_dag is not None and einde_dag <= verlengd[0]:
                verlengd = None  # ended before it would have been extended
            else:
                oorspronkelijk = verlengd[1]
        return {
            "soort": soort,
            "aangemaakt": aangemaakt,
            "start": start,
            "einde": einde,
            "oorspronkelijk_einde": oorspronkelijk,
            "verlengd": verlengd,
            "evaluaties": evaluaties,
            "einde_dag": einde_dag,
            "ontvangend": None,
        }

    def _ouders(self, rng, ll: list) -> list[int]:
        lid = self._id(ll)
        if lid not in self.ouders:
            ids = []
            for i in range(1 if rng.random() < 0.35 else 2):
                oid = self.t_ouder.nieuw_id()
                naam = f"{rng.choice(VOORNAMEN)} {ll[L_AN]}"
                self.t_ouder.rij(oid, ll[L_SWV], naam, "", "")
                self.t_ouderschap.rij(self.t_ouderschap.nieuw_id(), oid, lid, ("moeder", "vader")[i], True)
                ids.append(oid)
            self.ouders[lid] = ids
        return self.ouders[lid]

    def _arrangement_schrijven(self, rng, swv: Swv, school: School, ll, tid: int, besluit_id: int, plan: dict) -> None:
        nu = self.nu
        if plan["aangemaakt"] > nu:
            return
        soort = plan["soort"]
        aid = self.t_arr.nieuw_id()
        tb = swv.gebruikers["trajectbegeleider"]
        toekenner = swv.gebruikers["commissielid"]
        plaats, plaats_school, plaats_voorziening = self._plaats(rng, swv, soort, plan["ontvangend"])
        einde = plan["einde"]  # an extension in the plan was decided on or before the reference date
        gebeurtenissen = [(plan["aangemaakt"], "toegekend", "", soort, D(plan["oorspronkelijk_einde"]), "")]
        if plan["start"] <= nu:
            gebeurtenissen.append((plan["start"], "lopend", "", "", None, ""))
        if plan["verlengd"] is not None and plan["verlengd"][0] <= nu:
            gebeurtenissen.append((plan["verlengd"][0], "verlengd", "", "", D(plan["einde"]), "Meer tijd nodig."))
        geeindigd = plan["einde_dag"] is not None and plan["einde_dag"] <= nu
        doelen = [(self.t_doel.nieuw_id(), rng.choice(DOELEN)) for _ in range(rng.randint(2, 4))]
        aangemaakt_op = moment(plan["aangemaakt"], rng)
        for did, tekst in doelen:
            self.t_doel.rij(did, aid, tekst, aangemaakt_op)
        ouders = self._ouders(rng, ll) if ll is not None else []
        for soort_moment, gepland, gehouden, beeindigen in plan["evaluaties"]:
            gehouden_nu = gehouden is not None and gehouden <= nu
            if geeindigd and not gehouden_nu:
                continue  # the service deletes evaluations not held when an arrangement ends
            eid = self.t_eval.nieuw_id()
            if gehouden_nu:
                uitkomst = (
                    "beeindigen"
                    if beeindigen
                    else _gewogen(rng, (("voortzetten", 70), ("doelen_bijstellen", 25), ("opschalen", 5)))
                )
                self.t_eval.rij(
                    eid,
                    aid,
                    soort_moment,
                    D(gepland),
                    D(gehouden),
                    "Gaat vooruit.",
                    "Tevreden.",
                    "",
                    uitkomst,
                    "",
                    school.ib[0],
                    school.ib[1],
                )
                eind = soort_moment == "eind"
                for did, _ in doelen:
                    resultaat = _gewogen(
                        rng,
                        (("behaald", 55), ("deels", 35), ("niet", 10))
                        if eind
                        else (("behaald", 25), ("deels", 50), ("niet", 25)),
                    )
                    self.t_evaldoel.rij(self.t_evaldoel.nieuw_id(), eid, did, resultaat)
                if ouders and rng.random() < 0.30:
                    self.t_vragenlijst.rij(
                        self.t_vragenlijst.nieuw_id(),
                        eid,
                        ouders[0],
                        _gewogen(rng, ((4, 45), (3, 35), (2, 15), (1, 5))),
                        _gewogen(rng, ((4, 50), (3, 30), (2, 15), (1, 5))),
                        _gewogen(rng, ((4, 40), (3, 40), (2, 15), (1, 5))),
                        "",
                        moment(min(nu, gehouden + rng.randint(0, 7)), rng),
                    )
                if beeindigen:
                    gebeurtenissen.append((gehouden, "beeindigd", "", "", None, "Beëindigd na de evaluatie."))
                else:
                    gebeurtenissen.append((gehouden, "geevalueerd", "", "", None, "Evaluatie vastgelegd."))
            else:
                self.t_eval.rij(eid, aid, soort_moment, D(gepland), None, "", "", "", "", "", None, "")
        gebeurtenissen.sort(key=lambda g: g[0])
        eind_moment = vorig = None
        for dag, status, van, naar, einddatum, toelichting in gebeurtenissen:
            door = toekenner if status == "toegekend" else tb
            op = vorig = na(moment(dag, rng), vorig, rng)
            if status == "beeindigd":
                eind_moment = op
            self.t_arr_geb.rij(
                self.t_arr_geb.nieuw_id(), aid, status, van, naar, einddatum, toelichting, door[0], door[1], op
            )
        status = gebeurtenissen[-1][1]
        # Providers and hours.
        aanbieders = self._aanbieders(rng, swv, school, soort, plan, einde)
        for soort_a, desk, naam, uren in aanbieders:
            bid = self.t_aanbieder.nieuw_id()
            toegewezen = max(plan["aangemaakt"], min(plan["start"], nu) - rng.randint(0, 10))
            self.t_aanbieder.rij(
                bid, aid, soort_a, desk, naam, f"{uren:.2f}", tb[0], moment(toegewezen, rng), eind_moment
            )
            tot = min(einde, plan["einde_dag"] if geeindigd else einde, nu)
            if plan["start"] > nu or tot < plan["start"]:
                continue
            maanden = (tot - plan["start"]) / 30.4
            k = max(1, min(8, round(maanden * rng.uniform(0.4, 1.0))))
            duur_totaal = max(1, einde - plan["start"])
            per_keer = uren * min(1.0, (tot - plan["start"] + 1) / duur_totaal) / k
            for _ in range(k):
                dag = plan["start"] + rng.randrange(tot - plan["start"] + 1)
                u = max(0.25, min(24.0, round(per_keer * rng.uniform(0.7, 1.2) * 4) / 4))
                geboekt = min(nu, dag + rng.randint(0, 3), plan["einde_dag"] if geeindigd else nu)
                self.t_inzet.rij(
                    self.t_inzet.nieuw_id(),
                    aid,
                    bid,
                    D(dag),
                    _activiteit(rng, soort_a),
                    f"{u:.2f}",
                    "",
                    tb[0],
                    moment(geboekt, rng),
                )
        if soort == "tijdelijke_plaatsing":
            from passend.arrangementen.planning import plaatsingstaken

            for taak in plaatsingstaken(D(plan["start"]), D(einde)):
                uiterlijk = o(taak["uiterlijk"])
                gedaan = uiterlijk - rng.randint(0, 7) if uiterlijk <= nu and rng.random() < 0.9 else None
                self.t_taak.rij(
                    self.t_taak.nieuw_id(),
                    aid,
                    taak["soort"],
                    taak["volgnummer"],
                    taak["uiterlijk"],
                    D(gedaan) if gedaan else None,
                    school.ib[0] if gedaan else None,
                    "Gedaan; zie het dossier." if gedaan else "",
                )
        ontvangers = _ONTVANGERS_SCHOOL if ll is None else rng.choice(_ONTVANGERS)
        self.t_arr.rij(
            aid,
            swv.id,
            tid,
            besluit_id,
            self._id(ll) if ll is not None else None,
            school.id,
            soort,
            status,
            ontvangers,
            "De leerling krijgt de ondersteuning die nodig is om verder te komen."
            if ll is not None
            else "Het team kan de gedragsvragen in de groepen zelf beantwoorden.",
            "",
            plaats,
            plaats_school,
            plaats_voorziening,
            rng.choice(ROOSTERS),
            D(plan["start"]),
            D(einde),
            f"{rng.choice((0, 0, 0, 0, 150, 400, 1200)):.2f}",
            "jeugdhulp" if soort == "onderwijs_jeugdhulparrangement" and rng.random() < 0.5 else "swv",
            toekenner[0],
            aangemaakt_op,
        )

    def _plaats(self, rng, swv: Swv, soort: str, ontvangend):
        if ontvangend is not None:
            return ontvangend.soort, ontvangend.id, None
        sbo = swv.van_soort("sbo")
        so = swv.van_soort("so")
        voorz = {v[1]: v[0] for v in swv.voorzieningen}
        r = rng.random()
        if soort == "observatieplek":
            if "observatieplek" in voorz and r < 0.6:
                return "voorziening", None, voorz["observatieplek"]
            school = rng.choice(sbo + so)
            return school.soort, school.id, None
        if soort == "onderwijszorgarrangement":
            v = voorz.get("onderwijszorgarrangement") or voorz.get("tussenvoorziening")
            return ("voorziening", None, v) if v else ("eigen_school", None, None)
        if soort == "onderwijsarrangement" and r < 0.2:
            school = rng.choice(sbo + so)
            return school.soort, school.id, None
        if soort == "aanvullend" and r < 0.1:
            school = rng.choice(swv.van_soort("bo"))
            return "andere_school", school.id, None
        if soort == "maatwerk_onderwijstijd" and r < 0.3:
            return "thuis", None, None
        if soort == "diagnostisch" and r < 0.2 and so:
            return "so", rng.choice(so).id, None
        return "eigen_school", None, None

    def _aanbieders(self, rng, swv: Swv, school: School, soort: str, plan: dict, einde: int) -> list:
        weken = max(1, (einde - plan["start"]) / 7)
        desk = rng.choice(swv.deskundigen)
        per_week = rng.uniform(0.5, 2.0)
        if soort == "tijdelijke_plaatsing":
            return [("sbo_so", None, plan["ontvangend"].naam, round(weken * 0.5))]
        if soort == "diagnostisch":
            return [("deskundige", desk[0], desk[1], rng.randint(6, 16))]
        uit = [("deskundige", desk[0], desk[1], round(weken * per_week))]
        if soort in ("onderwijs_jeugdhulparrangement", "onderwijszorgarrangement"):
            uit.append(("jeugdhulp", None, "Jeugdhulpaanbieder regio", round(weken * 1.0)))
        elif soort in ("onderwijsarrangement", "aanvullend") and rng.random() < 0.3:
            uit = [("school", None, school.naam, round(weken * per_week))]
        return uit

    # --- Home-sitting -----------------------------------------------------------------------------

    def _thuiszitten(self, rng, swv: Swv) -> None:
        scholen = swv.scholen
        gewichten = _cumulatief([s.grootte for s in scholen])
        gehad: set[int] = set()
        for jaar in range(self.eerste_jaar, self.jaar + 1):
            for _ in range(round(THUISZIT_KANS * sum(s.grootte for s in scholen))):
                begin = schooljaardag(rng, jaar)
                if begin > self.nu:
                    continue
                ll = self._ingeschreven(rng, scholen, gewichten, begin)
                if ll is None or id(ll) in gehad:
                    continue
                gehad.add(id(ll))
                einde = begin + _lognormaal(rng, 42, 1.0, 3, 900)
                if ll[L_UIT] is not None:
                    einde = min(einde, ll[L_UIT])
                aanbod = begin + _lognormaal(rng, 21, 0.8, 1, 400) if rng.random() < 0.75 else None
                if aanbod is not None and aanbod > min(einde, self.nu):
                    aanbod = None if aanbod > self.nu else min(aanbod, einde)
                open_ = einde > self.nu
                self.t_thuis.rij(
                    self.t_thuis.nieuw_id(),
                    self._id(ll),
                    D(begin),
                    None if open_ else D(einde),
                    _gewogen(rng, THUISZIT_REDEN),
                    D(aanbod) if aanbod is not None else None,
                )
                if open_:
                    ll[L_THUIS] = begin

    # --- Afterwards: in SQL -----------------------------------------------------------------------

    def na_afloop(self, cursor) -> None:
        """What is simplest counted over the loaded rows: decision numbers, pupil counts, occupancy."""
        cursor.execute(
            """
            UPDATE trajecten_besluit b SET nummer = n.nummer FROM (
                SELECT id, extract(year FROM datum)::int || '-' || lpad(row_number() OVER (
                    PARTITION BY samenwerkingsverband_id, extract(year FROM datum) ORDER BY datum, id)::text, 4, '0')
                    AS nummer
                FROM trajecten_besluit) n
            WHERE b.id = n.id
            """
        )
        cursor.execute(
            """
            INSERT INTO core_volgnummer (samenwerkingsverband_id, reeks, jaar, laatste)
            SELECT samenwerkingsverband_id, 'besluit', extract(year FROM datum)::int, count(*)
            FROM trajecten_besluit GROUP BY 1, 3
            ON CONFLICT (samenwerkingsverband_id, reeks, jaar) DO UPDATE SET laatste = EXCLUDED.laatste
            """
        )
        peildata = []
        for jaar in range(self.eerste_jaar, self.jaar + 1):
            for dag in (date(jaar, 10, 1), date(jaar + 1, 2, 1)):
                if dag <= self.vandaag:
                    peildata.append(dag)
        cursor.execute(
            """
            INSERT INTO financien_leerlingtelling (school_id, peildatum, aantal)
            SELECT l.school_id, p.dag, count(*)
            FROM leerlingen_leerling l JOIN unnest(%s::date[]) AS p(dag)
              ON l.datum_inschrijving <= p.dag AND (l.datum_uitschrijving IS NULL OR l.datum_uitschrijving > p.dag)
            GROUP BY 1, 2
            """,
            [peildata],
        )
        laatste = max(peildata)
        cursor.execute(
            """
            UPDATE organisaties_school s
            SET bezette_plaatsen = t.aantal, bezetting_peildatum = t.peildatum,
                capaciteit = GREATEST(s.capaciteit, t.aantal)
            FROM financien_leerlingtelling t
            WHERE t.school_id = s.id AND t.peildatum = %s AND s.soort IN ('sbo', 'so')
            """,
            [laatste],
        )


_NIVEAUS = ("school", "schoolbestuur", "deelverband", "samenwerkingsverband")
_REDEN_LABEL = {
    "handelingsverlegenheid": "Handelingsverlegenheid van leerkracht of school",
    "mismatch": "Onderwijsbehoeften en aanbod sluiten niet aan",
    "vraag_ouders": "Vraag van de ouders",
    "thuiszitten": "Thuiszitten of dreigend thuiszitten",
    "schoolvraag": "Ondersteuningsvraag van de school (leerkracht, groep, team)",
    "anders": "Anders",
}


def _ontvangers():
    from psycopg.types.json import Jsonb

    return (Jsonb(["leerling"]), Jsonb(["leerling", "leerkracht"]), Jsonb(["leerling", "ouders"])), Jsonb(["team"])


_ONTVANGERS, _ONTVANGERS_SCHOOL = _ontvangers()


def _activiteit(rng, soort_aanbieder: str) -> str:
    if soort_aanbieder == "sbo_so":
        return rng.choice(("observatie", "consultatie"))
    if soort_aanbieder == "jeugdhulp":
        return rng.choice(("begeleiding_leerling", "oudergesprek"))
    return _gewogen(
        rng,
        (
            ("begeleiding_leerling", 40),
            ("coaching_leerkracht", 20),
            ("observatie", 15),
            ("consultatie", 10),
            ("oudergesprek", 10),
            ("onderzoek", 5),
        ),
    )


def _vierde_verjaardag(geboren: int) -> int:
    dag = D(geboren)
    return o(date(dag.year + 4, 3, 1) if (dag.month, dag.day) == (2, 29) else dag.replace(year=dag.year + 4))


def _letters(rng) -> str:
    while True:
        letters = chr(65 + rng.randrange(26)) + chr(65 + rng.randrange(26))
        if letters not in ("SA", "SD", "SS"):
            return letters


def _cumulatief(gewichten: list[float]) -> list[float]:
    uit, som = [], 0.0
    for g in gewichten:
        som += g
        uit.append(som)
    return uit


def _poisson(rng, gemiddelde: float) -> int:
    if gemiddelde > 30:
        return max(0, round(rng.gauss(gemiddelde, math.sqrt(gemiddelde))))
    grens, k, p = math.exp(-gemiddelde), 0, 1.0
    while True:
        p *= rng.random()
        if p <= grens:
            return k
        k += 1


def _velden(stap) -> dict:
    return {
        f.attname: getattr(stap, f.attname) for f in stap._meta.concrete_fields if f.attname not in ("id", "versie_id")
    }


# --- Main -----------------------------------------------------------------------------------------


def genereren(schaal: Schaal, seed: int, vandaag: date, melding=print) -> dict:
    """Load the data into the (migrated, empty) database Django is connected to; returns the counts."""
    from django.db import connection, transaction
    from kopie import Lader

    tijden = {}
    begin = time.perf_counter()
    gen = Generator(schaal, seed, vandaag, melding)
    gen.plannen()
    lader = Lader(connection)
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
    with transaction.atomic():
        gen.organisaties()
        gen.scholen_en_mensen(lader)
        tijden["organisaties en gebruikers"] = time.perf_counter() - begin
        stap = time.perf_counter()
        gen.routes()
        tijden["routes (service)"] = time.perf_counter() - stap
    melding(
        f"  {len(gen.swvs)} samenwerkingsverbanden, {sum(len(s.scholen) for s in gen.swvs):,} scholen; "
        f"routes geladen ({time.perf_counter() - begin:.1f} s)"
    )
    stap = time.perf_counter()
    gen.tabellen(lader)
    with transaction.atomic(), lader.zonder_indexen(gen.grote_tabellen, melding):
        for i, swv in enumerate(gen.swvs):
            gen.swv_genereren(swv)
            lader.schrijf()
            if i % 10 == 0 or i == len(gen.swvs) - 1:
                melding(
                    f"  samenwerkingsverband {i + 1}/{len(gen.swvs)}: {gen.t_leerling.geschreven:,} leerlingen, "
                    f"{gen.t_traject.geschreven:,} trajecten ({time.perf_counter() - begin:.0f} s)"
                )
        tijden["genereren en COPY"] = time.perf_counter() - stap
        stap = time.perf_counter()
    tijden["indexen en beperkingen"] = time.perf_counter() - stap
    stap = time.perf_counter()
    with transaction.atomic():
        lader.klaar()
        with connection.cursor() as cursor:
            gen.na_afloop(cursor)
    tijden["nummers, tellingen (SQL)"] = time.perf_counter() - stap
    stap = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    tijden["VACUUM ANALYZE"] = time.perf_counter() - stap
    tijden["totaal"] = time.perf_counter() - begin
    return {"tijden": tijden, "rijen": rijen_tellen(), "copy_seconden": lader.copy_seconden}


TABELLEN = _lijst(
    "organisaties_samenwerkingsverband organisaties_deelverband organisaties_schoolbestuur organisaties_school "
    "organisaties_voorziening organisaties_deskundige accounts_user accounts_lidmaatschap trajecten_route "
    "trajecten_routeversie trajecten_stap financien_leerlingtelling leerlingen_leerling leerlingen_thuiszitperiode "
    "leerlingen_ouder leerlingen_ouderschap trajecten_traject trajecten_signaal trajecten_gebeurtenis "
    "trajecten_aanvraag trajecten_besluit arrangementen_arrangement arrangementen_arrangementgebeurtenis "
    "arrangementen_arrangementdoel arrangementen_aanbieder arrangementen_inzet arrangementen_evaluatie "
    "arrangementen_evaluatiedoel arrangementen_oudervragenlijst arrangementen_tlv arrangementen_plaatsingstaak "
    "financien_boeking"
)


def rijen_tellen() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in TABELLEN))
        aantallen = dict(cursor.fetchall())
    return {t: aantallen[t] for t in TABELLEN}


def marker_schrijven(schaal: str, seed: int, vandaag: date, resultaat: dict) -> None:
    import json

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} (schaal text, seed int, versie int, vandaag date, seconden float, "
            "rijen jsonb, gemaakt_op timestamptz DEFAULT now())"
        )
        cursor.execute(f"DELETE FROM {MARKER}")
        cursor.execute(
            f"INSERT INTO {MARKER} (schaal, seed, versie, vandaag, seconden, rijen) VALUES (%s, %s, %s, %s, %s, %s)",
            [schaal, seed, VERSIE, vandaag, resultaat["tijden"]["totaal"], json.dumps(resultaat)],
        )


def zorg_voor_data(schaal: str, seed: int, url: str, opnieuw: bool, vandaag: date | None = None, melding=print):
    """Reuse the database when its marker matches; otherwise (re)create, migrate and generate.
    Sets up Django on the database. Returns the marker."""
    from django.core.management import call_command

    vandaag = vandaag or date.today()
    database_voorbereiden(url, opnieuw, melding)
    django_opzetten(url)
    from django.db import connection

    marker = marker_lezen()
    passend = marker is not None and (marker["schaal"], marker["seed"], marker["versie"]) == (schaal, seed, VERSIE)
    if passend and not opnieuw:
        melding(
            f"Bestaande data hergebruikt: schaal {schaal}, seed {seed}, peildatum {marker['vandaag']}, "
            f"gegenereerd in {marker['seconden']:.0f} s."
        )
        call_command("migrate", verbosity=0, interactive=False)
        return marker
    if heeft_tabellen() and marker is None and not opnieuw:
        raise SystemExit(
            f"De database {connection.settings_dict['NAME']} heeft tabellen maar geen benchmarkmarker; "
            "kies een andere database of geef --opnieuw om haar te vervangen."
        )
    if heeft_tabellen():
        connection.close()
        database_voorbereiden(url, True, melding)
    melding(f"Genereren: schaal {schaal}, seed {seed}, peildatum {vandaag:%d-%m-%Y}")
    stap = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migreren = time.perf_counter() - stap
    resultaat = genereren(SCHALEN[schaal], seed, vandaag, melding)
    resultaat["tijden"] = {"migrate": migreren, **resultaat["tijden"]}
    resultaat["tijden"]["totaal"] += migreren
    marker_schrijven(schaal, seed, vandaag, resultaat)
    rapport(resultaat, melding)
    return marker_lezen()


def rapport(resultaat: dict, melding=print) -> None:
    melding("Tijden (s): " + ", ".join(f"{k} {v:.1f}" for k, v in resultaat["tijden"].items()))
    melding(f"  waarvan COPY (schrijven naar PostgreSQL) {resultaat['copy_seconden']:.1f} s")
    melding("Rijen:")
    for tabel, aantal in resultaat["rijen"].items():
        melding(f"  {tabel:40s} {aantal:>12,}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schaal", choices=sorted(SCHALEN), default="swv")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--database", help="PostgreSQL URL (default: see standaard_url)")
    parser.add_argument("--opnieuw", action="store_true", help="drop the database and generate afresh")
    parser.add_argument("--vandaag", type=date.fromisoformat, help="the reference date (default: today)")
    args = parser.parse_args(argv)
    zorg_voor_data(args.schaal, args.seed, args.database or standaard_url(args.schaal), args.opnieuw, args.vandaag)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
