from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpisConfig(AppConfig):
    name = "kpis"
    verbose_name = _("KPI's en monitoring")

    def ready(self):
        from organisations import backup
        from organisations import demo as organisation_demo
        from procurement import extensions

        from . import demo, models, sections

        organisation_demo.steps.register(demo.build)  # KPIs, targets and measurements

        extensions.trajectory_sections.register(sections.trajectory_section)
        extensions.dossier_sections.register(sections.DOSSIER_SECTION)

        backup.register(models.Kpi, models.TargetOverride, models.Measurement)
        # A report's stored HTML and PDF are never taken from a file: they are generated again.
        backup.register(
            models.AnnualReport,
            clear_on_import={
                "html": "",
                "file": "",
                "sha256": "",
                "size": 0,
                "status": models.AnnualReport.Status.QUEUED,
                "started_at": None,
                "task_id": "",
                "error": "",
                "finished_at": None,
            },
            after_import=regenerate_reports,
        )


def regenerate_reports(report_ids: list[int]) -> None:
    """Generate imported annual reports again (their stored content is never imported)."""
    from .tasks import generate_annual_report

    for report_id in report_ids:
        generate_annual_report.enqueue(report_id)
