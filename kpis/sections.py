"""Contract KPIs on the trajectory page and in the dossier (procurement/extensions.py providers)."""

from django.db.models import OuterRef
from django.utils.translation import gettext as _

from lib.versions import latest_history
from organisations.access import active_membership

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


def trajectory_section(request, trajectory) -> dict:
    membership = active_membership(request)
    return {
        "id": SECTION_ID,
        "title": _("Contract-KPI's: beloofd en gerealiseerd"),
        "template": TEMPLATE,
        "context": section_context(trajectory, membership, links=True),
    }


def dossier_section(trajectory) -> dict | None:
    context = section_context(trajectory, links=False)
    if not context["summaries"]:
        return None
    return {
        "id": SECTION_ID,
        "title": _("Contract-KPI's: beloofd en gerealiseerd"),
        "template": TEMPLATE,
        "context": context,
    }


def dossier_version_sources() -> dict:
    """What the contract-KPI section of the dossier draws on, for its content version (procurement/documents.py)."""
    return {
        "kpis": latest_history(Kpi, trajectory_id=OuterRef("pk")),
        "kpi_targets": latest_history(TargetOverride, kpi__trajectory_id=OuterRef("pk")),
        "kpi_measurements": latest_history(Measurement, kpi__trajectory_id=OuterRef("pk")),
    }
