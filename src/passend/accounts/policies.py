"""Who may manage accounts and roles: the beheerder of the partnership concerned."""

from passend.accounts.roles import Rol
from passend.core.authz import register, rule
from passend.organisaties.policies import lidmaatschap_in, swv_id_of


@rule("beheerder_van_swv", "functioneel beheerder van dit samenwerkingsverband")
def beheerder_van_swv(user, obj):
    return lidmaatschap_in(user, swv_id_of(obj), {Rol.BEHEERDER})


register("accounts.manage_users", beheerder_van_swv)
