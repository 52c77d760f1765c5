"""Access helpers for KPIs and annual reports: called first in every view.

404 for anything outside the active organisation, 403 for members who may
see but not change it. The chef circulair manages the organisation's KPIs;
a contract KPI is managed by the trajectory's editing team (and the chef),
and its measurements are entered by the team's contractmanagers (and the chef).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from chefcirculair.access import require_membership
from procurement.access import can_edit_trajectory

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
    if kpi.is_contract:
        return kpi.trajectory.archived_at is None and can_edit_trajectory(membership, kpi.trajectory)
    return membership.can_manage_organisation


def get_managed_kpi_for_user(request: HttpRequest, pk: int) -> Kpi:
    kpi = get_kpi_for_user(request, pk)
    if not can_manage_kpi(kpi.viewer_membership, kpi):
        raise PermissionDenied
    return kpi


def get_measurable_kpi_for_user(request: HttpRequest, pk: int) -> Kpi:
    kpi = get_kpi_for_user(request, pk)
    if not kpi.can_enter_measurements(kpi.viewer_membership):
        raise PermissionDenied
    return kpi


def get_report_for_user(request: HttpRequest, pk: int) -> AnnualReport:
    membership = require_membership(request)
    report = AnnualReport.objects.filter(organisation_id=membership.organisation_id, pk=pk).first()
    if report is None:
        raise Http404("Jaarverslag niet gevonden")
    return report
