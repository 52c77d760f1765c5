"""The W3C Nu Html Checker (vnu.jar, from npm's ``vnu-jar``) run over many documents in one batch.

``make test`` installs it (``bin/check-html-checker``: ``npm ci`` into ``node_modules/``, Java from
Debian when missing). Without Java or the jar the tests that need it skip locally and fail under
CI=true, where they are mandatory, as the browser tests do.
"""

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))

# A fragment that htmx swaps in is checked inside a minimal document, as it ends up in one.
FRAGMENT_PAGE = (
    '<!doctype html>\n<html lang="nl"><head><meta charset="utf-8"><title>fragment</title></head>'
    "<body>\n{}\n</body></html>"
)


@dataclass(frozen=True)
class Problem:
    document: str
    line: int
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.document} (line {self.line}): {self.message}\n    {self.extract.strip()}"


def java_or_skip() -> str:
    """The java command; skips the test without Java or the checker, or fails under CI=true."""
    java = shutil.which("java")
    missing = []
    if not java:
        missing.append("a Java runtime (Debian's default-jre-headless)")
    if not VNU_JAR.exists():
        missing.append(f"{VNU_JAR.relative_to(ROOT) if VNU_JAR.is_relative_to(ROOT) else VNU_JAR} (npm's vnu-jar)")
    if missing:
        message = (
            f"The Nu Html Checker cannot run: missing {' and '.join(missing)}; "
            "`make test` installs them (bin/check-html-checker)."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return java


def check(documents: dict[str, str]) -> list[Problem]:
    """Check every document (label -> HTML) in one run of the checker; return its errors.

    Warnings and info messages are left out: they are advice, and the checker's own
    standard for a valid document is no error.
    """
    java = java_or_skip()
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        labels = {}
        for number, (label, html) in enumerate(documents.items()):
            path = Path(folder) / f"{number:05d}.html"
            path.write_text(html, encoding="utf-8")
            labels[path.as_uri().replace("file:///", "file:/")] = label
        result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always", folder],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    if result.returncode != 0 or not result.stdout.strip():
        raise AssertionError(f"The Nu Html Checker did not run (exit {result.returncode}):\n{result.stderr}")
    messages = json.loads(result.stdout)["messages"]
    return [
        Problem(
            document=labels.get(message.get("url", ""), message.get("url", "?")),
            line=message.get("lastLine", 0),
            message=message["message"],
            extract=message.get("extract", ""),
        )
        for message in messages
        if message["type"] in {"error", "non-document-error"}
    ]


def as_document(html: str) -> str:
    """A whole page stays as it is; a fragment is put in a minimal page."""
    if html.lstrip()[:15].lower().startswith("<!doctype html"):
        return html
    return FRAGMENT_PAGE.format(html)
