"""The effect of a trajectory ("Referentie en effect"): scenarios, what they avoid, the stored totals.

A line is a ``rladder.FactorLine`` and its figures and a scenario's totals are
``rladder.factor_lines`` (the same arithmetic as the nulmeting in volumes). Here:

- a scenario is the reference, the plan or what was realised; the plan (or the
  realisation) can be "niets": nothing is bought, every figure 0;
- the avoided effect is reference − plan (or − realised), unknown when either
  side is. Its range is "everything at the low values" and "everything at the
  high values", because reference and plan mostly use the same factors;
- per year is the total divided by the term.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from lib.history import attribute_change
from rladder.factor_lines import (
    MEASURES,
    RECALCULATED_REASON,
    Recalculation,
    Totals,
    line_figures,
    recalculate,
    totals,
    unit_label,
)

from .models.impact import ImpactLine, Scenario, TrajectoryEffect

STORED = Decimal("0.001")


def scenario_totals(figures, *, nothing: bool = False) -> Totals:
    """The totals of one scenario's line figures; ``nothing``: the scenario is "niets" (all zero)."""
    return Totals.nothing() if nothing else totals(figures)


@dataclass(frozen=True)
class Avoided:
    """Reference minus another scenario, over the term; None where unknown."""

    kg_material: Decimal | None
    kg_co2e: Decimal | None
    kg_co2e_low: Decimal | None
    kg_co2e_high: Decimal | None
    eur: Decimal | None

    @classmethod
    def between(cls, reference: Totals, other: Totals) -> "Avoided":
        def minus(measure):
            a, b = getattr(reference, measure), getattr(other, measure)
            return None if a is None or b is None else a - b

        at_low, at_high = minus("kg_co2e_low"), minus("kg_co2e_high")
        low = high = None
        if at_low is not None and at_high is not None:
            low, high = min(at_low, at_high), max(at_low, at_high)
        return cls(minus("kg_material"), minus("kg_co2e"), low, high, minus("eur"))

    def per_year(self, term_years) -> "Avoided | None":
        if not term_years:
            return None
        return Avoided(*(None if v is None else v / term_years for v in self.values()))

    def values(self) -> tuple:
        return tuple(getattr(self, measure) for measure in MEASURES)

    @property
    def has_range(self) -> bool:
        return self.kg_co2e_low is not None and self.kg_co2e_low != self.kg_co2e_high


@dataclass(frozen=True)
class FactorUsed:
    """A factor as the lines used it, with its source (for "de gebruikte factoren")."""

    item_nl: str
    category_nl: str
    unit: str
    kg_co2e_per_unit: Decimal | None
    kg_material_per_unit: Decimal | None
    uncertainty_low: Decimal | None
    uncertainty_high: Decimal | None
    uncertainty_percent: Decimal | None
    source_name: str
    source_url: str
    source_year: int | None
    licence: str
    system_boundary: str
    is_spend_based: bool

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    @property
    def source_is_link(self) -> bool:
        return self.source_url.startswith(("https://", "http://"))


@dataclass
class EffectFigures:
    """Everything the effect section shows."""

    term_years: Decimal | None
    first_year: int | None
    plan_is_nothing: bool
    realised_is_nothing: bool
    lines: dict  # scenario → [(line, LineFigures)]
    reference: Totals
    plan: Totals
    realised: Totals
    planned: Avoided | None
    realised_avoided: Avoided | None
    factors: list
    lines_without_factor: int
    uses_spend_based: bool

    @property
    def planned_per_year(self):
        return self.planned.per_year(self.term_years) if self.planned else None

    @property
    def realised_per_year(self):
        return self.realised_avoided.per_year(self.term_years) if self.realised_avoided else None

    @property
    def has_realised(self) -> bool:
        return self.realised_avoided is not None


def default_term_years(trajectory) -> Decimal | None:
    """The contract term from the expected start and end (to 0,1 year), or None."""
    start, end = trajectory.contract_start, trajectory.contract_end
    if not start or not end or end < start:
        return None
    years = (Decimal((end - start).days + 1) / Decimal("365.25")).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return max(years, Decimal("0.1"))


def default_first_year(trajectory, decision_year: int | None = None) -> int:
    if trajectory.contract_start:
        return trajectory.contract_start.year
    return decision_year or date.today().year


def _factor_used(line) -> FactorUsed:
    return FactorUsed(
        line.item_nl,
        line.category_nl,
        line.unit,
        line.kg_co2e_per_unit,
        line.kg_material_per_unit,
        line.uncertainty_low,
        line.uncertainty_high,
        line.uncertainty_percent,
        line.source_name,
        line.source_url,
        line.source_year,
        line.licence,
        line.system_boundary,
        line.is_spend_based,
    )


def effect_from(lines, *, term_years=None, first_year=None, plan_is_nothing=False, realised_is_nothing=False):
    """The effect of the given lines (no queries): the pure heart of ``compute_effect``."""
    by_scenario = {scenario: [] for scenario in Scenario.values}
    for line in lines:
        by_scenario[line.scenario].append((line, line_figures(line)))
    counted = [*by_scenario[Scenario.REFERENCE], *by_scenario[Scenario.REALISED]]
    if not plan_is_nothing:
        counted += by_scenario[Scenario.PLAN]
    reference = scenario_totals([f for _line, f in by_scenario[Scenario.REFERENCE]])
    plan = scenario_totals([f for _line, f in by_scenario[Scenario.PLAN]], nothing=plan_is_nothing)
    realised = scenario_totals([f for _line, f in by_scenario[Scenario.REALISED]], nothing=realised_is_nothing)
    planned = None if reference.is_empty or plan.is_empty else Avoided.between(reference, plan)
    realised_avoided = None if reference.is_empty or realised.is_empty else Avoided.between(reference, realised)
    factors = list(dict.fromkeys(_factor_used(line) for line, f in counted if f.has_factor))
    return EffectFigures(
        term_years=term_years,
        first_year=first_year,
        plan_is_nothing=plan_is_nothing,
        realised_is_nothing=realised_is_nothing,
        lines=by_scenario,
        reference=reference,
        plan=plan,
        realised=realised,
        planned=planned,
        realised_avoided=realised_avoided,
        factors=sorted(factors, key=lambda f: (f.category_nl.lower(), f.item_nl.lower())),
        lines_without_factor=sum(1 for _line, f in counted if not f.counts),
        uses_spend_based=any(f.spend_based and not f.unit_error for _line, f in counted),
    )


def get_effect(trajectory) -> TrajectoryEffect | None:
    try:
        return trajectory.effect
    except TrajectoryEffect.DoesNotExist:
        return None


def trajectory_lines(trajectory) -> list:
    return list(ImpactLine.objects.filter(trajectory=trajectory))


def compute_effect(trajectory, *, lines=None, effect=None) -> EffectFigures:
    """The effect of a trajectory (one query for its lines, one for its effect row when not given)."""
    if lines is None:
        lines = trajectory_lines(trajectory)
    if effect is None:
        effect = get_effect(trajectory)
    term = effect.term_years if effect else default_term_years(trajectory)
    first_year = effect.first_year if effect and effect.first_year else default_first_year(trajectory)
    return effect_from(
        lines,
        term_years=term,
        first_year=first_year,
        plan_is_nothing=bool(effect and effect.plan_is_nothing),
        realised_is_nothing=bool(effect and effect.realised_is_nothing),
    )


def _stored(value):
    return None if value is None else value.quantize(STORED, rounding=ROUND_HALF_UP)


def _decision_year(trajectory) -> int | None:
    decision = trajectory.r_decisions.only("created_at").first()
    return decision.created_at.year if decision else None


def ensure_effect(trajectory) -> TrajectoryEffect:
    """The trajectory's effect row, created with the defaults (term and first year) when missing."""
    effect = get_effect(trajectory)
    if effect is None:
        effect = TrajectoryEffect(
            trajectory=trajectory,
            term_years=default_term_years(trajectory),
            first_year=default_first_year(trajectory, _decision_year(trajectory)),
            plan_is_nothing=bool(trajectory.chosen_strategy_id and trajectory.chosen_strategy.number == 0),
        )
        trajectory.effect = effect
    return effect


def store_totals(effect: TrajectoryEffect, figures: EffectFigures) -> None:
    """Copy the figures into the stored totals (no save)."""
    for prefix, avoided in (("planned", figures.planned), ("realised", figures.realised_avoided)):
        for measure in MEASURES:
            setattr(effect, f"{prefix}_{measure}", _stored(getattr(avoided, measure)) if avoided else None)
    effect.lines_without_factor = figures.lines_without_factor
    effect.uses_spend_based = figures.uses_spend_based
    effect.computed_at = timezone.now()


def refresh_effect(trajectory, *, user=None, lines=None, reason: str | None = None) -> TrajectoryEffect:
    """Recompute the stored totals of a trajectory and save them (creating the effect row when needed)."""
    effect = ensure_effect(trajectory)
    if trajectory.contract_start and (effect.first_year is None or effect.pk is None):
        effect.first_year = trajectory.contract_start.year
    if effect.first_year is None:
        effect.first_year = default_first_year(trajectory, _decision_year(trajectory))
    figures = compute_effect(trajectory, lines=lines, effect=effect)
    store_totals(effect, figures)
    attribute_change(effect, user=user, reason=reason or None)
    effect.save()
    return effect


def follow_r_decision(trajectory, strategy, *, user=None) -> None:
    """Choosing R0 makes the plan "niets"; revising away from R0 brings the plan lines back."""
    is_refusal = strategy.number == 0
    effect = get_effect(trajectory)
    if effect is None and not is_refusal:
        return
    if effect is not None and effect.plan_is_nothing == is_refusal:
        return
    effect = ensure_effect(trajectory)
    effect.plan_is_nothing = is_refusal
    refresh_effect(trajectory, user=user)


def recalculate_with_current_factors(trajectory, user) -> Recalculation:
    """Re-snapshot every line from its linked factor as it counts now, and the effect; recorded in the history."""
    now = timezone.now()
    with transaction.atomic():
        lines = list(ImpactLine.objects.filter(trajectory=trajectory).select_for_update())
        result = recalculate(lines, trajectory.organisation_id, user=user, when=now)
        effect = ensure_effect(trajectory)
        effect.recalculated_at = now
        effect.recalculated_by = user
        refresh_effect(trajectory, user=user, lines=lines, reason=RECALCULATED_REASON)
    return result
