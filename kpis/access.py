"""Access helpers for KPIs and annual reports: called first in every view.

404 for anything outside the active organisation, 403 for members who may
see but not change it. The chef circulair manages the organisation's KPIs;
a contract KPI is managed by the trajectory's editing team (and the chef),
and its measurements are entered by the team's contractmanagers (and the chef).
Team roles are read through procurement.access.team_role only, so a team role
never grants more than the organisation role allows.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from organisations.access import require_membership
from procurement.access import can_edit_trajectory, team_role
from procurement.models import TrajectoryMember

from .models import AnnualReport, Kpi


def get_kpi_for_user(request: HttpRequest, pk: int) -> Kpi:
    membership = require_membership(request)
    kpi = (
        Kpi.objects.select_related("strategy", "department", "category", "trajectory")
        .filter(organisation_id=membership.organisation_id, pk=pk)
        .first()
    )
    if kpi is None:
        raise Http404("KPI niet gevonden")
    kpi.viewer_membership = membership
    return kpi


def can_manage_kpi(membership, kpi: Kpi) -> bool:
    trajectory = kpi.trajectory if kpi.is_contract else None  # a contract KPI has one (a constraint)
    if trajectory is not None:
        return trajectory.archived_at is None and can_edit_trajectory(membership, trajectory)
    return membership.can_manage_organisation


def can_enter_measurements(membership, kpi: Kpi) -> bool:
    """The chef circulair enters all measurements; the team's contractmanagers those of a contract KPI."""
    if membership is None or membership.organisation_id != kpi.organisation_id:
        return False
    if membership.can_manage_organisation and membership.can_edit_dossiers:
        return True
    trajectory = kpi.trajectory if kpi.is_contract else None  # a contract KPI has one (a constraint)
    if trajectory is None or trajectory.archived_at is not None:
        return False
    return team_role(membership, trajectory) == TrajectoryMember.TeamRole.CONTRACTMANAGER


def get_managed_kpi_for_user(request: HttpRequest, pk: int) -> Kpi:
    kpi = get_kpi_for_user(request, pk)
    if not can_manage_kpi(kpi.viewer_membership, kpi):
        raise PermissionDenied
    return kpi


def get_measurable_kpi_for_user(request: HttpRequest, pk: int) -> Kpi:
    kpi = get_kpi_for_user(request, pk)
    if not can_enter_measurements(kpi.viewer_membership, kpi):
        raise PermissionDenied
    return kpi


def get_report_for_user(request: HttpRequest, pk: int) -> AnnualReport:
    membership = require_membership(request)
    report = AnnualReport.objects.filter(organisation_id=membership.organisation_id, pk=pk).first()
    if report is None:
        raise Http404("Jaarverslag niet gevonden")
    return report
