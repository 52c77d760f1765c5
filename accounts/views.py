"""Password change and reset, throttled and with links from SITE_URL; the choice of language."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lib import language as languages
from lib.http import safe_next

from . import language
from .forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from .security import client_ip, rate_limit_hit, reset_login_failures, too_many_requests

password_change = auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm)


class PasswordResetView(auth_views.PasswordResetView):
    """The "Wachtwoord vergeten" form, throttled per client IP (429) and per e-mail address (silently).

    Links in the mail start with SITE_URL, never with the request's Host header.
    """

    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    subject_template_name = "registration/password_reset_subject.txt"

    def post(self, request, *args, **kwargs):
        allowed, retry_after = rate_limit_hit(
            "password_reset_ip",
            client_ip(request) or "",
            settings.PASSWORD_RESET_IP_LIMIT,
            settings.PASSWORD_RESET_WINDOW_SECONDS,
        )
        if not allowed:
            return too_many_requests(request, retry_after, what="password_reset")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        allowed, _ = rate_limit_hit(
            "password_reset_email",
            form.cleaned_data["email"].strip().lower(),
            settings.PASSWORD_RESET_EMAIL_LIMIT,
            settings.PASSWORD_RESET_WINDOW_SECONDS,
        )
        if not allowed:
            # The same answer as when a mail went out: the page must not tell whether the address exists.
            return HttpResponseRedirect(self.get_success_url())
        site = urlsplit(settings.SITE_URL)
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            html_email_template_name=self.html_email_template_name,
            extra_email_context={"site_url": settings.SITE_URL},
            request=self.request,
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm

    def form_valid(self, form):
        # Proven by the mailbox: failed logins (perhaps someone else's) no longer block this account.
        user = form.user
        reset_login_failures(user.get_username())
        if user.email:
            reset_login_failures(user.email)
        return super().form_valid(form)


password_reset = PasswordResetView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view()


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Speak the chosen language from now on: kept on the person when signed in, and in the cookie always.

    Back to ``next`` when it is a path on this site, else to the start page. A language the app does not
    speak is a 400 (in the language the request had).
    """
    chosen = languages.supported(request.POST.get("language"))
    if chosen is None or request.POST.get("language") != chosen:
        return render(request, "400.html", {"too_large": False}, status=400)
    if request.user.is_authenticated:
        language.store(request.user, chosen)
    response = HttpResponseRedirect(safe_next(request, reverse("procurement:start")))
    language.set_cookie(response, chosen)
    response["Content-Language"] = chosen
    return response
