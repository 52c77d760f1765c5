"""OCDS: download a trajectory or an organisation's year as a release package, link a published tender."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from lib.http import attachment
from organisations.access import require_membership
from organisations.models import Role

from ..access import get_rw_trajectory_for_user, get_trajectory_for_user
from ..forms import OcdsImportForm
from ..models import TenderReference
from ..ocds import export
from ..ocds.schema import extension_file


def _json_download(data: dict, filename: str) -> HttpResponse:
    content = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    response = attachment(content, "application/json; charset=utf-8", filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def trajectory_release(request: HttpRequest, pk: int) -> HttpResponse:
    """The trajectory as an OCDS release package (404 when it did not reach a tender)."""
    trajectory = get_trajectory_for_user(request, pk, export.export_queryset(require_membership(request).organisation))
    package = export.trajectory_package(trajectory, uri=request.build_absolute_uri())
    return _json_download(package, f"{trajectory.ocid}.json")  # the ocid starts with "ocds-" already


@login_required
@require_GET
def programme_export(request: HttpRequest) -> HttpResponse:
    """The organisation's OCDS exports: one release package per year."""
    membership = require_membership(request)
    organisation = membership.organisation
    return render(
        request,
        "procurement/ocds_export.html",
        {
            "organisation": organisation,
            "years": export.years(organisation),
            "can_manage": membership.can_manage_organisation,
            "ocid_prefix": settings.OCDS_OCID_PREFIX,
        },
    )


@login_required
@require_GET
def year_package(request: HttpRequest, year: int) -> HttpResponse:
    membership = require_membership(request)
    organisation = membership.organisation
    if year not in dict(export.years(organisation)):
        raise Http404("Geen aanbestedingen in dit jaar")
    package = export.year_package(organisation, year, uri=request.build_absolute_uri())
    return _json_download(package, f"ocds-{organisation.slug}-{year}.json")


@require_GET
@cache_control(public=True, max_age=3600)
def extension(request: HttpRequest, name: str) -> HttpResponse:
    """The project's OCDS extension (R-decision), at the stable URL the packages name."""
    try:
        content = extension_file(name)
    except FileNotFoundError:
        raise Http404("Onbekend bestand") from None
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def tender_link(request: HttpRequest, pk: int) -> HttpResponse:
    """A chef circulair or inkoper links the trajectory to its published tender (an OCDS file)."""
    trajectory = get_rw_trajectory_for_user(request, pk)
    if trajectory.viewer_membership.role not in {Role.INKOPER, Role.CHEF_CIRCULAIR}:
        raise PermissionDenied
    form = OcdsImportForm(request.POST or None, request.FILES or None, trajectory=trajectory)
    if request.method == "POST" and form.is_valid():
        linked = TenderReference.link(trajectory, form.tender_fields, user=request.user)
        messages.success(
            request,
            _("De aanbesteding %(tender)s is gekoppeld aan dit traject.") % {"tender": linked.tender_id},
        )
        first = linked.other_links().first()
        if first is not None:
            messages.warning(
                request,
                _(
                    "Let op: deze aanbesteding is al gekoppeld aan het traject “%(title)s” (nummer %(number)s). "
                    "Hoort ze bij één van beide niet, koppel daar dan de juiste aanbesteding."
                )
                % {"title": first.trajectory.title, "number": first.trajectory.pk},
            )
        if linked.import_warnings:
            messages.warning(
                request,
                _(
                    "Het bestand wijkt op %(count)s plaats(en) af van OCDS, in velden die we niet lezen; "
                    "je vindt ze hieronder."
                )
                % {"count": len(linked.import_warnings)},
            )
        return redirect("procurement:tender_link", pk=trajectory.pk)
    reference = TenderReference.objects.filter(trajectory=trajectory).select_related("imported_by").first()
    return render(
        request,
        "procurement/tender_link.html",
        {
            "trajectory": trajectory,
            "form": form,
            "reference": reference,
            "other_links": list(reference.other_links()) if reference else [],
        },
    )
