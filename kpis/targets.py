"""Yearly targets worked back from a long-term goal, and where a value stands on that path.

Pure functions on plain numbers, so the rules are easy to test and reuse in
the dashboard, the exports and the annual report.

The two tightening rules:

- ``linear``: the same absolute step every year, from the baseline to the goal;
- ``percentage``: the same relative step every year (a constant percentage),
  which needs a positive baseline and goal.

Both are computed back from the goal ("stip op de horizon"): the goal year
gets the goal, and every year before it is one step less strict, down to the
baseline year, which gets the baseline.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

LINEAR = "lineair"
PERCENTAGE = "percentage"
LOWER = "lager"
HIGHER = "hoger"

# Precision of computed targets: four decimals is plenty for kg, %, counts.
QUANTUM = Decimal("0.0001")


@dataclass(frozen=True)
class Target:
    year: int
    value: Decimal
    computed: Decimal
    overridden: bool = False


def _round(value: Decimal) -> Decimal:
    return value.quantize(QUANTUM, rounding=ROUND_HALF_UP)


def computed_target(
    baseline_value: Decimal, baseline_year: int, goal_value: Decimal, goal_year: int, rule: str, year: int
) -> Decimal:
    """The target for one year, worked back from the goal by the tightening rule."""
    if goal_year <= baseline_year:
        raise ValueError("goal_year must be after baseline_year")
    if year <= baseline_year:
        return _round(Decimal(baseline_value))
    if year >= goal_year:
        return _round(Decimal(goal_value))
    years_to_goal = goal_year - year
    span = goal_year - baseline_year
    baseline_value, goal_value = Decimal(baseline_value), Decimal(goal_value)
    if rule == LINEAR:
        step = (goal_value - baseline_value) / span
        return _round(goal_value - step * years_to_goal)
    if rule == PERCENTAGE:
        if baseline_value <= 0 or goal_value <= 0:
            raise ValueError("a percentage rule needs a positive baseline and goal")
        # The constant yearly factor f with baseline * f**span == goal.
        factor = (goal_value / baseline_value) ** (Decimal(1) / span)
        return _round(goal_value / factor**years_to_goal)
    raise ValueError(f"unknown tightening rule {rule!r}")


def yearly_change(baseline_value: Decimal, goal_value: Decimal, span: int, rule: str) -> Decimal:
    """The yearly step: an absolute amount (linear) or a percentage of last year's target."""
    baseline_value, goal_value = Decimal(baseline_value), Decimal(goal_value)
    if rule == LINEAR:
        return _round((goal_value - baseline_value) / span)
    factor = (goal_value / baseline_value) ** (Decimal(1) / span)
    return ((factor - 1) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def compute_targets(
    baseline_value: Decimal,
    baseline_year: int,
    goal_value: Decimal,
    goal_year: int,
    rule: str,
    overrides: dict[int, Decimal] | None = None,
) -> list[Target]:
    """One target per year from the baseline year to the goal year; overrides win and are marked."""
    overrides = overrides or {}
    targets = []
    factor = None
    if rule == PERCENTAGE and goal_year > baseline_year and baseline_value > 0 and goal_value > 0:
        # The fractional power is the costly step: compute it once, not once per year.
        factor = (Decimal(goal_value) / Decimal(baseline_value)) ** (Decimal(1) / (goal_year - baseline_year))
    for year in range(baseline_year, goal_year + 1):
        if factor is not None and baseline_year < year < goal_year:
            computed = _round(Decimal(goal_value) / factor ** (goal_year - year))
        else:
            computed = computed_target(baseline_value, baseline_year, goal_value, goal_year, rule, year)
        if year in overrides and overrides[year] is not None:
            targets.append(Target(year, Decimal(overrides[year]), computed, overridden=True))
        else:
            targets.append(Target(year, computed, computed))
    return targets


def is_better(value: Decimal, other: Decimal, direction: str) -> bool:
    """Whether ``value`` is better than ``other`` (equal counts as not better)."""
    return value < other if direction == LOWER else value > other


def goal_direction_ok(baseline_value: Decimal, goal_value: Decimal, direction: str) -> bool:
    """A goal must be better than the baseline in the KPI's direction."""
    return is_better(Decimal(goal_value), Decimal(baseline_value), direction)


ON_TRACK = "op_koers"
WITHIN_MARGIN = "binnen_marge"
BEHIND = "achter"


def status(value: Decimal, target: Decimal, direction: str, margin_pct: Decimal) -> str:
    """On track (at or better than target), within the margin (the target band), or behind."""
    value, target = Decimal(value), Decimal(target)
    if value == target or is_better(value, target, direction):
        return ON_TRACK
    margin = abs(target) * Decimal(margin_pct) / 100
    if abs(value - target) <= margin:
        return WITHIN_MARGIN
    return BEHIND


def band(target: Decimal, direction: str, margin_pct: Decimal) -> tuple[Decimal, Decimal]:
    """The target band: from the target to the margin on the worse side (low, high)."""
    target = Decimal(target)
    margin = abs(target) * Decimal(margin_pct) / 100
    return (target, target + margin) if direction == LOWER else (target - margin, target)


def path_progress(value: Decimal, baseline_value: Decimal, target: Decimal) -> Decimal | None:
    """How far a value is on the path to this year's target: 1 = exactly on the path.

    The realised change since the baseline divided by the planned change; above 1
    is ahead, below 1 behind, below 0 worse than the baseline. ``None`` when no
    change was planned yet (the baseline year itself).
    """
    planned = Decimal(target) - Decimal(baseline_value)
    if planned == 0:
        return None
    return (Decimal(value) - Decimal(baseline_value)) / planned


def goal_progress(value: Decimal, baseline_value: Decimal, goal_value: Decimal) -> Decimal:
    """The share of the whole way from baseline to goal covered by ``value``, 0–1 clamped."""
    total = Decimal(goal_value) - Decimal(baseline_value)
    if total == 0:
        return Decimal(1)
    share = (Decimal(value) - Decimal(baseline_value)) / total
    return max(Decimal(0), min(Decimal(1), share))
