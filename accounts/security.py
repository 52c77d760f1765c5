"""Production hardening: client IP behind proxies, login and rate limits, sessions, body limits, 400/413/429 pages.

Settings live in the "Production hardening" block of ``chefcirculair.settings``.

For another login step (e.g. a second factor): call ``is_locked_out(request,
username)`` before checking the code, ``register_failed_attempt(request,
username)`` after a wrong one. Both use the same counters as the password
step, and a lockout shows the same 429 page.
"""

import math
import time
from datetime import datetime, timedelta
from typing import cast

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_credentials
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext


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


class AxesHttpRequest(HttpRequest):
    """A request as django-axes leaves it after ``AxesProxyHandler.update_request`` (for the type checker)."""

    axes_attempt_time: datetime
    axes_ip_address: str | None
    axes_locked_out: bool
    axes_credentials: dict | None
    login_lockout_reason: str  # set here, when a login limit applies


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


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler with two more limits over the same failure records.

    axes itself locks a username out from one client IP (AXES_FAILURE_LIMIT).
    On top of that, counted over the failures of the last AXES_COOLOFF_TIME:

    - one client IP, across all usernames (password spraying):
      LOGIN_IP_FAILURE_LIMIT, high, because a whole office may share one address;
    - one account, across all IPs (a distributed attack): LOGIN_ACCOUNT_FAILURE_LIMIT.
      It does not apply from an address the account logged in from successfully
      in the last LOGIN_KNOWN_ADDRESS_DAYS days, so an attacker elsewhere cannot
      lock the user out of their usual network; everywhere else it ends with the cool-off.
    """

    def lockout_reason(self, request: AxesHttpRequest, credentials: dict | None = None) -> str | None:
        """Why this client may not log in as this username right now ("username_ip", "ip", "account"), or None."""
        reason = None
        if not settings.AXES_LOCK_OUT_AT_FAILURE:
            return None
        if super().is_locked(request, credentials):
            reason = "username_ip"
        else:
            recent = AccessAttempt.objects.all()
            cool_off = get_cool_off(request)
            if cool_off is not None:
                recent = recent.filter(attempt_time__gte=request.axes_attempt_time - cool_off)
            ip = request.axes_ip_address
            username = get_client_username(request, credentials)
            if _failures(recent.filter(ip_address=ip)) >= settings.LOGIN_IP_FAILURE_LIMIT:
                reason = "ip"
            elif (
                username
                and _failures(recent.filter(username=username)) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT
                and not _known_address(username, ip)
            ):
                reason = "account"
        if reason:
            request.login_lockout_reason = reason
        return reason

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return self.lockout_reason(request, credentials) is not None

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # axes only checks its own limit after recording a failure; this one may have reached another.
        if request is not None and not request.axes_locked_out and self.is_locked(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _known_address(username: str, ip: str | None) -> bool:
    since = timezone.now() - timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS)
    return AccessLog.objects.filter(username__iexact=username, ip_address=ip, attempt_time__gte=since).exists()


def is_locked_out(request: HttpRequest, username: str) -> bool:
    """Whether this client may not try to log in as ``username`` now (any of the login limits)."""
    return settings.AXES_ENABLED and AxesProxyHandler.is_locked(request, get_credentials(username))


def register_failed_attempt(request: HttpRequest, username: str) -> bool:
    """Count a failed login step (a wrong password, a wrong second-factor code) for ``username``.

    Returns whether the client is now locked out. If so, AxesMiddleware replaces
    the view's response with the lockout page (429), as after a wrong password.
    """
    AxesProxyHandler.update_request(request)
    user_login_failed.send(sender=__name__, credentials=get_credentials(username), request=request)
    return bool(cast(AxesHttpRequest, request).axes_locked_out)


def reset_login_failures(username: str) -> None:
    """Forget the failed logins for an account from every address (after a password reset by e-mail)."""
    AxesProxyHandler.reset_attempts(username=username.strip().lower())


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    """The username axes counts failures for: case-insensitive, so "Chef" and "chef" share a counter."""
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username", "")
    return str(username).strip().lower()[:255]


class SessionAbsoluteTimeoutMiddleware:
    """Log out a session SESSION_ABSOLUTE_SECONDS after its login, however active it is.

    The login time is stored in the session at login (``mark_session_fresh``);
    a logged-in session without it predates this rule and is ended too.
    """

    KEY = "_login_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            logged_in_at = session.get(self.KEY)
            if not isinstance(logged_in_at, int) or time.time() - logged_in_at >= settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)  # the view now sees an anonymous user: login_required sends it to the login page
        return self.get_response(request)


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
        now = int(time.time())
        request.session[SessionIdleTimeoutMiddleware.KEY] = now
        request.session[SessionAbsoluteTimeoutMiddleware.KEY] = now


def record_login(sender, user, **kwargs) -> None:
    """Store the time of the login with an UPDATE: no history row for users (accounts/models.py) per login.

    Takes the place of Django's own ``update_last_login`` receiver, which saves the user.
    """
    user.last_login = timezone.now()
    type(user)._default_manager.filter(pk=user.pk).update(last_login=user.last_login)


def _too_large(request: HttpRequest) -> HttpResponse:
    limit_mb = settings.MAX_REQUEST_BODY_SIZE / (1024 * 1024)
    if request.path.startswith("/api/"):
        # The JSON API answers in JSON, also before its own (smaller) limit is reached.
        return JsonResponse(
            {"status": 413, "melding": gettext("De inhoud van het verzoek is te groot."), "fouten": []}, status=413
        )
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
            return _page_with_error(request) or _too_large(request)
        return self.get_response(request)


TOO_LARGE_PARAMETER = "te_groot"


def shows_too_large_on_its_page(view):
    """Mark a form view: a POST over MAX_REQUEST_BODY_SIZE is sent back (303, body unread) to the view's page
    with ``?te_groot=1``, where the view shows a Dutch error beside its file field instead of a 413."""
    view.shows_too_large_on_its_page = True
    return view


def _page_with_error(request: HttpRequest) -> HttpResponse | None:
    if request.method != "POST" or request.path.startswith("/api/"):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if not getattr(match.func, "shows_too_large_on_its_page", False):
        return None
    return HttpResponseRedirect(f"{request.path}?{TOO_LARGE_PARAMETER}=1", status=303)


def bad_request(request: HttpRequest, exception: Exception | None) -> HttpResponse:
    """handler400: a Dutch explanation; an oversized body (RequestDataTooBig) becomes a 413."""
    if isinstance(exception, RequestDataTooBig):
        return _too_large(request)
    return render(request, "400.html", {"too_large": False}, status=400)


def lockout(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """The page django-axes shows once a login limit is reached for this client (429)."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = max(1, round(cooloff.total_seconds() / 60)) if cooloff else None
    response = render(
        request,
        "registration/lockout.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": minutes,
            "reason": getattr(request, "login_lockout_reason", "username_ip"),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    if cooloff:
        response["Retry-After"] = str(int(cooloff.total_seconds()))
    return response


# --- Rate limits ------------------------------------------------------------------


_clock = time.time  # the rate limits' clock (tests set it)


def rate_limit_hit(scope: str, key: str, limit: int, window: int) -> tuple[bool, int]:
    """Count one hit of ``key`` (an IP, e-mail address, user id) in ``scope``; fixed windows of ``window`` s.

    Returns (allowed, seconds until the window ends). The counters live in the
    database (RateLimitCounter), shared by every app server; the key is stored
    as a keyed hash, not as the address itself.
    """
    from .models import RateLimitCounter

    now = _clock()
    start = int(now // window * window)
    digest = salted_hmac("chefcirculair.rate_limit", f"{scope}:{key}", algorithm="sha256").hexdigest()
    count = _count_hit(scope, digest, start)
    if count is None:
        RateLimitCounter.objects.filter(expires_at__lt=timezone.now()).delete()
        try:
            with transaction.atomic():
                RateLimitCounter.objects.create(
                    scope=scope,
                    key=digest,
                    window_start=start,
                    expires_at=timezone.now() + timedelta(seconds=window),
                    count=1,
                )
            count = 1
        except IntegrityError:  # another request created it just now
            count = _count_hit(scope, digest, start) or 0
    return count <= limit, max(1, math.ceil(start + window - now))


def _count_hit(scope: str, digest: str, start: int) -> int | None:
    """Add one to the window's counter and read the new count in one statement; None when there is no counter."""
    from .models import RateLimitCounter

    table, count, *where = map(
        connection.ops.quote_name, (RateLimitCounter._meta.db_table, "count", "scope", "key", "window_start")
    )
    # PostgreSQL and SQLite (3.35+) both return the updated row: the count is never read stale.
    # The names are the model's own, quoted; the values are parameters.
    where_sql = f"{where[0]} = %s AND {where[1]} = %s AND {where[2]} = %s"
    sql = f"UPDATE {table} SET {count} = {count} + 1 WHERE {where_sql} RETURNING {count}"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope, digest, start])
        row = cursor.fetchone()
    return row[0] if row else None


def pdf_rate_limit(request: HttpRequest) -> HttpResponse | None:
    """The 429 page once this user asked for more than PDF_RATE_LIMIT_PER_MINUTE synchronous PDFs; else None."""
    allowed, retry_after = rate_limit_hit("pdf", str(request.user.pk), settings.PDF_RATE_LIMIT_PER_MINUTE, 60)
    return None if allowed else too_many_requests(request, retry_after, what="pdf")


def too_many_requests(request: HttpRequest, retry_after: int, *, what: str) -> HttpResponse:
    """The Dutch 429 page; ``what`` names what was refused ("pdf", "password_reset")."""
    response = render(
        request,
        "429.html",
        {"what": what, "retry_minutes": max(1, math.ceil(retry_after / 60))},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def check_site_url(app_configs=None, **kwargs) -> list:
    """Deploy check: SITE_URL is the public address, never this machine.

    E-mail links and the OCDS extension URL in every published package are built from it; a
    production start without it would publish links to 127.0.0.1.
    """
    from urllib.parse import urlsplit

    from django.core.checks import Error

    host = (urlsplit(settings.SITE_URL).hostname or "").lower()
    if host and host not in {"localhost", "::1"} and not host.startswith("127."):
        return []
    return [
        Error(
            f"SITE_URL is {settings.SITE_URL!r}: links in e-mails and published OCDS files would point here.",
            hint="Set SITE_URL to the public address of the app, e.g. https://chefcirculair.gemeente.nl.",
            id="chefcirculair.E011",
        )
    ]
