"""What each key figure counts: one queryset per source, scoped by a Filter. The figures
aggregate these; the drill-down lists filter the same querysets, so a number and its list can
never disagree. No authorization here: selectors.py decides who sees what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from passend.arrangementen.models import Arrangement, ArrangementGebeurtenis, Evaluatie, EvaluatieDoel, Status, Tlv
from passend.leerlingen.models import Thuiszitperiode
from passend.organisaties.models import School
from passend.rapportage.filters import Filter
from passend.trajecten.models import Besluit, Traject

# Placements in a setting of the covering network: the pupil leaves the regular class for a while.
PLAATSING_SOORTEN = ("tijdelijke_plaatsing", "observatieplek")
PLAATSING_PLEKKEN = ("sbo", "so", "voorziening")


def plaatsing() -> Q:
    return Q(soort__in=PLAATSING_SOORTEN) | Q(plaats__in=PLAATSING_PLEKKEN)


def begin_dag(dag: date) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time.min))


def einde_dag(dag: date) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time.max))


def scholen(f: Filter) -> QuerySet:
    qs = School.objects.filter(samenwerkingsverband_id=f.samenwerkingsverband_id)
    if f.deelverband_id:
        qs = qs.filter(deelverband_id=f.deelverband_id)
    if f.schoolbestuur_id:
        qs = qs.filter(schoolbestuur_id=f.schoolbestuur_id)
    if f.school_id:
        qs = qs.filter(pk=f.school_id)
    return qs


def _route(qs: QuerySet, f: Filter, pad: str) -> QuerySet:
    return qs.filter(**{f"{pad}route_versie__route__code": f.route_code}) if f.route_code else qs


def _plaats_scope(f: Filter) -> bool:
    return bool(f.deelverband_id or f.schoolbestuur_id or f.school_id)


# --- Sources ------------------------------------------------------------------------------------


def tlvs_afgegeven(f: Filter) -> QuerySet:
    """TLVs this partnership issued in the period, by the school that asked (the pupil's school)."""
    qs = Tlv.objects.filter(
        samenwerkingsverband_id=f.samenwerkingsverband_id,
        besluit__datum__range=(f.van, f.tot),
        besluit__aanvraag__traject__school__in=scholen(f),
    )
    return _route(qs, f, "besluit__aanvraag__traject__")


def tlvs_geldig(f: Filter, dag: date) -> QuerySet:
    """TLVs issued by this partnership that are valid on `dag` (a pupil counted at the partnership
    that issued the TLV, wherever the school is)."""
    qs = Tlv.objects.filter(
        samenwerkingsverband_id=f.samenwerkingsverband_id,
        startdatum__lte=dag,
        besluit__aanvraag__traject__school__in=scholen(f),
    ).filter(Q(einddatum__isnull=True) | Q(einddatum__gte=dag))
    return _route(qs, f, "besluit__aanvraag__traject__")


def tlvs_inkomend(f: Filter, dag: date) -> QuerySet:
    """TLVs of another partnership for a pupil at one of this partnership's schools, valid on `dag`."""
    return (
        Tlv.objects.filter(ontvangende_school__in=scholen(f), startdatum__lte=dag)
        .exclude(samenwerkingsverband_id=f.samenwerkingsverband_id)
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=dag))
    )


def arrangementen(f: Filter) -> QuerySet:
    """Arrangements running at some time in the period."""
    qs = Arrangement.objects.filter(
        samenwerkingsverband_id=f.samenwerkingsverband_id,
        school__in=scholen(f),
        startdatum__lte=f.tot,
        einddatum__gte=f.van,
        besluit__datum__lte=f.tot,
    )
    return _route(qs, f, "traject__")


def _gebeurtenis(status: str, tot: date):
    return ArrangementGebeurtenis.objects.filter(arrangement=OuterRef("pk"), status=status, op__lte=einde_dag(tot))


def wachtend(f: Filter) -> QuerySet:
    """Placements decided on or before the reference date that had not started and not ended by then."""
    qs = (
        Arrangement.objects.filter(
            samenwerkingsverband_id=f.samenwerkingsverband_id,
            school__in=scholen(f),
            besluit__datum__lte=f.peildatum,
        )
        .filter(plaatsing())
        .exclude(Exists(_gebeurtenis(Status.LOPEND, f.peildatum)))
        .exclude(Exists(_gebeurtenis(Status.BEEINDIGD, f.peildatum)))
    )
    return _route(qs, f, "traject__")


def teruggekeerd(f: Filter) -> QuerySet:
    """Placements that ended in the period while the pupil stays at a regular school: a return."""
    einde = ArrangementGebeurtenis.objects.filter(
        arrangement=OuterRef("pk"), status=Status.BEEINDIGD, op__range=(begin_dag(f.van), einde_dag(f.tot))
    )
    qs = (
        Arrangement.objects.filter(
            samenwerkingsverband_id=f.samenwerkingsverband_id,
            school__in=scholen(f),
            leerling__school__soort=School.Soort.BO,
        )
        .filter(plaatsing())
        .filter(Exists(einde))
    )
    return _route(qs, f, "traject__")


def trajecten_lopend(f: Filter) -> QuerySet:
    """Trajecten running now, with their route and current step."""
    qs = Traject.objects.filter(
        samenwerkingsverband_id=f.samenwerkingsverband_id, school__in=scholen(f), status=Traject.Status.LOPEND
    )
    return _route(qs, f, "")


def besluiten(f: Filter) -> QuerySet:
    qs = Besluit.objects.filter(
        samenwerkingsverband_id=f.samenwerkingsverband_id,
        datum__range=(f.van, f.tot),
        aanvraag__traject__school__in=scholen(f),
    )
    return _route(qs, f, "aanvraag__traject__")


def evaluaties_te_laat(f: Filter) -> QuerySet:
    """Evaluations due before the reference date and not held by then."""
    qs = Evaluatie.objects.filter(
        arrangement__samenwerkingsverband_id=f.samenwerkingsverband_id,
        arrangement__school__in=scholen(f),
        gepland_op__lt=f.peildatum,
    ).filter(Q(datum__isnull=True) | Q(datum__gt=f.peildatum))
    return _route(qs, f, "arrangement__traject__")


def thuiszitters(f: Filter, dag: date) -> QuerySet:
    """Pupils of this partnership's schools at home on `dag`."""
    return Thuiszitperiode.objects.filter(
        leerling__samenwerkingsverband_id=f.samenwerkingsverband_id,
        leerling__school__in=scholen(f),
        begindatum__lte=dag,
    ).filter(Q(einddatum__isnull=True) | Q(einddatum__gt=dag))


def doelen(f: Filter) -> QuerySet:
    """Results on goals in the evaluations held in the period."""
    qs = EvaluatieDoel.objects.filter(
        evaluatie__arrangement__samenwerkingsverband_id=f.samenwerkingsverband_id,
        evaluatie__arrangement__school__in=scholen(f),
        evaluatie__datum__range=(f.van, f.tot),
    )
    return _route(qs, f, "evaluatie__arrangement__traject__")


# --- Drill-down ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bron:
    """A source a number can be opened into: its queryset, the path to the pupil, the
    parameters a link may narrow it by (name → lookup), nothing else, and the relations a row's
    description reads (fetched with the rows, so a longer list costs no more queries)."""

    titel: str
    queryset: object  # (Filter, params) -> QuerySet
    leerling: str
    parameters: dict[str, str]
    omschrijving_leest: tuple[str, ...] = ()


def _op_datum(functie):
    def bron(f: Filter, params: dict) -> QuerySet:
        dag = date.fromisoformat(params.pop("datum")) if params.get("datum") else f.peildatum
        return functie(f, dag)

    return bron


def _zonder_datum(functie):
    def bron(f: Filter, params: dict) -> QuerySet:
        return functie(f)

    return bron


def _zonder_aanbod(functie):
    """Home-sitters longer than three months without an offer on `dag` (the `zonder_aanbod` link)."""

    def bron(f: Filter, params: dict) -> QuerySet:
        dag = date.fromisoformat(params.pop("datum")) if params.get("datum") else f.peildatum
        qs = functie(f, dag)
        if params.pop("zonder_aanbod", ""):
            from passend.rapportage.kengetallen import drie_maanden_voor

            qs = qs.filter(begindatum__lt=drie_maanden_voor(dag)).filter(
                Q(aanbod_op__isnull=True) | Q(aanbod_op__gt=dag)
            )
        return qs

    return bron


BRONNEN: dict[str, Bron] = {
    "tlv": Bron(
        "Afgegeven toelaatbaarheidsverklaringen",
        _zonder_datum(tlvs_afgegeven),
        "leerling",
        {
            "soort": "soort",
            "categorie": "categorie",
            "bij_school": "besluit__aanvraag__traject__school_id",
            "bij_bestuur": "besluit__aanvraag__traject__school__schoolbestuur_id",
        },
        ("besluit",),
    ),
    "tlv_geldig": Bron(
        "Leerlingen met een geldige toelaatbaarheidsverklaring",
        _op_datum(tlvs_geldig),
        "leerling",
        {"soort": "soort", "categorie": "categorie", "datum": ""},
        ("besluit",),
    ),
    "tlv_uit": Bron(
        "Leerlingen met een TLV van dit samenwerkingsverband op een school elders",
        _op_datum(
            lambda f, dag: tlvs_geldig(f, dag).exclude(
                ontvangende_school__samenwerkingsverband_id=f.samenwerkingsverband_id
            )
        ),
        "leerling",
        {"swv": "ontvangende_school__samenwerkingsverband_id", "datum": ""},
        ("besluit",),
    ),
    "arrangement": Bron(
        "Arrangementen",
        _zonder_datum(arrangementen),
        "leerling",
        {"soort": "soort", "bij_school": "school_id"},
    ),
    "traject": Bron(
        "Lopende trajecten",
        _zonder_datum(trajecten_lopend),
        "leerling",
        {"in_route": "route_versie__route__code", "stap": "stap__code"},
    ),
    "evaluatie": Bron(
        "Evaluaties over de datum",
        _zonder_datum(evaluaties_te_laat),
        "arrangement__leerling",
        {"bij_school": "arrangement__school_id"},
    ),
    "thuiszitter": Bron(
        "Thuiszitters",
        _zonder_aanbod(thuiszitters),
        "leerling",
        {"reden": "reden", "datum": "", "zonder_aanbod": ""},
    ),
    "wacht": Bron(
        "Wachtend op een plaatsing",
        _zonder_datum(wachtend),
        "leerling",
        {"bij_school": "plaats_school_id", "voorziening": "plaats_voorziening_id"},
    ),
    "terugkeer": Bron(
        "Teruggekeerd naar de eigen school",
        _zonder_datum(teruggekeerd),
        "leerling",
        {"soort": "soort"},
    ),
    "doel": Bron(
        "Resultaten op doelen",
        _zonder_datum(doelen),
        "evaluatie__arrangement__leerling",
        {"soort": "evaluatie__arrangement__soort", "resultaat": "resultaat"},
        ("doel",),
    ),
}
