"""Reads of organisation data, always scoped to the actor's partnerships and audited."""

from django.db.models import Count, Q, Sum

from passend.core import audit
from passend.core.authz import explain
from passend.core.selectors import get_visible
from passend.organisaties import policies
from passend.organisaties.models import (
    Deelverband,
    Deskundige,
    Samenwerkingsverband,
    School,
    Schoolbestuur,
    Voorziening,
)

RELATED = {
    School: ("samenwerkingsverband", "schoolbestuur", "deelverband"),
    Voorziening: ("samenwerkingsverband", "school"),
    Deskundige: ("samenwerkingsverband",),
    Schoolbestuur: ("samenwerkingsverband",),
    Deelverband: ("samenwerkingsverband",),
}


def samenwerkingsverband_list(*, actor):
    ids = policies.swv_ids_with(actor, policies.NETWERK_ROLLEN)
    return Samenwerkingsverband.objects.filter(pk__in=ids)


def beheer_samenwerkingsverbanden(*, actor):
    return Samenwerkingsverband.objects.filter(pk__in=policies.swv_ids_with(actor, {policies.Rol.BEHEERDER}))


def _base(model, *, scope: Q):
    qs = model.objects.filter(scope).select_related(*RELATED.get(model, ()))
    if model is Deskundige:
        qs = qs.prefetch_related("expertises")
    if model is Schoolbestuur:
        qs = qs.annotate(aantal_scholen=Count("scholen"))
    return qs


def organisatie_list(*, actor, model, zoek: str = "", soort: str = "", manage: bool = False):
    """Organisations of one kind visible to `actor`; logs the search."""
    scope = policies.scope_manage(actor, model) if manage else policies.scope_view(actor, model)
    qs = _base(model, scope=scope)
    if zoek:
        qs = qs.filter(naam__icontains=zoek)
    if soort and hasattr(model, "Soort"):
        qs = qs.filter(soort=soort)
    audit.log(
        audit.Action.SEARCH,
        object_type=model._meta.label_lower,
        grant=explain(actor, "organisaties.manage" if manage else "organisaties.view"),
        detail={k: v for k, v in {"zoek": zoek, "soort": soort}.items() if v},
    )
    return qs


def organisatie_get(*, actor, model, pk, manage: bool = False):
    permission = "organisaties.manage" if manage else "organisaties.view"
    scope = policies.scope_manage(actor, model) if manage else policies.scope_view(actor, model)
    obj, _grant = get_visible(actor=actor, queryset=_base(model, scope=scope), pk=pk, permission=permission)
    return obj


def netwerk_overzicht(*, actor):
    """The covering network in numbers, per partnership the actor works in."""
    scope = policies.scope_view(actor)
    scholen = School.objects.filter(scope).values("soort").annotate(aantal=Count("id"), plaatsen=Sum("capaciteit"))
    audit.log(audit.Action.SEARCH, object_type="organisaties.netwerk", grant=explain(actor, "organisaties.view"))
    return {
        "scholen_per_soort": {rij["soort"]: rij for rij in scholen},
        "voorzieningen": Voorziening.objects.filter(scope).count(),
        "deskundigen": Deskundige.objects.filter(scope).count(),
    }


def scholen_van(*, actor):
    """The schools the actor works at (through a school-level membership)."""
    ids = [lid.school_id for lid in actor.actieve_lidmaatschappen if lid.school_id]
    return School.objects.filter(pk__in=ids).select_related("schoolbestuur")
