"""Who reads and who fills in a pupil's questionnaires.

- Reading finished afnames follows the dossier: the pupil's teacher, the IB'er and director, the
  parents, an invited external and the partnership roles a traject reached (as the groeidocument).
- Filling in depends on who the instrument is for (`Instrument.invuller`): the school's version
  by the pupil's teacher or the school's leadership; the parents' version by a parent of the
  pupil; the pupil's own form, or a conversation with the pupil, by the school or by the
  partnership's staff a traject reached (seed 003, IVO: "a school employee or the trajectbegeleider").
- A half-filled afname is seen and continued only by who may fill it in for the same party; a
  parent's concept only by that parent. The school may ask the parents to fill in their version.
- Instruments and norm tables are loaded by the partnership's beheerder. Which questions an
  instrument asks is no personal data: whoever works in the partnership reads it, and so do its
  parents, who fill in their own version.
"""

from __future__ import annotations

from passend.accounts.roles import Rol
from passend.core.authz import explain, register, rule
from passend.instrumenten.models import Invuller
from passend.leerlingen.policies import (
    betrokken_via_traject,
    extern_uitgenodigd,
    leerkracht_van_leerling,
    ouder_van_leerling,
    schoolleiding,
)
from passend.organisaties.policies import NETWERK_ROLLEN, beheerder_van_swv, lidmaatschap_in, swv_id_of

register(
    "instrumenten.view",
    leerkracht_van_leerling,
    schoolleiding,
    ouder_van_leerling,
    extern_uitgenodigd,
    betrokken_via_traject,
)
register("instrumenten.invullen_leerkracht", leerkracht_van_leerling, schoolleiding)
register("instrumenten.invullen_ouder", ouder_van_leerling)
register("instrumenten.invullen_leerling", leerkracht_van_leerling, schoolleiding, betrokken_via_traject)
register("instrumenten.ouders_vragen", leerkracht_van_leerling, schoolleiding)
register("instrumenten.beheren", beheerder_van_swv)


@rule("lid_of_ouder_in_swv", "werkt binnen dit samenwerkingsverband of is er ouder")
def lid_of_ouder_in_swv(user, obj):
    return lidmaatschap_in(user, swv_id_of(obj), NETWERK_ROLLEN | {Rol.OUDER})


register("instrumenten.view_instrument", lid_of_ouder_in_swv)

INVUL_PERMISSIE = {
    Invuller.LEERKRACHT: "instrumenten.invullen_leerkracht",
    Invuller.OUDER: "instrumenten.invullen_ouder",
    Invuller.LEERLING: "instrumenten.invullen_leerling",
    Invuller.MEDEWERKER: "instrumenten.invullen_leerling",
}


def invul_permissie(instrument) -> str:
    return INVUL_PERMISSIE[instrument.invuller]


def kan_invullen(user, afname, invul_grant) -> bool:
    """Whether `user`, holding `invul_grant` (the instrument's invul permission on the pupil, or
    None), may continue this afname: a concept within the same party; a parent's concept only the
    parent who started it; a request to the parents any parent."""
    if afname.is_afgerond or invul_grant is None:
        return False
    return afname.instrument.invuller != Invuller.OUDER or afname.ingevuld_door_id in (None, user.pk)


@rule("invuller_van_afname", "mag deze vragenlijst invullen")
def invuller_van_afname(user, afname):
    if afname is None or afname.__class__.__name__ != "Afname":
        return None
    grant = explain(user, invul_permissie(afname.instrument), afname.leerling)
    return grant.lidmaatschap if kan_invullen(user, afname, grant) else None


register("instrumenten.invullen", invuller_van_afname)


@rule("weggooier_van_afname", "mag deze onafgeronde vragenlijst weggooien")
def weggooier_van_afname(user, afname):
    """A concept: who may continue it. A request to the parents: the school that may ask them (it
    withdraws its own request); the parents fill it in or leave it, they do not remove it."""
    if afname is None or afname.__class__.__name__ != "Afname" or afname.is_afgerond:
        return None
    if afname.status == afname.Status.GEVRAAGD:
        grant = explain(user, "instrumenten.ouders_vragen", afname.leerling)
        return grant.lidmaatschap if grant else None
    return invuller_van_afname(user, afname)


register("instrumenten.weggooien", weggooier_van_afname)

SCHOOL_RELATIES = frozenset({"leerkracht_van_leerling", "schoolleiding"})


def mag_zien(user, afname, grant_view, invul_grants: dict) -> bool:
    """Whether `user` (who reads the pupil's afnames through `grant_view`) sees this one: finished
    ones all; an unfinished one only who may continue it; the school sees its request to the
    parents. `invul_grants`: permission → grant on the pupil, worked out once per pupil."""
    if afname.is_afgerond:
        return True
    if kan_invullen(user, afname, invul_grants.get(invul_permissie(afname.instrument))):
        return True
    return afname.status == afname.Status.GEVRAAGD and grant_view.rule.code in SCHOOL_RELATIES


def invul_grants(user, leerling) -> dict:
    """The actor's grant for each kind of filling in, on one pupil (three checks, once)."""
    return {permissie: explain(user, permissie, leerling) for permissie in set(INVUL_PERMISSIE.values())}
