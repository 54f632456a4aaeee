"""Mijn taken: everything that waits for one user, overdue first.

- steps of the trajecten they see whose roles they hold there (take the step, take the
  decision, or first plan the meeting the decision needs);
- planned meetings they take part in, from today on;
- parents: concept applications about their child without their view, and (from the dossier)
  the handelingsdeel of an OPP and a groeidocument that wait for their decision or signature;
- directors: concept applications at their school that they have not signed;
- agreements (Afspraak) they own that are not done;
- evaluations that are due (dossier.selectors.evaluatietermijnen);
- the partnership's staff: objections to TLV decisions to forward to the LBT within 14 days;
  staff and school leadership: TLVs ending within three months (arrangementen.tlv_taken);
- arrangements: evaluations due within 30 days or overdue, and the tasks around a temporary
  placement, for whoever may record them; parents: their questionnaire for the next evaluation
  (arrangementen.selectors.termijnen).

The number of queries does not grow with the number of trajecten, meetings or tasks. Listing
the tasks is audited once; counting them (the navigation's badge) is not: a number reveals no
pupil data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from passend.accounts.roles import Rol
from passend.core import audit
from passend.core.authz import can
from passend.trajecten.models import Aanvraag, Afspraak, Overleg, Traject
from passend.trajecten.policies import rollen_in_trajecten, scope_view
from passend.trajecten.routebestand import BESLISREGELS_MET_OVERLEG

SOORTEN = {
    "stap": "Stap zetten",
    "besluit": "Besluit nemen",
    "overleg_plannen": "Overleg plannen",
    "overleg": "Overleg bijwonen",
    "zienswijze": "Zienswijze geven",
    "ondertekenen": "Aanvraag ondertekenen",
    "ouderbesluit": "Besluit of handtekening van de ouders",
    "afspraak": "Afspraak",
    "evaluatie": "Evaluatie",
    # The TLV (arrangementen.tlv_taken).
    "bezwaar": "Bezwaar doorsturen",
    "tlv_afloop": "TLV loopt af",
    # Arrangements (arrangementen.selectors.termijnen).
    "arrangement_evaluatie": "Evaluatie van een arrangement",
    "plaatsingstaak": "Taak bij een plaatsing",
    "oudervragenlijst": "Vragenlijst van de ouders",
    # Questionnaires about a pupil (instrumenten.selectors.open_vragenlijsten).
    "vragenlijst": "Vragenlijst invullen",
}
# School staff evaluate handelingsplannen and OPP's (dossier.selectors.evaluatietermijnen).
_SCHOOLROLLEN = frozenset({Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR})


@dataclass(frozen=True)
class Taak:
    soort: str  # a key of SOORTEN
    wat: str  # what to do, in Dutch
    over: str  # the pupil's name, or "school: subject"; only shown to this user, who may see it
    uiterlijk: date | None
    url: str
    te_laat: bool

    @property
    def soort_label(self) -> str:
        return SOORTEN[self.soort]


def _over(traject: Traject) -> str:
    if traject.leerling_id:
        return traject.leerling.naam
    return f"{traject.school.naam}: {traject.get_onderwerp_display().lower()}"


def _te_laat(uiterlijk: date | None, vandaag: date) -> bool:
    return uiterlijk is not None and uiterlijk < vandaag


def _traject_url(traject: Traject) -> str:
    return reverse("trajecten:detail", args=[traject.pk])


def _aanvraag_url(aanvraag: Aanvraag) -> str:
    return reverse("trajecten:aanvraag", args=[aanvraag.traject_id, aanvraag.pk])


def _overleg_url(overleg: Overleg) -> str:
    return reverse("trajecten:overleg", args=[overleg.traject_id, overleg.pk])


def stap_taak(traject: Traject, gepland: Overleg | None, vandaag: date) -> Taak:
    """The task of a step for someone who may take it: plan the meeting the decision needs,
    take the decision in it (or alone), or take the step."""
    stap = traject.stap
    if stap.beslisregel in BESLISREGELS_MET_OVERLEG and gepland is None:
        soort, url = "overleg_plannen", _traject_url(traject)
    elif stap.beslisregel != "geen":
        soort, url = "besluit", _overleg_url(gepland) if gepland is not None else _traject_url(traject)
    else:
        soort, url = "stap", _traject_url(traject)
    return Taak(
        soort=soort,
        wat=f"{SOORTEN[soort]}: {stap.naam}",
        over=_over(traject),
        uiterlijk=traject.termijn,
        url=url,
        te_laat=_te_laat(traject.termijn, vandaag),
    )


def _stap_voor(actor, mijn_rollen: set[str]) -> Q:
    """A filter on Traject: at a step that names one of the actor's roles, or the case coordinator
    when the actor is the traject's. The final word is the roles they hold in each traject."""
    from passend.trajecten.models import Stap

    swvs = {lid.samenwerkingsverband_id for lid in actor.actieve_lidmaatschappen}
    eigen, regie = [], []
    for pk, stap_rollen in Stap.objects.filter(versie__route__samenwerkingsverband_id__in=swvs).values_list(
        "pk", "rollen"
    ):
        if set(stap_rollen) & mijn_rollen:
            eigen.append(pk)
        elif "casusregisseur" in stap_rollen:
            regie.append(pk)
    return Q(stap_id__in=eigen) | Q(stap_id__in=regie, casusregisseur_id=actor.pk)


def _mag_stap_zetten(traject: Traject, rollen: dict) -> bool:
    return traject.stap_id is not None and bool(set(traject.stap.rollen) & set(rollen))


def _verzamel(actor) -> list[tuple[Taak, int | None]]:
    """Every task with the pupil it is about (for the audit row), unsorted."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return []
    vandaag = timezone.localdate()
    mijn_rollen = actor.rollen()
    taken: list[tuple[Taak, int | None]] = []
    zichtbaar = Traject.objects.filter(scope_view(actor))

    # Steps (and the decisions and meetings they need) of the running trajecten the actor sees,
    # narrowed first to the steps that name one of the roles the actor could hold at all.
    lopend = zichtbaar.lopend().select_related("stap", "leerling", "school")
    trajecten = list(lopend.filter(_stap_voor(actor, mijn_rollen)))
    # Concept applications: the parents' view, the director's signature.
    aanvragen = []
    if mijn_rollen & {Rol.OUDER, Rol.DIRECTEUR}:
        aanvragen = list(
            Aanvraag.objects.filter(status=Aanvraag.Status.CONCEPT, traject__in=zichtbaar.lopend()).select_related(
                "traject__stap", "traject__leerling", "traject__school"
            )
        )
    per_traject = {t.pk: t for t in trajecten}
    for aanvraag in aanvragen:
        per_traject.setdefault(aanvraag.traject_id, aanvraag.traject)
    rollen = rollen_in_trajecten(actor, list(per_traject.values()))

    gepland: dict[tuple[int, int], Overleg] = {}
    if trajecten:
        for overleg in Overleg.objects.filter(
            traject_id__in=[t.pk for t in trajecten], status=Overleg.Status.GEPLAND
        ).order_by("datum", "id"):
            gepland.setdefault((overleg.traject_id, overleg.stap_id), overleg)
    for traject in trajecten:
        if _mag_stap_zetten(traject, rollen[traject.pk]):
            taak = stap_taak(traject, gepland.get((traject.pk, traject.stap_id)), vandaag)
            taken.append((taak, traject.leerling_id))

    for aanvraag in aanvragen:
        traject = aanvraag.traject
        label = aanvraag.get_soort_display().lower()
        if Rol.OUDER in rollen[traject.pk] and not aanvraag.zienswijze_ouders:
            wat = f"Zienswijze geven op de aanvraag {label}"
            taak = Taak("zienswijze", wat, _over(traject), None, _aanvraag_url(aanvraag), False)
            taken.append((taak, traject.leerling_id))
        if aanvraag.directeur_akkoord_op is None and can(actor, "trajecten.aanvraag_ondertekenen", traject):
            wat = f"Aanvraag {label} ondertekenen"
            taak = Taak("ondertekenen", wat, _over(traject), None, _aanvraag_url(aanvraag), False)
            taken.append((taak, traject.leerling_id))

    # Meetings the actor takes part in, from today on.
    begin = timezone.make_aware(datetime.combine(vandaag, time.min))
    overleggen = (
        Overleg.objects.filter(
            deelnemers__gebruiker=actor,
            status=Overleg.Status.GEPLAND,
            datum__gte=begin,
            traject__in=zichtbaar.lopend(),
        )
        .select_related("traject__leerling", "traject__school")
        .distinct()
    )
    for overleg in overleggen:
        dag = timezone.localdate(overleg.datum)
        wat = f"Overleg bijwonen: {overleg.get_soort_display()} om {timezone.localtime(overleg.datum):%H:%M}"
        taak = Taak("overleg", wat, _over(overleg.traject), dag, _overleg_url(overleg), False)
        taken.append((taak, overleg.traject.leerling_id))

    # Agreements the actor owns that are not done, in running trajecten they see.
    for afspraak in Afspraak.objects.filter(
        eigenaar=actor, gereed_op__isnull=True, overleg__traject__in=zichtbaar.lopend()
    ).select_related("overleg__traject__leerling", "overleg__traject__school"):
        traject = afspraak.overleg.traject
        taak = Taak(
            "afspraak",
            f"Afspraak: {afspraak.wat}",
            _over(traject),
            afspraak.uiterlijk,
            _overleg_url(afspraak.overleg),
            _te_laat(afspraak.uiterlijk, vandaag),
        )
        taken.append((taak, traject.leerling_id))

    # From the dossier: decisions and signatures of parents, evaluations of school staff.
    from passend.dossier.selectors import evaluatietermijnen, ouderbesluiten

    termijnen = []
    if Rol.OUDER in mijn_rollen:
        termijnen += [("ouderbesluit", t) for t in ouderbesluiten(actor=actor)]
    if mijn_rollen & _SCHOOLROLLEN:
        termijnen += [("evaluatie", t) for t in evaluatietermijnen(actor=actor)]
    for soort, t in termijnen:
        taak = Taak(soort, t.wat, t.leerling.naam, t.uiterlijk, t.url, _te_laat(t.uiterlijk, vandaag))
        taken.append((taak, t.leerling.pk))

    # The TLV: objections to forward to the LBT within 14 days, TLVs ending within three months.
    from passend.arrangementen.tlv_taken import tlv_taken

    taken += tlv_taken(actor=actor, mijn_rollen=mijn_rollen, vandaag=vandaag)

    # Arrangements: evaluations due within 30 days or overdue, tasks around a temporary placement.
    from passend.arrangementen.selectors import termijnen as arrangement_termijnen

    for t in arrangement_termijnen(actor=actor):
        taken.append((Taak(t.soort, t.wat, t.over, t.uiterlijk, t.url, _te_laat(t.uiterlijk, vandaag)), t.leerling_id))

    # Questionnaires: the parents' version the school asked for, and one's own unfinished ones.
    from passend.instrumenten.selectors import open_vragenlijsten

    for afname in open_vragenlijsten(actor=actor):
        wat = f"{'Invullen' if afname.status == 'gevraagd' else 'Afmaken'}: {afname.instrument.naam}"
        url = reverse("instrumenten:afname", args=[afname.leerling_id, afname.pk])
        taken.append((Taak("vragenlijst", wat, afname.leerling.naam, None, url, False), afname.leerling_id))
    return taken


def _volgorde(taak: Taak):
    """Overdue first, then the nearest date; tasks without a date last."""
    return (not taak.te_laat, taak.uiterlijk is None, taak.uiterlijk or date.max, taak.wat, taak.over)


def _lidmaatschap(actor):
    return next(iter(actor.actieve_lidmaatschappen), None)


def taken_voor(*, actor) -> list[Taak]:
    """The actor's open tasks, overdue first, then by date (no date last). Audited as one search."""
    gevonden = _verzamel(actor)
    taken = sorted((taak for taak, _ in gevonden), key=_volgorde)
    if getattr(actor, "is_authenticated", False):
        audit.log(
            audit.Action.SEARCH,
            object_type="trajecten.taak",
            actor=actor,
            lidmaatschap=_lidmaatschap(actor),
            object_label="Mijn taken",
            detail={
                "taken": len(taken),
                "te_laat": sum(taak.te_laat for taak in taken),
                "leerlingen": sorted({leerling for _, leerling in gevonden if leerling}),
            },
        )
    return taken


def aantal_taken(*, actor) -> int:
    """How many tasks wait (the navigation's badge); not audited, a number shows no pupil data."""
    return len(_verzamel(actor))
