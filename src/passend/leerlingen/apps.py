from django.apps import AppConfig


class LeerlingenConfig(AppConfig):
    name = "passend.leerlingen"
    label = "leerlingen"
    verbose_name = "Leerlingen"

    def ready(self):
        from passend.leerlingen import policies  # noqa: F401  (registers the permissions)
        from passend.leerlingen.artefacten import register_check
        from passend.leerlingen.models import Toestemming
        from passend.leerlingen.services import heeft_toestemming

        register_check("toestemming_extern", lambda leerling: heeft_toestemming(leerling, Toestemming.Onderwerp.EXTERN))
