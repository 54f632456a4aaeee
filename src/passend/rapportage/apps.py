from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "passend.rapportage"
    label = "rapportage"
    verbose_name = "Rapportage"

    def ready(self):
        from passend.rapportage import policies  # noqa: F401  (registers the permissions)
