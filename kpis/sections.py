"""Contract KPIs on the trajectory page and in the dossier (registered in procurement/extensions.py)."""

from django.utils.translation import gettext as _

from lib.versions import Reads
from organisations.access import active_membership
from procurement.extensions import DossierSection, Section
from rladder.models import RStrategy

from . import dashboard
from .access import can_enter_measurements, can_manage_kpi
from .models import Kpi, Measurement, TargetOverride

SECTION_ID = "contract-kpis"
TEMPLATE = "kpis/includes/contract_kpis.html"


def contract_tables(trajectory, year: int | None = None) -> list[dashboard.KpiSummary]:
    """Per contract KPI of the trajectory: promised (target) and realised per contract year."""
    kpis = list(
        Kpi.objects.filter(trajectory=trajectory, scope=Kpi.Scope.CONTRACT).select_related("strategy", "trajectory")
    )
    overrides = dashboard.target_overrides(kpis)
    realised = Measurement.objects.realised(kpis)
    return [
        dashboard.summarise(k, year or k.goal_year, None, overrides[k.pk], realised=realised.values[k.pk], notes=[])
        for k in kpis
    ]


def section_context(trajectory, membership=None, *, links: bool) -> dict:
    summaries = contract_tables(trajectory)
    for summary in summaries:
        summary.can_manage = bool(membership) and can_manage_kpi(membership, summary.kpi)
        summary.can_measure = bool(membership) and can_enter_measurements(membership, summary.kpi)
    can_define = bool(membership) and links and trajectory.archived_at is None
    if can_define:
        from procurement.access import can_edit_trajectory

        can_define = can_edit_trajectory(membership, trajectory)
    return {"trajectory": trajectory, "summaries": summaries, "links": links, "can_define": can_define}


def trajectory_section(request, trajectory) -> Section:
    membership = active_membership(request)
    context = section_context(trajectory, membership, links=True)
    return Section(SECTION_ID, _("Contract-KPI's: beloofd en gerealiseerd"), TEMPLATE, context)


def dossier_sections(trajectory) -> list[Section]:
    context = section_context(trajectory, links=False)
    if not context["summaries"]:
        return []
    return [Section(SECTION_ID, _("Contract-KPI's: beloofd en gerealiseerd"), TEMPLATE, context)]


DOSSIER_SECTION = DossierSection(
    SECTION_ID,
    TEMPLATE,
    dossier_sections,
    (
        Reads(Kpi, trajectory_id="pk"),
        Reads(TargetOverride, kpi__trajectory_id="pk"),
        Reads(Measurement, kpi__trajectory_id="pk"),
        Reads(RStrategy),
    ),
)
