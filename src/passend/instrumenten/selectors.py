"""Every read of instruments and afnames: within access to the pupil, audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404

from passend.core import audit
from passend.core.authz import can, explain
from passend.instrumenten.models import Afname, AfnameBijAanvraag, Antwoord, Gebied, Instrument, Score
from passend.instrumenten.policies import invul_grants, invul_permissie, kan_invullen, mag_zien
from passend.leerlingen.selectors import leerling_get
from passend.organisaties.policies import swv_ids_with

MET_SCORES = Prefetch("scores", queryset=Score.objects.select_related("gebied__deel"))


def _toegang(actor, leerling_pk):
    """The pupil and the grant to read their questionnaires: whoever may not see the pupil gets a 404
    (from leerling_get), whoever sees the pupil but not this part of the dossier a 403."""
    leerling, _ = leerling_get(actor=actor, pk=leerling_pk)
    grant = explain(actor, "instrumenten.view", leerling)
    if grant is None:
        audit.log_denied(reason="geen toegang tot de vragenlijsten", obj=leerling)
        raise PermissionDenied
    return leerling, grant


def _niet_gevonden(pk, leerling_id=None):
    audit.log_denied(
        reason="niet gevonden of geen toegang",
        object_type="instrumenten.afname",
        detail={"gevraagd_id": str(pk)[:64], "permissie": "instrumenten.view"},
        leerling_id=leerling_id,
    )
    raise Http404


def te_starten(*, actor, leerling, grants: dict | None = None) -> list[Instrument]:
    """The instruments in use in the pupil's partnership that the actor may fill in about them."""
    grants = invul_grants(actor, leerling) if grants is None else grants
    instrumenten = Instrument.objects.filter(samenwerkingsverband_id=leerling.samenwerkingsverband_id, actief=True)
    return [i for i in instrumenten if grants.get(invul_permissie(i)) is not None]


@dataclass
class Afnameoverzicht:
    leerling: object
    grant: object
    afnames: list
    te_starten: list
    mag_ouders_vragen: bool


def afnames_van(*, actor, leerling_pk) -> Afnameoverzicht:
    """The pupil's afnames the actor sees (newest first) and what they may start. Constant queries."""
    leerling, grant = _toegang(actor, leerling_pk)
    grants = invul_grants(actor, leerling)
    alle = Afname.objects.filter(leerling=leerling).select_related("instrument", "traject")
    afnames = [a for a in alle if mag_zien(actor, a, grant, grants)]
    for afname in afnames:
        afname.mag_invullen = kan_invullen(actor, afname, grants.get(invul_permissie(afname.instrument)))
    audit.log(
        audit.Action.SEARCH,
        object_type="instrumenten.afname",
        grant=grant,
        leerling_id=leerling.pk,
        object_label=f"Vragenlijsten van {leerling}",
        detail={"afnames": len(afnames)},
    )
    return Afnameoverzicht(
        leerling=leerling,
        grant=grant,
        afnames=afnames,
        te_starten=te_starten(actor=actor, leerling=leerling, grants=grants),
        mag_ouders_vragen=can(actor, "instrumenten.ouders_vragen", leerling),
    )


def afname_get(*, actor, pk, leerling_pk=None, action=audit.Action.VIEW):
    """One afname with its instrument, answers and scores, within access to its pupil. Another
    pupil's afname, an unfinished one of someone else, or none at all answer 404 alike."""
    rijen = Afname.objects.filter(pk=pk) if str(pk).isdigit() else Afname.objects.none()
    if leerling_pk is None:
        leerling_pk = rijen.values_list("leerling_id", flat=True).first()
        if leerling_pk is None:
            _niet_gevonden(pk)
    leerling, grant = _toegang(actor, leerling_pk)
    afname = (
        rijen.filter(leerling=leerling)
        .select_related("instrument", "traject", "normtabel")
        .prefetch_related(MET_SCORES, Prefetch("antwoorden", queryset=Antwoord.objects.all()))
        .first()
    )
    if afname is None:
        _niet_gevonden(pk, leerling.pk)
    afname.leerling = leerling
    grants = invul_grants(actor, leerling)
    if not mag_zien(actor, afname, grant, grants):
        _niet_gevonden(pk, leerling.pk)
    afname.mag_invullen = kan_invullen(actor, afname, grants.get(invul_permissie(afname.instrument)))
    audit.log(action, obj=afname, grant=grant)
    return leerling, grant, afname


def opbouw(instrument: Instrument) -> list:
    """The instrument laid out: [(deel, [(gebied, [vraag])])], from three queries."""
    delen = list(instrument.delen.all())
    gebieden = list(Gebied.objects.filter(instrument=instrument).order_by("deel__volgorde", "volgorde"))
    vragen = list(instrument.vragen.order_by("gebied__deel__volgorde", "gebied__volgorde", "volgorde"))
    per_gebied: dict[int, list] = {}
    for vraag in vragen:
        per_gebied.setdefault(vraag.gebied_id, []).append(vraag)
    return [(deel, [(g, per_gebied.get(g.pk, [])) for g in gebieden if g.deel_id == deel.pk]) for deel in delen]


def scores_per_deel(afname: Afname) -> list:
    """[(deel, [score])] of a finished afname, in the order of the instrument."""
    uit: list = []
    for score in afname.scores.all():
        deel = score.gebied.deel
        if not uit or uit[-1][0].pk != deel.pk:
            uit.append((deel, []))
        uit[-1][1].append(score)
    return uit


def normregels_voor(afname: Afname) -> list:
    """The norm table's rows that apply at the pupil's age on the peildatum (for the chart's bands)."""
    if afname.normtabel_id is None:
        return []
    jaren, maanden = afname.leerling.leeftijd(afname.peildatum)
    leeftijd = jaren * 12 + maanden
    return [
        r
        for r in afname.normtabel.regels.all()
        if (r.leeftijd_van is None or leeftijd >= r.leeftijd_van)
        and (r.leeftijd_tot is None or leeftijd <= r.leeftijd_tot)
    ]


def vergelijkbare(afname: Afname, afnames) -> list:
    """Other finished afnames of the same instrument (any version) about the same pupil."""
    return [a for a in afnames if a.pk != afname.pk and a.is_afgerond and a.instrument.code == afname.instrument.code]


@dataclass(frozen=True)
class Vergelijkingsrij:
    code: str
    naam: str
    eerder: object  # Score or None
    later: object  # Score or None

    @property
    def verschil(self) -> int | None:
        if self.eerder is None or self.later is None:
            return None
        return self.later.ruw - self.eerder.ruw


def vergelijking(*, actor, leerling_pk, eerste_pk, tweede_pk):
    """Two finished afnames of the same instrument about one pupil, areas side by side by code,
    the earlier (by peildatum) first. Audited as a view of each."""
    leerling, grant, a = afname_get(actor=actor, pk=eerste_pk, leerling_pk=leerling_pk)
    _, _, b = afname_get(actor=actor, pk=tweede_pk, leerling_pk=leerling_pk)
    if not (a.is_afgerond and b.is_afgerond) or a.instrument.code != b.instrument.code or a.pk == b.pk:
        audit.log_denied(
            reason="niet te vergelijken",
            object_type="instrumenten.afname",
            detail={"eerste": a.pk, "tweede": b.pk},
            leerling_id=leerling.pk,
        )
        raise Http404
    eerder, later = sorted((a, b), key=lambda x: (x.peildatum, x.afgerond_op))
    per_code_eerder = {s.gebied.code: s for s in eerder.scores.all()}
    rijen, gezien = [], set()
    for score in later.scores.all():
        rijen.append(
            Vergelijkingsrij(score.gebied.code, score.gebied.naam, per_code_eerder.get(score.gebied.code), score)
        )
        gezien.add(score.gebied.code)
    for code, score in per_code_eerder.items():
        if code not in gezien:
            rijen.append(Vergelijkingsrij(code, score.gebied.naam, score, None))
    return leerling, grant, eerder, later, rijen


def bijgevoegd_bij(aanvraag) -> list[Afname]:
    """The afnames attached to an application (whoever sees the application sees these results)."""
    return [
        k.afname
        for k in AfnameBijAanvraag.objects.filter(aanvraag=aanvraag)
        .select_related("afname__instrument")
        .order_by("afname__peildatum", "afname_id")
    ]


def bij_te_voegen(*, aanvraag) -> list[Afname]:
    """Finished afnames of the application's pupil that are not attached yet."""
    if aanvraag.traject.leerling_id is None:
        return []
    al = AfnameBijAanvraag.objects.filter(aanvraag=aanvraag).values("afname_id")
    return list(
        Afname.objects.filter(leerling_id=aanvraag.traject.leerling_id, status=Afname.Status.AFGEROND)
        .exclude(pk__in=al)
        .select_related("instrument")
    )


def tijdlijn_regels(*, actor, leerling) -> list:
    """Finished afnames for the pupil's timeline: [(moment, soort, tekst, link)]."""
    from django.urls import reverse

    if not can(actor, "instrumenten.view", leerling):
        return []
    regels = []
    for afname in Afname.objects.filter(leerling=leerling, status=Afname.Status.AFGEROND).select_related("instrument"):
        link = reverse("instrumenten:afname", args=[leerling.pk, afname.pk])
        tekst = (
            f"{afname.instrument.naam} afgerond door {afname.ingevuld_door_naam} "
            f"(peildatum {afname.peildatum:%d-%m-%Y})"
        )
        regels.append((afname.afgerond_op, "Vragenlijst", tekst, link))
    return regels


def open_vragenlijsten(*, actor) -> list[Afname]:
    """Afnames waiting for the actor (Mijn taken): the parents' version the school asked a parent
    to fill in, and the actor's own unfinished afnames."""
    from django.db.models import Q

    from passend.leerlingen.models import Ouderschap

    kinderen = Ouderschap.objects.filter(ouder__gebruiker_id=actor.pk).values("leerling_id")
    return list(
        Afname.objects.filter(
            Q(status=Afname.Status.GEVRAAGD, leerling_id__in=kinderen, instrument__invuller="ouder")
            | Q(status=Afname.Status.CONCEPT, ingevuld_door=actor)
        )
        .filter(samenwerkingsverband_id__in=swv_ids_with(actor, {lid.rol for lid in actor.actieve_lidmaatschappen}))
        .select_related("instrument", "leerling")
    )


def instrumenten_beheer(*, actor):
    """The instruments of the partnerships where the actor is beheerder, every version."""
    from passend.accounts.roles import Rol

    swv_ids = swv_ids_with(actor, {Rol.BEHEERDER})
    instrumenten = list(
        Instrument.objects.filter(samenwerkingsverband_id__in=swv_ids)
        .select_related("samenwerkingsverband")
        .prefetch_related("normtabellen")
        .order_by("samenwerkingsverband__naam", "code", "-versie")
    )
    audit.log(
        audit.Action.SEARCH, object_type="instrumenten.instrument", actor=actor, detail={"aantal": len(instrumenten)}
    )
    return instrumenten


def instrument_get(*, actor, pk, permission: str = "instrumenten.beheren"):
    """One instrument version (structure, norm tables) within the actor's partnership."""
    instrument = (
        Instrument.objects.filter(pk=pk).select_related("samenwerkingsverband").first() if str(pk).isdigit() else None
    )
    grant = explain(actor, permission, instrument.samenwerkingsverband) if instrument else None
    if grant is None:
        audit.log_denied(
            reason="niet gevonden of geen toegang",
            object_type="instrumenten.instrument",
            detail={"gevraagd_id": str(pk)[:64], "permissie": permission},
        )
        raise Http404
    audit.log(audit.Action.VIEW, obj=instrument, grant=grant)
    return instrument


def instrumenten_in_gebruik(*, actor):
    """The instruments (every version in use or used) of the actor's partnerships, for the API."""
    from passend.organisaties.policies import NETWERK_ROLLEN

    swv_ids = swv_ids_with(actor, NETWERK_ROLLEN | {"ouder"})
    return Instrument.objects.filter(samenwerkingsverband_id__in=swv_ids).order_by("code", "-versie")


def laatste_uitslagen(*, actor, leerling) -> list:
    """The newest finished afname of each instrument, with its scores per part (for the
    groeidocument's PDF, the onderwijskundig rapport). Empty when the actor may not read them."""
    if not can(actor, "instrumenten.view", leerling):
        return []
    afnames = (
        Afname.objects.filter(leerling=leerling, status=Afname.Status.AFGEROND)
        .select_related("instrument", "normtabel")
        .prefetch_related(MET_SCORES)
        .order_by("-peildatum", "-afgerond_op")
    )
    laatste = {}
    for afname in afnames:
        laatste.setdefault(afname.instrument.code, afname)
    return [(afname, scores_per_deel(afname)) for afname in laatste.values()]


def instrument_voor_leerling(*, leerling, pk) -> Instrument | None:
    """An instrument of the pupil's partnership, chosen by id (the API's body). Instruments are no
    personal data, so no audit; the services check that it is in use and who may fill it in."""
    if not str(pk).isdigit():
        return None
    return Instrument.objects.filter(pk=pk, samenwerkingsverband_id=leerling.samenwerkingsverband_id).first()


def vergelijking_van(*, actor, pk, met_pk):
    """As `vergelijking`, for an afname named by id alone (the API): compared with another
    afname of the same pupil."""
    leerling_pk = (
        Afname.objects.filter(pk=pk).values_list("leerling_id", flat=True).first() if str(pk).isdigit() else None
    )
    if leerling_pk is None:
        _niet_gevonden(pk)
    return vergelijking(actor=actor, leerling_pk=leerling_pk, eerste_pk=pk, tweede_pk=met_pk)
