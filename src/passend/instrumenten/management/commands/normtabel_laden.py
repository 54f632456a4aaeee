"""Load a norm table (CSV, docs/instrumenten.md) for the newest version of an instrument."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from passend.instrumenten import services
from passend.instrumenten.management.commands.instrument_laden import beheerder_en_swv, fouten
from passend.instrumenten.models import Instrument


class Command(BaseCommand):
    help = "Laad een normtabel (CSV) bij de nieuwste versie van een vragenlijst."

    def add_arguments(self, parser):
        parser.add_argument("bestand")
        parser.add_argument("--samenwerkingsverband", required=True)
        parser.add_argument("--beheerder", required=True)
        parser.add_argument("--instrument", required=True, help="De code van de vragenlijst, bijvoorbeeld 'vpi'.")
        parser.add_argument("--bron", default="", help="Waar de normen vandaan komen.")

    def handle(self, *args, **options):
        actor, swv = beheerder_en_swv(options)
        instrument = (
            Instrument.objects.filter(samenwerkingsverband=swv, code=options["instrument"]).order_by("-versie").first()
        )
        if instrument is None:
            raise CommandError(f"Er is geen vragenlijst met code {options['instrument']}.")
        pad = Path(options["bestand"])
        try:
            tabel = services.normtabel_laden(
                actor=actor, instrument=instrument, inhoud=pad.read_bytes(), bron=options["bron"], bestandsnaam=pad.name
            )
        except OSError as error:
            raise CommandError(f"Kan {pad} niet lezen: {error.strerror}.")
        except PermissionDenied:
            raise CommandError("Deze gebruiker is geen beheerder van dit samenwerkingsverband.")
        except ValidationError as error:
            raise CommandError(f"{pad.name} is niet geladen:\n{fouten(error)}")
        self.stdout.write(f"Normtabel geladen bij {instrument} ({tabel.regels.count()} regels).")
