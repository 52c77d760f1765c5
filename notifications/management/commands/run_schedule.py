"""Run the periodic jobs: once (`--once`, e.g. from a test or by hand) or every minute (bin/serve starts it)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications import scheduler


class Command(BaseCommand):
    help = "Voer de geplande taken uit die aan de beurt zijn (elke taak één keer per geplande tijd)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Eén ronde en stoppen.")
        parser.add_argument("--interval", type=float, default=60, help="Seconden tussen twee rondes.")
        parser.add_argument("--job", action="append", help="Alleen deze taak (mag vaker).")
        parser.add_argument(
            "--now", type=datetime.datetime.fromisoformat, help="Doe alsof het nu dit tijdstip is (ISO, met tijdzone)."
        )

    def handle(self, *args, once=False, interval=60, job=None, now=None, **options):
        unknown = set(job or []) - set(scheduler.registered())
        if unknown:
            raise CommandError(f"Onbekende taak: {', '.join(sorted(unknown))}.")
        if not once:
            self.stdout.write(f"Planner gestart: {len(scheduler.registered())} taken, elke {interval:g} seconden.")
            scheduler.loop(interval)
            return
        for run in scheduler.run_due_jobs(now, only=set(job) if job else None):
            self.stdout.write(f"{run.job} ({run.due_at:%Y-%m-%d %H:%M}): {run.get_state_display()}. {run.output}")
