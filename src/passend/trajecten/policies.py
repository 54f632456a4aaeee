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
grants it; the engine matches these against the roles a step allows. `rollen_in_trajecten`
answers the same for many trajecten at once (Mijn taken, the reminders) with a fixed number of
queries: every rule below reads its facts from one `_Feiten`, so each rule is written once.
"""

from __future__ import annotations

from functools import cached_property

from django.db.models import Q
from django.utils import timezone

from passend.accounts.roles import Rol
from passend.core.authz import register, rule
from passend.leerlingen.policies import SCHOOLLEIDING, leerkracht_van_leerling, schoolleiding
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


class _Feiten:
    """What the rules need to know about one user and some trajecten, fetched once for all of them.

    Each fact is one query, made only when a rule first asks for it, over the given trajecten
    only: the trajecten in which the user is an active betrokkene, the pupils they teach, their
    children, the pupils whose dossier they were invited to, and the schools' board and deelverband.
    """

    def __init__(self, user, trajecten):
        self.user = user
        self.trajecten = list(trajecten)
        self.leden = user.actieve_lidmaatschappen

    def _heeft(self, *rollen) -> bool:
        return any(lid.rol in rollen for lid in self.leden)

    def _leerling_ids(self) -> set[int]:
        return {t.leerling_id for t in self.trajecten if t.leerling_id}

    @cached_property
    def betrokken(self) -> set[int]:
        """Ids of the trajecten in which the user's involvement runs today."""
        from passend.trajecten.models import Betrokkene

        if all(lid.rol == Rol.OUDER for lid in self.leden):
            return set()
        vandaag = timezone.localdate()
        return set(
            Betrokkene.objects.filter(
                traject_id__in=[t.pk for t in self.trajecten], gebruiker_id=self.user.pk, beeindigd_op__isnull=True
            )
            .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=vandaag))
            .values_list("traject_id", flat=True)
        )

    @cached_property
    def leerlingen_van_leerkracht(self) -> dict[int, int]:
        """{pupil id: the pupil's school id} of the pupils assigned to the user as teacher."""
        from passend.leerlingen.models import Leerling

        ids = self._leerling_ids()
        if not ids or not self._heeft(Rol.LEERKRACHT):
            return {}
        rijen = Leerling.leerkrachten.through.objects.filter(user_id=self.user.pk, leerling_id__in=ids)
        return dict(rijen.values_list("leerling_id", "leerling__school_id"))

    @cached_property
    def kinderen(self) -> dict[int, int]:
        """{pupil id: the pupil's partnership id} of the user's own children."""
        from passend.leerlingen.models import Ouderschap

        ids = self._leerling_ids()
        if not ids or not self._heeft(Rol.OUDER):
            return {}
        rijen = Ouderschap.objects.filter(ouder__gebruiker_id=self.user.pk, leerling_id__in=ids)
        return dict(rijen.values_list("leerling_id", "leerling__samenwerkingsverband_id"))

    @cached_property
    def extern_toegang(self) -> set[int]:
        """Pupils whose dossier the user was invited to, with the invitation running today."""
        from passend.leerlingen.models import ExterneToegang

        ids = self._leerling_ids()
        if not ids or not self._heeft(Rol.EXTERN):
            return set()
        return set(
            ExterneToegang.objects.actief()
            .filter(gebruiker_id=self.user.pk, leerling_id__in=ids)
            .values_list("leerling_id", flat=True)
        )

    @cached_property
    def scholen(self) -> dict[int, tuple[int | None, int | None]]:
        """{school id: (board id, deelverband id)}, for the RVZ and the coordinator."""
        from passend.organisaties.models import School

        if not self._heeft(Rol.RVZ, Rol.COORDINATOR):
            return {}
        from passend.trajecten.models import Traject

        # A school the caller already loaded with its traject costs no query.
        bekend = {
            t.school_id: (t.school.schoolbestuur_id, t.school.deelverband_id)
            for t in self.trajecten
            if Traject.school.is_cached(t)
        }
        ids = {t.school_id for t in self.trajecten} - set(bekend)
        if ids:
            rijen = School.objects.filter(pk__in=ids).values_list("pk", "schoolbestuur_id", "deelverband_id")
            bekend.update({pk: (bestuur, deel) for pk, bestuur, deel in rijen})
        return bekend


def _school_rollen(user, traject, feiten: _Feiten) -> dict:
    rollen = {}
    school_van_leerling = feiten.leerlingen_van_leerkracht.get(traject.leerling_id) if traject.leerling_id else None
    eigen_leerkracht = school_van_leerling is not None and any(
        lid.rol == Rol.LEERKRACHT and lid.school_id == school_van_leerling for lid in feiten.leden
    )
    for lid in feiten.leden:
        if lid.school_id != traject.school_id:
            continue
        if lid.rol in SCHOOLLEIDING or (lid.rol == Rol.LEERKRACHT and eigen_leerkracht):
            rollen[lid.rol] = lid
    return rollen


def _niveau_rollen(user, traject, feiten: _Feiten) -> dict:
    rollen = {}
    for lid in feiten.leden:
        vanaf = _VANAF.get(lid.rol)
        if vanaf is None or lid.samenwerkingsverband_id != traject.samenwerkingsverband_id:
            continue
        if not _bereikt(traject, vanaf):
            continue
        if lid.rol == Rol.RVZ and lid.schoolbestuur_id != feiten.scholen[traject.school_id][0]:
            continue
        if lid.rol == Rol.COORDINATOR and lid.deelverband_id != feiten.scholen[traject.school_id][1]:
            continue
        rollen[lid.rol] = lid
    return rollen


def _betrokken_rollen(user, traject, feiten: _Feiten) -> dict:
    if traject.pk not in feiten.betrokken:
        return {}
    rollen = {}
    for lid in feiten.leden:
        if lid.samenwerkingsverband_id != traject.samenwerkingsverband_id or lid.rol == Rol.OUDER:
            continue
        # An external acts only while invited to the pupil's dossier (a school question has no pupil).
        if lid.rol == Rol.EXTERN and traject.leerling_id and traject.leerling_id not in feiten.extern_toegang:
            continue
        rollen[lid.rol] = lid
    return rollen


def _ouder_lid(user, traject, feiten: _Feiten):
    if not traject.leerling_id or traject.leerling_id not in feiten.kinderen:
        return None
    swv = feiten.kinderen[traject.leerling_id]
    return next((lid for lid in feiten.leden if lid.rol == Rol.OUDER and lid.samenwerkingsverband_id == swv), None)


def _rollen(user, traject, feiten: _Feiten) -> dict:
    rollen = {
        **_betrokken_rollen(user, traject, feiten),
        **_niveau_rollen(user, traject, feiten),
        **_school_rollen(user, traject, feiten),
    }
    if (lid := _ouder_lid(user, traject, feiten)) is not None:
        rollen[Rol.OUDER] = lid
    if traject.casusregisseur_id == user.pk:
        lid = next((lid for lid in rollen.values()), None) or next(
            (lid for lid in feiten.leden if lid.samenwerkingsverband_id == traject.samenwerkingsverband_id),
            None,
        )
        if lid is not None:
            rollen["casusregisseur"] = lid
    return rollen


def _mag(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def rollen_in_trajecten(user, trajecten) -> dict[int, dict[str, object]]:
    """{traject id: {role slug: granting Lidmaatschap}} for every role `user` holds in each of
    `trajecten`, in a constant number of queries however many trajecten there are."""
    trajecten = [t for t in trajecten if _is_traject(t)]
    if not _mag(user) or not trajecten:
        return {t.pk: {} for t in trajecten}
    feiten = _Feiten(user, trajecten)
    return {t.pk: _rollen(user, t, feiten) for t in trajecten}


def rollen_in_traject(user, traject) -> dict[str, object]:
    """{role slug: granting Lidmaatschap} for every role `user` holds in `traject`."""
    if not _is_traject(traject):
        return {}
    return rollen_in_trajecten(user, [traject])[traject.pk]


def _een_traject(user, traject) -> _Feiten | None:
    return _Feiten(user, [traject]) if _is_traject(traject) else None


@rule("school_van_traject", "leerkracht van de leerling, of intern begeleider of directeur van de school")
def school_van_traject(user, traject):
    if (feiten := _een_traject(user, traject)) is None:
        return None
    return next(iter(_school_rollen(user, traject, feiten).values()), None)


@rule("ouder_in_traject", "ouder of verzorger van de leerling van dit traject")
def ouder_in_traject(user, traject):
    if (feiten := _een_traject(user, traject)) is None:
        return None
    return _ouder_lid(user, traject, feiten)


@rule("traject_bereikt_niveau", "het traject is ingediend bij uw bestuur, deelverband of samenwerkingsverband")
def traject_bereikt_niveau(user, traject):
    if (feiten := _een_traject(user, traject)) is None:
        return None
    return next(iter(_niveau_rollen(user, traject, feiten).values()), None)


@rule("betrokkene_of_casusregisseur", "casusregisseur of betrokkene bij dit traject")
def betrokkene_of_casusregisseur(user, traject):
    if (feiten := _een_traject(user, traject)) is None:
        return None
    rollen = _rollen(user, traject, feiten)
    return rollen.get("casusregisseur") or next(iter(_betrokken_rollen(user, traject, feiten).values()), None)


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
# signed by the director, with the parents' view. Who reads them: see aanvragen_zichtbaar.
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


def aanvragen_zichtbaar(user, traject, aanvragen, rollen: dict) -> list:
    """The applications of one traject that `user` may read. An application is internal to the
    school until it is submitted: the school, the parents and whoever draws it up in this step
    read the concept; whoever else sees the traject reads it once submitted, except externals
    (they see the dossier they were invited to, not the applications)."""
    if not rollen:
        return []
    if school_van_traject(user, traject) is not None or Rol.OUDER in rollen:
        return list(aanvragen)
    opsteller = rol_in_huidige_stap(user, traject) is not None
    ingediend = any(rol != Rol.EXTERN for rol in rollen)
    return [a for a in aanvragen if (opsteller if a.status == "concept" else ingediend)]


def aanvraag_zichtbaar(user, aanvraag, rollen: dict) -> bool:
    return bool(aanvragen_zichtbaar(user, aanvraag.traject, [aanvraag], rollen))


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
    trajecten = list(leerling.trajecten.select_related("school"))
    per_traject = rollen_in_trajecten(user, trajecten)
    for traject in trajecten:
        for rol, lid in per_traject[traject.pk].items():
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
