"""The Open Contracting Partnership's own checker (lib-cove-ocds) on our OCDS exports, offline.

lib-cove-ocds builds the schema with ocdsextensionregistry, which downloads the standard (a ZIP of
its repository) and every extension a package names. Here the standard is a ZIP made in memory from
the vendored 1.1.5 schemas and codelists (``procurement/ocds/schema``), and the extensions' URLs are
answered from the vendored copies by a requests adapter mounted on ocdsextensionregistry's session;
any other URL, and any socket connection at all, fails the check. So the suite never touches the
network, and an export that names an extension we do not vendor fails.

``cove_problems(package)`` is what the checker reports as an error or a warning (empty when clean);
the autouse fixture in ``tests/conftest.py`` runs it on every package the tests export.
"""

import copy
import functools
import io
import socket
import tempfile
import zipfile
from contextlib import contextmanager
from unittest import mock

import requests
from django.conf import settings
from django.urls import reverse
from urllib3 import HTTPResponse

from procurement.ocds.schema import (
    EXTENSION_DIR,
    SCHEMA_DIR,
    SUSTAINABILITY_COMMIT,
    SUSTAINABILITY_DIR,
    SUSTAINABILITY_EXTENSION_URL,
)

# What lib-cove-ocds reports, in its API form: any of these non-empty is a finding.
FINDINGS = (
    "validation_errors",
    "additional_fields",
    "additional_closed_codelist_values",
    "additional_open_codelist_values",
    "additional_checks",
    "deprecated_fields",
    "json_deref_error",
)


@functools.cache
def standard_zip() -> bytes:
    """The OCDS 1.1.5 standard as ocdsextensionregistry expects its repository ZIP (``<dir>/schema/...``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("standard/", "")
        for name in ("release-schema", "release-package-schema", "record-package-schema"):
            archive.write(SCHEMA_DIR / f"{name}-1.1.5.json", f"standard/schema/{name}.json")
        archive.write(
            SCHEMA_DIR / "versioned-release-validation-schema-1.1.5.json",
            "standard/schema/versioned-release-validation-schema.json",
        )
        for codelist in sorted((SCHEMA_DIR / "codelists-1.1.5").glob("*.csv")):
            archive.write(codelist, f"standard/schema/codelists/{codelist.name}")
    return buffer.getvalue()


def _sustainability_archive() -> bytes:
    """The extension as GitHub's archive of the commit (ocdsextensionregistry downloads that for GitHub URLs)."""
    buffer = io.BytesIO()
    top = f"ocds_sustainability_extension-{SUSTAINABILITY_COMMIT}/"
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(top, "")
        for path in sorted(SUSTAINABILITY_DIR.rglob("*")):
            if path.is_file():
                archive.write(path, top + path.relative_to(SUSTAINABILITY_DIR).as_posix())
    return buffer.getvalue()


def extension_files() -> dict[str, bytes]:
    """URL → content, for every file of both extensions the exports name."""
    files = {
        "https://github.com/open-contracting-extensions/ocds_sustainability_extension/archive/"
        f"{SUSTAINABILITY_COMMIT}.zip": _sustainability_archive()
    }
    sustainability_base = SUSTAINABILITY_EXTENSION_URL.removesuffix("extension.json")
    for path in SUSTAINABILITY_DIR.rglob("*"):
        if path.is_file():
            files[sustainability_base + path.relative_to(SUSTAINABILITY_DIR).as_posix()] = path.read_bytes()
    for name in ("extension.json", "release-schema.json"):
        url = settings.SITE_URL + reverse("procurement:ocds_extension", args=[name])
        files[url] = (EXTENSION_DIR / name).read_bytes()
    return files


class VendoredFiles(requests.adapters.BaseAdapter):
    """Answers the extensions' URLs from the vendored files; refuses every other URL."""

    def __init__(self, files: dict[str, bytes]):
        super().__init__()
        self.files = files

    def send(self, request, **kwargs):
        content = self.files.get(request.url)
        if content is None:
            raise requests.ConnectionError(f"offline: {request.url} is not vendored")
        raw = HTTPResponse(
            body=io.BytesIO(content),
            status=200,
            headers={"Content-Type": "application/json; charset=utf-8"},
            preload_content=False,
            request_url=request.url,
        )
        return requests.adapters.HTTPAdapter().build_response(request, raw)

    def close(self):
        pass


def _no_network(*args, **kwargs):
    raise OSError("lib-cove-ocds tried to reach the network")


@contextmanager
def offline():
    from ocdsextensionregistry.util import session

    adapter = VendoredFiles(extension_files())
    previous = {prefix: session.get_adapter(prefix + "example.org") for prefix in ("https://", "http://")}
    for prefix in previous:
        session.mount(prefix, adapter)
    try:
        with mock.patch.object(socket.socket, "connect", _no_network):
            yield
    finally:
        for prefix, original in previous.items():
            session.mount(prefix, original)


def cove_report(package: dict) -> dict:
    """lib-cove-ocds' report (API context) on a release or record package."""
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    config = LibCoveOCDSConfig({"context": "api", "standard_zip": standard_zip()})
    with offline(), tempfile.TemporaryDirectory() as directory:
        return ocds_json_output(directory, json_data=copy.deepcopy(package), lib_cove_ocds_config=config)


def cove_problems(package: dict) -> dict:
    """Every error and warning lib-cove-ocds finds in the package (empty when there is none)."""
    report = cove_report(package)
    problems = {key: report[key] for key in FINDINGS if report.get(key)}
    extensions = report.get("extensions") or {}
    if extensions.get("invalid_extension"):
        problems["invalid_extension"] = extensions["invalid_extension"]
    failed = {e["url"]: e["failed_codelists"] for e in extensions.get("extensions") or [] if e.get("failed_codelists")}
    if failed:
        problems["failed_codelists"] = failed
    return problems
