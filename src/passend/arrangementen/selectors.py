"""Every read of arrangements, scoped by the policy and audited; the expert pool's suggestions."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, Prefetch, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from passend.arrangementen.models import Aanbieder, Arrangement, Evaluatie, Inzet
from passend.arrangementen.policies import LOPEND, scope_view
from passend.core import audit
from passend.core.selectors import get_visible

NUL = Value(Decimal("0"), output_field=DecimalField(max_digits=9, decimal_places=2))
_LIJST = ("leerling", "school", "traject", "besluit")


def arrangement_list(*, actor, status: str = "", deskundige_gebruiker=None):
    """The arrangements `actor` may see (newest first), with planned and delivered hours. Audited."""
    qs = Arrangement.objects.filter(scope_view(actor)).select_related(*_LIJST)
    if status == "lopend":
        qs = qs.filter(status__in=LOPEND)
    elif status:
        qs = qs.filter(status=status)
    if deskundige_gebruiker is not None:
        qs = qs.filter(aanbieders__deskundige__gebruiker=deskundige_gebruiker, aanbieders__beeindigd_op__isnull=True)
    qs = qs.annotate(
        uren_gepland=Coalesce(Sum("aanbieders__uren_gepland", distinct=True), NUL),
    ).prefetch_related(
        Prefetch("aanbieders", queryset=Aanbieder.objects.select_related("deskundige")),
        Prefetch("evaluaties", queryset=Evaluatie.objects.filter(datum__isnull=True).order_by("gepland_op")),
    )
    audit.log(audit.Action.SEARCH, object_type="arrangementen.arrangement", actor=actor, detail={"status": status})
    return qs.distinct().order_by("-startdatum", "-id")


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
    return {
        "aanbieders": aanbieders,
        "doelen": list(arrangement.doelen.select_related("opp_doel")),
        "gebeurtenissen": list(arrangement.gebeurtenissen.all()),
        "evaluaties": list(arrangement.evaluaties.prefetch_related("resultaten", "oudervragenlijsten")),
        "inzet": list(arrangement.inzet.select_related("aanbieder")[:200]),
        "plaatsingstaken": list(arrangement.plaatsingstaken.all()),
        "uren_gepland": sum((a.uren_gepland for a in aanbieders), Decimal("0")),
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


def _afstand_km(a_lat, a_lon, b_lat, b_lon) -> float | None:
    if None in (a_lat, a_lon, b_lat, b_lon):
        return None
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (a_lat, a_lon, b_lat, b_lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class Suggestie:
    deskundige: object
    thema: bool
    uren_vrij: Decimal
    afstand_km: float | None

    @property
    def waarom(self) -> str:
        delen = ["past bij het thema" if self.thema else "ander thema"]
        delen.append(f"{self.uren_vrij:.0f} uur vrij dit schooljaar")
        if self.afstand_km is not None:
            delen.append(f"{self.afstand_km:.0f} km van de school")
        return ", ".join(delen)


def suggesties(*, arrangement: Arrangement, deskundigen) -> list[Suggestie]:
    """The pool ranked for this arrangement: matching the requested theme first, then most hours
    left this school year, then nearest to the school. No extra query per expert."""
    thema_id = arrangement.besluit.aanvraag.expertisethema_id
    deskundigen = list(deskundigen)
    vrij = uren_vrij(deskundigen)
    school = arrangement.school
    uit = []
    for d in deskundigen:
        thema = thema_id is not None and any(t.pk == thema_id for t in d.expertises.all())
        afstand = _afstand_km(school.latitude, school.longitude, d.latitude, d.longitude)
        uit.append(Suggestie(d, thema, vrij[d.pk], afstand))
    uit.sort(key=lambda s: (not s.thema, s.uren_vrij <= 0, -s.uren_vrij, 1e9 if s.afstand_km is None else s.afstand_km))
    return uit


def pool_van(arrangement: Arrangement):
    from passend.organisaties.models import Deskundige

    return (
        Deskundige.objects.filter(samenwerkingsverband_id=arrangement.samenwerkingsverband_id)
        .prefetch_related("expertises")
        .order_by("naam")
    )


def toe_te_wijzen(*, actor):
    """Granted arrangements of the trajecten the actor reaches that have no expert from the pool
    yet: the teamleider's assignment list. Audited."""
    from passend.arrangementen.policies import POOLBEHEER

    if not any(lid.rol in POOLBEHEER for lid in actor.actieve_lidmaatschappen):
        return Arrangement.objects.none()
    met_deskundige = Aanbieder.objects.filter(deskundige__isnull=False, beeindigd_op__isnull=True)
    qs = (
        Arrangement.objects.filter(scope_view(actor), status__in=LOPEND)
        .exclude(pk__in=met_deskundige.values("arrangement_id"))
        .select_related(*_LIJST, "besluit__aanvraag__expertisethema")
        .order_by("startdatum", "id")
    )
    audit.log(audit.Action.SEARCH, object_type="arrangementen.arrangement", actor=actor, detail={"toe_te_wijzen": True})
    return qs
