"""Factor lines: a quantity times an impact factor, in kg material, kg CO2e and euros.

The one arithmetic of the nulmeting in volumes (``BaselineLine``, per year) and of a
trajectory's effect (``procurement.ImpactLine``, over the contract term;
``procurement.impact`` adds the scenarios and the avoided effect). Decimal only;
unknown is None (shown as "onbekend"), never 0. A line's figures come from its own
snapshot of the factor's values (``FactorLine.take_snapshot``), so ``line_figures``
and ``totals`` run no queries. The method, in the words the pages use:

- a line is a quantity times a factor, and the units must fit: a factor per kg
  needs kilograms, or pieces with a weight per piece; a factor per piece with
  kilograms needs the weight per piece; a factor per euro needs euros, or a price
  per unit on a line that has one (a trajectory's; the nulmeting asks none).
  Anything else is a unit error, never a guess;
- kg material: the factor's kg material per unit; a factor per kg counts the
  kilograms themselves, and pieces with a weight count that weight. Otherwise
  unknown;
- euros: the amount (a quantity in euros), or quantity × price per unit;
- uncertainty: the factor's low–high values, or its percentage either side (never
  below 0); a factor without one counts its central value at both ends;
- a total is the sum of the lines that have the figure, unknown when none has it;
  it counts the lines without a factor, with a unit error and without each figure.

Whether a line is stale (its factor says something else now) and recalculating it
are here too: both look at the factor as it counts for the organisation now, where
the organisation's override of a shared factor wins (``FactorsNow``).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FactorUnit, ImpactFactor

HUNDRED = Decimal(100)
ZERO = Decimal(0)
MEASURES = ("kg_material", "kg_co2e", "kg_co2e_low", "kg_co2e_high", "eur")
RECALCULATED_REASON = "Herberekend met de huidige factoren"


def unit_label(unit: str) -> str:
    return str(FactorUnit(unit).label) if unit in FactorUnit.values else unit


def amount_in_factor_unit(line) -> tuple[Decimal | None, str | None]:
    """(the quantity in the factor's unit, None) or (None, a Dutch error) when the units don't fit."""
    factor_unit, unit, quantity = line.unit, line.quantity_unit, line.quantity
    if not factor_unit or quantity is None:
        return None, None
    if factor_unit == unit:
        return quantity, None
    weight = line.unit_weight_kg
    if factor_unit == FactorUnit.KG and unit == FactorUnit.PIECE:
        if weight is None:
            return None, _("Deze factor is per kg en je telt stuks: vul het gewicht per stuk in.")
        return quantity * weight, None
    if factor_unit == FactorUnit.PIECE and unit == FactorUnit.KG:
        if not weight:
            return None, _("Deze factor is per stuk en je geeft kilo's op: vul het gewicht per stuk in.")
        return quantity / weight, None
    if factor_unit == FactorUnit.EURO and hasattr(line, "unit_price_eur"):
        if line.unit_price_eur is None:
            return None, _("Deze factor is per euro: geef een bedrag in euro's op, of de prijs per eenheid.")
        return quantity * line.unit_price_eur, None
    return None, _("De hoeveelheid is in %(unit)s en de factor per %(factor_unit)s: die passen niet bij elkaar.") % {
        "unit": unit_label(unit),
        "factor_unit": unit_label(factor_unit),
    }


def line_eur(line) -> Decimal | None:
    """The euros of a line: a quantity in euros, or quantity × its price per unit."""
    if line.quantity is None:
        return None
    if line.quantity_unit == FactorUnit.EURO:
        return line.quantity
    price = getattr(line, "unit_price_eur", None)  # only a trajectory's lines have a price per unit
    return None if price is None else line.quantity * price


def line_material(line, amount: Decimal) -> Decimal | None:
    """kg material: the factor's figure; else the weight itself (a factor per kg, or pieces of a known weight)."""
    if line.kg_material_per_unit is not None:
        return amount * line.kg_material_per_unit
    if line.unit == FactorUnit.KG:
        return amount
    if line.unit == FactorUnit.PIECE and line.unit_weight_kg is not None:
        return amount * line.unit_weight_kg
    return None


def co2e_range(line, amount: Decimal, co2e: Decimal) -> tuple[Decimal, Decimal, bool]:
    """(low, high, whether the factor has a range): its low–high values, or its percentage either side."""
    if line.uncertainty_low is not None and line.uncertainty_high is not None:
        return amount * line.uncertainty_low, amount * line.uncertainty_high, True
    if line.uncertainty_percent is not None:
        spread = co2e * line.uncertainty_percent / HUNDRED
        return max(co2e - spread, ZERO), co2e + spread, True
    return co2e, co2e, False


@dataclass(frozen=True)
class LineFigures:
    """The figures of one line; None where unknown. Without a range, low and high are the central value."""

    kg_material: Decimal | None = None
    kg_co2e: Decimal | None = None
    kg_co2e_low: Decimal | None = None
    kg_co2e_high: Decimal | None = None
    eur: Decimal | None = None
    unit_error: str | None = None
    has_factor: bool = False
    spend_based: bool = False
    has_range: bool = False

    @property
    def counts(self) -> bool:
        """Whether the line has a factor whose unit fits: its kilograms count (where known)."""
        return self.has_factor and not self.unit_error


def line_figures(line) -> LineFigures:
    """The figures of one line from its snapshot (no queries)."""
    eur = line_eur(line)
    if not line.has_factor:
        return LineFigures(eur=eur)
    amount, error = amount_in_factor_unit(line)
    spend_based = line.is_spend_based
    if amount is None:
        return LineFigures(eur=eur, unit_error=error, has_factor=True, spend_based=spend_based)
    co2e = low = high = None
    has_range = False
    if line.kg_co2e_per_unit is not None:
        co2e = amount * line.kg_co2e_per_unit
        low, high, has_range = co2e_range(line, amount, co2e)
    return LineFigures(
        kg_material=line_material(line, amount),
        kg_co2e=co2e,
        kg_co2e_low=low,
        kg_co2e_high=high,
        eur=eur,
        has_factor=True,
        spend_based=spend_based,
        has_range=has_range,
    )


@dataclass
class Totals:
    """The sums over lines; a measure is None when no line has it, and ``unknown`` says how many lines missed it."""

    kg_material: Decimal | None = None
    kg_co2e: Decimal | None = None
    kg_co2e_low: Decimal | None = None
    kg_co2e_high: Decimal | None = None
    eur: Decimal | None = None
    lines: int = 0
    without_factor: int = 0
    unit_errors: int = 0
    unknown: dict = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))  # euros: of every line
    with_range: int = 0
    spend_based: int = 0
    is_nothing: bool = False

    @classmethod
    def nothing(cls) -> "Totals":
        """Nothing is bought (a trajectory's plan after R0): every figure is 0, not unknown."""
        return cls(ZERO, ZERO, ZERO, ZERO, ZERO, is_nothing=True)

    @property
    def is_empty(self) -> bool:
        return not self.lines and not self.is_nothing

    @property
    def incomplete(self) -> int:
        """Lines that do not count: without a factor, or with a unit that does not fit it."""
        return self.without_factor + self.unit_errors

    @property
    def without_material(self) -> int:
        return self.unknown["kg_material"]

    @property
    def has_range(self) -> bool:
        return self.with_range > 0


def totals(figures) -> Totals:
    """The totals of the ``LineFigures`` of some lines."""
    result = Totals()
    for line in figures:
        result.lines += 1
        result.without_factor += not line.has_factor
        result.unit_errors += bool(line.unit_error)
        if line.counts:
            result.spend_based += line.spend_based
            result.with_range += line.has_range
        for measure in MEASURES:
            value = getattr(line, measure)
            if value is None:
                result.unknown[measure] += measure == "eur" or line.counts
                continue
            current = getattr(result, measure)
            setattr(result, measure, value if current is None else current + value)
    return result


# --- the factor as it counts now: staleness and recalculating -------------------------


@dataclass(frozen=True)
class FactorsNow:
    """The factors that count for an organisation now (``ImpactFactor.objects.effective_for``, two queries)."""

    shared: dict
    own: dict
    overrides: dict  # shared factor pk → the organisation's factor that replaces it

    @classmethod
    def of(cls, organisation) -> "FactorsNow":
        effective = ImpactFactor.objects.effective_for(organisation)
        return cls(
            shared={f.pk: f for f in effective if not f.is_own},
            own={f.pk: f for f in effective if f.is_own},
            overrides={f.overrides_id: f for f in effective if f.is_own and f.overrides_id},
        )

    def current(self, line):
        """The factor a line's link points at as it counts now (an override wins), or None."""
        if line.own_factor_id:
            return self.own.get(line.own_factor_id)
        if line.shared_factor_id:
            return self.overrides.get(line.shared_factor_id) or self.shared.get(line.shared_factor_id)
        return None


def stale_lines(lines, organisation) -> list:
    """The lines whose factor counts with other values now than when it was taken (two queries, none without links)."""
    if not any(line.own_factor_id or line.shared_factor_id for line in lines):
        return []
    factors = FactorsNow.of(organisation)
    return [line for line in lines if line.is_stale(factors.current(line))]


@dataclass(frozen=True)
class Recalculation:
    changed: int
    unchanged: int
    without_factor: int


def recalculate(lines, organisation, *, user, when=None) -> Recalculation:
    """Re-snapshot every stale line from its factor as it counts now, each save recorded in the history.

    The caller holds the lines (locked, in a transaction) and saves what follows from them.
    """
    factors = FactorsNow.of(organisation)
    when = when or timezone.now()
    changed = unchanged = missing = 0
    for line in lines:
        factor = factors.current(line)
        if factor is None:
            missing += 1
        elif not line.is_stale(factor):
            unchanged += 1
        else:
            line.take_snapshot(factor, when=when)
            line._history_user = user
            line._change_reason = RECALCULATED_REASON
            line.save()
            changed += 1
    return Recalculation(changed, unchanged, missing)
