"""The measurement grid: one row per period in one scope, saved with optimistic versions.

The conflict rule is the same as for answers: every row carries the version
it was loaded with; saving with a stale version does not overwrite but shows
the stored value beside the user's, and the user saves again to overwrite.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chefcirculair.numbers import DutchNumberInput

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
        initial = {"version": measurement.version if measurement else 0}
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
    current = row.measurement.version if row.measurement else 0
    if (data.get("version") or 0) != current:
        if row.measurement is None:
            row.conflict_gone = True
        else:
            row.conflict = row.measurement
        return False
    if data.get("value") is None and (data.get("source") or data.get("note")):
        row.form.add_error("value", _("Vul een waarde in, of maak bron en toelichting ook leeg."))
        return False
    return True


def save(kpi: Kpi, row: GridRow, department, category, user) -> None:
    """Write one checked row: create, update (version + 1) or delete when the value was emptied."""
    data = row.form.cleaned_data
    if data.get("value") is None:
        if row.measurement:
            row.measurement.delete()
            row.measurement = None
            row.deleted = True
        return
    measurement = row.measurement or Measurement(
        kpi=kpi, year=row.year, quarter=row.quarter, department=department, category=category, version=0
    )
    measurement.value = data["value"]
    measurement.source = data.get("source", "")
    measurement.note = data.get("note", "")
    measurement.entered_by = user
    measurement.version += 1
    measurement.save()
    row.measurement = measurement
    row.saved = True


def save_rows(kpi: Kpi, rows: list[GridRow], department, category, user) -> bool:
    """Save all changed rows, or none when any row has an error or a conflict (True when saved)."""
    to_save = [row for row in rows if check(row)]
    if any(row.has_problem for row in rows):
        return False
    try:
        with transaction.atomic():
            # Re-check versions under a lock: another save may have landed since the page was read.
            locked = {
                (m.year, m.quarter): m
                for m in kpi.measurements.select_for_update().filter(department=department, category=category)
            }
            for row in to_save:
                current = locked.get((row.year, row.quarter))
                if (current.version if current else 0) != (row.measurement.version if row.measurement else 0):
                    row.conflict = current
                    row.conflict_gone = current is None
                    raise _Conflict
            for row in to_save:
                save(kpi, row, department, category, user)
    except (_Conflict, IntegrityError):
        # A row created by someone else at the same moment: show it as a conflict.
        fresh = stored(kpi, department, category)
        for row in to_save:
            row.saved = row.deleted = False
            if row.conflict is None and fresh.get((row.year, row.quarter)) is not None:
                current = fresh[(row.year, row.quarter)]
                if current.version != (row.form.cleaned_data.get("version") or 0):
                    row.conflict = current
        return False
    return True


class _Conflict(Exception):
    pass
