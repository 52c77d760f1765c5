"""The resultatenkaart: an organisation's successes of one year on one A4, to share with the council."""

from decimal import Decimal

from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from lib.pdf import created_at
from procurement.models import Trajectory

from .models import Lesson
from .sections import impact_of

HIGHLIGHTED_LESSONS = 3
LISTED_TRAJECTORIES = 10  # the card stays one A4


def build_card(organisation, year: int) -> dict:
    """Purchases avoided (R0), shared or used differently (R1) and reduced (R2), euros (and kg) saved, three lessons.

    A trajectory counts in the year of its current R-decision. The kilos are the stored effect totals
    (``procurement.TrajectoryEffect``, over each contract term): planned, and realised where recorded.
    """
    trajectories = list(
        Trajectory.objects.for_organisation(organisation)
        .filter(archived_at__isnull=True, chosen_strategy__number__lte=2)
        .annotate(decided_at=Max("r_decisions__created_at"))
        .filter(decided_at__year=year)
        .select_related("chosen_strategy", "category", "effect")
        .order_by("chosen_strategy__number", "title")
    )
    by_number = {n: [t for t in trajectories if t.chosen_strategy.number == n] for n in (0, 1, 2)}
    impacts = [impact for t in trajectories if (impact := impact_of(t))]
    lessons = list(
        Lesson.objects.filter(trajectory__organisation=organisation, trajectory__archived_at__isnull=True)
        .filter(created_at__year=year)
        .select_related("trajectory", "strategy", "phase")
        .order_by("-highlighted", "-created_at", "-pk")[:HIGHLIGHTED_LESSONS]
    )
    return {
        "organisation": organisation,
        "year": year,
        "avoided": by_number[0],
        "shared": by_number[1],
        "reduced": by_number[2],
        "avoided_spend": sum((t.avoided_spend or 0 for t in trajectories), Decimal(0)),
        "kg_material": _total(impacts, "kg_material"),
        "kg_co2e": _total(impacts, "kg_co2e"),
        "realised_kg_material": _total(impacts, "realised_kg_material"),
        "realised_kg_co2e": _total(impacts, "realised_kg_co2e"),
        "realised_count": sum(
            i["realised_kg_material"] is not None or i["realised_kg_co2e"] is not None for i in impacts
        ),
        "impact_count": len(impacts),
        "listed": trajectories[:LISTED_TRAJECTORIES],
        "more": max(0, len(trajectories) - LISTED_TRAJECTORIES),
        "lessons": lessons,
        "generated_at": created_at(),
    }


def _total(impacts: list[dict], name: str) -> Decimal | None:
    """The sum of the stored totals that are known; None when no trajectory has this figure."""
    known = [impact[name] for impact in impacts if impact[name] is not None]
    return sum(known, Decimal(0)) if known else None


def years(organisation) -> list[int]:
    """The years with an R-decision of the organisation, newest first (always the current year)."""
    found = set(
        Trajectory.objects.for_organisation(organisation)
        .filter(r_decisions__isnull=False)
        .values_list("r_decisions__created_at__year", flat=True)
    )
    found.add(timezone.now().year)
    return sorted(found, reverse=True)


def render_pdf_html(card: dict) -> str:
    """The resultatenkaart's PDF as HTML, in the active language (made per request: its requester's)."""
    return render_to_string("learning/results_card_pdf.html", {**card, "palette": card["organisation"].theme_palette()})
