"""The five support levels of seed 002: who is (finally) responsible and what each expects."""

from dataclasses import dataclass

from passend.accounts.roles import Rol


@dataclass(frozen=True)
class Artefact:
    code: str
    omschrijving: str


HANDELINGSPLAN = Artefact("handelingsplan", "een handelingsplan met aanpak en evaluatie")
GROEIDOCUMENT = Artefact("groeidocument", "een gestart groeidocument, aangevuld door de ouders")
TOESTEMMING_EXTERN = Artefact("toestemming_extern", "toestemming van de ouders om externen te betrekken")
OPP = Artefact("opp", "een ontwikkelingsperspectiefplan (OPP)")
TLV_ROUTE = Artefact("tlv_route", "een aanvraag voor een toelaatbaarheidsverklaring (TLV)")


@dataclass(frozen=True)
class Niveau:
    nummer: int
    naam: str
    verantwoordelijk: tuple[str, ...]
    gesprekken: str
    verwacht: tuple[Artefact, ...]

    @property
    def verantwoordelijk_label(self) -> str:
        return " en ".join(Rol(rol).label.lower() for rol in self.verantwoordelijk)


NIVEAUS = {
    n.nummer: n
    for n in (
        Niveau(1, "Sterke basis: basisaanbod in de groep", (Rol.LEERKRACHT,), "start- en voortgangsgesprekken", ()),
        Niveau(
            2,
            "Extra ondersteuning in de groep",
            (Rol.LEERKRACHT,),
            "start- en voortgangsgesprekken",
            (HANDELINGSPLAN,),
        ),
        Niveau(
            3,
            "Ondersteuning op schoolniveau",
            (Rol.LEERKRACHT, Rol.IB),
            "start- en voortgangsgesprekken; ouders vullen het groeidocument aan",
            (GROEIDOCUMENT, TOESTEMMING_EXTERN),
        ),
        Niveau(
            4,
            "Steun waar nodig",
            (Rol.IB, Rol.LEERKRACHT),
            "gesprekscyclus met ouders op maat",
            (TOESTEMMING_EXTERN, OPP),
        ),
        Niveau(
            5,
            "Speciaal als het moet",
            (Rol.DIRECTEUR, Rol.IB),
            "gesprekscyclus met ouders op maat",
            (TLV_ROUTE,),
        ),
    )
}

NIVEAU_CHOICES = [(n.nummer, f"{n.nummer} — {n.naam}") for n in NIVEAUS.values()]
