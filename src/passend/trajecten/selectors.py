"""Every read of routes and trajecten, scoped through the policies and audited."""

from __future__ import annotations

from django.db.models import Prefetch

from passend.core import audit
from passend.core.authz import explain
from passend.core.selectors import get_visible
from passend.organisaties.policies import NETWERK_ROLLEN, swv_ids_with
from passend.trajecten import motor
from passend.trajecten.models import Aanvraag, Afspraak, Besluit, Deelnemer, Overleg, Route, RouteVersie, Traject
from passend.trajecten.policies import aanvraag_zichtbaar, aanvragen_zichtbaar, rollen_in_traject, scope_view


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


def lopende_trajecten(actor, leerling) -> list[Traject]:
    """The pupil's running trajecten the actor sees, to link a questionnaire or needs to (audited)."""
    return list(traject_list(actor=actor, status=Traject.Status.LOPEND, leerling=leerling))


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
        "aanvragen": aanvragen_van(actor=actor, traject=traject, rollen=rollen),
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


# --- Applications and decisions ---------------------------------------------------------------


def aanvragen_van(*, actor, traject: Traject, rollen: dict | None = None) -> list[Aanvraag]:
    """The traject's applications the actor may read (the page already audited the traject)."""
    rollen = rollen_in_traject(actor, traject) if rollen is None else rollen
    aanvragen = traject.aanvragen.select_related("besluit", "expertisethema")
    return aanvragen_zichtbaar(actor, traject, aanvragen, rollen)


def aanvraag_get(*, actor, traject: Traject, pk) -> Aanvraag:
    """One application of a traject the actor was granted; hidden or missing answer 404 (audited)."""
    from django.http import Http404

    aanvraag = (
        Aanvraag.objects.select_related("traject", "expertisethema", "ingediend_door", "aangemaakt_door")
        .filter(traject=traject, pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if aanvraag is None or not aanvraag_zichtbaar(actor, aanvraag, rollen_in_traject(actor, traject)):
        audit.log_denied(
            reason="niet gevonden of geen toegang",
            object_type="trajecten.aanvraag",
            leerling_id=traject.leerling_id,
            detail={"gevraagd_id": str(pk)[:64]},
        )
        raise Http404
    audit.log(audit.Action.VIEW, obj=aanvraag, actor=actor)
    return aanvraag


def besluit_van(aanvraag: Aanvraag):
    return Besluit.objects.select_related("overleg").filter(aanvraag=aanvraag).first()


def beoordeling(aanvraag: Aanvraag) -> list:
    """The approval chain the application went through: every move of its traject from its
    submission up to and including the decision (or until now)."""
    if aanvraag.ingediend_op is None:
        return []
    stappen = aanvraag.traject.gebeurtenissen.filter(op__gte=aanvraag.ingediend_op).exclude(soort="regie")
    besluit = besluit_van(aanvraag)
    if besluit is not None:
        stappen = stappen.filter(op__lte=besluit.gebeurtenis.op)
    return list(stappen)


def besluit_list(*, actor):
    """Decisions on the applications of the trajecten the actor sees (not for externals). Audited."""
    from passend.accounts.roles import Rol

    qs = Besluit.objects.filter(aanvraag__traject__in=Traject.objects.filter(scope_view(actor)))
    if all(lid.rol == Rol.EXTERN for lid in actor.actieve_lidmaatschappen):
        qs = qs.none()
    audit.log(audit.Action.SEARCH, object_type="trajecten.besluit", actor=actor)
    return qs.select_related("aanvraag__traject__leerling", "aanvraag__traject__school").order_by("-datum", "-id")


def besluit_get(*, actor, pk, export: bool = False):
    """One decision, through its traject and application (404 when either is out of reach)."""
    from django.http import Http404

    besluit = Besluit.objects.select_related("aanvraag").filter(pk=pk).first() if str(pk).isdigit() else None
    if besluit is None:
        audit.log_denied(
            reason="niet gevonden of geen toegang",
            object_type="trajecten.besluit",
            detail={"gevraagd_id": str(pk)[:64]},
        )
        raise Http404
    traject, _grant = traject_get(actor=actor, pk=besluit.aanvraag.traject_id)
    aanvraag = aanvraag_get(actor=actor, traject=traject, pk=besluit.aanvraag_id)
    if export:
        audit.log(audit.Action.EXPORT, obj=besluit, actor=actor, leerling_id=traject.leerling_id)
    return traject, aanvraag, Besluit.objects.select_related("overleg", "gebeurtenis").get(pk=besluit.pk)


def casusregisseur_kandidaten(*, traject: Traject):
    """Who can be the traject's case coordinator: someone holding one of the route's roles for it
    in the partnership (a school role at the traject's own school)."""
    from django.db.models import Q

    from passend.accounts.models import Lidmaatschap, User
    from passend.leerlingen.policies import SCHOOLLEIDING

    rollen = traject.route_versie.casusregisseur_rollen
    leden = Lidmaatschap.objects.actief().filter(
        samenwerkingsverband_id=traject.samenwerkingsverband_id, rol__in=rollen
    )
    leden = leden.filter(~Q(rol__in=SCHOOLLEIDING) | Q(school_id=traject.school_id))
    return User.objects.filter(pk__in=leden.values("user_id"), is_active=True).order_by("naam")
