from django.apps import AppConfig


class DossierConfig(AppConfig):
    name = "passend.dossier"
    label = "dossier"
    verbose_name = "Dossier"

    def ready(self):
        from passend.dossier import policies  # noqa: F401  (registers the permissions)
