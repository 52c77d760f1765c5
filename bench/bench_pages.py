"""Page benchmark: gunicorn on 127.0.0.1 against PostgreSQL and SQLite, pages vs. a bare Django view.

For each database: a fresh database with Gemeente Benchstad (seed_bench), one
gunicorn, then per page N requests by C concurrent logged-in clients, in R
interleaved rounds over all pages: median and p95 latency, requests per
second, server CPU per request (the workers' utime+stime from /proc) and the
ratio of the median to the bare view's, measured in the same rounds. Pages another app has not built yet are
skipped with a note. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_pages.py [--requests 200] [--concurrency 4] [--db both]
"""

import argparse
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    Client,
    api_token,
    gunicorn,
    machine,
    prepare,
    server_env,
    summarise,
    temp_dir,
    worker_cpu_seconds,
)

API_LIST = "API trajectories (≤100)"
# Times the bare view (issue targets): the dossier PDF row is the unchanged, stored download.
TARGETS = {"Mijn trajecten": 10, "phase page": 12, "autosave POST": 5, "dashboard": 25, "dossier PDF": 3, API_LIST: 10}


def measure(master_pid, clients, method, path, requests, data_for=None, headers=None) -> dict:
    """One batch of ``requests`` by all clients at once: raw latencies, errors, wall and worker CPU time."""
    latencies, errors = [], []
    lock = threading.Lock()
    counter = iter(range(requests))

    def run(client):
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            url, data = data_for(index) if data_for else (path, None)
            try:
                status, _, elapsed = client.request(method, url, data, headers)
            except OSError as exc:
                with lock:
                    errors.append(str(exc))
                continue
            with lock:
                if status >= 400:
                    errors.append(str(status))
                else:
                    latencies.append(elapsed)

    cpu_before = worker_cpu_seconds(master_pid)
    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "latencies": latencies,
        "errors": errors,
        "wall": time.perf_counter() - started,
        "cpu": worker_cpu_seconds(master_pid) - cpu_before,
        "requests": requests,
    }


def combine(batches: list[dict]) -> dict:
    latencies = [x for b in batches for x in b["latencies"]]
    wall = sum(b["wall"] for b in batches)
    result = summarise(latencies) if latencies else {"median_ms": float("nan"), "p95_ms": float("nan"), "n": 0}
    result.update(
        rps=len(latencies) / wall if wall else 0,
        cpu_ms=sum(b["cpu"] for b in batches) * 1000 / max(1, sum(b["requests"] for b in batches)),
        errors=sum(len(b["errors"]) for b in batches),
    )
    return result


def _headers(name, method, page_headers):
    if name in page_headers:
        return page_headers[name]
    return {"HX-Request": "true"} if method == "POST" else None


def bench_database(label, database_url, args):
    print(f"\n== {label}")
    data_dir = temp_dir(f"cc-bench-{label.lower()}-")
    env = server_env(database_url, data_dir)
    info = prepare(env, args.trajectories)
    secret = api_token(env)
    page_headers = {API_LIST: {"Authorization": f"Bearer {secret}"}} if secret else {}
    with gunicorn(env, args.workers) as (port, master_pid):
        clients = [Client(port) for _ in range(args.concurrency)]
        for client in clients:
            client.login("inkoper@benchstad.nl")
        pages = [
            ("bare Django view (floor)", "GET", "/bench/bare/", None),
            ("start page (public)", "GET", "/", None),
            ("phase guidance (public)", "GET", "/fasen/startoverleg/", None),
        ]
        for name, url in info["pages"].items():
            if url:
                pages.append((name, "GET", url, None))
            else:
                print(f"  note: {name} skipped: its URL name does not exist yet")
        if info["autosave"]:
            targets = info["autosave"]

            def autosave_request(index):
                """A different answer each time, with its own current version: no conflicts."""
                target = targets[index % len(targets)]
                data = {
                    f"{target['prefix']}-text": f"Bench-antwoord {index}",
                    f"{target['prefix']}-version": target["version"],
                }
                target["version"] += 1
                return target["url"], data

            pages.append(("autosave POST", "POST", None, autosave_request))
        else:
            print("  note: autosave POST skipped: no answers to autosave")
        if secret:
            # One page of up to 100 trajectories (run with --trajectories 100 for a full page), read with a token.
            pages.append((API_LIST, "GET", "/api/v1/trajecten/?per_pagina=100", None))
        else:
            print(f"  note: {API_LIST} skipped: the api app does not exist yet")
        for _name, method, url, data_for in pages:  # warm-up: templates, connections, caches
            for index, client in enumerate(clients):
                url_, data = data_for(-1 - index) if data_for else (url, None)
                client.request(method, url_, data, _headers(_name, method, page_headers))
        # Interleaved rounds: every page, the floor included, is measured in each round, so a
        # noisy moment on the machine weighs on all pages alike instead of on one.
        batches = {name: [] for name, *_ in pages}
        per_round = max(1, args.requests // args.rounds)
        for _ in range(args.rounds):
            for name, method, url, data_for in pages:
                headers = _headers(name, method, page_headers)
                batches[name].append(measure(master_pid, clients, method, url, per_round, data_for, headers))
        results = {name: combine(b) for name, b in batches.items()}
    floor = results["bare Django view (floor)"]["median_ms"]
    print(f"  {'page':<28} {'median':>9} {'p95':>9} {'req/s':>8} {'CPU/req':>9} {'× floor':>8} {'errors':>6}")
    for name, r in results.items():
        ratio = r["median_ms"] / floor if floor else float("nan")
        target = f" (target ≤ {TARGETS[name]}×)" if name in TARGETS else ""
        print(
            f"  {name:<28} {r['median_ms']:>7.1f}ms {r['p95_ms']:>7.1f}ms {r['rps']:>8.1f} "
            f"{r['cpu_ms']:>7.2f}ms {ratio:>7.1f}× {r['errors']:>6}{target}"
        )
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent clients (default 4)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds over all pages (default 5)")
    parser.add_argument("--trajectories", type=int, default=50)
    parser.add_argument("--db", choices=["both", "postgres", "sqlite"], default="both")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/cc_prod_bench")
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    print(
        f"{args.requests} requests per page in {args.rounds} interleaved rounds, "
        f"{args.concurrency} concurrent clients, {args.workers} gunicorn workers"
    )
    if args.db in {"both", "postgres"}:
        bench_database("PostgreSQL", args.postgres_url, args)
    if args.db in {"both", "sqlite"}:
        bench_database("SQLite", "", args)


if __name__ == "__main__":
    main()
