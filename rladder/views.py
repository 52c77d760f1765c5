from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from organisations.access import require_manager, require_membership
from organisations.models import MenuScanItem, ProductCategory
from organisations.programme_views import menu_summary_chart

from .factor_lines import recalculate
from .forms import AmbitionWebForm, BaselineLineFormSet, MilestoneFormSet, ProductStrategyForm, milestone_initial
from .models import (
    KRALJIC_EXPECTATIONS,
    AmbitionLevel,
    BaselineLine,
    ImpactFactor,
    Kraljic,
    Milestone,
    ProductStrategy,
    RStrategy,
)
from .webs import category_rows, generic_rows, radar_for_rows, save_levels


@require_GET
def ladder(request: HttpRequest) -> HttpResponse:
    strategies = RStrategy.objects.prefetch_related("kpi_examples")
    return render(request, "rladder/ladder.html", {"strategies": strategies})


# --- The chef circulair's programme -----------------------------------------


@login_required
@require_GET
def programme(request: HttpRequest) -> HttpResponse:
    """Overview: categories by impact with their strategy, and the Menu summary."""
    membership = require_membership(request)
    organisation = membership.organisation
    categories = list(
        ProductCategory.objects.for_organisation(organisation)
        .by_impact()
        .select_related("strategy__baseline_strategy", "strategy__goal_strategy", "strategy__owner")
    )
    rows = []
    for category in categories:
        strategy = getattr(category, "strategy", None)
        rows.append({"category": category, "strategy": strategy})
    summary = MenuScanItem.summary(MenuScanItem.scan_for(organisation))
    quadrants = {q: sum(1 for r in rows if r["strategy"] and r["strategy"].kraljic == q) for q in Kraljic.values}
    return render(
        request,
        "rladder/programme.html",
        {
            "rows": rows,
            "summary": summary,
            "menu_chart": menu_summary_chart(summary, chart_id="programma-menu"),
            "quadrants": [(Kraljic(q).label, n) for q, n in quadrants.items()],
            "with_strategy": sum(1 for r in rows if r["strategy"]),
            "can_edit": membership.can_manage_organisation,
        },
    )


def _category_for_manager(request: HttpRequest, slug: str):
    membership = require_manager(request)
    category = get_object_or_404(ProductCategory, organisation=membership.organisation, slug=slug)
    return membership, category


@login_required
@require_http_methods(["GET", "POST"])
def strategy_edit(request: HttpRequest, slug: str) -> HttpResponse:
    membership, category = _category_for_manager(request, slug)
    strategy = ProductStrategy.objects.filter(category=category).first() or ProductStrategy(category=category)
    form = ProductStrategyForm(
        request.POST if request.method == "POST" else None, instance=strategy, organisation=membership.organisation
    )
    if request.method == "POST" and form.is_valid():
        is_new = strategy.pk is None
        strategy = form.save()
        messages.success(request, _("De productstrategie voor “%(name)s” is opgeslagen.") % {"name": category.name})
        if is_new:
            return redirect("rladder:milestones_edit", slug=category.slug)
        return redirect("procurement:category_strategy", slug=category.slug)
    return render(
        request,
        "rladder/strategy_form.html",
        {
            "form": form,
            "category": category,
            "is_new": strategy.pk is None,
            "kraljic": [(Kraljic(q).label, KRALJIC_EXPECTATIONS[q]) for q in Kraljic.values],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestones_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit the milestones; ``?voorstel=1`` fills the form with the backcasting proposal."""
    membership, category = _category_for_manager(request, slug)
    strategy = get_object_or_404(
        ProductStrategy.objects.select_related("baseline_strategy", "goal_strategy"), category=category
    )
    proposal = False
    if request.method == "POST":
        formset = MilestoneFormSet(request.POST, strategy=strategy, prefix="mijlpaal")
        if formset.is_valid():
            with transaction.atomic():
                Milestone.objects.filter(strategy=strategy).delete()
                for form in formset.kept_forms():
                    data = form.cleaned_data
                    Milestone.objects.create(
                        strategy=strategy,
                        year=data["year"],
                        target=data["target"],
                        description=data["description"],
                        kg_material=data.get("kg_material"),
                        kg_co2e=data.get("kg_co2e"),
                    )
            messages.success(request, _("De mijlpalen zijn opgeslagen."))
            return redirect(f"{reverse('procurement:category_strategy', args=[category.slug])}#mijlpalen")
    else:
        proposal = request.GET.get("voorstel") == "1"
        if proposal:
            initial = [
                {
                    "year": m["year"],
                    "target": m["strategy"],
                    "description": m["description"],
                    "kg_material": m["kg_material"],
                    "kg_co2e": m["kg_co2e"],
                }
                for m in strategy.propose_milestones(baseline=strategy.baseline_totals())
            ]
        else:
            initial = milestone_initial(strategy.milestones.select_related("target"))
        formset = MilestoneFormSet(initial=initial, strategy=strategy, prefix="mijlpaal")
    return render(
        request,
        "rladder/milestones_form.html",
        {
            "formset": formset,
            "strategy": strategy,
            "category": category,
            "proposal": proposal,
            "has_errors": request.method == "POST",
        },
    )


# --- Nulmeting in volumes ----------------------------------------------------


def _strategy_for_manager(request: HttpRequest, slug: str):
    membership, category = _category_for_manager(request, slug)
    strategy = get_object_or_404(ProductStrategy, category=category)
    return membership, category, strategy


def _baseline_url(category) -> str:
    return f"{reverse('procurement:category_strategy', args=[category.slug])}#nulmeting-volumes"


@login_required
@require_http_methods(["GET", "POST"])
def baseline_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The nulmeting in volumes: the category's yearly quantities, each times an impact factor."""
    membership, category, strategy = _strategy_for_manager(request, slug)
    factors = ImpactFactor.objects.order_by("category_nl", "item_nl").effective_for(membership.organisation)
    queryset = BaselineLine.objects.filter(strategy=strategy)
    formset = BaselineLineFormSet(
        request.POST if request.method == "POST" else None,
        instance=strategy,
        queryset=queryset,
        factors=factors,
        prefix="regel",
    )
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            position = 0
            for form in formset.forms:
                if form in formset.deleted_forms:
                    if form.instance.pk:
                        form.instance.delete()
                    continue
                if not form.instance.pk and not form.has_changed():
                    continue
                position += 1
                line = form.save(commit=False)
                line.strategy, line.position = strategy, position
                line.save()
        messages.success(request, _("De nulmeting in volumes is opgeslagen."))
        return redirect(_baseline_url(category))
    return render(
        request,
        "rladder/baseline_form.html",
        {
            "formset": formset,
            "strategy": strategy,
            "category": category,
            "has_errors": request.method == "POST",
        },
    )


@login_required
@require_http_methods(["POST"])
def baseline_recalculate(request: HttpRequest, slug: str) -> HttpResponse:
    """Herberekenen: copy the current values of each line's factor (as effective now); recorded in the history."""
    membership, category, strategy = _strategy_for_manager(request, slug)
    with transaction.atomic():
        lines = list(BaselineLine.objects.filter(strategy=strategy).select_for_update())
        changed = recalculate(lines, membership.organisation, user=request.user).changed
    if changed:
        messages.success(
            request,
            _("%(n)s regel(s) van de nulmeting zijn herberekend met de huidige factoren.") % {"n": changed},
        )
    else:
        messages.info(request, _("Alle regels gebruikten al de huidige factoren; er is niets veranderd."))
    return redirect(_baseline_url(category))


# --- Ambitiewebs -------------------------------------------------------------


@login_required
@require_GET
def ambition_web(request: HttpRequest) -> HttpResponse:
    """The organisation's generic ambitieweb, the level definitions and the categories' webs."""
    membership = require_membership(request)
    rows = generic_rows(membership.organisation)
    has_web = any(row.own for row in rows)
    return render(
        request,
        "rladder/ambition_web.html",
        {
            "rows": rows,
            "has_web": has_web,
            "chart": radar_for_rows("ambitieweb-organisatie", _("Generiek ambitieweb"), rows) if has_web else None,
            "levels": AmbitionLevel.objects.all(),
            "categories": ProductCategory.objects.for_organisation(membership.organisation).by_impact(),
            "can_edit": membership.can_manage_organisation,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ambition_web_edit(request: HttpRequest) -> HttpResponse:
    membership = require_manager(request)
    rows = generic_rows(membership.organisation)
    form = AmbitionWebForm(request.POST if request.method == "POST" else None, rows=rows)
    if request.method == "POST" and form.is_valid():
        save_levels(membership.organisation, None, form.levels())
        messages.success(request, _("Het generieke ambitieweb is opgeslagen."))
        return redirect("rladder:ambition_web")
    return render(
        request,
        "rladder/ambition_web_form.html",
        {
            "form": form,
            "levels": AmbitionLevel.objects.all(),
            "category": None,
            "back_url": reverse("rladder:ambition_web"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def category_ambition_edit(request: HttpRequest, slug: str) -> HttpResponse:
    membership, category = _category_for_manager(request, slug)
    rows = category_rows(category)
    form = AmbitionWebForm(request.POST if request.method == "POST" else None, rows=rows)
    if request.method == "POST" and form.is_valid():
        save_levels(membership.organisation, category, form.levels())
        messages.success(request, _("Het ambitieweb van “%(name)s” is opgeslagen.") % {"name": category.name})
        return redirect(f"{reverse('procurement:category_strategy', args=[category.slug])}#ambitieweb")
    return render(
        request,
        "rladder/ambition_web_form.html",
        {
            "form": form,
            "levels": AmbitionLevel.objects.all(),
            "category": category,
            "inherited_from": _("het generieke ambitieweb van de organisatie"),
            "back_url": reverse("procurement:category_strategy", args=[category.slug]),
        },
    )
