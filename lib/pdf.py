"""Every PDF the app publishes, made one way: archival, tagged and reading nothing but the app's own static files.

``write_pdf`` is the only way the app turns HTML into a PDF (the dossier, the
resultatenkaart, the annual report). Each is PDF/A-3a (``PDF_VARIANT``): the
PDF/A identification and metadata in XMP that agree with the document info
(title, author, subject, creator, dates from the document's ``<meta>`` tags),
a document ID, an sRGB output intent, a structure tree with ``/MarkInfo`` and
the ``/Lang`` of ``<html lang>`` (tagged for screen readers), and every font
embedded. Characters no installed font can draw are written as ``[U+XXXX]``
first (``replace_missing_glyphs``), so the text layer stays whole.
``tests/production/test_pdf_conformance.py`` checks every kind of PDF for all of it.

WeasyPrint's default URL fetcher opens any URL a document names: ``file:///etc/passwd``,
``http://127.0.0.1:…`` inside the network, and so on. Every PDF of the app is
written through ``write_pdf`` here, whose fetcher serves only

- ``/static/…`` (relative URLs resolve against SITE_URL), read from the static
  files finders or STATIC_ROOT, never outside them, and
- ``data:`` URIs,

and refuses everything else; WeasyPrint then leaves the resource out (an
image is not drawn, a stylesheet not applied) and still renders the PDF.
"""

import bisect
import functools
import logging
import mimetypes
import posixpath
import shutil
import subprocess  # nosec B404
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils import timezone
from django.utils._os import safe_join

logger = logging.getLogger(__name__)

# Tagged (PDF/UA-style structure tree) and archival (PDF/A-3, fonts embedded) in one.
PDF_VARIANT = "pdf/a-3a"


class RefusedURL(ValueError):
    """A PDF asked for a resource outside the app's static files."""


def base_url() -> str:
    """The base URL of every PDF: relative URLs such as ``/static/x.css`` resolve against it."""
    return settings.SITE_URL + "/"


def static_path(url: str) -> Path:
    """The file behind ``url`` if it names one of the app's static files; RefusedURL otherwise."""
    parts = urlsplit(url)
    site = urlsplit(base_url())
    static_prefix = urlsplit(settings.STATIC_URL).path
    if not static_prefix.startswith("/"):
        static_prefix = "/" + static_prefix
    static_prefix = site.path.rstrip("/") + static_prefix
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc) or not parts.path.startswith(static_prefix):
        raise RefusedURL(f"not a static file of this site: {url[:200]}")
    relative = unquote(parts.path[len(static_prefix) :])
    segments = relative.split("/")
    if (
        not relative
        or "\\" in relative
        or "\0" in relative
        or relative.startswith("/")
        or any(segment in {"", ".", ".."} for segment in segments)
        or posixpath.normpath(relative) != relative
    ):
        raise RefusedURL(f"not a static file path: {url[:200]}")
    try:
        found = finders.find(relative)
        if found is None and settings.STATIC_ROOT:
            candidate = Path(safe_join(str(settings.STATIC_ROOT), relative))
            root = Path(settings.STATIC_ROOT).resolve()
            if candidate.resolve().is_relative_to(root) and candidate.is_file():
                found = str(candidate)
    except SuspiciousFileOperation:
        raise RefusedURL(f"not a static file path: {url[:200]}") from None
    if not found:
        raise RefusedURL(f"no such static file: {url[:200]}")
    return Path(found)


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Serves /static/ files and data: URIs; refuses file:, http(s): elsewhere, ftp: and the rest."""

        def __init__(self):
            # The parent opener only ever sees data: URIs (below); nothing else may leave the process.
            super().__init__(allowed_protocols={"data"}, allow_redirects=False)

        def fetch(self, url, headers=None):
            if url.lower().startswith("data:"):
                return super().fetch(url, headers)
            try:
                path = static_path(url)
            except RefusedURL:
                logger.warning("PDF: refused to fetch %s", url[:200])
                raise
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return StaticFilesFetcher


def url_fetcher():
    """A fresh fetcher for one document (WeasyPrint's fetchers keep per-request state)."""
    return _fetcher_class()()


# Cached: runs fc-list (a subprocess), and the installed fonts do not change while the process runs.
@functools.cache
def _font_coverage() -> tuple[list[int], list[int]] | None:
    """Code point ranges (starts, ends) that an installed font can draw, from fontconfig; None if unknown."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return None
    result = subprocess.run(  # noqa: S603  # nosec B603
        [fc_list, "--format", "%{charset}\\n"], capture_output=True, text=True, timeout=30, check=False
    )
    ranges = []
    for token in result.stdout.split():
        low, _dash, high = token.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue
    if not ranges:
        return None
    merged: list[list[int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [r[0] for r in merged], [r[1] for r in merged]


def _drawable(char: str, coverage) -> bool:
    starts, ends = coverage
    index = bisect.bisect_right(starts, ord(char)) - 1
    return index >= 0 and ord(char) <= ends[index]


def replace_missing_glyphs(html: str) -> str:
    """Write characters no installed font can draw (some emoji, scripts without a font) as [U+XXXX].

    A character without a glyph would become an empty box and, worse, breaks the
    PDF's text layer (ToUnicode map) for screen readers and text extraction.
    """
    coverage = _font_coverage()
    if coverage is None:
        return html
    missing = {
        ord(char): f"[U+{ord(char):04X}]"
        for char in set(html)
        if ord(char) > 0x7E
        and not char.isspace()
        and not _drawable(char, coverage)
        and unicodedata.category(char) not in {"Mn", "Cf"}
    }
    return html.translate(missing) if missing else html


def created_at():
    """Now, to the second: the ``dcterms.created`` of a PDF.

    WeasyPrint copies the meta tag into the XMP as written and into the document
    info to the second; with a fraction of a second the two would disagree (PDF/A forbids that).
    """
    return timezone.now().replace(microsecond=0)


def write_pdf(html: str) -> bytes:
    """``html`` as an archival, tagged PDF (PDF/A-3a), with the safe fetcher and SITE_URL as base URL.

    The document's metadata comes from its ``<html lang>``, ``<title>`` and
    ``<meta>`` tags (author, description, keywords, generator, and dcterms.created
    from ``created_at()``).
    """
    from weasyprint import HTML

    document = HTML(string=replace_missing_glyphs(html), base_url=base_url(), url_fetcher=url_fetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT)
