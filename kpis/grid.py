"""The measurement grid: one row per period in one scope, saved with optimistic versions.

The conflict rule is the same as for answers: every row carries the version
it was loaded with; saving with a stale version does not overwrite but shows
the stored value beside the user's, and the user saves again to overwrite.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lib.numbers import DutchNumberInput
from procurement.models import EditConflict

from .forms import MeasurementRowForm
from .models import Kpi, Measurement


@dataclass
class GridRow:
    year: int
    quarter: int
    target: object
    measurement: Measurement | None
    form: MeasurementRowForm
    conflict: Measurement | None = None
    conflict_gone: bool = False
    saved: bool = False
    deleted: bool = False
    errors: list[str] = field(default_factory=list)
    reading: str | None = None  # how a value typed with separators was read ("10.000"), shown beside it

    @property
    def key(self) -> str:
        return f"{self.year}-{self.quarter}"

    @property
    def prefix(self) -> str:
        return f"r{self.year}q{self.quarter}"

    @property
    def label(self) -> str:
        return f"{self.year} K{self.quarter}" if self.quarter else str(self.year)

    @property
    def has_problem(self) -> bool:
        return bool(self.conflict or self.conflict_gone or self.errors or self.form.errors)

    @property
    def form_version(self) -> int:
        """The version the next save must carry: after a conflict, the stored one (so it overwrites)."""
        if self.conflict:
            return self.conflict.version
        if self.conflict_gone:
            return 0
        if self.form.is_bound and not self.saved and not self.deleted:
            return self.form.cleaned_data.get("version") or 0 if self.form.is_valid() else self._initial_version
        return self.measurement.version if self.measurement else 0

    @property
    def _initial_version(self) -> int:
        return self.measurement.version if self.measurement else 0


def parse_row_key(kpi: Kpi, key: str, quarterly: bool) -> tuple[int, int] | None:
    """A row key "2025-0" as (year, quarter), or None when it is not a period of this KPI's grid."""
    try:
        year_text, quarter_text = key.split("-")
        year, quarter = int(year_text), int(quarter_text)
    except ValueError:
        return None
    if year not in kpi.years:
        return None
    if quarter not in ((1, 2, 3, 4) if quarterly else (0,)):
        return None
    return year, quarter


def periods(kpi: Kpi, quarterly: bool) -> list[tuple[int, int]]:
    quarters = (1, 2, 3, 4) if quarterly else (0,)
    return [(year, quarter) for year in kpi.years for quarter in quarters]


def stored(kpi: Kpi, department, category) -> dict[tuple[int, int], Measurement]:
    rows = kpi.measurements.filter(department=department, category=category).select_related("entered_by")
    return {(m.year, m.quarter): m for m in rows}


def build_rows(kpi: Kpi, department, category, quarterly: bool, data=None, only=None) -> list[GridRow]:
    """Grid rows for every period (or only ``only``), bound to ``data`` when given."""
    existing = stored(kpi, department, category)
    targets = {t.year: t for t in kpi.targets()}
    rows = []
    for year, quarter in [only] if only else periods(kpi, quarterly):
        measurement = existing.get((year, quarter))
        initial: dict[str, object] = {"version": measurement.version if measurement else 0}
        if measurement:
            initial.update(value=measurement.value, source=measurement.source, note=measurement.note)
        prefix = f"r{year}q{quarter}"
        # Rows absent from the POST (e.g. a partial submit) stay unbound and are left alone.
        bound = data if data is not None and f"{prefix}-version" in data else None
        form = MeasurementRowForm(data=bound, initial=initial, prefix=prefix)
        rows.append(GridRow(year, quarter, targets.get(year), measurement, form))
    return rows


def check(row: GridRow) -> bool:
    """Validate a bound row; True when it has something to save and no problem."""
    if not row.form.is_bound or not row.form.is_valid():
        return False
    row.reading = DutchNumberInput.reading_of(row.form["value"].data)
    data = row.form.cleaned_data
    if not row.form.changed_from(row.measurement):
        return False
    if row.measurement is None and (data.get("version") or 0) != 0:
        row.conflict_gone = True  # deleted by someone else since the page was read
        return False
    if data.get("value") is None and (data.get("source") or data.get("note")):
        row.form.add_error("value", _("Vul een waarde in, of maak bron en toelichting ook leeg."))
        return False
    return True


def save(kpi: Kpi, row: GridRow, department, category, user) -> None:
    """Write one checked row: create, edit (a VersionedEdit) or delete when the value was emptied.

    Raises EditConflict when someone else saved the row since the version the form carries.
    """
    data = row.form.cleaned_data
    base_version = data.get("version") or 0
    measurement = row.measurement
    if data.get("value") is None:
        if measurement:
            # Delete only the version the user saw: the same rule as an edit.
            if (
                measurement.version != base_version
                or not (Measurement.objects.filter(pk=measurement.pk, kpi_id=kpi.pk, version=base_version).delete()[0])
            ):
                raise EditConflict(measurement, {}, base_version)
            row.measurement = None
            row.deleted = True
        return
    values = {"value": data["value"], "source": data.get("source", ""), "note": data.get("note", "")}
    if measurement is None:
        # A row created by someone else at the same moment fails the unique constraint.
        row.measurement = Measurement.objects.create(
            kpi=kpi,
            year=row.year,
            quarter=row.quarter,
            department=department,
            category=category,
            entered_by=user,
            version=1,
            **values,
        )
        row.saved = True
        return
    row.saved = measurement.apply_edit(user=user, values=values, base_version=base_version)


def save_rows(kpi: Kpi, rows: list[GridRow], department, category, user) -> bool:
    """Save all changed rows, or none when any row has an error or a conflict (True when saved)."""
    to_save = [row for row in rows if check(row)]
    if any(row.has_problem for row in rows):
        return False
    try:
        with transaction.atomic():
            conflicts = False
            for row in to_save:
                try:
                    save(kpi, row, department, category, user)
                except EditConflict:
                    row.conflict = row.measurement  # the stored row is read again below
                    conflicts = True
            if conflicts:
                raise _Conflict
    except (_Conflict, IntegrityError):
        # Nothing was written. Show every row someone else changed, created or deleted meanwhile.
        fresh = stored(kpi, department, category)
        for row in to_save:
            current = fresh.get((row.year, row.quarter))
            base_version = row.form.cleaned_data.get("version") or 0
            if row.conflict is not None or (current is not None and current.version != base_version):
                row.conflict, row.conflict_gone = current, current is None
            row.measurement, row.saved, row.deleted = current, False, False
        return False
    return True


class _Conflict(Exception):
    pass
