"""Who may see and change a pupil: relationship-based, deny by default.

- a teacher: the pupils assigned to them, at a school where they are leerkracht;
- IB'er and director: every pupil of their school;
- a parent: their own child;
- partnership roles (RVZ, coordinator, the partnership's staff): only pupils with a traject
  that reached their board, deelverband or partnership, or in which they are case
  coordinator or betrokkene (passend.trajecten.policies);
- an external (role extern): the pupils whose dossier they were invited to, while the
  invitation runs (ExterneToegang: not ended, today within its period).
"""

from django.db.models import Q

from passend.accounts.roles import Rol
from passend.core.authz import register, rule

SCHOOLLEIDING = frozenset({Rol.IB, Rol.DIRECTEUR})


def _school_lid(user, school_id, rollen):
    for lid in user.actieve_lidmaatschappen:
        if lid.rol in rollen and lid.school_id == school_id:
            return lid
    return None


def _school_of(obj):
    """A Leerling, or a School (for creating a pupil there)."""
    return obj.pk if obj.__class__.__name__ == "School" else obj.school_id


@rule("leerkracht_van_leerling", "leerkracht van deze leerling")
def leerkracht_van_leerling(user, leerling):
    if leerling is None or leerling.__class__.__name__ != "Leerling":
        return None
    lid = _school_lid(user, leerling.school_id, {Rol.LEERKRACHT})
    if lid is not None and leerling.leerkrachten.filter(pk=user.pk).exists():
        return lid
    return None


@rule("schoolleiding", "intern begeleider of directeur van de school van deze leerling")
def schoolleiding(user, obj):
    return _school_lid(user, _school_of(obj), SCHOOLLEIDING) if obj is not None else None


@rule("ouder_van_leerling", "ouder of verzorger van deze leerling")
def ouder_van_leerling(user, leerling):
    if leerling is None or leerling.__class__.__name__ != "Leerling":
        return None
    for lid in user.actieve_lidmaatschappen:
        if (
            lid.rol == Rol.OUDER
            and lid.samenwerkingsverband_id == leerling.samenwerkingsverband_id
            and leerling.ouderschappen.filter(ouder__gebruiker=user).exists()
        ):
            return lid
    return None


@rule("ouder_met_gezag", "ouder of voogd met gezag over deze leerling")
def ouder_met_gezag(user, leerling):
    lid = ouder_van_leerling(user, leerling)
    if lid is not None and leerling.ouderschappen.filter(ouder__gebruiker=user, gezag=True).exists():
        return lid
    return None


@rule("extern_uitgenodigd", "externe betrokkene, uitgenodigd voor dit dossier")
def extern_uitgenodigd(user, leerling):
    if leerling is None or leerling.__class__.__name__ != "Leerling":
        return None
    from passend.leerlingen.models import ExterneToegang

    for lid in user.actieve_lidmaatschappen:
        if (
            lid.rol == Rol.EXTERN
            and lid.samenwerkingsverband_id == leerling.samenwerkingsverband_id
            and ExterneToegang.objects.actief().filter(leerling=leerling, gebruiker=user).exists()
        ):
            return lid
    return None


@rule("betrokken_via_traject", "betrokken bij een traject van deze leerling (bestuur, deelverband of SWV)")
def betrokken_via_traject(user, leerling):
    if leerling is None or leerling.__class__.__name__ != "Leerling":
        return None
    from passend.trajecten.policies import leerling_via_traject

    return leerling_via_traject(user, leerling)


register(
    "leerlingen.view",
    leerkracht_van_leerling,
    schoolleiding,
    ouder_van_leerling,
    extern_uitgenodigd,
    betrokken_via_traject,
)
# The parents' e-mail address and phone number: for the school and the parents, not for externals.
register("leerlingen.view_contactgegevens", leerkracht_van_leerling, schoolleiding, ouder_van_leerling)
# Externals are invited, and their access ended, by the school's leadership (with the parents' consent).
register("leerlingen.view_externen", schoolleiding)
register("leerlingen.invite_extern", schoolleiding)
register("leerlingen.end_extern", schoolleiding)
register("leerlingen.create", schoolleiding)
register("leerlingen.change", schoolleiding)
register("leerlingen.set_niveau", leerkracht_van_leerling, schoolleiding)
# Who looked at and changed the dossier: for the parents (their right) and the school's
# leadership (to answer the parents' questions).
register("leerlingen.view_inzage", ouder_van_leerling, schoolleiding)
# A parent with custody records their own decision; the school records one given on paper.
register("leerlingen.record_toestemming", ouder_met_gezag, schoolleiding)

# Up to which level a role may set the support level itself (seed 002: the teacher carries
# levels 1 and 2; from level 3 the IB'er is (also) responsible).
HOOGSTE_NIVEAU_VOOR = {Rol.LEERKRACHT: 2, Rol.IB: 5, Rol.DIRECTEUR: 5}


def scope_begeleiden(user) -> Q:
    """The pupils `user` works with at school — their own pupils as teacher, their school's as
    IB'er or director — as a filter on Leerling (a part of scope_view)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    leden = user.actieve_lidmaatschappen
    scope = Q(school_id__in=[lid.school_id for lid in leden if lid.rol in SCHOOLLEIDING])
    leerkracht_scholen = [lid.school_id for lid in leden if lid.rol == Rol.LEERKRACHT]
    if leerkracht_scholen:
        from passend.leerlingen.models import Leerling

        eigen = Leerling.leerkrachten.through.objects.filter(user_id=user.pk).values("leerling_id")
        scope |= Q(school_id__in=leerkracht_scholen, pk__in=eigen)
    return scope


def scope_view(user) -> Q:
    """The pupils `user` may see, as a filter on Leerling."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    leden = user.actieve_lidmaatschappen
    ouder_swvs = [lid.samenwerkingsverband_id for lid in leden if lid.rol == Rol.OUDER]
    extern_swvs = [lid.samenwerkingsverband_id for lid in leden if lid.rol == Rol.EXTERN]
    scope = scope_begeleiden(user)
    if ouder_swvs:
        from passend.leerlingen.models import Ouderschap

        kinderen = Ouderschap.objects.filter(ouder__gebruiker_id=user.pk).values("leerling_id")
        scope |= Q(samenwerkingsverband_id__in=ouder_swvs, pk__in=kinderen)
    if extern_swvs:
        from passend.leerlingen.models import ExterneToegang

        uitgenodigd = ExterneToegang.objects.actief().filter(gebruiker_id=user.pk).values("leerling_id")
        scope |= Q(samenwerkingsverband_id__in=extern_swvs, pk__in=uitgenodigd)
    from passend.trajecten.policies import scope_leerlingen

    return scope | scope_leerlingen(user)


def scholen_voor_nieuwe_leerling(user) -> list[int]:
    return [lid.school_id for lid in user.actieve_lidmaatschappen if lid.rol in SCHOOLLEIDING]
