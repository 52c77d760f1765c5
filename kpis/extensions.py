"""What higher apps add to the KPI pages (lib/extension_points.py).

Kpis may not import the apps above it, yet a contract's KPIs and the annual report show
their data: the criteria app shows the promises of a recorded award and the sanctions
they cost. Those apps register in their ``AppConfig.ready()``:

- ``contract_sections``: ``(request, trajectory) -> Section | None``, on a trajectory's
  contract KPIs page, after the KPIs;
- ``report_sections``: ``(organisation, year) -> Section | None``, in the annual report
  (its page and PDF), after the results per KPI.
"""

from collections.abc import Callable

from lib.extension_points import ExtensionPoint
from procurement.extensions import Section

contract_sections: ExtensionPoint[Callable[..., Section | None]] = ExtensionPoint("contract KPIs page sections")
report_sections: ExtensionPoint[Callable[..., Section | None]] = ExtensionPoint("annual report sections")


def sections_of(point: ExtensionPoint, *args) -> list[Section]:
    return [section for build in point if (section := build(*args)) is not None]
