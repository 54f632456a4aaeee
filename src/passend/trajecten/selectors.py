"""Every read of routes and trajecten, scoped through the policies and audited."""

from __future__ import annotations

from django.db.models import Prefetch

from passend.core import audit
from passend.core.authz import explain
from passend.core.selectors import get_visible
from passend.organisaties.policies import NETWERK_ROLLEN, swv_ids_with
from passend.trajecten import motor
from passend.trajecten.models import Afspraak, Deelnemer, Overleg, Route, RouteVersie, Traject
from passend.trajecten.policies import rollen_in_traject, scope_view


def route_list(*, actor):
    """The routes of the partnerships `actor` works in, each with its newest version."""
    routes = Route.objects.filter(samenwerkingsverband_id__in=swv_ids_with(actor, NETWERK_ROLLEN)).order_by(
        "-in_gebruik", "naam"
    )
    return routes.prefetch_related(
        Prefetch("versies", queryset=RouteVersie.objects.order_by("-nummer").prefetch_related("stappen"))
    )


def route_get(*, actor, pk):
    route, grant = get_visible(
        actor=actor,
        queryset=Route.objects.select_related("samenwerkingsverband"),
        pk=pk,
        permission="trajecten.view_route",
    )
    return route, grant


def routeversie_get(*, route: Route, nummer: int | None = None) -> RouteVersie:
    versies = route.versies.prefetch_related("stappen")
    versie = versies.order_by("-nummer").first() if nummer is None else versies.filter(nummer=nummer).first()
    if versie is None:
        from django.http import Http404

        raise Http404
    return versie


def routes_in_gebruik(*, samenwerkingsverband_id: int):
    return Route.objects.filter(samenwerkingsverband_id=samenwerkingsverband_id, in_gebruik=True).order_by("naam")


_LIJST = ("leerling", "school", "route_versie", "stap", "casusregisseur")


def traject_list(*, actor, status: str = "", route: str = "", te_laat: bool = False, leerling=None):
    """The trajecten `actor` may see, overdue and nearest deadlines first. Listing is audited."""
    qs = Traject.objects.filter(scope_view(actor)).select_related(*_LIJST, "route_versie__route")
    if status:
        qs = qs.filter(status=status)
    if route:
        qs = qs.filter(route_versie__route__code=route)
    if leerling is not None:
        qs = qs.filter(leerling=leerling)
    if te_laat:
        from django.utils import timezone

        qs = qs.filter(status=Traject.Status.LOPEND, termijn__lt=timezone.localdate())
    from django.db.models import F

    qs = qs.order_by("status", F("termijn").asc(nulls_last=True), "-aangemaakt_op")
    audit.log(
        audit.Action.SEARCH,
        object_type="trajecten.traject",
        actor=actor,
        detail={k: str(v) for k, v in {"status": status, "route": route, "te_laat": te_laat}.items() if v},
        leerling_id=leerling.pk if leerling is not None else None,
    )
    return qs


def traject_get(*, actor, pk, purpose: str = ""):
    """One traject the actor may see (404 otherwise, audited either way) and the grant."""
    return get_visible(
        actor=actor,
        queryset=Traject.objects.select_related(*_LIJST, "route_versie__route", "signaal", "school__schoolbestuur"),
        pk=pk,
        permission="trajecten.view",
        purpose=purpose,
    )


def traject_detail(*, actor, traject: Traject) -> dict:
    """Everything the traject page and API show, in a constant number of queries."""
    rollen = rollen_in_traject(actor, traject)
    stap = traject.stap
    return {
        "rollen": rollen,
        "stappen": list(traject.route_versie.stappen.all()),
        "gebeurtenissen": list(traject.gebeurtenissen.select_related("overleg")),
        "betrokkenen": list(traject.betrokkenen.select_related("gebruiker", "deskundige")),
        "overleggen": list(traject.overleggen.select_related("stap", "voorzitter").prefetch_related("deelnemers")),
        "uitkomsten": motor.open_uitkomsten(traject, stap, rollen) if stap is not None else [],
        "mag_organiseren": explain(actor, "trajecten.organiseren", traject) is not None,
    }


def overleg_get(*, actor, traject: Traject, pk) -> Overleg:
    """A meeting of a traject the actor has already been granted (traject_get)."""
    from django.http import Http404

    overleg = (
        Overleg.objects.select_related("stap", "voorzitter", "traject")
        .prefetch_related(
            Prefetch("deelnemers", queryset=Deelnemer.objects.select_related("gebruiker", "deskundige")),
            Prefetch("afspraken", queryset=Afspraak.objects.select_related("eigenaar")),
        )
        .filter(traject=traject, pk=pk)
        .first()
    )
    if overleg is None:
        raise Http404
    audit.log(audit.Action.VIEW, obj=overleg, actor=actor, leerling_id=traject.leerling_id)
    return overleg


def scholen_voor_schoolvraag(*, actor):
    """The schools where `actor` may start a schoolarrangement (a question without one pupil)."""
    from passend.leerlingen.policies import SCHOOLLEIDING
    from passend.organisaties.models import School

    ids = [lid.school_id for lid in actor.actieve_lidmaatschappen if lid.rol in SCHOOLLEIDING]
    return School.objects.filter(pk__in=ids).order_by("naam")


def kandidaten(*, traject: Traject):
    """Who can be added to a traject or meeting with their account: the school's staff, the
    partnership's staff, experts and externals (never parents: they take part as parents)."""
    from django.db.models import Q

    from passend.accounts.models import Lidmaatschap, User
    from passend.accounts.roles import Rol

    leden = Lidmaatschap.objects.actief().filter(samenwerkingsverband_id=traject.samenwerkingsverband_id)
    leden = leden.filter(Q(school_id=traject.school_id) | Q(school__isnull=True)).exclude(rol=Rol.OUDER)
    return User.objects.filter(pk__in=leden.values("user_id"), is_active=True).order_by("naam")


def pool(traject: Traject):
    from passend.organisaties.models import Deskundige

    return Deskundige.objects.filter(samenwerkingsverband_id=traject.samenwerkingsverband_id).order_by("naam")
