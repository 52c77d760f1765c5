"""Reading the shared impact factors from their CSV (machine data: "." decimals, parsed with Decimal).

The CSV is the starter set of ``fixtures/impact-factors.csv`` (sources in
IMPACT-SOURCES.md). Its numbers are machine data, not Dutch user input, so they
are read with ``Decimal`` directly; a blank value is unknown (NULL), never 0.
"""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.db import transaction

from .models import FACTOR_DIGITS, FactorUnit, ImpactFactor, SystemBoundary

COLUMNS = [
    "key",
    "category_nl",
    "item_nl",
    "unit",
    "kg_co2e_per_unit",
    "kg_material_per_unit",
    "source_name",
    "source_url_or_repo_path",
    "licence",
    "year",
    "note",
]
UNITS = {"stuk": FactorUnit.PIECE, "kg": FactorUnit.KG, "m2": FactorUnit.M2, "m²": FactorUnit.M2, "km": FactorUnit.KM}
UNITS |= {"kwh": FactorUnit.KWH, "eur": FactorUnit.EURO, "euro": FactorUnit.EURO}


class FactorFileError(Exception):
    """The file cannot be loaded; ``problems`` lists (line, message) for every bad row."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__("; ".join(f"line {line}: {message}" for line, message in problems))


def _decimal(text: str | None, column: str) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{column}: {text!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"{column}: {text!r} is not a finite number of 0 or more")
    places = FACTOR_DIGITS["decimal_places"]
    exponent = value.as_tuple().exponent  # an int: the value is finite
    if (isinstance(exponent, int) and exponent < -places) or abs(value) >= Decimal(10) ** (
        FACTOR_DIGITS["max_digits"] - places
    ):
        raise ValueError(f"{column}: {text!r} does not fit {places} decimals")
    return value


def system_boundary(row: dict) -> tuple[str, str]:
    """The system boundary of a CSV row, from its unit and the note that says how it was made."""
    note = row.get("note", "").lower()
    if "gwp_use_ratio" in note:
        return SystemBoundary.CRADLE_TO_GRAVE_EXCL_USE, "productie, transport en afvalfase; gebruik niet meegeteld"
    if row.get("unit", "").strip().lower() in ("eur", "euro"):
        return SystemBoundary.CRADLE_TO_GATE, "uitgavengebaseerd: hele toeleveringsketen tot aankoop, met handelsmarges"
    if "well-to-tank" in note:
        return SystemBoundary.WELL_TO_WHEEL, ""
    if "all life-cycle stages" in note:
        return SystemBoundary.CRADLE_TO_GRAVE, "landbouw tot en met verkoop en consumptie"
    if "cradle-to-gate" in note or "primary paper" in note:
        return SystemBoundary.CRADLE_TO_GATE, "inclusief transport tot verkooppunt"
    if "electricity generation" in note:
        return SystemBoundary.OPERATIONAL, "uitstoot bij opwekking, gemiddeld Nederlands net"
    return SystemBoundary.OTHER, ""


def parse_row(row: dict) -> dict:
    """The model values of one CSV row; ValueError (English, for the operator) when a value is wrong."""
    key = (row.get("key") or "").strip()
    if not key or len(key) > 100:
        raise ValueError("key is missing or too long")
    unit = UNITS.get((row.get("unit") or "").strip().lower())
    if unit is None:
        raise ValueError(f"unit {row.get('unit')!r} is not one of {', '.join(sorted(UNITS))}")
    category, item = (row.get("category_nl") or "").strip(), (row.get("item_nl") or "").strip()
    if not category or not item:
        raise ValueError("category_nl and item_nl are required")
    year = (row.get("year") or "").strip()
    if year and not (year.isdigit() and 1900 <= int(year) <= 2200):
        raise ValueError(f"year {year!r} is not a year")
    boundary, boundary_note = system_boundary(row)
    return {
        "key": key,
        "category_nl": category[:100],
        "item_nl": item[:200],
        "unit": unit,
        "kg_co2e_per_unit": _decimal(row.get("kg_co2e_per_unit"), "kg_co2e_per_unit"),
        "kg_material_per_unit": _decimal(row.get("kg_material_per_unit"), "kg_material_per_unit"),
        "source_name": (row.get("source_name") or "").strip()[:200],
        "source_url": (row.get("source_url_or_repo_path") or "").strip()[:500],
        "licence": (row.get("licence") or "").strip()[:300],
        "source_year": int(year) if year else None,
        "system_boundary": boundary,
        "system_boundary_note": boundary_note,
        "note": (row.get("note") or "").strip(),
    }


def read_factors(raw: bytes) -> list[dict]:
    """Every row of the CSV as model values; FactorFileError lists every row that fails."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FactorFileError([(0, f"not UTF-8: {exc}")]) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise FactorFileError([(1, f"missing columns: {', '.join(missing)}")])
    rows, problems, keys = [], [], set()
    for row in reader:
        line = reader.line_num
        try:
            values = parse_row(row)
        except ValueError as exc:
            problems.append((line, str(exc)))
            continue
        if values["key"] in keys:
            problems.append((line, f"key {values['key']!r} occurs twice"))
            continue
        keys.add(values["key"])
        rows.append(values)
    if problems:
        raise FactorFileError(problems)
    return rows


@transaction.atomic
def load_factors(rows: list[dict]) -> tuple[int, int, int]:
    """Create or update the shared factors by key and remove the ones the file no longer has.

    Returns (created, updated, removed). Organisation factors are never touched
    (an override of a removed factor stays, as the organisation's own factor).
    """
    created = updated = 0
    for row in rows:
        values = dict(row)
        key = values.pop("key")
        _factor, is_new = ImpactFactor.objects.update_or_create(key=key, defaults=values)
        created += is_new
        updated += not is_new
    stale = list(ImpactFactor.objects.exclude(key__in=[r["key"] for r in rows]))
    for factor in stale:
        factor.delete()  # one by one, so the history records each removal
    return created, updated, len(stale)
