"""Two-factor authentication: TOTP (an authenticator app) with recovery codes, through django-otp.

How a login works for a user with a confirmed TOTP device:

1. The password step (``LoginView``) checks the password but does NOT log in. It
   stores a *pending login* in the session (user id, backend, the typed username,
   a start time, a failure count) and sends the user to the code step. Until then
   the session is anonymous: a half-logged-in user reaches no page.
2. The code step (``twofactor_views.verify``) accepts a current TOTP code or a
   single-use recovery code, then calls ``login()`` and django-otp's
   ``otp_login()``, so ``request.user.is_verified()`` holds for the session.
   Wrong codes go through ``record_failed_code``: the throttle hook (see there).

``TwoFactorMiddleware`` keeps every other session honest: a session of a user who
has a device but is not verified (a session from before the device, or one made
by other code calling ``login()``) is logged out; a user who must have a device
(a member of an organisation that requires it; staff in the admin) and has none
is sent to the set-up page. What a session knows about its user's devices is
kept in the session and re-read every TWO_FACTOR_RECHECK_SECONDS.
"""

import math
import time

from axes.helpers import get_credentials, get_lockout_response
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.core.checks import Warning as CheckWarning
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lib.extension_points import ExtensionPoint
from organisations.models import Membership

from . import security, sso

PENDING_KEY = "twofactor_pending"
STATE_KEY = "twofactor_state"
RECOVERY_CODE_COUNT = 10
TOTP_NAME = "Authenticator-app"
STATIC_NAME = "Herstelcodes"

# Callables (user) -> URL or None that pick the landing page after login when there is no `next`.
login_redirects: ExtensionPoint = ExtensionPoint("the landing page after login, per kind of user")


# --- Devices ---------------------------------------------------------------------


def totp_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any: two-factor is on exactly when there is one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def format_recovery_code(token: str) -> str:
    return f"{token[:4]}-{token[4:]}"


def normalise_code(value: str) -> str:
    """What the user typed, without spaces and dashes, lower case (recovery codes are base32)."""
    return "".join(ch for ch in str(value) if ch not in " -\t").lower()


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes by RECOVERY_CODE_COUNT new ones; returns them (shown once)."""
    device = recovery_device(user)
    if device is None:
        device = StaticDevice.objects.create(user=user, name=STATIC_NAME, confirmed=True)
    device.token_set.all().delete()
    tokens: list[str] = []
    while len(tokens) < RECOVERY_CODE_COUNT:
        token = StaticToken.random_token()
        if token not in tokens:
            tokens.append(token)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=token) for token in tokens])
    return [format_recovery_code(token) for token in tokens]


@transaction.atomic
def remove_two_factor(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# --- Who must use it --------------------------------------------------------------


def organisation_requires(user) -> bool:
    """Does one of the user's organisations require two-factor authentication of all members?"""
    return Membership.objects.for_user(user).filter(organisation__two_factor_required=True).exists()


def staff_requires(user) -> bool:
    return bool(user.is_staff and settings.TWO_FACTOR_STAFF_REQUIRED)


def may_turn_off(user) -> bool:
    return not (staff_requires(user) or organisation_requires(user))


# --- What the session knows -------------------------------------------------------


def refresh_state(request: HttpRequest, user=None) -> dict:
    user = user or request.user
    state = {"device": has_two_factor(user), "required": organisation_requires(user), "checked": int(time.time())}
    request.session[STATE_KEY] = state
    return state


def session_state(request: HttpRequest) -> dict:
    state = request.session.get(STATE_KEY)
    if (
        not isinstance(state, dict)
        or int(time.time()) - int(state.get("checked", 0)) >= settings.TWO_FACTOR_RECHECK_SECONDS
    ):
        state = refresh_state(request)
    return state


def remember_state_at_login(sender, request, user, **kwargs) -> None:
    """user_logged_in: every new session starts with a fresh view of its user's devices."""
    if request is not None and hasattr(request, "session"):
        refresh_state(request, user)


def is_verified(request: HttpRequest) -> bool:
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


# --- The pending login (password checked, code not yet) ----------------------------


def start_pending(request: HttpRequest, user, username: str, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "username": str(username or user.get_username())[:255],
        "started": int(time.time()),
        "failures": 0,
        "next": next_url,
    }


def pending_login(request: HttpRequest) -> dict | None:
    """The pending login of this session, or None (none, expired or malformed: then it is dropped)."""
    pending = request.session.get(PENDING_KEY)
    if pending is None:
        return None
    try:
        fresh = int(time.time()) - int(pending["started"]) < settings.TWO_FACTOR_PENDING_SECONDS
        int(pending["user_id"])
    except (KeyError, TypeError, ValueError):
        fresh = False
    if not fresh:
        clear_pending(request)
        return None
    return pending


def clear_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def _wait_text(seconds: int) -> str:
    if seconds <= 90:
        return ngettext("%(n)d seconde", "%(n)d seconden", seconds) % {"n": seconds}
    if seconds <= 90 * 60:
        minutes = math.ceil(seconds / 60)
        return ngettext("%(n)d minuut", "%(n)d minuten", minutes) % {"n": minutes}
    hours = math.ceil(seconds / 3600)
    return ngettext("%(n)d uur", "%(n)d uur", hours) % {"n": hours}


def throttled(device) -> str:
    """Why ``device`` checks no code now and how long to wait, or "" when it checks one.

    django-otp's own throttle, per device (so across sessions and servers): after
    n wrong codes in a row, the next code is checked only OTP_*_THROTTLE_FACTOR × 2^(n−1)
    seconds after the last wrong one (see the settings).
    """
    allowed, details = device.verify_is_allowed()
    if allowed:
        return ""
    details = details or {}
    count = int(details.get("failure_count") or 0)
    what = ngettext(
        "Er is net een verkeerde code ingevuld voor je account.",
        "Er zijn net %(count)d verkeerde codes achter elkaar ingevuld voor je account.",
        count,
    ) % {"count": count}
    until = details.get("locked_until")
    if until is None:
        return what + " " + _("Wacht even en vul dan de code in die je app op dat moment laat zien.")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    return (
        what
        + " "
        + _(
            "Ter beveiliging controleren we de volgende code pas over %(wait)s. Vul dan de code in die je app op "
            "dat moment laat zien."
        )
        % {"wait": _wait_text(seconds)}
    )


def record_failed_code(request: HttpRequest, pending: dict) -> bool:
    """Count a wrong code of a pending login; True when this login's codes are used up.

    The failure counts in the login throttle like a wrong password
    (``security.register_failed_attempt``: per username and IP, per IP and per
    account), which may lock the client out (the lockout page then replaces the
    response). Besides, one pending login allows TWO_FACTOR_MAX_CODE_ATTEMPTS
    wrong codes; then the caller drops it and sends the user back to the password step.
    """
    pending["failures"] = int(pending.get("failures", 0)) + 1
    request.session[PENDING_KEY] = pending
    security.register_failed_attempt(request, pending["username"])
    return pending["failures"] >= settings.TWO_FACTOR_MAX_CODE_ATTEMPTS


def record_failed_confirmation(request: HttpRequest) -> None:
    """A wrong code or password when a logged-in user confirms a change: counted as a failed login too."""
    security.register_failed_attempt(request, request.user.get_username())


def lockout_response(request: HttpRequest, username: str) -> HttpResponse:
    return get_lockout_response(request, None, get_credentials(username))


# --- The password step --------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's LoginView in two steps; a user with an authenticator app goes on to the code step.

    The first step asks only who it is (``LoginEmailForm``): an address whose domain belongs to an
    organisation with single sign-on is offered its provider (``accounts.sso``); everyone else gets the
    password step. A POST with a password is the password step (so a form or client that sends both at
    once still works); the password is refused for an organisation that requires single sign-on.
    """

    def post(self, request, *args, **kwargs):
        if "password" not in request.POST:
            return self.email_step(request)
        return super().post(request, *args, **kwargs)

    def email_step(self, request: HttpRequest) -> HttpResponse:
        from .forms import LoginEmailForm

        email_form = LoginEmailForm(request.POST)
        if not email_form.is_valid():
            return self.render_to_response(self.get_context_data(email_form=email_form, step="email"))
        username = email_form.cleaned_data["username"].strip()
        provider = sso.provider_for_email(username)
        if provider is not None:
            request.session["sso_email"] = username.lower()
            url = reverse("sso:start", args=[provider.organisation.slug])
            if next_url := self.get_redirect_url():
                url = f"{url}?{urlencode({'next': next_url})}"
            return self.render_to_response(
                self.get_context_data(step="sso", sso_provider=provider, sso_url=url, email=username)
            )
        form = self.get_form_class()(request, initial={"username": username})
        return self.render_to_response(self.get_context_data(form=form, step="password", email=username))

    def get_context_data(self, **kwargs):
        from .forms import LoginEmailForm

        context = super().get_context_data(**kwargs)
        if "step" not in context:
            context["step"] = "password" if context["form"].is_bound else "email"
        if context["step"] == "email" and "email_form" not in context:
            context["email_form"] = LoginEmailForm(initial={"username": self.request.GET.get("email", "")[:254]})
        return context

    def form_valid(self, form):
        user = form.get_user()
        self.authenticated_user = user
        if not has_two_factor(user):
            return super().form_valid(form)
        start_pending(self.request, user, form.cleaned_data.get("username", ""), self.get_success_url())
        return redirect("twofactor:verify")

    def get_default_redirect_url(self):
        """Without a ``next``: the first page a ``login_redirects`` provider names for the user, else the default.

        Higher apps register providers (a supplier lands on their own contracts).
        """
        user = getattr(self, "authenticated_user", None)
        for provider in login_redirects:
            url = provider(user) if user is not None else None
            if url:
                return url
        return super().get_default_redirect_url()


# --- Enforcement -------------------------------------------------------------------


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _is_admin_path(request: HttpRequest) -> bool:
    return request.path_info.startswith("/" + settings.ADMIN_URL)


class TwoFactorMiddleware:
    """See the module docstring. Installed after OTPMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self.enforce(request)
            if response is not None:
                return response
        return self.get_response(request)

    def enforce(self, request: HttpRequest) -> HttpResponse | None:
        if sso.is_sso_session(request):
            # Signed in through the organisation's own provider: its login (and second factor) counts.
            return None
        state = session_state(request)
        verified = is_verified(request)
        if state["device"] and not verified:
            # This session never passed the code step: log in again, with the code.
            path = request.get_full_path()
            logout(request)
            messages.info(request, _("Log opnieuw in met je wachtwoord en de code uit je authenticator-app."))
            return _redirect(request, f"{reverse('login')}?{urlencode({'next': path})}")
        if verified or request.path_info in exempt_paths():
            return None
        if state["required"] or (_is_admin_path(request) and staff_requires(request.user)):
            return _redirect(request, reverse("twofactor:setup"))
        return None


def exempt_paths() -> set[str]:
    """Pages a user who must set up two-factor authentication may still open."""
    return {
        reverse("twofactor:setup"),
        reverse("twofactor:settings"),
        reverse("twofactor:recovery_codes"),
        reverse("logout"),
    }


# --- The admin ----------------------------------------------------------------------


class TwoFactorAdminSite(admin.AdminSite):
    """The admin: staff only, with a verified second factor (unless TWO_FACTOR_STAFF_REQUIRED is off).

    Its own login form is replaced by the site's two-step login.
    """

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        return is_verified(request) or not settings.TWO_FACTOR_STAFF_REQUIRED

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if request.user.is_authenticated:
            # Logged in, but not allowed in the admin: no second login form.
            raise PermissionDenied
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect(f"{reverse('login')}?{urlencode({'next': target})}")


def check_staff_required(app_configs=None, **kwargs) -> list:
    """Deploy check: production keeps two-factor authentication for staff."""
    if settings.TWO_FACTOR_STAFF_REQUIRED:
        return []
    return [
        CheckWarning(
            "TWO_FACTOR_STAFF_REQUIRED is off: staff reach the admin with a password only.",
            hint="Only `make run` (the demo) turns it off; remove TWO_FACTOR_STAFF_REQUIRED=false in production.",
            id="accounts.W010",
        )
    ]
