"""The periodic jobs of the apps up to this one (api registers its own in its AppConfig)."""

import datetime
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from learning import benchmark
from suppliers.reminders import send_reminders

from . import deadlines, digest
from .scheduler import DAY, Job

HOUR = datetime.timedelta(hours=1)


def _today(due_at: datetime.datetime) -> datetime.date:
    return timezone.localdate(due_at)


def notify(due_at):
    return f"{deadlines.fire(_today(due_at))} nieuwe meldingen"


def reminders(due_at):
    outcome = send_reminders(_today(due_at))
    return f"{outcome.due} te rapporteren, {outcome.overdue} te laat, {outcome.digests} weekoverzichten"


def compute_benchmark(due_at):
    run = benchmark.compute()
    return f"{run.organisation_count} organisaties, {run.figures.count()} cijfers"


def send_digests(due_at):
    return f"{digest.send_digests(_today(due_at))} overzichten verstuurd"


def command(name, *args):
    """A job that runs a management command of Django or a library (its output is the run's log line)."""

    def run(due_at):
        out = StringIO()
        call_command(name, *args, stdout=out)
        return out.getvalue().strip()[:500]

    return run


def prune_task_results(due_at):
    """Finished task results are kept by the database task backend only; with another backend
    (``make run`` makes PDFs in the request) there is nothing to prune."""
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db."):
        return f"Niets op te ruimen: de taken lopen niet via de database ({backend.rsplit('.', 1)[-1]})."
    return command("prune_db_task_results")(due_at)


JOBS = [
    Job("notifications", notify, HOUR, description="Deadlines omzetten in meldingen (ieder uur)"),
    Job("supplier_reminders", reminders, DAY, HOUR * 7, "Herinneringen aan leveranciers (dagelijks 07:00 UTC)"),
    Job("benchmark", compute_benchmark, DAY, HOUR * 2, "De benchmark opnieuw berekenen (dagelijks 02:00 UTC)"),
    Job("clearsessions", command("clearsessions"), DAY, HOUR * 4, "Verlopen sessies verwijderen (dagelijks 04:00 UTC)"),
    Job("axes_reset_logs", command("axes_reset_logs"), DAY, HOUR * 4, "Oude inlogpogingen verwijderen (04:00 UTC)"),
    Job("prune_db_task_results", prune_task_results, DAY, HOUR * 5, "Afgeronde taken opruimen (05:00)"),
    Job("digests", send_digests, DAY, HOUR * 6, "Overzichten per e-mail (dagelijks 06:00 UTC; wekelijks op maandag)"),
]
