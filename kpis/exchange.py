"""CSV and XLSX import of measurements (all or nothing) and exports of KPIs, targets and measurements.

Exports neutralise spreadsheet formulas: a text cell starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe,
so a name like ``=HYPERLINK(...)`` is shown as text, never run.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import format_decimal_input, parse_decimal
from .models import Kpi, Measurement

COLUMNS = ["kpi", "jaar", "kwartaal", "afdeling", "categorie", "waarde", "eenheid", "bron", "toelichting"]
REQUIRED = ["kpi", "jaar", "waarde"]
MAX_ROWS = 10_000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(Exception):
    """The file as a whole cannot be read (type, encoding, columns)."""


@dataclass
class ImportResult:
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    created: int = 0


class CsvNumber(str):
    """A number already formatted for CSV ("-12,5"): a value, never a formula."""


def neutralise(value):
    """Escape text that a spreadsheet would run as a formula; numbers and dates pass unchanged."""
    if isinstance(value, str) and not isinstance(value, CsvNumber) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# --- reading ---------------------------------------------------------------


def _read_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise ImportFileError(_("Het bestand is geen leesbare tekst. Sla het op als CSV (UTF-8)."))
    if "\x00" in text:
        raise ImportFileError(_("Dit is geen CSV-bestand. Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _read_xlsx(data: bytes) -> list[list]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError):
        raise ImportFileError(_("Dit is geen geldig Excel-bestand (.xlsx).")) from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(name: str, data: bytes) -> tuple[list[str], list[list]]:
    """The header (lower case) and the data rows of an uploaded file."""
    if name.lower().endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.lower().endswith(".csv"):
        rows = _read_csv(data)
    else:
        raise ImportFileError(_("Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)."))
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise ImportFileError(_("Het bestand is leeg."))
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    while header and header[-1] == "":
        header.pop()
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if missing or unknown or duplicated:
        problems = []
        if missing:
            problems.append(_("ontbrekend: %(cols)s") % {"cols": ", ".join(missing)})
        if unknown:
            problems.append(_("onbekend: %(cols)s") % {"cols": ", ".join(c or _("(leeg)") for c in unknown)})
        if duplicated:
            problems.append(_("dubbel: %(cols)s") % {"cols": ", ".join(duplicated)})
        raise ImportFileError(
            _("De kolommen kloppen niet (%(problems)s). Gebruik de kolommen: %(columns)s.")
            % {"problems": "; ".join(problems), "columns": ", ".join(COLUMNS)}
        )
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFileError(_("Het bestand heeft meer dan %(max)s regels. Splits het op.") % {"max": MAX_ROWS})
    return header, rows[1:]


# --- validating and importing -------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _int(value) -> int:
    text = _text(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return int(text)


def import_measurements(organisation, name: str, data: bytes, user) -> ImportResult:
    """Validate every row; import all rows in one transaction, or none when any row is wrong."""
    header, rows = read_table(name, data)
    kpis = list(Kpi.objects.for_organisation(organisation))
    by_id = {str(k.pk): k for k in kpis}
    by_name: dict[str, list[Kpi]] = {}
    for kpi in kpis:
        by_name.setdefault(kpi.name.strip().lower(), []).append(kpi)
    departments = {d.name.strip().lower(): d for d in organisation.departments.all()}
    categories = {c.name.strip().lower(): c for c in organisation.categories.all()}
    existing = set(
        Measurement.objects.filter(kpi__organisation=organisation).values_list(
            "kpi_id", "year", "quarter", "department_id", "category_id"
        )
    )
    result = ImportResult(rows=len(rows))
    seen: dict[tuple, int] = {}
    new = []
    for number, raw in enumerate(rows, start=2):
        cells = {column: raw[i] if i < len(raw) else None for i, column in enumerate(header) if column}
        problems = []
        kpi_text = _text(cells.get("kpi"))
        matches = [by_id[kpi_text]] if kpi_text in by_id else by_name.get(kpi_text.lower(), [])
        kpi = matches[0] if len(matches) == 1 else None
        if not kpi_text:
            problems.append(_("de kolom kpi is leeg"))
        elif not matches:
            problems.append(_("onbekende KPI ‘%(kpi)s’") % {"kpi": kpi_text})
        elif len(matches) > 1:
            problems.append(_("meerdere KPI's heten ‘%(kpi)s’; gebruik het KPI-nummer") % {"kpi": kpi_text})
        year = quarter = None
        try:
            year = _int(cells.get("jaar"))
        except (TypeError, ValueError):
            problems.append(_("het jaar ‘%(value)s’ is geen jaartal") % {"value": _text(cells.get("jaar"))})
        if kpi and year is not None and year not in kpi.years:
            problems.append(
                _("het jaar %(year)s valt buiten de looptijd van de KPI (%(start)s–%(end)s)")
                % {"year": year, "start": kpi.baseline_year, "end": kpi.goal_year}
            )
        quarter_text = _text(cells.get("kwartaal")).upper().removeprefix("K").removeprefix("Q")
        try:
            quarter = int(quarter_text) if quarter_text else 0
            if quarter not in (0, 1, 2, 3, 4):
                raise ValueError
        except ValueError:
            problems.append(_("het kwartaal moet leeg zijn of 1 tot en met 4"))
        department = category = None
        if dep_text := _text(cells.get("afdeling")):
            department = departments.get(dep_text.lower())
            if department is None:
                problems.append(_("onbekende afdeling ‘%(name)s’") % {"name": dep_text})
        if cat_text := _text(cells.get("categorie")):
            category = categories.get(cat_text.lower())
            if category is None:
                problems.append(_("onbekende productcategorie ‘%(name)s’") % {"name": cat_text})
        value = None
        value_text = cells.get("waarde")
        if value_text in (None, ""):
            problems.append(_("de waarde is leeg"))
        else:
            try:
                value = parse_decimal(value_text)
            except ValueError:
                problems.append(_("de waarde ‘%(value)s’ is geen getal") % {"value": _text(value_text)})
        unit = _text(cells.get("eenheid"))
        if kpi and unit and unit.lower() != kpi.unit.strip().lower():
            problems.append(
                _("de eenheid ‘%(unit)s’ past niet bij de KPI (verwacht: %(expected)s)")
                % {"unit": unit, "expected": kpi.unit}
            )
        source, note = _text(cells.get("bron")), _text(cells.get("toelichting"))
        if len(source) > 300:
            problems.append(_("de bron is langer dan 300 tekens"))
        if len(note) > 2000:
            problems.append(_("de toelichting is langer dan 2000 tekens"))
        if kpi and year is not None and quarter is not None and not problems:
            key = (kpi.pk, year, quarter, department.pk if department else None, category.pk if category else None)
            if key in existing:
                problems.append(_("er is al een meting voor deze KPI in deze periode en dit bereik"))
            elif key in seen:
                problems.append(_("dezelfde KPI, periode en bereik staan ook op regel %(line)s") % {"line": seen[key]})
            else:
                seen[key] = number
        if problems:
            result.errors.append((number, "; ".join(str(p) for p in problems)))
            continue
        new.append(
            Measurement(
                kpi=kpi,
                year=year,
                quarter=quarter,
                department=department,
                category=category,
                value=value,
                source=source,
                note=note,
                entered_by=user,
            )
        )
    if result.errors:
        return result
    if not new:
        result.errors.append((0, _("Het bestand bevat geen metingen.")))
        return result
    with transaction.atomic():
        # save() per row keeps the history (django-simple-history) complete.
        for measurement in new:
            measurement.save()
    result.created = len(new)
    return result


# --- exporting ----------------------------------------------------------------


def _number(value: Decimal | None, for_csv: bool):
    if value is None:
        return ""
    return CsvNumber(format_decimal_input(value)) if for_csv else value


def kpi_rows(organisation, for_csv: bool) -> tuple[list[str], list[list]]:
    header = [
        "nummer",
        "naam",
        "eenheid",
        "r-strategie",
        "r-strategie (6-stappenladder)",
        "bereik",
        "afdeling",
        "categorie",
        "traject",
        "richting",
        "basiswaarde",
        "basisjaar",
        "doelwaarde",
        "doeljaar",
        "aanscherping",
        "marge (%)",
    ]
    rows = []
    for kpi in Kpi.objects.for_organisation(organisation).select_related(
        "strategy", "department", "category", "trajectory"
    ):
        rows.append(
            [
                kpi.pk,
                kpi.name,
                kpi.unit,
                kpi.strategy.code if kpi.strategy else _("uniform"),
                kpi.strategy.six_step_code if kpi.strategy else "",
                kpi.get_scope_display(),
                kpi.department.name if kpi.department else "",
                kpi.category.name if kpi.category else "",
                kpi.trajectory.title if kpi.trajectory else "",
                kpi.get_direction_display(),
                _number(kpi.baseline_value, for_csv),
                kpi.baseline_year,
                _number(kpi.goal_value, for_csv),
                kpi.goal_year,
                kpi.get_rule_display(),
                _number(kpi.margin_pct, for_csv),
            ]
        )
    return header, rows


def target_rows(organisation, for_csv: bool) -> tuple[list[str], list[list]]:
    """Every KPI's yearly targets beside what was realised (the same figure as the dashboard's)."""
    header = ["kpi", "eenheid", "jaar", "doel", "berekend doel", "aangepast", "gerealiseerd"]
    rows = []
    kpis = list(Kpi.objects.for_organisation(organisation).prefetch_related("overrides"))
    realised = Measurement.objects.realised(kpis).values
    for kpi in kpis:
        for target in kpi.targets({o.year: o.value for o in kpi.overrides.all()}):
            rows.append(
                [
                    kpi.name,
                    kpi.unit,
                    target.year,
                    _number(target.value, for_csv),
                    _number(target.computed, for_csv),
                    _("ja") if target.overridden else _("nee"),
                    _number(realised[kpi.pk].get(target.year), for_csv),
                ]
            )
    return header, rows


def measurement_rows(organisation, for_csv: bool) -> tuple[list[str], list[list]]:
    header = [*COLUMNS, "ingevoerd door", "ingevoerd op"]
    rows = []
    measurements = (
        Measurement.objects.filter(kpi__organisation=organisation)
        .select_related("kpi", "department", "category", "entered_by")
        .order_by("kpi__name", "year", "quarter", "pk")
    )
    for m in measurements:
        entered_at = timezone.localtime(m.entered_at)
        rows.append(
            [
                m.kpi.name,
                m.year,
                m.quarter or "",
                m.department.name if m.department else "",
                m.category.name if m.category else "",
                _number(m.value, for_csv),
                m.kpi.unit,
                m.source,
                m.note,
                (m.entered_by.get_full_name() or m.entered_by.username) if m.entered_by else "",
                entered_at.strftime("%Y-%m-%d %H:%M") if for_csv else entered_at.replace(tzinfo=None),
            ]
        )
    return header, rows


EXPORTS = {"kpis": kpi_rows, "doelen": target_rows, "metingen": measurement_rows}


def to_csv(header: list[str], rows: list[list]) -> bytes:
    """Semicolon-separated UTF-8 with BOM: what Dutch Excel opens correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(title: str, header: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([neutralise(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
