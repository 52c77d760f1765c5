"""CSV and XLSX import of measurements (all or nothing) and exports of KPIs, targets and measurements.

Exports neutralise spreadsheet formulas: a text cell starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe,
so a name like ``=HYPERLINK(...)`` is shown as text, never run.

Numbers in the files are Dutch ("12,5") whatever the interface language: a file goes
from one person to another (and to Dutch Excel), so it is written and read inside
``numbers_in("nl")``.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.formatting import numbers_in
from lib.numbers import DutchNumberInput, format_input
from organisations.models import Organisation

from .forms import MeasurementRowForm
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
    # (line, as typed, as read) for every value typed with separators: the report says how they were read.
    readings: list[tuple[int, str, str]] = field(default_factory=list)


class CsvNumber(str):
    """A number already formatted for CSV ("-12,5"): a value, never a formula."""


def neutralise(value):
    """Escape text that a spreadsheet would run as a formula; numbers and dates pass unchanged."""
    if isinstance(value, str) and not isinstance(value, CsvNumber) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# --- reading ---------------------------------------------------------------
#
# An uploaded file is hostile until read: every limit below is checked while
# reading, so a small file that declares or unpacks to something huge is refused
# before it costs memory (a zip bomb, a sheet dimension of A1:XFD1048576, a CSV
# line of megabytes or with thousands of columns).

MAX_COLUMNS = 50  # the import has 9 columns; more is not a measurement file
MAX_SHEET_ROWS = 100_000  # a worksheet row beyond this is refused (blank rows included)
MAX_LINE_CHARS = 20_000  # one CSV line: kpi, bron (300) and toelichting (2000) fit many times over
MAX_XLSX_MEMBERS = 200  # an Excel file has a dozen or two parts
MAX_XLSX_UNCOMPRESSED = 25 * 1024 * 1024  # 10,000 rows unpack to a few MB


def _max_bytes() -> int:
    return settings.KPI_IMPORT_MAX_BYTES


def _too_many_rows() -> ImportFileError:
    return ImportFileError(_("Het bestand heeft meer dan %(max)s regels. Splits het op.") % {"max": MAX_ROWS})


def _too_many_columns() -> ImportFileError:
    return ImportFileError(
        _("Het bestand heeft meer dan %(max)s kolommen. Gebruik de kolommen: %(columns)s.")
        % {"max": MAX_COLUMNS, "columns": ", ".join(COLUMNS)}
    )


def _is_blank(row) -> bool:
    # count() runs in C: a sheet's padding rows (all None) are skipped fast.
    return row.count(None) == len(row) or all(cell in (None, "") for cell in row)


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
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
    # Every physical line is checked before the csv module splits it into cells.
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise ImportFileError(
                _("Regel %(line)s is langer dan %(max)s tekens. Is dit wel een bestand met metingen?")
                % {"line": number, "max": MAX_LINE_CHARS}
            )
    first_line = text[: MAX_LINE_CHARS + 2].split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if len(record) > MAX_COLUMNS:
                raise _too_many_columns()
            if _is_blank(record):
                continue
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
            rows.append((number, record))
    except csv.Error:
        raise ImportFileError(
            _("Het CSV-bestand is niet te lezen (bijvoorbeeld een cel van meer dan %(max)s tekens).")
            % {"max": csv.field_size_limit()}
        ) from None
    return rows


def _check_zip(data: bytes) -> None:
    """Refuse an .xlsx whose parts are too many or unpack too large, before openpyxl opens it."""
    from zipfile import BadZipFile, ZipFile

    try:
        with ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (BadZipFile, OSError, ValueError):
        raise ImportFileError(_("Dit is geen geldig Excel-bestand (.xlsx).")) from None
    # zipfile never unpacks more than a member's declared size (a larger stream fails its check),
    # so the declared sizes bound what reading the workbook can cost.
    if len(members) > MAX_XLSX_MEMBERS or sum(m.file_size for m in members) > MAX_XLSX_UNCOMPRESSED:
        raise ImportFileError(
            _(
                "Dit Excel-bestand is uitgepakt te groot (meer dan %(size)s MB). "
                "Sla alleen de metingen op in een nieuw bestand."
            )
            % {"size": MAX_XLSX_UNCOMPRESSED // (1024 * 1024)}
        )


def _read_xlsx(data: bytes) -> list[tuple[int, list]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except (BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise ImportFileError(_("Dit is geen geldig Excel-bestand (.xlsx).")) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("Het bestand is leeg."))
        sheet = workbook.worksheets[0]
        # The dimension in the file is not trusted: read row by row, never wider or longer than the limits.
        sheet.reset_dimensions()
        rows: list[tuple[int, list]] = []
        cells = sheet.iter_rows(max_row=MAX_SHEET_ROWS + 1, max_col=MAX_COLUMNS + 1, values_only=True)
        for number, row in enumerate(cells, start=1):
            if number > MAX_SHEET_ROWS:
                raise ImportFileError(
                    _("Het werkblad loopt door tot voorbij regel %(max)s. Verwijder de lege regels of splits het op.")
                    % {"max": MAX_SHEET_ROWS}
                )
            if len(row) > MAX_COLUMNS and row[MAX_COLUMNS] not in (None, ""):
                raise _too_many_columns()
            if _is_blank(row):
                continue
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
            rows.append((number, list(row[:MAX_COLUMNS])))
        return rows
    except (BadZipFile, KeyError, ValueError, OSError, TypeError, SyntaxError):
        # A part that does not parse (e.g. broken sheet XML).
        raise ImportFileError(_("Dit is geen geldig Excel-bestand (.xlsx).")) from None
    finally:
        workbook.close()


def read_table(
    name: str, data: bytes, columns: list[str] = COLUMNS, required: list[str] = REQUIRED
) -> tuple[list[str], list[tuple[int, list]]]:
    """The header (lower case) and the (line number, cells) of the non-blank data rows of an upload.

    ``columns`` and ``required`` are the measurement import's unless another import passes its own.
    """
    check_size(data)
    if name.lower().endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.lower().endswith(".csv"):
        rows = _read_csv(data)
    else:
        raise ImportFileError(_("Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)."))
    if not rows:
        raise ImportFileError(_("Het bestand is leeg."))
    header = [str(cell or "").strip().lower() for cell in rows[0][1]]
    while header and header[-1] == "":
        header.pop()
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in columns]
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
            % {"problems": "; ".join(problems), "columns": ", ".join(columns)}
        )
    if len(rows) - 1 > MAX_ROWS:
        raise _too_many_rows()
    return header, rows[1:]


# --- validating and importing -------------------------------------------------


def check_size(data: bytes) -> None:
    """Refuse an upload over the import limit (``KPI_IMPORT_MAX_BYTES``)."""
    if len(data) > _max_bytes():
        raise ImportFileError(
            _("Het bestand is te groot: hoogstens %(size)s MB.") % {"size": _max_bytes() // (1024 * 1024)}
        )


def text_cell(value) -> str:
    """A cell as text: empty for nothing, 12.0 read as "12", spaces stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _int(value) -> int:
    text = text_cell(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return int(text)


MAX_READINGS_REPORTED = 20


def readings_report(readings: list[tuple[int, str, str]]) -> str:
    """How the import read values typed with separators: "regel 2: ‘10.000’ als 10.000; …"."""
    parts = [
        _("regel %(line)s: ‘%(typed)s’ als %(shown)s") % {"line": line, "typed": typed, "shown": shown}
        for line, typed, shown in readings[:MAX_READINGS_REPORTED]
    ]
    if len(readings) > MAX_READINGS_REPORTED:
        parts.append(_("en %(count)s andere") % {"count": len(readings) - MAX_READINGS_REPORTED})
    return _("Zo zijn de getallen met punten of spaties gelezen (een komma is het decimaalteken): %(parts)s.") % {
        "parts": "; ".join(parts)
    }


class _RowChecker:
    """Reads one import row into a Measurement, or says what is wrong with it (Dutch, per column)."""

    def __init__(self, organisation: Organisation) -> None:
        kpis = list(Kpi.objects.for_organisation(organisation))
        self.by_id = {str(k.pk): k for k in kpis}
        self.by_name: dict[str, list[Kpi]] = {}
        for kpi in kpis:
            self.by_name.setdefault(kpi.name.strip().lower(), []).append(kpi)
        self.departments = {d.name.strip().lower(): d for d in organisation.departments.all()}
        self.categories = {c.name.strip().lower(): c for c in organisation.categories.all()}
        self.existing = set(
            Measurement.objects.filter(kpi__organisation=organisation).values_list(
                "kpi_id", "year", "quarter", "department_id", "category_id"
            )
        )
        self.seen: dict[tuple, int] = {}

    def kpi(self, cells, problems) -> Kpi | None:
        kpi_text = text_cell(cells.get("kpi"))
        matches = [self.by_id[kpi_text]] if kpi_text in self.by_id else self.by_name.get(kpi_text.lower(), [])
        if not kpi_text:
            problems.append(_("de kolom kpi is leeg"))
        elif not matches:
            problems.append(_("onbekende KPI ‘%(kpi)s’") % {"kpi": kpi_text})
        elif len(matches) > 1:
            problems.append(_("meerdere KPI's heten ‘%(kpi)s’; gebruik het KPI-nummer") % {"kpi": kpi_text})
        return matches[0] if len(matches) == 1 else None

    def period(self, cells, kpi, problems) -> tuple[int | None, int | None]:
        year = quarter = None
        try:
            year = _int(cells.get("jaar"))
        except (TypeError, ValueError):
            problems.append(_("het jaar ‘%(value)s’ is geen jaartal") % {"value": text_cell(cells.get("jaar"))})
        if kpi and year is not None and year not in kpi.years:
            problems.append(
                _("het jaar %(year)s valt buiten de looptijd van de KPI (%(start)s–%(end)s)")
                % {"year": year, "start": kpi.baseline_year, "end": kpi.goal_year}
            )
        quarter_text = text_cell(cells.get("kwartaal")).upper().removeprefix("K").removeprefix("Q")
        try:
            quarter = int(quarter_text) if quarter_text else 0
            if quarter not in (0, 1, 2, 3, 4):
                raise ValueError
        except ValueError:
            quarter = None
            problems.append(_("het kwartaal moet leeg zijn of 1 tot en met 4"))
        return year, quarter

    def scope(self, cells, column: str, known: dict, message, problems):
        if not (name := text_cell(cells.get(column))):
            return None
        found = known.get(name.lower())
        if found is None:
            problems.append(message % {"name": name})
        return found

    def unit(self, cells, kpi, problems) -> None:
        unit = text_cell(cells.get("eenheid"))
        if kpi and unit and unit.lower() != kpi.unit.strip().lower():
            problems.append(
                _("de eenheid ‘%(unit)s’ past niet bij de KPI (verwacht: %(expected)s)")
                % {"unit": unit, "expected": kpi.unit}
            )

    def values(self, cells, problems) -> tuple[MeasurementRowForm, object]:
        """Value, bron and toelichting: the same form (and so the same limits) as the measurement grid."""
        value_cell = cells.get("waarde")
        if isinstance(value_cell, str):
            value_cell = value_cell.strip()
        form = MeasurementRowForm(
            data={
                "value": value_cell,
                "source": text_cell(cells.get("bron")),
                "note": text_cell(cells.get("toelichting")),
            }
        )
        form.is_valid()
        for error in form.errors.get("value", []):
            problems.append(_("de waarde ‘%(value)s’: %(error)s") % {"value": text_cell(value_cell), "error": error})
        for name, column in (("source", "bron"), ("note", "toelichting")):
            for error in form.errors.get(name, []):
                problems.append(_("de %(column)s: %(error)s") % {"column": column, "error": error})
        if form.cleaned_data.get("value") is None and "value" not in form.errors:
            problems.append(_("de waarde is leeg"))
        return form, value_cell

    def unique(self, key: tuple, number: int, problems) -> None:
        if key in self.existing:
            problems.append(_("er is al een meting voor deze KPI in deze periode en dit bereik"))
        elif key in self.seen:
            problems.append(_("dezelfde KPI, periode en bereik staan ook op regel %(line)s") % {"line": self.seen[key]})
        else:
            self.seen[key] = number

    def read(self, number: int, cells: dict, user, result: ImportResult) -> Measurement | None:
        problems: list = []
        kpi = self.kpi(cells, problems)
        year, quarter = self.period(cells, kpi, problems)
        department = self.scope(cells, "afdeling", self.departments, _("onbekende afdeling ‘%(name)s’"), problems)
        category = self.scope(cells, "categorie", self.categories, _("onbekende productcategorie ‘%(name)s’"), problems)
        self.unit(cells, kpi, problems)
        form, value_cell = self.values(cells, problems)
        if not problems:
            assert kpi is not None  # read without a problem
            key = (kpi.pk, year, quarter, department.pk if department else None, category.pk if category else None)
            self.unique(key, number, problems)
        if form.cleaned_data.get("value") is not None and (shown := DutchNumberInput.reading_of(value_cell)):
            result.readings.append((number, text_cell(value_cell), shown))
        if problems:
            result.errors.append((number, "; ".join(str(p) for p in problems)))
            return None
        assert kpi is not None and year is not None and quarter is not None  # read without a problem
        return Measurement(
            kpi=kpi,
            year=year,
            quarter=quarter,
            department=department,
            category=category,
            value=form.cleaned_data["value"],
            source=form.cleaned_data["source"],
            note=form.cleaned_data["note"],
            entered_by=user,
        )


def import_measurements(organisation, name: str, data: bytes, user) -> ImportResult:
    """Validate every row; import all rows in one transaction, or none when any row is wrong."""
    with numbers_in("nl"):  # the file's numbers are Dutch in every interface language
        return _import_measurements(organisation, name, data, user)


def _import_measurements(organisation, name: str, data: bytes, user) -> ImportResult:
    header, rows = read_table(name, data)
    checker = _RowChecker(organisation)
    result = ImportResult(rows=len(rows))
    new = []
    for number, raw in rows:
        cells = {column: raw[i] if i < len(raw) else None for i, column in enumerate(header) if column}
        if (measurement := checker.read(number, cells, user, result)) is not None:
            new.append(measurement)
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
    if not for_csv:
        return value
    with numbers_in("nl"):
        return CsvNumber(format_input(value))


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
        "bron van de cijfers",
        "berekend cijfer",
        "gepland of gerealiseerd",
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
                kpi.get_source_display(),
                kpi.get_effect_measure_display() if kpi.from_trajectories else "",
                kpi.get_effect_basis_display() if kpi.from_trajectories else "",
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
                # A name, never the user name (an e-mail address): exports leave the app, as the API does.
                (m.entered_by.get_full_name() or _("onbekend")) if m.entered_by else "",
                entered_at.strftime("%Y-%m-%d %H:%M") if for_csv else entered_at.replace(tzinfo=None),
            ]
        )
    return header, rows


def _rounded(value: Decimal | None) -> Decimal | None:
    """A derived figure (a total divided by the term) to three decimals, like the stored totals."""
    return None if value is None else value.quantize(Decimal("0.001"))


def _source_text(name: str, url: str, year, licence: str) -> str:
    parts = [name or url]
    if year:
        parts[0] = f"{parts[0]} ({year})"
    if url and name:
        parts.append(url)
    if licence:
        parts.append(_("licentie: %(licence)s") % {"licence": licence})
    return ", ".join(p for p in parts if p)


def effect_rows(organisation, for_csv: bool) -> tuple[list[str], list[list]]:
    """The stored effect of every trajectory (over the term and per year), with the sources of its factors."""
    from procurement.models import ImpactLine

    from .effects import effect_rows as stored_effects
    from .effects import trajectory_status_label

    header = [
        "traject nummer",
        "traject",
        "status",
        "r-strategie",
        "categorie",
        "afdeling",
        "eerste jaar",
        "looptijd (jaren)",
    ]
    measures = [("kg_material", "kg materiaal"), ("kg_co2e", "kg co2e"), ("eur", "euro")]
    for basis_label in ("gepland", "gerealiseerd"):
        for measure, label in measures:
            header += [f"{label} vermeden {basis_label} (looptijd)", f"{label} vermeden {basis_label} per jaar"]
            if measure == "kg_co2e":
                header += [f"kg co2e vermeden {basis_label} laag", f"kg co2e vermeden {basis_label} hoog"]
    header += ["regels zonder factor", "grove schatting (factor per euro)", "bronnen van de factoren"]
    rows = stored_effects(organisation)
    sources: dict[int, list[str]] = {}
    lines = (
        ImpactLine.objects.for_organisation(organisation)
        .filter(trajectory_id__in=[r.trajectory_id for r in rows])
        .exclude(unit="")
        .order_by("trajectory_id", "item_nl", "source_name")
        .values_list("trajectory_id", "item_nl", "source_name", "source_url", "source_year", "licence")
        .distinct()
    )
    for trajectory_id, item, name, url, year, licence in lines:
        text = _source_text(name, url, year, licence) or _("geen bron opgegeven")
        entry = f"{item}: {text}"
        if entry not in sources.setdefault(trajectory_id, []):
            sources[trajectory_id].append(entry)
    result = []
    for row in rows:
        cells = [
            row.trajectory_id,
            row.title,
            trajectory_status_label(row.status),
            row.strategy_code or "",
            row.category_name or "",
            row.department_name or "",
            row.first_year or "",
            _number(row.term_years, for_csv),
        ]
        for basis in ("planned", "realised"):
            for measure, _label in measures:
                cells += [
                    _number(row.total(basis, measure), for_csv),
                    _number(_rounded(row.per_year(basis, measure)), for_csv),
                ]
                if measure == "kg_co2e":
                    cells += [
                        _number(row.total(basis, "kg_co2e_low"), for_csv),
                        _number(row.total(basis, "kg_co2e_high"), for_csv),
                    ]
        cells += [
            row.lines_without_factor,
            _("ja") if row.uses_spend_based else _("nee"),
            "; ".join(sources.get(row.trajectory_id, [])),
        ]
        result.append(cells)
    return header, result


def effect_line_rows(organisation, for_csv: bool) -> tuple[list[str], list[list]]:
    """Every line of reference, plan and realisation with the factor values it used and their source."""
    from procurement.models import ImpactLine

    header = [
        "traject nummer",
        "traject",
        "scenario",
        "omschrijving",
        "hoeveelheid (looptijd)",
        "eenheid",
        "gewicht per stuk (kg)",
        "prijs per eenheid (euro)",
        "factor",
        "categorie van de factor",
        "eenheid van de factor",
        "kg co2e per eenheid",
        "kg materiaal per eenheid",
        "onzekerheid laag",
        "onzekerheid hoog",
        "onzekerheid (%)",
        "kg materiaal",
        "kg co2e",
        "euro",
        "melding",
        "bron",
        "vindplaats bron",
        "jaar bron",
        "licentie",
        "systeemgrens",
        "factorwaarden vastgelegd op",
    ]
    lines = (
        ImpactLine.objects.for_organisation(organisation)
        .filter(trajectory__archived_at__isnull=True)
        .select_related("trajectory")
        .order_by("trajectory__title", "trajectory_id", "scenario", "position", "pk")
    )
    rows = []
    for line in lines:
        figures = line.figures
        when = timezone.localtime(line.snapshot_at) if line.snapshot_at else None
        rows.append(
            [
                line.trajectory_id,
                line.trajectory.title,
                line.get_scenario_display(),
                line.description,
                _number(line.quantity, for_csv),
                line.get_quantity_unit_display(),
                _number(line.unit_weight_kg, for_csv),
                _number(line.unit_price_eur, for_csv),
                line.item_nl or _("geen factor"),
                line.category_nl,
                line.get_unit_display() if line.unit else "",
                _number(line.kg_co2e_per_unit, for_csv),
                _number(line.kg_material_per_unit, for_csv),
                _number(line.uncertainty_low, for_csv),
                _number(line.uncertainty_high, for_csv),
                _number(line.uncertainty_percent, for_csv),
                _number(figures.kg_material, for_csv),
                _number(figures.kg_co2e, for_csv),
                _number(figures.eur, for_csv),
                figures.unit_error or "",
                line.source_name,
                line.source_url,
                line.source_year or "",
                line.licence,
                line.get_system_boundary_display() if line.system_boundary else "",
                ("" if when is None else when.strftime("%Y-%m-%d %H:%M") if for_csv else when.replace(tzinfo=None)),
            ]
        )
    return header, rows


EXPORTS = {
    "kpis": kpi_rows,
    "doelen": target_rows,
    "metingen": measurement_rows,
    "effecten": effect_rows,
    "effectregels": effect_line_rows,
}


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
