from django.apps import AppConfig


class TrajectenConfig(AppConfig):
    name = "passend.trajecten"
    label = "trajecten"
    verbose_name = "Trajecten"

    def ready(self):
        from passend.trajecten import policies  # noqa: F401  (registers the permissions)
