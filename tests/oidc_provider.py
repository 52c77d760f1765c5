"""A real OpenID Connect provider for the tests: dev/oidc-provider/server.mjs (npm's certified ``oidc-provider``).

``oidc_provider`` (session-scoped) starts it on 127.0.0.1 at a free port and stops it at the end.
Locally the tests that need it skip when Node.js or node_modules/oidc-provider is missing
(``bin/check-html-checker`` runs ``npm ci``); with CI=true they fail instead.

``login_at_provider`` walks the provider's own login page with ``requests`` (as a browser would):
from the authorization URL the app redirected to, to the app's callback URL with code and state.
"""

import json
import os
import shutil
import subprocess  # nosec B404
import threading
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "dev" / "oidc-provider" / "server.mjs"
PASSWORD = "sso-demo-2026"
CLIENT_ID = "chefcirculair-test"
CLIENT_SECRET = "test-client-secret-1234"  # noqa: S105  # nosec B105


@dataclass
class Provider:
    issuer: str
    process: subprocess.Popen

    def control(self, what: str, **body) -> dict:
        request = urllib.request.Request(
            f"{self.issuer}/__test/{what}",
            data=json.dumps(body).encode(),
            headers={"content-type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  # nosec B310 (loopback)
            return json.load(response)

    def add_client(
        self,
        redirect_uris: list[str],
        post_logout_redirect_uris: list[str] | None = None,
        client_id: str = CLIENT_ID,
    ) -> None:
        self.control(
            "clients",
            client_id=client_id,
            client_secret=CLIENT_SECRET,
            redirect_uris=redirect_uris,
            post_logout_redirect_uris=post_logout_redirect_uris or [],
        )

    def put_user(self, login: str, groups: list[str], name: str = "Test Gebruiker", sub: str = "") -> None:
        self.control("users", login=login, password=PASSWORD, sub=sub or login, email=login, name=name, groups=groups)

    def reset(self) -> None:
        self.control("down", down=False)
        self.control("tamper", mode=None)


def _skip_or_fail(message: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (the SSO tests are mandatory under CI=true)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def oidc_provider():
    node = shutil.which("node")
    if node is None:
        _skip_or_fail("Node.js is not installed: the OpenID Connect provider of the SSO tests cannot run")
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        _skip_or_fail("node_modules/oidc-provider is missing: run `npm ci` (bin/check-html-checker does)")
    process = subprocess.Popen(  # noqa: S603  # nosec B603 (our own script, fixed arguments)
        [str(node), str(SCRIPT), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    issuer = ""
    assert process.stdout is not None  # noqa: S101
    for line in process.stdout:
        if line.startswith("READY "):
            issuer = line.split()[1]
            break
    if not issuer:
        process.kill()
        pytest.fail("The OpenID Connect provider did not start")
    # Keep reading its output, so a full pipe never blocks it.
    reader = threading.Thread(target=_drain, args=(process.stdout,), daemon=True)
    reader.start()
    yield Provider(issuer=issuer, process=process)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    reader.join(timeout=10)
    process.stdout.close()


def _drain(stream) -> None:
    for _line in stream:
        pass


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.action = ""

    def handle_starttag(self, tag, attrs):
        if tag == "form" and not self.action:
            self.action = dict(attrs).get("action") or ""


def login_at_provider(authorize_url: str, login: str, password: str = PASSWORD) -> str:
    """Log in on the provider's own page; the URL it sends the browser back to (the app's callback)."""
    session = requests.Session()
    response = session.get(authorize_url, allow_redirects=True, timeout=10)
    response.raise_for_status()
    parser = _FormParser()
    parser.feed(response.text)
    assert parser.action, response.text[:500]  # noqa: S101
    url = urljoin(response.url, parser.action)
    response = session.post(url, data={"login": login, "password": password}, allow_redirects=False, timeout=10)
    issuer = f"{urlsplit(authorize_url).scheme}://{urlsplit(authorize_url).netloc}"
    # Follow the provider's own redirects (resume, consent) until it leaves for the app.
    for _ in range(10):
        location = response.headers.get("location", "")
        assert response.status_code in (302, 303), (response.status_code, response.text[:500])  # noqa: S101
        target = urljoin(response.url, location)
        if not target.startswith(issuer):
            return target
        response = session.get(target, allow_redirects=False, timeout=10)
    raise AssertionError("the provider did not send the browser back")
