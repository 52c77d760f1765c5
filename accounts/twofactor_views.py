"""The pages of two-factor authentication: the code step of the login and the user's own settings.

The logic (pending logins, enforcement, the throttle hook) lives in ``accounts.twofactor``.
"""

from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from organisations.access import require_manager
from organisations.models import Membership

from . import security, twofactor
from .forms import OrganisationTwoFactorForm, TwoFactorCodeForm, TwoFactorConfirmForm, TwoFactorSetupForm

SETUP_KEY = "twofactor_setup_key"
NEW_CODES_KEY = "twofactor_new_codes"


# --- The code step of the login ------------------------------------------------------


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    pending = twofactor.pending_login(request)
    if pending is None or request.user.is_authenticated:
        twofactor.clear_pending(request)
        messages.info(request, _("Log in met je e-mailadres en wachtwoord; daarna vragen we de code."))
        return redirect("login")
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    if user is None:
        twofactor.clear_pending(request)
        return redirect("login")
    if security.is_locked_out(request, pending["username"]):
        twofactor.clear_pending(request)
        return twofactor.lockout_response(request, pending["username"])

    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST":
        if form.is_valid():
            return _finish_login(request, pending, user, form)
        if twofactor.record_failed_code(request, pending):
            twofactor.clear_pending(request)
            messages.error(
                request,
                _("Er zijn te vaak verkeerde codes ingevuld. Log opnieuw in met je wachtwoord."),
            )
            return redirect("login")
        if getattr(request, "axes_locked_out", False):
            twofactor.clear_pending(request)  # AxesMiddleware shows the lockout page
    return render(request, "twofactor/verify.html", {"form": form, "has_errors": bool(form.errors)})


def _finish_login(request: HttpRequest, pending: dict, user, form: TwoFactorCodeForm) -> HttpResponse:
    twofactor.clear_pending(request)
    user.backend = pending["backend"]
    login(request, user)
    otp_login(request, form.device)
    if form.used_recovery_code:
        left = twofactor.recovery_codes_left(user)
        messages.warning(
            request,
            ngettext(
                "Je hebt een herstelcode gebruikt. Je hebt er nog %(count)d over.",
                "Je hebt een herstelcode gebruikt. Je hebt er nog %(count)d over.",
                left,
            )
            % {"count": left}
            + (" " + _("Maak nieuwe herstelcodes aan bij Tweestapsverificatie.") if left <= 3 else ""),
        )
    return redirect(pending.get("next") or settings.LOGIN_REDIRECT_URL)


# --- The user's own settings -----------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET"])
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = twofactor.totp_device(user)
    required_by = [m.organisation for m in Membership.objects.for_user(user).select_related("organisation")]
    required_by = [org for org in required_by if org.two_factor_required]
    return render(
        request,
        "twofactor/settings.html",
        {
            "device": device,
            "codes_left": twofactor.recovery_codes_left(user) if device else 0,
            "required_by": required_by,
            "staff_required": twofactor.staff_requires(user),
            "may_turn_off": not required_by and not twofactor.staff_requires(user),
        },
    )


def _otpauth_uri(user, key: str) -> str:
    secret = b32encode(unhexlify(key)).decode().rstrip("=")
    issuer = settings.OTP_TOTP_ISSUER
    label = quote(f"{issuer}:{user.get_username()}")
    return f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer)}&algorithm=SHA1&digits=6&period=30"


def _secret_groups(key: str) -> list[str]:
    secret = b32encode(unhexlify(key)).decode().rstrip("=")
    return [secret[i : i + 4] for i in range(0, len(secret), 4)]


def _qr_svg(uri: str) -> str:
    """The QR code as inline SVG: attributes only (the CSP allows no style attributes)."""
    svg = segno.make(uri, error="m", micro=False).svg_inline(
        scale=4, dark="#000", light="#fff", svgclass="qr-code", lineclass=None, omitsize=False
    )
    # segno's own markup: the URI (with the username) is encoded as path geometry, never as text.
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))  # noqa: S308  # nosec B308 B703


@login_required
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if twofactor.has_two_factor(user):
        messages.info(request, _("Tweestapsverificatie staat al aan."))
        return redirect("twofactor:settings")
    key = request.session.get(SETUP_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = random_hex(20)
        request.session[SETUP_KEY] = key
    form = TwoFactorSetupForm(request.POST if request.method == "POST" else None, key=key)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device = TOTPDevice.objects.create(
                user=user, name=twofactor.TOTP_NAME, key=key, confirmed=True, last_t=form.matched_t
            )
            codes = twofactor.new_recovery_codes(user)
        request.session.pop(SETUP_KEY, None)
        request.session.cycle_key()
        otp_login(request, device)
        twofactor.refresh_state(request)
        request.session[NEW_CODES_KEY] = codes
        messages.success(request, _("Tweestapsverificatie staat aan. Bewaar nu je herstelcodes."))
        return redirect("twofactor:recovery_codes")
    uri = _otpauth_uri(user, key)
    return render(
        request,
        "twofactor/setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(uri),
            "secret_groups": _secret_groups(key),
            "required": twofactor.session_state(request)["required"] or twofactor.staff_requires(user),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown once (and gone from the session)."""
    codes = request.session.pop(NEW_CODES_KEY, None)
    if not isinstance(codes, list):
        codes = []
    download = ""
    if codes:
        text = _("Herstelcodes voor Chef Circulair (%(user)s). Elke code werkt één keer.") % {
            "user": request.user.get_username()
        }
        download = "data:text/plain;charset=utf-8," + quote("\n".join([text, "", *codes, ""]))
    return render(
        request,
        "twofactor/recovery_codes.html",
        {"codes": codes, "download": download, "enabled": twofactor.has_two_factor(request.user)},
    )


def _confirmed_change(request: HttpRequest, template: str, context: dict, action) -> HttpResponse:
    """A change that needs a current code or the password first; failures count as failed logins."""
    username = request.user.get_username()
    form = TwoFactorConfirmForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST":
        if security.is_locked_out(request, username):
            return twofactor.lockout_response(request, username)
        if form.is_valid():
            return action()
        twofactor.record_failed_confirmation(request)
    return render(request, template, {"form": form, **context})


@login_required
@never_cache
@sensitive_post_parameters("confirmation")
@require_http_methods(["GET", "POST"])
def regenerate_codes(request: HttpRequest) -> HttpResponse:
    if not twofactor.has_two_factor(request.user):
        return redirect("twofactor:settings")

    def action():
        request.session[NEW_CODES_KEY] = twofactor.new_recovery_codes(request.user)
        messages.success(request, _("Je hebt nieuwe herstelcodes. De oude werken niet meer."))
        return redirect("twofactor:recovery_codes")

    return _confirmed_change(request, "twofactor/regenerate.html", {}, action)


@login_required
@never_cache
@sensitive_post_parameters("confirmation")
@require_http_methods(["GET", "POST"])
def disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not twofactor.has_two_factor(user):
        return redirect("twofactor:settings")
    if not twofactor.may_turn_off(user):
        messages.error(request, _("Tweestapsverificatie is voor jou verplicht; je kunt het niet uitzetten."))
        return redirect("twofactor:settings")

    def action():
        twofactor.remove_two_factor(user)
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        request.session.cycle_key()
        twofactor.refresh_state(request)
        messages.success(request, _("Tweestapsverificatie staat uit. Je logt voortaan in met alleen je wachtwoord."))
        return redirect("twofactor:settings")

    return _confirmed_change(request, "twofactor/disable.html", {}, action)


# --- The organisation's rule (chef circulair) --------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def organisation_policy(request: HttpRequest) -> HttpResponse:
    membership = require_manager(request)
    organisation = membership.organisation
    form = OrganisationTwoFactorForm(request.POST if request.method == "POST" else None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        if organisation.two_factor_required:
            messages.success(
                request,
                _("Tweestapsverificatie is nu verplicht. Leden zonder stellen het in bij hun volgende bezoek."),
            )
        else:
            messages.success(request, _("Tweestapsverificatie is niet meer verplicht voor de leden."))
        return redirect("twofactor:organisation")
    members = Membership.objects.for_organisation(organisation).filter(user__is_active=True)
    total = members.count()
    with_device = (
        TOTPDevice.objects.filter(confirmed=True, user__memberships__organisation=organisation, user__is_active=True)
        .values("user")
        .distinct()
        .count()
    )
    return render(
        request,
        "twofactor/organisation.html",
        {
            "form": form,
            "organisation": organisation,
            "total": total,
            "with_device": with_device,
            "summary": ngettext(
                "%(done)s van %(total)s lid heeft tweestapsverificatie ingesteld.",
                "%(done)s van %(total)s leden hebben tweestapsverificatie ingesteld.",
                total,
            )
            % {"done": with_device, "total": total},
            "settings_url": reverse("twofactor:settings"),
        },
    )
