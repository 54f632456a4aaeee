from django.apps import AppConfig


class LeerlingenConfig(AppConfig):
    name = "passend.leerlingen"
    label = "leerlingen"
    verbose_name = "Leerlingen"

    def ready(self):
        from passend.leerlingen import policies  # noqa: F401  (registers the permissions)
