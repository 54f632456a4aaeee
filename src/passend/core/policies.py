"""Permissions of the kernel: opening beheer and reading the partnership's audit log."""

from passend.accounts.roles import Rol
from passend.core.authz import register, rule
from passend.organisaties.policies import lidmaatschap_in, swv_id_of


@rule("beheerder", "functioneel beheerder")
def beheerder(user, obj):
    return lidmaatschap_in(user, swv_id_of(obj), {Rol.BEHEERDER})


register("core.open_beheer", beheerder)
register("core.view_auditlog", beheerder)
