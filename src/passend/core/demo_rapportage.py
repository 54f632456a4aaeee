"""Demo data for the key figures (issue 8): De Voorbeeldregio's history of the last three school
years and this one, as an import of the records of earlier years would bring it.

Everything the walkthrough shows (Ryan, Sanne, Finn, …) was made today through the services;
without a past the dashboard has nothing to compare. This loader adds it, relative to today so
the demo stays current:

- pupil counts of every school on 1 October and 1 February (the 1 October counts of the money
  part stay as they are),
- about fifty pupils at the existing schools (and a parent of each), with the trajecten that
  brought them support: TLVs for sbo and so of each category (a few temporary placements under
  TOP, one TLV for a school in Rivierenland and one of Rivierenland for De Kaleidoscoop),
  arrangements of several kinds with planned and given hours, evaluations with results per goal
  (some overdue), parents' questionnaires, placements that ended with the pupil back at a regular
  school, and placements decided but not started (the waiting lists),
- periods at home (thuiszitperiodes): now, a year ago and two years ago, with their reasons.

Rows are written as the services would have written them then (a decision with its event, the
meetings that took it, an arrangement whose status is its newest event), but in bulk, with the
dates of then, and without audit events or bookings: an import, not a walk through the
services. Decisions get numbers of their own series (`2025-H007`), so they never clash with the
numbers the partnership hands out. Only days before today are written: what lies ahead in a
plan (a start, an evaluation) has simply not happened yet.

Deterministic (a fixed seed for the variety) and loaded once: the first pupil is the marker.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import models
from django.utils import timezone

MARKER = ("Jesse", "Dijkstra")
SEED = 2026
NUMMERREEKS = "H"  # besluitnummer 2025-H007: the imported series, apart from the partnership's own

# (voornaam, tussenvoegsel, achternaam, voornaam ouder, relatie)
NAMEN = [
    ("Jesse", "", "Dijkstra", "Marloes", "moeder"),
    ("Emma", "van den", "Berg", "Petra", "moeder"),
    ("Lucas", "", "Janssen", "Erik", "vader"),
    ("Tess", "van", "Leeuwen", "Ingeborg", "moeder"),
    ("Liam", "", "Koster", "Sandra", "moeder"),
    ("Julia", "", "Prins", "Maarten", "vader"),
    ("Thijs", "", "Huisman", "Esther", "moeder"),
    ("Sophie", "", "Postma", "Wendy", "moeder"),
    ("Luuk", "", "Kramer", "Ronald", "vader"),
    ("Zoë", "", "Verhoeven", "Kim", "moeder"),
    ("Mees", "", "Scholten", "Annemarie", "moeder"),
    ("Mila", "", "Bosman", "Jeroen", "vader"),
    ("Sven", "", "Willemsen", "Monique", "moeder"),
    ("Evi", "", "Sanders", "Hanneke", "moeder"),
    ("Julian", "", "Molenaar", "Dennis", "vader"),
    ("Saar", "", "Timmermans", "Linda", "moeder"),
    ("Jayden", "", "Groen", "Priscilla", "moeder"),
    ("Nina", "van der", "Veen", "Harm", "vader"),
    ("Ruben", "", "Wouters", "Anja", "moeder"),
    ("Fleur", "", "Hermans", "Bas", "vader"),
    ("Gijs", "van", "Wijk", "Miranda", "moeder"),
    ("Lieke", "", "Lammers", "Jolanda", "moeder"),
    ("Stijn", "", "Veenstra", "Gerard", "vader"),
    ("Isa", "", "Evers", "Natasja", "moeder"),
    ("Max", "de", "Haan", "Yvonne", "moeder"),
    ("Roos", "", "Brink", "Arjan", "vader"),
    ("Olivier", "", "Gerritsen", "Chantal", "moeder"),
    ("Fenna", "", "Boersma", "Sietse", "vader"),
    ("Teun", "", "Hoogland", "Carolien", "moeder"),
    ("Lisa", "", "Mertens", "Patrick", "vader"),
    ("Hugo", "", "Jonker", "Marieke", "moeder"),
    ("Anna", "", "Vink", "Daphne", "moeder"),
    ("Siem", "", "Schipper", "Wouter", "vader"),
    ("Yara", "", "Bouzid", "Samira", "moeder"),
    ("Jens", "van der", "Meer", "Bianca", "moeder"),
    ("Femke", "", "Martens", "Robert", "vader"),
    ("Koen", "", "Verbeek", "Astrid", "moeder"),
    ("Jasmijn", "", "Nijhuis", "Frank", "vader"),
    ("Mats", "", "Tromp", "Ilona", "moeder"),
    ("Maud", "", "Smeets", "Raymond", "vader"),
    ("Noah", "", "Yilmaz", "Elif", "moeder"),
    ("Elin", "", "Claassen", "Judith", "moeder"),
    ("Levi", "", "Oosterhuis", "Henk-Jan", "vader"),
    ("Iris", "", "Hofman", "Marjolein", "moeder"),
    ("Tim", "de", "Lange", "Saskia", "moeder"),
    ("Vera", "van", "Beek", "Michiel", "vader"),
    ("Stan", "", "Blom", "Tamara", "moeder"),
    ("Lynn", "", "Aksoy", "Ayşe", "moeder"),
    ("Bo", "", "Pauwels", "Jasper", "vader"),
    ("Guus", "", "Lambers", "Renate", "moeder"),
    ("Sara", "", "Benali", "Fatiha", "moeder"),
    ("Pim", "", "Dijkman", "Richard", "vader"),
    ("Amber", "", "Kuijpers", "Nicole", "moeder"),
    ("Jurre", "", "Westra", "Hilde", "moeder"),
    ("Lotje", "", "Kaptein", "Edwin", "vader"),
    ("Niek", "", "Hoekman", "Sabine", "moeder"),
    ("Floor", "", "Vedder", "Mark", "vader"),
    ("Ties", "", "Rutten", "Joyce", "moeder"),
    ("Eva", "", "Zijlstra", "Gert", "vader"),
    ("Mick", "", "Bakhuis", "Ellen", "moeder"),
    ("Liv", "", "Roelofs", "Tom", "vader"),
    ("Ravi", "", "Ramdin", "Sunita", "moeder"),
    ("Hanna", "de", "Ruiter", "Stefan", "vader"),
    ("Joep", "", "Vonk", "Manon", "moeder"),
]
RIVIERENLAND_NAAM = ("Tygo", "van", "Rijswijk", "Mariska", "moeder")

# Pupils on 1 October, this school year and the three before it (newest last); 1 February is the
# October count plus the pupils who came in between. The two years the money part counts keep its
# numbers (bo as demo_financien.LEERLINGEN, sbo and so at their capacity).
OKTOBER = {
    "20ZB00": (365, 372, 384, 391),
    "20CM00": (327, 318, 306, 301),
    "20KS00": (116, 120, 120, 112),
    "20PL00": (88, 90, 90, 90),
    "20WW00": (146, 150, 150, 141),
}
FEBRUARI_ERBIJ = {"20ZB00": 6, "20CM00": 4, "20KS00": 2, "20PL00": 0, "20WW00": -3}

SOORT_TEKST = {
    "onderwijsarrangement": (
        "Extra instructie en begeleiding in een klein groepje, zodat de leerling in de eigen groep kan blijven.",
        "Vier ochtenden per week een uur",
        ["Leest een tekst van AVI E4 vlot en foutloos.", "Werkt twintig minuten zelfstandig aan een taak."],
        [("school", "Onderwijsassistent", 60, "begeleiding_leerling")],
    ),
    "onderwijs_jeugdhulparrangement": (
        "Onderwijs en jeugdhulp samen: een gezinsbegeleider op school en thuis, met dezelfde afspraken.",
        "Twee middagen per week",
        [
            "Gaat zonder conflicten om met klasgenoten op het plein.",
            "Thuis en op school gelden dezelfde afspraken over rust en regelmaat.",
        ],
        [
            ("jeugdhulp", "Jeugdhulp Drenthe, gezinsbegeleider", 40, "begeleiding_leerling"),
            ("deskundige", "Youssef Amrani", 12, "oudergesprek"),
        ],
    ),
    "aanvullend": (
        "Drie ochtenden per week in de taal- en gedragsgroep van De Catamaran.",
        "Drie ochtenden per week",
        ["Vertelt in een kleine groep over een eigen ervaring.", "Gebruikt nieuwe woorden uit de les in een zin."],
        [("school", "Expertleerkracht De Catamaran", 48, "begeleiding_leerling")],
    ),
    "korte_interventie": (
        "Acht weken begeleiding van leerling en leerkracht bij boosheid en spanning in de klas.",
        "Eén keer per week",
        [
            "Herkent wanneer de spanning oploopt en vraagt om een time-out.",
            "De leerkracht past de afgesproken aanpak bij boosheid toe.",
        ],
        [("deskundige", "Sanne Kuipers", 10, "coaching_leerkracht")],
    ),
    "diagnostisch": (
        "Handelingsgerichte diagnostiek: observatie in de klas, onderzoek en een advies voor de aanpak.",
        "Vier dagdelen in vijf weken",
        [
            "Er is een helder beeld van de onderwijsbehoeften.",
            "School en ouders hebben een advies voor de aanpak in de klas.",
        ],
        [("deskundige", "Sanne Kuipers", 14, "onderzoek")],
    ),
    "observatieplek": (
        "Zes weken op de observatieplek van De Wegwijzer om helder te krijgen wat de leerling nodig heeft.",
        "Vijf dagen per week, zes weken",
        ["Er is een helder beeld van wat de leerling nodig heeft om te leren.", "Er is een advies over de plek."],
        [("sbo_so", "Observatieplek De Wegwijzer", 60, "observatie")],
    ),
    "onderwijszorgarrangement": (
        "Onderwijs en jeugdhulp op één plek bij De Brug, met een geleidelijke opbouw van de schooltijd.",
        "Vier dagen per week",
        ["Volgt elke dag drie uur onderwijs.", "Komt met begeleiding vanuit de jeugdhulp tot rust."],
        [("sbo_so", "Onderwijs-zorgarrangement De Brug", 80, "begeleiding_leerling")],
    ),
    "maatwerk_onderwijstijd": (
        "Terug naar school na een periode thuis: de schooltijd groeit in stappen van twee naar vijf ochtenden.",
        "Eerst twee ochtenden, elke drie weken een ochtend erbij",
        ["Bouwt de schooltijd op van twee ochtenden naar vijf.", "Voelt zich veilig in de klas en bij de juf."],
        [("deskundige", "Youssef Amrani", 16, "begeleiding_leerling")],
    ),
    "specialistische_expertise": (
        "Een specialist uit de pool begeleidt leerling en leerkracht.",
        "Eens per twee weken",
        ["De leerkracht weet wat helpt en past het toe.", "De leerling boekt vooruitgang op het thema."],
        [],  # the specialist is named per case
    ),
    "tijdelijke_plaatsing": (
        "Een tijdelijke plek in het speciaal (basis)onderwijs, met de terugkeer naar de eigen school vooraf "
        "afgesproken.",
        "",
        ["Gaat beter om met klasgenoten.", "Kan terug naar de eigen school met de aanpak die werkt."],
        [],
    ),
}
VISIE_LEERKRACHT = (
    "Het gaat duidelijk beter; de aanpak werkt in de groep.",
    "Er is vooruitgang, maar nog niet zonder hulp.",
    "Weinig verandering; we zoeken samen een andere aanpak.",
    "De leerling zit beter in zijn vel en doet mee.",
)
VISIE_OUDERS = (
    "Thuis merken we dat hij rustiger is.",
    "Ze gaat weer met plezier naar school.",
    "We hadden meer verwacht, maar de contacten zijn goed.",
    "",
)
OPMERKINGEN = ("", "", "Fijn dat de juf ons elke week belt.", "Graag eerder horen als het niet goed gaat.", "")


class Klok:
    """Days relative to today: in a school year some years back, or weeks before today."""

    def __init__(self, vandaag: date):
        self.vandaag = vandaag
        self.jaar = vandaag.year if vandaag.month >= 8 else vandaag.year - 1

    def jd(self, terug: int, maand: int, dag: int) -> date:
        """A working day in the school year `terug` years before this one (negative: later)."""
        jaar = self.jaar - terug + (0 if maand >= 8 else 1)
        return werkdag(date(jaar, maand, dag))

    def wk(self, weken: float) -> date:
        """A working day `weken` weeks before today (negative: ahead)."""
        return werkdag(self.vandaag - timedelta(days=round(weken * 7)))


def werkdag(dag: date) -> date:
    """Saturday and Sunday fall back to Friday (so the order of days never changes)."""
    return dag - timedelta(days=max(0, dag.weekday() - 4))


def om(dag: date, uur: float = 10) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time(int(uur), int(uur % 1 * 60))))


def weken(dag: date, n: float) -> date:
    return werkdag(dag + timedelta(days=round(n * 7)))


@contextmanager
def eigen_tijden(*modellen):
    """Write the stored times of then: auto_now(_add) off for these models while loading."""
    velden = [
        veld
        for model in modellen
        for veld in model._meta.concrete_fields
        if isinstance(veld, models.DateTimeField | models.DateField) and (veld.auto_now or veld.auto_now_add)
    ]
    oud = [(veld, veld.auto_now, veld.auto_now_add) for veld in velden]
    for veld in velden:
        veld.auto_now = veld.auto_now_add = False
    try:
        yield
    finally:
        for veld, now, add in oud:
            veld.auto_now, veld.auto_now_add = now, add


@dataclass
class Overgang:
    dag: date
    uitkomst: str
    wie: str  # key in Historie.mensen
    motivatie: str = ""


@dataclass
class Plan:
    """One pupil's case: the traject and what came of it."""

    leerling: object
    ouder: object
    school: object  # the school that asked (the traject's)
    route: str
    signaal: dict
    overgangen: list[Overgang]
    aanvraag: dict | None = None
    traject: object = None
    besluit: object = None
    aanvraag_obj: object = None
    extra: dict = field(default_factory=dict)

    @property
    def signaal_datum(self) -> date:
        return self.signaal["datum"]


class Historie:
    def __init__(self, regio):
        from passend.accounts.models import User
        from passend.core.demo import LOGINS, RIVIERENLAND
        from passend.organisaties.models import Deskundige, Samenwerkingsverband, School, Voorziening
        from passend.trajecten.models import Route

        self.regio = regio
        self.klok = Klok(timezone.localdate())
        self.vandaag = self.klok.vandaag
        self.rng = random.Random(SEED)  # noqa: S311 (demo variety, not secrets)
        self.rivierenland = Samenwerkingsverband.objects.get(code=RIVIERENLAND)
        rollen = {login.email: login.rol for login in LOGINS}
        self.mensen = {}
        for user in User.objects.filter(email__in=rollen):
            self.mensen[user.email.split("@")[0]] = (user, rollen[user.email])
        self.scholen = {s.instellingscode: s for s in School.objects.filter(samenwerkingsverband=regio)}
        self.scholen.update(
            {s.instellingscode: s for s in School.objects.filter(samenwerkingsverband=self.rivierenland)}
        )
        self.voorzieningen = {v.naam: v for v in Voorziening.objects.filter(samenwerkingsverband=regio)}
        self.pool = {d.naam: d for d in Deskundige.objects.filter(samenwerkingsverband__in=[regio, self.rivierenland])}
        self.routes = {}
        for route in Route.objects.filter(samenwerkingsverband__in=[regio, self.rivierenland]):
            versie = route.versies.order_by("-nummer").first()
            self.routes[(route.samenwerkingsverband_id, route.code)] = (
                versie,
                {s.code: s for s in versie.stappen.all()},
            )
        self.namen = iter(NAMEN)
        self.rijen: dict[type, list] = {}
        self.plannen: list[Plan] = []
        self.laatste_op: dict[int, datetime] = {}
        self.opps: list[tuple] = []

    # --- rows ----------------------------------------------------------------------------------

    def rij(self, obj):
        self.rijen.setdefault(type(obj), []).append(obj)
        return obj

    def wie(self, sleutel: str):
        return self.mensen[sleutel]

    def ib(self, school) -> str:
        # Of the sbo and Het Palet no one has an account: the trajectbegeleider records for them.
        return {"20ZB00": "karin", "20CM00": "ilse", "20KS00": "geert", "25DW00": "anouk"}.get(
            school.instellingscode, "simone"
        )

    def signaleerder(self, school) -> str:
        return "desiree" if school.instellingscode == "20ZB00" else self.ib(school)

    # --- pupils --------------------------------------------------------------------------------

    def leerling(self, code: str, groep: int, *, naam=None, swv=None):
        from passend.leerlingen.models import Leerling, Ondersteuningsniveau, Ouder, Ouderschap

        voornaam, tussen, achternaam, ouder_voornaam, relatie = naam or next(self.namen)
        school = self.scholen[code]
        geboren = self.vandaag - timedelta(days=(groep + 4) * 365 + self.rng.randint(20, 330))
        ingeschreven = werkdag(date(geboren.year + 4, geboren.month, min(geboren.day, 28)) + timedelta(days=3))
        leerling = self.rij(
            Leerling(
                samenwerkingsverband=swv or self.regio,
                school=school,
                voornaam=voornaam,
                tussenvoegsel=tussen,
                achternaam=achternaam,
                geboortedatum=geboren,
                groep=groep,
                postcode=school.postcode,
                datum_inschrijving=ingeschreven,
                aangemaakt_op=om(ingeschreven, 9),
            )
        )
        ouder = self.rij(
            Ouder(
                samenwerkingsverband=swv or self.regio,
                naam=" ".join(p for p in (ouder_voornaam, tussen, achternaam) if p),
            )
        )
        self.rij(Ouderschap(ouder=ouder, leerling=leerling, relatie=relatie, gezag=True))
        ib, rol = self.wie(self.ib(school))
        self.rij(
            Ondersteuningsniveau(
                leerling=leerling,
                niveau=1,
                sinds=ingeschreven,
                reden="Start op school.",
                vastgesteld_door=ib,
                vastgesteld_als=rol,
                vastgesteld_op=om(ingeschreven, 9),
            )
        )
        return leerling, ouder

    def niveau(self, leerling, niveau: int, sinds: date, reden: str, wie: str):
        from passend.leerlingen.models import Ondersteuningsniveau

        if sinds >= self.vandaag:
            return
        user, rol = self.wie(wie)
        self.rij(
            Ondersteuningsniveau(
                leerling=leerling,
                niveau=niveau,
                sinds=max(sinds, leerling.datum_inschrijving),
                reden=reden,
                vastgesteld_door=user,
                vastgesteld_als=rol,
                vastgesteld_op=om(max(sinds, leerling.datum_inschrijving), 15),
            )
        )

    def toestemming_extern(self, leerling, ouder, dag: date, wie: str):
        from passend.leerlingen.models import Toestemming

        user, rol = self.wie(wie)
        self.rij(
            Toestemming(
                leerling=leerling,
                onderwerp=Toestemming.Onderwerp.EXTERN,
                besluit=Toestemming.Besluit.GEGEVEN,
                reikwijdte="Deskundigen van het samenwerkingsverband en de jeugdarts",
                ouder=ouder,
                datum=dag,
                vastgelegd_door=user,
                vastgelegd_als=rol,
                vastgelegd_op=om(dag, 16),
            )
        )

    def opp(self, leerling, ouder, dag: date, wie: str, profiel: str):
        """A set OPP (version 1) with the parents' consent to its action part, as a TLV asks."""
        from passend.dossier.models import Opp, OppDoel, OppVersie
        from passend.leerlingen.models import Toestemming

        user, rol = self.wie(wie)
        opp = self.rij(Opp(leerling=leerling, aangemaakt_op=om(dag, 9)))
        versie = self.rij(
            OppVersie(
                opp=opp,
                nummer=1,
                uitstroomprofiel=profiel,
                onderbouwing="Leert het best in een kleine groep met veel structuur en herhaling.",
                belemmerende_factoren="Raakt in een grote groep het overzicht kwijt; snel overprikkeld.",
                bevorderende_factoren="Gemotiveerd bij praktische opdrachten; betrokken ouders.",
                ondersteuning="Een kleine groep met een vaste leerkracht en een eigen leerlijn waar nodig.",
                begeleiding="Intern begeleider volgt de voortgang; ouders worden elke zes weken gesproken.",
                ouders_gehoord_op=dag,
                startdatum=dag,
                einddatum=dag + timedelta(days=364),
                aangemaakt_op=om(dag, 9),
                gewijzigd_op=om(dag, 11),
                gewijzigd_door_naam=user.naam,
                vastgesteld_op=om(dag, 11),
                vastgesteld_door=user,
                vastgesteld_door_naam=user.naam,
            )
        )
        versie.handelingsdeel_kenmerk = versie.bereken_kenmerk()
        self.opps.append((opp, versie, leerling, leerling.school))
        self.rij(
            OppDoel(
                versie=versie,
                domein="werkhouding",
                soort="einddoel",
                omschrijving="Werkt twintig minuten zelfstandig aan een taak.",
            )
        )
        self.rij(
            Toestemming(
                leerling=leerling,
                onderwerp=Toestemming.Onderwerp.OPP_HANDELINGSDEEL,
                besluit=Toestemming.Besluit.GEGEVEN,
                reikwijdte="Handelingsdeel van OPP versie 1",
                kenmerk=versie.handelingsdeel_kenmerk,
                ouder=ouder,
                datum=dag,
                vastgelegd_door=user,
                vastgelegd_als=rol,
                vastgelegd_op=om(dag, 11),
            )
        )

    def thuis(self, leerling, begin: date, eind: date | None, reden: str, aanbod: date | None = None):
        from passend.leerlingen.models import Thuiszitperiode

        if begin >= self.vandaag:
            return
        if eind is not None and eind >= self.vandaag:
            eind = None
        if aanbod is not None and aanbod >= self.vandaag:
            aanbod = None
        self.rij(Thuiszitperiode(leerling=leerling, begindatum=begin, einddatum=eind, reden=reden, aanbod_op=aanbod))
        if eind is None:
            leerling.thuiszitter_sinds = begin

    # --- trajecten -----------------------------------------------------------------------------

    def op(self, traject, dag: date, uur: float = 10) -> datetime:
        """A moment on `dag` after the traject's last one (events of one day keep their order)."""
        moment = om(dag, uur)
        vorige = self.laatste_op.get(id(traject))
        if vorige is not None and moment <= vorige:
            moment = vorige + timedelta(minutes=45)
        self.laatste_op[id(traject)] = moment
        return moment

    def plan(self, plan: Plan) -> Plan:
        """Write the traject of `plan` as far as today: its signal, every step taken before today
        (with the meeting that took it where the route asks one), the application and decision."""
        from passend.trajecten.models import Gebeurtenis, Signaal, Traject

        swv = plan.school.samenwerkingsverband
        versie, stappen = self.routes[(swv.pk, plan.route)]
        start = stappen[versie.start]
        dag = plan.signaal["datum"]
        wie, rol = self.wie(plan.overgangen[0].wie if plan.overgangen else self.signaleerder(plan.school))
        traject = self.rij(
            Traject(
                samenwerkingsverband=swv,
                school=plan.school,
                leerling=plan.leerling,
                onderwerp=Traject.Onderwerp.LEERLING,
                vraag=plan.signaal.pop("vraag"),
                route_versie=versie,
                stap=start,
                niveau=start.bij,
                aangemaakt_door=wie,
            )
        )
        plan.traject = traject
        traject.aangemaakt_op = traject.stap_sinds = self.op(traject, dag, 9)
        traject.termijn = dag + timedelta(days=start.termijn_dagen) if start.termijn_dagen else None
        signaal = self.rij(Signaal(traject=traject, **plan.signaal))
        self.rij(
            Gebeurtenis(
                traject=traject,
                soort=Gebeurtenis.Soort.GESTART,
                op=traject.aangemaakt_op,
                door=wie,
                door_naam=wie.naam,
                rol=rol,
                naar_stap=start.code,
                naar_stap_naam=start.naam,
                motivatie=f"Signaal: {signaal.get_reden_display()}",
            )
        )
        for overgang in plan.overgangen:
            if overgang.dag >= self.vandaag or traject.stap is None:
                break
            self.stap(plan, stappen, overgang)
        return plan

    def stap(self, plan: Plan, stappen: dict, overgang: Overgang):
        from passend.trajecten.models import Aanvraag, Besluit, Gebeurtenis, Traject
        from passend.trajecten.routebestand import BESLISREGELS_MET_OVERLEG, EINDE, NIVEAUS

        traject = plan.traject
        stap = traject.stap
        gekozen = stap.uitkomst(overgang.uitkomst)
        assert gekozen is not None, (plan.route, stap.code, overgang.uitkomst)
        naar = None if gekozen["naar"] == EINDE else stappen[gekozen["naar"]]
        wie, rol = self.wie(overgang.wie)
        if gekozen.get("indienen") and plan.aanvraag is not None and plan.aanvraag_obj is None:
            dag = max(plan.signaal_datum, overgang.dag - timedelta(days=9))
            plan.aanvraag_obj = self.rij(
                Aanvraag(
                    traject=traject,
                    aangemaakt_door=wie,
                    aangemaakt_op=self.op(traject, dag, 9),
                    gewijzigd_op=om(dag, 12),
                    **plan.aanvraag,
                )
            )
        moment = self.op(traject, overgang.dag, 11 if stap.overleg else 10)
        overleg = None
        if stap.beslisregel in BESLISREGELS_MET_OVERLEG and not gekozen.get("ook_zonder_besluit"):
            overleg = self.overleg(plan, stap, gekozen, moment, wie, overgang.motivatie)
        gebeurtenis = self.rij(
            Gebeurtenis(
                traject=traject,
                soort=Gebeurtenis.Soort.AFGESLOTEN if naar is None else Gebeurtenis.Soort.OVERGANG,
                op=moment,
                door=wie,
                door_naam=wie.naam,
                rol=rol,
                van_stap=stap.code,
                van_stap_naam=stap.naam,
                naar_stap=naar.code if naar else EINDE,
                naar_stap_naam=naar.naam if naar else "Afgesloten",
                uitkomst=gekozen["code"],
                uitkomst_naam=gekozen["naam"],
                motivatie=overgang.motivatie,
                overleg=overleg,
            )
        )
        traject.stap, traject.stap_sinds = naar, moment
        traject.termijn = overgang.dag + timedelta(days=naar.termijn_dagen) if naar and naar.termijn_dagen else None
        if naar is None:
            traject.status, traject.afgesloten_op = Traject.Status.AFGESLOTEN, moment
        else:
            if NIVEAUS.index(naar.bij) > NIVEAUS.index(traject.niveau):
                traject.niveau = naar.bij
            if naar.bij == "samenwerkingsverband" and traject.ingediend_op is None:
                traject.ingediend_op = moment
        aanvraag = plan.aanvraag_obj
        if aanvraag is None:
            return
        if gekozen.get("indienen"):
            aanvraag.status, aanvraag.ingediend_op, aanvraag.ingediend_door = Aanvraag.Status.INGEDIEND, moment, wie
            aanvraag.gewijzigd_op = moment
        elif gekozen.get("besluit"):
            aanvraag.status = Aanvraag.Status.BESLOTEN
            plan.besluit = self.rij(
                Besluit(
                    aanvraag=aanvraag,
                    samenwerkingsverband=traject.samenwerkingsverband,
                    uitkomst=gekozen["besluit"],
                    inhoud=gekozen["naam"],
                    motivatie=overgang.motivatie,
                    datum=overgang.dag,
                    bezwaar_tot=overgang.dag + timedelta(weeks=6),
                    genomen_door=wie,
                    genomen_door_naam=wie.naam,
                    rol=rol,
                    overleg=overleg,
                    gebeurtenis=gebeurtenis,
                )
            )

    def stap_verder(self, plan: Plan, dag: date, uitkomst: str, wie: str, motivatie: str = ""):
        """One more step after the decision, if it was taken before today."""
        if dag >= self.vandaag or plan.traject.stap is None:
            return
        _versie, stappen = self.routes[(plan.school.samenwerkingsverband_id, plan.route)]
        self.stap(plan, stappen, Overgang(dag, uitkomst, wie, motivatie))

    def overleg(self, plan: Plan, stap, gekozen: dict, moment: datetime, voorzitter, motivatie: str):
        """The meeting that took the decision, its participants (all in agreement) and the record."""
        from passend.trajecten.models import Besluitvorming, Deelnemer, Overleg

        school = plan.school
        ib, _ = self.wie(self.ib(school))
        ouder = {"naam": plan.ouder.naam, "functie": "ouder", "partij": "ouders"}
        school_deelnemer = {"naam": ib.naam, "functie": "intern begeleider", "partij": "school", "gebruiker": ib}
        if stap.overleg in ("tlv_commissie", "ivo_commissie"):
            commissie, _ = self.wie("pieter") if school.samenwerkingsverband_id == self.regio.pk else self.wie("ruud")
            ontvangend = plan.extra.get("ontvangend")
            deskundigen = ("Sanne Kuipers", "Dr. M. Brouwer")
            if school.samenwerkingsverband_id != self.regio.pk:
                deskundigen = ("Evelien Schouten", "Dr. P. de Graaf")
            deelnemers = [
                {"naam": commissie.naam, "partij": "swv", "gebruiker": commissie, "stemgerechtigd": True},
                {"naam": "Directeur uit de regio", "partij": "swv", "stemgerechtigd": True},
                {
                    "naam": f"Directeur {ontvangend.naam}" if ontvangend else "Directeur sbo De Wegwijzer",
                    "partij": "sbo_so",
                    "stemgerechtigd": True,
                },
                *(
                    {
                        "naam": naam,
                        "partij": "swv",
                        "deskundige": self.pool[naam],
                        "functie": self.pool[naam].get_discipline_display().lower(),
                        "advies": "Eigen schriftelijk advies: de gevraagde ondersteuning past bij de "
                        "onderwijsbehoeften die uit het dossier en de observatie blijken.",
                    }
                    for naam in deskundigen
                ),
            ]
            locatie = "Kantoor van het samenwerkingsverband"
        elif stap.overleg in ("driegesprek", "evaluatie") and plan.route == "top":
            vincent, _ = self.wie("vincent")
            ontvangend = plan.extra["ontvangend"]
            so = (
                {"naam": "Rianne Bos", "partij": "sbo_so", "deskundige": self.pool["Rianne Bos"]}
                if ontvangend.instellingscode == "20KS00"
                else {"naam": "Directeur De Wegwijzer", "functie": "directeur", "partij": "sbo_so"}
            )
            deelnemers = [
                {"naam": vincent.naam, "functie": "directeur", "partij": "school", "gebruiker": vincent},
                ouder,
                so,
            ]
            locatie = school.naam
        else:
            simone, _ = self.wie("simone" if school.samenwerkingsverband_id == self.regio.pk else "ruud")
            deelnemers = [school_deelnemer, ouder]
            if stap.overleg in ("sot", "mdo", "evaluatie"):
                deelnemers.append(
                    {"naam": simone.naam, "functie": "trajectbegeleider", "partij": "swv", "gebruiker": simone}
                )
            locatie = school.naam
        overleg = self.rij(
            Overleg(
                traject=plan.traject,
                stap=stap,
                soort=stap.overleg,
                datum=moment,
                locatie=locatie,
                verslag=motivatie,
                status=Overleg.Status.BESLOTEN,
                voorzitter=voorzitter,
                aangemaakt_op=moment - timedelta(days=10),
            )
        )
        rijen = [self.rij(Deelnemer(overleg=overleg, standpunt=Deelnemer.Standpunt.AKKOORD, **d)) for d in deelnemers]
        self.rij(
            Besluitvorming(
                overleg=overleg,
                uitkomst=gekozen["code"],
                uitkomst_naam=gekozen["naam"],
                motivatie=motivatie or gekozen["naam"],
                standpunten=rijen,  # made into [{deelnemer, …}] once the participants have their ids
                vastgelegd_door=voorzitter,
                vastgelegd_op=moment,
            )
        )
        return overleg

    # --- applications, TLVs, arrangements ------------------------------------------------------

    def adviezen(self, plan: Plan, dag: date):
        from passend.arrangementen.models import Deskundigenadvies

        if dag >= self.vandaag or plan.aanvraag_obj is None:
            return
        namen = ("Sanne Kuipers", "Dr. M. Brouwer")
        if plan.school.samenwerkingsverband_id != self.regio.pk:
            namen = ("Evelien Schouten", "Dr. P. de Graaf")
        simone, _ = self.wie("simone") if plan.school.samenwerkingsverband_id == self.regio.pk else self.wie("ruud")
        for naam, advies in zip(
            namen,
            (
                "De leerling heeft een kleine setting met veel structuur en een eigen leerlijn nodig.",
                "Geen medische belemmering; aandacht voor rust en een vast dagritme.",
            ),
            strict=True,
        ):
            self.rij(
                Deskundigenadvies(
                    aanvraag=plan.aanvraag_obj,
                    deskundige=self.pool[naam],
                    discipline=self.pool[naam].discipline,
                    advies=advies,
                    datum=dag,
                    vastgelegd_door=simone,
                    vastgelegd_op=om(dag, 14),
                )
            )

    def tlv(self, plan: Plan, *, start: date, eind: date | None, terugkeer: date | None = None):
        from passend.arrangementen.models import Tlv

        besluit = plan.besluit
        if besluit is None:
            return None
        aanvraag = plan.aanvraag_obj
        return self.rij(
            Tlv(
                samenwerkingsverband=besluit.samenwerkingsverband,
                besluit=besluit,
                leerling=plan.leerling,
                soort="so" if aanvraag.soort == "tlv_so" else "sbo",
                categorie=aanvraag.tlv_categorie if aanvraag.soort == "tlv_so" else "",
                startdatum=start,
                einddatum=eind,
                hele_schoolloopbaan=eind is None,
                ontvangende_school=plan.extra["ontvangend"],
                terugkeer_gepland_op=terugkeer,
                afgegeven_door=besluit.genomen_door,
                afgegeven_op=besluit.gebeurtenis.op + timedelta(minutes=20),
            )
        )

    def arrangement(
        self,
        plan: Plan,
        soort: str,
        *,
        start: date,
        eind: date,
        vertraging: int | None = None,
        plaats: str = "eigen_school",
        plaats_school=None,
        plaats_voorziening=None,
        financiering: str = "swv",
        deskundige: tuple[str, int] | None = None,
        terugkeer: date | None = None,
    ):
        """The arrangement a decision granted, as far as today: granted, started, its providers and
        hours, its evaluations (held `vertraging` days after they were due; not yet, when that is
        today or later), ended at its end evaluation."""
        from passend.arrangementen.models import (
            Aanbieder,
            Arrangement,
            ArrangementDoel,
            ArrangementGebeurtenis,
            Evaluatie,
            EvaluatieDoel,
            Inzet,
            OuderVragenlijst,
            Plaatsingstaak,
            Status,
        )
        from passend.arrangementen.planning import evaluatiemomenten, plaatsingstaken

        besluit = plan.besluit
        if besluit is None or besluit.uitkomst not in ("toegekend", "deels"):
            return None
        rng = self.rng
        doel, rooster, doelen, aanbieders = SOORT_TEKST[soort]
        beslisser = besluit.genomen_door
        traject = plan.traject
        arrangement = self.rij(
            Arrangement(
                samenwerkingsverband=traject.samenwerkingsverband,
                traject=traject,
                besluit=besluit,
                leerling=plan.leerling,
                school=traject.school,
                soort=soort,
                doel_omschrijving=doel,
                plaats=plaats,
                plaats_school=plaats_school,
                plaats_voorziening=plaats_voorziening,
                rooster=rooster,
                startdatum=start,
                einddatum=eind,
                financiering=financiering,
                ontvangers=["leerling", "leerkracht"] if soort != "tijdelijke_plaatsing" else ["leerling"],
                aangemaakt_door=beslisser,
                aangemaakt_op=besluit.gebeurtenis.op + timedelta(minutes=30),
            )
        )
        doel_rijen = [
            self.rij(
                ArrangementDoel(arrangement=arrangement, omschrijving=tekst, toegevoegd_op=arrangement.aangemaakt_op)
            )
            for tekst in doelen
        ]
        gebeurtenissen = [
            (arrangement.aangemaakt_op, Status.TOEGEKEND, beslisser, {"naar_soort": soort, "einddatum": eind})
        ]
        if soort == "tijdelijke_plaatsing":
            ib, _ = self.wie(self.ib(traject.school))
            for taak in plaatsingstaken(start, terugkeer):
                gedaan = taak["uiterlijk"] if taak["uiterlijk"] < self.vandaag else None
                self.rij(
                    Plaatsingstaak(
                        arrangement=arrangement,
                        gedaan_op=gedaan,
                        gedaan_door=ib if gedaan else None,
                        verslag="Gedaan zoals afgesproken; verslag in het dossier." if gedaan else "",
                        **taak,
                    )
                )
        gestart = start < self.vandaag
        mijn_aanbieders = []
        einde = None  # the day it ended, if it did
        vastlegger, _ = self.wie(self.ib(traject.school))
        if gestart:
            gebeurtenissen.append(
                (om(start, 8.5) if start > besluit.datum else om(start, 16), Status.LOPEND, vastlegger, {})
            )
            planning = list(aanbieders)
            if deskundige:
                planning.append(("deskundige", deskundige[0], deskundige[1], "begeleiding_leerling"))
            tamara, _ = self.wie("tamara")
            for aanbieder_soort, naam, uren, activiteit in planning:
                pool = self.pool.get(naam) if aanbieder_soort == "deskundige" else None
                if aanbieder_soort == "school" and traject.school.naam not in naam:
                    naam = f"{naam} {traject.school.naam}"
                aanbieder = self.rij(
                    Aanbieder(
                        arrangement=arrangement,
                        soort=aanbieder_soort,
                        deskundige=pool,
                        naam=naam,
                        uren_gepland=Decimal(uren),
                        toegewezen_door=tamara,
                        toegewezen_op=om(max(besluit.datum, start - timedelta(days=5)), 12),
                    )
                )
                mijn_aanbieders.append((aanbieder, uren, activiteit, pool is not None))
        cadans = traject.route_versie.evaluatie or {}
        momenten = evaluatiemomenten(start, eind, cadans)
        ouder = plan.ouder
        vorige = start
        for moment, gepland in momenten:
            wacht = vertraging if vertraging is not None and moment == "eind" else rng.randint(0, 9)
            gehouden = max(werkdag(gepland + timedelta(days=wacht)), gepland, vorige + timedelta(days=1))
            vorige = gehouden
            held = gestart and gehouden < self.vandaag and einde is None
            evaluatie = self.rij(Evaluatie(arrangement=arrangement, moment=moment, gepland_op=gepland))
            if not held:
                if einde is not None:
                    self.rijen[Evaluatie].remove(evaluatie)  # not held, and no longer due
                continue
            laatste = moment == "eind"
            evaluatie.datum = gehouden
            evaluatie.uitkomst = "beeindigen" if laatste else "voortzetten"
            evaluatie.visie_leerkracht = rng.choice(VISIE_LEERKRACHT)
            evaluatie.visie_ouders = rng.choice(VISIE_OUDERS)
            evaluatie.toelichting = "Afgerond; de doelen zijn besproken met school en ouders." if laatste else ""
            evaluatie.vastgelegd_door, evaluatie.vastgelegd_door_naam = vastlegger, vastlegger.naam
            for doel_rij in doel_rijen:
                resultaat = rng.choices(("behaald", "deels", "niet"), weights=(5, 3, 1) if laatste else (3, 5, 2))[0]
                self.rij(EvaluatieDoel(evaluatie=evaluatie, doel=doel_rij, resultaat=resultaat))
            if rng.random() < 0.55:
                score = rng.choices((4, 3, 2, 1), weights=(5, 4, 2, 1))[0]
                self.rij(
                    OuderVragenlijst(
                        evaluatie=evaluatie,
                        ouder=ouder,
                        helpt=score,
                        betrokken=min(4, max(1, score + rng.choice((-1, 0, 0, 1)))),
                        afspraken=min(4, max(1, score + rng.choice((-1, 0, 1, 1)))),
                        opmerking=rng.choice(OPMERKINGEN),
                        ingevuld_op=om(gehouden, 20),
                    )
                )
            if laatste:
                einde = gehouden
                gebeurtenissen.append(
                    (om(gehouden, 15), Status.BEEINDIGD, vastlegger, {"toelichting": evaluatie.toelichting})
                )
            else:
                gebeurtenissen.append(
                    (om(gehouden, 15), Status.GEEVALUEERD, vastlegger, {"toelichting": "Voortzetten zoals afgesproken"})
                )
        for aanbieder, uren, activiteit, door_tamara in mijn_aanbieders:
            tot = min(einde or eind, self.vandaag - timedelta(days=1))
            dag, gegeven = weken(start, 1), Decimal(0)
            while dag <= tot and gegeven < uren * Decimal("0.95"):
                stuk = Decimal(rng.choice(("1", "1.5", "2", "2.5", "3")))
                stuk = min(stuk, Decimal(uren) - gegeven)
                if stuk < Decimal("0.25"):
                    break
                self.rij(
                    Inzet(
                        arrangement=arrangement,
                        aanbieder=aanbieder,
                        datum=dag,
                        activiteit=activiteit if rng.random() < 0.7 else "consultatie",
                        uren=stuk,
                        geboekt_door=self.wie("tamara")[0] if door_tamara else vastlegger,
                        geboekt_op=om(dag, 17),
                    )
                )
                gegeven += stuk
                dag = weken(dag, rng.choice((1, 2, 2, 3)))
            if einde is not None:
                aanbieder.beeindigd_op = om(einde, 15)
        for op, status, door, velden in gebeurtenissen:
            self.rij(
                ArrangementGebeurtenis(
                    arrangement=arrangement, status=status, door=door, door_naam=door.naam, op=op, **velden
                )
            )
        arrangement.status = gebeurtenissen[-1][1]
        plan.extra["einde"] = einde
        return arrangement

    def opp_evaluaties(self):
        """Every history OPP is evaluated with the parents each half year up to today, by the school
        the pupil is at on that day: an imported past has no evaluations years overdue."""
        from passend.dossier.models import OppEvaluatie

        for opp, versie, leerling, eerste_school in self.opps:
            dag, eerder_geplaatst = weken(versie.startdatum, 26), False
            while dag < self.vandaag:
                geplaatst = leerling.school != eerste_school and dag >= leerling.datum_inschrijving
                user, _ = self.wie(self.ib(leerling.school if geplaatst else eerste_school))
                self.rij(
                    OppEvaluatie(
                        opp=opp,
                        versie=versie,
                        datum=dag,
                        aanwezig="Ouders, leerkracht, intern begeleider",
                        bevindingen=(
                            "Went goed op de nieuwe school; de doelen blijven passend."
                            if geplaatst and not eerder_geplaatst
                            else "Maakt voortgang op de doelen; de ondersteuning blijft zoals afgesproken."
                        ),
                        conclusie=OppEvaluatie.Conclusie.VOORTZETTEN,
                        vastgelegd_door=user,
                        vastgelegd_door_naam=user.naam,
                        vastgelegd_op=om(dag, 15),
                    )
                )
                dag, eerder_geplaatst = weken(dag, 26), geplaatst

    # --- persisting ----------------------------------------------------------------------------

    def opslaan(self):
        from passend.arrangementen import models as a
        from passend.dossier import models as d
        from passend.leerlingen import models as leerlingen
        from passend.trajecten import models as t

        volgorde = [
            leerlingen.Leerling,
            leerlingen.Ouder,
            leerlingen.Ouderschap,
            leerlingen.Ondersteuningsniveau,
            d.Opp,
            d.OppVersie,
            d.OppDoel,
            d.OppEvaluatie,
            leerlingen.Toestemming,
            leerlingen.Thuiszitperiode,
            t.Traject,
            t.Signaal,
            t.Aanvraag,
            t.Overleg,
            t.Deelnemer,
            t.Besluitvorming,
            t.Gebeurtenis,
            t.Besluit,
            a.Deskundigenadvies,
            a.Tlv,
            a.Arrangement,
            a.ArrangementDoel,
            a.ArrangementGebeurtenis,
            a.Aanbieder,
            a.Inzet,
            a.Evaluatie,
            a.EvaluatieDoel,
            a.OuderVragenlijst,
            a.Plaatsingstaak,
        ]
        self.nummeren()
        self.opp_evaluaties()
        with eigen_tijden(*volgorde):
            for model in volgorde:
                rijen = self.rijen.get(model, [])
                if model is t.Besluitvorming:
                    for rij in rijen:
                        rij.standpunten = [
                            {
                                "deelnemer": deelnemer.pk,
                                "naam": deelnemer.naam,
                                "partij": deelnemer.partij,
                                "stemgerechtigd": deelnemer.stemgerechtigd,
                                "aanwezig": True,
                                "standpunt": deelnemer.standpunt,
                            }
                            for deelnemer in rij.standpunten
                        ]
                for rij in rijen:
                    for veld in rij._meta.concrete_fields:
                        if veld.is_relation or veld.primary_key or veld.null:
                            continue
                        if getattr(rij, veld.attname) is None:
                            raise ValueError(f"{model.__name__}.{veld.name} is niet ingevuld")
                model.objects.bulk_create(rijen)
        return {model._meta.label: len(self.rijen.get(model, [])) for model in volgorde}

    def nummeren(self):
        """Decision numbers of the imported series, per partnership and year in order of date."""
        from passend.trajecten.models import Besluit

        teller: dict[tuple, int] = {}
        for besluit in sorted(self.rijen.get(Besluit, []), key=lambda b: (b.samenwerkingsverband.pk, b.datum)):
            sleutel = (besluit.samenwerkingsverband.pk, besluit.datum.year)
            teller[sleutel] = teller.get(sleutel, 0) + 1
            besluit.nummer = f"{besluit.datum.year}-{NUMMERREEKS}{teller[sleutel]:03d}"


# --- The cases --------------------------------------------------------------------------------


def _signaal(plan_dag: date, reden: str, toelichting: str, door: str = "leerkracht", vraag: str = "") -> dict:
    return {
        "datum": plan_dag,
        "door": door,
        "reden": reden,
        "toelichting": toelichting,
        "al_geprobeerd": "Aanpassingen in de groep en gesprekken met de ouders.",
        "vraag": vraag or "Wat heeft deze leerling nodig om tot leren te komen, en wat heeft de leerkracht nodig?",
    }


TLV_TOELICHTING = {
    "sbo": "Loopt in de grote groep vast; heeft een kleine groep met een eigen leerlijn nodig.",
    "laag": "Leert in kleine stappen; de basisschool kan het tempo en de herhaling niet bieden.",
    "midden": "Ernstige gedragsproblemen en schoolangst; heeft een kleine, voorspelbare setting nodig.",
    "hoog": "Meervoudige beperking met verzorging gedurende de dag.",
}


def _integraal(h: Historie, plan: Plan, *, signaal: date, ingediend: date, besluit: date, afsluiten: date | None):
    """Integraal arrangeren: IB'er, leerlingbespreking, SOT with the parents, the commission."""
    ib = h.ib(plan.school)
    soort = plan.aanvraag["soort"]
    uitkomst = "aanvraag_tlv" if soort.startswith("tlv") else "aanvraag_extra_ondersteuning"
    plan.overgangen = [
        Overgang(weken(signaal, 1), "ib_betrekken", h.signaleerder(plan.school)),
        Overgang(
            signaal + (ingediend - signaal) / 2,
            "sot_bijeenroepen",
            ib,
            "De aanpassingen in de groep geven te weinig vooruitgang.",
        ),
        Overgang(ingediend, uitkomst, ib, "Het SOT en de ouders vragen samen om meer ondersteuning."),
        Overgang(besluit, "toekennen", "pieter", "De commissie kent de aanvraag toe, met de deskundigen."),
    ]
    if afsluiten is not None:
        plan.overgangen.append(Overgang(afsluiten, "afsluiten", ib, "Afgerond."))
    h.plan(plan)
    h.toestemming_extern(plan.leerling, plan.ouder, weken(signaal, 1), ib)
    if soort.startswith("tlv"):
        h.adviezen(plan, ingediend + (besluit - ingediend) / 2)
    return plan


def _aanvraag(soort: str, categorie: str = "", ouders: date | None = None, directeur: str = "") -> dict:
    gevraagd = {
        "tlv_sbo": "Toelating tot het speciaal basisonderwijs.",
        "tlv_so": "Toelating tot het speciaal onderwijs.",
        "extra_ondersteuning": "Extra ondersteuning in een arrangement, voor een half jaar.",
        "specialistische_expertise": "Begeleiding door een specialist uit de pool.",
    }[soort]
    velden = {
        "soort": soort,
        "ondersteuningsvraag": "Wat heeft de leerling nodig dat de school nu niet kan bieden?",
        "gevraagd": gevraagd,
        "onderbouwing": "Handelingsplannen en de aanpak uit het SOT gaven te weinig vooruitgang.",
        "tlv_categorie": categorie,
    }
    if soort.startswith("tlv"):
        velden.update(
            ouders_gehoord_op=ouders,
            zienswijze_ouders="De ouders steunen de aanvraag.",
            directeur_akkoord_op=om(ouders, 16),
            directeur_akkoord_naam=directeur,
        )
    return velden


def permanente_tlv(h: Historie, code, groep, *, soort, categorie="", naar, besluit, sig, aanv, start, eind, naam=None):
    """A TLV for good: decided by the commission; the pupil moves to the receiving school on the start
    (unless that school is in another partnership)."""
    leerling, ouder = h.leerling(code, groep, naam=naam)
    school = h.scholen[code]
    ontvangend = h.scholen[naar]
    signaal, ingediend = weken(besluit, -sig), weken(besluit, -aanv)
    directeur = "Vincent Bakker" if code == "20ZB00" else f"Directeur {school.naam}"
    plan = Plan(
        leerling,
        ouder,
        school,
        "integraal-arrangeren",
        _signaal(signaal, "mismatch", TLV_TOELICHTING[categorie or "sbo"], door="ib"),
        [],
        aanvraag=_aanvraag("tlv_so" if soort == "so" else "tlv_sbo", categorie, weken(ingediend, -2), directeur),
        extra={"ontvangend": ontvangend},
    )
    h.opp(leerling, ouder, weken(ingediend, -3), h.ib(school), "vso_arbeid" if soort == "so" else "vmbo_bb")
    h.niveau(leerling, 4, weken(signaal, -3), "OPP opgesteld; externe deskundigen betrokken.", h.ib(school))
    _integraal(h, plan, signaal=signaal, ingediend=ingediend, besluit=besluit, afsluiten=weken(start, 6))
    h.tlv(plan, start=start, eind=eind)
    if plan.besluit is not None and start < h.vandaag and ontvangend.samenwerkingsverband_id == h.regio.pk:
        leerling.school, leerling.datum_inschrijving = ontvangend, start
        leerling.postcode = leerling.postcode or ontvangend.postcode
        h.niveau(
            leerling, 5, start, f"Geplaatst op {ontvangend.naam} met een toelaatbaarheidsverklaring.", h.ib(school)
        )
    return plan


def arrangement_via_commissie(
    h: Historie, code, groep, soort, *, besluit, sig, aanv, start, duur, vertraging=None, **kw
):
    leerling, ouder = h.leerling(code, groep)
    school = h.scholen[code]
    signaal, ingediend = weken(besluit, -sig), weken(besluit, -aanv)
    eind = weken(start, duur) if soort != "diagnostisch" else start + timedelta(days=min(41, round(duur * 7)))
    plan = Plan(
        leerling,
        ouder,
        school,
        "integraal-arrangeren",
        _signaal(signaal, kw.pop("reden", "handelingsverlegenheid"), SOORT_TEKST[soort][0], door="leerkracht"),
        [],
        aanvraag=_aanvraag("extra_ondersteuning"),
    )
    h.niveau(
        leerling, 3, weken(signaal, -4), "De aanpak in de groep is niet genoeg; groeidocument gestart.", h.ib(school)
    )
    if soort in ("observatieplek",):
        kw.setdefault("plaats", "voorziening")
        kw.setdefault("plaats_voorziening", h.voorzieningen["Observatieplek De Wegwijzer"])
    if soort == "onderwijszorgarrangement":
        kw.setdefault("plaats", "voorziening")
        kw.setdefault("plaats_voorziening", h.voorzieningen["Onderwijs-zorgarrangement De Brug"])
    # The traject closes a week after the end evaluation, when that was held.
    _integraal(h, plan, signaal=signaal, ingediend=ingediend, besluit=besluit, afsluiten=None)
    h.arrangement(plan, soort, start=start, eind=eind, vertraging=vertraging, **kw)
    if plan.extra.get("einde"):
        h.stap_verder(plan, weken(plan.extra["einde"], 1), "afsluiten", h.ib(school), "Afgerond na de eindevaluatie.")
    return plan


def expertise(h: Historie, code, groep, *, thema, deskundige, besluit, sig, start, duur, vertraging=None):
    """Specialist expertise (seed 000): the IB'er asks, Simone approves, Tamara grants."""
    from passend.organisaties.models import Expertisethema

    leerling, ouder = h.leerling(code, groep)
    school = h.scholen[code]
    ib = h.ib(school)
    signaal = weken(besluit, -sig)
    ingediend = weken(signaal, min(3, sig - 2))
    plan = Plan(
        leerling,
        ouder,
        school,
        "swv-schoolarrangement",
        _signaal(signaal, "mismatch", "De leerling loopt vast op een thema waar de school weinig expertise in heeft."),
        [
            Overgang(weken(signaal, 1), "specialistische_expertise", ib, "Na overleg met de trajectbegeleider."),
            Overgang(ingediend, "indienen", ib),
            Overgang(
                ingediend + (besluit - ingediend) / 2, "accorderen", "simone", "Een vraag op een thema van de pool."
            ),
            Overgang(besluit, "toekennen", "tamara", "Toegekend: specialistische expertise op dit thema."),
        ],
        aanvraag={**_aanvraag("specialistische_expertise"), "expertisethema": Expertisethema.objects.get(slug=thema)},
    )
    h.plan(plan)
    h.arrangement(
        plan,
        "specialistische_expertise",
        start=start,
        eind=weken(start, duur),
        vertraging=vertraging,
        deskundige=deskundige,
    )
    if plan.extra.get("einde"):
        h.stap_verder(plan, plan.extra["einde"], "afronden", "simone", "Afgerond na de eindevaluatie.")
    return plan


def tijdelijke_plaatsing(
    h: Historie, groep, *, naar, categorie, besluit, sig, aanv, start, weken_duur, vertraging=None
):
    """TOP (seed 003) at De Zonnebloem: the triangle agrees on a temporary place; the partnership
    confirms with a TLV; the school pays; the pupil returns."""
    leerling, ouder = h.leerling("20ZB00", groep)
    school = h.scholen["20ZB00"]
    ontvangend = h.scholen[naar]
    signaal, ingediend = weken(besluit, -sig), weken(besluit, -aanv)
    terug = weken(start, weken_duur)
    soort = "tlv_so" if ontvangend.soort == "so" else "tlv_sbo"
    plan = Plan(
        leerling,
        ouder,
        school,
        "top",
        _signaal(signaal, "handelingsverlegenheid", TLV_TOELICHTING[categorie or "sbo"]),
        [],
        aanvraag=_aanvraag(soort, categorie, weken(ingediend, -2), "Vincent Bakker"),
        extra={"ontvangend": ontvangend},
    )
    tussen = (ingediend - signaal).days
    plan.overgangen = [
        Overgang(weken(signaal, 1), "ib_laten_meekijken", "desiree"),
        Overgang(signaal + timedelta(days=tussen // 5), "advies_so_vragen", "vincent"),
        Overgang(signaal + timedelta(days=tussen * 2 // 5), "aanpak_op_school", "vincent", "Eerst oefenen in de klas."),
        Overgang(signaal + timedelta(days=tussen * 3 // 5), "plaatsing_overwegen", "desiree", "Helpt te weinig."),
        Overgang(
            signaal + timedelta(days=tussen * 4 // 5),
            "ontvangende_school_benaderen",
            "vincent",
            f"Een tijdelijke plek op {ontvangend.naam}, dan terug.",
        ),
        Overgang(weken(ingediend, -1), "kan_hulpvraag_beantwoorden", "vincent"),
        Overgang(ingediend, "indienen", "vincent", "School, ouders en de ontvangende school tekenen."),
        Overgang(besluit, "tlv_afgeven", "simone", "School, ouders en de ontvangende school staan erachter."),
    ]
    h.toestemming_extern(leerling, ouder, weken(signaal, 1), "karin")
    h.opp(leerling, ouder, weken(ingediend, -3), "karin", "vmbo_bb")
    h.niveau(leerling, 4, weken(signaal, -2), "OPP opgesteld; advies van het so gevraagd.", "karin")
    h.plan(plan)
    h.adviezen(plan, weken(ingediend, 1) if (besluit - ingediend).days > 10 else ingediend)
    h.tlv(plan, start=start, eind=terug, terugkeer=terug)
    h.arrangement(
        plan,
        "tijdelijke_plaatsing",
        start=start,
        eind=terug,
        vertraging=vertraging,
        plaats=ontvangend.soort,
        plaats_school=ontvangend,
        financiering="school",
        terugkeer=terug,
    )
    from passend.arrangementen.models import Evaluatie

    evaluaties = [e for e in h.rijen.get(Evaluatie, []) if e.arrangement.traject is plan.traject and e.datum]
    if evaluaties:
        h.stap_verder(plan, evaluaties[0].datum, "halfjaarevaluatie", "karin", "Evaluatie met school, ouders en so.")
        voor_terugkeer = [e for e in evaluaties if e.moment in ("voor_terugkeer", "eind")]
        if voor_terugkeer:
            h.stap_verder(
                plan, voor_terugkeer[0].datum, "terugkeer_voorbereiden", "vincent", "De terugkeer wordt voorbereid."
            )
    if plan.extra.get("einde"):
        h.stap_verder(
            plan, weken(plan.extra["einde"], 8), "afsluiten", "karin", "Terug op De Zonnebloem; nazorg afgerond."
        )
    return plan


def vroeg(
    h: Historie, code, groep, route: str, overgangen: list[tuple[float, str, str]], signaal_weken: float, reden: str
):
    """A traject that has not reached a decision yet: the steps taken so far."""
    leerling, ouder = h.leerling(code, groep)
    school = h.scholen[code]
    signaal = h.klok.wk(signaal_weken)
    plan = Plan(
        leerling,
        ouder,
        school,
        route,
        _signaal(signaal, reden, "De leerkracht maakt zich zorgen over werkhouding en contact met klasgenoten."),
        [Overgang(h.klok.wk(w), uitkomst, wie, "Besproken met de ouders.") for w, uitkomst, wie in overgangen],
    )
    h.plan(plan)
    return plan


def load(regio) -> None:
    """De Voorbeeldregio's history (see the module's docstring). Once: the marker pupil guards it."""
    from passend.leerlingen.models import Leerling

    thuiszitters_van_nu(regio)
    leerlingtellingen(regio)
    if Leerling.objects.filter(samenwerkingsverband=regio, voornaam=MARKER[0], achternaam=MARKER[1]).exists():
        return
    rivierenland_klaarzetten(regio)
    h = Historie(regio)
    geschiedenis(h)
    h.opslaan()


def thuiszitters_van_nu(regio) -> None:
    """A pupil who sits at home since `thuiszitter_sinds` has the open period that began then."""
    from passend.leerlingen.models import Leerling, Thuiszitperiode

    open_periode = Thuiszitperiode.objects.filter(einddatum__isnull=True).values("leerling_id")
    zonder = Leerling.objects.filter(samenwerkingsverband=regio, thuiszitter_sinds__isnull=False).exclude(
        pk__in=open_periode
    )
    Thuiszitperiode.objects.bulk_create(
        Thuiszitperiode(leerling_id=pk, begindatum=sinds) for pk, sinds in zonder.values_list("pk", "thuiszitter_sinds")
    )


def leerlingtellingen(regio) -> None:
    """Counts on 1 October and 1 February of this school year and the three before, up to today."""
    from passend.financien.models import Leerlingtelling
    from passend.organisaties.models import School

    klok = Klok(timezone.localdate())
    scholen = {s.instellingscode: s for s in School.objects.filter(samenwerkingsverband=regio)}
    bestaand = {
        (school_id, peildatum): aantal
        for school_id, peildatum, aantal in Leerlingtelling.objects.filter(school__in=scholen.values()).values_list(
            "school_id", "peildatum", "aantal"
        )
    }
    nieuw = []
    for code, reeks in OKTOBER.items():
        school = scholen.get(code)
        if school is None:
            continue
        for i, aantal in enumerate(reeks):
            jaar = klok.jaar - (len(reeks) - 1 - i)
            oktober = bestaand.get((school.pk, date(jaar, 10, 1)), aantal)  # the money part's count stays
            for peildatum, telling in (
                (date(jaar, 10, 1), oktober),
                (date(jaar + 1, 2, 1), oktober + FEBRUARI_ERBIJ[code]),
            ):
                if peildatum <= klok.vandaag and (school.pk, peildatum) not in bestaand:
                    nieuw.append(Leerlingtelling(school=school, peildatum=peildatum, aantal=telling))
    Leerlingtelling.objects.bulk_create(nieuw)


def rivierenland_klaarzetten(regio) -> None:
    """What Rivierenland needs for the cross-border TLVs: an so school, a second expert, a route."""
    from decimal import Decimal as D

    from passend.accounts.models import User
    from passend.core.demo import RIVIERENLAND
    from passend.organisaties.models import Deskundige, Samenwerkingsverband, School, Schoolbestuur
    from passend.trajecten import services
    from passend.trajecten.models import Route

    rivierenland = Samenwerkingsverband.objects.get(code=RIVIERENLAND)
    waal = Schoolbestuur.objects.get(samenwerkingsverband=rivierenland, naam="Stichting Waalscholen")
    School.objects.get_or_create(
        samenwerkingsverband=rivierenland,
        instellingscode="25UW00",
        defaults={
            "naam": "De Uiterwaard",
            "soort": "so",
            "schoolbestuur": waal,
            "capaciteit": 80,
            "profiel": "So cluster 4 in Tiel.",
            "straat": "Uiterwaardenweg 7",
            "postcode": "4002 BB",
            "plaats": "Tiel",
        },
    )
    Deskundige.objects.get_or_create(
        samenwerkingsverband=rivierenland,
        naam="Dr. P. de Graaf",
        defaults={"organisatie": "GGD Gelderland-Zuid", "discipline": "jeugdarts", "uren_beschikbaar": D("60")},
    )
    if not Route.objects.filter(samenwerkingsverband=rivierenland, code="integraal-arrangeren").exists():
        ruud = User.objects.get(email="ruud@rivierenland.example")
        services.route_create_from_preset(actor=ruud, samenwerkingsverband=rivierenland, preset="integraal-arrangeren")


def geschiedenis(h: Historie) -> None:
    k = h.klok
    jd, wk = k.jd, k.wk

    # -- Permanent TLVs, decided by the commission (integraal arrangeren) ----------------------
    # Three years ago.
    a = permanente_tlv(
        h,
        "20ZB00",
        8,
        soort="sbo",
        naar="20WW00",
        besluit=jd(3, 11, 14),
        sig=14,
        aanv=5,
        start=jd(3, 1, 8),
        eind=jd(1, 7, 31),
    )  # the first pupil: the marker
    b = permanente_tlv(
        h,
        "20CM00",
        8,
        soort="so",
        categorie="midden",
        naar="20KS00",
        besluit=jd(3, 2, 20),
        sig=16,
        aanv=7,
        start=jd(3, 4, 8),
        eind=None,
    )
    c = permanente_tlv(
        h,
        "20ZB00",
        7,
        soort="so",
        categorie="hoog",
        naar="20PL00",
        besluit=jd(3, 5, 22),
        sig=11,
        aanv=4,
        start=jd(2, 8, 26),
        eind=None,
    )
    # Two years ago.
    permanente_tlv(
        h,
        "20CM00",
        7,
        soort="sbo",
        naar="20WW00",
        besluit=jd(2, 10, 2),
        sig=9,
        aanv=3,
        start=jd(2, 11, 4),
        eind=jd(0, 7, 31),
    )
    e = permanente_tlv(
        h,
        "20ZB00",
        6,
        soort="so",
        categorie="laag",
        naar="20KS00",
        besluit=jd(2, 12, 11),
        sig=18,
        aanv=8,
        start=jd(2, 1, 6),
        eind=jd(0, 7, 31),
    )
    f = permanente_tlv(
        h,
        "20KS00",
        6,
        soort="so",
        categorie="midden",
        naar="20KS00",
        besluit=jd(2, 3, 5),
        sig=6,
        aanv=3,
        start=jd(2, 4, 1),
        eind=None,
    )
    g = permanente_tlv(
        h,
        "20CM00",
        5,
        soort="so",
        categorie="hoog",
        naar="20PL00",
        besluit=jd(2, 6, 4),
        sig=13,
        aanv=6,
        start=jd(1, 8, 25),
        eind=jd(-1, 7, 31),
    )
    # Last year.
    permanente_tlv(
        h,
        "20ZB00",
        6,
        soort="sbo",
        naar="20WW00",
        besluit=jd(1, 10, 7),
        sig=12,
        aanv=4,
        start=jd(1, 11, 3),
        eind=jd(-1, 7, 31),
    )
    permanente_tlv(
        h,
        "20CM00",
        5,
        soort="sbo",
        naar="20WW00",
        besluit=jd(1, 3, 18),
        sig=19,
        aanv=9,
        start=jd(1, 4, 20),
        eind=jd(-1, 7, 31),
    )
    permanente_tlv(
        h,
        "20CM00",
        4,
        soort="so",
        categorie="laag",
        naar="20KS00",
        besluit=jd(1, 11, 19),
        sig=15,
        aanv=7,
        start=jd(1, 1, 5),
        eind=jd(-1, 7, 31),
    )
    permanente_tlv(
        h,
        "20ZB00",
        3,
        soort="so",
        categorie="hoog",
        naar="20PL00",
        besluit=jd(1, 1, 28),
        sig=10,
        aanv=5,
        start=jd(1, 3, 2),
        eind=None,
    )
    permanente_tlv(
        h,
        "20KS00",
        5,
        soort="so",
        categorie="midden",
        naar="20KS00",
        besluit=jd(1, 5, 12),
        sig=5,
        aanv=3,
        start=jd(0, 8, 24),
        eind=jd(-1, 7, 31),
    )
    # Cross-border: a pupil of De Zonnebloem at so De Uiterwaard in Rivierenland (this partnership pays).
    permanente_tlv(
        h,
        "20ZB00",
        7,
        soort="so",
        categorie="midden",
        naar="25UW00",
        besluit=jd(1, 9, 24),
        sig=11,
        aanv=5,
        start=jd(1, 11, 2),
        eind=jd(-1, 7, 31),
    )
    # This year (weeks before today); a renewal at De Kaleidoscoop among them.
    permanente_tlv(
        h,
        "20KS00",
        4,
        soort="so",
        categorie="hoog",
        naar="20KS00",
        besluit=wk(4),
        sig=9,
        aanv=4,
        start=wk(1),
        eind=None,
    )
    permanente_tlv(
        h, "20CM00", 6, soort="sbo", naar="20WW00", besluit=wk(9), sig=14, aanv=6, start=wk(5), eind=jd(-1, 7, 31)
    )
    permanente_tlv(
        h,
        "20ZB00",
        4,
        soort="so",
        categorie="hoog",
        naar="20PL00",
        besluit=wk(6),
        sig=17,
        aanv=8,
        start=wk(-6),
        eind=None,
    )
    permanente_tlv(
        h,
        "20CM00",
        3,
        soort="so",
        categorie="laag",
        naar="20KS00",
        besluit=wk(13),
        sig=8,
        aanv=3,
        start=wk(10),
        eind=jd(-1, 7, 31),
    )
    permanente_tlv(
        h,
        "20CM00",
        7,
        soort="so",
        categorie="laag",
        naar="25UW00",
        besluit=wk(11),
        sig=12,
        aanv=4,
        start=wk(7),
        eind=jd(-1, 7, 31),
    )

    # -- Temporary placements under TOP (De Zonnebloem pays) -----------------------------------
    tijdelijke_plaatsing(
        h, 5, naar="20KS00", categorie="laag", besluit=jd(2, 1, 15), sig=20, aanv=3, start=jd(2, 2, 5), weken_duur=22
    )
    tijdelijke_plaatsing(
        h, 4, naar="20KS00", categorie="laag", besluit=jd(1, 9, 9), sig=16, aanv=2, start=jd(1, 9, 29), weken_duur=26
    )
    tijdelijke_plaatsing(
        h, 6, naar="20WW00", categorie="", besluit=jd(1, 12, 16), sig=13, aanv=4, start=jd(1, 1, 12), weken_duur=40
    )
    v = tijdelijke_plaatsing(
        h, 5, naar="20KS00", categorie="midden", besluit=jd(1, 6, 16), sig=18, aanv=5, start=jd(0, 8, 31), weken_duur=28
    )
    w = tijdelijke_plaatsing(
        h, 3, naar="20KS00", categorie="midden", besluit=wk(3), sig=14, aanv=2, start=wk(-5), weken_duur=26
    )
    tijdelijke_plaatsing(h, 7, naar="20WW00", categorie="", besluit=wk(7), sig=11, aanv=3, start=wk(-3), weken_duur=30)

    # -- Arrangements by the commission --------------------------------------------------------
    a1 = arrangement_via_commissie(
        h, "20ZB00", 7, "onderwijsarrangement", besluit=jd(3, 10, 10), sig=9, aanv=3, start=jd(3, 10, 24), duur=24
    )
    a2 = arrangement_via_commissie(
        h,
        "20CM00",
        6,
        "onderwijs_jeugdhulparrangement",
        besluit=jd(2, 11, 20),
        sig=12,
        aanv=5,
        start=jd(2, 12, 11),
        duur=30,
    )
    arrangement_via_commissie(
        h, "20ZB00", 5, "observatieplek", besluit=jd(2, 3, 12), sig=8, aanv=3, start=jd(2, 4, 8), duur=6
    )
    # Last year.
    arrangement_via_commissie(
        h, "20ZB00", 4, "onderwijsarrangement", besluit=jd(1, 9, 16), sig=7, aanv=2, start=jd(1, 9, 23), duur=26
    )
    arrangement_via_commissie(
        h,
        "20CM00",
        5,
        "onderwijs_jeugdhulparrangement",
        besluit=jd(1, 10, 21),
        sig=13,
        aanv=6,
        start=jd(1, 11, 25),
        duur=32,
        vertraging=56,
    )
    arrangement_via_commissie(
        h, "20CM00", 3, "observatieplek", besluit=jd(1, 1, 20), sig=10, aanv=4, start=jd(1, 2, 9), duur=6
    )
    b4 = arrangement_via_commissie(
        h, "20ZB00", 6, "observatieplek", besluit=jd(1, 7, 2), sig=11, aanv=4, start=jd(0, 8, 31), duur=6
    )
    arrangement_via_commissie(
        h,
        "20KS00",
        4,
        "onderwijszorgarrangement",
        besluit=jd(1, 2, 10),
        sig=9,
        aanv=4,
        start=jd(1, 2, 24),
        duur=38,
        vertraging=4,
    )
    arrangement_via_commissie(
        h, "20CM00", 4, "aanvullend", besluit=jd(1, 4, 14), sig=8, aanv=3, start=jd(1, 4, 28), duur=26
    )
    arrangement_via_commissie(
        h,
        "20ZB00",
        5,
        "korte_interventie",
        besluit=jd(1, 5, 19),
        sig=6,
        aanv=2,
        start=jd(1, 5, 26),
        duur=8,
        vertraging=40,
    )
    arrangement_via_commissie(
        h,
        "20ZB00",
        4,
        "onderwijsarrangement",
        besluit=jd(1, 6, 23),
        sig=14,
        aanv=7,
        start=jd(0, 9, 7),
        duur=30,
        plaats="sbo",
        plaats_school=h.scholen["20WW00"],
    )
    arrangement_via_commissie(
        h, "20CM00", 6, "diagnostisch", besluit=jd(1, 11, 26), sig=5, aanv=2, start=jd(1, 12, 8), duur=5
    )
    arrangement_via_commissie(
        h,
        "20ZB00",
        3,
        "onderwijs_jeugdhulparrangement",
        besluit=jd(1, 9, 30),
        sig=15,
        aanv=8,
        start=jd(1, 10, 14),
        duur=22,
    )
    arrangement_via_commissie(
        h, "20CM00", 7, "korte_interventie", besluit=jd(1, 2, 3), sig=4, aanv=2, start=jd(1, 2, 10), duur=8
    )
    arrangement_via_commissie(
        h, "20CM00", 5, "aanvullend", besluit=jd(1, 12, 2), sig=10, aanv=3, start=jd(1, 1, 12), duur=20
    )
    arrangement_via_commissie(
        h,
        "20KS00",
        7,
        "onderwijs_jeugdhulparrangement",
        besluit=jd(1, 3, 24),
        sig=7,
        aanv=3,
        start=jd(1, 4, 13),
        duur=10,
    )
    # This year.
    arrangement_via_commissie(
        h, "20CM00", 5, "onderwijsarrangement", besluit=wk(14), sig=11, aanv=4, start=wk(12), duur=30
    )
    arrangement_via_commissie(
        h, "20CM00", 6, "korte_interventie", besluit=wk(15), sig=6, aanv=3, start=wk(13), duur=8, vertraging=70
    )
    arrangement_via_commissie(
        h, "20ZB00", 3, "diagnostisch", besluit=wk(12), sig=7, aanv=2, start=wk(11), duur=5, vertraging=60
    )
    c4 = arrangement_via_commissie(h, "20CM00", 5, "observatieplek", besluit=wk(2), sig=9, aanv=3, start=wk(-2), duur=6)
    arrangement_via_commissie(
        h, "20ZB00", 7, "onderwijs_jeugdhulparrangement", besluit=wk(10), sig=16, aanv=7, start=wk(4), duur=26
    )
    arrangement_via_commissie(
        h, "20KS00", 6, "onderwijszorgarrangement", besluit=wk(16), sig=10, aanv=5, start=wk(14), duur=12, vertraging=60
    )
    c7 = arrangement_via_commissie(
        h,
        "20CM00",
        7,
        "maatwerk_onderwijstijd",
        besluit=wk(8),
        sig=21,
        aanv=6,
        start=wk(7),
        duur=12,
        reden="thuiszitten",
    )
    arrangement_via_commissie(
        h,
        "20ZB00",
        5,
        "onderwijsarrangement",
        besluit=wk(9),
        sig=13,
        aanv=5,
        start=wk(-3),
        duur=26,
        plaats="sbo",
        plaats_school=h.scholen["20WW00"],
    )

    # -- Specialist expertise (seed 000) -------------------------------------------------------
    e1 = expertise(
        h,
        "20ZB00",
        6,
        thema="dcd",
        deskundige=("Joke Hoekstra", 12),
        besluit=jd(2, 2, 4),
        sig=6,
        start=jd(2, 2, 18),
        duur=16,
    )
    expertise(
        h,
        "20CM00",
        4,
        thema="lezen-dyslexie",
        deskundige=("Farid El Amrani", 16),
        besluit=jd(1, 10, 14),
        sig=5,
        start=jd(1, 10, 21),
        duur=20,
    )
    expertise(
        h,
        "20ZB00",
        6,
        thema="meer-hoogbegaafdheid",
        deskundige=("Sanne Kuipers", 12),
        besluit=jd(1, 3, 3),
        sig=7,
        start=jd(1, 3, 17),
        duur=18,
        vertraging=50,
    )
    expertise(
        h, "20CM00", 3, thema="nt2", deskundige=("Farid El Amrani", 20), besluit=wk(11), sig=6, start=wk(10), duur=20
    )
    expertise(h, "20ZB00", 4, thema="dcd", deskundige=("Joke Hoekstra", 12), besluit=wk(7), sig=5, start=wk(6), duur=16)

    # -- Trajecten that have not reached a decision yet ----------------------------------------
    vroeg(h, "20ZB00", 2, "hga", [], 1, "handelingsverlegenheid")
    vroeg(h, "20CM00", 5, "hga", [(5, "aanpak_in_klas", "ilse")], 6, "mismatch")
    vroeg(
        h,
        "20ZB00",
        3,
        "hga",
        [(8, "aanpak_in_klas", "desiree"), (2, "werkt_onvoldoende", "desiree")],
        10,
        "vraag_ouders",
    )
    v5 = vroeg(h, "20CM00", 6, "integraal-arrangeren", [(13, "ib_betrekken", "ilse")], 15, "thuiszitten")
    h.toestemming_extern(v5.leerling, v5.ouder, wk(12), "ilse")
    # An application for so at the commission, with the experts' advice in.
    r_leerling, r_ouder = h.leerling("20ZB00", 5)
    r = Plan(
        r_leerling,
        r_ouder,
        h.scholen["20ZB00"],
        "integraal-arrangeren",
        _signaal(wk(15), "thuiszitten", TLV_TOELICHTING["midden"], door="ouders"),
        [],
        aanvraag=_aanvraag("tlv_so", "midden", wk(5), "Vincent Bakker"),
        extra={"ontvangend": h.scholen["20KS00"]},
    )
    h.opp(r_leerling, r_ouder, wk(6), "karin", "vmbo_bb")
    _integraal(h, r, signaal=wk(15), ingediend=wk(3), besluit=wk(-2), afsluiten=None)

    # -- Periods at home -----------------------------------------------------------------------
    # Now: seven pupils (Milan among them, see thuiszitters_van_nu), for different reasons.
    h.thuis(r_leerling, wk(9), None, "psychisch")
    h.thuis(v5.leerling, wk(15), None, "gedrag", aanbod=wk(2))
    h.thuis(w.leerling, wk(10), None, "wachten_op_plek", aanbod=wk(3))
    thuis_lang, _ = h.leerling("20CM00", 7)
    h.thuis(thuis_lang, wk(36), None, "geen_passend_aanbod")
    ziek, _ = h.leerling("20ZB00", 6)
    h.thuis(ziek, wk(60), None, "ziekte", aanbod=wk(40))
    sbo, _ = h.leerling("20WW00", 5)
    h.thuis(sbo, wk(5), None, "gedrag")
    # Ended this year or last.
    h.thuis(c7.leerling, wk(24), wk(7), "psychisch", aanbod=wk(9))
    h.thuis(v.leerling, jd(1, 4, 20), jd(0, 8, 31), "wachten_op_plek", aanbod=jd(1, 6, 16))
    h.thuis(b4.leerling, jd(1, 6, 8), jd(1, 7, 3), "gezin")
    h.thuis(c4.leerling, wk(20), wk(12), "gedrag", aanbod=wk(14))
    # Two years ago today: five pupils.
    twee = (
        h.vandaag.replace(year=h.vandaag.year - 2)
        if (h.vandaag.month, h.vandaag.day) != (2, 29)
        else date(h.vandaag.year - 2, 2, 28)
    )
    for plan, voor, na, reden, aanbod in (
        (b, 20, 6, "gedrag", 10),
        (c, 6, 3, "ziekte", None),
        (a, 40, 12, "psychisch", None),
        (f, 15, 20, "geen_passend_aanbod", 1),
        (g, 3, 2, "gezin", None),
    ):
        h.thuis(
            plan.leerling,
            weken(twee, -voor),
            weken(twee, na),
            reden,
            aanbod=weken(twee, -aanbod) if aanbod is not None else None,
        )
    # The end of the school year three years ago (for last year's comparison).
    h.thuis(a1.leerling, jd(3, 5, 13), jd(2, 9, 30), "psychisch", aanbod=jd(3, 6, 20))
    h.thuis(e1.leerling, jd(3, 6, 10), jd(2, 8, 26), "gezin")
    h.thuis(a2.leerling, jd(3, 3, 4), jd(2, 10, 7), "gedrag", aanbod=jd(3, 6, 3))
    h.thuis(e.leerling, jd(3, 4, 15), jd(2, 9, 9), "geen_passend_aanbod")

    # -- Rivierenland: a pupil of De Dijkwerker with a TLV for so De Kaleidoscoop (incoming) ----
    riv = h.rivierenland
    kind, ouder = h.leerling("25DW00", 6, naam=RIVIERENLAND_NAAM, swv=riv)
    besluit = jd(1, 10, 28)
    plan = Plan(
        kind,
        ouder,
        h.scholen["25DW00"],
        "integraal-arrangeren",
        _signaal(weken(besluit, -12), "mismatch", TLV_TOELICHTING["hoog"], door="ib"),
        [],
        aanvraag=_aanvraag("tlv_so", "hoog", weken(besluit, -6), "Directeur De Dijkwerker"),
        extra={"ontvangend": h.scholen["20KS00"]},
    )
    h.opp(kind, ouder, weken(besluit, -7), "anouk", "vso_dagbesteding")
    plan.overgangen = [
        Overgang(weken(besluit, -11), "ib_betrekken", "anouk"),
        Overgang(weken(besluit, -8), "sot_bijeenroepen", "anouk"),
        Overgang(weken(besluit, -5), "aanvraag_tlv", "anouk", "Het SOT en de ouders vragen om so."),
        Overgang(besluit, "toekennen", "ruud", "De plek die past is De Kaleidoscoop, net over de grens."),
        Overgang(jd(1, 3, 2), "afsluiten", "anouk", "Geplaatst."),
    ]
    h.plan(plan)
    h.toestemming_extern(kind, ouder, weken(besluit, -11), "anouk")
    h.adviezen(plan, weken(besluit, -2))
    h.tlv(plan, start=jd(1, 1, 5), eind=None)
