"""Compute the anonymous benchmark snapshot. The scheduler (notifications) runs it nightly; this is for by hand."""

from django.core.management.base import BaseCommand

from learning import benchmark


class Command(BaseCommand):
    help = "Compute the anonymous benchmark between opted-in organisations (the snapshot the page shows)."

    def handle(self, *args, **options):
        run = benchmark.compute()
        self.stdout.write(
            self.style.SUCCESS(
                f"Benchmark computed: {run.organisation_count} organisations opted in, {run.figures.count()} figures."
            )
        )
