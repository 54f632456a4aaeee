from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from passend.accounts.models import Lidmaatschap, User
from passend.accounts.roles import Rol
from passend.accounts.services import send_invitation
from passend.core import audit
from passend.organisaties.models import Samenwerkingsverband


class Command(BaseCommand):
    help = "Maakt (zo nodig) een samenwerkingsverband en een functioneel beheerder aan, die een e-mail krijgt."

    def add_arguments(self, parser):
        parser.add_argument("--swv-naam", required=True)
        parser.add_argument("--swv-code", required=True, help="Bijvoorbeeld 'PO 20.01'.")
        parser.add_argument("--email", required=True)
        parser.add_argument("--naam", required=True)

    @transaction.atomic
    def handle(self, *args, swv_naam, swv_code, email, naam, **options):
        # Bootstrap for a new installation: there is no beheerder yet to act through the services.
        try:
            swv = Samenwerkingsverband.objects.filter(code=swv_code).first()
            if swv is None:
                swv = Samenwerkingsverband(naam=swv_naam, code=swv_code)
                swv.full_clean()
                swv.save()
            user = User.objects.filter(email=email.lower()).first()
            if user is None:
                user = User(email=email.lower(), naam=naam)
                user.set_unusable_password()
                user.full_clean(exclude=["password"])
                user.save()
                transaction.on_commit(lambda: send_invitation(user))
            lid, created = Lidmaatschap.objects.get_or_create(user=user, rol=Rol.BEHEERDER, samenwerkingsverband=swv)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if created:
            audit.log(
                audit.Action.ROLE_CHANGE,
                obj=lid,
                actor_label="manage.py maak_beheerder",
                detail={"toegekend": {"gebruiker": user.email, "rol": Rol.BEHEERDER}},
            )
        self.stdout.write(self.style.SUCCESS(f"{user.email} is beheerder van {swv}. Een uitnodiging is verstuurd."))
