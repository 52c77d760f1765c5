"""Background tasks (django.tasks, run by `manage.py db_worker` of django-tasks-db)."""

from django.tasks import task

from . import benchmark


@task()
def compute_benchmark() -> int:
    """Write a new benchmark snapshot; returns the number of figures."""
    return benchmark.compute().figures.count()
