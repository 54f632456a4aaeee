from django.core.management.base import BaseCommand, CommandError

from passend.trajecten.herinneringen import herinneringen_versturen


class Command(BaseCommand):
    help = (
        "Stuurt de e-mailherinneringen van vandaag over de termijnen van stappen in lopende trajecten "
        "(eenmaal per dag draaien, bijvoorbeeld vanuit cron; een tweede keer op dezelfde dag stuurt niets dubbel)."
    )

    def handle(self, *args, **options):
        verslag = herinneringen_versturen()
        self.stdout.write(
            f"{verslag.mails} e-mail(s) verstuurd met {verslag.herinneringen} herinnering(en)."
            if verslag.mails
            else "Geen herinneringen te versturen."
        )
        if verslag.mislukt:
            raise CommandError(
                f"{len(verslag.mislukt)} e-mail(s) konden niet worden verstuurd; de volgende run probeert het opnieuw."
            )
