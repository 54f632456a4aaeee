"""Who sees and manages the money.

- The partnership's management and beheerder: all of their partnership's budgets, models, tariffs
  and ledger; they set them up. Drawing on the buffer (post onvoorzien) is the management's call.
- A board (its regievoerder zorgplicht): the budgets of its own schools, and their overview.
- A director: their own school's budget.
- Nobody else: a teacher, IB'er, parent or expert sees no budgets.
"""

from __future__ import annotations

from passend.accounts.roles import Rol
from passend.core.authz import register, rule
from passend.organisaties.policies import lidmaatschap_in, swv_id_of

FINANCIEN_BEHEER = frozenset({Rol.SWV_MANAGEMENT, Rol.BEHEERDER})


@rule("financien_van_swv", "management of functioneel beheerder van het samenwerkingsverband")
def financien_van_swv(user, obj):
    return lidmaatschap_in(user, swv_id_of(obj), FINANCIEN_BEHEER) if obj is not None else None


@rule("management_van_swv", "management van het samenwerkingsverband")
def management_van_swv(user, obj):
    return lidmaatschap_in(user, swv_id_of(obj), {Rol.SWV_MANAGEMENT}) if obj is not None else None


def _school(obj):
    if obj is None:
        return None
    if obj.__class__.__name__ == "School":
        return obj
    return getattr(obj, "school", None)


@rule("bestuur_van_school", "regievoerder van het bestuur van deze school")
def bestuur_van_school(user, obj):
    school = _school(obj)
    if school is None:
        return None
    return next(
        (
            lid
            for lid in user.actieve_lidmaatschappen
            if lid.rol == Rol.RVZ and lid.schoolbestuur_id == school.schoolbestuur_id
        ),
        None,
    )


@rule("regievoerder_van_bestuur", "regievoerder van dit schoolbestuur")
def regievoerder_van_bestuur(user, obj):
    if obj is None or obj.__class__.__name__ != "Schoolbestuur":
        return None
    return next(
        (lid for lid in user.actieve_lidmaatschappen if lid.rol == Rol.RVZ and lid.schoolbestuur_id == obj.pk), None
    )


@rule("directeur_van_school", "directeur van deze school")
def directeur_van_school(user, obj):
    school = _school(obj)
    if school is None:
        return None
    return next(
        (lid for lid in user.actieve_lidmaatschappen if lid.rol == Rol.DIRECTEUR and lid.school_id == school.pk), None
    )


register("financien.view", financien_van_swv)
register("financien.beheren", financien_van_swv)
register("financien.buffer_inzetten", management_van_swv)
# A school's budget (a Post with a school, or the School): its director, its board, the partnership.
register("financien.view_school", directeur_van_school, bestuur_van_school, financien_van_swv)
# A board's overview of all its schools (a Schoolbestuur): its board and the partnership, not a
# director, who sees only their own school.
register("financien.view_bestuur", regievoerder_van_bestuur, financien_van_swv)
