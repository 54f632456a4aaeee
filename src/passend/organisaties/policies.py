"""Who may see and manage the partnership's organisations.

Tenancy is the rule here: a user reaches an organisation only through an active
Lidmaatschap in the same samenwerkingsverband. Parents and externals reach only what
concerns their own child or traject (later issues), not the network as a whole.
"""

from django.db.models import Q

from passend.accounts.roles import Rol
from passend.core.authz import register, rule

NETWERK_ROLLEN = frozenset(Rol) - {Rol.OUDER, Rol.EXTERN}


def swv_id_of(obj) -> int | None:
    if obj is None:
        return None
    if obj.__class__.__name__ == "Samenwerkingsverband":
        return obj.pk
    return obj.samenwerkingsverband_id


def lidmaatschap_in(user, swv_id, rollen) -> object | None:
    """The first active membership of `user` with one of `rollen`, in `swv_id` (any if None)."""
    for lid in user.actieve_lidmaatschappen:
        if lid.rol in rollen and (swv_id is None or lid.samenwerkingsverband_id == swv_id):
            return lid
    return None


def swv_ids_with(user, rollen) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    return sorted({lid.samenwerkingsverband_id for lid in user.actieve_lidmaatschappen if lid.rol in rollen})


@rule("lid_van_swv", "werkt binnen dit samenwerkingsverband")
def lid_van_swv(user, obj):
    return lidmaatschap_in(user, swv_id_of(obj), NETWERK_ROLLEN)


@rule("beheerder_van_swv", "functioneel beheerder van dit samenwerkingsverband")
def beheerder_van_swv(user, obj):
    return lidmaatschap_in(user, swv_id_of(obj), {Rol.BEHEERDER})


register("organisaties.view", lid_van_swv)
register("organisaties.manage", beheerder_van_swv)


def _tenant_field(model) -> str:
    return "pk" if model is not None and model.__name__ == "Samenwerkingsverband" else "samenwerkingsverband_id"


def scope_view(user, model=None) -> Q:
    return Q(**{f"{_tenant_field(model)}__in": swv_ids_with(user, NETWERK_ROLLEN)})


def scope_manage(user, model=None) -> Q:
    return Q(**{f"{_tenant_field(model)}__in": swv_ids_with(user, {Rol.BEHEERDER})})
