"""Dutch notation for amounts and numbers, shared by every app's template filters."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def _group(whole: str) -> str:
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return ".".join(groups) or "0"


def format_euro(value, decimals: int | None = None) -> str:
    """€ 1.234.567 or € 1.234,50 (non-breaking space after the sign); "" for nothing.

    ``decimals=None`` shows cents only when there are any; otherwise exactly that many.
    """
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    places = 2 if decimals is None else int(decimals)
    amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if decimals is None and amount == amount.to_integral_value():
        places = 0
    whole, _sep, fraction = f"{abs(amount):.{places}f}".partition(".")
    sign = "-" if amount < 0 else ""
    return f"{sign}€\u00a0{_group(whole)}{',' + fraction if fraction else ''}"
