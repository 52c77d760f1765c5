"""Background tasks of procurement (django.tasks, run by `manage.py db_worker` of django-tasks-db)."""

from django.tasks import task

from . import dossier_pdfs


@task()
def make_dossier_pdf(document_id: int) -> str:
    """Render one stored dossier PDF (a trajectory at one content version)."""
    return dossier_pdfs.make(document_id)
