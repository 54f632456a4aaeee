from django.apps import AppConfig


class DossierConfig(AppConfig):
    name = "passend.dossier"
    label = "dossier"
    verbose_name = "Dossier"

    def ready(self):
        from passend.dossier import policies  # noqa: F401  (registers the permissions)
        from passend.dossier.models import Bijdrage
        from passend.leerlingen.artefacten import register_check

        register_check(
            "groeidocument", lambda leerling: Bijdrage.objects.filter(versie__groeidocument__leerling=leerling).exists()
        )
