"""Single sign-on pages: off to the provider, back from it, linking an existing account, the organisation's settings."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from organisations.access import require_manager

from . import security, sso
from .forms import SsoLinkForm, SsoProviderForm
from .models import SsoProvider

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request: HttpRequest, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure()):
        return url
    return ""


def _throttle_name(request: HttpRequest, provider: SsoProvider | None) -> str:
    """Whom a failed SSO login counts against: the address typed at the login page, else the organisation."""
    flow = sso.flow(request) or {}
    email = str(flow.get("email") or "")
    if email:
        return email
    return f"sso:{provider.organisation.slug}" if provider is not None else "sso"


def failed(request: HttpRequest, error: sso.SsoError, provider: SsoProvider | None = None) -> HttpResponse:
    """The clear Dutch page of a login that did not succeed; it counts in the login throttle."""
    if provider is not None and not isinstance(error, sso.SsoNoAccess):
        # A login that was checked and failed (a stray callback without a login under way checks nothing).
        security.register_failed_attempt(request, _throttle_name(request, provider))
    request.session.pop(sso.FLOW_KEY, None)
    return render(
        request,
        "sso/failed.html",
        {"message": error.message, "provider": provider, "no_access": isinstance(error, sso.SsoNoAccess)},
        status=error.status,
    )


@require_GET
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """Off to the organisation's provider (from the login page's e-mail step, or a bookmark)."""
    provider = get_object_or_404(
        SsoProvider.objects.unscoped().select_related("organisation"), organisation__slug=slug, enabled=True
    )
    email = str(request.session.pop("sso_email", ""))
    if security.is_locked_out(request, email or _throttle_name(request, provider)):
        return security.lockout(request, credentials={"username": email})
    next_url = _safe_next(request, request.GET.get("next"))
    try:
        return sso.start(request, provider, request.build_absolute_uri(reverse("sso:callback")), next_url, email)
    except sso.SsoError as error:
        return failed(request, error, provider)


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Back from the provider: check everything (Authlib), then log in, link or refuse."""
    flow = sso.flow(request)
    provider = (
        SsoProvider.objects.unscoped().select_related("organisation").filter(pk=flow["provider"], enabled=True).first()
        if flow
        else None
    )
    if provider is None:
        return failed(
            request,
            sso.SsoError(
                _(
                    "Deze aanmelding is niet (meer) bekend: ze is verlopen of al gebruikt. Begin opnieuw bij de "
                    "inlogpagina."
                )
            ),
        )
    assert flow is not None  # noqa: S101  # nosec B101 (a provider was found for it)
    if security.is_locked_out(request, _throttle_name(request, provider)):
        return security.lockout(request, credentials={"username": _throttle_name(request, provider)})
    try:
        claims = sso.finish(request, provider)
        outcome = sso.resolve(provider, claims)
    except sso.SsoError as error:
        return failed(request, error, provider)
    next_url = str(flow.get("next") or "")
    request.session.pop(sso.FLOW_KEY, None)
    if outcome.user is None:
        sso.start_link(request, provider, claims, outcome.link_email, next_url)
        return redirect("sso:link")
    return _log_in(request, provider, outcome.user, claims, next_url)


def _log_in(request: HttpRequest, provider: SsoProvider, user, claims: sso.Claims, next_url: str) -> HttpResponse:
    login(request, user, backend=BACKEND)
    sso.remember_session(request, provider, claims)
    security.reset_login_failures(claims.email or user.get_username())
    if next_url:
        return redirect(next_url)
    from .twofactor import login_redirects

    for provider_of_url in login_redirects:
        url = provider_of_url(user)
        if url:
            return redirect(url)
    return redirect(settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def link(request: HttpRequest) -> HttpResponse:
    """An account with this e-mail address exists: its owner proves the password once, then it is linked."""
    pending = sso.pending_link(request)
    if pending is None:
        messages.info(request, _("Log opnieuw in: de koppeling van je account is verlopen."))
        return redirect("login")
    provider = get_object_or_404(SsoProvider.objects.unscoped().select_related("organisation"), pk=pending["provider"])
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=pending["username"]).first()
    if user is None or not user.has_usable_password():
        request.session.pop(sso.LINK_KEY, None)
        return redirect("login")
    if security.is_locked_out(request, user.get_username()):
        return security.lockout(request, credentials={"username": user.get_username()})
    form = SsoLinkForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST":
        if form.is_valid():
            try:
                sso.link(provider, user, pending)
            except sso.SsoError as error:
                request.session.pop(sso.LINK_KEY, None)
                return failed(request, error, provider)
            request.session.pop(sso.LINK_KEY, None)
            messages.success(
                request,
                _("Je account is gekoppeld. Voortaan log je in met je account van %(organisation)s.")
                % {"organisation": provider.organisation},
            )
            return _log_in(request, provider, user, sso.claims_of(pending), pending.get("next") or "")
        security.register_failed_attempt(request, user.get_username())
    return render(request, "sso/link.html", {"form": form, "provider": provider, "email": pending["email"]}, status=200)


# --- The organisation's provider (chef circulair) ------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def organisation_settings(request: HttpRequest) -> HttpResponse:
    membership = require_manager(request)
    organisation = membership.organisation
    provider = SsoProvider.objects.for_organisation(organisation).first()
    form = SsoProviderForm(
        request.POST if request.method == "POST" else None, instance=provider, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("De instellingen voor inloggen via de identityprovider zijn opgeslagen."))
        return redirect("sso:organisation")
    counts = (
        SsoProvider.objects.for_organisation(organisation).aggregate(linked=Count("identities"))
        if provider
        else {"linked": 0}
    )
    history = (
        provider.history.select_related("history_user").order_by("-history_date")[:10] if provider is not None else []
    )
    return render(
        request,
        "sso/organisation.html",
        {
            "form": form,
            "organisation": organisation,
            "provider": provider,
            "linked": counts["linked"],
            "history": history,
            "callback_url": request.build_absolute_uri(reverse("sso:callback")),
            "logout_url": request.build_absolute_uri(reverse("login")),
        },
    )


class LogoutView(auth_views.LogoutView):
    """Django's logout; a session that came through the provider also ends there (RP-initiated logout)."""

    def post(self, request, *args, **kwargs):
        session = request.session.get(sso.SESSION_KEY)
        response = super().post(request, *args, **kwargs)
        if isinstance(session, dict) and str(session.get("end_session", "")).startswith(("https://", "http://")):
            params = {
                "id_token_hint": session.get("id_token", ""),
                "client_id": session.get("client_id", ""),
                "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
            }
            return HttpResponseRedirect(f"{session['end_session']}?{urlencode(params)}")
        return response
