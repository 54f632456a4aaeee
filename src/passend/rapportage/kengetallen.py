"""The partnership's key figures (DOMAIN.md, "Key figures partnerships report"), computed from
the sources in bronnen.py for one Filter. Each figure is a table (rows × columns of cells); a cell
knows how many pupils stand behind it (for suppressing small numbers) and which list it counts
(for the drill-down). A fixed number of queries per figure, whatever the size of the data.

No authorization here: selectors.py scopes the filter by the actor and suppresses small cells."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils.formats import date_format

from passend.arrangementen.models import ArrangementGebeurtenis, Inzet, OuderVragenlijst, Soort, Status, Tlv
from passend.arrangementen.tlv_selectors import plus_maanden
from passend.financien.geld import NUL, euro
from passend.financien.models import Boeking, Leerlingtelling
from passend.leerlingen.models import Thuiszitperiode
from passend.organisaties.models import Samenwerkingsverband, School, Voorziening
from passend.rapportage import bronnen
from passend.rapportage.filters import Filter

KLEIN = 5  # cells with 1–4 pupils are shown as "<5" to anyone outside the partnership's staff
VERBORGEN = "×"  # a cell hidden because a "<5" could be worked out from it


@dataclass
class Cel:
    waarde: int | Decimal | str | None
    eenheid: str = ""  # "", "%", "weken", "dagen", "€", "uur"
    n: int | None = None  # pupils behind the value; None: not about pupils (capacity, money of the whole)
    lijst: str = ""  # query string of the drill-down list, "" = none
    onderdrukt: bool = False
    uit: tuple[Cel, ...] = field(default=(), repr=False)  # the cells this one is worked out from
    klein: bool = False  # suppressed for being about 1–4 pupils (else: to keep such a cell hidden)

    @property
    def tekst(self) -> str:
        if self.onderdrukt:
            return f"<{KLEIN}" if self.klein else VERBORGEN
        return getal_tekst(self.waarde, self.eenheid)

    def verbergen(self, *, klein: bool = False) -> None:
        # The number itself goes, so no chart, API or export can show it; the list behind it closes.
        self.onderdrukt, self.klein, self.waarde, self.lijst = True, klein, None, ""


@dataclass
class Rij:
    label: str
    cellen: list[Cel]


@dataclass
class Figuur:
    code: str
    titel: str
    kolommen: list[str]
    rijen: list[Rij]
    toelichting: str = ""
    stand: str = ""  # what date or period the figure is as of, in words
    grafiek: list[int] = field(default_factory=lambda: [0])  # columns drawn, by index; [] = none
    delen: bool = False  # the rows (but "Totaal") are disjoint parts of one whole: a school, a kind each
    sommen: dict[int, tuple[int, ...]] = field(default_factory=dict)  # a column → the columns it adds up

    def __post_init__(self):
        for rij in self.rijen:
            assert len(rij.cellen) == len(self.kolommen), (self.code, rij.label)


def onderdrukken(figuren: list[Figuur]) -> None:
    """Cells about 1–4 pupils become "<5"; then, until nothing changes, every cell from which one
    of them could be worked out becomes "×": a cell computed from a hidden one (a growth), a row's
    total over a hidden part, and in a column of disjoint parts with one hidden part the smallest
    other part too, so that no total (on this page or another) gives the hidden one away."""
    for figuur in figuren:
        cellen = [cel for rij in figuur.rijen for cel in rij.cellen]
        for cel in cellen:
            if cel.n is not None and 0 < abs(cel.n) < KLEIN:
                cel.verbergen(klein=True)
        veranderd = True
        while veranderd:
            veranderd = False
            for cel in cellen:
                if not cel.onderdrukt and any(bron.onderdrukt for bron in cel.uit):
                    cel.verbergen()
                    veranderd = True
            for rij in figuur.rijen:
                for som, delen in figuur.sommen.items():
                    if not rij.cellen[som].onderdrukt and any(rij.cellen[d].onderdrukt for d in delen):
                        rij.cellen[som].verbergen()
                        veranderd = True
            if figuur.delen:
                for kolom in range(len(figuur.kolommen)):
                    veranderd |= _tweede_verbergen(figuur, kolom)


def _tweede_verbergen(figuur: Figuur, kolom: int) -> bool:
    delen = [r.cellen[kolom] for r in figuur.rijen if r.label != "Totaal" and r.cellen[kolom].n is not None]
    if sum(cel.onderdrukt for cel in delen) != 1:
        return False
    zichtbaar = [cel for cel in delen if not cel.onderdrukt and cel.n]
    if zichtbaar:
        min(zichtbaar, key=lambda cel: abs(cel.n)).verbergen()
        return True
    totalen = [r.cellen[kolom] for r in figuur.rijen if r.label == "Totaal" and not r.cellen[kolom].onderdrukt]
    for cel in totalen:
        cel.verbergen()
    return bool(totalen)


def getal_tekst(waarde, eenheid: str = "") -> str:
    """Dutch notation: 1.234 and 12,5; money with cents; nothing recorded as a dash."""
    if waarde is None:
        return "–"
    if isinstance(waarde, str):
        return waarde
    if eenheid == "€":
        from passend.financien.geld import bedrag_tekst

        return bedrag_tekst(waarde)
    if isinstance(waarde, Decimal):
        tekst = f"{waarde:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    else:
        tekst = f"{waarde:,}".replace(",", ".")
    return f"{tekst}%" if eenheid == "%" else (f"{tekst} {eenheid}" if eenheid else tekst)


def een_decimaal(waarde) -> Decimal:
    return Decimal(str(waarde)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def procent(deel: int, geheel: int) -> Decimal | None:
    return een_decimaal(Decimal(deel) * 100 / geheel) if geheel else None


def drie_maanden_voor(dag: date) -> date:
    return plus_maanden(dag, -3)


def kwartielen(waarden: list) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """First quartile, median and third quartile (inclusive method), one decimal."""
    if not waarden:
        return None, None, None
    if len(waarden) == 1:
        w = een_decimaal(waarden[0])
        return w, w, w
    q1, q2, q3 = statistics.quantiles(waarden, n=4, method="inclusive")
    return een_decimaal(q1), een_decimaal(q2), een_decimaal(q3)


def lijst(bron: str, **params) -> str:
    return urlencode({"bron": bron, **{k: v for k, v in params.items() if v not in (None, "")}})


def datum_tekst(dag: date) -> str:
    return date_format(dag, "j F Y")


def _periode(f: Filter) -> str:
    return f"{f.van:%d-%m-%Y} tot en met {f.tot:%d-%m-%Y}"


def _aantal(n: int, link: str = "") -> Cel:
    return Cel(n, n=n, lijst=link if n else "")


# --- 1. Participation in sbo and so ------------------------------------------------------------


def deelname(f: Filter) -> Figuur:
    tellingen = defaultdict(int)
    for peildatum, soort, aantal in (
        Leerlingtelling.objects.filter(school__in=bronnen.scholen(f), peildatum__in=f.peildata)
        .values_list("peildatum", "school__soort")
        .annotate(s=Sum("aantal"))
    ):
        tellingen[(peildatum, soort)] += aantal
    so = Counter()
    for dag in f.peildata:
        for categorie, aantal in (
            bronnen.tlvs_geldig(f, dag)
            .filter(soort=Tlv.SoortTlv.SO)
            .values_list("categorie")
            .annotate(n=Count("leerling_id", distinct=True))
        ):
            so[(dag, categorie)] += aantal
    geteld = {dag for dag, _ in tellingen}
    rijen = []
    for dag in f.peildata:
        if dag > f.peildatum:
            # Not reached on the reference date: no count yet, and today's TLVs are no count of then.
            rijen.append(Rij(datum_tekst(dag), [Cel(None, "%" if i in (2, 4) else "") for i in range(8)]))
            continue
        # A reference date without the schools' counts (not delivered) is no count of 0.
        bo, sbo = (tellingen[(dag, "bo")], tellingen[(dag, "sbo")]) if dag in geteld else (None, None)
        totaal = None if bo is None else bo + sbo
        per_cat = [so[(dag, c)] for c in Tlv.Categorie.values]
        so_totaal = sum(per_cat)
        rijen.append(
            Rij(
                datum_tekst(dag),
                [
                    Cel(totaal),
                    Cel(sbo),
                    Cel(procent(sbo, totaal or 0), "%"),
                    _aantal(so_totaal, lijst("tlv_geldig", soort="so", datum=dag.isoformat())),
                    Cel(procent(so_totaal, totaal or 0), "%", n=so_totaal),
                    *(
                        _aantal(n, lijst("tlv_geldig", soort="so", categorie=c, datum=dag.isoformat()))
                        for c, n in zip(Tlv.Categorie.values, per_cat, strict=True)
                    ),
                ],
            )
        )
    okt, feb = rijen

    def groei(kolom: int) -> Cel:
        a, b = okt.cellen[kolom], feb.cellen[kolom]
        verschil = None if a.waarde is None or b.waarde is None else b.waarde - a.waarde
        return Cel(verschil, uit=(a, b))

    rijen.append(
        Rij(
            "Groei 1 oktober – 1 februari",
            [groei(0), groei(1), Cel(None, "%"), groei(3), Cel(None, "%"), *(groei(k) for k in (5, 6, 7))],
        )
    )
    return Figuur(
        "deelname",
        "Deelname aan sbo en so",
        [
            "Leerlingen bo + sbo",
            "In het sbo",
            "Deelname sbo",
            "In het so (TLV van dit swv)",
            "Deelname so",
            *(Tlv.Categorie(c).label for c in Tlv.Categorie.values),
        ],
        rijen,
        toelichting="Deelname = leerlingen in het sbo of so gedeeld door de leerlingen in bo en sbo op de teldatum. "
        "Bo en sbo uit de leerlingtellingen van de scholen; so = leerlingen met een geldige TLV die dit "
        "samenwerkingsverband afgaf, waar de so-school ook staat.",
        stand=f"teldata van schooljaar {f.jaar}-{f.jaar + 1}",
        grafiek=[2, 4],
        sommen={3: (5, 6, 7), 4: (5, 6, 7)},
    )


# --- 2. TLVs ---------------------------------------------------------------------------------


def tlvs(f: Filter) -> list[Figuur]:
    per = list(
        bronnen.tlvs_afgegeven(f)
        .values_list(
            "soort",
            "categorie",
            "besluit__aanvraag__traject__school_id",
            "besluit__aanvraag__traject__school__naam",
            "besluit__aanvraag__traject__school__schoolbestuur_id",
            "besluit__aanvraag__traject__school__schoolbestuur__naam",
        )
        .annotate(n=Count("id"))
    )
    soort = Counter()
    school: dict[tuple, Counter] = defaultdict(Counter)
    bestuur: dict[tuple, Counter] = defaultdict(Counter)
    for s, c, school_id, school_naam, bestuur_id, bestuur_naam, n in per:
        soort[(s, c)] += n
        school[(school_naam, school_id)][s] += n
        bestuur[(bestuur_naam, bestuur_id)][s] += n
    soorten = [("sbo", "", "SBO")] + [("so", c, f"SO {Tlv.Categorie(c).label.lower()}") for c in Tlv.Categorie.values]
    totaal = sum(soort.values())
    stand = _periode(f)
    per_soort = Figuur(
        "tlv_soort",
        "Afgegeven TLV's per soort en categorie",
        ["Aantal"],
        [Rij(label, [_aantal(soort[(s, c)], lijst("tlv", soort=s, categorie=c))]) for s, c, label in soorten]
        + [Rij("Totaal", [_aantal(totaal, lijst("tlv"))])],
        stand=stand,
        delen=True,
    )

    def per_organisatie(code, titel, groepen, sleutel):
        return Figuur(
            code,
            titel,
            ["SBO", "SO", "Totaal"],
            [
                Rij(
                    naam,
                    [
                        _aantal(c["sbo"], lijst("tlv", soort="sbo", **{sleutel: pk})),
                        _aantal(c["so"], lijst("tlv", soort="so", **{sleutel: pk})),
                        _aantal(c.total(), lijst("tlv", **{sleutel: pk})),
                    ],
                )
                for (naam, pk), c in sorted(groepen.items())
            ],
            stand=stand,
            grafiek=[2],
            delen=True,
            sommen={2: (0, 1)},
        )

    return [
        per_soort,
        per_organisatie("tlv_school", "Afgegeven TLV's per school", school, "bij_school"),
        per_organisatie("tlv_bestuur", "Afgegeven TLV's per schoolbestuur", bestuur, "bij_bestuur"),
    ]


# --- 3. Arrangements -------------------------------------------------------------------------


def arrangementen(f: Filter) -> list[Figuur]:
    qs = bronnen.arrangementen(f)
    uren_gepland = dict(qs.values_list("pk").annotate(u=Sum("aanbieders__uren_gepland")))
    uren_ingezet = dict(
        Inzet.objects.filter(arrangement__in=qs, datum__range=(f.van, f.tot))
        .values_list("arrangement_id")
        .annotate(u=Sum("uren"))
    )
    uitgegeven = dict(
        Boeking.objects.filter(arrangement__in=qs, soort=Boeking.Soort.REALISATIE, datum__range=(f.van, f.tot))
        .values_list("arrangement_id")
        .annotate(s=Sum("bedrag"))
    )
    rijen = list(qs.values_list("pk", "soort", "school_id", "school__naam", "leerling_id"))
    soort_label = dict(Soort.choices)

    def optellen(sleutel):
        groepen = defaultdict(lambda: {"n": 0, "leerlingen": set(), "gepland": NUL, "ingezet": NUL, "kosten": NUL})
        for pk, soort, school_id, school_naam, leerling_id in rijen:
            g = groepen[sleutel(soort, school_id, school_naam)]
            g["n"] += 1
            if leerling_id:
                g["leerlingen"].add(leerling_id)
            g["gepland"] += uren_gepland.get(pk) or NUL
            g["ingezet"] += uren_ingezet.get(pk) or NUL
            g["kosten"] += uitgegeven.get(pk) or NUL
        return groepen

    def cellen(g, link):
        n = len(g["leerlingen"]) or g["n"]
        return [
            _aantal(g["n"], link),
            Cel(len(g["leerlingen"]), n=n),
            Cel(een_decimaal(g["gepland"]), "uur", n=n),
            Cel(een_decimaal(g["ingezet"]), "uur", n=n),
            Cel(euro(g["kosten"]), "€", n=n),
        ]

    kolommen = ["Arrangementen", "Leerlingen", "Uren gepland", "Uren ingezet", "Uitgegeven"]
    toelichting = (
        "Arrangementen die in de periode liepen. Uren ingezet en uitgegeven: in de periode; "
        "uren gepland: over het hele arrangement."
    )
    per_soort = optellen(lambda soort, *_: soort)
    per_school = optellen(lambda _s, school_id, naam: (naam, school_id))
    return [
        Figuur(
            "arrangement_soort",
            "Arrangementen per soort",
            kolommen,
            [
                Rij(soort_label.get(s, s), cellen(g, lijst("arrangement", soort=s)))
                for s, g in sorted(per_soort.items(), key=lambda kv: soort_label.get(kv[0], kv[0]))
            ],
            toelichting=toelichting,
            stand=_periode(f),
            delen=True,
        ),
        Figuur(
            "arrangement_school",
            "Arrangementen per school",
            kolommen,
            [Rij(naam, cellen(g, lijst("arrangement", bij_school=pk))) for (naam, pk), g in sorted(per_school.items())],
            toelichting=toelichting,
            stand=_periode(f),
            delen=True,
        ),
    ]


# --- 4. Trajecten per route and step ---------------------------------------------------------


def trajecten(f: Filter, vandaag: date) -> Figuur:
    rijen = (
        bronnen.trajecten_lopend(f)
        .values_list(
            "route_versie__route__code", "route_versie__route__naam", "stap__volgorde", "stap__code", "stap__naam"
        )
        .annotate(n=Count("id"))
        .order_by("route_versie__route__naam", "stap__volgorde")
    )
    return Figuur(
        "trajecten",
        "Lopende trajecten per route en stap",
        ["Trajecten"],
        [
            Rij(f"{route_naam}: {stap_naam}", [_aantal(n, lijst("traject", in_route=route, stap=stap))])
            for route, route_naam, _volgorde, stap, stap_naam, n in rijen
        ],
        stand=f"vandaag, {datum_tekst(vandaag)}",
        delen=True,
    )


# --- 5. Processing times ---------------------------------------------------------------------


def doorlooptijden(f: Filter, swv: Samenwerkingsverband) -> Figuur:
    besluiten = list(
        bronnen.besluiten(f).values_list("datum", "aanvraag__ingediend_op", "aanvraag__traject__signaal__datum")
    )
    start = ArrangementGebeurtenis.objects.filter(arrangement=OuterRef("pk"), status=Status.LOPEND).order_by("op")
    gestart = list(
        bronnen.arrangementen(f.binnen(van=date.min, tot=date.max))
        .filter(besluit__in=bronnen.besluiten(f))
        .annotate(gestart_op=Subquery(start.values("op")[:1]))
        .values_list("besluit__datum", "gestart_op")
    )
    from django.utils import timezone

    metingen = [
        (
            "Signaal tot besluit",
            [(besluit - signaal).days for besluit, _i, signaal in besluiten if signaal],
            swv.norm_signaal_besluit_weken,
        ),
        (
            "Aanvraag tot besluit",
            [
                (besluit - timezone.localtime(ingediend).date()).days
                for besluit, ingediend, _s in besluiten
                if ingediend
            ],
            swv.norm_aanvraag_besluit_weken,
        ),
        (
            "Besluit tot start van de ondersteuning",
            [(timezone.localtime(op).date() - besluit).days for besluit, op in gestart if op],
            swv.norm_besluit_start_weken,
        ),
    ]
    rijen = []
    for label, dagen, norm in metingen:
        dagen = [max(d, 0) for d in dagen]
        q1, mediaan, q3 = kwartielen([Decimal(d) / 7 for d in dagen])
        binnen = sum(1 for d in dagen if d <= norm * 7)
        rijen.append(
            Rij(
                label,
                [
                    Cel(len(dagen), n=len(dagen)),
                    Cel(mediaan, "weken", n=len(dagen)),
                    Cel(q1, "weken", n=len(dagen)),
                    Cel(q3, "weken", n=len(dagen)),
                    Cel(norm, "weken"),
                    Cel(procent(binnen, len(dagen)), "%", n=len(dagen)),
                ],
            )
        )
    niet_gestart = sum(1 for _b, op in gestart if not op)
    return Figuur(
        "doorlooptijden",
        "Doorlooptijden",
        ["Aantal", "Mediaan", "25%", "75%", "Norm", "Binnen de norm"],
        rijen,
        toelichting=f"Over de besluiten in de periode. {niet_gestart} arrangement(en) uit deze besluiten is of zijn "
        "nog niet gestart. De normen stelt het samenwerkingsverband in (Beheer → Samenwerkingsverband).",
        stand=_periode(f),
        grafiek=[1],
    )


# --- 6. Overdue evaluations ------------------------------------------------------------------


def evaluaties(f: Filter) -> Figuur:
    rijen = (
        bronnen.evaluaties_te_laat(f)
        .values_list("arrangement__school_id", "arrangement__school__naam")
        .annotate(n=Count("id"))
        .order_by("arrangement__school__naam")
    )
    rijen = list(rijen)
    totaal = sum(n for *_x, n in rijen)
    return Figuur(
        "evaluaties",
        "Evaluaties over de datum",
        ["Evaluaties"],
        [Rij(naam, [_aantal(n, lijst("evaluatie", bij_school=pk))]) for pk, naam, n in rijen]
        + [Rij("Totaal", [_aantal(totaal, lijst("evaluatie"))])],
        toelichting="Evaluaties die vóór de peildatum gehouden hadden moeten zijn en dat toen nog niet waren.",
        stand=f"peildatum {datum_tekst(f.peildatum)}",
        delen=True,
    )


# --- 7. Home-sitters -------------------------------------------------------------------------


def _leerlingen_op(f: Filter, dagen: list[date]) -> dict[date, int]:
    """Pupils of the schools in scope on the 1 October count before each date."""
    teldag = {d: date(d.year if d.month >= 10 else d.year - 1, 10, 1) for d in dagen}
    aantallen = dict(
        Leerlingtelling.objects.filter(school__in=bronnen.scholen(f), peildatum__in=set(teldag.values()))
        .values_list("peildatum")
        .annotate(s=Sum("aantal"))
    )
    return {d: aantallen.get(t, 0) for d, t in teldag.items()}


def thuiszitters(f: Filter) -> list[Figuur]:
    dagen = [f.peildatum, f.jaren_eerder(2).peildatum]
    leerlingen = _leerlingen_op(f, dagen)
    rijen, redenen = [], {}
    for dag in dagen:
        perioden = list(bronnen.thuiszitters(f, dag).values_list("begindatum", "aanbod_op", "reden"))
        weken = [Decimal((dag - begin).days) / 7 for begin, _a, _r in perioden]
        q1, mediaan, q3 = kwartielen(weken)
        grens = drie_maanden_voor(dag)
        lang = sum(1 for begin, aanbod, _r in perioden if begin < grens and (aanbod is None or aanbod > dag))
        n = len(perioden)
        per_1000 = een_decimaal(Decimal(n) * 1000 / leerlingen[dag]) if leerlingen[dag] else None
        redenen[dag] = Counter(r for *_x, r in perioden)
        d = dag.isoformat()
        rijen.append(
            Rij(
                datum_tekst(dag),
                [
                    _aantal(n, lijst("thuiszitter", datum=d)),
                    Cel(per_1000, n=n),
                    Cel(mediaan, "weken", n=n),
                    Cel(q1, "weken", n=n),
                    Cel(q3, "weken", n=n),
                    _aantal(lang, lijst("thuiszitter", datum=d, zonder_aanbod="1")),
                ],
            )
        )
    labels = dict(Thuiszitperiode.Reden.choices)
    volgorde = sorted(labels, key=lambda r: (-redenen[dagen[0]][r], -redenen[dagen[1]][r], labels[r]))
    return [
        Figuur(
            "thuiszitters",
            "Thuiszitters, nu en twee jaar eerder",
            ["Thuiszitters", "Per 1.000 leerlingen", "Duur (mediaan)", "25%", "75%", "> 3 maanden zonder aanbod"],
            rijen,
            toelichting="Leerlingen die op de peildatum thuiszaten, met de duur tot die dag. Per 1.000 leerlingen van "
            "de scholen op de teldatum van 1 oktober ervoor.",
            stand=f"peildatum {datum_tekst(f.peildatum)} en dezelfde dag twee jaar eerder",
        ),
        Figuur(
            "thuiszit_redenen",
            "Redenen van thuiszitten",
            [datum_tekst(dag) for dag in dagen],
            [
                Rij(
                    labels[r],
                    [_aantal(redenen[dag][r], lijst("thuiszitter", datum=dag.isoformat(), reden=r)) for dag in dagen],
                )
                for r in volgorde
                if redenen[dagen[0]][r] or redenen[dagen[1]][r]
            ],
            stand=f"peildatum {datum_tekst(f.peildatum)} en twee jaar eerder",
            grafiek=[0, 1],
            delen=True,
        ),
    ]


# --- 8. Waiting and occupancy ----------------------------------------------------------------


def wachtlijst_en_bezetting(f: Filter) -> list[Figuur]:
    wacht, namen = defaultdict(list), {}
    for school_id, school_naam, voorziening_id, voorziening_naam, besluit in bronnen.wachtend(f).values_list(
        "plaats_school_id", "plaats_school__naam", "plaats_voorziening_id", "plaats_voorziening__naam", "besluit__datum"
    ):
        plek = ("school", school_id) if school_id else ("voorziening", voorziening_id)
        wacht[plek].append((f.peildatum - besluit).days)
        namen[plek] = school_naam or voorziening_naam or "Plek nog niet gekozen"
    plekken = [
        ("school", s.pk, s.naam, s.get_soort_display(), s.capaciteit, s.bezette_plaatsen, s.bezetting_peildatum)
        for s in bronnen.scholen(f).filter(soort__in=(School.Soort.SBO, School.Soort.SO)).order_by("naam")
    ]
    voorzieningen = Voorziening.objects.filter(samenwerkingsverband_id=f.samenwerkingsverband_id)
    if f.school_id or f.schoolbestuur_id or f.deelverband_id:
        voorzieningen = voorzieningen.filter(school__in=bronnen.scholen(f))
    plekken += [
        ("voorziening", v.pk, v.naam, v.get_soort_display(), v.capaciteit, v.bezette_plaatsen, v.bezetting_peildatum)
        for v in voorzieningen.order_by("naam")
    ]
    rijen_wacht, rijen_bezet = [], []
    for (soort, pk), naam in sorted(namen.items(), key=lambda kv: kv[1]):
        dagen = wacht[(soort, pk)]
        if dagen:
            _q1, mediaan, _q3 = kwartielen(dagen)
            rijen_wacht.append(
                Rij(
                    naam,
                    [
                        _aantal(len(dagen), lijst("wacht", **{"bij_school" if soort == "school" else soort: pk})),
                        Cel(mediaan, "dagen", n=len(dagen)),
                        Cel(max(dagen), "dagen", n=len(dagen)),
                    ],
                )
            )
    for _soort, _pk, naam, soort_label, capaciteit, bezet, op in plekken:
        rijen_bezet.append(
            Rij(
                f"{naam} ({soort_label.lower()})",
                [
                    Cel(capaciteit),
                    Cel(bezet),
                    Cel(procent(bezet, capaciteit) if bezet is not None else None, "%"),
                    Cel(f"{op:%d-%m-%Y}" if op else None),
                ],
            )
        )
    return [
        Figuur(
            "wachtlijst",
            "Wachtend op een plaatsing",
            ["Wachtend", "Wachttijd (mediaan)", "Langste wachttijd"],
            rijen_wacht,
            toelichting="Plaatsingen in het sbo, so of een voorziening waarover besloten is en die op de peildatum nog "
            "niet begonnen waren. Wachttijd: van het besluit tot de peildatum.",
            stand=f"peildatum {datum_tekst(f.peildatum)}",
            delen=True,
        ),
        Figuur(
            "bezetting",
            "Bezetting van sbo, so en voorzieningen",
            ["Capaciteit", "Bezet", "Bezetting", "Geteld op"],
            rijen_bezet,
            toelichting="Zoals de scholen en voorzieningen hun bezetting hebben opgegeven.",
            stand="de laatst opgegeven telling per plek",
            grafiek=[2],
        ),
    ]


# --- 9. Returns, cross-border traffic, goals, parents -----------------------------------------


def terugkeer(f: Filter) -> Figuur:
    soort_label = dict(Soort.choices)
    rijen = list(bronnen.teruggekeerd(f).values_list("soort").annotate(n=Count("id")).order_by("soort"))
    totaal = sum(n for _s, n in rijen)
    return Figuur(
        "terugkeer",
        "Terugkeer naar het regulier onderwijs",
        ["Leerlingen"],
        [Rij(soort_label.get(s, s), [_aantal(n, lijst("terugkeer", soort=s))]) for s, n in rijen]
        + [Rij("Totaal", [_aantal(totaal, lijst("terugkeer"))])],
        toelichting="Plaatsingen (tijdelijk in het sbo of so, observatieplek, voorziening) die in de periode "
        "eindigden terwijl de leerling op een reguliere basisschool ingeschreven bleef.",
        stand=_periode(f),
        delen=True,
    )


def grensverkeer(f: Filter) -> Figuur:
    uit, ids = Counter(), {}
    for naam, pk, n in (
        bronnen.tlvs_geldig(f, f.peildatum)
        .exclude(ontvangende_school__samenwerkingsverband_id=f.samenwerkingsverband_id)
        .values_list("ontvangende_school__samenwerkingsverband__naam", "ontvangende_school__samenwerkingsverband_id")
        .annotate(n=Count("leerling_id", distinct=True))
    ):
        uit[naam] += n
        ids[naam] = pk
    binnen = Counter(
        dict(
            bronnen.tlvs_inkomend(f, f.peildatum)
            .values_list("samenwerkingsverband__naam")
            .annotate(n=Count("leerling_id", distinct=True))
        )
    )
    d = f.peildatum.isoformat()
    namen = sorted(set(uit) | set(binnen))
    return Figuur(
        "grensverkeer",
        "Grensverkeer met andere samenwerkingsverbanden",
        ["Van ons, op een school elders", "Van elders, op een school van ons"],
        [
            Rij(
                naam,
                [_aantal(uit[naam], lijst("tlv_uit", swv=ids.get(naam), datum=d)), Cel(binnen[naam], n=binnen[naam])],
            )
            for naam in namen
        ]
        + [
            Rij(
                "Totaal",
                [
                    _aantal(sum(uit.values()), lijst("tlv_uit", datum=d)),
                    Cel(sum(binnen.values()), n=sum(binnen.values())),
                ],
            )
        ],
        toelichting="Leerlingen met een geldige TLV: afgegeven door dit samenwerkingsverband voor een so- of "
        "sbo-school "
        "in een ander samenwerkingsverband (dit samenwerkingsverband betaalt), en andersom.",
        stand=f"peildatum {datum_tekst(f.peildatum)}",
        delen=True,
        grafiek=[0, 1],
    )


def doelen(f: Filter) -> Figuur:
    soort_label = dict(Soort.choices)
    tellingen = defaultdict(Counter)
    leerlingen = defaultdict(set)
    for soort, resultaat, leerling_id in bronnen.doelen(f).values_list(
        "evaluatie__arrangement__soort", "resultaat", "evaluatie__arrangement__leerling_id"
    ):
        tellingen[soort][resultaat] += 1
        leerlingen[soort].add(leerling_id)
    rijen = []
    for soort in sorted(tellingen, key=lambda s: soort_label.get(s, s)):
        c, n = tellingen[soort], len(leerlingen[soort])
        rijen.append(
            Rij(
                soort_label.get(soort, soort),
                [
                    *(
                        Cel(c[r], n=n, lijst=lijst("doel", soort=soort, resultaat=r) if c[r] else "")
                        for r in ("behaald", "deels", "niet")
                    ),
                    Cel(procent(c["behaald"], c.total()), "%", n=n),
                ],
            )
        )
    return Figuur(
        "doelen",
        "Doelen behaald",
        ["Behaald", "Deels behaald", "Niet behaald", "Aandeel behaald"],
        rijen,
        toelichting="Resultaten op de doelen van arrangementen in de evaluaties die in de periode zijn gehouden.",
        stand=_periode(f),
        grafiek=[3],
        delen=True,
        sommen={3: (0, 1, 2)},
    )


OUDERVRAGEN = (
    ("helpt", "Helpt het arrangement uw kind?"),
    ("betrokken", "Voelt u zich betrokken?"),
    ("afspraken", "Worden de afspraken nagekomen?"),
)


def ouders(f: Filter) -> Figuur:
    qs = OuderVragenlijst.objects.filter(evaluatie__in=_gehouden_evaluaties(f))
    antwoorden = list(qs.values_list("evaluatie__arrangement__leerling_id", *(v for v, _t in OUDERVRAGEN)))
    n = len({a[0] for a in antwoorden})
    rijen = []
    for i, (_veld, vraag) in enumerate(OUDERVRAGEN, start=1):
        scores = [a[i] for a in antwoorden]
        gemiddeld = een_decimaal(Decimal(sum(scores)) / len(scores)) if scores else None
        positief = sum(1 for s in scores if s >= OuderVragenlijst.Score.GROTENDEELS)
        rijen.append(
            Rij(vraag, [Cel(len(scores), n=n), Cel(gemiddeld, n=n), Cel(procent(positief, len(scores)), "%", n=n)])
        )
    return Figuur(
        "ouders",
        "Hoe ouders de arrangementen waarderen",
        ["Ingevuld", "Gemiddeld (1–4)", "Grotendeels of ja"],
        rijen,
        toelichting="De korte vragenlijst van de ouders bij de evaluaties in de periode (1 = nee, 4 = ja).",
        stand=_periode(f),
        grafiek=[2],
    )


def _gehouden_evaluaties(f: Filter):
    from passend.arrangementen.models import Evaluatie

    qs = Evaluatie.objects.filter(
        arrangement__samenwerkingsverband_id=f.samenwerkingsverband_id,
        arrangement__school__in=bronnen.scholen(f),
        datum__range=(f.van, f.tot),
    )
    return qs.filter(arrangement__traject__route_versie__route__code=f.route_code) if f.route_code else qs


# --- All of them -----------------------------------------------------------------------------


def bereken(f: Filter, *, vandaag: date) -> list[Figuur]:
    swv = Samenwerkingsverband.objects.get(pk=f.samenwerkingsverband_id)
    return [
        deelname(f),
        *tlvs(f),
        *arrangementen(f),
        trajecten(f, vandaag),
        doorlooptijden(f, swv),
        evaluaties(f),
        *thuiszitters(f),
        *wachtlijst_en_bezetting(f),
        terugkeer(f),
        grensverkeer(f),
        doelen(f),
        ouders(f),
    ]
