"""The dossier of a trajectory: an HTML page to read and print, and the archival PDF."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chefcirculair.models import Role
from chefcirculair.security import pdf_rate_limit

from ..access import can_edit_trajectory, get_trajectory_for_user
from ..dossier import build_dossier, dossier_queryset, html_to_pdf, pdf_filename, render_pdf_html
from ..models import TenderReference, Trajectory


@login_required
@require_GET
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    # Archived trajectories keep their dossier: it is the official record (read-only anyway).
    trajectory = get_trajectory_for_user(request, pk, dossier_queryset())
    context = build_dossier(trajectory)
    membership = trajectory.viewer_membership
    context["ocds_available"] = (
        Trajectory.objects.filter(organisation_id=trajectory.organisation_id, pk=trajectory.pk)
        .reached_tender()
        .exists()
    )
    context["tender_reference"] = TenderReference.objects.filter(trajectory=trajectory).first()
    context["can_link_tender"] = (
        trajectory.archived_at is None
        and membership.role in {Role.INKOPER, Role.CHEF_CIRCULAIR}
        and can_edit_trajectory(membership, trajectory)
    )
    return render(request, "procurement/dossier.html", context)


@login_required
@require_GET
def dossier_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = get_trajectory_for_user(request, pk, dossier_queryset())
    if refused := pdf_rate_limit(request):
        return refused
    pdf = html_to_pdf(render_pdf_html(trajectory))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(trajectory)}"'
    response["Cache-Control"] = "private, no-store"
    return response
