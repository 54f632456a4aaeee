from django.apps import AppConfig


class ArrangementenConfig(AppConfig):
    name = "passend.arrangementen"
    label = "arrangementen"
    verbose_name = "Arrangementen"

    def ready(self):
        from passend.arrangementen import policies, tlv_policies  # noqa: F401  (registers the permissions)
