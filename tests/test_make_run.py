"""`make run`: the demo server's e-mails link to the port it serves on."""

import os
import shutil
import subprocess  # nosec B404

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def runserver_line(*args: str, env: dict | None = None) -> str:
    """The command `make run` would start the server with (a dry run; the venv is taken as made)."""
    environment = {key: value for key, value in os.environ.items() if key != "SITE_URL"} | (env or {})
    result = subprocess.run(  # noqa: S603  # nosec B603 B607
        ["make", "--no-print-directory", "-n", "-o", ".venv/.installed", "run", *args],  # noqa: S607
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=True,
    )
    commands = result.stdout.replace("\\\n", " ").splitlines()
    return next(line for line in commands if "manage.py runserver" in line)


def site_url(line: str) -> str:
    before = line.split("manage.py runserver")[0].split()
    return next(word.removeprefix("SITE_URL=") for word in before if word.startswith("SITE_URL="))


def test_make_run_on_another_port_links_to_that_port():
    line = runserver_line("PORT=8101")
    assert line.rstrip().endswith("runserver 127.0.0.1:8101")
    assert site_url(line) == "http://127.0.0.1:8101"


def test_make_run_on_the_default_port_links_to_it():
    assert site_url(runserver_line()) == "http://127.0.0.1:8000"


def test_a_site_url_of_ones_own_is_kept():
    assert site_url(runserver_line("PORT=8101", env={"SITE_URL": "https://demo.example.nl"})) == (
        "https://demo.example.nl"
    )
    assert site_url(runserver_line("PORT=8101", "SITE_URL=https://andere.example.nl")) == "https://andere.example.nl"


@pytest.mark.parametrize("target", ["run", "test", "test-fast"])
def test_make_compiles_the_english_catalogue_when_its_po_changed(target):
    result = subprocess.run(  # noqa: S603  # nosec B603 B607
        [
            "make",
            "--no-print-directory",
            "-n",
            "-o",
            ".venv/.installed",
            "-W",
            "locale/en/LC_MESSAGES/django.po",
            target,
        ],  # noqa: S607
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = result.stdout.splitlines()
    compiled = next(i for i, line in enumerate(lines) if "manage.py compilemessages --locale en" in line)
    assert lines[compiled - 1].strip() == "bin/check-gettext"  # msgfmt is there (installed when it can be)
    started = next(i for i, line in enumerate(lines) if "runserver" in line or "pytest" in line)
    assert compiled < started
