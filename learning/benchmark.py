"""The anonymous benchmark: computed as a snapshot (``manage.py compute_benchmark`` or the task), never per request.

For every opted-in organisation, per product category (matched between organisations by the
category's slug) and year (the year a trajectory was started), the metrics below; per category,
year and metric the quartiles over the organisations. A figure is stored only when at least
``BENCHMARK_MIN_ORGANISATIONS`` organisations contribute, so no filter on the page can show one
below the threshold. Organisations are never named: the page reads only the figures and the
viewer's own values.

The rule that no published figure is one organisation's value (the quartiles of 5 values are the
2nd, 3rd and 4th value exactly, and an organisation that varies its own figure between runs moves
the others into those places one by one):

- **Each quartile is the mean of a group of ``QUARTILE_GROUP`` (3) organisations**: the three
  consecutive values (in order) around the quartile's place, not the value at that place;
- **an organisation sees the quartiles of the other organisations** (``BenchmarkValue.others_*``),
  never a figure its own value is part of, so changing its own figure changes nothing it sees.
  An organisation that does not contribute to a figure sees the quartiles of all contributors,
  which are then the others too.

Together: whatever an organisation does with its own figure, each number it is shown is the mean of
three other organisations' values, and three such means of four or more values leave every single
value unknown. What stays visible is what a benchmark is for: where the middle of the others lies.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from procurement.models import PhaseRecord, RDecisionStep, Trajectory

from .models import BENCHMARK_MIN_ORGANISATIONS, BenchmarkFigure, BenchmarkRun, BenchmarkValue, LearningSettings

FOUR = Decimal("0.0001")


class MetricKind:
    """How a metric's value reads: a fraction (shown as a percentage, charted 0–100 %) or an intensity."""

    FRACTION = "fraction"
    KG_PER_1000_EUR = "kg_per_1000_eur"  # stored in kg per € 1.000 (4 decimals are kept); not charted


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise
    explanation: str | Promise
    kind: str = MetricKind.FRACTION


METRICS = [
    Metric(
        "considered_highest",
        _("Trajecten die R0–R2 overwogen"),
        _("Aandeel trajecten waarvan het R-besluit minstens één van R0, R1 en R2 overwoog."),
    ),
    Metric(
        "decided_highest",
        _("Trajecten met een besluit op R0, R1 of R2"),
        _("Aandeel trajecten waarvan het huidige R-besluit R0, R1 of R2 is."),
    ),
    Metric(
        "avoided_per_euro",
        _("Vermeden uitgaven per euro contractwaarde"),
        _("Vermeden uitgaven gedeeld door de geschatte contractwaarde van de trajecten (als percentage)."),
    ),
    Metric(
        "reviewed_phases",
        _("Afgeronde fasen met beoordeling"),
        _("Aandeel afgeronde fasen dat de chef circulair heeft goedgekeurd."),
    ),
    Metric(
        "avoided_kg_per_euro",
        _("Vermeden materiaal per € 1.000 contractwaarde"),
        _(
            "Gepland vermeden kilo's materiaal gedeeld door de geschatte contractwaarde van de trajecten met een "
            "berekend effect (in kg per € 1.000)."
        ),
        MetricKind.KG_PER_1000_EUR,
    ),
]
METRIC_KEYS = [m.key for m in METRICS]
METRICS_BY_KEY = {m.key: m for m in METRICS}
PER_1000_EUR = Decimal(1000)
STORABLE_LIMIT = Decimal(10) ** 8  # BenchmarkValue/Figure keep 12 digits with 4 decimals


def impact_values(trajectories) -> dict:
    """The metrics from the impact feature (``trajectory.effect``), per (organisation, category, year).

    "avoided_kg_per_euro": the planned avoided kg material over the estimated contract value, counting only
    trajectories with both (a trajectory without a calculated effect says nothing about its kilos). The value
    is stored per € 1.000 (its kind), so that the four stored decimals keep small intensities. Load the
    trajectories with ``select_related("category", "effect")``.
    """
    sums: defaultdict[tuple, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for trajectory in trajectories:
        effect = getattr(trajectory, "effect", None)
        if effect is None or effect.planned_kg_material is None or not trajectory.estimated_value:
            continue
        key = (trajectory.organisation_id, trajectory.category.slug, trajectory.created_at.year)
        sums[key][0] += effect.planned_kg_material
        sums[key][1] += trajectory.estimated_value
    values = {}
    for key, (kilos, euros) in sums.items():
        per_1000 = (kilos * PER_1000_EUR / euros).quantize(FOUR)
        if abs(per_1000) < STORABLE_LIMIT:  # beyond it the estimated value is a typing error, not a figure
            values[key] = {"avoided_kg_per_euro": per_1000}
    return values


def _ratio(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(FOUR)


def organisation_values(organisation_ids) -> tuple[dict, dict]:
    """({(organisation_id, category_key, year): {metric: value}}, {category_key: name}) for the organisations."""
    trajectories = list(
        Trajectory.objects.unscoped()
        .filter(organisation_id__in=organisation_ids, archived_at__isnull=True, category__isnull=False)
        .select_related("category", "chosen_strategy", "effect")
        .annotate(
            completed=Count("phases", filter=Q(phases__status=PhaseRecord.Status.COMPLETED), distinct=True),
            approved=Count(
                "phases",
                filter=Q(
                    phases__status=PhaseRecord.Status.COMPLETED,
                    phases__review_status=PhaseRecord.ReviewStatus.APPROVED,
                ),
                distinct=True,
            ),
        )
    )
    considered = set(
        RDecisionStep.objects.unscoped()
        .filter(decision__trajectory__in=[t.pk for t in trajectories], considered=True, strategy__number__lte=2)
        .values_list("decision__trajectory_id", flat=True)
    )
    groups = defaultdict(list)
    names: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for trajectory in trajectories:
        key = (trajectory.organisation_id, trajectory.category.slug, trajectory.created_at.year)
        groups[key].append(trajectory)
        names[trajectory.category.slug][trajectory.category.name] += 1
    values = {}
    for key, group in groups.items():
        valued = [t for t in group if t.estimated_value]
        values[key] = {
            "considered_highest": _ratio(sum(t.pk in considered for t in group), len(group)),
            "decided_highest": _ratio(
                sum(t.chosen_strategy is not None and t.chosen_strategy.number <= 2 for t in group), len(group)
            ),
            "avoided_per_euro": _ratio(
                sum((t.avoided_spend or 0) for t in valued), sum(t.estimated_value for t in valued)
            ),
            "reviewed_phases": _ratio(sum(t.approved for t in group), sum(t.completed for t in group)),
        }
    for key, extra in impact_values(trajectories).items():
        values.setdefault(key, {}).update(extra)
    category_names = {slug: counter.most_common(1)[0][0] for slug, counter in names.items()}
    return values, category_names


QUARTILE_GROUP = 3  # each published quartile is the mean of this many organisations' values


def quartiles(values: list[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """p25, median and p75, each the mean of the ``QUARTILE_GROUP`` consecutive values around its place.

    The place is the quartile's rank in the inclusive method ((n − 1) · p, counted from 0); the group is
    the three values whose middle one is the nearest rank, shifted inwards at the ends.
    """
    ordered = sorted(values)
    if len(ordered) < QUARTILE_GROUP:
        raise ValueError("too few values for a quartile group")

    def at(fraction: Decimal) -> Decimal:
        middle = int(((len(ordered) - 1) * fraction).to_integral_value())  # ROUND_HALF_EVEN
        start = min(max(middle - 1, 0), len(ordered) - QUARTILE_GROUP)
        group = ordered[start : start + QUARTILE_GROUP]
        return (sum(group, Decimal(0)) / QUARTILE_GROUP).quantize(FOUR)

    return at(Decimal("0.25")), at(Decimal("0.5")), at(Decimal("0.75"))


def compute() -> BenchmarkRun:
    """Write a new snapshot; older runs are removed once the new one is complete."""
    opted_in = list(
        LearningSettings.objects.unscoped().filter(benchmark_opt_in=True).values_list("organisation_id", flat=True)
    )
    values, category_names = organisation_values(opted_in)
    per_figure = defaultdict(list)
    for (organisation_id, category_key, year), metrics in values.items():
        for metric, value in metrics.items():
            if value is not None:
                per_figure[(category_key, year, metric)].append((organisation_id, value))
    with transaction.atomic():
        run = BenchmarkRun.objects.create(organisation_count=len(opted_in))
        figures, own = [], []
        for (category_key, year, metric), contributions in per_figure.items():
            if len({org for org, _value in contributions}) < BENCHMARK_MIN_ORGANISATIONS:
                continue  # below the threshold there is no figure at all
            p25, median, p75 = quartiles([value for _org, value in contributions])
            figures.append(
                BenchmarkFigure(
                    run=run,
                    category_key=category_key,
                    category_name=category_names[category_key],
                    year=year,
                    metric=metric,
                    contributors=len(contributions),
                    p25=p25,
                    median=median,
                    p75=p75,
                )
            )
            for org, value in contributions:
                # What this organisation is shown: the others' quartiles, without its own value.
                others = [other for other_org, other in contributions if other_org != org]
                others_p25, others_median, others_p75 = quartiles(others)
                own.append(
                    BenchmarkValue(
                        run=run,
                        organisation_id=org,
                        category_key=category_key,
                        year=year,
                        metric=metric,
                        value=value,
                        others_p25=others_p25,
                        others_median=others_median,
                        others_p75=others_p75,
                    )
                )
        BenchmarkFigure.objects.bulk_create(figures)
        BenchmarkValue.objects.bulk_create(own)
        BenchmarkRun.objects.exclude(pk=run.pk).delete()
    return run


def latest_run() -> BenchmarkRun | None:
    return BenchmarkRun.objects.first()


def view_rows(run, organisation, category_key: str = "", year: int | None = None) -> list[dict]:
    """The figures of ``run`` (filtered) with the organisation's own value, grouped per category and year."""
    figures = BenchmarkFigure.objects.filter(run=run)
    if category_key:
        figures = figures.filter(category_key=category_key)
    if year:
        figures = figures.filter(year=year)
    own = {
        (v.category_key, v.year, v.metric): v for v in BenchmarkValue.objects.filter(run=run, organisation=organisation)
    }
    groups: dict = {}
    for figure in figures.order_by("category_name", "-year", "metric"):
        group = groups.setdefault(
            (figure.category_key, figure.year),
            {"category": figure.category_name, "year": figure.year, "key": figure.category_key, "rows": []},
        )
        metric = METRICS_BY_KEY.get(figure.metric)
        mine = own.get((figure.category_key, figure.year, figure.metric))
        # A contributor sees the quartiles of the others (see the module's rule), never the group's own.
        shown = (
            (mine.others_p25, mine.others_median, mine.others_p75) if mine else (figure.p25, figure.median, figure.p75)
        )
        group["rows"].append(
            {
                "metric": figure.metric,
                "label": str(metric.label) if metric else figure.metric,
                "explanation": metric.explanation if metric else "",
                "kind": metric.kind if metric else MetricKind.FRACTION,
                "p25": shown[0],
                "median": shown[1],
                "p75": shown[2],
                "own": mine.value if mine else None,
                "contributors": figure.contributors,
            }
        )
    return list(groups.values())
