from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "passend.matching"
    label = "matching"
    verbose_name = "Matching (vijf velden)"

    def ready(self):
        from passend.matching import policies  # noqa: F401  (registers the permissions)
