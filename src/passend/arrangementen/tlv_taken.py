"""The TLV's part of Mijn taken (trajecten.taken): objections to TLV decisions that wait to be
forwarded to the LBT (within 14 days of receipt), for the partnership's staff; TLVs that end
within three months, for the staff and the schools' leadership. At most one query each,
whatever the number of rows."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from passend.arrangementen import tlv_selectors
from passend.leerlingen.policies import SCHOOLLEIDING
from passend.trajecten.policies import SWV_ROLLEN


def _over(traject) -> str:
    return traject.leerling.naam if traject.leerling_id else traject.school.naam


def tlv_taken(*, actor, mijn_rollen: set, vandaag: date) -> list:
    """[(Taak, pupil id)] for Mijn taken."""
    from passend.trajecten.taken import Taak

    taken = []
    if mijn_rollen & SWV_ROLLEN:
        for bezwaar in tlv_selectors.te_forwarden_bezwaren(actor=actor):
            aanvraag = bezwaar.besluit.aanvraag
            uiterlijk = bezwaar.doorsturen_uiterlijk
            taak = Taak(
                "bezwaar",
                f"Bezwaar tegen TLV-besluit {bezwaar.besluit.nummer} doorsturen naar de LBT",
                _over(aanvraag.traject),
                uiterlijk,
                reverse("arrangementen:bezwaren", args=[aanvraag.traject_id, aanvraag.pk]),
                uiterlijk < vandaag,
            )
            taken.append((taak, aanvraag.traject.leerling_id))
    if mijn_rollen & (SWV_ROLLEN | SCHOOLLEIDING):
        for gegeven in tlv_selectors.aflopende_tlvs(actor=actor):
            taak = Taak(
                "tlv_afloop",
                f"TLV {gegeven.besluit.nummer} loopt af: een nieuwe aanvraag of de terugkeer voorbereiden",
                gegeven.leerling.naam,
                gegeven.einddatum,
                reverse("arrangementen:tlv", args=[gegeven.pk]),
                False,
            )
            taken.append((taak, gegeven.leerling_id))
    return taken
