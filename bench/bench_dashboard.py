"""Dashboard render time against a bare Django view, on 50 KPIs × 10 years × 4 departments.

Run: .venv/bin/python bench/bench_dashboard.py [--runs 30] [--kpis 50]

Uses a temporary SQLite database (migrated here), the Django test client for
both the dashboard and a bare view in the same run, and prints median and p95
times, their ratio (target: ≤ 25×) and the dashboard's query count.

Runs with production settings (DEBUG and TESTING off, so the cached template
loader, no fail-closed scoping checks, HTTPS-only cookies and redirects: the
requests are made as HTTPS) and without Django's test instrumentation of
template rendering (no setup_test_environment), which would otherwise copy
every template context for the test client. Both views go through the same
middleware. ``--profile`` prints a cProfile of the dashboard requests.
"""

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed(client, url, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, secure=True)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--kpis", type=int, default=50)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the dashboard requests")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="cc-bench-")
    os.environ["DATA_DIR"] = tmp.name
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        TESTING="false",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="testserver",
        STATIC_ROOT=str(Path(tmp.name) / "static"),
        LOG_LEVEL="WARNING",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chefcirculair.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    from chefcirculair.models import Membership, Organisation, Role
    from kpis.bench import seed_kpis
    from tests.access.world import make_user

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest storage needs it
    call_command("load_guidance", verbosity=0)
    organisation = Organisation.objects.create(name="Gemeente Bench")
    user = make_user("bench-chef")
    Membership.objects.create(user=user, organisation=organisation, role=Role.CHEF_CIRCULAIR)
    started = time.perf_counter()
    seed_kpis(organisation, n_kpis=args.kpis, years=args.years)
    seeded = time.perf_counter() - started

    with override_settings(ROOT_URLCONF="bench.bench_urls", DEBUG=False):
        client = Client()
        client.force_login(user)
        year = __import__("datetime").date.today().year - 1
        dashboard_url = f"/dashboard/?jaar={year}"
        client.get(dashboard_url, secure=True)  # warm up templates and caches
        client.get("/bench-bare/", secure=True)
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *a: (queries.append(sql), execute(sql, *a))[1]):
            size = len(client.get(dashboard_url, secure=True).content)
        bare = timed(client, "/bench-bare/", args.runs)
        dash = timed(client, dashboard_url, args.runs)
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            timed(client, dashboard_url, args.runs)
            profiler.disable()

    print(
        f"Seeded {args.kpis} KPIs × {args.years} years × 4 departments in {seeded:.1f} s"
        f" (SQLite, {settings.DATABASES['default']['NAME']})"
    )
    print(f"bare view:  median {statistics.median(bare):7.2f} ms   p95 {percentile(bare, 0.95):7.2f} ms")
    print(
        f"dashboard:  median {statistics.median(dash):7.2f} ms   p95 {percentile(dash, 0.95):7.2f} ms"
        f"   ({size // 1024} KiB HTML)"
    )
    ratio = statistics.median(dash) / statistics.median(bare)
    print(f"ratio (median dashboard / median bare): {ratio:.1f}×   target ≤ 25×")
    print(f"dashboard queries: {len(queries)}")
    if args.profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    tmp.cleanup()


if __name__ == "__main__":
    main()
