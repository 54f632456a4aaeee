"""Five-field data for the persona cast's partnership."""

from passend.matching import services

VELDEN = ("aandacht_tijd", "materiaal", "ruimte", "expertise", "samenwerking")


def niveaus(*waarden) -> dict:
    return dict(zip(VELDEN, waarden, strict=True))


def profiel(cast, setting, *waarden, actor=None):
    """An approved profile (written by the partnership's beheerder)."""
    return services.ondersteuningsprofiel_opstellen(
        actor=actor or cast.beheerder, setting=setting, niveaus=niveaus(*waarden)
    )


def behoefte(cast, *waarden, leerling=None, actor=None):
    return services.behoefteprofiel_vaststellen(
        actor=actor or cast.ib_a, leerling=leerling or cast.leerling_a, niveaus=niveaus(*waarden)
    )
