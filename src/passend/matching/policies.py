"""Who reads and writes needs, profiles and matches.

- A pupil's needs on the five fields are part of the dossier: read as the dossier is; recorded
  by the school's leadership or the partnership's staff a traject reached (seed 003: the
  trajectbegeleider summarises the needs from all sources).
- The matching advice on a traject: everyone working on the traject (not parents, not externals:
  it weighs the network's places); the commission's choice: the partnership's staff of the traject.
- A school's or provision's profile: read by everyone in the partnership; written by the school's
  director (for a provision: the director of its school) or the partnership's management and
  beheerder; checked by the partnership's management and beheerder.
- The scale, the basisondersteuning and the additional arrangements: management and beheerder.
- The covering network: everyone in the partnership; where needs go uncovered (pupils counted,
  never named) only the partnership's own staff.
"""

from __future__ import annotations

from passend.accounts.roles import Rol
from passend.arrangementen.policies import swv_staf
from passend.core.authz import register, rule
from passend.leerlingen.policies import (
    betrokken_via_traject,
    extern_uitgenodigd,
    leerkracht_van_leerling,
    ouder_van_leerling,
    schoolleiding,
)
from passend.organisaties.policies import lid_van_swv, lidmaatschap_in, swv_id_of
from passend.trajecten.policies import rollen_in_traject

SWV_BEHEER = frozenset({Rol.SWV_MANAGEMENT, Rol.BEHEERDER})
SWV_STAF = frozenset({Rol.TRAJECTBEGELEIDER, Rol.TEAMLEIDER, Rol.COMMISSIELID, Rol.COORDINATOR, *SWV_BEHEER})

register(
    "matching.view_behoefte",
    leerkracht_van_leerling,
    schoolleiding,
    ouder_van_leerling,
    extern_uitgenodigd,
    betrokken_via_traject,
)
register("matching.behoefte_vaststellen", schoolleiding, betrokken_via_traject)


@rule("werkt_aan_traject", "werkt aan dit traject (school of samenwerkingsverband)")
def werkt_aan_traject(user, traject):
    if traject is None or traject.__class__.__name__ != "Traject":
        return None
    rollen = rollen_in_traject(user, traject)
    return next((lid for rol, lid in rollen.items() if rol not in (Rol.OUDER, Rol.EXTERN)), None)


register("matching.advies", werkt_aan_traject)
register("matching.kiezen", swv_staf)


@rule("directeur_van_setting", "directeur van deze school (of van de school van deze voorziening)")
def directeur_van_setting(user, setting):
    if setting is None:
        return None
    naam = setting.__class__.__name__
    school_id = setting.pk if naam == "School" else setting.school_id if naam == "Voorziening" else None
    if school_id is None:
        return None
    return next(
        (lid for lid in user.actieve_lidmaatschappen if lid.rol == Rol.DIRECTEUR and lid.school_id == school_id), None
    )


@rule("beheer_van_swv", "management of functioneel beheerder van het samenwerkingsverband")
def beheer_van_swv(user, obj):
    return lidmaatschap_in(user, swv_id_of(obj), SWV_BEHEER) if obj is not None else None


@rule("staf_van_swv", "medewerker van het samenwerkingsverband")
def staf_van_swv(user, obj):
    return lidmaatschap_in(user, swv_id_of(obj), SWV_STAF) if obj is not None else None


register("matching.view_profiel", lid_van_swv)
register("matching.profiel_opstellen", directeur_van_setting, beheer_van_swv)
register("matching.profiel_controleren", beheer_van_swv)
register("matching.beheren", beheer_van_swv)
register("matching.view_netwerk", lid_van_swv)
register("matching.view_dekking", staf_van_swv)
