"""The key figures worked out a second, independent way: plain Python over every row, one
object at a time, without the querysets of passend.rapportage. The tests compare the dashboard
with these on hand-built fixtures and on the demo data."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from passend.arrangementen.models import Arrangement, Evaluatie, EvaluatieDoel, Inzet, OuderVragenlijst, Tlv
from passend.financien.models import Boeking, Leerlingtelling
from passend.leerlingen.models import Thuiszitperiode
from passend.trajecten.models import Besluit, Traject

PLAATSING = {"tijdelijke_plaatsing", "observatieplek"}
PLAATS = {"sbo", "so", "voorziening"}


def r1(x) -> Decimal:
    return Decimal(str(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def pct(deel, geheel):
    return r1(Decimal(deel) * 100 / geheel) if geheel else None


def in_scope(f, school) -> bool:
    return (
        school.samenwerkingsverband_id == f.samenwerkingsverband_id
        and (not f.deelverband_id or school.deelverband_id == f.deelverband_id)
        and (not f.schoolbestuur_id or school.schoolbestuur_id == f.schoolbestuur_id)
        and (not f.school_id or school.pk == f.school_id)
    )


def in_route(f, traject) -> bool:
    return not f.route_code or traject.route_versie.route.code == f.route_code


def dag_van(moment) -> date:
    return timezone.localtime(moment).date()


def geldig(tlv, dag) -> bool:
    return tlv.startdatum <= dag and (tlv.einddatum is None or tlv.einddatum >= dag)


def verzendend(tlv):
    return tlv.besluit.aanvraag.traject


def deelname(f) -> dict:
    uit = {}
    for dag in f.peildata:
        if dag > f.peildatum:
            uit[dag] = dict.fromkeys(("bo_sbo", "sbo", "sbo_pct", "so", "so_pct", "laag", "midden", "hoog"))
            continue
        tellingen = [t for t in Leerlingtelling.objects.all() if t.peildatum == dag and in_scope(f, t.school)]
        bo = sum(t.aantal for t in tellingen if t.school.soort == "bo")
        sbo = sum(t.aantal for t in tellingen if t.school.soort == "sbo")
        so = defaultdict(set)
        for t in Tlv.objects.all():
            traject = verzendend(t)
            if (
                t.samenwerkingsverband_id == f.samenwerkingsverband_id
                and t.soort == "so"
                and geldig(t, dag)
                and in_scope(f, traject.school)
                and in_route(f, traject)
            ):
                so[t.categorie].add(t.leerling_id)
        totaal = sum(len(s) for s in so.values())
        if not tellingen:
            bo = sbo = None
        leerlingen = None if bo is None else bo + sbo
        uit[dag] = {
            "bo_sbo": leerlingen,
            "sbo": sbo,
            "sbo_pct": pct(sbo, leerlingen),
            "so": totaal,
            "so_pct": pct(totaal, leerlingen),
            **{c: len(so[c]) for c in ("laag", "midden", "hoog")},
        }
    return uit


def tlvs_afgegeven(f) -> Counter:
    uit = Counter()
    for t in Tlv.objects.all():
        traject = verzendend(t)
        if (
            t.samenwerkingsverband_id == f.samenwerkingsverband_id
            and f.van <= t.besluit.datum <= f.tot
            and in_scope(f, traject.school)
            and in_route(f, traject)
        ):
            uit[(t.soort, t.categorie)] += 1
            uit[("school", traject.school.naam, t.soort)] += 1
            uit[("bestuur", traject.school.schoolbestuur.naam, t.soort)] += 1
    return uit


def arrangementen(f) -> dict:
    uit = defaultdict(
        lambda: {"n": 0, "leerlingen": set(), "gepland": Decimal(0), "ingezet": Decimal(0), "uitgegeven": Decimal(0)}
    )
    for a in Arrangement.objects.all():
        if not (
            a.samenwerkingsverband_id == f.samenwerkingsverband_id
            and in_scope(f, a.school)
            and a.startdatum <= f.tot
            and a.einddatum >= f.van
            and a.besluit.datum <= f.tot
            and in_route(f, a.traject)
        ):
            continue
        for sleutel in (("soort", a.soort), ("school", a.school.naam)):
            g = uit[sleutel]
            g["n"] += 1
            if a.leerling_id:
                g["leerlingen"].add(a.leerling_id)
            g["gepland"] += sum((x.uren_gepland for x in a.aanbieders.all()), Decimal(0))
            g["ingezet"] += sum(
                (i.uren for i in Inzet.objects.filter(arrangement=a) if f.van <= i.datum <= f.tot), Decimal(0)
            )
            g["uitgegeven"] += sum(
                (
                    b.bedrag
                    for b in Boeking.objects.filter(arrangement=a)
                    if b.soort == "realisatie" and f.van <= b.datum <= f.tot
                ),
                Decimal(0),
            )
    return uit


def trajecten(f) -> Counter:
    return Counter(
        (t.route_versie.route.naam, t.stap.naam)
        for t in Traject.objects.all()
        if t.samenwerkingsverband_id == f.samenwerkingsverband_id
        and t.status == "lopend"
        and in_scope(f, t.school)
        and in_route(f, t)
    )


def _eerste_start(arrangement):
    starts = sorted(g.op for g in arrangement.gebeurtenissen.all() if g.status == "lopend")
    return dag_van(starts[0]) if starts else None


def doorlooptijden(f) -> dict:
    besluiten = [
        b
        for b in Besluit.objects.all()
        if b.samenwerkingsverband_id == f.samenwerkingsverband_id
        and f.van <= b.datum <= f.tot
        and in_scope(f, b.aanvraag.traject.school)
        and in_route(f, b.aanvraag.traject)
    ]
    signaal = [
        max((b.datum - b.aanvraag.traject.signaal.datum).days, 0)
        for b in besluiten
        if hasattr(b.aanvraag.traject, "signaal")
    ]
    aanvraag = [max((b.datum - dag_van(b.aanvraag.ingediend_op)).days, 0) for b in besluiten if b.aanvraag.ingediend_op]
    start = []
    for b in besluiten:
        for a in Arrangement.objects.filter(besluit=b):
            if in_scope(f, a.school) and (s := _eerste_start(a)):
                start.append(max((s - b.datum).days, 0))
    return {"signaal": signaal, "aanvraag": aanvraag, "start": start}


def mediaan_weken(dagen):
    if not dagen:
        return None
    if len(dagen) == 1:
        return r1(Decimal(dagen[0]) / 7)
    return r1(statistics.quantiles([Decimal(d) / 7 for d in dagen], n=4, method="inclusive")[1])


def evaluaties_te_laat(f) -> Counter:
    return Counter(
        e.arrangement.school.naam
        for e in Evaluatie.objects.all()
        if e.arrangement.samenwerkingsverband_id == f.samenwerkingsverband_id
        and in_scope(f, e.arrangement.school)
        and e.gepland_op < f.peildatum
        and (e.datum is None or e.datum > f.peildatum)
        and in_route(f, e.arrangement.traject)
    )


def thuiszitters(f, dag) -> list:
    return [
        p
        for p in Thuiszitperiode.objects.all()
        if p.leerling.samenwerkingsverband_id == f.samenwerkingsverband_id
        and in_scope(f, p.leerling.school)
        and p.begindatum <= dag
        and (p.einddatum is None or p.einddatum > dag)
    ]


def _begonnen(a, dag, status) -> bool:
    return any(g.status == status and dag_van(g.op) <= dag for g in a.gebeurtenissen.all())


def _plaatsing(a) -> bool:
    return a.soort in PLAATSING or a.plaats in PLAATS


def wachtend(f) -> Counter:
    uit = Counter()
    for a in Arrangement.objects.all():
        if (
            a.samenwerkingsverband_id == f.samenwerkingsverband_id
            and in_scope(f, a.school)
            and _plaatsing(a)
            and a.besluit.datum <= f.peildatum
            and not _begonnen(a, f.peildatum, "lopend")
            and not _begonnen(a, f.peildatum, "beeindigd")
            and in_route(f, a.traject)
        ):
            uit[(a.plaats_school or a.plaats_voorziening).naam] += 1
    return uit


def teruggekeerd(f) -> Counter:
    uit = Counter()
    for a in Arrangement.objects.all():
        einden = [dag_van(g.op) for g in a.gebeurtenissen.all() if g.status == "beeindigd"]
        if (
            a.samenwerkingsverband_id == f.samenwerkingsverband_id
            and in_scope(f, a.school)
            and _plaatsing(a)
            and a.leerling is not None
            and a.leerling.school.soort == "bo"
            and any(f.van <= e <= f.tot for e in einden)
            and in_route(f, a.traject)
        ):
            uit[a.soort] += 1
    return uit


def grensverkeer(f) -> dict:
    uit, binnen = defaultdict(set), defaultdict(set)
    for t in Tlv.objects.all():
        if not geldig(t, f.peildatum):
            continue
        ontvangend = t.ontvangende_school
        if (
            t.samenwerkingsverband_id == f.samenwerkingsverband_id
            and ontvangend.samenwerkingsverband_id != f.samenwerkingsverband_id
            and in_scope(f, verzendend(t).school)
            and in_route(f, verzendend(t))
        ):
            uit[ontvangend.samenwerkingsverband.naam].add(t.leerling_id)
        if t.samenwerkingsverband_id != f.samenwerkingsverband_id and in_scope(f, ontvangend):
            binnen[t.samenwerkingsverband.naam].add(t.leerling_id)
    return {"uit": {k: len(v) for k, v in uit.items()}, "binnen": {k: len(v) for k, v in binnen.items()}}


def doelen(f) -> Counter:
    return Counter(
        (r.evaluatie.arrangement.soort, r.resultaat)
        for r in EvaluatieDoel.objects.all()
        if r.evaluatie.arrangement.samenwerkingsverband_id == f.samenwerkingsverband_id
        and in_scope(f, r.evaluatie.arrangement.school)
        and r.evaluatie.datum is not None
        and f.van <= r.evaluatie.datum <= f.tot
        and in_route(f, r.evaluatie.arrangement.traject)
    )


def ouders(f) -> list:
    return [
        v
        for v in OuderVragenlijst.objects.all()
        if v.evaluatie.arrangement.samenwerkingsverband_id == f.samenwerkingsverband_id
        and in_scope(f, v.evaluatie.arrangement.school)
        and v.evaluatie.datum is not None
        and f.van <= v.evaluatie.datum <= f.tot
        and in_route(f, v.evaluatie.arrangement.traject)
    ]


# --- Comparing with the dashboard -----------------------------------------------------------


def _waarden(figuur) -> dict:
    return {rij.label: [cel.waarde for cel in rij.cellen] for rij in figuur.rijen}


def verschillen(kengetallen, f) -> list[str]:
    """Every place the dashboard's figures differ from the ones worked out here (empty: equal)."""
    from passend.arrangementen.models import Soort
    from passend.financien.geld import euro
    from passend.leerlingen.models import Thuiszitperiode as T
    from passend.rapportage.kengetallen import drie_maanden_voor

    fig = {figuur.code: _waarden(figuur) for figuur in kengetallen.figuren}
    fout = []

    def gelijk(code, label, gekregen, verwacht_):
        if gekregen != verwacht_:
            fout.append(f"{code} / {label}: dashboard {gekregen!r}, verwacht {verwacht_!r}")

    soort_label = dict(Soort.choices)
    d = deelname(f)
    for dag, rij in zip(f.peildata, list(fig["deelname"].values())[:2], strict=True):
        v = d[dag]
        gelijk(
            "deelname",
            dag,
            rij,
            [v["bo_sbo"], v["sbo"], v["sbo_pct"], v["so"], v["so_pct"], v["laag"], v["midden"], v["hoog"]],
        )
    okt, feb = (d[dag] for dag in f.peildata)
    groei = [None if okt[k] is None or feb[k] is None else feb[k] - okt[k] for k in ("bo_sbo", "sbo")]
    gelijk("deelname", "groei", fig["deelname"]["Groei 1 oktober – 1 februari"][:2], groei)
    t = tlvs_afgegeven(f)
    gelijk("tlv_soort", "SBO", fig["tlv_soort"]["SBO"], [t[("sbo", "")]])
    for c, label in (
        ("laag", "SO categorie 1 (laag)"),
        ("midden", "SO categorie 2 (midden)"),
        ("hoog", "SO categorie 3 (hoog)"),
    ):
        gelijk("tlv_soort", label, fig["tlv_soort"][label], [t[("so", c)]])
    scholen = {k[1] for k in t if k[0] == "school"}
    gelijk("tlv_school", "scholen", set(fig["tlv_school"]), scholen)
    for naam in scholen:
        sbo, so = t[("school", naam, "sbo")], t[("school", naam, "so")]
        gelijk("tlv_school", naam, fig["tlv_school"][naam], [sbo, so, sbo + so])
    a = arrangementen(f)
    for (soort, sleutel), g in a.items():
        code, label = (
            ("arrangement_soort", soort_label[sleutel]) if soort == "soort" else ("arrangement_school", sleutel)
        )
        gelijk(
            code,
            label,
            fig[code].get(label),
            [g["n"], len(g["leerlingen"]), r1(g["gepland"]), r1(g["ingezet"]), euro(g["uitgegeven"])],
        )
    gelijk("arrangement_soort", "rijen", len(fig["arrangement_soort"]), len([k for k in a if k[0] == "soort"]))
    tr = trajecten(f)
    gelijk(
        "trajecten",
        "rijen",
        {k: v[0] for k, v in fig["trajecten"].items()},
        {f"{route}: {stap}": n for (route, stap), n in tr.items()},
    )
    doorloop = doorlooptijden(f)
    for label, sleutel in (
        ("Signaal tot besluit", "signaal"),
        ("Aanvraag tot besluit", "aanvraag"),
        ("Besluit tot start van de ondersteuning", "start"),
    ):
        rij = fig["doorlooptijden"][label]
        gelijk("doorlooptijden", label, rij[:2], [len(doorloop[sleutel]), mediaan_weken(doorloop[sleutel])])
    e = evaluaties_te_laat(f)
    gelijk(
        "evaluaties", "rijen", {k: v[0] for k, v in fig["evaluaties"].items()}, {**dict(e), "Totaal": sum(e.values())}
    )
    for i, dag in enumerate((f.peildatum, f.jaren_eerder(2).peildatum)):
        perioden = thuiszitters(f, dag)
        lang = [
            p for p in perioden if p.begindatum < drie_maanden_voor(dag) and (p.aanbod_op is None or p.aanbod_op > dag)
        ]
        rij = list(fig["thuiszitters"].values())[i]
        gelijk(
            "thuiszitters",
            dag,
            [rij[0], rij[2], rij[5]],
            [len(perioden), mediaan_weken([(dag - p.begindatum).days for p in perioden]), len(lang)],
        )
        redenen = Counter(p.reden for p in perioden)
        labels = dict(T.Reden.choices)
        for reden, n in redenen.items():
            gelijk("thuiszit_redenen", reden, fig["thuiszit_redenen"][labels[reden]][i], n)
    w = wachtend(f)
    gelijk("wachtlijst", "rijen", {k: v[0] for k, v in fig["wachtlijst"].items()}, dict(w))
    r = teruggekeerd(f)
    gelijk(
        "terugkeer",
        "rijen",
        {k: v[0] for k, v in fig["terugkeer"].items()},
        {**{soort_label[k]: n for k, n in r.items()}, "Totaal": sum(r.values())},
    )
    g = grensverkeer(f)
    namen = set(g["uit"]) | set(g["binnen"])
    gelijk(
        "grensverkeer",
        "rijen",
        fig["grensverkeer"],
        {
            **{n: [g["uit"].get(n, 0), g["binnen"].get(n, 0)] for n in namen},
            "Totaal": [sum(g["uit"].values()), sum(g["binnen"].values())],
        },
    )
    dl = doelen(f)
    for soort in {s for s, _r in dl}:
        gelijk(
            "doelen",
            soort,
            fig["doelen"][soort_label[soort]][:3],
            [dl[(soort, "behaald")], dl[(soort, "deels")], dl[(soort, "niet")]],
        )
    o = ouders(f)
    for label, veld in (
        ("Helpt het arrangement uw kind?", "helpt"),
        ("Voelt u zich betrokken?", "betrokken"),
        ("Worden de afspraken nagekomen?", "afspraken"),
    ):
        scores = [getattr(v, veld) for v in o]
        gelijk(
            "ouders",
            label,
            fig["ouders"][label][:2],
            [len(scores), r1(Decimal(sum(scores)) / len(scores)) if scores else None],
        )
    return fout
