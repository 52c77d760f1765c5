"""Background tasks (django.tasks): the supplier reminders, to schedule daily (e.g. from cron or a scheduler)."""

from django.tasks import task

from .reminders import send_reminders


@task()
def send_supplier_reminders() -> dict:
    outcome = send_reminders()
    return {"due": outcome.due, "overdue": outcome.overdue, "digests": outcome.digests, "messages": outcome.messages}
