"""Shared pieces of the benchmarks: a prepared database, gunicorn on loopback, an HTTP client.

Standard library only, plus psycopg to recreate a PostgreSQL benchmark database.
Everything binds to 127.0.0.1; the server is stopped when the script ends.
"""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
CLK_TCK = os.sysconf("SC_CLK_TCK")
PASSWORD = "benchstad-wachtwoord-2026"  # noqa: S105 - bench.seed.BENCH_PASSWORD

# Candidate URL names and kwargs of pages that other apps provide; the first that reverses is used.
PAGE_CANDIDATES = {
    "Mijn trajecten": [("procurement:my_trajectories", "{}")],
    "task list (trajectory)": [("procurement:trajectory_detail", '{"pk": T}')],
    "phase page": [("procurement:phase_detail", '{"pk": T, "phase_slug": "circulaire-marktverkenning"}')],
    "dashboard": [("kpis:dashboard", "{}")],
    "dossier PDF": [("procurement:dossier_pdf", '{"pk": T}')],
}
# The autosave endpoint: one answer's form, prefixed "a<answer pk>", posted with htmx.
AUTOSAVE_URL_NAME = "procurement:answer_save"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DEBUG="false",
        TESTING="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        DATA_DIR=str(data_dir),
        STATIC_ROOT=str(data_dir / "static"),
        EMAIL_HOST="localhost",
        BENCH_URLS="true",
        LOG_LEVEL="WARNING",
        # The benchmark measures how fast PDFs are made, not the per-user limit (6 a minute by default).
        PDF_RATE_LIMIT_PER_MINUTE="1000000",
        # Likewise the API's per-token limit (120 a minute by default).
        API_RATE_LIMIT_PER_MINUTE="1000000",
        # No task worker runs beside this gunicorn: the first download of a dossier makes its PDF
        # in the request, later ones are served from storage (load_test --servers runs workers).
        TASK_WORKER="false",
    )
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def seed(env: dict, *args: str) -> str:
    """Run bench/seed_bench.py (Gemeente Benchstad) against the database of ``env``."""
    command = [PY, "bench/seed_bench.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"bench/seed_bench.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def fresh_database(database_url: str) -> None:
    """Drop and create a PostgreSQL benchmark database, so every run starts from the same state.

    Only databases named for benchmarks ("bench" in the name, or ending in "_load") are dropped:
    a URL pointing at real data is refused rather than emptied. SQLite needs nothing:
    its file lives in the run's own temporary folder.
    """
    if not database_url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name or not ("bench" in name or name.endswith("_load")):
        raise SystemExit(
            f"Refusing to recreate database {name!r}: a benchmark database has 'bench' in its name or ends in '_load'."
        )
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        raise SystemExit(f"PostgreSQL at {parts.hostname}:{parts.port or 5432} is not reachable: {exc}") from exc


def prepare(env: dict, trajectories: int) -> dict:
    """A fresh database: migrate, load the guidance, seed Gemeente Benchstad; return ids and the resolved URLs."""
    fresh_database(env["DATABASE_URL"])
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_guidance")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    print("  " + seed(env, "--allow-production", "--trajectories", str(trajectories)).strip())
    script = f"""
import json
from django.db import models
from django.urls import reverse, NoReverseMatch
from organisations.scoping import unscoped_access
from procurement.models import Trajectory, Answer
with unscoped_access():
    t = Trajectory.objects.filter(organisation__slug="gemeente-benchstad", status="lopend").order_by("pk").first()
    # Autosave targets: answers in phases being worked on (Bezig) of open trajectories, each
    # posted with its own version, so concurrent clients never collide on one answer.
    open_answers = list(
        Answer.objects.filter(
            trajectory__organisation__slug="gemeente-benchstad",
            trajectory__status="lopend",
            trajectory__phases__phase=models.F("phase"),
            trajectory__phases__status="bezig",
        ).order_by("pk").values("pk", "trajectory_id", "version")
    )
pages, autosave = {{}}, []
def resolve(name, kwargs):
    kwargs = kwargs.replace("T", str(t.pk))
    try:
        return reverse(name, kwargs=json.loads(kwargs))
    except NoReverseMatch:
        return None
for label, options in {PAGE_CANDIDATES!r}.items():
    pages[label] = next((u for u in (resolve(n, k) for n, k in options) if u), None)
try:
    for a in open_answers:
        url = reverse({AUTOSAVE_URL_NAME!r}, kwargs={{"pk": a["trajectory_id"], "answer_pk": a["pk"]}})
        autosave.append({{"url": url, "prefix": "a%s" % a["pk"], "version": a["version"]}})
except NoReverseMatch:
    autosave = []
print(json.dumps({{"trajectory": t.pk, "pages": pages, "autosave": autosave}}))
"""
    return json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])


def api_token(env: dict) -> str | None:
    """A read token of Gemeente Benchstad for the API pages, or None when the api app is not there."""
    script = """
import datetime
from django.utils import timezone
from organisations.models import Membership, Organisation
try:
    from api.models import ApiToken
except ImportError:
    print("-")
else:
    org = Organisation.objects.get(slug="gemeente-benchstad")
    chef = Membership.objects.filter(organisation=org, role="chef_circulair").select_related("user").first()
    _token, secret = ApiToken.issue(
        organisation=org, name="bench", scopes=["read"], created_by=chef.user,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    print(secret)
"""
    secret = manage(env, "shell", "-c", script).strip().splitlines()[-1]
    return None if secret == "-" else secret


@contextmanager
def task_worker(env: dict):
    """One django.tasks database worker (`manage.py db_worker`), stopped at the end."""
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [PY, "manage.py", "db_worker", "--queue-name", "*", "--no-reload", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def gunicorn(env: dict, workers: int):
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed arguments, loopback only
        [
            GUNICORN,
            "chefcirculair.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start:\n" + (process.stderr.read() if process.stderr else ""))
        yield port, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def worker_cpu_seconds(master_pid: int) -> float:
    """User + system CPU of gunicorn's workers (the master's children), from /proc."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if int(fields[1]) == master_pid:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLK_TCK


class Client:
    """One user's persistent HTTP connection with cookies and the CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None):
        all_headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            all_headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=all_headers)
            response = self.connection.getresponse()
            content = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise
        elapsed = time.perf_counter() - started
        self.last_location = response.getheader("Location", "")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content, elapsed

    def login(self, username: str, password: str = PASSWORD) -> None:
        status, content, _ = self.request("GET", "/account/inloggen/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        data = {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode()}
        status, _, _ = self.request("POST", "/account/inloggen/", data)
        if status != 302:
            raise SystemExit(f"login of {username} failed ({status})")


def summarise(latencies: list[float]) -> dict:
    ordered = sorted(latencies)
    return {
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[max(0, int(round(0.95 * len(ordered))) - 1)] * 1000,
        "n": len(ordered),
    }


def temp_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} × {cpu}, Python {sys.version.split()[0]}"
