"""Who sees which key figures.

- The partnership's management, beheerder and commission: the whole partnership.
- A deelverband's coordinator: the schools of their deelverband.
- A board (its regievoerder zorgplicht): its own schools.
- A director: their own school.
- Nobody else. Outside the partnership's staff (board and director), cells with fewer than five
  pupils are suppressed, and a number opens only onto the pupils the person may see anyway.
"""

from __future__ import annotations

from passend.accounts.roles import Rol
from passend.core.authz import register, rule
from passend.organisaties.policies import lidmaatschap_in, swv_id_of

SWV_BREED = frozenset({Rol.SWV_MANAGEMENT, Rol.BEHEERDER, Rol.COMMISSIELID})
# Roles that see small numbers as they are: the partnership's own staff.
ONGEMASKEERD = SWV_BREED | {Rol.COORDINATOR}


def _soort(obj) -> str:
    return obj.__class__.__name__ if obj is not None else ""


def _eigen(user, rol, veld: str, waarde):
    return next(
        (lid for lid in user.actieve_lidmaatschappen if lid.rol == rol and waarde and getattr(lid, veld) == waarde),
        None,
    )


@rule("rapportage_van_swv", "management, beheerder of commissie van het samenwerkingsverband")
def rapportage_van_swv(user, obj):
    return lidmaatschap_in(user, swv_id_of(obj), SWV_BREED) if obj is not None else None


@rule("coordinator_van_deelverband", "coördinator van dit deelverband")
def coordinator_van_deelverband(user, obj):
    soort = _soort(obj)
    deelverband_id = obj.pk if soort == "Deelverband" else (obj.deelverband_id if soort == "School" else None)
    return _eigen(user, Rol.COORDINATOR, "deelverband_id", deelverband_id)


@rule("regievoerder_van_bestuur_of_school", "regievoerder van dit schoolbestuur of van het bestuur van de school")
def regievoerder(user, obj):
    soort = _soort(obj)
    bestuur_id = obj.pk if soort == "Schoolbestuur" else (obj.schoolbestuur_id if soort == "School" else None)
    return _eigen(user, Rol.RVZ, "schoolbestuur_id", bestuur_id)


@rule("directeur_van_deze_school", "directeur van deze school")
def directeur(user, obj):
    return _eigen(user, Rol.DIRECTEUR, "school_id", obj.pk if _soort(obj) == "School" else None)


# `obj` is the narrowest thing a report is about: the partnership, a deelverband, a board or a school.
register("rapportage.view", rapportage_van_swv, coordinator_van_deelverband, regievoerder, directeur)
