from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "passend.api"
    label = "api"
    verbose_name = "API"
