"""Load test: N simulated users for D seconds against gunicorn + PostgreSQL, on loopback only.

Each user logs in (one of the six Benchstad roles) and loops over a
realistic mix with short think times: read pages (start page, phase guidance,
Mijn trajecten, the task list, a phase page), autosave answers of its own
trajectory, open the dashboard. Pages that do not exist yet are left out of
the mix with a note. Afterwards every acknowledged autosave (a 2xx answer)
must be in the database, with its exact text: nothing lost. Bounded: the
run stops after the duration, and requests go to 127.0.0.1 only.

    .venv/bin/python bench/load_test.py [--users 50] [--duration 60] [--workers 5] [--servers 2]

With ``--servers 2`` (``make load LOAD_ARGS=--servers 2``) it runs two gunicorn
servers on different loopback ports and two task workers against one
PostgreSQL database, as two machines would: the same SECRET_KEY,
DATABASE_URL and documents storage, a DATA_DIR of their own each. Every user
logs in on one server and then sends each next request to the other one (no
sticky sessions), and readers download dossier PDFs of trajectories that the
editors keep changing, so the workers make new versions while the users work.
Afterwards it checks: no errors, every autosave in the database with its exact
text, a redirect to the login page nowhere (sessions are valid on every
server), and every dossier task run exactly once (one worker took it, one PDF
per version was rendered, nothing left in the queue).
"""

import argparse
import json
import random
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contextlib import ExitStack

from bench.harness import Client, gunicorn, machine, manage, prepare, server_env, summarise, task_worker, temp_dir

ROLES = ["inkoper", "opdrachtgever", "contractmanager", "chef", "adviseur", "lezer"]
EDITORS = {"inkoper", "opdrachtgever", "contractmanager", "chef"}


@dataclass
class Run:
    """What the simulated users share: the mix, the figures and the measuring window."""

    args: argparse.Namespace
    run_id: str
    reads: list[str]
    dashboard: str | None
    autosave: list[dict]
    dossiers: list[str] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)
    per_server: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(
        default_factory=lambda: {"read": [], "autosave": [], "dashboard": [], "dossier": []}
    )
    errors: Counter = field(default_factory=Counter)
    acknowledged: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop_at: float = 0.0
    logged_in: threading.Barrier | None = None
    login_slots: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(4))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="gunicorn workers per server (default 5 = 2 × cores + 1 on 2 cores; 2 each with --servers)",
    )
    parser.add_argument("--think", type=float, default=2.0, help="mean think time between requests, seconds")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/cc_prod_load")
    parser.add_argument(
        "--servers", type=int, default=1, help="gunicorn servers, each with a task worker (default 1: no worker)"
    )
    return parser.parse_args()


def request_mix(info: dict) -> tuple[list[str], str | None, list[dict]]:
    """The pages users read, the dashboard, and the answers they autosave."""
    reads = ["/", "/fasen/startoverleg/", "/fasen/circulair-aanbesteden/"]
    for name in ("Mijn trajecten", "task list (trajectory)", "phase page"):
        if info["pages"].get(name):
            reads.append(info["pages"][name])
        else:
            print(f"note: {name} not in the mix: its URL name does not exist yet")
    dashboard = info["pages"].get("dashboard")
    if not dashboard:
        print("note: Dashboard not in the mix: kpis:dashboard does not exist yet")
    if not info["autosave"]:
        print("note: no autosaves in the mix: no open answers to autosave")
    return reads, dashboard, info["autosave"]


def next_request(run: Run, rng: random.Random, number: int, mine: list[dict], sequence: int):
    """(kind, method, path, data, target, text) of a user's next request."""
    roll = rng.random()
    if mine and ROLES[number % len(ROLES)] in EDITORS and roll < 0.35:
        target = mine[sequence % len(mine)]
        text = f"load-{run.run_id}-{number}-{sequence}: antwoord na marktconsultatie"
        data = {f"{target['prefix']}-text": text, f"{target['prefix']}-version": target["version"]}
        return "autosave", "POST", target["url"], data, target, text
    if run.dashboard and roll > 0.85:
        return "dashboard", "GET", run.dashboard, None, None, None
    if run.dossiers and ROLES[number % len(ROLES)] not in EDITORS and roll > 0.70:
        return "dossier", "GET", rng.choice(run.dossiers), None, None, None
    return "read", "GET", rng.choice(run.reads), None, None, None


def simulate_user(run: Run, number: int) -> None:
    rng = random.Random(number)  # noqa: S311 - load pattern, not security
    role = ROLES[number % len(ROLES)]
    # One connection per server, one cookie jar: the session made on one server is used on all.
    clients = [Client(port) for port in run.ports]
    for other in clients[1:]:
        other.cookies = clients[0].cookies
    home = number % len(clients)
    try:
        with run.login_slots:  # a few logins at a time: 50 password hashes at once time out on 2 cores
            clients[home].login(f"{role}@benchstad.nl")
    except (SystemExit, OSError) as exc:
        with run.lock:
            run.errors[f"login {role}: {exc}"] += 1
        run.logged_in.abort()
        return
    # Logging in (password hashing) is a ramp-up, not part of the measured mix.
    run.logged_in.wait()
    # Each editor autosaves answers of its own (every users-th target), tracking their versions.
    mine = run.autosave[number :: run.args.users] if run.autosave else []
    sequence = 0
    while time.time() < run.stop_at:
        sequence += 1
        kind, method, path, data, target, text = next_request(run, rng, number, mine, sequence)
        server = (home + sequence) % len(clients)  # every next request to the next server
        client = clients[server]
        try:
            status, _, elapsed = client.request(method, path, data, {"HX-Request": "true"} if data else None)
        except OSError as exc:
            with run.lock:
                run.errors[f"{kind}: {type(exc).__name__}"] += 1
            continue
        with run.lock:
            run.per_server[server] += 1
            if status >= 400:
                run.errors[f"{kind}: HTTP {status}"] += 1
            elif status in {301, 302, 303} and "/inloggen/" in client.last_location:
                run.errors[f"{kind}: session not valid on server {server + 1}"] += 1
            else:
                run.latencies.append(elapsed)
                run.by_kind[kind].append(elapsed)
                if kind == "autosave":
                    run.acknowledged.append(text)
                    target["version"] += 1
        time.sleep(rng.expovariate(1 / run.args.think))


def print_figures(run: Run, wall: float) -> None:
    total = summarise(run.latencies) if run.latencies else {"median_ms": 0, "p95_ms": 0, "n": 0}
    print(f"\nrequests: {total['n']} in {wall:.0f} s = {total['n'] / wall:.1f}/s; errors: {sum(run.errors.values())}")
    print(f"latency: median {total['median_ms']:.1f} ms, p95 {total['p95_ms']:.1f} ms")
    for kind, values in run.by_kind.items():
        if values:
            s = summarise(values)
            print(f"  {kind:<10} n={s['n']:<6} median {s['median_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms")
    if len(run.ports) > 1:
        spread = ", ".join(f"server {i + 1}: {run.per_server[i]}" for i in range(len(run.ports)))
        print(f"requests per server: {spread}")
    for error, count in run.errors.most_common():
        print(f"  error {error}: {count}")


def check_dossier_tasks(env, timeout: float = 300) -> bool:
    """Wait until the workers emptied the queue; every dossier task run exactly once. Prints the figures."""
    script = """
import json
from collections import Counter
from django_tasks_db.models import DBTaskResult
from procurement.models import DossierDocument
from organisations.scoping import unscoped_access
with unscoped_access():
    tasks = list(DBTaskResult.objects.filter(task_path__endswith="make_dossier_pdf").values(
        "status", "worker_ids", "args_kwargs"))
    documents = list(DossierDocument.objects.unscoped().values("pk", "status", "runs"))
per_document = Counter(t["args_kwargs"]["args"][0] for t in tasks)
print(json.dumps({
    "tasks": len(tasks),
    "pending": sum(t["status"] in ("READY", "RUNNING") for t in tasks),
    "failed": sum(t["status"] == "FAILED" for t in tasks),
    "taken_more_than_once": sum(len(t["worker_ids"]) > 1 for t in tasks),
    "workers": len({w for t in tasks for w in t["worker_ids"]}),
    "documents": len(documents),
    "ready": sum(d["status"] == "ready" for d in documents),
    "not_rendered_once": sum(d["runs"] != 1 for d in documents),
    "documents_with_other_than_one_task": sum(per_document.get(d["pk"], 0) != 1 for d in documents),
}))
"""
    deadline = time.time() + timeout
    while True:
        figures = json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])
        if not figures["pending"] or time.time() > deadline:
            break
        time.sleep(2)
    print(
        f"dossier PDFs: {figures['documents']} versions, {figures['ready']} ready; {figures['tasks']} tasks "
        f"run by {figures['workers']} workers; taken more than once: {figures['taken_more_than_once']}, "
        f"rendered other than once: {figures['not_rendered_once']}, versions without exactly one task: "
        f"{figures['documents_with_other_than_one_task']}, failed: {figures['failed']}, "
        f"left in the queue: {figures['pending']}"
    )
    return (
        figures["documents"] > 0
        and figures["ready"] == figures["documents"] == figures["tasks"]
        and not figures["taken_more_than_once"]
        and not figures["not_rendered_once"]
        and not figures["documents_with_other_than_one_task"]
        and not figures["failed"]
        and not figures["pending"]
    )


def lost_autosaves(env, run: Run) -> set[str]:
    """Every acknowledged autosave must be a saved version (history) with its exact text."""
    script = f"""
import json
from procurement.models import Answer
from organisations.scoping import unscoped_access
with unscoped_access():
    texts = list(Answer.history.filter(text__startswith="load-{run.run_id}-").values_list("text", flat=True))
print(json.dumps(texts))
"""
    stored = json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])
    found = len(set(stored) & set(run.acknowledged))
    print(f"autosaves acknowledged: {len(run.acknowledged)}, found in the database: {found}")
    return set(run.acknowledged) - set(stored)


def main():
    args = parse_args()
    run_id = uuid.uuid4().hex[:8]
    print(f"Machine: {machine()}")
    servers = max(1, args.servers)
    if args.workers is None:
        args.workers = 5 if servers == 1 else 2  # the two servers share this machine's two cores
    layout = (
        f"{servers} gunicorn servers × {args.workers} workers + {servers} task workers"
        if servers > 1
        else (f"{args.workers} gunicorn workers")
    )
    print(f"{args.users} users for {args.duration:.0f} s, {layout}, PostgreSQL, run {run_id}")
    shared = temp_dir("cc-load-")
    env = server_env(args.postgres_url, shared)
    info = prepare(env, 50)
    reads, dashboard, autosave = request_mix(info)
    run = Run(args, run_id, reads, dashboard, autosave)
    if servers > 1 and info["pages"].get("dossier PDF"):
        # Dossiers of trajectories the editors change while the test runs: new versions keep coming.
        changing = sorted({target["url"].split("/")[2] for target in autosave[:2]})
        run.dossiers = [f"/trajecten/{pk}/dossier.pdf" for pk in changing]
    run.logged_in = threading.Barrier(
        args.users + 1, action=lambda: setattr(run, "stop_at", time.time() + args.duration)
    )

    with ExitStack() as stack:
        for number in range(servers):
            # Every server: the same SECRET_KEY, DATABASE_URL and documents storage; its own DATA_DIR.
            server = dict(env, DATA_DIR=str(shared / f"server-{number + 1}"), DOCUMENTS_ROOT=str(shared / "documents"))
            if servers > 1:
                server.update(TASK_WORKER="true", DOCUMENT_VERSIONS_KEPT="100000")
                stack.enter_context(task_worker(server))
            port, _master = stack.enter_context(gunicorn(server, args.workers))
            run.ports.append(port)
        threads = [threading.Thread(target=simulate_user, args=(run, n)) for n in range(args.users)]
        for thread in threads:
            thread.start()
        try:
            run.logged_in.wait(timeout=300)
        except threading.BrokenBarrierError:
            raise SystemExit(f"logging in failed: {dict(run.errors)}") from None
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        print_figures(run, wall)
        tasks_ok = check_dossier_tasks(env) if run.dossiers else True

    missing = lost_autosaves(env, run) if autosave else set()
    if autosave:
        print("nothing lost" if not missing else f"LOST {len(missing)} lost autosaves, e.g. {sorted(missing)[:3]}")
    if missing or run.errors or not tasks_ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
