"""Small request helpers shared by the views of every app."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content, content_type: str, filename: str) -> HttpResponse:
    """A download: ``content`` saved by the browser as ``filename``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it (for the type checker; never made)."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request of a view that only a logged-in user reaches (``login_required`` or an access helper)."""

    user: User


def once_per_request[T](request: HttpRequest, key: str, compute: Callable[[], T]) -> T:
    """``compute()`` the first time ``key`` is asked for during ``request``; the same value after that."""
    memo: dict[str, Any] = request.__dict__.setdefault("_once_per_request", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def safe_next(request: HttpRequest, default: str) -> str:
    """The request's ``next`` (form field, then query string) if it is a path on this site, else ``default``.

    Only a local path ("/…") is followed: another host, a protocol-relative ``//host`` and a scheme
    such as ``javascript:`` fall back to ``default``, and so does a bare word that ``redirect()`` would
    try to resolve as a URL name.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
