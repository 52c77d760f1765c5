"""Load the R-ladder and the KPI examples from the fixture data."""

from organisations.guidance import sync

from .ambition import load_defaults
from .models import AmbitionLevel, AmbitionTheme, KpiExample, RStrategy


def load(data: dict) -> dict[str, RStrategy]:
    strategies = {s.code: s for s in sync(RStrategy, "code", data["rstrategies"])}
    sync(
        KpiExample,
        "key",
        [{**row, "strategy": strategies[row["strategy"]]} for row in data["kpi_examples"]],
    )
    load_defaults(AmbitionTheme, AmbitionLevel)  # organisation-independent, never overwrites admin edits
    return strategies
