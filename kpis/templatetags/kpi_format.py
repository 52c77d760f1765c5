"""Dutch number and euro formatting (USE_THOUSAND_SEPARATOR is off project-wide)."""

import functools
from decimal import ROUND_HALF_UP, Decimal

from django import template

from chefcirculair.formatting import format_euro

register = template.Library()


# Python's "," grouping and "." decimal point, swapped to the Dutch "." and ",".
_DUTCH = str.maketrans({",": ".", ".": ","})
_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(7)}


@register.filter
def nl_number(value, places: int = 2) -> str:
    """1234.5 → "1.234,5": thousands with a dot, decimal comma, at most ``places`` decimals.

    The result is only digits, ".", "," and "-" (or "–" when unknown), so it needs no escaping.
    """
    if value is None or value == "":
        return "–"
    if isinstance(value, (Decimal, int, float)):
        return _nl_number(value, int(places))
    return _nl_number.__wrapped__(value, int(places))  # text and the like: not worth a cache entry


@functools.lru_cache(maxsize=8192, typed=True)
def _nl_number(value, places: int) -> str:
    """nl_number proper, memoised: a page formats the same few numbers many times (chart, table, text).

    The result depends only on the number (equal Decimals such as 5 and 5.00
    give the same text), and every argument is immutable.
    """
    quantum = _QUANTA.get(places) or Decimal(1).scaleb(-places)
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    value = value.quantize(quantum, rounding=ROUND_HALF_UP)
    text = format(abs(value), ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return ("-" if value < 0 else "") + text.translate(_DUTCH)


@register.filter
def euro(value) -> str:
    """€ 1.234.567 (whole euros), or a dash when unknown."""
    return format_euro(value, 0) or "–"


@register.filter
def percent(value) -> str:
    """A fraction (0.75) as "75 %"."""
    if value is None:
        return "–"
    return f"{nl_number(Decimal(str(value)) * 100, 0)} %"
