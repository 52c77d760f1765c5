"""Production hardening: client IP behind proxies, idle sessions, body limits, 400/413 pages.

Settings live in the "Production hardening" block of ``chefcirculair.settings``.
"""

import time

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, trusting exactly TRUSTED_PROXY_COUNT reverse proxies.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the client is the Nth entry from the right; entries
    further left were written by the client and cannot be trusted.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get(settings.CLIENT_IP_HEADER, "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes for every login over HTTP (which always has a request).

    ``authenticate()`` without a request is code, not a visitor (the test
    client's ``login()``, a management command): nothing to throttle, so it
    falls through to the ModelBackend instead of raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    """The username axes counts failures for: case-insensitive, so "Chef" and "chef" share a counter."""
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username", "")
    return str(username).strip().lower()[:255]


class SessionIdleTimeoutMiddleware:
    """End sessions after SESSION_COOKIE_AGE seconds without a request.

    The session (and its cookie) get a fresh expiry when the last refresh is
    more than SESSION_REFRESH_SECONDS ago: an idle timeout that costs one
    session write per minute of activity, not one per request.
    """

    KEY = "_last_refresh"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
                # The session middleware runs after us (outer), and saves it with a fresh expiry.
        return response


def mark_session_fresh(sender, request, user, **kwargs) -> None:
    """Logging in just wrote the session: the first requests after it need no refresh write."""
    if request is not None and hasattr(request, "session"):
        request.session[SessionIdleTimeoutMiddleware.KEY] = int(time.time())


def _too_large(request: HttpRequest) -> HttpResponse:
    limit_mb = settings.MAX_REQUEST_BODY_SIZE / (1024 * 1024)
    return render(
        request,
        "400.html",
        {"too_large": True, "limit": f"{limit_mb:.0f}".replace(".", ",")},
        status=413,
    )


class RequestSizeLimitMiddleware:
    """Refuse bodies larger than MAX_REQUEST_BODY_SIZE before anything reads them (413).

    Django itself caps form data (DATA_UPLOAD_MAX_MEMORY_SIZE) but not files
    in a multipart upload; this cap covers both, by the declared length.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request(request, None)
        if length > settings.MAX_REQUEST_BODY_SIZE:
            return _too_large(request)
        return self.get_response(request)


def bad_request(request: HttpRequest, exception: Exception | None) -> HttpResponse:
    """handler400: a Dutch explanation; an oversized body (RequestDataTooBig) becomes a 413."""
    if isinstance(exception, RequestDataTooBig):
        return _too_large(request)
    return render(request, "400.html", {"too_large": False}, status=400)


def lockout(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """The page django-axes shows once a username is locked out from this client (429)."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = max(1, round(cooloff.total_seconds() / 60)) if cooloff else None
    return render(
        request,
        "registration/lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
