from django.db.models import Prefetch, Q
from django.http import Http404

from passend.accounts.models import Lidmaatschap, User
from passend.accounts.roles import Rol
from passend.core import audit
from passend.core.authz import explain
from passend.organisaties.policies import swv_ids_with


def gebruiker_list(*, actor, zoek: str = ""):
    """Users holding (or having held) a role in a partnership the actor manages."""
    swv_ids = swv_ids_with(actor, {Rol.BEHEERDER})
    lidmaatschappen = Lidmaatschap.objects.filter(samenwerkingsverband_id__in=swv_ids).select_related(
        "school", "schoolbestuur", "deelverband", "samenwerkingsverband"
    )
    qs = (
        User.objects.filter(lidmaatschappen__samenwerkingsverband_id__in=swv_ids)
        .distinct()
        .prefetch_related(Prefetch("lidmaatschappen", queryset=lidmaatschappen, to_attr="zichtbare_lidmaatschappen"))
        .order_by("naam")
    )
    if zoek:
        qs = qs.filter(Q(naam__icontains=zoek) | Q(email__icontains=zoek))
    audit.log(
        audit.Action.SEARCH,
        object_type="accounts.user",
        grant=explain(actor, "accounts.manage_users"),
        detail={"zoek": zoek} if zoek else {},
    )
    return qs


def gebruiker_get(*, actor, pk):
    """One user and only those of their roles that lie in the actor's partnerships."""
    swv_ids = swv_ids_with(actor, {Rol.BEHEERDER})
    lidmaatschappen = list(
        Lidmaatschap.objects.filter(user_id=pk, samenwerkingsverband_id__in=swv_ids).select_related(
            "user", "school", "schoolbestuur", "deelverband", "samenwerkingsverband"
        )
    )
    if not lidmaatschappen:
        audit.log_denied(
            reason="niet gevonden of geen toegang", object_type="accounts.user", detail={"gevraagd_id": str(pk)}
        )
        raise Http404
    gebruiker = lidmaatschappen[0].user
    audit.log(
        audit.Action.VIEW,
        obj=gebruiker,
        grant=explain(actor, "accounts.manage_users", lidmaatschappen[0].samenwerkingsverband),
    )
    return gebruiker, lidmaatschappen
