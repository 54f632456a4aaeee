"""The route engine's judgement: may this actor take this outcome now, and if not, why not.

Pure checks over a traject's current step; services.traject_advance applies them under a
lock, and the pages and the API use the same checks to show which outcomes are open.
"""

from __future__ import annotations

from django.utils import timezone

from passend.trajecten.routebestand import BESLISREGELS_MET_OVERLEG, PARTIJEN, ROLLEN
from passend.trajecten.voorwaarden import ontbrekend, soort_fout, tlv_in_behandeling, van_uitkomst


def _namen(rollen) -> str:
    return ", ".join(ROLLEN.get(r, r).lower() for r in rollen)


def rol_fout(stap, rollen: dict) -> str | None:
    if set(stap.rollen) & set(rollen):
        return None
    if not rollen:
        return "U bent niet (meer) bij dit traject betrokken."
    return f"Deze stap is voor: {_namen(stap.rollen)}. U bent hier {_namen(rollen)}."


def verlopen_fout(traject, user) -> str | None:
    """An external or other betrokkene whose involvement ended gets told so, not a role list."""
    verlopen = traject.betrokkenen.filter(gebruiker=user, geldig_tot__lt=timezone.localdate()).order_by("-geldig_tot")
    if (betrokkene := verlopen.first()) is not None:
        return f"Uw betrokkenheid bij dit traject is verlopen op {betrokkene.geldig_tot:%d-%m-%Y}."
    return None


def beslisregel_fout(stap, standpunten: list[dict]) -> str | None:
    """Whether the positions recorded in a meeting satisfy the step's decision rule."""
    aanwezig = [s for s in standpunten if s.get("aanwezig", True)]
    akkoord = [s for s in aanwezig if s["standpunt"] == "akkoord"]
    if stap.beslisregel == "unaniem":
        if len(aanwezig) < 2:
            return "Een unaniem besluit vraagt minstens twee aanwezige deelnemers."
        if len(akkoord) < len(aanwezig):
            return (
                f"Het besluit is niet unaniem ({len(akkoord)} van de {len(aanwezig)} deelnemers akkoord). "
                "Kies de uitkomst waarmee de zaak wordt voorgelegd, of overleg opnieuw."
            )
    elif stap.beslisregel == "meerderheid":
        stemmen = [s for s in aanwezig if s.get("stemgerechtigd")]
        if len(stemmen) < (stap.quorum or 1):
            return f"Het quorum is niet gehaald: {len(stemmen)} stemgerechtigde leden aanwezig, nodig {stap.quorum}."
        voor = [s for s in stemmen if s["standpunt"] == "akkoord"]
        if len(voor) * 2 <= len(stemmen):
            return f"Geen meerderheid: {len(voor)} van de {len(stemmen)} stemgerechtigde leden akkoord."
    elif stap.beslisregel == "alle_partijen":
        for partij in stap.partijen:
            van_partij = [s for s in aanwezig if s["partij"] == partij]
            if not van_partij:
                return f"De partij ‘{PARTIJEN[partij]}’ is niet vertegenwoordigd in het overleg."
            if any(s["standpunt"] != "akkoord" for s in van_partij):
                return f"De partij ‘{PARTIJEN[partij]}’ is niet akkoord."
    return None


def vraagt_overleg(stap, uitkomst: dict) -> bool:
    """Whether this outcome can only be taken through a meeting's recorded decision."""
    return stap.beslisregel in BESLISREGELS_MET_OVERLEG and not uitkomst.get("ook_zonder_besluit")


def voorwaarden_fout(traject, stap, uitkomst: dict) -> str | None:
    codes = van_uitkomst(stap, uitkomst)
    if uitkomst.get("besluit") in ("toegekend", "deels") and tlv_in_behandeling(traject):
        # The law, whatever the route says: no TLV without the two experts' advice.
        codes = [*codes, "deskundigenadvies_compleet"] if "deskundigenadvies_compleet" not in codes else codes
    redenen = ontbrekend(traject, codes)
    if (fout := soort_fout(traject, uitkomst)) is not None:
        redenen.append(fout)
    return " ".join(redenen) or None


def open_uitkomsten(traject, stap, rollen: dict) -> list[dict]:
    """Every outcome of the current step with, for this actor, why it is closed (or None).

    {code, naam, naar, via_overleg, indienen, besluit, bezwaar}; via_overleg means the outcome is taken by
    recording the meeting's decision."""
    fout_rol = rol_fout(stap, rollen)
    uit = []
    for uitkomst in stap.uitkomsten:
        bezwaar = fout_rol or voorwaarden_fout(traject, stap, uitkomst)
        uit.append(
            {
                "code": uitkomst["code"],
                "naam": uitkomst["naam"],
                "naar": uitkomst["naar"],
                "via_overleg": vraagt_overleg(stap, uitkomst),
                "indienen": bool(uitkomst.get("indienen")),
                "besluit": uitkomst.get("besluit", ""),
                "bezwaar": bezwaar,
            }
        )
    return uit
