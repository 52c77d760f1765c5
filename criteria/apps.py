from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    """The library of circular criteria and clauses, and the tender's circular part as a document."""

    name = "criteria"
    verbose_name = _("Criteria en clausules")

    def ready(self):
        from kpis import extensions as kpi_extensions
        from organisations import backup
        from organisations import demo as organisation_demo
        from procurement import extensions

        from . import demo, models, ocds, sections

        extensions.phase_sections.register(sections.phase_section)
        extensions.phase_sections.register(sections.award_section)
        extensions.dossier_sections.register(sections.DOSSIER_SECTION)
        extensions.dossier_sections.register(sections.AWARD_DOSSIER_SECTION)
        extensions.review_items.register(sections.review_items)
        extensions.ocds_circularity.register(ocds.PART)
        kpi_extensions.contract_sections.register(sections.promises_section)
        kpi_extensions.report_sections.register(sections.report_section)
        organisation_demo.steps.register(demo.build)  # the starter library, criteria chosen in the laptops trajectory
        backup.register(models.ChosenCriterion)
        backup.register(models.AwardModel)
        backup.register(models.AwardBid)
        backup.register(models.AwardScale)
        backup.register(models.Award)
        backup.register(models.AwardPromise)
