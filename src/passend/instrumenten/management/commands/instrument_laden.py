"""Load an instrument definition (docs/instrumenten.md) from the command line, as a beheerder."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from passend.accounts.models import User
from passend.instrumenten import services
from passend.organisaties.models import Samenwerkingsverband


def beheerder_en_swv(options):
    try:
        swv = Samenwerkingsverband.objects.get(code=options["samenwerkingsverband"])
        actor = User.objects.get(email__iexact=options["beheerder"])
    except (Samenwerkingsverband.DoesNotExist, User.DoesNotExist):
        raise CommandError("Onbekend samenwerkingsverband of onbekende beheerder.")
    return actor, swv


def fouten(error: ValidationError) -> str:
    return "\n".join(error.messages)


class Command(BaseCommand):
    help = "Laad een vragenlijst (JSON) voor een samenwerkingsverband; een bestaande code wordt een nieuwe versie."

    def add_arguments(self, parser):
        parser.add_argument("bestand")
        parser.add_argument("--samenwerkingsverband", required=True, help="De code, bijvoorbeeld 'PO 22.01'.")
        parser.add_argument("--beheerder", required=True, help="E-mailadres van een beheerder van dat verband.")

    def handle(self, *args, **options):
        actor, swv = beheerder_en_swv(options)
        pad = Path(options["bestand"])
        try:
            instrument = services.instrument_laden(
                actor=actor, samenwerkingsverband=swv, inhoud=pad.read_bytes(), bestandsnaam=pad.name
            )
        except OSError as error:
            raise CommandError(f"Kan {pad} niet lezen: {error.strerror}.")
        except PermissionDenied:
            raise CommandError("Deze gebruiker is geen beheerder van dit samenwerkingsverband.")
        except ValidationError as error:
            raise CommandError(f"{pad.name} is niet geladen:\n{fouten(error)}")
        self.stdout.write(f"{instrument.naam} geladen als versie {instrument.versie}.")
