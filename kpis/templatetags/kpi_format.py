"""Dutch number and euro formatting (USE_THOUSAND_SEPARATOR is off project-wide)."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from chefcirculair.formatting import format_euro

register = template.Library()


def _group(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ".".join(groups)


@register.filter
def nl_number(value, places: int = 2) -> str:
    """1234.5 → "1.234,5": thousands with a dot, decimal comma, at most ``places`` decimals."""
    if value is None or value == "":
        return "–"
    value = Decimal(str(value)).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    return f"{sign}{_group(whole)}{',' + fraction if fraction else ''}"


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
