"""CPV codes (Common Procurement Vocabulary, Regulation (EC) No 213/2008).

A code is eight digits, a hyphen and a check digit: ``30213100-6``. The EU does
not publish the rule that computes the check digit, so a code is checked on its
form and on its division (the first two digits must be one of the 45 divisions
of the 2008 vocabulary); the check digit is kept as typed.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CPV_PATTERN = re.compile(r"^(\d{8})-(\d)\Z")

# The divisions of CPV 2008 (the first two digits of every code).
DIVISIONS = frozenset(
    [
        "03",
        "09",
        "14",
        "15",
        "16",
        "18",
        "19",
        "22",
        "24",
        "30",
        "31",
        "32",
        "33",
        "34",
        "35",
        "37",
        "38",
        "39",
        "41",
        "42",
        "43",
        "44",
        "45",
        "48",
        "50",
        "51",
        "55",
        "60",
        "63",
        "64",
        "65",
        "66",
        "70",
        "71",
        "72",
        "73",
        "75",
        "76",
        "77",
        "79",
        "80",
        "85",
        "90",
        "92",
        "98",
    ]
)

# Divisions of works (45) and of services (50 and up); the others are supplies.
WORKS_DIVISIONS = frozenset({"45"})


def normalise_cpv(value: str) -> str:
    """Strip spaces and accept the dot some systems write: ``30213100 - 6`` → ``30213100-6``."""
    return re.sub(r"\s+", "", value or "").replace(".", "")


def validate_cpv_code(value: str) -> None:
    match = CPV_PATTERN.match(value or "")
    if match is None:
        raise ValidationError(
            _("Vul een CPV-code in als acht cijfers, een streepje en een controlecijfer, bijvoorbeeld 30213100-6."),
            code="invalid",
        )
    if match.group(1)[:2] not in DIVISIONS:
        raise ValidationError(
            _("%(code)s is geen CPV-code: een code begint met een bestaande afdeling (zoals 30, 45 of 90)."),
            code="division",
            params={"code": value},
        )


def procurement_category(code: str) -> str:
    """The OCDS ``mainProcurementCategory`` (goods, works, services) of a valid CPV code."""
    division = code[:2]
    if division in WORKS_DIVISIONS:
        return "works"
    return "services" if int(division) >= 50 else "goods"
