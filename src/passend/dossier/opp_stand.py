"""The state of an OPP, derived from its rows: the parents' consent to the handelingsdeel,
whether it may be set, when it must next be evaluated. Pure functions over rows already
fetched, so pages and the API ask without extra queries."""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils import timezone

from passend.leerlingen.models import Toestemming


class InstemmingStatus(models.TextChoices):
    NODIG = "nodig", "Nog geen instemming met deze tekst van het handelingsdeel"
    VEROUDERD = "verouderd", "De ouders stemden in met een eerdere tekst; na de wijziging is opnieuw instemming nodig"
    GEGEVEN = "gegeven", "De ouders stemmen in met het handelingsdeel"
    GEWEIGERD = "geweigerd", "De ouders stemmen niet in met het handelingsdeel"
    INGETROKKEN = "ingetrokken", "De ouders hebben hun instemming met het handelingsdeel ingetrokken"


@dataclass(frozen=True)
class Instemming:
    status: str
    toestemming: Toestemming | None

    @property
    def label(self) -> str:
        return InstemmingStatus(self.status).label

    @property
    def is_gegeven(self) -> bool:
        return self.status == InstemmingStatus.GEGEVEN


def instemming_van(kenmerk: str, toestemmingen) -> Instemming:
    """The parents' decision on the handelingsdeel with fingerprint `kenmerk`.

    `toestemmingen` are the pupil's decisions, newest first (their default order). The newest
    decision on the OPP counts; a decision on another text of the handelingsdeel does not cover
    this one.
    """
    laatste = next((t for t in toestemmingen if t.onderwerp == Toestemming.Onderwerp.OPP_HANDELINGSDEEL), None)
    if laatste is None:
        return Instemming(InstemmingStatus.NODIG, None)
    if laatste.kenmerk != kenmerk:
        eerder_gegeven = laatste.besluit == Toestemming.Besluit.GEGEVEN
        return Instemming(InstemmingStatus.VEROUDERD if eerder_gegeven else InstemmingStatus.NODIG, laatste)
    return Instemming(InstemmingStatus(laatste.besluit), laatste)


def wacht_op_instemming(versie, toestemmingen) -> bool:
    """Whether this version waits for the parents' decision on its handelingsdeel: the newest
    version, still a concept, with a handelingsdeel on which the parents have not yet decided
    (or decided on an earlier text). A refusal or withdrawal is the parents' decision: then
    the school acts, not the parents."""
    if versie.is_vastgesteld or not versie.heeft_handelingsdeel:
        return False
    status = instemming_van(versie.handelingsdeel_kenmerk, toestemmingen).status
    return status in (InstemmingStatus.NODIG, InstemmingStatus.VEROUDERD)


def _jaar_later(dag: date) -> date:
    try:
        return dag.replace(year=dag.year + 1)
    except ValueError:  # 29 February
        return dag.replace(year=dag.year + 1, day=28)


def beeindigd(laatste_conclusie: str | None, laatste_evaluatie_op, laatste_vaststelling) -> bool:
    """Ended by the newest evaluation, and not set again since."""
    from passend.dossier.models import OppEvaluatie

    if laatste_conclusie != OppEvaluatie.Conclusie.BEEINDIGEN:
        return False
    return not (laatste_vaststelling and laatste_vaststelling > laatste_evaluatie_op)


def evaluatie_uiterlijk(eerste_vaststelling: date, laatste_evaluatie: date | None) -> date:
    """The yearly evaluation with the parents is due a year after the last one, or a year after
    the OPP was first set."""
    return _jaar_later(laatste_evaluatie or eerste_vaststelling)


def is_beeindigd(versies, evaluaties) -> bool:
    laatste = max(evaluaties, key=lambda e: (e.datum, e.vastgelegd_op), default=None)
    if laatste is None:
        return False
    vastgesteld = max((v.vastgesteld_op for v in versies if v.vastgesteld_op), default=None)
    return beeindigd(laatste.conclusie, laatste.vastgelegd_op, vastgesteld)


def volgende_evaluatie(versies, evaluaties) -> date | None:
    """When the next evaluation is due; none before the OPP is set or after it has ended."""
    vastgesteld = [timezone.localdate(v.vastgesteld_op) for v in versies if v.vastgesteld_op]
    if not vastgesteld or is_beeindigd(versies, evaluaties):
        return None
    return evaluatie_uiterlijk(min(vastgesteld), max((e.datum for e in evaluaties), default=None))


def opp_in_kracht(leerling) -> bool:
    """Whether the pupil has a set OPP that has not been ended (the level-4 checklist asks)."""
    from passend.dossier.models import OppEvaluatie, OppVersie

    versies = list(
        OppVersie.objects.filter(opp__leerling=leerling, vastgesteld_op__isnull=False).only("vastgesteld_op")
    )
    if not versies:
        return False
    evaluaties = list(OppEvaluatie.objects.filter(opp__leerling=leerling).only("datum", "vastgelegd_op", "conclusie"))
    return not is_beeindigd(versies, evaluaties)
