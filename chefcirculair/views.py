from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from .access import SESSION_KEY, user_memberships
from .forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from .http import safe_next
from .models import Benefit, GuidanceText, MenuIngredient, PrinciplePage


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
password_reset = auth_views.PasswordResetView.as_view(
    form_class=PasswordResetForm,
    email_template_name="registration/password_reset_email.txt",
    html_email_template_name="registration/password_reset_email.html",
    subject_template_name="registration/password_reset_subject.txt",
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without a request context: the failure may lie in a context processor.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
