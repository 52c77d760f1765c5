"""Build Gemeente Benchstad for benchmarks and load tests (replaces an earlier one).

N trajectories in every phase with every question answered, and 30 KPIs × 10 years.
Run: .venv/bin/python bench/seed_bench.py [--trajectories 50] [--no-kpis] [--allow-production]
It uses the database of the environment (DATABASE_URL, DATA_DIR), like manage.py.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trajectories", type=int, default=50)
    parser.add_argument("--no-kpis", action="store_true")
    parser.add_argument("--allow-production", action="store_true", help="Never on a real installation.")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chefcirculair.settings")
    import django

    django.setup()
    from django.conf import settings

    from bench import seed

    if not (settings.DEBUG or settings.TESTING or args.allow_production):
        print("Bench data is for development only (DEBUG is off). Nothing was created.", file=sys.stderr)
        return 1
    started = time.perf_counter()
    result = seed.build(args.trajectories, with_kpis=not args.no_kpis)
    print(
        f"{result.organisation.name}: {len(result.trajectories)} trajectories "
        f"in {time.perf_counter() - started:.1f} s. Logins <role>@benchstad.nl, "
        f"password {seed.BENCH_PASSWORD}."
    )
    if result.kpi_note:
        print(result.kpi_note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
