"""Load test: N simulated users for D seconds against gunicorn + PostgreSQL, on loopback only.

Each user logs in (one of the six Benchstad roles) and loops over a
realistic mix with short think times: read pages (start page, phase guidance,
Mijn trajecten, the task list, a phase page), autosave answers of its own
trajectory, open the dashboard. Pages that do not exist yet are left out of
the mix with a note. Afterwards every acknowledged autosave (a 2xx answer)
must be in the database, with its exact text: nothing lost. Bounded: the
run stops after the duration, and requests go to 127.0.0.1 only.

    .venv/bin/python bench/load_test.py [--users 50] [--duration 60] [--workers 5]
"""

import argparse
import json
import random
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Client, gunicorn, machine, manage, prepare, server_env, summarise, temp_dir

ROLES = ["inkoper", "opdrachtgever", "contractmanager", "chef", "adviseur", "lezer"]
EDITORS = {"inkoper", "opdrachtgever", "contractmanager", "chef"}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument(
        "--workers", type=int, default=5, help="gunicorn workers (default 5 = 2 × cores + 1 on 2 cores)"
    )
    parser.add_argument("--think", type=float, default=2.0, help="mean think time between requests, seconds")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/cc_prod_load")
    args = parser.parse_args()
    run_id = uuid.uuid4().hex[:8]
    print(f"Machine: {machine()}")
    print(f"{args.users} users for {args.duration:.0f} s, {args.workers} gunicorn workers, PostgreSQL, run {run_id}")
    env = server_env(args.postgres_url, temp_dir("cc-load-"))
    info = prepare(env, 50)

    reads = ["/", "/fasen/startoverleg/", "/fasen/circulair-aanbesteden/"]
    for name in ("Mijn trajecten", "task list (trajectory)", "phase page"):
        if info["pages"].get(name):
            reads.append(info["pages"][name])
        else:
            print(f"note: {name} not in the mix: its URL name does not exist yet")
    dashboard = info["pages"].get("dashboard")
    if not dashboard:
        print("note: Dashboard not in the mix: kpis:dashboard does not exist yet")
    autosave = info["autosave"]
    if not autosave:
        print("note: no autosaves in the mix: no open answers to autosave")

    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {"read": [], "autosave": [], "dashboard": []}
    errors: Counter = Counter()
    acknowledged: list[str] = []
    lock = threading.Lock()
    window = {"stop_at": 0.0}
    logged_in = threading.Barrier(args.users + 1, action=lambda: window.update(stop_at=time.time() + args.duration))

    def user(number: int):
        rng = random.Random(number)  # noqa: S311 - load pattern, not security
        role = ROLES[number % len(ROLES)]
        client = Client(port)
        try:
            client.login(f"{role}@benchstad.nl")
        except (SystemExit, OSError) as exc:
            with lock:
                errors[f"login {role}: {exc}"] += 1
            logged_in.abort()
            return
        # Logging in (password hashing) is a ramp-up, not part of the measured mix.
        logged_in.wait()
        stop_at = window["stop_at"]
        # Each editor autosaves answers of its own (every users-th target), tracking their versions.
        mine = autosave[number :: args.users] if autosave else []
        sequence = 0
        while time.time() < stop_at:
            roll = rng.random()
            if mine and role in EDITORS and roll < 0.35:
                sequence += 1
                target = mine[sequence % len(mine)]
                text = f"load-{run_id}-{number}-{sequence}: antwoord na marktconsultatie"
                data = {f"{target['prefix']}-text": text, f"{target['prefix']}-version": target["version"]}
                kind, method, path = "autosave", "POST", target["url"]
            elif dashboard and roll > 0.85:
                kind, method, path, data = "dashboard", "GET", dashboard, None
            else:
                kind, method, path, data = "read", "GET", rng.choice(reads), None
            try:
                status, _, elapsed = client.request(method, path, data, {"HX-Request": "true"} if data else None)
            except OSError as exc:
                with lock:
                    errors[f"{kind}: {type(exc).__name__}"] += 1
                continue
            with lock:
                if status >= 400:
                    errors[f"{kind}: HTTP {status}"] += 1
                else:
                    latencies.append(elapsed)
                    by_kind[kind].append(elapsed)
                    if kind == "autosave":
                        acknowledged.append(text)
                        target["version"] += 1
            time.sleep(rng.expovariate(1 / args.think))

    with gunicorn(env, args.workers) as (port, _master):
        threads = [threading.Thread(target=user, args=(n,)) for n in range(args.users)]
        for thread in threads:
            thread.start()
        try:
            logged_in.wait(timeout=300)
        except threading.BrokenBarrierError:
            raise SystemExit(f"logging in failed: {dict(errors)}") from None
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started

    total = summarise(latencies) if latencies else {"median_ms": 0, "p95_ms": 0, "n": 0}
    print(f"\nrequests: {total['n']} in {wall:.0f} s = {total['n'] / wall:.1f}/s; errors: {sum(errors.values())}")
    print(f"latency: median {total['median_ms']:.1f} ms, p95 {total['p95_ms']:.1f} ms")
    for kind, values in by_kind.items():
        if values:
            s = summarise(values)
            print(f"  {kind:<10} n={s['n']:<6} median {s['median_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms")
    for error, count in errors.most_common():
        print(f"  error {error}: {count}")

    # Nothing lost: every acknowledged autosave is a saved version (history) with its exact text.
    if autosave:
        script = f"""
import json
from procurement.models import Answer
from chefcirculair.scoping import unscoped_access
with unscoped_access():
    texts = list(Answer.history.filter(text__startswith="load-{run_id}-").values_list("text", flat=True))
print(json.dumps(texts))
"""
        stored = json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])
        missing = set(acknowledged) - set(stored)
        found = len(set(stored) & set(acknowledged))
        print(f"autosaves acknowledged: {len(acknowledged)}, found in the database: {found}")
        print(
            "nothing lost" if not missing else f"LOST {len(missing)} acknowledged autosaves, e.g. {sorted(missing)[:3]}"
        )
        if missing:
            sys.exit(1)
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
