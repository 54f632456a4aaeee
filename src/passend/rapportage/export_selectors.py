"""Reading report exports: a person sees only the exports they asked for themselves."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from passend.core import audit
from passend.rapportage.models import Rapportexport


def mijn_exports(*, actor):
    """The actor's own exports, newest first, without their files."""
    return (
        Rapportexport.objects.filter(aangevraagd_door_id=actor.pk)
        .defer("inhoud")
        .select_related("samenwerkingsverband")
        .order_by("-aangemaakt_op", "-id")
    )


def export_van(*, actor, pk) -> Rapportexport:
    """One of the actor's own exports; anyone else's (or none) is refused, audited."""
    export = Rapportexport.objects.defer("inhoud").filter(pk=pk).first()
    if export is None or export.aangevraagd_door_id != actor.pk:
        audit.log_denied(
            reason="alleen wie een export aanvroeg, mag die zien en downloaden",
            obj=export,
            object_type="rapportage.rapportexport",
        )
        raise PermissionDenied
    return export
