"""Who sees a traject, who may act in it, and who manages the routes.

Access follows the traject's path through the organisations (DESIGN.md):
- the school: the pupil's teacher, and the IB'er and director of the school;
- the parents of the pupil;
- the board's RVZ once the traject has reached the board, the deelverband's coordinator
  once it reached the deelverband, and the partnership's staff (trajectbegeleider,
  teamleider, commissielid, management) once it was submitted to the partnership;
- the case coordinator, and everyone recorded as betrokkene while their involvement runs;
  an external only until their end date and while the parents' consent to involve
  externals holds.
`rollen_in_traject` gives every role a user holds in a traject with the membership that
grants it; the engine matches these against the roles a step allows.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from passend.accounts.roles import Rol
from passend.core.authz import register, rule
from passend.leerlingen.policies import SCHOOLLEIDING, leerkracht_van_leerling, ouder_van_leerling, schoolleiding
from passend.organisaties.policies import beheerder_van_swv, lid_van_swv
from passend.trajecten.routebestand import NIVEAUS

SWV_ROLLEN = frozenset({Rol.TRAJECTBEGELEIDER, Rol.TEAMLEIDER, Rol.COMMISSIELID, Rol.SWV_MANAGEMENT})
# From which level on a role at that level reaches the traject.
_VANAF = {Rol.RVZ: "schoolbestuur", Rol.COORDINATOR: "deelverband", **dict.fromkeys(SWV_ROLLEN, "samenwerkingsverband")}


def _bereikt(traject, niveau: str) -> bool:
    return NIVEAUS.index(traject.niveau) >= NIVEAUS.index(niveau)


def _niveaus_vanaf(niveau: str) -> list[str]:
    return list(NIVEAUS[NIVEAUS.index(niveau) :])


def _is_traject(obj) -> bool:
    return obj is not None and obj.__class__.__name__ == "Traject"


def _school_rollen(user, traject) -> dict:
    rollen = {}
    for lid in user.actieve_lidmaatschappen:
        if lid.school_id != traject.school_id:
            continue
        eigen_leerkracht = (
            lid.rol == Rol.LEERKRACHT and traject.leerling_id and leerkracht_van_leerling(user, traject.leerling)
        )
        if lid.rol in SCHOOLLEIDING or eigen_leerkracht:
            rollen[lid.rol] = lid
    return rollen


def _niveau_rollen(user, traject) -> dict:
    rollen = {}
    for lid in user.actieve_lidmaatschappen:
        vanaf = _VANAF.get(lid.rol)
        if vanaf is None or lid.samenwerkingsverband_id != traject.samenwerkingsverband_id:
            continue
        if not _bereikt(traject, vanaf):
            continue
        if lid.rol == Rol.RVZ and lid.schoolbestuur_id != traject.school.schoolbestuur_id:
            continue
        if lid.rol == Rol.COORDINATOR and lid.deelverband_id != traject.school.deelverband_id:
            continue
        rollen[lid.rol] = lid
    return rollen


def _extern_mag(user, traject) -> bool:
    if traject.leerling_id is None:
        return True
    from passend.leerlingen.models import ExterneToegang

    return ExterneToegang.objects.actief().filter(leerling_id=traject.leerling_id, gebruiker=user).exists()


def _betrokken_rollen(user, traject) -> dict:
    vandaag = timezone.localdate()
    if (
        not traject.betrokkenen.filter(gebruiker=user, beeindigd_op__isnull=True)
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=vandaag))
        .exists()
    ):
        return {}
    rollen = {}
    for lid in user.actieve_lidmaatschappen:
        if lid.samenwerkingsverband_id != traject.samenwerkingsverband_id or lid.rol == Rol.OUDER:
            continue
        if lid.rol == Rol.EXTERN and not _extern_mag(user, traject):
            continue
        rollen[lid.rol] = lid
    return rollen


def rollen_in_traject(user, traject) -> dict[str, object]:
    """{role slug: granting Lidmaatschap} for every role `user` holds in `traject`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not _is_traject(traject):
        return {}
    rollen = {**_betrokken_rollen(user, traject), **_niveau_rollen(user, traject), **_school_rollen(user, traject)}
    if traject.leerling_id and (lid := ouder_van_leerling(user, traject.leerling)) is not None:
        rollen[Rol.OUDER] = lid
    if traject.casusregisseur_id == user.pk:
        lid = next((lid for lid in rollen.values()), None) or next(
            (
                lid
                for lid in user.actieve_lidmaatschappen
                if lid.samenwerkingsverband_id == traject.samenwerkingsverband_id
            ),
            None,
        )
        if lid is not None:
            rollen["casusregisseur"] = lid
    return rollen


@rule("school_van_traject", "leerkracht van de leerling, of intern begeleider of directeur van de school")
def school_van_traject(user, traject):
    if not _is_traject(traject):
        return None
    return next(iter(_school_rollen(user, traject).values()), None)


@rule("ouder_in_traject", "ouder of verzorger van de leerling van dit traject")
def ouder_in_traject(user, traject):
    if not _is_traject(traject) or traject.leerling_id is None:
        return None
    return ouder_van_leerling(user, traject.leerling)


@rule("traject_bereikt_niveau", "het traject is ingediend bij uw bestuur, deelverband of samenwerkingsverband")
def traject_bereikt_niveau(user, traject):
    if not _is_traject(traject):
        return None
    return next(iter(_niveau_rollen(user, traject).values()), None)


@rule("betrokkene_of_casusregisseur", "casusregisseur of betrokkene bij dit traject")
def betrokkene_of_casusregisseur(user, traject):
    if not _is_traject(traject):
        return None
    rollen = rollen_in_traject(user, traject)
    return rollen.get("casusregisseur") or next(iter(_betrokken_rollen(user, traject).values()), None)


TRAJECT_ZIEN = (school_van_traject, ouder_in_traject, traject_bereikt_niveau, betrokkene_of_casusregisseur)
register("trajecten.view", *TRAJECT_ZIEN)
# Planning meetings and adding betrokkenen: the school's leadership, the case coordinator and
# the roles the traject has reached; not parents, teachers or externals.
register("trajecten.organiseren", schoolleiding, traject_bereikt_niveau, betrokkene_of_casusregisseur)
# A signal starts a traject: the pupil's teacher or the school's leadership; a question about
# the teacher, group, team or organisation (schoolarrangement) is the leadership's.
register("trajecten.start", leerkracht_van_leerling, schoolleiding)
register("trajecten.view_route", lid_van_swv)


@rule("directeur_van_traject", "directeur van de school van dit traject")
def directeur_van_traject(user, traject):
    if not _is_traject(traject):
        return None
    return next(
        (
            lid
            for lid in user.actieve_lidmaatschappen
            if lid.rol == Rol.DIRECTEUR and lid.school_id == traject.school_id
        ),
        None,
    )


# Applications: drawn up by those who may take the current step (or the school's leadership),
# signed by the director, with the parents' view. Who reads them: see aanvraag_zichtbaar.
@rule("rol_in_huidige_stap", "mag de huidige stap van dit traject zetten")
def rol_in_huidige_stap(user, traject):
    if not _is_traject(traject) or traject.stap_id is None:
        return None
    rollen = rollen_in_traject(user, traject)
    return next(
        (rollen[rol] for rol in traject.stap.rollen if rol in rollen and rol not in (Rol.OUDER, Rol.EXTERN)), None
    )


register("trajecten.aanvraag_schrijven", rol_in_huidige_stap, schoolleiding)
register("trajecten.aanvraag_ondertekenen", directeur_van_traject)
register("trajecten.zienswijze_geven", ouder_in_traject)


def aanvraag_zichtbaar(user, aanvraag, rollen: dict) -> bool:
    """An application is internal to the school until it is submitted: the school, the parents
    and whoever draws it up in this step read the concept; whoever else sees the traject reads it once submitted, except
    externals (they see the dossier they were invited to, not the applications)."""
    if not rollen:
        return False
    if school_van_traject(user, aanvraag.traject) is not None or Rol.OUDER in rollen:
        return True
    if aanvraag.status == "concept":
        return rol_in_huidige_stap(user, aanvraag.traject) is not None
    return any(rol != Rol.EXTERN for rol in rollen)


register("trajecten.manage_route", beheerder_van_swv)


# --- Pupils reached through a traject (used by leerlingen.policies) ----------------------------


def scope_view(user) -> Q:
    """The trajecten `user` may see, as a filter on Traject."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    from passend.leerlingen.models import ExterneToegang, Leerling, Ouderschap
    from passend.trajecten.models import Betrokkene

    leden = user.actieve_lidmaatschappen
    leiding = [lid.school_id for lid in leden if lid.rol in SCHOOLLEIDING]
    scope = Q(school_id__in=leiding)
    leerkracht = [lid.school_id for lid in leden if lid.rol == Rol.LEERKRACHT]
    if leerkracht:
        eigen = Leerling.leerkrachten.through.objects.filter(user_id=user.pk).values("leerling_id")
        scope |= Q(school_id__in=leerkracht, leerling_id__in=eigen)
    if any(lid.rol == Rol.OUDER for lid in leden):
        kinderen = Ouderschap.objects.filter(ouder__gebruiker_id=user.pk).values("leerling_id")
        swvs = [lid.samenwerkingsverband_id for lid in leden if lid.rol == Rol.OUDER]
        scope |= Q(samenwerkingsverband_id__in=swvs, leerling_id__in=kinderen)
    for lid in leden:
        vanaf = _VANAF.get(lid.rol)
        if vanaf is None:
            continue
        bereik = Q(samenwerkingsverband_id=lid.samenwerkingsverband_id, niveau__in=_niveaus_vanaf(vanaf))
        if lid.rol == Rol.RVZ:
            bereik &= Q(school__schoolbestuur_id=lid.schoolbestuur_id)
        elif lid.rol == Rol.COORDINATOR:
            bereik &= Q(school__deelverband_id=lid.deelverband_id)
        scope |= bereik
    swv_leden = [lid for lid in leden if lid.rol != Rol.OUDER]
    if swv_leden:
        vandaag = timezone.localdate()
        betrokken = Betrokkene.objects.filter(gebruiker_id=user.pk, beeindigd_op__isnull=True).filter(
            Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=vandaag)
        )
        niet_extern = {lid.samenwerkingsverband_id for lid in swv_leden if lid.rol != Rol.EXTERN}
        extern = {lid.samenwerkingsverband_id for lid in swv_leden if lid.rol == Rol.EXTERN}
        scope |= Q(pk__in=betrokken.values("traject_id"), samenwerkingsverband_id__in=niet_extern)
        if extern:
            toegang = ExterneToegang.objects.actief().filter(gebruiker_id=user.pk).values("leerling_id")
            scope |= Q(
                Q(leerling__isnull=True) | Q(leerling_id__in=toegang),
                pk__in=betrokken.values("traject_id"),
                samenwerkingsverband_id__in=extern,
            )
        swvs = {lid.samenwerkingsverband_id for lid in swv_leden}
        scope |= Q(casusregisseur_id=user.pk, samenwerkingsverband_id__in=swvs)
    return scope


def leerling_via_traject(user, leerling):
    """A partnership role reaches a pupil through a traject that reached them, or in which they
    are case coordinator or betrokkene (not externals: they reach the dossier by invitation)."""
    if leerling is None or leerling.__class__.__name__ != "Leerling":
        return None
    for traject in leerling.trajecten.select_related("school"):
        rollen = rollen_in_traject(user, traject)
        for rol, lid in rollen.items():
            if rol in _VANAF or rol in (Rol.DESKUNDIGE, "casusregisseur"):
                return lid
    return None


def scope_leerlingen(user) -> Q:
    """The pupils reached through trajecten (for leerlingen.policies.scope_view)."""
    from passend.trajecten.models import Traject

    # School staff, parents and externals reach pupils by their own rules; a case coordinator
    # from the school is school staff, one from elsewhere holds one of the roles below.
    if not any(lid.rol in _VANAF or lid.rol == Rol.DESKUNDIGE for lid in getattr(user, "actieve_lidmaatschappen", [])):
        return Q(pk__in=[])
    zichtbaar = Traject.objects.filter(scope_view(user), leerling__isnull=False)
    return Q(pk__in=zichtbaar.values("leerling_id"))
