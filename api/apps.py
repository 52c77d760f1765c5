from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API en API-sleutels")

    def ready(self):
        from chefcirculair import backup

        from . import models

        # A restored token never works: its secret is not in the file, only a hash that is cleared on import.
        backup.register(models.ApiToken, clear_on_import={"secret_hash": "", "revoked_at": None})
        backup.register(models.ApiRequest)
