from django.apps import AppConfig


class OrganisatiesConfig(AppConfig):
    name = "passend.organisaties"
    label = "organisaties"
    verbose_name = "Organisaties"

    def ready(self):
        from passend.organisaties import policies  # noqa: F401  (registers the permissions)
