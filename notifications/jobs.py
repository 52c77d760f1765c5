"""The periodic jobs of the apps up to this one (api registers its own in its AppConfig)."""

import datetime

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


JOBS = [
    Job("notifications", notify, HOUR, description="Deadlines omzetten in meldingen (ieder uur)"),
    Job("supplier_reminders", reminders, DAY, HOUR * 7, "Herinneringen aan leveranciers (dagelijks 07:00 UTC)"),
    Job("benchmark", compute_benchmark, DAY, HOUR * 2, "De benchmark opnieuw berekenen (dagelijks 02:00 UTC)"),
    Job("digests", send_digests, DAY, HOUR * 6, "Overzichten per e-mail (dagelijks 06:00 UTC; wekelijks op maandag)"),
]
