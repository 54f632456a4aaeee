from django.apps import AppConfig


class InstrumentenConfig(AppConfig):
    name = "passend.instrumenten"
    label = "instrumenten"
    verbose_name = "Instrumenten"

    def ready(self):
        from passend.instrumenten import policies  # noqa: F401  (registers the permissions)
