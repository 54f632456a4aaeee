from django.apps import AppConfig


class FinancienConfig(AppConfig):
    name = "passend.financien"
    label = "financien"
    verbose_name = "Financiën"

    def ready(self):
        from passend.financien import policies  # noqa: F401  (registers the permissions)
