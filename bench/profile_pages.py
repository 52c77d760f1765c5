"""Profile pages in-process: where the time of one request goes, by cProfile.

Prepares a fresh benchmark database like ``bench_pages.py`` (Gemeente Benchstad,
PostgreSQL by default), then requests each chosen page N times with Django's
test client as the benchmark's inkoper (after a warm-up) and prints the
profile sorted by cumulative and by own time, plus the SQL count per request.

    .venv/bin/python bench/profile_pages.py [--page "phase page"] [--requests 100] [--db postgres|sqlite] [--sql]

Page labels are those of ``bench/harness.py`` PAGE_CANDIDATES, plus "bare"
(the bare view the benchmarks compare with) and the API list. Prints figures; asserts nothing.
"""

import argparse
import cProfile
import functools
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_pages import API_LIST  # noqa: E402
from bench.harness import PAGE_CANDIDATES, api_token, prepare, server_env, temp_dir  # noqa: E402

PG_URL = "postgres://postgres@127.0.0.1:5432/cc_profile_bench"


def _count(queries, execute, sql, params, many, context):
    queries.append(sql)
    return execute(sql, params, many, context)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", action="append", help="page label (repeatable); default: all")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--trajectories", type=int, default=50)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--lines", type=int, default=40, help="rows of each profile listing")
    parser.add_argument("--sql", action="store_true", help="print the SQL of one request too")
    args = parser.parse_args()

    data_dir = temp_dir("cc-profile-")
    url = PG_URL if args.db == "postgres" else ""
    env = server_env(url, data_dir)
    info = prepare(env, args.trajectories)
    secret = api_token(env)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "chefcirculair.settings"

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(get_user_model().objects.get(email="inkoper@benchstad.nl"))
    pages = {"bare": "/bench/bare/", **{k: v for k, v in info["pages"].items() if v}}
    headers = {API_LIST: {"Authorization": f"Bearer {secret}"}} if secret else {}
    if secret:
        pages[API_LIST] = "/api/v1/trajecten/?per_pagina=100"
    chosen = args.page or list(pages)
    for label in chosen:
        if label not in pages:
            print(f"unknown page {label!r}; choose from {sorted(pages)} ({sorted(PAGE_CANDIDATES)})")
            return 2
        path, get = pages[label], functools.partial(client.get, headers=headers.get(label))
        for _ in range(5):
            get(path)
        queries = []
        with connection.execute_wrapper(functools.partial(_count, queries)):
            status = get(path).status_code
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(args.requests):
            get(path)
        profiler.disable()
        elapsed = (time.perf_counter() - started) / args.requests * 1000
        print(f"\n==== {label}: {path} → {status}; {len(queries)} queries; {elapsed:.2f} ms per request (profiled)")
        if args.sql:
            for number, sql in enumerate(queries, 1):
                print(f"  [{number}] {sql}")
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.lines)
        stats.sort_stats("tottime").print_stats(args.lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
