"""Periodic jobs inside the app's own processes, without cron.

Each job has a period and an offset (e.g. every day at 02:00 UTC). Its due times
are the grid ``epoch + offset + k × period``. ``run_due_jobs(now)`` runs, for each
job, its latest due time that has not run yet. The claim is a row in ``JobRun``
under the unique constraint (job, due time): whichever process inserts it first
runs the job; every other process gets an IntegrityError and moves on. That holds
on PostgreSQL and SQLite alike, with any number of app servers and workers.

A failed run is retried on the next tick (up to ``MAX_ATTEMPTS``): the retry is
claimed with a conditional UPDATE on the attempt count, again only one process wins.
A run that has been "running" for longer than ``STALE_AFTER`` (its process died)
counts as failed.

Why not APScheduler, procrastinate or django-q2: the project already has a
database and the django.tasks worker; a job table with a unique key is all the
once-only guarantee needs, on both databases the project supports (procrastinate
needs PostgreSQL; APScheduler's own job store does not stop two processes from
running the same job; django-q2 brings its own cluster and broker).
"""

import datetime
import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import F
from django.utils import timezone

from lib.extension_points import ExtensionPoint

from .models import JobRun, ScheduledJob

logger = logging.getLogger(__name__)

EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)  # a Monday, so weekly jobs fall on Mondays
MAX_ATTEMPTS = 3
STALE_AFTER = datetime.timedelta(hours=2)
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[datetime.datetime], str]  # gets the due time, returns a line for the log
    period: datetime.timedelta
    offset: datetime.timedelta = datetime.timedelta(0)
    description: str = ""

    def due_at(self, now: datetime.datetime) -> datetime.datetime:
        """The latest due time at or before ``now``."""
        steps = (now - EPOCH - self.offset) // self.period
        return EPOCH + self.offset + steps * self.period

    def next_due_at(self, now: datetime.datetime) -> datetime.datetime:
        return self.due_at(now) + self.period


# The periodic jobs, registered in the AppConfig.ready() of the app that owns them.
jobs: ExtensionPoint = ExtensionPoint("periodic jobs (notifications.scheduler.Job)")


def registered() -> dict[str, Job]:
    return {job.name: job for job in jobs}


def claim(job: Job, due_at: datetime.datetime, now: datetime.datetime) -> JobRun | None:
    """The run of ``job`` for ``due_at`` if this process may run it, else None (another process has it).

    A due time that already ran is found by a read; only a new one is inserted (the unique
    (job, due time) key decides between two processes inserting it at once)."""
    run = JobRun.objects.filter(job=job.name, due_at=due_at).first()
    if run is None:
        try:
            with transaction.atomic():
                return JobRun.objects.create(job=job.name, due_at=due_at, started_at=now)
        except IntegrityError:
            run = JobRun.objects.filter(job=job.name, due_at=due_at).first()
    if run is None or run.attempts >= MAX_ATTEMPTS:
        return None
    stale = run.state == JobRun.State.RUNNING and run.started_at < now - STALE_AFTER
    if run.state != JobRun.State.FAILED and not stale:
        return None
    # Compare and swap on the attempt count: of two processes retrying, one updates the row.
    won = JobRun.objects.filter(pk=run.pk, attempts=run.attempts, state=run.state).update(
        attempts=F("attempts") + 1, state=JobRun.State.RUNNING, started_at=now, finished_at=None
    )
    if not won:
        return None
    run.refresh_from_db()
    return run


def execute(job: Job, run: JobRun) -> JobRun:
    try:
        output = job.run(run.due_at) or ""
        run.state = JobRun.State.DONE
    except Exception:  # a failing job is recorded and retried, it never stops the scheduler
        logger.exception("Scheduled job %s failed", job.name)
        output = traceback.format_exc(limit=5)
        run.state = JobRun.State.FAILED
    run.output = output[:5000]
    run.finished_at = timezone.now()
    run.save(update_fields=["state", "output", "finished_at"])
    return run


def run_due_jobs(now: datetime.datetime | None = None, only: set[str] | None = None) -> list[JobRun]:
    """Run every job whose latest due time has not run yet (once, whichever process gets there first)."""
    now = now or timezone.now()
    done = []
    for job in registered().values():
        if only and job.name not in only:
            continue
        due_at = job.due_at(now)
        run = claim(job, due_at, now)
        if run is None:
            continue  # nothing new: the process that ran this due time recorded it
        done.append(execute(job, run))
        ScheduledJob.objects.update_or_create(
            name=job.name,
            defaults={
                "description": job.description,
                "last_due_at": run.due_at,
                "last_state": run.state,
                "next_due_at": job.next_due_at(now),
            },
        )
    return done


def loop(interval: float = 60, stop: Callable[[], bool] = lambda: False) -> None:
    """Tick forever (the ``run_schedule`` command and the thread in ``make run``)."""
    while not stop():
        close_old_connections()
        try:
            run_due_jobs()
        except Exception:  # the database may be away for a moment; try again next tick
            logger.exception("Scheduler tick failed")
        close_old_connections()
        time.sleep(interval)


def start_thread(interval: float = 60):
    """Tick in a daemon thread of this process (the development server of `make run`)."""
    import threading

    thread = threading.Thread(target=loop, kwargs={"interval": interval}, name="scheduler", daemon=True)
    thread.start()
    return thread
