from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = _("Leveranciers")

    def ready(self):
        from organisations import backup

        from . import models

        backup.register(
            models.Supplier,
            models.Invitation,
            models.Submission,
            models.Evidence,
            models.Reminder,
            models.Message,
            models.Proposal,
        )
