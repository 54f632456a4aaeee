"""E-mail reminders of the steps' deadlines, sent once a day (manage.py stuur_herinneringen).

A running traject is due for a reminder on each day that lies one of its step's `herinneringen`
days before its deadline (`termijn`), and once on the first day after the deadline. Everyone
who may take that step then (policies.rollen_in_trajecten against `stap.rollen`) gets one
e-mail per run, however many of their steps are due: it says only how many steps wait and links
to Mijn taken. Dossiers do not travel by e-mail (DOMAIN.md): no pupil, school or content.

Each reminder is recorded (models.Herinnering) before the mail leaves, in the same
transaction: a second run on the same day sends nothing twice, and a mail that fails to send
leaves no record, so the next run tries again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from passend.accounts.roles import Rol
from passend.core import audit
from passend.trajecten.models import Herinnering, Traject
from passend.trajecten.policies import rollen_in_trajecten

logger = logging.getLogger(__name__)

ONDERWERP = "Passend: er wachten taken op u"
# The highest number of days a route may remind before a deadline (routebestand.SCHEMA).
MAX_DAGEN_VOOR = 365


@dataclass
class Verslag:
    """What a run did: how many e-mails went out, to how many steps, and who could not be reached."""

    mails: int = 0
    herinneringen: int = 0
    mislukt: list[int] = field(default_factory=list)  # user ids


def dagen_voor(traject: Traject, vandaag: date) -> int | None | bool:
    """The reminder due today for this traject: the number of days before its deadline, None
    for the first day after it, False when none is due."""
    if traject.termijn is None or traject.stap is None:
        return False
    if traject.termijn + timedelta(days=1) == vandaag:
        return None
    dagen = (traject.termijn - vandaag).days
    return dagen if dagen >= 0 and dagen in traject.stap.herinneringen else False


def _te_herinneren(vandaag: date) -> list[tuple[Traject, int | None]]:
    trajecten = (
        Traject.objects.lopend()
        .filter(termijn__gte=vandaag - timedelta(days=1), termijn__lte=vandaag + timedelta(days=MAX_DAGEN_VOOR))
        .select_related("stap")
        .order_by("pk")
    )
    due = []
    for traject in trajecten:
        if (dagen := dagen_voor(traject, vandaag)) is not False:
            due.append((traject, dagen))
    return due


def _kandidaten(due: list[tuple[Traject, int | None]]):
    """Everyone who could hold one of the due steps' roles; rollen_in_trajecten decides."""
    from passend.accounts.models import Lidmaatschap, User
    from passend.leerlingen.models import Ouderschap

    trajecten = [t for t, _ in due]
    rollen = {rol for t in trajecten for rol in t.stap.rollen}
    swvs = {t.samenwerkingsverband_id for t in trajecten}
    scholen = {t.school_id for t in trajecten}
    # School roles count only at the traject's school; parents only of the pupils concerned.
    leden = Lidmaatschap.objects.actief().filter(
        Q(school__isnull=True) | Q(school_id__in=scholen),
        samenwerkingsverband_id__in=swvs,
        rol__in=rollen - {Rol.OUDER, "casusregisseur"},
    )
    ids = set(leden.values_list("user_id", flat=True))
    if Rol.OUDER in rollen:
        leerlingen = {t.leerling_id for t in trajecten if t.leerling_id}
        ids |= set(
            Ouderschap.objects.filter(leerling_id__in=leerlingen, ouder__gebruiker__isnull=False).values_list(
                "ouder__gebruiker_id", flat=True
            )
        )
    if "casusregisseur" in rollen:
        ids |= {t.casusregisseur_id for t in trajecten if t.casusregisseur_id}
    return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")


def _link() -> str:
    return settings.PASSEND_BASE_URL.rstrip("/") + reverse("core:home")


def bericht(user, *, bijna: int, te_laat: int) -> tuple[str, str]:
    """Subject and body of the e-mail: counts and a link, nothing about a pupil or school."""
    body = render_to_string(
        "core/email/herinnering.txt",
        {"user": user, "aantal": bijna + te_laat, "bijna": bijna, "te_laat": te_laat, "link": _link()},
    )
    return ONDERWERP, body


def _verstuur(user, items: list[tuple[Traject, int | None]], vandaag: date) -> list[Herinnering]:
    with transaction.atomic():
        rijen = Herinnering.objects.bulk_create(
            Herinnering(
                traject=traject,
                stap_id=traject.stap_id,
                termijn=traject.termijn,
                dagen_voor=dagen,
                gebruiker=user,
                datum=vandaag,
            )
            for traject, dagen in items
        )
        te_laat = sum(1 for _, dagen in items if dagen is None)
        onderwerp, body = bericht(user, bijna=len(items) - te_laat, te_laat=te_laat)
        send_mail(onderwerp, body, None, [user.email])
        audit.log(
            audit.Action.CREATE,
            object_type="trajecten.herinnering",
            object_label=f"E-mailherinnering aan {user.naam}"[:300],
            actor_label="Passend (dagelijkse herinneringen)",
            samenwerkingsverband_id=items[0][0].samenwerkingsverband_id,
            detail={
                "aan": user.pk,
                "trajecten": [traject.pk for traject, _ in items],
                "te_laat": te_laat,
                "herinneringen": [rij.pk for rij in rijen if rij.pk],
            },
        )
    return rijen


def herinneringen_versturen(*, vandaag: date | None = None) -> Verslag:
    """Send today's reminders: one e-mail per user, each step's reminder once."""
    vandaag = vandaag or timezone.localdate()
    verslag = Verslag()
    due = _te_herinneren(vandaag)
    if not due:
        return verslag
    al_verstuurd = set(
        Herinnering.objects.filter(datum=vandaag, traject_id__in=[t.pk for t, _ in due]).values_list(
            "gebruiker_id", "traject_id", "stap_id", "termijn"
        )
    )
    trajecten = [t for t, _ in due]
    for user in _kandidaten(due):
        rollen = rollen_in_trajecten(user, trajecten)
        items = [
            (traject, dagen)
            for traject, dagen in due
            if set(traject.stap.rollen) & set(rollen[traject.pk])
            and (user.pk, traject.pk, traject.stap_id, traject.termijn) not in al_verstuurd
        ]
        if not items:
            continue
        try:
            _verstuur(user, items, vandaag)
        except IntegrityError:
            # Another run sent these at the same moment (the unique constraint): nothing to do.
            continue
        except Exception:  # a mail server that refuses one address must not stop the others
            logger.exception("Herinnering aan gebruiker %s niet verstuurd", user.pk)
            verslag.mislukt.append(user.pk)
            continue
        verslag.mails += 1
        verslag.herinneringen += len(items)
    return verslag
