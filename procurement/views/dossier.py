"""The dossier of a trajectory: an HTML page to read and print, and the archival PDF.

The PDF of each content version is made once and stored (procurement/dossier_pdfs.py):
an unchanged dossier is streamed from storage, a changed one is made by the task
worker while a status page polls for it (or in the request when no worker runs).
The PDF is in the language of whoever asks for it (one stored PDF per language).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from accounts.security import pdf_rate_limit
from lib import language as languages
from lib import stored_files as stored
from lib.http import HtmxHttpRequest
from organisations.access import require_membership
from organisations.models import Role

from ..access import can_edit_trajectory, get_trajectory_for_user
from ..dossier import build_dossier, dossier_queryset, pdf_filename
from ..dossier_pdfs import content_version, current_document, needs_request, request_document, stored_download
from ..models import Trajectory


def _trajectory_with_version(request: HttpRequest, pk: int, queryset=None):
    if queryset is None:
        queryset = Trajectory.objects.select_related("organisation")
    trajectory = get_trajectory_for_user(request, pk, queryset)
    version = content_version(trajectory, languages.current())
    return trajectory, version


@login_required
@require_GET
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    # Archived trajectories keep their dossier: it is the official record (read-only anyway).
    trajectory, version = _trajectory_with_version(request, pk, dossier_queryset())
    context = build_dossier(trajectory)
    context.update(_status_context(trajectory, current_document(trajectory, version)))
    membership = trajectory.viewer_membership
    context["ocds_available"] = (
        Trajectory.objects.filter(organisation_id=trajectory.organisation_id, pk=trajectory.pk)
        .reached_tender()
        .exists()
    )
    context["tender_linked"] = any(section.id == "aanbesteding" for section in context["sections"])
    context["can_link_tender"] = (
        trajectory.archived_at is None
        and membership.role in {Role.INKOPER, Role.CHEF_CIRCULAIR}
        and can_edit_trajectory(membership, trajectory)
    )
    return render(request, "procurement/dossier.html", context)


@login_required
@require_GET
def dossier_pdf(request: HtmxHttpRequest, pk: int) -> HttpResponseBase:
    membership = require_membership(request)
    language = languages.current()
    unchanged = stored_download(membership.organisation_id, pk, language)
    if unchanged is not None:  # the dossier has not changed since its newest PDF: one query
        return _serve(request, unchanged, pdf_filename(unchanged))
    trajectory, version = _trajectory_with_version(request, pk)
    document = current_document(trajectory, version)
    if document is None or needs_request(document):
        # Making a PDF costs about a second of CPU: limited per user; serving a stored one is not.
        if refused := pdf_rate_limit(request):
            return refused
        document, _queued = request_document(trajectory, version, request.user, language)
    if document.is_ready:
        return _serve(request, document, pdf_filename(trajectory))
    return _status(request, trajectory, document)


def _serve(request: HttpRequest, document, filename: str) -> HttpResponseBase:
    """A stored PDF (a DossierDocument, or the fast path's StoredDownload) as the download."""
    return stored.serve(
        request,
        document.file,
        filename=filename,
        etag=document.sha256,
        last_modified=document.finished_at,
        size=document.size,
    )


@login_required
@require_GET
def dossier_pdf_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Whether the PDF of the dossier as it is now is ready (polled by htmx; a page of its own without it)."""
    trajectory, version = _trajectory_with_version(request, pk)
    return _status(request, trajectory, current_document(trajectory, version))


def _status_context(trajectory, document) -> dict:
    # Pending for longer than DOCUMENT_RENDER_TIMEOUT: the worker died or is down; offer to try again.
    stalled = document is not None and document.is_pending and needs_request(document)
    return {"trajectory": trajectory, "document": document, "stalled": stalled}


def _status(request: HtmxHttpRequest, trajectory, document) -> HttpResponse:
    context = _status_context(trajectory, document)
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "procurement/dossier_pdf_status.html#status", context)
    else:
        response = render(request, "procurement/dossier_pdf_status.html", context)
    patch_vary_headers(response, ["HX-Request"])
    response["Cache-Control"] = "private, no-store"
    return response
