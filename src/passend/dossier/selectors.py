"""Reads of the groeidocument, within access to the pupil, audited."""

from django.db.models import Prefetch
from django.http import Http404

from passend.core import audit
from passend.core.authz import explain
from passend.dossier.models import DELEN, Bijdrage, Groeidocument, Versie
from passend.leerlingen.selectors import leerling_get


def groeidocument_get(*, actor, leerling_pk, nummer: int | None = None, action=audit.Action.VIEW):
    """The pupil, the grant, the version asked for (default: the newest) and all versions.

    Returns version None when nothing has been written yet.
    """
    leerling, _ = leerling_get(actor=actor, pk=leerling_pk)
    grant = explain(actor, "dossier.view_groeidocument", leerling)
    if grant is None:
        audit.log_denied(reason="geen toegang tot het groeidocument", obj=leerling)
        raise Http404
    groeidocument = Groeidocument.objects.filter(leerling=leerling).first()
    versies = (
        list(
            Versie.objects.filter(groeidocument=groeidocument)
            .select_related("groeidocument")
            .prefetch_related(
                Prefetch("bijdragen", queryset=Bijdrage.objects.order_by("id")),
                "ondertekeningen",
            )
        )
        if groeidocument
        else []
    )
    if nummer is None:
        versie = versies[0] if versies else None
    else:
        versie = next((v for v in versies if v.nummer == nummer), None)
        if versie is None:
            raise Http404
    audit.log(
        action,
        obj=versie or leerling,
        grant=grant,
        leerling_id=leerling.pk,
        object_label=f"Groeidocument van {leerling}, versie {versie.nummer}" if versie else "",
    )
    return leerling, grant, versie, versies


def delen_met_bijdragen(versie):
    """The document laid out in its parts: [(deel, [(sectie, label, [bijdragen])])]."""
    bijdragen = list(versie.bijdragen.all()) if versie else []
    return [
        (deel, [(s.value, s.label, [b for b in bijdragen if b.sectie == s.value]) for s in secties])
        for deel, secties in DELEN
    ]
