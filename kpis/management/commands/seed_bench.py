import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kpis import bench_seed


class Command(BaseCommand):
    help = (
        "Build Gemeente Benchstad for benchmarks and load tests: N trajectories in every phase with every "
        "question answered, and 30 KPIs × 10 years when the KPI app provides them. Replaces an earlier one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--trajectories", type=int, default=50)
        parser.add_argument("--no-kpis", action="store_true")
        parser.add_argument("--allow-production", action="store_true", help="Never on a real installation.")

    def handle(self, *args, trajectories, no_kpis, allow_production, **options):
        if not (settings.DEBUG or settings.TESTING or allow_production):
            raise CommandError("Bench data is for development only (DEBUG is off). Nothing was created.")
        started = time.perf_counter()
        result = bench_seed.build(trajectories, with_kpis=not no_kpis)
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.organisation.name}: {len(result.trajectories)} trajectories "
                f"in {time.perf_counter() - started:.1f} s. Logins <role>@benchstad.nl, "
                f"password {bench_seed.BENCH_PASSWORD}."
            )
        )
        if result.kpi_note:
            self.stdout.write(result.kpi_note)
