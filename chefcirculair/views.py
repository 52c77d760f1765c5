from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from .access import SESSION_KEY, user_memberships
from .forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from .http import safe_next
from .models import Benefit, GuidanceText, MenuIngredient, PrinciplePage
from .security import client_ip, rate_limit_hit, reset_login_failures, too_many_requests


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database status for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def menu(request: HttpRequest) -> HttpResponse:
    ingredients = MenuIngredient.objects.select_related("principle")
    texts = {t.key.replace("-", "_"): t for t in GuidanceText.objects.filter(key__startswith="menu-")}
    benefits = Benefit.objects.all()
    return render(
        request,
        "chefcirculair/menu.html",
        {"ingredients": ingredients, "texts": texts, "benefits": benefits},
    )


@require_GET
def principle_list(request: HttpRequest) -> HttpResponse:
    pages = PrinciplePage.objects.prefetch_related("ingredients")
    return render(request, "chefcirculair/principle_list.html", {"pages": pages})


@require_GET
def principle_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(PrinciplePage.objects.prefetch_related("sections__items"), slug=slug)
    pages = list(PrinciplePage.objects.only("slug", "title", "order"))
    index = next(i for i, p in enumerate(pages) if p.pk == page.pk)
    return render(
        request,
        "chefcirculair/principle_detail.html",
        {
            "page": page,
            "pages": pages,
            "previous_page": pages[index - 1] if index > 0 else None,
            "next_page": pages[index + 1] if index + 1 < len(pages) else None,
        },
    )


@login_required
@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    """Make another of the user's organisations the active one."""
    try:
        wanted = int(request.POST.get("organisation", ""))
    except ValueError:
        raise Http404 from None
    if wanted not in {m.organisation_id for m in user_memberships(request)}:
        raise Http404
    request.session[SESSION_KEY] = wanted
    return redirect(safe_next(request, "procurement:start"))


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


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/v1/"):
        # An address the JSON API does not have: answered in JSON, as its own errors are.
        return JsonResponse({"status": 404, "melding": gettext("Niet gevonden."), "fouten": []}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without a request context: the failure may lie in a context processor.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
