"""PDF rendering with WeasyPrint that reads nothing but the app's own static files.

WeasyPrint's default URL fetcher opens any URL a document names: ``file:///etc/passwd``,
``http://127.0.0.1:…`` inside the network, and so on. Every PDF of the app is
written through ``write_pdf`` here, whose fetcher serves only

- ``/static/…`` (relative URLs resolve against SITE_URL), read from the static
  files finders or STATIC_ROOT, never outside them, and
- ``data:`` URIs,

and refuses everything else; WeasyPrint then leaves the resource out (an
image is not drawn, a stylesheet not applied) and still renders the PDF.
"""

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join

logger = logging.getLogger(__name__)


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


def write_pdf(html: str, **options) -> bytes:
    """``html`` as a PDF, with the safe fetcher and SITE_URL as base URL; ``options`` go to ``write_pdf``."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url(), url_fetcher=url_fetcher()).write_pdf(**options)
