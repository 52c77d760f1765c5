"""Scale benchmark: do the pages stay flat when one organisation grows from 50 to 5,000 trajectories?

For each database (PostgreSQL by default, SQLite optionally) a fresh database
of its own: Gemeente Benchstad (30 KPIs × 10 years of measurements) among
99 other organisations with trajectories of their own. Benchstad grows
50 → 500 → 5,000 full trajectories (phases, every question answered,
attention points, R-decision, groeimodel, review events with some phases
waiting in the review queue, contract KPIs measured over the contract years;
see bench/seed_scale.py). At each size every page in PAGES is requested in
interleaved rounds through Django's test client in this process (the whole
middleware stack, no HTTP server: what grows with the data is the view and
the database, not the network): the median latency and the usual number of
queries per request (once a minute a request also renews the session's expiry:
a few queries more, whatever the size). Printed: per page and size, and the ratio of the median
at the largest size to the median at the smallest. Targets (read, not
asserted): ratio ≤ 1.3 and the same number of queries at every size.
Query counts are asserted by tests/kpis/test_flat_pages.py (4 vs 30 trajectories).

    .venv/bin/python bench/bench_scale.py [--sizes 50,500,5000] [--requests 30] [--db postgres|sqlite|both]

Adding a page is one row in PAGES; a page whose URL name does not exist
(yet) is skipped with a note.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import PY, ROOT, fresh_database, machine, manage, server_env, temp_dir


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    kwargs: dict = field(default_factory=dict)  # "T": the measured trajectory's pk
    persona: str = "inkoper"  # a Gemeente Benchstad account: <persona>@benchstad.nl
    query: dict = field(default_factory=dict)


FLOOR = Page("bare view (floor)", "bench_bare")  # bench/urls.py: the middleware stack and a few bytes

PAGES = [
    Page("Mijn trajecten", "procurement:my_trajectories"),
    Page("review queue", "procurement:review_queue", persona="chef"),
    Page("task list", "procurement:trajectory_detail", {"pk": "T"}),
    Page("phase page", "procurement:phase_detail", {"pk": "T", "phase_slug": "circulair-aanbesteden"}),
    Page("dashboard", "kpis:dashboard", persona="chef"),
    Page("history", "procurement:trajectory_history", {"pk": "T"}),
    # Pages other apps add: one row each (skipped while the URL name does not exist). The effect
    # roll-up is a section of the dashboard; the API lists take a token, not a session: their flat
    # query counts are asserted in tests/api and their speed is in bench/bench_pages.py.
    Page("search", "learning:search", query={"q": "laptops"}),
    Page("lessons", "learning:lessons"),
    Page("benchmark", "learning:benchmark", persona="chef"),
]
TARGET_RATIO = 1.3
MEASURED_INDEX = 3  # the trajectory the per-trajectory pages show: phases 1–3 done, phase 4 being worked on


def resolve_pages(owner, measured) -> tuple[list, dict]:
    """(page, url) of every page whose URL name exists, and a logged-in test client per persona."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    pages, clients = [], {}
    for page in [FLOOR, *PAGES]:
        kwargs = {k: (measured.pk if v == "T" else v) for k, v in page.kwargs.items()}
        try:
            pages.append((page, reverse(page.url_name, kwargs=kwargs)))
        except NoReverseMatch:
            print(f"  note: {page.label} skipped: the URL name {page.url_name} does not exist (yet)")
            continue
        if page.persona not in clients:
            client = Client()
            client.force_login(owner.organisation.memberships.get(user__username=f"{page.persona}@benchstad.nl").user)
            clients[page.persona] = client
    return pages, clients


def run_inside(args) -> None:
    """In the benchmark's own environment: seed, grow and measure (Django set up in this process)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chefcirculair.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.seed_scale import add_trajectories, start
    from organisations.scoping import unscoped_access
    from procurement.models import Trajectory

    sizes = sorted(args.sizes)
    started = time.perf_counter()
    owner, data, rng = start(args.organisations - 1, args.per_organisation, sizes[0])
    print(
        f"  seeded {sizes[0]} trajectories and {args.organisations - 1} other organisations "
        f"× {args.per_organisation} in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    with unscoped_access():
        measured = Trajectory.objects.get(organisation=owner.organisation, slug=f"traject-{MEASURED_INDEX + 1:05d}")
    pages, clients = resolve_pages(owner, measured)
    results = {}  # label -> size -> (median ms, query counts seen)
    current = sizes[0]
    for size in sizes:
        if size > current:
            started = time.perf_counter()
            with unscoped_access():
                add_trajectories(owner, size - current, data, rng)
            print(f"  grew to {size} trajectories in {time.perf_counter() - started:.0f} s", flush=True)
            current = size
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does after a bulk load
        for page, url in pages:  # warm-up: templates, caches, the planner's statistics
            for _ in range(2):
                clients[page.persona].get(url, page.query)
        samples = {page.label: ([], []) for page, _url in pages}
        per_round = max(1, args.requests // args.rounds)
        for _ in range(args.rounds):
            for page, url in pages:
                latencies, counts = samples[page.label]
                for _ in range(per_round):
                    with CaptureQueriesContext(connection) as queries:
                        before = time.perf_counter()
                        response = clients[page.persona].get(url, page.query)
                        latencies.append(time.perf_counter() - before)
                    if response.status_code != 200:
                        raise SystemExit(f"{page.label} at {size}: HTTP {response.status_code} for {url}")
                    counts.append(len(queries))
        for label, (latencies, counts) in samples.items():
            results.setdefault(label, {})[size] = (statistics.median(latencies) * 1000, statistics.mode(counts))
        print(f"  measured at {size}", flush=True)
    report(results, sizes)


def report(results: dict, sizes: list[int]) -> None:
    """Per page and size: median and usual query count; the ratio largest/smallest, raw and against the floor.

    The sizes are measured minutes apart, and a shared machine's load drifts in between; the bare
    view, measured in the same rounds as the pages at each size, carries that drift. "÷ floor" is the
    ratio of (page / floor) at the largest size to (page / floor) at the smallest: the growth that
    is the page's own.
    """
    small, large = sizes[0], sizes[-1]
    floor = results.get(FLOOR.label)
    header = "".join(f"{f'{size} trajectories':>24}" for size in sizes)
    print(f"\n  {'page':<20}{header}{f'ratio {large}/{small}':>16}{'÷ floor':>10}  queries")
    for label, per_size in results.items():
        cells = ""
        for size in sizes:
            median, count = per_size[size]
            cells += f"{median:>12.1f} ms {count:>5} q  "
        ratio = per_size[large][0] / per_size[small][0]
        relative = ratio / (floor[large][0] / floor[small][0]) if floor else ratio
        same = len({per_size[s][1] for s in sizes}) == 1
        verdict = "" if label == FLOOR.label else (" ok" if relative <= TARGET_RATIO else f" over {TARGET_RATIO}")
        print(f"  {label:<20}{cells}{ratio:>16.2f}{relative:>10.2f}{verdict:<9}  {'identical' if same else 'DIFFER'}")


def run_database(label: str, database_url: str, args, argv: list[str]) -> None:
    print(f"\n== {label}", flush=True)
    data_dir = temp_dir(f"cc-scale-{label.lower()}-")
    env = server_env(database_url, data_dir)
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1"  # Django's test client
    fresh_database(database_url)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_guidance")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    result = subprocess.run([PY, __file__, "--inside", *argv], cwd=ROOT, env=env, check=False)  # noqa: S603
    if result.returncode != 0:
        raise SystemExit(f"the {label} run failed ({result.returncode})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[50, 500, 5000])
    parser.add_argument("--requests", type=int, default=30, help="requests per page and size (default 30)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds over all pages (default 3)")
    parser.add_argument("--organisations", type=int, default=100, help="organisations in all (default 100)")
    parser.add_argument("--per-organisation", type=int, default=20, help="trajectories of each other organisation")
    parser.add_argument("--db", choices=["both", "postgres", "sqlite"], default="postgres")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/cc_scale_bench")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        run_inside(args)
        return
    argv = [a for a in sys.argv[1:] if a != "--inside"]
    print(f"Machine: {machine()}")
    print(
        f"Sizes {', '.join(map(str, sorted(args.sizes)))} among {args.organisations} organisations; "
        f"{args.requests} requests per page and size in {args.rounds} interleaved rounds"
    )
    started = time.perf_counter()
    if args.db in {"both", "postgres"}:
        run_database("PostgreSQL", args.postgres_url, args, argv)
    if args.db in {"both", "sqlite"}:
        run_database("SQLite", "", args, argv)
    print(f"\nDone in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
