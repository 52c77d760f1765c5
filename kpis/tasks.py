"""Background tasks (django.tasks, run by `manage.py db_worker` of django-tasks-db)."""

from django.tasks import task

from . import reports


@task()
def generate_annual_report(report_id: int) -> str:
    """Render the jaarverslag to HTML and PDF and store both on the AnnualReport."""
    return reports.generate(report_id)
