"""The monitoring figures: KPI paths, category progress, leaders and laggards, trajectories.

Everything is fetched in a fixed number of queries (KPIs, their overrides,
their realised values from MeasurementQuerySet.realised, categories,
trajectories, phase records) and combined in Python, so the dashboard and the
annual report cost the same number of queries for 3 KPIs or 300.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    FilteredRelation,
    Q,
)
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lib import charts
from lib.formatting import format_mass, format_unit
from organisations.models import ProductCategory
from procurement.models import Phase, PhaseRecord, Trajectory

from . import effects as effect_rollup
from . import targets as rules
from .models import REALISED_BY_ID_LIMIT, Kpi, Measurement, TargetOverride

STATUS_LABELS = {
    rules.ON_TRACK: _("Op koers"),
    rules.WITHIN_MARGIN: _("Binnen marge"),
    rules.BEHIND: _("Achter"),
}
# Progress ratios are clamped so one runaway KPI does not dominate a category.
RATIO_MIN, RATIO_MAX = Decimal("-1"), Decimal("2")


@dataclass
class YearRow:
    year: int
    target: Decimal
    overridden: bool
    band: tuple[Decimal, Decimal]
    realised: Decimal | None
    status: str | None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status]) if self.status else ""


@dataclass
class KpiSummary:
    kpi: Kpi
    rows: list[YearRow]
    year: int
    department_id: int | None = None
    notes: list[str] = field(default_factory=list)
    # Set for a trajectory's contract KPIs (kpis/sections.py): the viewer's rights on this KPI.
    can_manage: bool = False
    can_measure: bool = False

    @functools.cached_property
    def row(self) -> YearRow | None:
        """The row of the selected year, if that year is on the KPI's path."""
        return next((r for r in self.rows if r.year == self.year), None)

    @functools.cached_property
    def latest(self) -> YearRow | None:
        """The latest year up to the selected year with a realised value."""
        done = [r for r in self.rows if r.realised is not None and r.year <= self.year]
        return done[-1] if done else None

    @functools.cached_property
    def ratio(self) -> Decimal | None:
        """How far the latest realised value is on the path to that year's target (1 = on the path)."""
        latest = self.latest
        if latest is None or latest.realised is None:
            return None
        ratio = rules.path_progress(latest.realised, self.kpi.baseline_value, latest.target)
        if ratio is None:
            return None
        return max(RATIO_MIN, min(RATIO_MAX, ratio))

    @property
    def goal_share(self) -> Decimal | None:
        latest = self.latest
        if latest is None or latest.realised is None:
            return None
        return rules.goal_progress(latest.realised, self.kpi.baseline_value, self.kpi.goal_value)

    @property
    def next_target(self):
        return next((r for r in self.rows if r.year == self.year + 1), None)

    def chart(self) -> dict:
        points = [{"year": r.year, "target": r.target, "band": r.band, "realised": r.realised} for r in self.rows]
        return charts.line_chart(points, self.year)

    def svg(self) -> str:
        """The line chart with its title and description (the same data is in the table beside it)."""
        kpi = self.kpi
        title = gettext("%(name)s: gerealiseerd tegenover het doelpad") % {"name": kpi.name}
        description = gettext(
            "Doelpad van %(base)s in %(start)s naar %(goal)s in %(end)s (%(direction)s), "
            "met een doelband. De cijfers staan ook in de tabel bij deze grafiek."
        ) % {
            "base": format_unit(kpi.baseline_value, kpi.unit),
            "goal": format_unit(kpi.goal_value, kpi.unit),
            "start": kpi.baseline_year,
            "end": kpi.goal_year,
            "direction": str(kpi.get_direction_display()).lower(),
        }
        latest = self.latest
        if latest:
            description += " " + gettext("Laatst gemeten: %(value)s in %(year)s (%(status)s).") % {
                "value": format_unit(latest.realised, kpi.unit),
                "year": latest.year,
                "status": latest.status_label or gettext("basis"),
            }
        return charts.line_chart_svg(self.chart(), self.chart_id, title, description)

    @property
    def chart_id(self) -> str:
        return f"kpi-{self.kpi.pk}"


# The fields the figures, the dashboard and the annual report read (a KPI's own and of its
# related objects: scope labels, strategy code, a contract KPI's trajectory category).
KPI_FIELDS = (
    "organisation_id",
    "name",
    "unit",
    "scope",
    "direction",
    "baseline_value",
    "baseline_year",
    "goal_value",
    "goal_year",
    "rule",
    "margin_pct",
    "aggregation",
    "source",
    "effect_measure",
    "effect_basis",
    "strategy__code",
    "strategy__name_nl",
    "department__name",
    "category__name",
    "trajectory__title",
    "trajectory__category_id",
)


def kpi_queryset(organisation):
    return (
        Kpi.objects.for_organisation(organisation)
        .select_related("strategy", "department", "category", "trajectory")
        .only(*KPI_FIELDS)
    )


def target_overrides(kpis) -> dict[int, dict[int, Decimal]]:
    """The target overrides of these KPIs per KPI and year, in one query.

    Like ``MeasurementQuerySet.realised`` it selects by the KPIs' organisation, and by their ids
    only when there are few: a dashboard's thousands of ids cost more to send than the rows.
    """
    overrides: dict[int, dict[int, Decimal]] = {k.pk: {} for k in kpis}
    rows = TargetOverride.objects.filter(kpi__organisation_id__in={k.organisation_id for k in kpis})
    if len(overrides) <= REALISED_BY_ID_LIMIT:
        rows = rows.filter(kpi_id__in=sorted(overrides))
    for kpi_id, year, value in rows.values_list("kpi_id", "year", "value"):
        if kpi_id in overrides:
            overrides[kpi_id][year] = value
    return overrides


def target_path(kpi: Kpi, overrides: dict[int, Decimal]) -> list[tuple[int, Decimal, bool, tuple[Decimal, Decimal]]]:
    """(year, target, overridden, band) per year of the KPI's path."""
    targets = rules.compute_targets(
        kpi.baseline_value,
        kpi.baseline_year,
        kpi.goal_value,
        kpi.goal_year,
        kpi.rule,
        {year: value for year, value in overrides.items() if value is not None},
    )
    return [(t.year, t.value, t.overridden, rules.band(t.value, kpi.direction, kpi.margin_pct)) for t in targets]


def summarise(
    kpi: Kpi,
    year: int,
    department_id: int | None = None,
    overrides: dict | None = None,
    *,
    realised: dict[int, Decimal] | None = None,
    notes: list[str] | None = None,
) -> KpiSummary:
    """The target path and realised values of one KPI.

    Pass ``overrides`` (see target_overrides) and the KPI's realised values
    per year with the notes of ``year`` (see MeasurementQuerySet.realised) to
    avoid queries per KPI; without them the KPI's own are fetched.
    """
    if overrides is None:
        overrides = {o.year: o.value for o in kpi.overrides.all()}
    if realised is None:
        figures = Measurement.objects.realised([kpi], department_id, notes_year=year)
        realised, notes = figures.values[kpi.pk], figures.notes[kpi.pk]
    direction, margin_pct, baseline_year = kpi.direction, kpi.margin_pct, kpi.baseline_year
    rows = []
    for target_year, target, overridden, band in target_path(kpi, overrides):
        value = realised.get(target_year)
        rows.append(
            YearRow(
                year=target_year,
                target=target,
                overridden=overridden,
                band=band,
                realised=value,
                status=rules.status(value, target, direction, margin_pct)
                if value is not None and target_year > baseline_year
                else None,
            )
        )
    return KpiSummary(kpi=kpi, rows=rows, year=year, department_id=department_id, notes=list(notes or ()))


@dataclass
class CategoryProgress:
    category: ProductCategory
    summaries: list[KpiSummary]

    @functools.cached_property
    def measured(self) -> list[KpiSummary]:
        return [s for s in self.summaries if s.ratio is not None]

    @functools.cached_property
    def ratio(self) -> Decimal | None:
        measured = self.measured
        if not measured:
            return None
        return sum((s.ratio for s in measured if s.ratio is not None), Decimal(0)) / len(measured)

    @property
    def percent(self) -> int | None:
        ratio = self.ratio
        return None if ratio is None else int((ratio * 100).to_integral_value())

    @property
    def worst(self) -> KpiSummary | None:
        return min(self.measured, key=lambda s: s.ratio or 0, default=None)  # measured: a ratio each

    @property
    def best(self) -> KpiSummary | None:
        return max(self.measured, key=lambda s: s.ratio or 0, default=None)

    @property
    def on_track(self) -> bool:
        ratio = self.ratio
        return ratio is not None and ratio >= 1

    @property
    def measured_count(self) -> int:
        return len(self.measured)

    def frozen(self) -> "RankedCategory":
        """What a page shows of this category, without the summaries of all its KPIs (small to cache)."""
        return RankedCategory(
            category=self.category,
            ratio=self.ratio,
            percent=self.percent,
            on_track=self.on_track,
            measured_count=self.measured_count,
            best=self.best,
            worst=self.worst,
        )


@dataclass(frozen=True)
class RankedCategory:
    """A category's progress as the dashboard shows it (see ``CategoryProgress.frozen``)."""

    category: object
    ratio: Decimal | None
    percent: int | None
    on_track: bool
    measured_count: int
    best: KpiSummary | None
    worst: KpiSummary | None


def category_progress(summaries: list[KpiSummary], categories) -> list[CategoryProgress]:
    """Progress per category: the KPIs of that category and the contract KPIs of its trajectories."""
    by_category: dict[int, list[KpiSummary]] = {c.pk: [] for c in categories}
    for summary in summaries:
        kpi = summary.kpi
        category_id = kpi.category_id if kpi.scope == Kpi.Scope.CATEGORY else None
        if kpi.is_contract and kpi.trajectory and kpi.trajectory.category_id:
            category_id = kpi.trajectory.category_id
        if category_id in by_category:
            by_category[category_id].append(summary)
    return [CategoryProgress(category=c, summaries=by_category[c.pk]) for c in categories]


def rank_categories(progress: list[CategoryProgress]) -> list[CategoryProgress]:
    """Categories with measurements, furthest along their path first (ties by name)."""
    measured = [p for p in progress if p.ratio is not None]
    return sorted(measured, key=lambda p: (-(p.ratio or 0), p.category.name))


def leaders_and_laggards(progress: list[CategoryProgress], size: int = 3):
    """The best ``size`` categories and the worst ``size`` (never the same category twice)."""
    ranked = rank_categories(progress)
    leaders = ranked[:size]
    laggards = [p for p in reversed(ranked) if p not in leaders][:size]
    return leaders, laggards


def trajectory_figures(organisation, year: int, department_id: int | None = None) -> dict:
    """Trajectories per current phase and status, and the avoided purchases (two queries)."""
    trajectories = Trajectory.objects.for_organisation(organisation).active()
    if department_id:
        trajectories = trajectories.filter(department_id=department_id)
    # The current phase of a running trajectory: the first phase (in order) it has not finished. One row
    # per trajectory and finished phase (a plain join, far cheaper to build than a correlated subquery).
    done = [PhaseRecord.Status.COMPLETED, PhaseRecord.Status.NOT_APPLICABLE]
    joined = (
        trajectories.annotate(finished=FilteredRelation("phases", condition=Q(phases__status__in=done)))
        .order_by()
        .values_list("pk", "status", "closed_at", "avoided_spend", "finished__phase_id")
    )
    per_trajectory: dict[int, tuple] = {}
    finished: dict[int, set[int]] = defaultdict(set)
    for pk, status, closed_at, spend, phase_id in joined:
        per_trajectory[pk] = (status, closed_at, spend)
        if phase_id is not None:
            finished[pk].add(phase_id)
    phases = [(phase.pk, phase.order, phase.title) for phase in Phase.objects.only("order", "title_nl", "title_en")]
    in_order = [phase_id for _order, phase_id in sorted((order, phase_id) for phase_id, order, _t in phases)]
    rows = []
    for pk, (status, closed_at, spend) in per_trajectory.items():
        current = None
        if status == Trajectory.Status.ACTIVE:
            current = next((phase_id for phase_id in in_order if phase_id not in finished[pk]), None)
        rows.append((status, closed_at, spend, current))
    per_phase = {phase_id: 0 for phase_id, _order, _title in phases}
    for status, _closed, _spend, current in rows:
        if status != Trajectory.Status.ACTIVE or not phases:
            continue
        # Every phase finished: it counts in the last phase.
        per_phase[current if current in per_phase else phases[-1][0]] += 1
    status_counts = {value: 0 for value, _label in Trajectory.Status.choices}
    for status, _closed, _spend, _current in rows:
        status_counts[status] += 1
    avoided = [(closed, spend) for status, closed, spend, _cur in rows if status == Trajectory.Status.AVOIDED]
    avoided_year = [(c, s) for c, s in avoided if c and c.year == year]
    completed_year = sum(1 for s, c, _sp, _cur in rows if s == Trajectory.Status.COMPLETED and c and c.year == year)
    return {
        "per_phase": [{"order": o, "title": t, "count": per_phase[pid]} for pid, o, t in phases],
        "per_status": [
            {"value": value, "label": label, "count": status_counts[value]}
            for value, label in Trajectory.Status.choices
        ],
        "total": len(rows),
        "avoided_count": len(avoided),
        "avoided_spend": sum((s for _c, s in avoided if s), Decimal(0)),
        "avoided_count_year": len(avoided_year),
        "avoided_spend_year": sum((s for _c, s in avoided_year if s), Decimal(0)),
        "completed_year": completed_year,
    }


def effect_chart(effects) -> str:
    """Avoided kg CO2e per R-strategy in the year, planned against realised (the table beside it has every figure)."""
    rows = [(g.label, g.value("planned", "kg_co2e"), g.value("realised", "kg_co2e")) for g in effects.by_strategy]
    return charts.paired_bar_chart_svg(
        "effect-grafiek",
        gettext("Vermeden kg CO2-equivalent in %(year)s per R-strategie") % {"year": effects.year},
        gettext(
            "Per R-strategie het geplande en het gerealiseerde vermeden CO2-equivalent in %(year)s, berekend uit "
            "de trajecten. De cijfers, ook voor materiaal en euro's, staan in de tabel bij deze grafiek."
        )
        % {"year": effects.year},
        rows,
        lambda value: format_mass(value, "CO2e"),
    )


def build(organisation, year: int, department_id: int | None = None, *, include_contract: bool = True) -> dict:
    """All figures of the dashboard (and the annual report) for one year and optional department."""
    kpis = list(kpi_queryset(organisation))
    if department_id:
        kpis = [k for k in kpis if k.scope != Kpi.Scope.DEPARTMENT or k.department_id == department_id]
    if not include_contract:
        kpis = [k for k in kpis if not k.is_contract]
    overrides = target_overrides(kpis)
    # The trajectories' stored effects: one query for the effect section and every KPI fed from them.
    effect_rows = effect_rollup.effect_rows(organisation, department_id=department_id)
    calculated = [k for k in kpis if k.from_trajectories]
    realised = Measurement.objects.realised(
        [k for k in kpis if not k.from_trajectories], department_id, notes_year=year
    )
    realised_values, realised_notes = dict(realised.values), dict(realised.notes)
    for kpi in calculated:
        # With a department filter only that department's KPIs are here, and only its trajectories count.
        realised_values[kpi.pk] = effect_rollup.kpi_values(kpi, effect_rows, department_id)
        realised_notes[kpi.pk] = []
    summaries = [
        summarise(
            kpi,
            year,
            department_id,
            overrides=overrides[kpi.pk],
            realised=realised_values[kpi.pk],
            notes=realised_notes[kpi.pk],
        )
        for kpi in kpis
    ]
    categories = list(organisation.categories.all())
    progress = category_progress(summaries, categories)
    leaders, laggards = leaders_and_laggards(progress)
    ranked = rank_categories(progress)
    bars = [{"label": p.category.name, "percent": p.percent} for p in ranked]
    status_counts = dict.fromkeys(STATUS_LABELS, 0)
    for summary in summaries:
        row = summary.row
        if row and row.status:
            status_counts[row.status] += 1
    effects = effect_rollup.rollup(effect_rows, year)
    return {
        "year": year,
        "effects": effects,
        "effect_chart": effect_chart(effects) if not effects.is_empty else None,
        "summaries": [s for s in summaries if not s.kpi.is_contract],
        "contract_summaries": [s for s in summaries if s.kpi.is_contract],
        "progress": progress,
        "ranked": ranked,
        "leaders": leaders,
        "laggards": laggards,
        "bar_chart": charts.progress_chart_svg(bars) if bars else None,
        "status_counts": [{"label": STATUS_LABELS[k], "count": v} for k, v in status_counts.items()],
        "trajectories": trajectory_figures(organisation, year, department_id),
    }
