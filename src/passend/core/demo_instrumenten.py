"""Demo data for questionnaires: Passend's example instruments in De Voorbeeldregio, a fictional
norm table for the example VPI, and Sanne's two VPIs five and one month ago (to compare).

Ryan has none: filling in his VPI is the walk the guide describes (seed 003, VPI step 3). Sem's VPI
(the start of his VPI traject) is filled in by demo_ondersteuning with `vpi_afronden`.
"""

from datetime import date
from pathlib import Path

from passend.accounts.models import User
from passend.instrumenten import services
from passend.instrumenten.models import Instrument
from passend.leerlingen.models import Leerling

NORMEN = Path(__file__).resolve().parent / "demo_data" / "vpi-voorbeeldnormen.csv"
NORMBRON = "Verzonnen voorbeeldnormen voor de demo — niet voor echt gebruik"


def _maanden_terug(dag: date, maanden: int) -> date:
    jaar, maand = divmod(dag.year * 12 + dag.month - 1 - maanden, 12)
    return date(jaar, maand + 1, min(dag.day, 28))


def vpi_afronden(leerling, door, peildatum: date, hoog: set[str], sterk: str) -> None:
    """A finished VPI: much support asked on the areas in `hoog`, a little elsewhere."""
    vpi = Instrument.objects.get(samenwerkingsverband_id=leerling.samenwerkingsverband_id, code="vpi", actief=True)
    afname = services.afname_starten(actor=door, instrument=vpi, leerling=leerling, peildatum=peildatum)
    antwoorden = {}
    for vraag in vpi.vragen.select_related("gebied"):
        if vraag.soort == "schaal":
            antwoorden[vraag.code] = 2 if vraag.gebied.code in hoog else (1 if vraag.volgorde % 2 else 0)
        else:
            antwoorden[vraag.code] = sterk
    services.afname_opslaan(actor=door, afname=afname, antwoorden=antwoorden, opmerking="Samen met Karin ingevuld.")
    services.afname_afronden(actor=door, afname=afname)


def load(regio) -> None:
    if Instrument.objects.filter(samenwerkingsverband=regio).exists():
        return
    bram = User.objects.get(email="bram@voorbeeldregio.example")
    for code in services.PRESET_CODES:
        services.instrument_preset_installeren(actor=bram, samenwerkingsverband=regio, code=code)
    vpi = Instrument.objects.get(samenwerkingsverband=regio, code="vpi", actief=True)
    services.normtabel_laden(
        actor=bram, instrument=vpi, inhoud=NORMEN.read_bytes(), bron=NORMBRON, bestandsnaam=NORMEN.name
    )
    desiree = User.objects.get(email="desiree@voorbeeldregio.example")
    sanne = Leerling.objects.get(voornaam="Sanne", achternaam="Vermeulen")
    vandaag = date.today()
    sterk = "Sanne zet door als ze een taak in kleine stappen krijgt."
    vpi_afronden(
        sanne, desiree, _maanden_terug(vandaag, 5), {"lichamelijk", "redzaamheid", "leeromgeving", "didactiek"}, sterk
    )
    vpi_afronden(sanne, desiree, _maanden_terug(vandaag, 1), {"lichamelijk", "leeromgeving"}, sterk)
