"""Dashboard render time against a bare Django view, on 50 KPIs × 10 years × 4 departments.

Run: .venv/bin/python bench/bench_dashboard.py [--runs 30] [--kpis 50]

Uses a temporary SQLite database (migrated here), the Django test client for
both the dashboard and a bare view in the same run (in alternating blocks, so
that both see the same machine), and prints median and p95 times, their ratio (target:
≤ 25×), the same ratio on CPU time (less disturbed by other load on a shared
machine) and the dashboard's query count.

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
    """Wall-clock and CPU (this thread) milliseconds per request."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.thread_time()
        response = client.get(url, secure=True)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return wall, cpu


def in_blocks(client, urls, runs, blocks=5):
    """Time the URLs in alternating blocks of consecutive requests, so that both see the same machine.

    Not one request each in turn: a bare request right after a dashboard pays
    for the dashboard's garbage (collection, cold caches), which would flatter
    the ratio.
    """
    results = {url: ([], []) for url in urls}
    for block in range(blocks):
        size = runs // blocks + (1 if block < runs % blocks else 0)
        for url in urls:
            timed(client, url, 1)  # settle after the other URL's block; not counted
            wall, cpu = timed(client, url, size)
            results[url][0].extend(wall)
            results[url][1].extend(cpu)
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--kpis", type=int, default=50)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--effects", type=int, default=50, help="trajectories with a stored effect")
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

    from bench.seed_kpis import seed_effects, seed_kpis
    from organisations.models import Membership, Organisation, Role
    from tests.access.world import make_user

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest storage needs it
    call_command("load_guidance", verbosity=0)
    organisation = Organisation.objects.create(name="Gemeente Bench")
    user = make_user("bench-chef")
    Membership.objects.create(user=user, organisation=organisation, role=Role.CHEF_CIRCULAIR)
    started = time.perf_counter()
    seed_kpis(organisation, n_kpis=args.kpis, years=args.years)
    seed_effects(organisation, n_trajectories=args.effects, created_by=user)
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
        results = in_blocks(client, ["/bench-bare/", dashboard_url], args.runs)
        (bare, bare_cpu), (dash, dash_cpu) = results["/bench-bare/"], results[dashboard_url]
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            timed(client, dashboard_url, args.runs)
            profiler.disable()

    print(
        f"Seeded {args.kpis} KPIs × {args.years} years × 4 departments and {args.effects} trajectories with"
        f" effects in {seeded:.1f} s"
        f" (SQLite, {settings.DATABASES['default']['NAME']})"
    )
    print(
        f"bare view:  median {statistics.median(bare):7.2f} ms   p95 {percentile(bare, 0.95):7.2f} ms"
        f"   CPU median {statistics.median(bare_cpu):7.2f} ms"
    )
    print(
        f"dashboard:  median {statistics.median(dash):7.2f} ms   p95 {percentile(dash, 0.95):7.2f} ms"
        f"   CPU median {statistics.median(dash_cpu):7.2f} ms   ({size // 1024} KiB HTML)"
    )
    ratio = statistics.median(dash) / statistics.median(bare)
    cpu_ratio = statistics.median(dash_cpu) / statistics.median(bare_cpu)
    print(f"ratio (median dashboard / median bare): {ratio:.1f}×   target ≤ 25×   (CPU time: {cpu_ratio:.1f}×)")
    print(f"dashboard queries: {len(queries)}")
    if args.profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    tmp.cleanup()


if __name__ == "__main__":
    main()
