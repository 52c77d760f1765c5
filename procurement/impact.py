"""The arithmetic of "Referentie en effect": Decimal only, unknown is None (never 0).

A line's figures come from its own snapshot of factor values
(``ImpactLine.take_snapshot``), so the per-line and per-scenario functions
run no queries. The method, in the words the pages use:

- a line is a quantity over the contract term times a factor. The units must
  fit: a factor per kg needs kilograms, or pieces with a weight per piece; a
  factor per euro needs euros, or a quantity with a price per unit; a factor
  per piece with kilograms needs the weight per piece;
- kg material: the factor's kg material per unit; a factor per kg counts the
  kilograms themselves, and pieces with a weight count that weight. Otherwise
  unknown;
- euros: the amount (a quantity in euros), or quantity × price per unit;
- uncertainty: the factor's low–high values, or its percentage; a factor
  without one contributes its central value to both ends. The avoided range is
  "everything at the low values" and "everything at the high values", because
  reference and plan mostly use the same factors;
- a scenario total is the sum of the lines that have the figure; it is unknown
  when none has it. The avoided effect is reference − plan (or − realised),
  unknown when either side is. Per year is the total divided by the term.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.history import attribute_change
from rladder.models import FactorUnit, ImpactFactor

from .models.impact import ImpactLine, Scenario, TrajectoryEffect

HUNDRED = Decimal(100)
STORED = Decimal("0.001")
MEASURES = ("kg_material", "kg_co2e", "kg_co2e_low", "kg_co2e_high", "eur")
RECALCULATED_REASON = "Herberekend met de huidige factoren"


@dataclass(frozen=True)
class LineFigures:
    """The figures of one line over the term; None where unknown."""

    kg_material: Decimal | None = None
    kg_co2e: Decimal | None = None
    kg_co2e_low: Decimal | None = None
    kg_co2e_high: Decimal | None = None
    eur: Decimal | None = None
    unit_error: str | None = None
    has_factor: bool = False
    spend_based: bool = False
    has_uncertainty: bool = False


def _unit_label(unit: str) -> str:
    return str(FactorUnit(unit).label) if unit in FactorUnit.values else unit


def factor_base(line) -> tuple[Decimal | None, str | None]:
    """The quantity in the factor's unit, or an error (Dutch) when the units don't fit."""
    factor_unit, unit, quantity = line.unit, line.quantity_unit, line.quantity
    if not factor_unit or quantity is None:
        return None, None
    if factor_unit == unit:
        return quantity, None
    weight, price = line.unit_weight_kg, line.unit_price_eur
    if factor_unit == FactorUnit.KG and unit == FactorUnit.PIECE:
        if weight is None:
            return None, _("Deze factor is per kg en je telt stuks: vul het gewicht per stuk in.")
        return quantity * weight, None
    if factor_unit == FactorUnit.PIECE and unit == FactorUnit.KG:
        if not weight:
            return None, _("Deze factor is per stuk en je geeft kilo's op: vul het gewicht per stuk in.")
        return quantity / weight, None
    if factor_unit == FactorUnit.EURO:
        if price is None:
            return None, _("Deze factor is per euro: geef een bedrag in euro's op, of de prijs per eenheid.")
        return quantity * price, None
    return None, _("De hoeveelheid is in %(unit)s en de factor per %(factor_unit)s: die passen niet bij elkaar.") % {
        "unit": _unit_label(unit),
        "factor_unit": _unit_label(factor_unit),
    }


def line_eur(line) -> Decimal | None:
    if line.quantity is None:
        return None
    if line.quantity_unit == FactorUnit.EURO:
        return line.quantity
    if line.unit_price_eur is not None:
        return line.quantity * line.unit_price_eur
    return None


def line_material(line, base: Decimal | None) -> Decimal | None:
    if base is None:
        return None
    if line.kg_material_per_unit is not None:
        return base * line.kg_material_per_unit
    if line.unit == FactorUnit.KG:
        return base
    if line.unit == FactorUnit.PIECE and line.unit_weight_kg is not None:
        return base * line.unit_weight_kg
    return None


def line_figures(line) -> LineFigures:
    """The figures of one line from its snapshot (no queries)."""
    eur = line_eur(line)
    if not line.has_factor:
        return LineFigures(eur=eur)
    base, error = factor_base(line)
    spend_based = line.is_spend_based
    if error:
        return LineFigures(eur=eur, unit_error=error, has_factor=True, spend_based=spend_based)
    co2e = low = high = None
    has_uncertainty = False
    if line.kg_co2e_per_unit is not None:
        co2e = base * line.kg_co2e_per_unit
        if line.uncertainty_low is not None and line.uncertainty_high is not None:
            low, high, has_uncertainty = base * line.uncertainty_low, base * line.uncertainty_high, True
        elif line.uncertainty_percent is not None:
            share = line.uncertainty_percent / HUNDRED
            low, high, has_uncertainty = max(co2e * (1 - share), Decimal(0)), co2e * (1 + share), True
        else:
            low = high = co2e
    return LineFigures(
        kg_material=line_material(line, base),
        kg_co2e=co2e,
        kg_co2e_low=low,
        kg_co2e_high=high,
        eur=eur,
        has_factor=True,
        spend_based=spend_based,
        has_uncertainty=has_uncertainty,
    )


@dataclass
class Totals:
    """The sums of one scenario (over the term); None where no line has the figure."""

    kg_material: Decimal | None = None
    kg_co2e: Decimal | None = None
    kg_co2e_low: Decimal | None = None
    kg_co2e_high: Decimal | None = None
    eur: Decimal | None = None
    lines: int = 0
    lines_without_factor: int = 0
    unit_errors: int = 0
    unknown: dict = field(default_factory=dict)  # measure → lines (with a usable factor) without that figure
    spend_based: bool = False
    has_uncertainty: bool = False
    is_nothing: bool = False

    @classmethod
    def nothing(cls) -> "Totals":
        zero = Decimal(0)
        return cls(zero, zero, zero, zero, zero, is_nothing=True)

    @property
    def is_empty(self) -> bool:
        return not self.lines and not self.is_nothing


def scenario_totals(lines, *, nothing: bool = False) -> Totals:
    """Sum the lines of one scenario; ``nothing``: the scenario is "niets" (all zero)."""
    if nothing:
        return Totals.nothing()
    totals = Totals(unknown=dict.fromkeys(MEASURES, 0))
    for line in lines:
        figures = line if isinstance(line, LineFigures) else line_figures(line)
        totals.lines += 1
        if not figures.has_factor or figures.unit_error:
            totals.lines_without_factor += 1
            totals.unit_errors += bool(figures.unit_error)
        totals.spend_based |= figures.spend_based and not figures.unit_error
        totals.has_uncertainty |= figures.has_uncertainty
        for measure in MEASURES:
            value = getattr(figures, measure)
            if value is None:
                if measure == "eur" or (figures.has_factor and not figures.unit_error):
                    totals.unknown[measure] += 1
                continue
            current = getattr(totals, measure)
            setattr(totals, measure, value if current is None else current + value)
    return totals


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
        return _unit_label(self.unit)

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
        lines_without_factor=sum(1 for _line, f in counted if not f.has_factor or f.unit_error),
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


def current_factor(line, shared: dict, own: dict, overrides: dict):
    """The factor a line's link points at as it counts for the organisation now (an override wins)."""
    if line.own_factor_id:
        return own.get(line.own_factor_id)
    if line.shared_factor_id:
        return overrides.get(line.shared_factor_id) or shared.get(line.shared_factor_id)
    return None


def _factor_maps(organisation) -> tuple[dict, dict, dict]:
    effective = ImpactFactor.objects.effective_for(organisation)
    shared = {f.pk: f for f in effective if not f.is_own}
    own = {f.pk: f for f in effective if f.is_own}
    overrides = {f.overrides_id: f for f in effective if f.is_own and f.overrides_id}
    return shared, own, overrides


def _is_stale(line, factor) -> bool:
    if factor is None:
        return False
    relinked = factor.is_own != bool(line.own_factor_id) or factor.pk != (line.own_factor_id or line.shared_factor_id)
    return relinked or line.differs_from(factor)


def stale_lines(trajectory, lines, *, maps=None) -> list:
    """The lines whose factor has other values now than when it was taken (two queries)."""
    if not any(line.own_factor_id or line.shared_factor_id for line in lines):
        return []
    shared, own, overrides = maps or _factor_maps(trajectory.organisation_id)
    return [line for line in lines if _is_stale(line, current_factor(line, shared, own, overrides))]


@dataclass(frozen=True)
class Recalculation:
    changed: int
    unchanged: int
    without_factor: int


def recalculate_with_current_factors(trajectory, user) -> Recalculation:
    """Re-snapshot every line from its linked factor as it counts now, recorded in the history."""
    now = timezone.now()
    with transaction.atomic():
        lines = list(ImpactLine.objects.filter(trajectory=trajectory).select_for_update())
        shared, own, overrides = _factor_maps(trajectory.organisation_id)
        changed = unchanged = missing = 0
        for line in lines:
            factor = current_factor(line, shared, own, overrides)
            if factor is None:
                missing += 1
                continue
            if not _is_stale(line, factor):
                unchanged += 1
                continue
            line.take_snapshot(factor, when=now)
            attribute_change(line, user=user, reason=RECALCULATED_REASON)
            line.save()
            changed += 1
        effect = ensure_effect(trajectory)
        effect.recalculated_at = now
        effect.recalculated_by = user
        refresh_effect(trajectory, user=user, lines=lines, reason=RECALCULATED_REASON)
    return Recalculation(changed, unchanged, missing)
