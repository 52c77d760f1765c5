from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = _("Leveranciers")

    def ready(self):
        from django.core.checks import register

        from chefcirculair import backup

        from .checks import check_evidence_fits_in_a_request

        register(check_evidence_fits_in_a_request)

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
