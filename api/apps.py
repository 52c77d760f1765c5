from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API en API-sleutels")

    def ready(self):
        from notifications import deadlines, scheduler
        from organisations import backup

        from . import models, schedule

        scheduler.jobs.register(schedule.JOB)
        deadlines.sources.register(schedule.expiring_keys)

        # A restored token never works: its hash is cleared on import (an empty hash matches no secret).
        cleared = {"secret_hash": "", "revoked_at": None}  # nosec
        backup.register(models.ApiToken, clear_on_import=cleared)
        backup.register(models.ApiRequest)
