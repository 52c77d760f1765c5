"""Import and export of an organisation's own criteria as CSV, XLSX and JSON.

The export holds the organisation's own criteria (base criteria are the admins'); text that a
spreadsheet would run as a formula is neutralised, as in every export. The import reads a file of
the same columns with the hostile-file limits of the KPI import (size, rows, columns, zip parts
and unpacked size, line length: kpis/exchange.py), checks every row as the chef's form does,
and saves all rows in one transaction or none, each error naming its row. A row whose code is
one of the organisation's own criteria changes it (a new version); a new code adds one.
"""

import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from kpis.exchange import ImportFileError, check_size, read_table, text_cell, to_csv, to_xlsx
from rladder.models import RStrategy

from .forms import CriterionForm
from .models import Criterion

# column -> model field
COLUMNS = {
    "code": "code",
    "titel": "title",
    "soort": "type",
    "r": "strategy",
    "ambitie": "ambition",
    "tekst": "text",
    "categorieen": "categories",
    "cpv": "cpv_codes",
    "verificatie": "evidence",
    "kpi": "kpi_name",
    "kpi_eenheid": "kpi_unit",
    "kpi_richting": "kpi_direction",
    "kpi_variabele": "kpi_variable",
    "juridisch": "legal_note",
    "bron": "source",
    "bron_url": "source_url",
    "licentie": "licence",
    "status": "status",
}
REQUIRED = ["code", "titel", "soort", "r", "tekst", "verificatie"]
MAX_ROWS = 1000
FORMATS = {"csv", "xlsx", "json"}


@dataclass
class ImportResult:
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    created: int = 0
    changed: int = 0


def export_rows(organisation) -> list[dict]:
    criteria = Criterion.objects.filter(organisation=organisation).select_related("strategy").order_by("code")
    rows = []
    for criterion in criteria:
        row = {}
        for column, name in COLUMNS.items():
            if name == "strategy":
                row[column] = criterion.strategy.code
            elif name == "categories":
                row[column] = "; ".join(criterion.category_names)
            else:
                row[column] = getattr(criterion, name)
        rows.append(row)
    return rows


def export(organisation, fmt: str) -> bytes:
    rows = export_rows(organisation)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2).encode()
    header = list(COLUMNS)
    table = [[row[column] for column in header] for row in rows]
    if fmt == "xlsx":
        return to_xlsx(_("Criteria"), header, table)
    return to_csv(header, table)


def _read_json(data: bytes) -> list[tuple[int, dict]]:
    check_size(data)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ImportFileError(_("Het bestand is geen geldige JSON (UTF-8).")) from None
    if not isinstance(document, list) or not all(isinstance(row, dict) for row in document):
        raise ImportFileError(_("Verwacht een JSON-lijst met per criterium een object."))
    if any(isinstance(value, dict | list) for row in document for value in row.values()):
        raise ImportFileError(_("Elk criterium is een object met tekstvelden, zonder geneste lijsten of objecten."))
    rows = []
    for number, row in enumerate(document, start=1):
        unknown = sorted(str(key)[:40] for key in row if key not in COLUMNS)
        if unknown:
            raise ImportFileError(
                _("Criterium %(n)s heeft onbekende velden: %(names)s. Gebruik: %(columns)s.")
                % {"n": number, "names": ", ".join(unknown[:5]), "columns": ", ".join(COLUMNS)}
            )
        rows.append((number, row))
    return rows


def read(name: str, data: bytes) -> list[tuple[int, dict]]:
    """(row number, {column: value}) per row of a CSV, XLSX or JSON file, or ImportFileError."""
    if name.lower().endswith(".json"):
        rows = _read_json(data)
        missing = sorted({c for _n, row in rows for c in REQUIRED if c not in row})
        if missing:
            raise ImportFileError(_("Ontbrekende velden: %(cols)s.") % {"cols": ", ".join(missing)})
    else:
        if not name.lower().endswith((".csv", ".xlsx")):
            raise ImportFileError(_("Kies een CSV-bestand (.csv), een Excel-bestand (.xlsx) of JSON (.json)."))
        header, table = read_table(name, data, list(COLUMNS), REQUIRED)
        rows = [
            (number, {column: cells[i] if i < len(cells) else None for i, column in enumerate(header) if column})
            for number, cells in table
        ]
    if not rows:
        raise ImportFileError(_("Het bestand bevat geen criteria."))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("Het bestand heeft meer dan %(max)s criteria. Splits het op.") % {"max": MAX_ROWS})
    return rows


def import_criteria(organisation, name: str, data: bytes) -> ImportResult:
    """Check every row; save all of them in one transaction, or none when any row is wrong."""
    rows = read(name, data)
    result = ImportResult(rows=len(rows))
    strategies = {s.code: s.pk for s in RStrategy.objects.all()}
    own = {c.code: c for c in Criterion.objects.filter(organisation=organisation)}
    seen: dict[str, int] = {}
    forms = []
    for number, row in rows:
        values = {column: text_cell(row.get(column)) for column in COLUMNS}
        code = values["code"].upper()
        if code in seen:
            result.errors.append(
                (number, _("code %(code)s staat al in rij %(row)s") % {"code": code, "row": seen[code]})
            )
            continue
        seen[code] = number
        data_row: dict[str, object] = {name: values[column] for column, name in COLUMNS.items()}
        data_row["strategy"] = strategies.get(values["r"].upper(), "")
        data_row["categories"] = "\n".join(part.strip() for part in values["categorieen"].split(";") if part.strip())
        data_row["ambition"] = values["ambitie"] or "1"
        data_row["status"] = values["status"] or Criterion.Status.PUBLISHED
        instance = own.get(code) or Criterion(organisation=organisation)
        form = CriterionForm(data_row, instance=instance, organisation=organisation)
        if not form.is_valid():
            for field_name, errors in form.errors.items():
                label = form.fields[field_name].label if field_name in form.fields else ""
                for error in errors:
                    result.errors.append((number, f"{label}: {error}" if label else str(error)))
            continue
        forms.append((form, code in own))
    if result.errors:
        return result
    with transaction.atomic():
        for form, existing in forms:
            form.save()
            if existing:
                result.changed += 1
            else:
                result.created += 1
    return result
