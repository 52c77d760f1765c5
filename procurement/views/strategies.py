"""A product category's strategy page.

The strategy, its milestones and the category's ambitieweb are rladder data;
the page also lists the category's trajectories with their chosen R-strategy,
so drift from the strategy shows. Trajectories are procurement data, and
rladder may not import procurement (the dependency rule), so the page lives
here; the forms and the edit views stay in rladder.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from organisations.access import require_membership
from organisations.models import ProductCategory
from rladder.factor_lines import stale_lines
from rladder.models import KRALJIC_EXPECTATIONS, Kraljic, ProductStrategy
from rladder.webs import category_rows, radar_for_rows

from ..models import Trajectory


def drift(trajectory: Trajectory, strategy: ProductStrategy | None, milestones, year: int) -> dict | None:
    """How the trajectory's R-strategy compares with what the category strategy expects for its start year."""
    chosen = trajectory.chosen_strategy or trajectory.ambition
    if strategy is None or chosen is None:
        return None
    when = trajectory.contract_start.year if trajectory.contract_start else year
    expected = strategy.expected_for_year(when, milestones)
    if chosen.number > expected.number:
        state, label = "lager", _("Lager dan de strategie")
    elif chosen.number < expected.number:
        state, label = "hoger", _("Hoger dan de strategie")
    else:
        state, label = "volgens", _("Volgens de strategie")
    return {"expected": expected, "chosen": chosen, "state": state, "label": label, "year": when}


def _goal_change(strategy: ProductStrategy, baseline) -> dict:
    """The goal in kilograms against the nulmeting in volumes: the fraction less per measure (None when unknown)."""

    def fraction(start, goal):
        if start is None or goal is None or start <= 0:
            return None
        return (start - goal) / start

    return {
        "material": fraction(baseline.kg_material, strategy.goal_kg_material),
        "co2e": fraction(baseline.kg_co2e, strategy.goal_kg_co2e),
    }


@login_required
@require_GET
def category_strategy(request: HttpRequest, slug: str) -> HttpResponse:
    membership = require_membership(request)
    category = get_object_or_404(ProductCategory, organisation=membership.organisation, slug=slug)
    strategy = (
        ProductStrategy.objects.select_related("baseline_strategy", "goal_strategy", "owner")
        .filter(category=category)
        .first()
    )
    milestones = list(strategy.milestones.select_related("target")) if strategy else []
    baseline_lines = list(strategy.baseline_lines.all()) if strategy else []
    stale = stale_lines(baseline_lines, membership.organisation)
    baseline = strategy.baseline_totals(baseline_lines) if strategy else None
    year = timezone.localdate().year
    trajectories: list[dict[str, Any]] = []
    for trajectory in (
        Trajectory.objects.filter(organisation=membership.organisation, category=category, archived_at__isnull=True)
        .select_related("chosen_strategy", "ambition", "department")
        .order_by("-updated_at")
    ):
        trajectories.append({"trajectory": trajectory, "drift": drift(trajectory, strategy, milestones, year)})
    rows = category_rows(category)
    has_web = any(row.current for row in rows)
    return render(
        request,
        "procurement/category_strategy.html",
        {
            "category": category,
            "strategy": strategy,
            "milestones": milestones,
            "milestones_in_kg": any(m.kg_material is not None or m.kg_co2e is not None for m in milestones),
            "baseline_lines": baseline_lines,
            "baseline": baseline,
            "stale": stale,
            "goal_change": _goal_change(strategy, baseline) if strategy else None,
            "expected_now": strategy.expected_for_year(year, milestones) if strategy else None,
            "year": year,
            "trajectories": trajectories,
            "drifting": sum(1 for t in trajectories if t["drift"] and t["drift"]["state"] == "lager"),
            "rows": rows,
            "own_web": any(row.own for row in rows),
            "chart": radar_for_rows(
                "ambitieweb-categorie",
                _("Ambitieweb van %(name)s") % {"name": category.name},
                rows,
                inherited_label=_("Ambitie van de organisatie"),
            )
            if has_web
            else None,
            "kraljic": [(q, Kraljic(q).label, KRALJIC_EXPECTATIONS[q]) for q in Kraljic.values],
            "can_edit": membership.can_manage_organisation,
        },
    )
