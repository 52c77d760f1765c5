"""The chosen criteria in a trajectory's OCDS release (``tender.circularity.criteria``, procurement/ocds/extension)."""

from django.db.models import Prefetch

from procurement.extensions import OcdsPart
from procurement.ocds.export import json_number

from .models import ChosenCriterion, Type

OCDS_TYPES = {
    Type.MARKET_CONSULTATION: "marketConsultation",
    Type.SUITABILITY_REQUIREMENT: "suitabilityRequirement",
    Type.SELECTION_CRITERION: "selectionCriterion",
    Type.REQUIREMENT: "technicalSpecification",
    Type.AWARD_CRITERION: "awardCriterion",
    Type.CONTRACT_CLAUSE: "contractClause",
}


def _strategy(strategy) -> dict | None:
    return None if strategy is None else {"code": strategy.code, "name": strategy.name_nl}


def criteria(trajectory) -> list[dict]:
    """Each chosen criterion by its library code and chosen version, with the text as filled in."""
    rows = []
    for chosen in trajectory.chosen_criteria.all():  # prefetched by the export
        row = {
            "id": chosen.code,
            "version": chosen.version,
            "type": OCDS_TYPES[Type(chosen.type)],
            "title": chosen.title,
            "description": chosen.filled_text,
            "strategy": _strategy(chosen.strategy),
            "verification": chosen.evidence,
            "weight": json_number(chosen.weight) if chosen.is_award and chosen.weight is not None else None,
        }
        rows.append({key: value for key, value in row.items() if value not in (None, "")})
    return rows


PART = OcdsPart(
    key="criteria",
    prefetch=Prefetch("chosen_criteria", queryset=ChosenCriterion.objects.select_related("strategy")),
    build=criteria,
)
