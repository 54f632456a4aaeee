"""Shared read helpers: fetch one object within the actor's scope, or refuse with a 404."""

from django.http import Http404

from passend.core import audit
from passend.core.authz import explain


def _existing_leerling_id(label, model, pk):
    """A refused look at an existing pupil names the pupil in the audit row (never in the answer)."""
    if label != "leerlingen.leerling" or not str(pk).isdigit():
        return None
    return int(pk) if model.objects.filter(pk=pk).exists() else None


def get_visible(*, actor, queryset, pk, permission: str, purpose: str = ""):
    """Return the object and the grant that allows `actor` to see it; audit the view.

    An object that does not exist and one the actor may not see answer alike (404), so a
    refusal never reveals that the object exists; the refusal itself is audited.
    """
    try:
        obj = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        obj = None
    grant = explain(actor, permission, obj) if obj is not None else None
    if grant is None:
        label = queryset.model._meta.label_lower
        audit.log_denied(
            reason="niet gevonden of geen toegang",
            object_type=label,
            detail={"gevraagd_id": str(pk)[:64], "permissie": permission},
            leerling_id=_existing_leerling_id(label, queryset.model, pk),
        )
        raise Http404
    audit.log(audit.Action.VIEW, obj=obj, grant=grant, purpose=purpose)
    return obj, grant


def auditevent_list(*, actor, actie="", resultaat="", gebruiker="", van=None, tot=None):
    """The audit log of the partnerships where `actor` is beheerder, newest first.

    Events without a partnership (logins, failed logins) are shown for the partnership's
    own users. Reading the audit log is itself audited.
    """
    from django.db.models import Q

    from passend.accounts.models import Lidmaatschap
    from passend.core.models import AuditEvent
    from passend.organisaties.policies import Rol, swv_ids_with

    swv_ids = swv_ids_with(actor, {Rol.BEHEERDER})
    members = Lidmaatschap.objects.filter(samenwerkingsverband_id__in=swv_ids).values("user_id")
    qs = AuditEvent.objects.filter(
        Q(samenwerkingsverband_id__in=swv_ids) | Q(samenwerkingsverband_id__isnull=True, actor_user_id__in=members)
    )
    if actie:
        qs = qs.filter(action=actie)
    if resultaat:
        qs = qs.filter(result=resultaat)
    if gebruiker:
        qs = qs.filter(actor_label__icontains=gebruiker)
    if van:
        qs = qs.filter(timestamp__date__gte=van)
    if tot:
        qs = qs.filter(timestamp__date__lte=tot)
    filters = {
        k: str(v)
        for k, v in {"actie": actie, "resultaat": resultaat, "gebruiker": gebruiker, "van": van, "tot": tot}.items()
        if v
    }
    audit.log(
        audit.Action.SEARCH, object_type="core.auditevent", grant=explain(actor, "core.view_auditlog"), detail=filters
    )
    return qs
