"""Reads of the groeidocument, within access to the pupil, audited."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from passend.core import audit
from passend.core.authz import explain
from passend.core.selectors import get_visible
from passend.dossier.models import DELEN, Bijdrage, Groeidocument, Versie
from passend.leerlingen.selectors import leerling_get


def _kies_versie(versies, nummer: int | None):
    """The version asked for (newest first in `versies`; default the newest), None when there is
    none yet; an unknown number is not found."""
    if nummer is None:
        return versies[0] if versies else None
    versie = next((v for v in versies if v.nummer == nummer), None)
    if versie is None:
        raise Http404
    return versie


def groeidocument_get(*, actor, leerling_pk, nummer: int | None = None, action=audit.Action.VIEW):
    """The pupil, the grant, the version asked for (default: the newest) and all versions.

    Returns version None when nothing has been written yet.
    """
    leerling, _ = leerling_get(actor=actor, pk=leerling_pk)
    grant = explain(actor, "dossier.view_groeidocument", leerling)
    if grant is None:
        audit.log_denied(reason="geen toegang tot het groeidocument", obj=leerling)
        raise Http404
    groeidocument = Groeidocument.objects.filter(leerling=leerling).first()
    versies = (
        list(
            Versie.objects.filter(groeidocument=groeidocument)
            .select_related("groeidocument")
            .prefetch_related(
                Prefetch("bijdragen", queryset=Bijdrage.objects.order_by("id")),
                "ondertekeningen",
            )
        )
        if groeidocument
        else []
    )
    versie = _kies_versie(versies, nummer)
    audit.log(
        action,
        obj=versie or leerling,
        grant=grant,
        leerling_id=leerling.pk,
        object_label=f"Groeidocument van {leerling}, versie {versie.nummer}" if versie else "",
    )
    return leerling, grant, versie, versies


def delen_met_bijdragen(versie):
    """The document laid out in its parts: [(deel, [(sectie, label, [bijdragen])])]."""
    bijdragen = list(versie.bijdragen.all()) if versie else []
    return [
        (deel, [(s.value, s.label, [b for b in bijdragen if b.sectie == s.value]) for s in secties])
        for deel, secties in DELEN
    ]


def documenten_en_notities(*, actor, leerling_pk):
    """The documents and logbook of a pupil that the actor may see (by confidentiality)."""
    from passend.dossier.models import Document, Notitie
    from passend.dossier.policies import zichtbare_items

    leerling, grant = leerling_get(actor=actor, pk=leerling_pk)
    documenten = list(
        Document.objects.filter(zichtbare_items(actor, leerling, "geupload_door")).select_related("geupload_door")
    )
    notities = list(Notitie.objects.filter(zichtbare_items(actor, leerling, "auteur")))
    audit.log(
        audit.Action.SEARCH,
        object_type="dossier.document",
        grant=grant,
        leerling_id=leerling.pk,
        object_label=f"Documenten en logboek van {leerling}",
        detail={"documenten": len(documenten), "notities": len(notities)},
    )
    return leerling, grant, documenten, notities


def document_get(*, actor, leerling_pk, pk):
    """One document for download: within the pupil, within its confidentiality, audited."""
    from passend.dossier.models import Document
    from passend.dossier.policies import zichtbare_items

    leerling, _ = leerling_get(actor=actor, pk=leerling_pk)
    queryset = Document.objects.filter(zichtbare_items(actor, leerling, "geupload_door"))
    document, _grant = get_visible(actor=actor, queryset=queryset, pk=pk, permission="dossier.view_item")
    return document


def tijdlijn(*, actor, leerling_pk):
    """Everything in the pupil's dossier the actor may see, newest first: [(moment, soort, tekst, link)]."""
    from django.urls import reverse

    leerling, grant, documenten, notities = documenten_en_notities(actor=actor, leerling_pk=leerling_pk)
    regels = []

    def regel(moment, soort, tekst, link=None):
        regels.append((moment, soort, tekst, link))

    for niveau in leerling.ondersteuningsniveaus.all():
        door = niveau.vastgesteld_door.naam
        regel(
            niveau.vastgesteld_op,
            "Ondersteuningsniveau",
            f"Niveau {niveau.niveau} ({niveau.beschrijving.naam}), door {door}",
        )
    for t in leerling.toestemmingen.all():
        besluit = f"{t.get_onderwerp_display()}: {t.get_besluit_display().lower()} door {t.ouder.naam}"
        regel(t.vastgelegd_op, "Toestemming", besluit)
    groeidocument = Groeidocument.objects.filter(leerling=leerling).first()
    if groeidocument is not None:
        url = reverse("dossier:groeidocument", args=[leerling.pk])
        for versie in groeidocument.versies.prefetch_related("ondertekeningen"):
            link = f"{url}?versie={versie.nummer}"
            regel(versie.aangemaakt_op, "Groeidocument", f"Versie {versie.nummer} gestart", link)
            for o in versie.ondertekeningen.all():
                regel(
                    o.op, "Groeidocument", f"Versie {versie.nummer}: {o.get_soort_display().lower()} door {o.door_naam}"
                )
            if versie.bevroren_op:
                regel(versie.bevroren_op, "Groeidocument", f"Versie {versie.nummer} ondertekend en vastgelegd", link)
    regels.extend(handelingsplan_regels(actor=actor, leerling=leerling))
    if explain(actor, "dossier.view_opp", leerling) is not None:
        regels.extend(_opp_regels(leerling))
    for d in documenten:
        tekst = f"{d.titel} ({d.get_soort_display().lower()}), toegevoegd door {d.geupload_door.naam}"
        regel(d.geupload_op, "Document", tekst, reverse("dossier:document_download", args=[leerling.pk, d.pk]))
    for notitie in notities:
        regel(notitie.op, "Logboek", f"{notitie.auteur_naam}: {notitie.tekst}")
    from passend.arrangementen.selectors import tijdlijn_regels

    regels.extend(tijdlijn_regels(actor=actor, leerling=leerling))  # the arrangements the actor may see
    from passend.instrumenten.selectors import tijdlijn_regels as vragenlijst_regels

    regels.extend(vragenlijst_regels(actor=actor, leerling=leerling))  # finished questionnaires
    regels.sort(key=lambda regel: regel[0], reverse=True)
    return leerling, regels


# --- OPP -----------------------------------------------------------------------------------


def opp_get(*, actor, leerling_pk, nummer: int | None = None, action=audit.Action.VIEW):
    """The pupil, the grant, the OPP's version asked for (default: the newest), all versions
    and the evaluations, newest first. Version None when no OPP has been started."""
    from passend.dossier.models import Opp, OppDoel, OppEvaluatie, OppVersie

    leerling, _ = leerling_get(actor=actor, pk=leerling_pk)
    grant = explain(actor, "dossier.view_opp", leerling)
    if grant is None:
        audit.log_denied(reason="geen toegang tot het OPP", obj=leerling)
        raise Http404
    opp = Opp.objects.filter(leerling=leerling).first()
    versies, evaluaties = [], []
    if opp is not None:
        versies = list(
            OppVersie.objects.filter(opp=opp)
            .select_related("opp")
            .prefetch_related(Prefetch("doelen", queryset=OppDoel.objects.order_by("domein", "-soort", "id")))
        )
        evaluaties = list(OppEvaluatie.objects.filter(opp=opp).select_related("versie"))
    versie = _kies_versie(versies, nummer)
    audit.log(
        action,
        obj=versie or leerling,
        grant=grant,
        leerling_id=leerling.pk,
        object_label=f"OPP van {leerling}, versie {versie.nummer}" if versie else f"OPP van {leerling}",
    )
    return leerling, grant, versie, versies, evaluaties


# --- Handelingsplan ---


def _handelingsplan_toegang(actor, leerling_pk):
    """The pupil and the grant to read their plans. Whoever may not see the pupil gets a 404 from
    `leerling_get`; whoever sees the pupil but not the plans (an invited external) a 403."""
    from django.core.exceptions import PermissionDenied

    leerling, _ = leerling_get(actor=actor, pk=leerling_pk)
    grant = explain(actor, "dossier.view_handelingsplan", leerling)
    if grant is None:
        audit.log_denied(reason="geen toegang tot de handelingsplannen", obj=leerling)
        raise PermissionDenied
    return leerling, grant


def _handelingsplan_niet_gevonden(pk, leerling_id=None):
    audit.log_denied(
        reason="niet gevonden of geen toegang",
        object_type="dossier.handelingsplan",
        detail={"gevraagd_id": str(pk)[:64], "permissie": "dossier.view_handelingsplan"},
        leerling_id=leerling_id,
    )
    raise Http404


def handelingsplan_list(*, actor, leerling_pk):
    """The pupil's plans, newest first, in one query; the look at the list is audited."""
    from passend.dossier.models import Handelingsplan

    leerling, grant = _handelingsplan_toegang(actor, leerling_pk)
    plannen = list(Handelingsplan.objects.filter(leerling=leerling))
    audit.log(
        audit.Action.SEARCH,
        object_type="dossier.handelingsplan",
        grant=grant,
        leerling_id=leerling.pk,
        object_label=f"Handelingsplannen van {leerling}",
        detail={"handelingsplannen": len(plannen)},
    )
    return leerling, grant, plannen


def handelingsplan_get(*, actor, pk, leerling_pk=None):
    """One plan within access to its pupil. A plan of another pupil, or none at all, answers 404
    alike, so a refusal never reveals that it exists; the refusal is audited.

    Without `leerling_pk` (the API names only the plan) the plan's own pupil decides.
    """
    from passend.dossier.models import Handelingsplan

    plannen = Handelingsplan.objects.filter(pk=pk) if str(pk).isdigit() else Handelingsplan.objects.none()
    if leerling_pk is None:
        leerling_pk = plannen.values_list("leerling_id", flat=True).first()
        if leerling_pk is None:
            _handelingsplan_niet_gevonden(pk)
    leerling, grant = _handelingsplan_toegang(actor, leerling_pk)
    plan = plannen.filter(leerling=leerling).first()
    if plan is None:
        _handelingsplan_niet_gevonden(pk, leerling.pk)
    plan.leerling = leerling
    audit.log(audit.Action.VIEW, obj=plan, grant=grant)
    return leerling, grant, plan


def handelingsplan_regels(*, actor, leerling):
    """The plans' lines for the timeline, from one query: [(moment, soort, tekst, link)]."""
    from django.urls import reverse

    from passend.core.authz import can
    from passend.dossier.models import Handelingsplan

    if not can(actor, "dossier.view_handelingsplan", leerling):
        return []
    regels = []
    for plan in Handelingsplan.objects.filter(leerling=leerling):
        link = reverse("dossier:handelingsplan", args=[leerling.pk, plan.pk])
        tekst = f"Handelingsplan {plan.onderwerp} opgesteld door {plan.opgesteld_door_naam}"
        regels.append((plan.opgesteld_op, "Handelingsplan", tekst, link))
        if plan.is_geevalueerd:
            # An evaluated plan is never changed again, so its last change is the evaluation.
            tekst = f"Handelingsplan {plan.onderwerp} geëvalueerd: {plan.get_resultaat_display().lower()}"
            regels.append((plan.gewijzigd_op, "Handelingsplan", tekst, link))
    return regels


def _opp_regels(leerling):
    """The OPP's versions, settings and evaluations as timeline lines (two queries)."""
    from django.urls import reverse

    from passend.dossier.models import OppEvaluatie, OppVersie

    url = reverse("dossier:opp", args=[leerling.pk])
    regels = []
    for versie in OppVersie.objects.filter(opp__leerling=leerling).only(
        "nummer", "aangemaakt_op", "vastgesteld_op", "vastgesteld_door_naam"
    ):
        link = f"{url}?versie={versie.nummer}"
        regels.append((versie.aangemaakt_op, "OPP", f"Versie {versie.nummer} opgesteld (concept)", link))
        if versie.vastgesteld_op:
            tekst = f"Versie {versie.nummer} vastgesteld door {versie.vastgesteld_door_naam}"
            regels.append((versie.vastgesteld_op, "OPP", tekst, link))
    for evaluatie in OppEvaluatie.objects.filter(opp__leerling=leerling):
        tekst = f"Evaluatie met {evaluatie.aanwezig}: {evaluatie.get_conclusie_display().lower()}"
        regels.append((evaluatie.vastgelegd_op, "OPP", tekst, url))
    return regels


# --- Deadlines for Mijn taken ---------------------------------------------------------------


@dataclass(frozen=True)
class Termijn:
    leerling: object
    wat: str
    uiterlijk: date | None
    url: str

    @property
    def te_laat(self) -> bool:
        return self.uiterlijk is not None and self.uiterlijk < timezone.localdate()


def evaluaties_te_doen(*, actor, vooruit: timedelta = timedelta(days=30)) -> list[Termijn]:
    """Evaluations of the pupils the actor works with at school that are due within `vooruit`
    or overdue: handelingsplannen and the OPP's yearly evaluation. Three queries, audited."""
    from passend.leerlingen.selectors import _lijst_lidmaatschap

    termijnen = evaluatietermijnen(actor=actor, vooruit=vooruit)
    audit.log(
        audit.Action.SEARCH,
        object_type="dossier.oppevaluatie",
        lidmaatschap=_lijst_lidmaatschap(actor),
        object_label="Evaluaties die eraan komen (Mijn taken)",
        detail={"leerlingen": sorted({t.leerling.pk for t in termijnen})},
    )
    return termijnen


def evaluatietermijnen(*, actor, vooruit: timedelta = timedelta(days=30)) -> list[Termijn]:
    """What evaluaties_te_doen lists, without its audit row: for a caller that lists these
    deadlines among others and audits the whole list once (trajecten.taken)."""
    from django.db.models import Max, Min, OuterRef, Subquery
    from django.urls import reverse

    from passend.dossier.models import Handelingsplan, Opp, OppEvaluatie
    from passend.dossier.opp_stand import beeindigd, evaluatie_uiterlijk
    from passend.leerlingen.models import Leerling
    from passend.leerlingen.policies import scope_begeleiden

    leerlingen = Leerling.objects.filter(scope_begeleiden(actor), datum_uitschrijving__isnull=True)
    grens = timezone.localdate() + vooruit
    termijnen = [
        Termijn(
            plan.leerling,
            f"Handelingsplan {plan.onderwerp} evalueren",
            plan.evaluatiedatum,
            reverse("dossier:handelingsplan", args=[plan.leerling_id, plan.pk]),
        )
        for plan in Handelingsplan.objects.filter(
            leerling__in=leerlingen, geevalueerd_op__isnull=True, evaluatiedatum__lte=grens
        ).select_related("leerling")
    ]
    laatste = OppEvaluatie.objects.filter(opp=OuterRef("pk")).order_by("-datum", "-vastgelegd_op")
    opps = (
        Opp.objects.filter(leerling__in=leerlingen, versies__vastgesteld_op__isnull=False)
        .annotate(
            eerste=Min("versies__vastgesteld_op"),
            laatste_vaststelling=Max("versies__vastgesteld_op"),
            laatste_datum=Subquery(laatste.values("datum")[:1]),
            laatste_conclusie=Subquery(laatste.values("conclusie")[:1]),
            laatste_op=Subquery(laatste.values("vastgelegd_op")[:1]),
        )
        .select_related("leerling")
    )
    for opp in opps:
        if beeindigd(opp.laatste_conclusie, opp.laatste_op, opp.laatste_vaststelling):
            continue
        uiterlijk = evaluatie_uiterlijk(timezone.localdate(opp.eerste), opp.laatste_datum)
        if uiterlijk <= grens:
            url = reverse("dossier:opp", args=[opp.leerling_id])
            termijnen.append(Termijn(opp.leerling, "OPP evalueren met de ouders", uiterlijk, url))
    termijnen.sort(key=lambda t: (t.uiterlijk, t.leerling.achternaam))
    return termijnen


# --- Decisions waiting for a parent (Mijn taken) ---------------------------------------------


def ouderbesluiten(*, actor) -> list[Termijn]:
    """What waits for a parent with custody in their children's dossiers: consent to the
    handelingsdeel of an OPP concept (opp_stand.wacht_op_instemming), and their signature on
    the groeidocument once the school has signed the version being written. Four queries
    however many children; not audited here (the caller audits the list it shows)."""
    from django.db.models import Exists, OuterRef
    from django.urls import reverse

    from passend.accounts.roles import Rol
    from passend.dossier.models import Ondertekening, OppVersie
    from passend.dossier.opp_stand import wacht_op_instemming
    from passend.leerlingen.models import Leerling, Toestemming

    # The rule `ouder_met_gezag` (dossier.sign, leerlingen.record_toestemming), for all children at once.
    swvs = [lid.samenwerkingsverband_id for lid in actor.actieve_lidmaatschappen if lid.rol == Rol.OUDER]
    if not swvs:
        return []
    kinderen = {
        k.pk: k
        for k in Leerling.objects.filter(
            samenwerkingsverband_id__in=swvs, ouderschappen__ouder__gebruiker=actor, ouderschappen__gezag=True
        ).distinct()
    }
    if not kinderen:
        return []
    termijnen = []
    nieuwer = OppVersie.objects.filter(opp=OuterRef("opp"), nummer__gt=OuterRef("nummer"))
    concepten = list(
        OppVersie.objects.filter(opp__leerling_id__in=kinderen, vastgesteld_op__isnull=True)
        .exclude(Exists(nieuwer))
        .select_related("opp")
    )
    if concepten:
        toestemmingen = {}
        for t in Toestemming.objects.filter(
            leerling_id__in={v.opp.leerling_id for v in concepten},
            onderwerp=Toestemming.Onderwerp.OPP_HANDELINGSDEEL,
        ):
            toestemmingen.setdefault(t.leerling_id, []).append(t)
        for versie in concepten:
            leerling_id = versie.opp.leerling_id
            if wacht_op_instemming(versie, toestemmingen.get(leerling_id, [])):
                url = reverse("dossier:opp", args=[leerling_id])
                termijnen.append(
                    Termijn(kinderen[leerling_id], "Besluiten over het handelingsdeel van het OPP", None, url)
                )
    getekend = Ondertekening.objects.filter(versie=OuterRef("pk"))
    for versie in (
        Versie.objects.filter(groeidocument__leerling_id__in=kinderen, bevroren_op__isnull=True)
        .annotate(
            school=Exists(getekend.filter(partij=Ondertekening.Partij.SCHOOL)),
            ouders=Exists(getekend.filter(partij=Ondertekening.Partij.OUDERS)),
        )
        .filter(school=True, ouders=False)
        .select_related("groeidocument")
    ):
        leerling_id = versie.groeidocument.leerling_id
        url = reverse("dossier:groeidocument", args=[leerling_id])
        termijnen.append(Termijn(kinderen[leerling_id], "Het groeidocument ondertekenen", None, url))
    return termijnen
