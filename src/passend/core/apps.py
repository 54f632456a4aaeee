from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "passend.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self):
        from passend.core import policies  # noqa: F401  (registers the permissions)
