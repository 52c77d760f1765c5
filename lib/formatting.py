"""Dutch notation for money, numbers, percentages and units: the one place every page and PDF uses.

The template filters in ``organisations/templatetags/nl_format.py`` are thin
wrappers around these functions, and Python code that writes text (chart
descriptions, tables built in Python) calls them directly, so an amount looks
the same on every page and in every PDF. The notation is Dutch whatever the
interface language (the figures are Dutch public money and measurements).

The rules:

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

Geometry in SVG charts never goes through here: see ``lib.charts.svgnum``.
Parsing Dutch input lives elsewhere; this module only writes.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

UNKNOWN = "–"
NBSP = "\u00a0"

# Python's "," grouping and "." decimal point, swapped to the Dutch "." and ",".
_DUTCH = str.maketrans({",": ".", ".": ","})
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
    """1234.5 → "1.234,5": thousands with a dot, decimal comma, at most ``places`` decimals.

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
    return ("-" if number < 0 and text != "0" else "") + text.translate(_DUTCH)


def format_euro(value) -> str:
    """ "€ 1.250.000" for whole amounts, "€ 1.250,50" when there are cents; "–" for nothing.

    Amounts are rounded to cents (half up) first, so € 0,004 is "€ 0".
    """
    if _missing(value):
        return UNKNOWN
    amount = _decimal(value)
    if amount is None:
        return str(value)
    amount = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    places = 0 if amount == amount.to_integral_value() else 2
    text = format(abs(amount), f",.{places}f").translate(_DUTCH)
    sign = "-" if amount < 0 else ""
    return f"€{NBSP}{sign}{text}"


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
    rounded = number.quantize(_QUANTA[places], rounding=ROUND_HALF_UP)
    if unit == "kg" and abs(rounded) >= 1000:  # 999,6 kg rounds to 1.000 kg: say 1 ton
        return format_mass(Decimal(1000) if number > 0 else Decimal(-1000), suffix)
    text = format_number(rounded, places)
    return f"{text} {unit} {suffix}" if suffix else f"{text} {unit}"
