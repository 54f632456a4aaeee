from django.core.management.base import BaseCommand

from passend.core import demo


class Command(BaseCommand):
    help = "Laadt de demodata (De Voorbeeldregio en Rivierenland). Twee keer draaien verandert niets."

    def handle(self, *args, **options):
        demo.load()
        self.stdout.write(self.style.SUCCESS("Demodata geladen."))
        self.stdout.write(f"Demo-wachtwoord voor alle accounts: {demo.DEMO_PASSWORD}")
        for login in demo.demo_logins():
            self.stdout.write(f"  {login.email:<34} {login.toelichting}")
