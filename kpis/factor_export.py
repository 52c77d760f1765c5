"""Export of the shared impact factors (CSV/XLSX, formula-escaped), linked from "Bronnen en methode".

It lives in kpis because the export helpers (``kpis.exchange``) do; rladder may not import kpis.
"""

from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from lib.formatting import numbers_in
from lib.http import XLSX_TYPE, attachment
from lib.numbers import format_input
from rladder.models import ImpactFactor

from . import exchange

HEADER = [
    "sleutel",
    "categorie",
    "item",
    "eenheid",
    "kg co2e per eenheid",
    "kg materiaal per eenheid",
    "levensduur (jaren)",
    "onzekerheid laag",
    "onzekerheid hoog",
    "onzekerheid (%)",
    "systeemgrens",
    "toelichting systeemgrens",
    "grove schatting (per euro)",
    "bron",
    "vindplaats bron",
    "jaar bron",
    "licentie",
    "toelichting",
]


def _number(value: Decimal | None, for_csv: bool):
    if value is None:
        return ""
    if not for_csv:
        return value
    with numbers_in("nl"):  # files are Dutch in every interface language (kpis/exchange.py)
        return exchange.CsvNumber(format_input(value))


def factor_rows(for_csv: bool) -> list[list]:
    rows = []
    for f in ImpactFactor.objects.order_by("category_nl", "item_nl"):
        rows.append(
            [
                f.key,
                f.category_nl,
                f.item_nl,
                f.get_unit_display(),
                _number(f.kg_co2e_per_unit, for_csv),
                _number(f.kg_material_per_unit, for_csv),
                _number(f.lifetime_years, for_csv),
                _number(f.uncertainty_low, for_csv),
                _number(f.uncertainty_high, for_csv),
                _number(f.uncertainty_percent, for_csv),
                f.get_system_boundary_display() if f.system_boundary else "",
                f.system_boundary_note,
                "ja" if f.is_spend_based else "nee",
                f.source_name,
                f.source_url,
                f.source_year or "",
                f.licence,
                f.note,
            ]
        )
    return rows


@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Public, like the page it belongs to: the shared factors hold no organisation data."""
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    rows = factor_rows(for_csv=fmt == "csv")
    if fmt == "csv":
        return attachment(exchange.to_csv(HEADER, rows), "text/csv; charset=utf-8", "impactfactoren.csv")
    return attachment(exchange.to_xlsx("impactfactoren", HEADER, rows), XLSX_TYPE, "impactfactoren.xlsx")
