"""Every read of the TLV domain, scoped by tlv_policies and audited: the experts' advices on an
application, the TLVs, those ending soon, the objections to a decision, and the rows for the
national register.

The register gets what the law asks and no more: the decision number, the pupil's reference
within Passend (the pupil's id — never a BSN or a name), type, category, start and end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.utils import timezone

from passend.arrangementen import tlv_policies
from passend.arrangementen.models import Bezwaar, Deskundigenadvies, Tlv
from passend.arrangementen.tlv import advies_fout
from passend.core import audit
from passend.core.authz import explain
from passend.core.selectors import get_visible
from passend.core.services import require
from passend.organisaties.policies import swv_ids_with
from passend.trajecten.policies import SWV_ROLLEN

AFLOOP_MAANDEN = 3
_LIJST = ("besluit__aanvraag__traject__school", "leerling__school", "ontvangende_school")


def plus_maanden(dag: date, maanden: int) -> date:
    """`dag` moved by whole calendar months (the 31st becomes the month's last day)."""
    import calendar

    index = dag.year * 12 + dag.month - 1 + maanden
    jaar, maand = divmod(index, 12)
    return date(jaar, maand + 1, min(dag.day, calendar.monthrange(jaar, maand + 1)[1]))


def afloopgrens(vandaag: date | None = None) -> date:
    """The last end date that counts as 'ending within three months'."""
    return plus_maanden(vandaag or timezone.localdate(), AFLOOP_MAANDEN)


def loopt_binnenkort_af(tlv: Tlv, vandaag: date | None = None) -> bool:
    vandaag = vandaag or timezone.localdate()
    return tlv.einddatum is not None and vandaag <= tlv.einddatum <= afloopgrens(vandaag)


# --- Deskundigenadvies ------------------------------------------------------------------------


@dataclass(frozen=True)
class Adviezen:
    adviezen: list
    fout: str | None  # why the pair is not complete; None when it is

    @property
    def compleet(self) -> bool:
        return self.fout is None


def adviezen_van(*, actor, aanvraag) -> Adviezen:
    """The advices on a TLV application the actor was granted (trajecten.selectors.aanvraag_get),
    and whether they make the deskundigenadvies complete. Reading them is audited."""
    from passend.organisaties.models import Deskundige

    adviezen = list(Deskundigenadvies.objects.filter(aanvraag=aanvraag).select_related("deskundige", "vastgelegd_door"))
    labels = dict(Deskundige.Discipline.choices)
    for advies in adviezen:
        # The discipline as it was when the advice was given, in words.
        advies.discipline_label = labels.get(advies.discipline, advies.discipline)
    audit.log(
        audit.Action.VIEW,
        actor=actor,
        object_type="arrangementen.deskundigenadvies",
        object_label=f"Deskundigenadvies bij aanvraag {aanvraag.pk}",
        samenwerkingsverband_id=aanvraag.traject.samenwerkingsverband_id,
        leerling_id=aanvraag.traject.leerling_id,
        detail={"aanvraag": aanvraag.pk, "adviezen": len(adviezen)},
    )
    return Adviezen(adviezen=adviezen, fout=advies_fout(adviezen))


def advies_deskundigen(*, actor, aanvraag):
    """The experts for whom the actor may record an advice on this application: the whole pool
    of the partnership for its staff (an advice given on paper), otherwise the actor's own
    profile(s) in the pool. Who may record at all, the service decides."""
    from passend.core.authz import can
    from passend.organisaties.models import Deskundige

    pool = Deskundige.objects.filter(samenwerkingsverband_id=aanvraag.traject.samenwerkingsverband_id).order_by("naam")
    if can(actor, "arrangementen.toekennen", aanvraag.traject):
        return pool
    return pool.filter(gebruiker=actor)


# --- TLVs -------------------------------------------------------------------------------------


def tlv_list(*, actor, binnenkort: bool = False):
    """The TLVs `actor` may see, newest start first; `binnenkort`: only those ending within three
    months, soonest first. Listing is audited."""
    qs = Tlv.objects.filter(tlv_policies.scope_tlv(actor)).select_related(*_LIJST, "afgegeven_door")
    if binnenkort:
        vandaag = timezone.localdate()
        qs = qs.filter(einddatum__gte=vandaag, einddatum__lte=afloopgrens(vandaag)).order_by("einddatum", "id")
    else:
        qs = qs.order_by("-startdatum", "-id")
    audit.log(
        audit.Action.SEARCH,
        object_type="arrangementen.tlv",
        actor=actor,
        detail={"binnenkort": True} if binnenkort else {},
    )
    return qs


def tlv_get(*, actor, pk, purpose: str = ""):
    """One TLV the actor may see (404 otherwise, audited either way) and the grant."""
    return get_visible(
        actor=actor,
        queryset=Tlv.objects.select_related(*_LIJST, "besluit", "afgegeven_door"),
        pk=pk,
        permission="arrangementen.tlv_view",
        purpose=purpose,
    )


def tlv_van_besluit(besluit):
    """The TLV issued on a decision the caller already read (besluit_get), or None."""
    gegeven = Tlv.objects.select_related("ontvangende_school", "leerling").filter(besluit=besluit).first()
    if gegeven is not None:
        gegeven.besluit = besluit
    return gegeven


def aflopende_tlvs(*, actor):
    """TLVs ending within three months, for Mijn taken: the partnership's staff and the schools'
    leadership act on them (a new application, or the return). One query; not audited here:
    the task list audits itself."""
    vandaag = timezone.localdate()
    return (
        Tlv.objects.filter(tlv_policies.scope_tlv(actor, ouders=False, leerkrachten=False))
        .filter(einddatum__gte=vandaag, einddatum__lte=afloopgrens(vandaag))
        .select_related("besluit", "leerling")
        .order_by("einddatum", "id")
    )


# --- The national register ---------------------------------------------------------------------

EXPORT_KOLOMMEN = ("besluitnummer", "leerling", "soort", "categorie", "startdatum", "einddatum")


@dataclass(frozen=True)
class RegisterRij:
    besluitnummer: str
    leerling: int  # the pupil's id within Passend: never a BSN or a name
    soort: str
    categorie: str
    startdatum: date
    einddatum: date | None  # None: for the whole school career

    def waarden(self) -> tuple:
        return (self.besluitnummer, self.leerling, self.soort, self.categorie, self.startdatum, self.einddatum)


def tlv_export_rijen(*, actor, formaat: str, binnenkort: bool = False) -> list[RegisterRij]:
    """The register rows of the TLVs of the partnerships where the actor is staff (403 for anyone
    else, audited). The export itself is audited as EXPORT, with the pupils it names."""
    grant = require(actor, "arrangementen.tlv_export", None)
    qs = Tlv.objects.filter(samenwerkingsverband_id__in=swv_ids_with(actor, SWV_ROLLEN)).select_related("besluit")
    if binnenkort:
        vandaag = timezone.localdate()
        qs = qs.filter(einddatum__gte=vandaag, einddatum__lte=afloopgrens(vandaag))
    rijen = [
        RegisterRij(
            besluitnummer=t.besluit.nummer,
            leerling=t.leerling_id,
            soort=t.soort,
            categorie=t.categorie,
            startdatum=t.startdatum,
            einddatum=t.einddatum,
        )
        for t in qs.order_by("besluit__nummer", "id")
    ]
    audit.log(
        audit.Action.EXPORT,
        grant=grant,
        object_type="arrangementen.tlv",
        object_label="TLV's voor het register",
        detail={
            "formaat": formaat,
            "rijen": len(rijen),
            "binnenkort": binnenkort,
            "leerlingen": sorted({r.leerling for r in rijen}),
        },
    )
    return rijen


# --- Objections ---------------------------------------------------------------------------------


def bezwaren_van(*, actor, besluit) -> list[Bezwaar]:
    """The objections to a decision the actor already read (trajecten.selectors.besluit_get):
    for the partnership's staff (403 for anyone else). Audited."""
    grant = require(actor, "arrangementen.bezwaren", besluit)
    bezwaren = list(Bezwaar.objects.filter(besluit=besluit).select_related("besluit", "vastgelegd_door"))
    audit.log(
        audit.Action.VIEW,
        grant=grant,
        object_type="arrangementen.bezwaar",
        object_label=f"Bezwaren tegen besluit {besluit.nummer}",
        samenwerkingsverband_id=besluit.samenwerkingsverband_id,
        leerling_id=besluit.aanvraag.traject.leerling_id,
        detail={"besluit": besluit.nummer, "bezwaren": len(bezwaren)},
    )
    return bezwaren


def bezwaar_list(*, actor, besluit=None):
    """The objections of the partnerships where the actor handles them (API); audited."""
    qs = Bezwaar.objects.filter(
        besluit__samenwerkingsverband_id__in=swv_ids_with(actor, tlv_policies.BEZWAAR_ROLLEN)
    ).select_related("besluit__aanvraag__traject")
    if besluit is not None:
        qs = qs.filter(besluit=besluit)
    audit.log(
        audit.Action.SEARCH,
        object_type="arrangementen.bezwaar",
        actor=actor,
        detail={"besluit": besluit.nummer} if besluit is not None else {},
    )
    return qs.order_by("-ontvangen_op", "-id")


def bezwaar_get(*, actor, pk) -> Bezwaar:
    """One objection, for whoever handles the objections of its partnership; 404 otherwise."""
    bezwaar = (
        Bezwaar.objects.select_related("besluit__aanvraag__traject", "vastgelegd_door").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    grant = explain(actor, "arrangementen.bezwaren", bezwaar.besluit) if bezwaar is not None else None
    if grant is None:
        audit.log_denied(
            reason="niet gevonden of geen toegang",
            object_type="arrangementen.bezwaar",
            detail={"gevraagd_id": str(pk)[:64]},
        )
        raise Http404
    audit.log(audit.Action.VIEW, obj=bezwaar, grant=grant)
    return bezwaar


def te_forwarden_bezwaren(*, actor):
    """Objections to TLV decisions not yet forwarded to the LBT nor decided, for the partnership's
    staff (Mijn taken): one query; the task list audits itself."""
    return (
        Bezwaar.objects.filter(
            besluit__samenwerkingsverband_id__in=swv_ids_with(actor, SWV_ROLLEN),
            besluit__aanvraag__soort__in=("tlv_sbo", "tlv_so"),
            doorgestuurd_op__isnull=True,
            uitkomst="",
        )
        .select_related("besluit__aanvraag__traject__leerling", "besluit__aanvraag__traject__school")
        .order_by("ontvangen_op", "id")
    )
