"""Who sees a TLV, its export and the objections to a decision (DOMAIN.md: TLV).

- the partnership's staff (trajectbegeleider, teamleider, commissielid, management) see every
  TLV their partnership issued, and export them for the national register;
- a school sees the TLVs of its own pupils: the IB'er and director of the applying school, of
  the pupil's current school and of the receiving school (it enrols the pupil and reports the
  number), and the pupil's own teacher;
- parents see their child's TLVs; externals none;
- objections to a decision are read and handled by the partnership's staff (the functional
  beheerder does not read the grounds of an objection: personal data outside their task).
"""

from __future__ import annotations

from django.db.models import Q

from passend.accounts.roles import Rol
from passend.arrangementen.policies import _is
from passend.core.authz import register, rule
from passend.leerlingen.policies import SCHOOLLEIDING, leerkracht_van_leerling, ouder_van_leerling
from passend.organisaties.policies import lidmaatschap_in, swv_ids_with
from passend.trajecten.policies import SWV_ROLLEN

BEZWAAR_ROLLEN = SWV_ROLLEN


@rule("swv_staf_van_tlv", "medewerker van het samenwerkingsverband dat de TLV afgaf")
def swv_staf_tlv(user, tlv):
    if not _is(tlv, "Tlv"):
        return None
    return lidmaatschap_in(user, tlv.samenwerkingsverband_id, SWV_ROLLEN)


def _scholen_van(tlv) -> set[int]:
    """The applying school, the pupil's current school and the receiving school."""
    return {tlv.besluit.aanvraag.traject.school_id, tlv.leerling.school_id, tlv.ontvangende_school_id}


@rule("school_van_tlv", "intern begeleider of directeur van de aanvragende, huidige of ontvangende school")
def school_van_tlv(user, tlv):
    if not _is(tlv, "Tlv"):
        return None
    scholen = _scholen_van(tlv)
    return next(
        (lid for lid in user.actieve_lidmaatschappen if lid.rol in SCHOOLLEIDING and lid.school_id in scholen), None
    )


@rule("leerkracht_van_leerling_van_tlv", "leerkracht van de leerling van deze TLV")
def leerkracht_tlv(user, tlv):
    return leerkracht_van_leerling(user, tlv.leerling) if _is(tlv, "Tlv") else None


@rule("ouder_van_leerling_van_tlv", "ouder of verzorger van de leerling van deze TLV")
def ouder_tlv(user, tlv):
    return ouder_van_leerling(user, tlv.leerling) if _is(tlv, "Tlv") else None


@rule("swv_staf_tlv_export", "medewerker van het samenwerkingsverband (export voor het register)")
def swv_staf_export(user, swv):
    if swv is not None and not _is(swv, "Samenwerkingsverband"):
        return None
    # Without a partnership: staff of any partnership may ask for the export of their own.
    return lidmaatschap_in(user, swv.pk if swv is not None else None, SWV_ROLLEN)


@rule("swv_staf_bezwaren", "medewerker van het samenwerkingsverband van het besluit")
def swv_staf_bezwaren(user, besluit):
    if not _is(besluit, "Besluit"):
        return None
    return lidmaatschap_in(user, besluit.samenwerkingsverband_id, BEZWAAR_ROLLEN)


register("arrangementen.tlv_view", swv_staf_tlv, school_van_tlv, leerkracht_tlv, ouder_tlv)
register("arrangementen.tlv_export", swv_staf_export)
register("arrangementen.bezwaren", swv_staf_bezwaren)


def scope_tlv(user, *, ouders: bool = True, leerkrachten: bool = True) -> Q:
    """The TLVs `user` may see, as a filter on Tlv (the rules above, for many at once)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    from passend.leerlingen.models import Leerling, Ouderschap

    leden = user.actieve_lidmaatschappen
    scope = Q(samenwerkingsverband_id__in=swv_ids_with(user, SWV_ROLLEN))
    leiding = [lid.school_id for lid in leden if lid.rol in SCHOOLLEIDING]
    if leiding:
        scope |= (
            Q(ontvangende_school_id__in=leiding)
            | Q(leerling__school_id__in=leiding)
            | Q(besluit__aanvraag__traject__school_id__in=leiding)
        )
    klassen = [lid.school_id for lid in leden if lid.rol == Rol.LEERKRACHT]
    if leerkrachten and klassen:
        eigen = Leerling.leerkrachten.through.objects.filter(user_id=user.pk, leerling__school_id__in=klassen)
        scope |= Q(leerling_id__in=eigen.values("leerling_id"))
    ouder_swvs = [lid.samenwerkingsverband_id for lid in leden if lid.rol == Rol.OUDER]
    if ouders and ouder_swvs:
        kinderen = Ouderschap.objects.filter(ouder__gebruiker_id=user.pk).values("leerling_id")
        scope |= Q(leerling_id__in=kinderen, samenwerkingsverband_id__in=ouder_swvs)
    return scope
