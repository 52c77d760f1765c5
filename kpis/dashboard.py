"""The monitoring figures: KPI paths, category progress, leaders and laggards, trajectories.

Everything is fetched in a fixed number of queries (KPIs, their overrides and
measurements, categories, trajectories, phase records) and combined in
Python, so the dashboard and the annual report cost the same number of
queries for 3 KPIs or 300.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from procurement.models import Phase, PhaseRecord, Trajectory

from . import charts
from . import targets as rules
from .models import Kpi, Measurement, TargetOverride
from .templatetags.kpi_format import nl_number

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
        return STATUS_LABELS[self.status] if self.status else ""


@dataclass
class KpiSummary:
    kpi: Kpi
    rows: list[YearRow]
    year: int
    department_id: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def row(self) -> YearRow | None:
        """The row of the selected year, if that year is on the KPI's path."""
        return next((r for r in self.rows if r.year == self.year), None)

    @property
    def latest(self) -> YearRow | None:
        """The latest year up to the selected year with a realised value."""
        done = [r for r in self.rows if r.realised is not None and r.year <= self.year]
        return done[-1] if done else None

    @property
    def ratio(self) -> Decimal | None:
        """How far the latest realised value is on the path to that year's target (1 = on the path)."""
        latest = self.latest
        if latest is None:
            return None
        ratio = rules.path_progress(latest.realised, self.kpi.baseline_value, latest.target)
        if ratio is None:
            return None
        return max(RATIO_MIN, min(RATIO_MAX, ratio))

    @property
    def goal_share(self) -> Decimal | None:
        latest = self.latest
        if latest is None:
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
        title = _("%(name)s: gerealiseerd tegenover het doelpad") % {"name": kpi.name}
        description = _(
            "Doelpad van %(base)s %(unit)s in %(start)s naar %(goal)s %(unit)s in %(end)s (%(direction)s), "
            "met een doelband. De cijfers staan ook in de tabel bij deze grafiek."
        ) % {
            "base": nl_number(kpi.baseline_value),
            "goal": nl_number(kpi.goal_value),
            "unit": kpi.unit,
            "start": kpi.baseline_year,
            "end": kpi.goal_year,
            "direction": str(kpi.get_direction_display()).lower(),
        }
        latest = self.latest
        if latest:
            description += " " + _("Laatst gemeten: %(value)s %(unit)s in %(year)s (%(status)s).") % {
                "value": nl_number(latest.realised),
                "unit": kpi.unit,
                "year": latest.year,
                "status": latest.status_label or _("basis"),
            }
        return charts.line_chart_svg(self.chart(), self.chart_id, title, description)

    @property
    def chart_id(self) -> str:
        return f"kpi-{self.kpi.pk}"


class Point(NamedTuple):
    """A measurement as the figures need it: far cheaper than a model instance when there are thousands."""

    kpi_id: int
    year: int
    quarter: int
    department_id: int | None
    category_id: int | None
    value: Decimal
    note: str


def kpi_queryset(organisation):
    return Kpi.objects.for_organisation(organisation).select_related(
        "strategy", "department", "category", "trajectory__category"
    )


def points_and_overrides(kpis) -> tuple[dict[int, list[Point]], dict[int, dict[int, Decimal]]]:
    """All measurements and target overrides of these KPIs, in two queries, grouped per KPI."""
    ids = [k.pk for k in kpis]
    points: dict[int, list[Point]] = {pk: [] for pk in ids}
    rows = Measurement.objects.filter(kpi_id__in=ids).values_list(*Point._fields)
    for row in rows.order_by("year", "quarter", "pk"):
        points[row[0]].append(Point(*row))
    overrides: dict[int, dict[int, Decimal]] = {pk: {} for pk in ids}
    for kpi_id, year, value in TargetOverride.objects.filter(kpi_id__in=ids).values_list("kpi_id", "year", "value"):
        overrides[kpi_id][year] = value
    return points, overrides


def summarise(
    kpi: Kpi,
    year: int,
    department_id: int | None = None,
    measurements: list | None = None,
    overrides: dict | None = None,
) -> KpiSummary:
    """The target path and realised values of one KPI.

    Pass ``measurements`` and ``overrides`` (see points_and_overrides) to avoid queries per KPI.
    """
    if measurements is None:
        measurements = list(kpi.measurements.all())
    if overrides is None:
        overrides = {o.year: o.value for o in kpi.overrides.all()}
    # A department KPI's own measurements belong to that department, whatever the filter.
    own_department = None if kpi.scope == Kpi.Scope.AFDELING else department_id
    rows = []
    for target in kpi.targets(overrides):
        realised = kpi.realised(measurements, target.year, own_department)
        rows.append(
            YearRow(
                year=target.year,
                target=target.value,
                overridden=target.overridden,
                band=rules.band(target.value, kpi.direction, kpi.margin_pct),
                realised=realised,
                status=rules.status(realised, target.value, kpi.direction, kpi.margin_pct)
                if realised is not None and target.year > kpi.baseline_year
                else None,
            )
        )
    notes = [m.note for m in measurements if m.year == year and m.note]
    return KpiSummary(kpi=kpi, rows=rows, year=year, department_id=department_id, notes=notes)


@dataclass
class CategoryProgress:
    category: object
    summaries: list[KpiSummary]

    @property
    def measured(self) -> list[KpiSummary]:
        return [s for s in self.summaries if s.ratio is not None]

    @property
    def ratio(self) -> Decimal | None:
        measured = self.measured
        if not measured:
            return None
        return sum((s.ratio for s in measured), Decimal(0)) / len(measured)

    @property
    def percent(self) -> int | None:
        ratio = self.ratio
        return None if ratio is None else int((ratio * 100).to_integral_value())

    @property
    def worst(self) -> KpiSummary | None:
        return min(self.measured, key=lambda s: s.ratio, default=None)

    @property
    def best(self) -> KpiSummary | None:
        return max(self.measured, key=lambda s: s.ratio, default=None)

    @property
    def on_track(self) -> bool:
        ratio = self.ratio
        return ratio is not None and ratio >= 1


def category_progress(summaries: list[KpiSummary], categories) -> list[CategoryProgress]:
    """Progress per category: the KPIs of that category and the contract KPIs of its trajectories."""
    by_category: dict[int, list[KpiSummary]] = {c.pk: [] for c in categories}
    for summary in summaries:
        kpi = summary.kpi
        category_id = kpi.category_id if kpi.scope == Kpi.Scope.CATEGORIE else None
        if kpi.is_contract and kpi.trajectory and kpi.trajectory.category_id:
            category_id = kpi.trajectory.category_id
        if category_id in by_category:
            by_category[category_id].append(summary)
    return [CategoryProgress(category=c, summaries=by_category[c.pk]) for c in categories]


def rank_categories(progress: list[CategoryProgress]) -> list[CategoryProgress]:
    """Categories with measurements, furthest along their path first (ties by name)."""
    measured = [p for p in progress if p.ratio is not None]
    return sorted(measured, key=lambda p: (-p.ratio, p.category.name))


def leaders_and_laggards(progress: list[CategoryProgress], size: int = 3):
    """The best ``size`` categories and the worst ``size`` (never the same category twice)."""
    ranked = rank_categories(progress)
    leaders = ranked[:size]
    laggards = [p for p in reversed(ranked) if p not in leaders][:size]
    return leaders, laggards


def trajectory_figures(organisation, year: int, department_id: int | None = None) -> dict:
    """Trajectories per current phase and status, and the avoided purchases."""
    trajectories = Trajectory.objects.for_organisation(organisation).active()
    if department_id:
        trajectories = trajectories.filter(department_id=department_id)
    rows = list(trajectories.values_list("id", "status", "closed_at", "avoided_spend"))
    phases = list(Phase.objects.values_list("id", "order", "title"))
    records: dict[int, dict[int, str]] = {}
    for trajectory_id, phase_id, status in PhaseRecord.objects.filter(
        trajectory__in=trajectories.filter(status=Trajectory.Status.LOPEND)
    ).values_list("trajectory_id", "phase_id", "status"):
        records.setdefault(trajectory_id, {})[phase_id] = status
    done = {PhaseRecord.Status.AFGEROND, PhaseRecord.Status.NIET_VAN_TOEPASSING}
    per_phase = {phase_id: 0 for phase_id, _order, _title in phases}
    for trajectory_id, status, _closed, _spend in rows:
        if status != Trajectory.Status.LOPEND or not phases:
            continue
        statuses = records.get(trajectory_id, {})
        current = next((pid for pid, _o, _t in phases if statuses.get(pid) not in done), phases[-1][0])
        per_phase[current] += 1
    status_counts = {value: 0 for value, _label in Trajectory.Status.choices}
    for _id, status, _closed, _spend in rows:
        status_counts[status] += 1
    avoided = [(closed, spend) for _id, status, closed, spend in rows if status == Trajectory.Status.VOORKOMEN]
    avoided_year = [(c, s) for c, s in avoided if c and c.year == year]
    completed_year = sum(1 for _id, s, c, _sp in rows if s == Trajectory.Status.AFGEROND and c and c.year == year)
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


def build(organisation, year: int, department_id: int | None = None, *, include_contract: bool = True) -> dict:
    """All figures of the dashboard (and the annual report) for one year and optional department."""
    kpis = list(kpi_queryset(organisation))
    if department_id:
        kpis = [k for k in kpis if k.scope != Kpi.Scope.AFDELING or k.department_id == department_id]
    if not include_contract:
        kpis = [k for k in kpis if not k.is_contract]
    points, overrides = points_and_overrides(kpis)
    summaries = [summarise(kpi, year, department_id, points[kpi.pk], overrides[kpi.pk]) for kpi in kpis]
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
    return {
        "year": year,
        "summaries": [s for s in summaries if not s.kpi.is_contract],
        "contract_summaries": [s for s in summaries if s.kpi.is_contract],
        "progress": progress,
        "ranked": ranked,
        "leaders": leaders,
        "laggards": laggards,
        "bar_chart": charts.bar_chart(bars) if bars else None,
        "status_counts": [{"label": STATUS_LABELS[k], "count": v} for k, v in status_counts.items()],
        "trajectories": trajectory_figures(organisation, year, department_id),
    }
