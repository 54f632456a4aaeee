"""Instruments for the tests: Passend's examples installed in the cast's partnership."""

from passend.instrumenten import services
from passend.instrumenten.models import Instrument


def installeer(cast, code: str = "vpi") -> Instrument:
    bestaand = Instrument.objects.filter(samenwerkingsverband=cast.swv, code=code, actief=True).first()
    return bestaand or services.instrument_preset_installeren(
        actor=cast.beheerder, samenwerkingsverband=cast.swv, code=code
    )


def alle_antwoorden(instrument: Instrument, waarde: int = 1) -> dict:
    """Every scale question answered with `waarde`, every open question with a short text."""
    return {
        v.code: (waarde if v.soort == "schaal" else "Gaat goed met een vaste plek.") for v in instrument.vragen.all()
    }


def afgeronde_afname(cast, instrument=None, *, actor=None, waarde=1, peildatum=None, leerling=None):
    instrument = instrument or installeer(cast)
    actor = actor or cast.leerkracht_a
    afname = services.afname_starten(
        actor=actor, instrument=instrument, leerling=leerling or cast.leerling_a, peildatum=peildatum
    )
    services.afname_opslaan(actor=actor, afname=afname, antwoorden=alle_antwoorden(instrument, waarde))
    return services.afname_afronden(actor=actor, afname=afname)
