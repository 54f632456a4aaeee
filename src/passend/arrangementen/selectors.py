"""Every read of arrangements, scoped by the policy and audited; the expert pool's suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from passend.arrangementen.models import (
    Aanbieder,
    Arrangement,
    Evaluatie,
    EvaluatieDoel,
    Inzet,
    OuderVragenlijst,
    Soort,
)
from passend.arrangementen.policies import LOPEND, scope_view
from passend.core import audit
from passend.core.selectors import get_visible
from passend.organisaties.afstand import afstand_km

UREN = DecimalField(max_digits=9, decimal_places=2)
NUL = Value(Decimal("0"), output_field=UREN)
_LIJST = ("leerling", "school", "traject", "besluit")


def arrangement_list(*, actor, status: str = "", deskundige_gebruiker=None):
    """The arrangements `actor` may see (newest first), with planned and delivered hours. Audited."""
    qs = Arrangement.objects.filter(scope_view(actor)).select_related(*_LIJST)
    if status == "lopend":
        qs = qs.filter(status__in=LOPEND)
    elif status:
        qs = qs.filter(status=status)
    if deskundige_gebruiker is not None:
        eigen = Aanbieder.objects.filter(deskundige__gebruiker=deskundige_gebruiker, beeindigd_op__isnull=True)
        qs = qs.filter(pk__in=eigen.values("arrangement_id"))
    qs = met_uren(qs).prefetch_related(
        Prefetch("aanbieders", queryset=Aanbieder.objects.select_related("deskundige")),
        Prefetch("evaluaties", queryset=Evaluatie.objects.filter(datum__isnull=True).order_by("gepland_op")),
    )
    audit.log(audit.Action.SEARCH, object_type="arrangementen.arrangement", actor=actor, detail={"status": status})
    return qs.order_by("-startdatum", "-id")


def _som(queryset, veld: str):
    """The sum of `veld` over `queryset` (filtered on OuterRef("pk")) as a subquery, 0 when empty."""
    rijen = queryset.order_by().values("arrangement_id").annotate(som=Sum(veld)).values("som")
    return Coalesce(Subquery(rijen, output_field=UREN), NUL)


def met_uren(qs):
    """Annotate planned and delivered hours per arrangement (subqueries: no join multiplies them).

    Planned: what the running providers are planned for, plus what ended providers delivered
    (reassigning ends one provider and plans the rest of the hours for the next)."""
    arrangement = OuterRef("pk")
    return qs.annotate(
        uren_gepland=_som(Aanbieder.objects.filter(arrangement=arrangement, beeindigd_op__isnull=True), "uren_gepland")
        + _som(Inzet.objects.filter(arrangement=arrangement, aanbieder__beeindigd_op__isnull=False), "uren"),
        uren_geleverd=_som(Inzet.objects.filter(arrangement=arrangement), "uren"),
    )


def geleverde_uren(arrangementen) -> dict[int, Decimal]:
    """Delivered hours per arrangement id, in one query."""
    rijen = (
        Inzet.objects.filter(arrangement__in=arrangementen)
        .values("arrangement_id")
        .annotate(uren=Sum("uren"))
        .values_list("arrangement_id", "uren")
    )
    return dict(rijen)


def arrangement_get(*, actor, pk, purpose: str = ""):
    return get_visible(
        actor=actor,
        queryset=Arrangement.objects.select_related(
            *_LIJST, "plaats_school", "plaats_voorziening", "besluit__aanvraag"
        ),
        pk=pk,
        permission="arrangementen.view",
        purpose=purpose,
    )


def evaluaties_van(arrangement: Arrangement):
    """The arrangement's evaluations with their results and the parents' questionnaires."""
    return arrangement.evaluaties.prefetch_related(
        Prefetch("resultaten", queryset=EvaluatieDoel.objects.select_related("doel")),
        Prefetch("oudervragenlijsten", queryset=OuderVragenlijst.objects.select_related("ouder")),
    )


def arrangement_detail(*, arrangement: Arrangement) -> dict:
    """What the arrangement page and API show, in a constant number of queries."""
    aanbieders = list(arrangement.aanbieders.select_related("deskundige"))
    geleverd = dict(
        Inzet.objects.filter(arrangement=arrangement)
        .values("aanbieder_id")
        .annotate(uren=Sum("uren"))
        .values_list("aanbieder_id", "uren")
    )
    for aanbieder in aanbieders:
        aanbieder.uren_geleverd = geleverd.get(aanbieder.pk, Decimal("0"))
    materiaal = list(arrangement.materiaaluitgaven.all())
    besteed = sum((u.bedrag for u in materiaal), Decimal("0"))
    return {
        "aanbieders": aanbieders,
        "doelen": list(arrangement.doelen.select_related("opp_doel")),
        "gebeurtenissen": list(arrangement.gebeurtenissen.all()),
        "evaluaties": list(evaluaties_van(arrangement)),
        "inzet": list(arrangement.inzet.select_related("aanbieder")[:200]),
        "plaatsingstaken": list(arrangement.plaatsingstaken.select_related("gedaan_door")),
        "materiaaluitgaven": materiaal,
        "materiaal_besteed": besteed,
        "materiaal_over": arrangement.materiaalbudget - besteed,
        # As met_uren: an ended provider counts for what they delivered.
        "uren_gepland": sum((a.uren_gepland if a.is_actief else a.uren_geleverd for a in aanbieders), Decimal("0")),
        "uren_geleverd": sum(geleverd.values(), Decimal("0")),
    }


# --- The expert pool ---------------------------------------------------------------------------


def schooljaar(dag: date) -> tuple[date, date]:
    """The school year (1 August – 31 July) `dag` falls in."""
    begin = date(dag.year if dag.month >= 8 else dag.year - 1, 8, 1)
    return begin, date(begin.year + 1, 7, 31)


def uren_vrij(deskundigen, dag: date | None = None) -> dict[int, Decimal]:
    """Hours each expert has left this school year: available minus planned in running
    arrangements that overlap the year. One query."""
    begin, eind = schooljaar(dag or timezone.localdate())
    gepland = dict(
        Aanbieder.objects.filter(
            deskundige__in=deskundigen,
            beeindigd_op__isnull=True,
            arrangement__status__in=LOPEND,
            arrangement__startdatum__lte=eind,
            arrangement__einddatum__gte=begin,
        )
        .values("deskundige_id")
        .annotate(uren=Sum("uren_gepland"))
        .values_list("deskundige_id", "uren")
    )
    return {d.pk: d.uren_beschikbaar - gepland.get(d.pk, Decimal("0")) for d in deskundigen}


@dataclass(frozen=True)
class Suggestie:
    deskundige: object
    thema: bool
    uren_vrij: Decimal
    afstand_km: float | None
    thema_gevraagd: bool = True

    @property
    def waarom(self) -> str:
        delen = []
        if self.thema_gevraagd:  # an application without a theme: no theme to match
            delen.append("past bij het thema" if self.thema else "ander thema")
        delen.append(f"{self.uren_vrij:.0f} uur vrij dit schooljaar")
        if self.afstand_km is not None:
            delen.append(f"{self.afstand_km:.0f} km van de school")
        return ", ".join(delen)


def suggesties(*, arrangement: Arrangement, deskundigen, vrij: dict | None = None) -> list[Suggestie]:
    """The pool ranked for this arrangement: matching the requested theme first, then most hours
    left this school year, then nearest to the school. No extra query per expert; pass `vrij`
    (uren_vrij of the same pool) to rank many arrangements without a query each."""
    thema_id = arrangement.besluit.aanvraag.expertisethema_id
    deskundigen = list(deskundigen)
    vrij = uren_vrij(deskundigen) if vrij is None else vrij
    school = arrangement.school
    uit = []
    for d in deskundigen:
        thema = thema_id is not None and any(t.pk == thema_id for t in d.expertises.all())
        afstand = afstand_km(school.latitude, school.longitude, d.latitude, d.longitude)
        uit.append(Suggestie(d, thema, vrij[d.pk], afstand, thema_gevraagd=thema_id is not None))
    uit.sort(key=lambda s: (not s.thema, s.uren_vrij <= 0, -s.uren_vrij, 1e9 if s.afstand_km is None else s.afstand_km))
    return uit


def pool_van(arrangement: Arrangement):
    from passend.organisaties.models import Deskundige

    return (
        Deskundige.objects.filter(samenwerkingsverband_id=arrangement.samenwerkingsverband_id)
        .prefetch_related("expertises")
        .order_by("naam")
    )


# A place in the S(B)O or at an observation place is given by the receiving school or provision,
# not by an expert from the pool: it does not wait on the assignment list.
GEEN_POOL = (Soort.TIJDELIJKE_PLAATSING, Soort.OBSERVATIEPLEK)


def toe_te_wijzen(*, actor):
    """Granted arrangements of the trajecten the actor reaches that have no expert from the pool
    yet (places excepted): the teamleider's assignment list. Audited."""
    from passend.arrangementen.policies import POOLBEHEER

    if not any(lid.rol in POOLBEHEER for lid in actor.actieve_lidmaatschappen):
        return Arrangement.objects.none()
    met_deskundige = Aanbieder.objects.filter(deskundige__isnull=False, beeindigd_op__isnull=True)
    qs = (
        Arrangement.objects.filter(scope_view(actor), status__in=LOPEND)
        .exclude(pk__in=met_deskundige.values("arrangement_id"))
        .exclude(soort__in=GEEN_POOL)
        .select_related(*_LIJST, "besluit__aanvraag__expertisethema")
        .order_by("startdatum", "id")
    )
    audit.log(audit.Action.SEARCH, object_type="arrangementen.arrangement", actor=actor, detail={"toe_te_wijzen": True})
    return qs


# --- Pages over many arrangements (constant queries) -------------------------------------------


def caseload(*, actor):
    """Mijn caseload: the arrangements the actor provides as an expert, and — seed 000: specialists
    on one school work together — the running arrangements of colleagues at the same schools
    (`eigen` False). With planned and delivered hours and the next evaluation. Audited."""
    eigen = Aanbieder.objects.filter(deskundige__gebruiker=actor, beeindigd_op__isnull=True)
    scholen = Arrangement.objects.filter(
        pk__in=eigen.filter(arrangement__status__in=LOPEND).values("arrangement_id")
    ).values("school_id")
    volgende = Evaluatie.objects.filter(arrangement=OuterRef("pk"), datum__isnull=True).order_by("gepland_op")
    qs = (
        met_uren(
            Arrangement.objects.filter(scope_view(actor)).filter(
                Q(pk__in=eigen.values("arrangement_id")) | Q(school_id__in=scholen, status__in=LOPEND)
            )
        )
        .annotate(
            eigen=Exists(eigen.filter(arrangement=OuterRef("pk"))),
            volgende_evaluatie=Subquery(volgende.values("gepland_op")[:1]),
        )
        .select_related(*_LIJST)
        .prefetch_related(
            Prefetch(
                "aanbieders",
                queryset=Aanbieder.objects.filter(beeindigd_op__isnull=True).select_related("deskundige"),
                to_attr="actieve_aanbieders",
            )
        )
        .order_by("-eigen", "school__naam", "startdatum", "id")
    )
    audit.log(audit.Action.SEARCH, object_type="arrangementen.arrangement", actor=actor, detail={"caseload": True})
    return qs


def eigen_aanbiedingen(*, actor):
    """The actor's own running parts in running arrangements: what they can book hours on."""
    return (
        Aanbieder.objects.filter(deskundige__gebruiker=actor, beeindigd_op__isnull=True, arrangement__status__in=LOPEND)
        .filter(arrangement__in=Arrangement.objects.filter(scope_view(actor)))
        .select_related("arrangement__leerling", "arrangement__school")
        .order_by("arrangement__leerling__achternaam", "arrangement__school__naam", "arrangement_id", "id")
    )


@dataclass(frozen=True)
class ToeTeWijzen:
    arrangement: Arrangement
    suggesties: list
    mag_toewijzen: bool


def toewijzen_overzicht(*, actor, arrangementen, aantal: int = 3) -> list[ToeTeWijzen]:
    """The teamleider's assignment list: each of `arrangementen` (a page of `toe_te_wijzen`) with
    the best `aantal` suggestions of its partnership's pool. The pool and its free hours are read
    once, the actor's roles in all trajecten at once: the queries do not grow with the rows."""
    from passend.arrangementen.policies import mag_toewijzen_met
    from passend.organisaties.models import Deskundige
    from passend.trajecten.policies import rollen_in_trajecten

    arrangementen = list(arrangementen)
    if not arrangementen:
        return []
    pool = list(
        Deskundige.objects.filter(samenwerkingsverband_id__in={a.samenwerkingsverband_id for a in arrangementen})
        .prefetch_related("expertises")
        .order_by("naam")
    )
    vrij = uren_vrij(pool)
    rollen = rollen_in_trajecten(actor, list({a.traject_id: a.traject for a in arrangementen}.values()))
    uit = []
    for arrangement in arrangementen:
        eigen_pool = [d for d in pool if d.samenwerkingsverband_id == arrangement.samenwerkingsverband_id]
        beste = suggesties(arrangement=arrangement, deskundigen=eigen_pool, vrij=vrij)[:aantal]
        uit.append(ToeTeWijzen(arrangement, beste, mag_toewijzen_met(rollen[arrangement.traject_id])))
    return uit


# --- Deadlines for Mijn taken and lines for the pupil's timeline --------------------------------


def klein(label: str) -> str:
    """A label inside a sentence: its first letter small, abbreviations kept (OA, OJA, S(B)O)."""
    return label[:1].lower() + label[1:]


@dataclass(frozen=True)
class Termijn:
    soort: str  # "arrangement_evaluatie", "plaatsingstaak" or "oudervragenlijst"
    wat: str
    over: str
    uiterlijk: date
    url: str
    leerling_id: int | None


def _over(arrangement: Arrangement) -> str:
    if arrangement.leerling_id:
        return arrangement.leerling.naam
    return f"{arrangement.school.naam}: {arrangement.traject.get_onderwerp_display().lower()}"


def termijnen(*, actor, vooruit: timedelta = timedelta(days=30)) -> list[Termijn]:
    """Evaluations of running arrangements due within `vooruit` or overdue, and open tasks around a
    temporary placement, for whoever may record them (arrangementen.evalueren). Not audited: the
    caller (Mijn taken) audits the whole list once. The queries do not grow with the rows."""
    from django.urls import reverse

    from passend.accounts.roles import Rol
    from passend.arrangementen.models import Plaatsingstaak
    from passend.arrangementen.policies import mag_evalueren_met
    from passend.trajecten.policies import rollen_in_trajecten

    grens = timezone.localdate() + vooruit
    uit = _vragenlijsten(actor, grens) if any(lid.rol == Rol.OUDER for lid in actor.actieve_lidmaatschappen) else []
    if all(lid.rol in (Rol.OUDER, Rol.EXTERN, Rol.LEERKRACHT) for lid in actor.actieve_lidmaatschappen):
        return uit  # these roles alone do not evaluate
    zichtbaar = Arrangement.objects.filter(scope_view(actor), status__in=LOPEND)
    mee = ("arrangement__traject", "arrangement__leerling", "arrangement__school")
    evaluaties = list(
        Evaluatie.objects.filter(arrangement__in=zichtbaar, datum__isnull=True, gepland_op__lte=grens).select_related(
            *mee
        )
    )
    taken = list(
        Plaatsingstaak.objects.filter(arrangement__in=zichtbaar, gedaan_op__isnull=True, uiterlijk__lte=grens)
        .select_related(*mee)
        .order_by("uiterlijk", "id")
    )
    trajecten = {rij.arrangement.traject_id: rij.arrangement.traject for rij in [*evaluaties, *taken]}
    rollen = rollen_in_trajecten(actor, list(trajecten.values()))
    for evaluatie in evaluaties:
        a = evaluatie.arrangement
        if mag_evalueren_met(rollen[a.traject_id]):
            wat = f"{evaluatie.get_moment_display()}: {klein(a.get_soort_display())}"
            url = reverse("arrangementen:detail", args=[a.pk]) + "#evaluaties-kop"
            uit.append(Termijn("arrangement_evaluatie", wat, _over(a), evaluatie.gepland_op, url, a.leerling_id))
    for taak in taken:
        a = taak.arrangement
        if mag_evalueren_met(rollen[a.traject_id]):
            url = reverse("arrangementen:detail", args=[a.pk]) + "#plaatsing-kop"
            uit.append(Termijn("plaatsingstaak", f"{taak} (plaatsing)", _over(a), taak.uiterlijk, url, a.leerling_id))
    return uit


def _vragenlijsten(actor, grens: date) -> list[Termijn]:
    """For a parent with custody: the questionnaire of the next evaluation of each running
    arrangement of their child, when it is due by `grens` and they have not filled it in
    (the evaluation the arrangement page asks it for). Two queries."""
    from django.urls import reverse

    from passend.arrangementen.models import OuderVragenlijst

    kinderen = Arrangement.objects.filter(
        scope_view(actor),
        status__in=LOPEND,
        leerling__ouderschappen__ouder__gebruiker=actor,
        leerling__ouderschappen__gezag=True,
    )
    ingevuld = OuderVragenlijst.objects.filter(evaluatie=OuterRef("pk"), ouder__gebruiker=actor)
    eerste: dict[int, Evaluatie] = {}
    for evaluatie in (
        Evaluatie.objects.filter(arrangement__in=kinderen, datum__isnull=True)
        .annotate(ingevuld=Exists(ingevuld))
        .select_related("arrangement__leerling", "arrangement__school", "arrangement__traject")
        .order_by("gepland_op", "id")
    ):
        eerste.setdefault(evaluatie.arrangement_id, evaluatie)
    uit = []
    for evaluatie in eerste.values():
        if evaluatie.ingevuld or evaluatie.gepland_op > grens:
            continue
        a = evaluatie.arrangement
        url = reverse("arrangementen:detail", args=[a.pk]) + "#vragenlijst-kop"
        wat = f"Vragenlijst invullen over het {klein(a.get_soort_display())}"
        uit.append(Termijn("oudervragenlijst", wat, _over(a), evaluatie.gepland_op, url, a.leerling_id))
    return uit


def tijdlijn_regels(*, actor, leerling) -> list[tuple]:
    """The pupil's arrangements the actor may see as lines of the dossier's timeline:
    [(moment, soort, tekst, link)] — granted, extended, switched, evaluated, ended, and evaluations
    that are overdue (marked). Three queries."""
    from datetime import datetime, time

    from django.urls import reverse

    from passend.arrangementen.models import ArrangementGebeurtenis, Status

    vandaag = timezone.localdate()
    arrangementen = Arrangement.objects.filter(scope_view(actor), leerling=leerling).prefetch_related(
        Prefetch("gebeurtenissen", queryset=ArrangementGebeurtenis.objects.exclude(status=Status.LOPEND)),
        Prefetch(
            "evaluaties",
            queryset=Evaluatie.objects.filter(datum__isnull=True, gepland_op__lt=vandaag),
            to_attr="te_laat",
        ),
    )
    regels = []
    for a in arrangementen:
        link = reverse("arrangementen:detail", args=[a.pk])
        naam = a.get_soort_display()
        for g in a.gebeurtenissen.all():
            if g.van_soort and g.naar_soort:
                tekst = f"{g.get_van_soort_display()} omgezet in {klein(g.get_naar_soort_display())}"
            elif g.status == Status.TOEGEKEND:
                tekst = (
                    f"{naam} toegekend, van {a.startdatum:%d-%m-%Y} tot en met {g.einddatum or a.einddatum:%d-%m-%Y}"
                )
            elif g.status == Status.VERLENGD:
                tekst = f"{naam} verlengd tot en met {g.einddatum:%d-%m-%Y}"
            elif g.status == Status.GEEVALUEERD:
                tekst = f"{naam} geëvalueerd: {g.toelichting.lower() or 'vastgelegd'}"
            else:
                tekst = f"{naam} beëindigd" + (f": {g.toelichting}" if g.toelichting else "")
            regels.append((g.op, "Arrangement", f"{tekst} (door {g.door_naam})", link))
        for e in a.te_laat:
            moment = timezone.make_aware(datetime.combine(e.gepland_op, time.min))
            tekst = (
                f"Te laat: {e.get_moment_display().lower()} van het {klein(naam)}, uiterlijk {e.gepland_op:%d-%m-%Y}"
            )
            regels.append((moment, "Arrangement", tekst, link + "#evaluaties-kop"))
    return regels


# --- Closing months ---------------------------------------------------------------------------


def maanden_overzicht(*, actor, aantal: int = 12) -> list[dict]:
    """Per partnership the actor closes months for: the last `aantal` past months, each with its
    closing (or None), newest first."""
    from passend.accounts.roles import Rol
    from passend.arrangementen.models import Maandafsluiting
    from passend.core.authz import can

    swvs = {
        lid.samenwerkingsverband_id: lid.samenwerkingsverband
        for lid in actor.actieve_lidmaatschappen
        if lid.rol in (Rol.SWV_MANAGEMENT, Rol.BEHEERDER)
    }
    swvs = {pk: swv for pk, swv in swvs.items() if can(actor, "arrangementen.maand_afsluiten", swv)}
    afgesloten = {
        (m.samenwerkingsverband_id, m.jaar, m.maand): m
        for m in Maandafsluiting.objects.filter(samenwerkingsverband_id__in=swvs).select_related("afgesloten_door")
    }
    vandaag = timezone.localdate()
    uit = []
    for pk, swv in sorted(swvs.items(), key=lambda kv: kv[1].naam):
        maanden = []
        index = vandaag.year * 12 + vandaag.month - 1
        for terug in range(1, aantal + 1):
            jaar, maand = divmod(index - terug, 12)
            maanden.append({"eerste": date(jaar, maand + 1, 1), "afsluiting": afgesloten.get((pk, jaar, maand + 1))})
        uit.append({"samenwerkingsverband": swv, "maanden": maanden})
    return uit
