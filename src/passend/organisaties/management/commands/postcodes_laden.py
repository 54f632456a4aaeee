"""Load the centres of four-digit postcode areas (CSV `pc4;latitude;longitude`), e.g. from CBS's
open data, so matching can measure the distance from a pupil's home. Existing areas are updated."""

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from passend.organisaties.models import Postcodegebied

KOP = ["pc4", "latitude", "longitude"]


def lees(pad: Path) -> list[Postcodegebied]:
    gebieden, fouten = [], []
    with pad.open(encoding="utf-8-sig", newline="") as bestand:
        lezer = csv.reader(bestand, delimiter=";")
        if [k.strip().lower() for k in next(lezer, [])] != KOP:
            raise CommandError("Regel 1: de kopregel moet ‘pc4;latitude;longitude’ zijn.")
        for nummer, rij in enumerate(lezer, start=2):
            if not any(c.strip() for c in rij):
                continue
            try:
                pc4, lat, lon = (c.strip() for c in rij)
                lat, lon = Decimal(lat.replace(",", ".")), Decimal(lon.replace(",", "."))
            except (ValueError, InvalidOperation):
                fouten.append(f"Regel {nummer}: verwacht pc4;latitude;longitude met getallen.")
                continue
            if not (len(pc4) == 4 and pc4.isdigit() and pc4[0] != "0"):
                fouten.append(f"Regel {nummer}: ‘{pc4[:10]}’ is geen postcodegebied van vier cijfers.")
            elif not (50 <= lat <= 54 and 3 <= lon <= 8):
                fouten.append(f"Regel {nummer}: de coördinaten liggen niet in Nederland.")
            else:
                gebieden.append(Postcodegebied(pc4=pc4, latitude=round(lat, 6), longitude=round(lon, 6)))
    if fouten:
        raise CommandError("\n".join(fouten[:20]))
    return gebieden


class Command(BaseCommand):
    help = "Laad de middelpunten van postcodegebieden (pc4;latitude;longitude) voor afstanden bij matching."

    def add_arguments(self, parser):
        parser.add_argument("bestand")

    def handle(self, *args, **options):
        gebieden = lees(Path(options["bestand"]))
        with transaction.atomic():
            Postcodegebied.objects.bulk_create(
                gebieden, update_conflicts=True, unique_fields=["pc4"], update_fields=["latitude", "longitude"]
            )
        self.stdout.write(f"{len(gebieden)} postcodegebieden geladen.")
