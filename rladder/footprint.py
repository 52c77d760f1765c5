"""Kilograms of material and CO2e for a quantity times an impact factor: pure Decimal arithmetic, no queries.

A line holds a quantity in some unit and a snapshot of the factor it uses
(``FactorSnapshot``). The quantity must fit the factor's unit: a factor per kg
needs kilograms, or pieces together with the weight of one piece; anything else
is a unit error, never a guess. Unknown factor values give ``None`` (shown as
"onbekend"), never 0.

The uncertainty range of a line is the factor's low–high range, or its
percentage either side, times the quantity; a line without a range counts
with its central value at both ends of the total range.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import FactorUnit

HUNDRED = Decimal(100)
ZERO = Decimal(0)


def amount_in_factor_unit(
    quantity: Decimal | None, quantity_unit: str, factor_unit: str, unit_weight_kg: Decimal | None
) -> tuple[Decimal | None, str | None]:
    """(amount in the factor's unit, unit error): pieces × weight for a factor per kg, else equal units only."""
    if quantity is None:
        return None, None
    if quantity_unit == factor_unit:
        return quantity, None
    if factor_unit == FactorUnit.KG and quantity_unit == FactorUnit.PIECE:
        if unit_weight_kg is None:
            return None, _("Deze factor is per kg: vul het gewicht per stuk in, of de hoeveelheid in kg.")
        return quantity * unit_weight_kg, None
    return None, _("De eenheid van de hoeveelheid (%(quantity)s) past niet bij de factor (per %(factor)s).") % {
        "quantity": FactorUnit(quantity_unit).label if quantity_unit in FactorUnit.values else quantity_unit,
        "factor": FactorUnit(factor_unit).label if factor_unit in FactorUnit.values else factor_unit,
    }


@dataclass(frozen=True)
class LineFigures:
    kg_material: Decimal | None = None
    kg_co2e: Decimal | None = None
    kg_co2e_low: Decimal | None = None
    kg_co2e_high: Decimal | None = None
    unit_error: str | None = None
    has_factor: bool = True

    @property
    def has_range(self) -> bool:
        return self.kg_co2e_low is not None and self.kg_co2e_high is not None


def _material(snapshot, amount: Decimal, unit_weight_kg: Decimal | None) -> Decimal | None:
    """kg material: the factor's figure; else the weight itself (a factor per kg, or pieces of a known weight).

    The same rule as a trajectory's effect lines (procurement/impact.py ``line_material``).
    """
    if snapshot.kg_material_per_unit is not None:
        return amount * snapshot.kg_material_per_unit
    if snapshot.unit == FactorUnit.KG:
        return amount
    if snapshot.unit == FactorUnit.PIECE and unit_weight_kg is not None:
        return amount * unit_weight_kg
    return None


def figures(snapshot, quantity: Decimal | None, quantity_unit: str, unit_weight_kg: Decimal | None) -> LineFigures:
    """The kg material and kg CO2e (with range) of ``quantity`` for a factor snapshot (any object with its fields)."""
    if not snapshot.unit:
        return LineFigures(has_factor=False)
    amount, error = amount_in_factor_unit(quantity, quantity_unit, snapshot.unit, unit_weight_kg)
    if amount is None:
        return LineFigures(unit_error=error)
    material = _material(snapshot, amount, unit_weight_kg)
    co2e = amount * snapshot.kg_co2e_per_unit if snapshot.kg_co2e_per_unit is not None else None
    low = high = None
    if co2e is not None:
        if snapshot.uncertainty_low is not None and snapshot.uncertainty_high is not None:
            low, high = amount * snapshot.uncertainty_low, amount * snapshot.uncertainty_high
        elif snapshot.uncertainty_percent is not None:
            spread = co2e * snapshot.uncertainty_percent / HUNDRED
            low, high = max(co2e - spread, ZERO), co2e + spread
    return LineFigures(kg_material=material, kg_co2e=co2e, kg_co2e_low=low, kg_co2e_high=high)


@dataclass
class Totals:
    """Sums over lines; a measure is None when no line knew it, and the counts say how many lines missed it."""

    kg_material: Decimal | None = None
    kg_co2e: Decimal | None = None
    kg_co2e_low: Decimal | None = None
    kg_co2e_high: Decimal | None = None
    lines: int = 0
    without_factor: int = 0
    unit_errors: int = 0
    without_material: int = 0
    without_co2e: int = 0
    with_range: int = 0
    spend_based: int = 0
    sources: list = field(default_factory=list)

    @property
    def has_range(self) -> bool:
        return self.with_range > 0 and self.kg_co2e_low is not None

    @property
    def incomplete(self) -> int:
        return self.without_factor + self.unit_errors


def _add(total: Decimal | None, value: Decimal | None) -> Decimal | None:
    if value is None:
        return total
    return value if total is None else total + value


def totals(pairs) -> Totals:
    """Totals of ``(snapshot, LineFigures)`` pairs."""
    result = Totals()
    seen_sources = set()
    for snapshot, line in pairs:
        result.lines += 1
        if not line.has_factor:
            result.without_factor += 1
            continue
        if line.unit_error:
            result.unit_errors += 1
            continue
        if snapshot.unit == FactorUnit.EURO:
            result.spend_based += 1
        source = (snapshot.source_name, snapshot.source_url, snapshot.source_year, snapshot.licence)
        if snapshot.source_name and source not in seen_sources:
            seen_sources.add(source)
            result.sources.append(source)
        result.kg_material = _add(result.kg_material, line.kg_material)
        result.without_material += line.kg_material is None
        result.without_co2e += line.kg_co2e is None
        if line.kg_co2e is not None:
            result.kg_co2e = _add(result.kg_co2e, line.kg_co2e)
            result.with_range += line.has_range
            result.kg_co2e_low = _add(result.kg_co2e_low, line.kg_co2e_low if line.has_range else line.kg_co2e)
            result.kg_co2e_high = _add(result.kg_co2e_high, line.kg_co2e_high if line.has_range else line.kg_co2e)
    return result


def interpolate(start: Decimal | None, goal: Decimal | None, step: int, steps: int) -> Decimal | None:
    """The value ``step`` of ``steps`` on a straight line from ``start`` to ``goal``, to whole kilograms."""
    if start is None or goal is None or steps <= 0:
        return None
    value = start + (goal - start) * Decimal(step) / Decimal(steps)
    return value.quantize(Decimal(1))
