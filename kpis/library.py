"""The KPI library: the guidance's example KPIs (rladder.KpiExample) plus the uniform ones.

Picking an entry prefills the KPI form. The example texts come from the
guidance content (admin-editable); the sensible defaults per example (unit,
direction, how to combine measurements) live here.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rladder.models import KpiExample

from .models import Kpi


@dataclass(frozen=True)
class LibraryEntry:
    key: str
    name: str | Promise
    strategy_code: str | None
    unit: str
    direction: str
    aggregation: str
    description: str | Promise

    def initial(self, strategies: dict) -> dict:
        return {
            "name": self.name,
            "unit": self.unit,
            "direction": self.direction,
            "aggregation": self.aggregation,
            "description": self.description,
            "strategy": strategies.get(self.strategy_code),
        }


LOWER, HIGHER = Kpi.Direction.LOWER, Kpi.Direction.HIGHER
SUM, MEAN = Kpi.Aggregation.SUM, Kpi.Aggregation.MEAN

# Defaults per example key of the guidance (fixtures/guidance.json "kpi_examples").
EXAMPLE_DEFAULTS = {
    "kpi-r0-1": (
        "aantal",
        LOWER,
        SUM,
        _("Hoeveel leveringen en werken er per jaar worden ingekocht. Minder inkopen is het doel van R0 Refuse."),
    ),
    "kpi-r1-1": (
        "%",
        HIGHER,
        MEAN,
        _(
            "Het deel van de beschikbare tijd dat een product echt gebruikt wordt, "
            "bijvoorbeeld een dienstauto of vergaderzaal."
        ),
    ),
    "kpi-r1-2": (
        "gebruikers per dag",
        HIGHER,
        MEAN,
        _("Hoeveel gebruikers een gedeeld product heeft; kies in de eenheid per uur, dag of maand."),
    ),
    "kpi-r2-1": (
        "kg per stuk",
        LOWER,
        MEAN,
        _("De hoeveelheid grondstoffen in één product of in het gebruik ervan (R2 Reduce)."),
    ),
}

EXTRA_ENTRIES = [
    LibraryEntry(
        key="vermeden-inkopen",
        name=_("Aantal vermeden inkopen"),
        strategy_code="R0",
        unit="aantal",
        direction=HIGHER,
        aggregation=SUM,
        description=(
            _(
                "Inkooptrajecten die zijn afgesloten als ‘Inkoop voorkomen’: "
                "de behoefte is vervuld zonder iets te kopen."
            )
        ),
    ),
    LibraryEntry(
        key="totaal-kilogrammen-materiaal",
        name=_("Totaal aantal kilogrammen materiaal"),
        strategy_code=None,
        unit="kg",
        direction=LOWER,
        aggregation=SUM,
        description=(
            _(
                "Uniforme KPI: het gewicht van alle ingekochte materialen, "
                "toepasbaar op zoveel mogelijk inkoopcategorieën."
            )
        ),
    ),
    LibraryEntry(
        key="kritieke-grondstoffen",
        name=_("Kritieke grondstoffen"),
        strategy_code=None,
        unit="kg",
        direction=LOWER,
        aggregation=SUM,
        description=(
            _(
                "Uniforme KPI: het gewicht aan kritieke grondstoffen "
                "(zoals kobalt, lithium, zeldzame aardmetalen) in ingekochte producten."
            )
        ),
    ),
]


def entries() -> list[LibraryEntry]:
    """All library entries: the guidance's examples per R-strategy, then the extra and uniform ones."""
    result = []
    for example in KpiExample.objects.select_related("strategy"):
        unit, direction, aggregation, description = EXAMPLE_DEFAULTS.get(example.key, ("aantal", LOWER, SUM, ""))
        result.append(
            LibraryEntry(
                key=example.key,
                name=example.text,
                strategy_code=example.strategy.code,
                unit=unit,
                direction=direction,
                aggregation=aggregation,
                description=str(description),
            )
        )
    result.extend(EXTRA_ENTRIES)
    return sorted(result, key=lambda e: (e.strategy_code is None, e.strategy_code or "", e.key))


def find(key: str) -> LibraryEntry | None:
    return next((entry for entry in entries() if entry.key == key), None)
