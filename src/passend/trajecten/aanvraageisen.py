"""What an application must contain before it can be submitted, per kind.

The law and the partnerships' practice (DOMAIN.md) fix these: every application states the
support question (a route may ask more, such as a signed groeidocument); a TLV application
needs the OPP, the parents informed and heard, and the director's signature (a school may
apply without the parents' consent); an SO TLV names the funding category; a hand-over to
the partnership needs the OPP and the support question (seed 004); specialist expertise
names its theme (seed 000). Each requirement returns None when met, or the reason in Dutch,
which the page shows as a checklist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from passend.trajecten.voorwaarden import VOORWAARDEN


@dataclass(frozen=True)
class Eis:
    code: str
    omschrijving: str
    check: Callable


def _tekst(veld: str, melding: str):
    return lambda aanvraag: None if getattr(aanvraag, veld).strip() else melding


def _voorwaarde(code: str):
    return lambda aanvraag: VOORWAARDEN[code].check(aanvraag.traject)


def _ouders_gehoord(aanvraag):
    if aanvraag.ouders_gehoord_op or aanvraag.zienswijze_door_ouder:
        return None
    return (
        "De ouders zijn nog niet gehoord: leg vast wanneer zij zijn geïnformeerd en gehoord, "
        "of laat hen zelf hun zienswijze geven."
    )


EISEN = {
    e.code: e
    for e in (
        Eis(
            "ondersteuningsvraag",
            "de ondersteuningsvraag",
            _tekst("ondersteuningsvraag", "Beschrijf de ondersteuningsvraag."),
        ),
        Eis("gevraagd", "wat de school vraagt", _tekst("gevraagd", "Schrijf op wat de school vraagt.")),
        Eis(
            "onderbouwing",
            "de onderbouwing: wat is al gedaan en waarom dit nodig is",
            _tekst("onderbouwing", "Geef de onderbouwing: wat is al gedaan en waarom is dit nu nodig."),
        ),
        Eis(
            "expertisethema",
            "het thema van de gevraagde expertise",
            lambda a: None if a.expertisethema_id else "Kies het thema van de gevraagde expertise.",
        ),
        Eis(
            "tlv_categorie",
            "de gevraagde bekostigingscategorie (SO)",
            lambda a: None if a.tlv_categorie else "Kies de gevraagde bekostigingscategorie (laag, midden of hoog).",
        ),
        Eis("ouders_gehoord", "de ouders zijn geïnformeerd en gehoord", _ouders_gehoord),
        Eis(
            "directeur_akkoord",
            "ondertekend door de directeur",
            lambda a: None if a.directeur_akkoord_op else "De directeur heeft de aanvraag nog niet ondertekend.",
        ),
        Eis("opp_vastgesteld", "een vastgesteld OPP", _voorwaarde("opp_vastgesteld")),
        Eis(
            "toestemming_extern",
            "toestemming van de ouders om externen te betrekken",
            _voorwaarde("toestemming_extern"),
        ),
    )
}

_TLV = ["ondersteuningsvraag", "onderbouwing", "opp_vastgesteld", "ouders_gehoord", "directeur_akkoord"]
PER_SOORT = {
    "schoolarrangement": ["ondersteuningsvraag", "gevraagd"],
    "specialistische_expertise": ["ondersteuningsvraag", "gevraagd", "expertisethema"],
    "extra_ondersteuning": ["ondersteuningsvraag", "gevraagd", "onderbouwing"],
    "tlv_sbo": _TLV,
    "tlv_so": [*_TLV, "tlv_categorie"],
    "observatieplek": ["ondersteuningsvraag", "gevraagd", "onderbouwing", "ouders_gehoord"],
    "onderwijszorgarrangement": ["ondersteuningsvraag", "gevraagd", "onderbouwing", "toestemming_extern"],
    "overdracht_swv": ["ondersteuningsvraag", "onderbouwing", "opp_vastgesteld"],
}
# Kinds that are about one pupil; a question about a teacher, group or team cannot ask for them.
OVER_EEN_LEERLING = frozenset(PER_SOORT) - {"schoolarrangement", "specialistische_expertise"}


def stand(aanvraag) -> list[tuple[str, str | None]]:
    """Every requirement of the application's kind: (what, why it is not met or None)."""
    return [(EISEN[code].omschrijving, EISEN[code].check(aanvraag)) for code in PER_SOORT[aanvraag.soort]]


def ontbrekend(aanvraag) -> list[str]:
    return [reden for _wat, reden in stand(aanvraag) if reden is not None]
