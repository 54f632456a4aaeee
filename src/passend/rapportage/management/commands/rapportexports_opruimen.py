"""Remove report exports older than PASSEND_EXPORT_DAGEN days (run daily, like stuur_herinneringen)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from passend.rapportage.services import rapportexports_opruimen


class Command(BaseCommand):
    help = "Verwijdert exports van kengetallen die ouder zijn dan PASSEND_EXPORT_DAGEN dagen."

    def handle(self, *args, **options):
        aantal = rapportexports_opruimen()
        self.stdout.write(f"{aantal} export(s) ouder dan {settings.PASSEND_EXPORT_DAGEN} dagen verwijderd.")
