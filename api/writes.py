"""Writing a measurement through the API with the measurement grid's own rules (kpis.grid).

The row is checked and saved by the grid's code, so the API and the screen
cannot drift apart: the same Dutch number field, the same "value or nothing"
rule, the same versions. What the grid shows beside a row (a stale version, a
row deleted meanwhile), the API answers with 409 and the stored measurement.
"""

from django.utils.translation import gettext as _

from kpis import grid
from kpis.models import Kpi
from lib.numbers import format_input

from .errors import ApiError

INVALID = _("Het verzoek klopt niet: bekijk de fouten per veld.")


def _field_error(field: str, message) -> ApiError:
    return ApiError(400, str(INVALID), [{"veld": field, "melding": str(message)}])


def _scope(kpi: Kpi, body):
    """The department and category of the measurement, checked within the organisation."""
    department = category = None
    if body.afdeling is not None:
        if kpi.scope == Kpi.Scope.DEPARTMENT:
            raise _field_error("afdeling", _("Een afdelings-KPI meet je voor de afdeling als geheel: laat dit leeg."))
        department = kpi.organisation.departments.filter(pk=body.afdeling).first()
        if department is None:
            raise _field_error("afdeling", _("Deze afdeling bestaat niet in je organisatie."))
    if body.categorie is not None:
        if kpi.scope == Kpi.Scope.CATEGORY:
            raise _field_error("categorie", _("Een categorie-KPI meet je voor de categorie als geheel: laat dit leeg."))
        category = kpi.organisation.categories.filter(pk=body.categorie).first()
        if category is None:
            raise _field_error("categorie", _("Deze productcategorie bestaat niet in je organisatie."))
    return department, category


def write_measurement(kpi: Kpi, body, user):
    """Save one measurement; returns (status, measurement): 201 new, 200 changed or unchanged, 204 deleted.

    ``waarde`` null means "no measurement in this period": the stored one is
    deleted (with the version that was read, as an edit), whatever ``bron`` and
    ``toelichting`` say (a note without a value cannot be stored), and a period
    that has none is answered 204 as well. Raises ApiError: 400 for bad input,
    409 for a stale version.
    """
    if body.jaar not in kpi.years:
        raise _field_error(
            "jaar",
            _("Dit jaar valt buiten de looptijd van de KPI: %(first)s tot en met %(last)s.")
            % {"first": kpi.baseline_year, "last": kpi.goal_year},
        )
    department, category = _scope(kpi, body)
    prefix = f"r{body.jaar}q{body.kwartaal}"
    deleting = body.waarde is None
    form_data = {
        f"{prefix}-value": "" if deleting else format_input(body.waarde),
        # The grid refuses a note without a value; a delete through the API simply drops them.
        f"{prefix}-source": "" if deleting else body.bron,
        f"{prefix}-note": "" if deleting else body.toelichting,
        f"{prefix}-version": str(body.versie),
    }
    quarterly = body.kwartaal > 0
    row = grid.build_rows(kpi, department, category, quarterly, data=form_data, only=(body.jaar, body.kwartaal))[0]
    existed = row.measurement is not None
    saved = grid.save_rows(kpi, [row], department, category, user)
    if row.conflict is not None or row.conflict_gone:
        raise _conflict(row)
    if not saved:
        errors = [
            {"veld": _FIELDS.get(name, name), "melding": str(message)}
            for name, messages in row.form.errors.items()
            for message in messages
        ] + [{"veld": "", "melding": str(message)} for message in row.errors]
        raise ApiError(400, str(INVALID), errors)
    if row.deleted or row.measurement is None:  # deleted, or nothing stored and nothing to store
        return 204, None
    return (201 if row.saved and not existed else 200), row.measurement


_FIELDS = {"value": "waarde", "source": "bron", "note": "toelichting", "version": "versie"}


def _conflict(row) -> ApiError:
    from . import data

    current = row.conflict
    error = ApiError(
        409,
        _(
            "Iemand anders heeft deze meting gewijzigd of verwijderd sinds je versie %(version)s las. "
            "Bekijk de huidige meting en stuur opnieuw met haar versie."
        )
        % {"version": row.form.cleaned_data.get("version") or 0},
    )
    error.extra = {"huidige": data.measurement_row(current) if current is not None else None}
    return error
