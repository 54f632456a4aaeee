"""Reads of pupil data: always scoped by the policy, always audited."""

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.http import Http404

from passend.accounts.roles import Rol
from passend.core import audit
from passend.core.authz import explain
from passend.core.selectors import get_visible
from passend.core.services import require
from passend.leerlingen import policies
from passend.leerlingen.models import ExterneToegang, Leerling, Ondersteuningsniveau, Ouderschap, Toestemming


def _met_niveau(qs):
    laatste = Ondersteuningsniveau.objects.filter(leerling=OuterRef("pk")).order_by("-sinds", "-vastgesteld_op", "-id")
    return qs.annotate(huidig_niveau=Subquery(laatste.values("niveau")[:1]))


def _lijst_lidmaatschap(actor):
    """The membership through which the actor looks at a list of pupils (for the audit row)."""
    for lid in actor.actieve_lidmaatschappen:
        if lid.rol in (*policies.SCHOOLLEIDING, Rol.LEERKRACHT, Rol.OUDER, Rol.EXTERN):
            return lid
    return None


def leerling_list(*, actor, zoek: str = "", groep: int | None = None, niveau: int | None = None):
    qs = _met_niveau(
        Leerling.objects.filter(policies.scope_view(actor)).select_related("school").prefetch_related("leerkrachten")
    )
    if zoek:
        for woord in zoek.split()[:4]:
            qs = qs.filter(
                Q(voornaam__icontains=woord) | Q(tussenvoegsel__icontains=woord) | Q(achternaam__icontains=woord)
            )
    if groep:
        qs = qs.filter(groep=groep)
    if niveau:
        qs = qs.filter(huidig_niveau=niveau)
    filters = {k: str(v) for k, v in {"zoek": zoek, "groep": groep, "niveau": niveau}.items() if v}
    audit.log(
        audit.Action.SEARCH, object_type="leerlingen.leerling", lidmaatschap=_lijst_lidmaatschap(actor), detail=filters
    )
    return qs.distinct()


def leerling_get(*, actor, pk, permission: str = "leerlingen.view"):
    """One pupil with what the dossier page shows; a view is audited, a refusal too (404)."""
    queryset = _met_niveau(
        Leerling.objects.filter(policies.scope_view(actor))
        .select_related("school", "school__schoolbestuur")
        .prefetch_related(
            "leerkrachten",
            Prefetch("ouderschappen", queryset=Ouderschap.objects.select_related("ouder")),
            Prefetch("ondersteuningsniveaus", queryset=Ondersteuningsniveau.objects.select_related("vastgesteld_door")),
            Prefetch("toestemmingen", queryset=Toestemming.objects.select_related("ouder", "vastgelegd_door")),
        )
    )
    leerling, grant = get_visible(actor=actor, queryset=queryset, pk=pk, permission=permission)
    return leerling, grant


def kinderen_van(*, actor):
    """A parent's own children, for their start page (audited like any list of pupils)."""
    kinderen = list(
        Leerling.objects.filter(policies.scope_view(actor), ouderschappen__ouder__gebruiker=actor)
        .select_related("school")
        .distinct()
    )
    audit.log(
        audit.Action.SEARCH,
        object_type="leerlingen.leerling",
        lidmaatschap=_lijst_lidmaatschap(actor),
        detail={"kinderen": [k.pk for k in kinderen]},
    )
    return kinderen


def uitnodigingen_van(*, actor):
    """The dossiers an external is invited to today, with the end date, for their start page."""
    toegangen = list(
        ExterneToegang.objects.actief()
        .filter(gebruiker=actor, leerling__in=Leerling.objects.filter(policies.scope_view(actor)))
        .select_related("leerling", "leerling__school")
        .order_by("geldig_tot", "id")
    )
    audit.log(
        audit.Action.SEARCH,
        object_type="leerlingen.leerling",
        lidmaatschap=_lijst_lidmaatschap(actor),
        detail={"uitgenodigd": [t.leerling_id for t in toegangen]},
    )
    return toegangen


def eigen_toegang(*, actor, leerling):
    """The external's own running invitation to this pupil (for 'toegang tot en met …'), or None."""
    return ExterneToegang.objects.actief().filter(leerling=leerling, gebruiker=actor).order_by("-geldig_tot").first()


def externe_toegang_list(*, actor, leerling):
    """Who has or had access to this pupil's dossier as an external, latest end date first; audited."""
    grant = require(actor, "leerlingen.view_externen", leerling)
    toegangen = list(
        ExterneToegang.objects.filter(leerling=leerling).select_related(
            "gebruiker", "uitgenodigd_door", "beeindigd_door"
        )
    )
    audit.log(
        audit.Action.SEARCH,
        object_type="leerlingen.externetoegang",
        grant=grant,
        leerling_id=leerling.pk,
        object_label=f"Externe betrokkenen bij {leerling}",
    )
    return toegangen


def externe_toegang_get(*, actor, leerling_pk, pk):
    """One invitation of this pupil, for the school's leadership to end it; another pupil's answers 404."""
    leerling, _ = leerling_get(actor=actor, pk=leerling_pk)
    grant = require(actor, "leerlingen.end_extern", leerling)
    toegang = ExterneToegang.objects.filter(leerling=leerling, pk=pk).select_related("gebruiker").first()
    if toegang is None:
        audit.log_denied(
            reason="niet gevonden of geen toegang",
            object_type="leerlingen.externetoegang",
            detail={"gevraagd_id": str(pk)[:64]},
            leerling_id=leerling.pk,
        )
        raise Http404
    audit.log(audit.Action.VIEW, obj=toegang, grant=grant)
    return leerling, toegang


INZAGE_ACTIES = ("view", "create", "update", "export", "print", "access_denied")
WERKWOORD = {
    "view": "bekeek",
    "create": "legde vast",
    "update": "wijzigde",
    "export": "maakte een PDF of export van",
    "print": "drukte af",
    "access_denied": "probeerde te openen, maar kreeg geen toegang tot",
}


def inzage_list(*, actor, leerling_pk):
    """Who viewed or changed this pupil's dossier, newest first — for the parents, in plain Dutch."""
    from passend.core.models import AuditEvent

    leerling, _ = leerling_get(actor=actor, pk=leerling_pk)
    grant = explain(actor, "leerlingen.view_inzage", leerling)
    if grant is None:
        audit.log_denied(reason="geen recht op het inzageoverzicht", obj=leerling)
        raise PermissionDenied
    events = AuditEvent.objects.filter(leerling_id=leerling.pk, action__in=INZAGE_ACTIES).only(
        "timestamp", "actor_label", "role", "role_organisation", "action", "object_label", "object_type", "result"
    )
    audit.log(
        audit.Action.SEARCH,
        object_type="core.auditevent",
        grant=grant,
        leerling_id=leerling.pk,
        object_label=f"Inzageoverzicht van {leerling}",
    )
    return leerling, events


def inzage_zin(event) -> str:
    """One line of the overview: 'Karin Jansen (intern begeleider, De Zonnebloem) bekeek …'."""
    wie = event.actor_label.split(" <")[0] or "Onbekend"
    rol = ", ".join(part for part in (event.role_label.lower(), event.role_organisation) if part)
    wat = event.object_description
    return f"{wie}{f' ({rol})' if rol else ''} {WERKWOORD.get(event.action, event.get_action_display().lower())} {wat}"
