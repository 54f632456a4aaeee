from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "passend.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from passend.accounts import (
            auth_events,  # noqa: F401  (connects the auth signal receivers)
            policies,  # noqa: F401  (registers the permissions)
        )
