"""The notation of money, numbers, percentages and units: the one place every page and PDF uses.

The template filters in ``organisations/templatetags/nl_format.py`` are thin
wrappers around these functions, and Python code that writes text (chart
descriptions, tables built in Python) calls them directly, so an amount looks
the same on every page and in every PDF. The notation is that of the active
language (``lib.language``): Dutch by default, English for who chose English.
Files that are exchanged (CSV/XLSX exports and imports) stay Dutch whatever the
language: they are written and read inside ``numbers_in("nl")``.

The rules in Dutch (English below):

- numbers: a dot groups thousands, a comma is the decimal separator, at most
  ``places`` decimals (rounded half up), trailing zeros dropped:
  ``1234.50`` → "1.234,5";
- euros: "€" and a non-breaking space; whole euros when there are no cents,
  otherwise always two decimals: "€ 1.250.000", "€ 1.250,50", "€ 0,05". A
  negative amount puts the minus after the sign (as CLDR's nl_NL does):
  "€ -1.250";
- percentages: no space before "%": "75%" (``format_percent`` takes a fraction,
  0.75; ``format_percentage`` a number already in percent, 75);
- a value with its unit: a space between them: "830 kg", "50 %" (the unit is
  the KPI's own text, written as entered). A unit that only says the figure is
  a count reads as a person would: "aantal" (or "count", "#")
  adds nothing ("160", not "160 aantal"), and "aantal leveringen" names what
  is counted ("160 leveringen");
- a mass in kilograms (``format_mass``): below 1.000 kg in kg, from there in
  tonnes, with as many decimals as make sense for its size (none from 100 on,
  one from 10 on, two below, and at most one for tonnes): "450 kg",
  "12,5 kg", "0,35 kg", "1,3 ton", "1.235 ton";
  a suffix follows the unit: "1,3 ton CO2e";
- nothing (None or ""): "–" (an en dash), for every kind.

In English a comma groups thousands and a dot is the decimal point
("1,234.5"), the euro sign goes straight before the amount and a minus before
the sign ("€1,250.50", "-€1,250"), and tonnes are "t" ("1.3 t CO2e"); the
rest is the same.

Geometry in SVG charts never goes through here: see ``lib.charts.svgnum``.
Parsing input lives in ``lib.numbers``; this module only writes.
"""

import contextlib
import functools
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation

from .language import DEFAULT, supported

UNKNOWN = "–"
NBSP = "\u00a0"


@dataclass(frozen=True)
class Notation:
    """How one language writes numbers."""

    group: str  # the thousands separator
    decimal: str  # the decimal separator
    tonne: str  # the unit of a mass from 1.000 kg on
    dutch: bool  # Dutch: "€ -1.250"; English: "-€1,250"

    @functools.cached_property
    def _table(self) -> dict[int, str]:
        return str.maketrans({",": self.group, ".": self.decimal})

    def translate(self, text: str) -> str:
        """Python's "1,234.5" in this notation."""
        return text.translate(self._table)


NOTATIONS = {
    "nl": Notation(group=".", decimal=",", tonne="ton", dutch=True),
    "en": Notation(group=",", decimal=".", tonne="t", dutch=False),
}
_forced: ContextVar[str | None] = ContextVar("number_notation", default=None)


def notation() -> Notation:
    """The notation numbers are written and read in now: ``numbers_in``'s, else the active language's."""
    language = _forced.get() or translation.get_language() or DEFAULT
    return NOTATIONS.get(language) or NOTATIONS.get(supported(language) or DEFAULT, NOTATIONS[DEFAULT])


@contextlib.contextmanager
def numbers_in(language: str) -> Iterator[None]:
    """Write and read numbers in ``language``'s notation inside, whatever the interface language (files)."""
    token = _forced.set(supported(language) or DEFAULT)
    try:
        yield
    finally:
        _forced.reset(token)


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(7)}
_CENT = Decimal("0.01")


def _decimal(value) -> Decimal | None:
    """``value`` as a finite Decimal, or None when it is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, TypeError, ValueError):
            return None
    return number if number.is_finite() else None


def _missing(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def format_number(value, places: int = 2) -> str:
    """1234.5 → "1.234,5" (English "1,234.5"): thousands grouped, at most ``places`` decimals.

    The result is only digits, ".", "," and "-" (or "–" when unknown), so it
    needs no escaping. Text that is not a number comes back unchanged.
    """
    if _missing(value):
        return UNKNOWN
    places = max(0, int(places))
    if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        return _format_number(value, places)
    number = _decimal(value)
    return str(value) if number is None else _format_number(number, places)


def _format_number(value, places: int) -> str:
    """format_number proper, for a number (a Decimal, int or float)."""
    number = value if isinstance(value, Decimal) else _decimal(value)
    if number is None:  # NaN or infinity
        return UNKNOWN
    quantum = _QUANTA.get(places) or Decimal(1).scaleb(-places)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    text = format(abs(number), ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return ("-" if number < 0 and text != "0" else "") + notation().translate(text)


def format_euro(value) -> str:
    """ "€ 1.250.000" for whole amounts, "€ 1.250,50" when there are cents (English "€1,250.50"); "–" for nothing.

    Amounts are rounded to cents (half up) first, so € 0,004 is "€ 0".
    """
    if _missing(value):
        return UNKNOWN
    amount = _decimal(value)
    if amount is None:
        return str(value)
    amount = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    places = 0 if amount == amount.to_integral_value() else 2
    written = notation()
    text = written.translate(format(abs(amount), f",.{places}f"))
    sign = "-" if amount < 0 else ""
    return f"€{NBSP}{sign}{text}" if written.dutch else f"{sign}€{text}"


def format_percent(fraction, places: int = 0) -> str:
    """A fraction as a percentage: 0.75 → "75%", 0.125 with ``places=1`` → "12,5%"."""
    if _missing(fraction):
        return UNKNOWN
    number = _decimal(fraction)
    if number is None:
        return str(fraction)
    return f"{format_number(number * 100, places)}%"


def format_percentage(value, places: int = 2) -> str:
    """A number already in percent: 12.5 → "12,5%"."""
    if _missing(value):
        return UNKNOWN
    text = format_number(value, places)
    return text if _decimal(value) is None else f"{text}%"


# Units that only say "this figure is a count": after a number they add nothing.
COUNT_UNITS = frozenset({"aantal", "aantallen", "getal", "count", "number", "#", "n", "nr", "nr."})
# ... and the same words before what is counted: "aantal leveringen" is "leveringen" after a number.
COUNT_PREFIXES = ("aantal ", "aantallen ", "number of ", "count of ")


def unit_after_number(unit: str) -> str:
    """``unit`` as it reads after a number: "" for a bare count ("aantal"), "leveringen" for "aantal leveringen"."""
    unit = " ".join((unit or "").split())
    lower = unit.lower()
    if lower in COUNT_UNITS:
        return ""
    for prefix in COUNT_PREFIXES:
        if lower.startswith(prefix):
            return unit[len(prefix) :]
    return unit


def with_unit(text: str, unit: str) -> str:
    """An already written number with its unit (``unit_after_number``): "160", "160 leveringen", "830 kg"."""
    unit = unit_after_number(unit)
    if text == UNKNOWN or not unit:
        return text
    return f"{text} {unit}"


def format_unit(value, unit: str = "", places: int = 2) -> str:
    """A number with its unit: "1.250,5 kg", "160" for a count; "–" (without the unit) when there is no number."""
    return with_unit(format_number(value, places), unit)


def _mass_places(number: Decimal, unit: str) -> int:
    size = abs(number)
    return 0 if size >= 100 else 1 if size >= 10 or unit == "ton" else 2


def format_mass(kilograms, suffix: str = "") -> str:
    """Kilograms the way people read them: "450 kg", "12,5 kg", "1,3 ton", "1.235 ton CO2e" with a suffix.

    From 1.000 kg on in tonnes. Decimals: none from 100 on, one from 10 on, two
    below (at most one for tonnes). "–" for nothing (a page that means "unknown" says "onbekend" itself).
    """
    if _missing(kilograms):
        return UNKNOWN
    number = _decimal(kilograms)
    if number is None:
        return str(kilograms)
    unit = "kg"
    if abs(number) >= 1000:
        number, unit = number / 1000, "ton"
    places = _mass_places(number, unit)
    shown = notation().tonne if unit == "ton" else unit
    rounded = number.quantize(_QUANTA[places], rounding=ROUND_HALF_UP)
    if unit == "kg" and abs(rounded) >= 1000:  # 999,6 kg rounds to 1.000 kg: say 1 ton
        return format_mass(Decimal(1000) if number > 0 else Decimal(-1000), suffix)
    text = format_number(rounded, places)
    return f"{text} {shown} {suffix}" if suffix else f"{text} {shown}"
