"""Numbers as users type them: the one parser behind every numeric input of the app.

Numbers are read in the notation of the interface language (``lib.formatting.notation``):
Dutch by default, English for who chose English. Files (CSV/XLSX imports) are read the
Dutch way whatever the language (``numbers_in("nl")``).

The Dutch rule (the same for forms, the measurement grid and CSV/XLSX imports):

- a comma is the decimal separator: "12,75" is 12.75;
- dots (or spaces, also non-breaking ones) that group digits by three are thousands
  separators: "10.000", "1.250.000", "1.250,5" and "10 000" are 10000, 1250000,
  1250.5 and 10000;
- a single dot followed by other than three digits is a decimal point: "1250.5" and
  "12.75" are 1250.5 and 12.75 (so is "0.125": a leading zero groups nothing);
- everything else ("1.2.3", "1234.567", "1,250.5", "1e5", "NaN", "∞", "abc") is refused.

The English rule swaps the two signs and is strict: a dot is the decimal point and
commas (or spaces) that group digits by three are thousands separators: "10,000.5",
"10000.5" and "10 000" are 10000.5, 10000.5 and 10000, and "10.000" is 10. A comma
that groups nothing ("12,5", "1,2,3") is refused, and so is the rest the Dutch rule refuses.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TypedDict

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .formatting import Notation, format_number, notation


class DecimalDigits(TypedDict):
    """The size of a stored decimal, passed on as ``models.DecimalField(**digits)``."""

    max_digits: int
    decimal_places: int


NUMBER_ERROR = _("Vul een getal in, bijvoorbeeld 10.000 of 12,5.")
MAX_INPUT_LENGTH = 50  # longer text is no number anyone types (and is not worth parsing)

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2212": "-"})
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_SPACE_GROUPS = re.compile(r"[1-9][0-9]{0,2}(?: [0-9]{3})+", re.ASCII)
_LOOKS_DUTCH = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}", re.ASCII)
_GROUPS = {
    separator: re.compile(r"[1-9][0-9]{0,2}(?:" + re.escape(separator) + r"[0-9]{3})+", re.ASCII)
    for separator in (".", ",")
}


@dataclass(frozen=True)
class Reading:
    """What was typed and the number it was read as."""

    text: str
    value: Decimal

    @property
    def has_separators(self) -> bool:
        """True when the text had a thousands separator (or a Dutch dot): worth showing how it was read.

        In English also a number that a Dutch reader takes for thousands ("10.000" is 10).
        """
        text = self.text.strip()
        written = notation()
        if re.search(r"[\s\u00a0\u202f]", text) or written.group in text:
            return True
        return not written.dutch and _LOOKS_DUTCH.fullmatch(text.lstrip("+-\u2212")) is not None

    @property
    def shown(self) -> str:
        return format_reading(self.value)


def _whole(part: str, written: Notation, decimal_group_allowed: bool) -> tuple[str, str | None]:
    """The digits of the part before the decimal sign, and a fraction when (Dutch) a single dot is a decimal point."""
    if _DIGITS.fullmatch(part) or _GROUPS[written.group].fullmatch(part) or _SPACE_GROUPS.fullmatch(part):
        return part.replace(written.group, "").replace(" ", ""), None
    if decimal_group_allowed and written.dutch and part.count(".") == 1:
        before, after = part.split(".")
        digits = (before == "" or _DIGITS.fullmatch(before)) and _DIGITS.fullmatch(after)
        # Three digits after a lone dot look like a thousands group; only a leading
        # zero (or nothing) before the dot makes it unambiguous.
        if digits and (len(after) != 3 or before in ("", "0")):
            return before, after
    raise ValueError(NUMBER_ERROR)


def parse_number(value) -> Decimal:
    """The number in ``value`` (text as typed, or an int/Decimal/float from a spreadsheet cell).

    Text is read in the notation of the interface language (see the module docstring).
    Raises ValueError with a message in that language for anything that is not one clear number.
    """
    if isinstance(value, bool):
        raise ValueError(NUMBER_ERROR)
    if isinstance(value, int | Decimal | float):
        number = Decimal(str(value))
        if not number.is_finite():
            raise ValueError(NUMBER_ERROR)
        return number
    text = str(value)
    if len(text) > MAX_INPUT_LENGTH:
        raise ValueError(NUMBER_ERROR)
    written = notation()
    text = " ".join(text.translate(_SPACES).split())
    sign = ""
    if text[:1] in ("-", "+"):
        sign, text = text[0].replace("+", ""), text[1:]
    if text.count(written.decimal) > 1:
        raise ValueError(NUMBER_ERROR)
    fraction: str | None
    if written.decimal in text:
        before, fraction = text.split(written.decimal)
        if not _DIGITS.fullmatch(fraction):
            raise ValueError(NUMBER_ERROR)
        whole, _dot = _whole(before, written, decimal_group_allowed=False) if before else ("", None)
    else:
        whole, fraction = _whole(text, written, decimal_group_allowed=True)
    if not whole and not fraction:
        raise ValueError(NUMBER_ERROR)
    try:
        return Decimal(f"{sign}{whole or '0'}.{fraction or '0'}").normalize() + 0
    except InvalidOperation:  # pragma: no cover - the patterns admit digits only
        raise ValueError(NUMBER_ERROR) from None


def read_number(value) -> Reading:
    return Reading(str(value), parse_number(value))


def check_limits(value: Decimal, max_digits: int, decimal_places: int) -> None:
    """Refuse a number a DecimalField(max_digits, decimal_places) cannot store (in the interface language)."""
    if abs(value) >= Decimal(10) ** (max_digits - decimal_places):
        raise ValueError(_("Dit getal is te groot."))
    exponent = value.as_tuple().exponent  # an int for every finite number ("n", "N", "F" otherwise)
    if isinstance(exponent, int) and exponent < -decimal_places:
        if decimal_places == 0:
            raise ValueError(_("Vul een heel getal in, zonder cijfers achter de komma."))
        raise ValueError(_("Gebruik hoogstens %(places)s cijfers achter de komma.") % {"places": decimal_places})


def format_input(value: Decimal) -> str:
    """A Decimal as a user would type it: no grouping, no trailing zeros, the decimal sign of the notation.

    Dutch "1250,5", English "1250.5".
    """
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", notation().decimal)


def format_reading(value: Decimal) -> str:
    """A Decimal in full notation with grouping ("1.250.000", "1.250,5"; English "1,250.5"): how input was read."""
    exponent = value.normalize().as_tuple().exponent
    return format_number(value, places=max(0, -exponent) if isinstance(exponent, int) else 0)


# --- the form field ---------------------------------------------------------------


class DutchNumberInput(forms.TextInput):
    """A text input with a numeric keyboard; a typed value with separators shows how it was read."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    @staticmethod
    def reading_of(value) -> str | None:
        """The value as read ("10.000") when it is typed text with separators, else None."""
        if not isinstance(value, str) or not value.strip():
            return None
        try:
            reading = read_number(value)
        except ValueError:
            return None
        return reading.shown if reading.has_separators else None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if shown := self.reading_of(value):
            reading_id = f"{widget['attrs'].get('id') or name}-gelezen"
            described = widget["attrs"].get("aria-describedby", "")
            widget["attrs"]["aria-describedby"] = f"{described} {reading_id}".strip()
            widget["reading"] = (reading_id, shown)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        html = self._render(self.template_name, context, renderer)
        if reading := context["widget"].get("reading"):
            reading_id, shown = reading
            html += format_html(
                '<span class="utrecht-form-field-description number-reading" id="{}">{}</span>',
                reading_id,
                _("gelezen als %(value)s") % {"value": shown},
            )
        return html


class DutchDecimalField(forms.Field):
    """A decimal number typed the Dutch way, or the English way in English (see the module docstring); None when empty.

    ``max_digits``/``decimal_places`` are those of the model field it fills;
    ``min_value`` refuses e.g. negative amounts with ``error_messages["min_value"]``.
    """

    widget = DutchNumberInput
    default_error_messages = {
        "invalid": NUMBER_ERROR,
        "min_value": _("Vul een getal van %(limit_value)s of meer in."),
        "max_value": _("Vul een getal van %(limit_value)s of minder in."),
    }

    def __init__(self, *, max_digits=16, decimal_places=4, min_value=None, max_value=None, **kwargs):
        self.max_digits, self.decimal_places = max_digits, decimal_places
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            number = parse_number(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        try:
            check_limits(number, self.max_digits, self.decimal_places)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="limit") from None
        return number

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise forms.ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit_value": format_reading(Decimal(self.min_value))},
            )
        if self.max_value is not None and value > self.max_value:
            raise forms.ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit_value": format_reading(Decimal(self.max_value))},
            )

    def prepare_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return format_input(Decimal(value))
        return value

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (None if initial in self.empty_values else Decimal(str(initial)))
        except (forms.ValidationError, InvalidOperation, ValueError):
            return True


def number_readings(form) -> list[tuple[str, str, str]]:
    """(label, typed, read as) for every number a bound, valid form read from text with separators."""
    readings = []
    for name, field in form.fields.items():
        if not isinstance(field, DutchDecimalField) or name in form.errors:
            continue
        raw = form[name].data
        if not isinstance(raw, str) or not raw.strip():
            continue
        try:
            reading = read_number(raw)
        except ValueError:
            continue
        if reading.has_separators:
            label = str(field.label or name).removesuffix(str(_(" (optioneel)")))
            readings.append((label, raw.strip(), reading.shown))
    return readings


def readings_sentence(readings) -> str:
    """One sentence for (label, typed, read as) triples, or "" when there are none."""
    parts = [
        _("%(label)s ‘%(typed)s’ als %(shown)s") % {"label": label, "typed": typed, "shown": shown}
        for label, typed, shown in readings
    ]
    return _("Zo zijn de getallen gelezen: %(readings)s.") % {"readings": "; ".join(parts)} if parts else ""


def readings_message(form) -> str:
    """How the form's numbers with separators were read ("Basiswaarde ‘10.000’ als 10.000"), or ""."""
    return readings_sentence(number_readings(form))
