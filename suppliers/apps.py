from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = _("Leveranciers")

    def ready(self):
        from django.core.checks import register

        from accounts.twofactor import login_redirects
        from organisations import backup
        from organisations import demo as organisation_demo
        from procurement import extensions

        from . import access, demo, history, models, sections
        from .checks import check_evidence_fits_in_a_request

        register(check_evidence_fits_in_a_request)

        login_redirects.register(access.login_redirect)
        extensions.trajectory_sections.register(sections.trajectory_section)
        extensions.dossier_sections.register(sections.DOSSIER_SECTION)
        for source in history.SOURCES:
            extensions.history_sources.register(source)
        organisation_demo.steps.register(demo.build)  # a supplier of the laptops contract, submissions, a proposal
        backup.register(
            models.Supplier,
            models.Invitation,
            models.Submission,
            models.Evidence,
            models.Reminder,
            models.Message,
            models.Proposal,
        )
