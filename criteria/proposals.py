"""Which library criteria to propose to a trajectory, and in which order.

From the R-decision: the chosen (highest feasible) strategy's criteria first, then those
of the other strategies the team considered feasible, of the groeimodel's steps and of the
ambition, lower rungs before higher ones. Only criteria that fit the trajectory's category
and CPV code, that are not retired and not chosen yet. Two queries, whatever the library's size.
"""

from procurement.models import GrowthStep, RDecisionStep

from .models import Criterion

LIMIT = 40


def strategy_ranks(trajectory) -> dict[int, int]:
    """R-strategy id → rank (0 first) of the strategies the trajectory's decisions point to."""
    ranks: dict[int, int] = {}
    if trajectory.chosen_strategy_id:
        ranks[trajectory.chosen_strategy_id] = 0
    feasible = RDecisionStep.objects.filter(
        decision__trajectory=trajectory, considered=True, feasible__in=["ja", "deels"]
    ).values_list("strategy_id", flat=True)
    growth = GrowthStep.objects.filter(trajectory=trajectory).values_list("strategy_id", flat=True)
    for strategy_id in [*feasible, *growth, trajectory.ambition_id]:
        if strategy_id is not None:
            ranks.setdefault(strategy_id, 1)
    return ranks


def proposals(trajectory, *, limit: int = LIMIT) -> list[Criterion]:
    ranks = strategy_ranks(trajectory)
    chosen = trajectory.chosen_criteria.values("code")
    candidates = (
        Criterion.objects.library(trajectory.organisation)
        .filter(status=Criterion.Status.PUBLISHED)
        .exclude(code__in=chosen)
        .for_list()
    )
    if ranks:
        candidates = candidates.filter(strategy_id__in=list(ranks))
    category = trajectory.category.name if trajectory.category_id else ""
    fitting = [c for c in candidates if (not category or c.fits_category(category)) and c.fits_cpv(trajectory.cpv_code)]
    fitting.sort(key=lambda c: (ranks.get(c.strategy_id, 2), c.strategy.number, c.ambition, c.code))
    return fitting[:limit]
