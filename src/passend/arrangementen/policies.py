"""Who sees an arrangement and who may act on it.

- everyone who sees its traject (trajecten.policies), except externals;
- the experts who provide it (Aanbieder with their account), and — seed 000: specialists on
  one school cooperate — the other experts who provide an arrangement at the same school;
- granting and assigning: the partnership's staff the traject reached, or its case coordinator;
- hours: the providing expert, or the trajectbegeleider/teamleider;
- materials bought from its budget: whoever organises the traject (the school), or the
  partnership's staff the traject reached;
- evaluating: whoever organises the traject; parents fill in their own questionnaire;
- closing a month: the partnership's management and beheerder.
"""

from __future__ import annotations

from django.db.models import Q

from passend.accounts.roles import Rol
from passend.core.authz import register, rule
from passend.organisaties.policies import beheerder_van_swv, lidmaatschap_in
from passend.trajecten.policies import SWV_ROLLEN, rollen_in_traject
from passend.trajecten.policies import scope_view as traject_scope

POOLBEHEER = frozenset({Rol.TRAJECTBEGELEIDER, Rol.TEAMLEIDER})
# Who can provide support as an expert: the pool's own, and the partnership's staff.
AANBIEDER_ROLLEN = frozenset({Rol.DESKUNDIGE, *SWV_ROLLEN})


def _is(obj, naam: str) -> bool:
    return obj is not None and obj.__class__.__name__ == naam


def _traject_rollen(user, arrangement) -> dict:
    return rollen_in_traject(user, arrangement.traject)


@rule("ziet_traject_van_arrangement", "ziet het traject van dit arrangement")
def ziet_traject(user, arrangement):
    if not _is(arrangement, "Arrangement"):
        return None
    rollen = _traject_rollen(user, arrangement)
    return next((lid for rol, lid in rollen.items() if rol != Rol.EXTERN), None)


@rule("aanbieder_van_arrangement", "deskundige die dit arrangement (mede) biedt")
def aanbieder(user, arrangement):
    if not _is(arrangement, "Arrangement"):
        return None
    if not arrangement.aanbieders.filter(deskundige__gebruiker=user, beeindigd_op__isnull=True).exists():
        return None
    return _deskundige_lid(user, arrangement.samenwerkingsverband_id)


@rule("deskundige_op_dezelfde_school", "deskundige die op dezelfde school een arrangement biedt")
def collega_op_school(user, arrangement):
    if not _is(arrangement, "Arrangement"):
        return None
    from passend.arrangementen.models import Aanbieder

    if not Aanbieder.objects.filter(
        deskundige__gebruiker=user,
        beeindigd_op__isnull=True,
        arrangement__school_id=arrangement.school_id,
        arrangement__status__in=LOPEND,
    ).exists():
        return None
    return _deskundige_lid(user, arrangement.samenwerkingsverband_id)


def _deskundige_lid(user, swv_id):
    return lidmaatschap_in(user, swv_id, AANBIEDER_ROLLEN)


@rule("swv_staf_van_traject", "medewerker van het samenwerkingsverband dat het traject bereikte, of casusregisseur")
def swv_staf(user, obj):
    """On an Arrangement or on the Traject it belongs to."""
    traject = obj.traject if _is(obj, "Arrangement") else obj if _is(obj, "Traject") else None
    if traject is None:
        return None
    rollen = rollen_in_traject(user, traject)
    return next((rollen[r] for r in (*SWV_ROLLEN, "casusregisseur") if r in rollen), None)


@rule("poolbeheer_van_traject", "trajectbegeleider of teamleider die het traject bereikte")
def poolbeheer(user, arrangement):
    if not _is(arrangement, "Arrangement"):
        return None
    rollen = _traject_rollen(user, arrangement)
    return next((rollen[r] for r in POOLBEHEER if r in rollen), None)


@rule("organiseert_traject_van_arrangement", "organiseert het traject van dit arrangement")
def organiseert(user, arrangement):
    if not _is(arrangement, "Arrangement"):
        return None
    from passend.core.authz import explain

    grant = explain(user, "trajecten.organiseren", arrangement.traject)
    return grant.lidmaatschap if grant else None


@rule("ouder_van_leerling_van_arrangement", "ouder of verzorger van de leerling van dit arrangement")
def ouder(user, arrangement):
    if not _is(arrangement, "Arrangement") or arrangement.leerling_id is None:
        return None
    from passend.leerlingen.policies import ouder_met_gezag

    return ouder_met_gezag(user, arrangement.leerling)


@rule("beheer_van_swv_arrangementen", "management of functioneel beheerder van het samenwerkingsverband")
def swv_beheer(user, swv):
    if not _is(swv, "Samenwerkingsverband"):
        return None
    return lidmaatschap_in(user, swv.pk, {Rol.SWV_MANAGEMENT}) or beheerder_van_swv(user, swv)


LOPEND = ("toegekend", "lopend", "geevalueerd", "verlengd")

register("arrangementen.view", ziet_traject, aanbieder, collega_op_school)
register("arrangementen.toekennen", swv_staf)
register("arrangementen.toewijzen", poolbeheer, swv_staf)
register("arrangementen.inzet_boeken", aanbieder, poolbeheer)
register("arrangementen.materiaal_boeken", organiseert, swv_staf)
register("arrangementen.evalueren", organiseert, swv_staf)
register("arrangementen.oudervragenlijst", ouder)
register("arrangementen.maand_afsluiten", swv_beheer)


def scope_view(user) -> Q:
    """The arrangements `user` may see, as a filter on Arrangement."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    from passend.arrangementen.models import Aanbieder, Arrangement
    from passend.trajecten.models import Traject

    niet_extern = {lid.samenwerkingsverband_id for lid in user.actieve_lidmaatschappen if lid.rol != Rol.EXTERN}
    scope = Q(traject__in=Traject.objects.filter(traject_scope(user)), samenwerkingsverband_id__in=niet_extern)
    if any(lid.rol in (Rol.DESKUNDIGE, *SWV_ROLLEN) for lid in user.actieve_lidmaatschappen):
        eigen = Aanbieder.objects.filter(deskundige__gebruiker=user, beeindigd_op__isnull=True)
        scholen = Arrangement.objects.filter(
            pk__in=eigen.filter(arrangement__status__in=LOPEND).values("arrangement_id")
        ).values("school_id")
        scope |= Q(pk__in=eigen.values("arrangement_id")) | Q(school_id__in=scholen, status__in=LOPEND)
    return scope


# --- The same rules over roles already read in bulk (rollen_in_trajecten), for lists ------------
# A page that lists many arrangements reads every traject's roles at once and asks these, so
# the number of queries does not grow with the rows. They give the answer of the permission.

_NIET_ORGANISEREND = frozenset({Rol.LEERKRACHT, Rol.OUDER})


def mag_toewijzen_met(rollen: dict) -> bool:
    """`arrangementen.toewijzen` (poolbeheer, swv_staf) from the actor's roles in the traject."""
    return any(r in rollen for r in (*POOLBEHEER, *SWV_ROLLEN, "casusregisseur"))


def mag_evalueren_met(rollen: dict) -> bool:
    """`arrangementen.evalueren` (organiseert, swv_staf) from the actor's roles in the traject:
    the school's leadership, the roles the traject reached, the case coordinator and betrokkenen.
    A teacher or parent role alone does not organise (a teacher who is also a betrokkene of
    another school's traject is the one case this leaves out: no task is shown that cannot be done)."""
    return any(r not in _NIET_ORGANISEREND for r in rollen)
