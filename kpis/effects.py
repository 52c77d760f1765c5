"""The effect of circular choices rolled up: per year, per R-strategy, product category and department.

Every figure comes from the totals each trajectory stores (``TrajectoryEffect``,
recomputed whenever its lines change), read in ONE query for the whole
organisation, so the dashboard, the annual report, a KPI fed from trajectories
and the export cost the same for 5 trajectories or 500.

Per year: a trajectory's total over its term is spread over the calendar years
of the term, starting in its first year: each whole year gets total ÷ term, a
last part-year its share (a term of 2,5 years from 2026: 2026 and 2027 a full
share, 2028 half a share). So the years of a trajectory add up to its total.
"""

import functools
import math
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lib.formatting import format_euro, format_mass
from procurement.models import ImpactLine, Trajectory, TrajectoryEffect

from .models import Kpi

MEASURES = ("kg_material", "kg_co2e", "eur")
BASES = ("planned", "realised")
MEASURE_LABELS = {
    "kg_material": gettext_lazy("kg materiaal vermeden"),
    "kg_co2e": gettext_lazy("kg CO2e vermeden"),
    "eur": gettext_lazy("euro's vermeden"),
}
BASIS_LABELS = {"planned": gettext_lazy("gepland"), "realised": gettext_lazy("gerealiseerd")}
ONE = Decimal(1)

EFFECT_FIELDS = (
    "trajectory_id",
    "trajectory__title",
    "trajectory__status",
    "trajectory__chosen_strategy__code",
    "trajectory__chosen_strategy__number",
    "trajectory__chosen_strategy__name_nl",
    "trajectory__chosen_strategy_id",
    "trajectory__category_id",
    "trajectory__category__name",
    "trajectory__department_id",
    "trajectory__department__name",
    "term_years",
    "first_year",
    "plan_is_nothing",
    "lines_without_factor",
    "uses_spend_based",
    *(f"{basis}_{measure}" for basis in BASES for measure in (*MEASURES, "kg_co2e_low", "kg_co2e_high")),
)


@dataclass(frozen=True)
class EffectRow:
    """One trajectory's stored effect (over the term) with what it is grouped by."""

    trajectory_id: int
    title: str
    status: str
    strategy_code: str | None
    strategy_number: int | None
    strategy_name: str | None
    strategy_id: int | None
    category_id: int | None
    category_name: str | None
    department_id: int | None
    department_name: str | None
    term_years: Decimal | None
    first_year: int | None
    plan_is_nothing: bool
    lines_without_factor: int
    uses_spend_based: bool
    totals: dict  # (basis, measure) → Decimal | None, measure incl. kg_co2e_low/high

    def total(self, basis: str, measure: str) -> Decimal | None:
        return self.totals[basis, measure]

    def per_year(self, basis: str, measure: str) -> Decimal | None:
        value = self.total(basis, measure)
        if value is None or not self.term_years:
            return None
        return value / self.term_years

    @functools.cached_property
    def years(self) -> list[tuple[int, Decimal]]:
        """(calendar year, share of the total) for each year of the term; empty when the term is unknown."""
        term, first = self.term_years, self.first_year
        if not term or term <= 0 or first is None:
            return []
        return [(first + i, min(ONE, term - i) / term) for i in range(math.ceil(term))]

    @property
    def last_year(self) -> int | None:
        years = self.years
        return years[-1][0] if years else None

    def share(self, year: int) -> Decimal | None:
        """The part of the total that falls in ``year`` (None: outside the term)."""
        return next((s for y, s in self.years if y == year), None)

    def in_year(self, basis: str, measure: str, year: int) -> Decimal | None:
        """This trajectory's part of the total in ``year`` (None: unknown or outside the term)."""
        value, share = self.total(basis, measure), self.share(year)
        return None if value is None or share is None else value * share


_GROUPING = [f.name for f in fields(EffectRow) if f.name != "totals"]


def effect_rows(organisation, *, department_id: int | None = None, trajectory_id: int | None = None) -> list:
    """The stored effects of the organisation's trajectories (not archived), in one query."""
    effects = TrajectoryEffect.objects.for_organisation(organisation).filter(trajectory__archived_at__isnull=True)
    if department_id:
        effects = effects.filter(trajectory__department_id=department_id)
    if trajectory_id:
        effects = effects.filter(trajectory_id=trajectory_id)
    rows = []
    total_names = EFFECT_FIELDS[16:]  # after the 16 that EffectRow is grouped by, in its order
    for values in effects.order_by("trajectory__title", "trajectory_id").values_list(*EFFECT_FIELDS):
        totals = {}
        for name, value in zip(total_names, values[16:], strict=True):
            basis, measure = name.split("_", 1)
            totals[basis, measure] = value
        rows.append(EffectRow(**dict(zip(_GROUPING, values[:16], strict=True)), totals=totals))
    return rows


# --- roll-up -------------------------------------------------------------------------------


@dataclass
class Group:
    """Sums of one group (an R-strategy, a category, a department, or everything) in one year."""

    key: object
    label: str
    trajectories: set = field(default_factory=set)
    sums: dict = field(default_factory=dict)  # (basis, measure) → Decimal
    known: dict = field(default_factory=lambda: defaultdict(int))  # (basis, measure) → trajectories with a value

    def add(self, row: EffectRow, share: Decimal) -> None:
        """Add ``share`` of the row's totals (its part in the year)."""
        self.trajectories.add(row.trajectory_id)
        sums, known = self.sums, self.known
        for key, value in row.totals.items():
            if value is None:
                continue
            sums[key] = sums.get(key, Decimal(0)) + value * share
            known[key] += 1

    def value(self, basis: str, measure: str) -> Decimal | None:
        """The sum, or None (unknown, never 0) when no trajectory in the group had the figure."""
        return self.sums.get((basis, measure))

    def unknown(self, basis: str, measure: str) -> int:
        """How many of the group's trajectories lack the figure: the sum leaves them out."""
        return len(self.trajectories) - self.known.get((basis, measure), 0)

    def unknown_note(self, basis: str, measure: str) -> str:
        """ "waarvan 1 traject onbekend" beside a sum that leaves trajectories out; "" when it leaves none out."""
        missing = self.unknown(basis, measure)
        if not missing or self.value(basis, measure) is None:
            return ""  # nothing left out, or the whole sum says "onbekend"
        return ngettext("waarvan %(n)d traject onbekend", "waarvan %(n)d trajecten onbekend", missing) % {"n": missing}

    @property
    def notes(self) -> dict[str, str]:
        """``unknown_note`` per "basis_measure" (e.g. ``notes.planned_kg_material``), for templates."""
        return {f"{basis}_{measure}": self.unknown_note(basis, measure) for basis in BASES for measure in MEASURES}

    @property
    def count(self) -> int:
        return len(self.trajectories)

    @property
    def cells(self) -> list[tuple[str, str]]:
        """The table cells (text, note): kg material, kg CO2e and euros, each planned then realised.

        The text is "onbekend" for unknown; the note says how many trajectories a known sum leaves out.
        """
        unknown = _("onbekend")
        cells = []
        for measure in MEASURES:
            for basis in BASES:
                value = self.sums.get((basis, measure))
                if value is None:
                    cells.append((unknown, ""))
                else:
                    text = format_euro(value) if measure == "eur" else format_mass(value)
                    cells.append((text, self.unknown_note(basis, measure)))
        return cells

    # for templates
    def __getattr__(self, name):
        basis, _sep, measure = name.partition("_")
        if basis in BASES and measure in (*MEASURES, "kg_co2e_low", "kg_co2e_high"):
            return self.value(basis, measure)
        raise AttributeError(name)


@dataclass
class Rollup:
    year: int
    total: Group
    by_strategy: list
    by_category: list
    by_department: list
    rows: list  # the EffectRows that count in the year
    without_term: int = 0
    without_factor: int = 0
    spend_based: int = 0

    @property
    def has_realised(self) -> bool:
        return any(self.total.value("realised", m) is not None for m in MEASURES)

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _sorted_groups(groups: dict) -> list:
    named = sorted((g for k, g in groups.items() if k is not None), key=lambda g: g.label.lower())
    return named + ([groups[None]] if None in groups else [])


def rollup(rows: list, year: int) -> Rollup:
    """Sum the rows' effects in ``year`` per R-strategy, category and department (pure, no queries)."""
    total = Group(key="total", label=_("Totaal"))
    strategies: dict = {}
    categories: dict = {}
    departments: dict = {}
    counted = []
    for row in rows:
        share = row.share(year)
        if share is None:
            continue
        counted.append(row)
        total.add(row, share)
        strategy_label = f"{row.strategy_code} {row.strategy_name}" if row.strategy_code else _("Nog niet gekozen")
        key = row.strategy_number
        strategies.setdefault(key, Group(key=key, label=strategy_label)).add(row, share)
        categories.setdefault(
            row.category_id, Group(key=row.category_id, label=row.category_name or _("Geen categorie"))
        ).add(row, share)
        departments.setdefault(
            row.department_id, Group(key=row.department_id, label=row.department_name or _("Geen afdeling"))
        ).add(row, share)
    by_strategy = [strategies[k] for k in sorted(k for k in strategies if k is not None)]
    if None in strategies:
        by_strategy.append(strategies[None])
    return Rollup(
        year=year,
        total=total,
        by_strategy=by_strategy,
        by_category=_sorted_groups(categories),
        by_department=_sorted_groups(departments),
        rows=counted,
        without_term=sum(1 for r in rows if not r.years),
        without_factor=sum(r.lines_without_factor for r in counted),
        spend_based=sum(1 for r in counted if r.uses_spend_based),
    )


# --- a KPI fed from the trajectories -----------------------------------------------------


def kpi_matches(kpi, row: EffectRow, department_id: int | None = None) -> bool:
    """Whether a trajectory counts for a KPI fed from trajectories (its scope, R-strategy and the filter)."""
    scope = kpi.scope
    if scope == Kpi.Scope.DEPARTMENT and row.department_id != kpi.department_id:
        return False
    if scope == Kpi.Scope.CATEGORY and row.category_id != kpi.category_id:
        return False
    if scope == Kpi.Scope.CONTRACT and row.trajectory_id != kpi.trajectory_id:
        return False
    if kpi.strategy_id and row.strategy_id != kpi.strategy_id:
        return False
    return not (department_id and scope != Kpi.Scope.DEPARTMENT and row.department_id != department_id)


def kpi_values(kpi, rows: list, department_id: int | None = None) -> dict[int, Decimal]:
    """Year → the KPI's value from the trajectories (years without any known figure are left out)."""
    basis, measure = kpi.effect_basis, kpi.effect_measure
    values: dict[int, Decimal] = {}
    for row in rows:
        if not kpi_matches(kpi, row, department_id):
            continue
        total = row.total(basis, measure)
        if total is None:
            continue
        for year, share in row.years:
            values[year] = values.get(year, Decimal(0)) + total * share
    return {year: value.quantize(Decimal("0.0001")) for year, value in sorted(values.items())}


def kpi_trajectories(kpi, rows: list) -> list[dict]:
    """The trajectories behind a KPI fed from trajectories: each with its yearly figure and its years."""
    result = []
    for row in rows:
        if not kpi_matches(kpi, row):
            continue
        result.append(
            {
                "row": row,
                "per_year": row.per_year(kpi.effect_basis, kpi.effect_measure),
                "total": row.total(kpi.effect_basis, kpi.effect_measure),
                "first_year": row.first_year,
                "last_year": row.last_year,
            }
        )
    return result


# --- sources -----------------------------------------------------------------------------------


def sources(organisation, trajectory_ids=None) -> list[dict]:
    """The distinct sources of the factor values the trajectories' lines used (one query)."""
    lines = ImpactLine.objects.for_organisation(organisation).filter(trajectory__archived_at__isnull=True)
    if trajectory_ids is not None:
        lines = lines.filter(trajectory_id__in=list(trajectory_ids))
    lines = lines.exclude(unit="")
    seen = (
        lines.order_by("source_name", "source_year", "source_url", "licence")
        .values("source_name", "source_url", "source_year", "licence")
        .distinct()
    )
    return [s for s in seen if s["source_name"] or s["source_url"]]


def trajectory_status_label(status: str) -> str:
    return str(Trajectory.Status(status).label) if status in Trajectory.Status.values else status
