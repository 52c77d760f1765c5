"""The core's public pages (Menu, Uitgangspunten, accessibility statements) and switching the active organisation."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from lib.http import safe_next

from .access import SESSION_KEY, user_memberships
from .accessibility import automated_audit
from .models import AccessibilityStatement, Benefit, GuidanceText, MenuIngredient, Organisation, PrinciplePage


@require_GET
def menu(request: HttpRequest) -> HttpResponse:
    ingredients = MenuIngredient.objects.select_related("principle")
    texts = {t.key.replace("-", "_"): t for t in GuidanceText.objects.filter(key__startswith="menu-")}
    benefits = Benefit.objects.all()
    return render(
        request,
        "organisations/menu.html",
        {"ingredients": ingredients, "texts": texts, "benefits": benefits},
    )


@require_GET
def principle_list(request: HttpRequest) -> HttpResponse:
    pages = PrinciplePage.objects.prefetch_related("ingredients")
    return render(request, "organisations/principle_list.html", {"pages": pages})


@require_GET
def principle_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(PrinciplePage.objects.prefetch_related("sections__items"), slug=slug)
    pages = list(PrinciplePage.objects.only("slug", "title_nl", "title_en", "order"))
    index = next(i for i, p in enumerate(pages) if p.pk == page.pk)
    return render(
        request,
        "organisations/principle_detail.html",
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


@require_GET
def accessibility_overview(request: HttpRequest) -> HttpResponse:
    """The app's accessibility: its automated check and the organisations' published statements."""
    statements = AccessibilityStatement.objects.unscoped().select_related("organisation").order_by("organisation__name")
    return render(
        request,
        "organisations/accessibility_overview.html",
        {"audit": automated_audit(), "statements": statements},
    )


@require_GET
def accessibility(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's public accessibility statement for its use of the app (public, like the law asks)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    statement = AccessibilityStatement.objects.filter(organisation=organisation).first()
    problems = list(statement.problems.all()) if statement else []
    return render(
        request,
        "organisations/accessibility.html",
        {"organisation": organisation, "statement": statement, "problems": problems, "audit": automated_audit()},
    )
