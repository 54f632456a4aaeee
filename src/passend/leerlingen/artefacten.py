"""Whether the artefacts a support level expects are there (seed 002).

Each artefact is checked by the app that owns it: that app registers its check here when it
starts, so this module depends on none of them. An artefact without a check is reported as
not yet recorded in Passend.
"""

from collections.abc import Callable

from passend.leerlingen.niveaus import NIVEAUS

_CHECKS: dict[str, Callable] = {}


def register_check(code: str, check: Callable) -> None:
    _CHECKS[code] = check


def stand_van(leerling, niveau: int) -> list[tuple[object, bool]]:
    """[(artefact, present)] for what `niveau` expects of this pupil."""
    beschrijving = NIVEAUS.get(niveau)
    if beschrijving is None:
        return []
    return [
        (artefact, bool(_CHECKS.get(artefact.code, lambda _leerling: False)(leerling)))
        for artefact in beschrijving.verwacht
    ]
