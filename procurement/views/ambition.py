"""The trajectory's ambitieweb: read by members, changed by those who may edit the trajectory."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rladder.forms import AmbitionWebForm
from rladder.models import AmbitionLevel

from ..access import can_edit_trajectory, get_rw_trajectory_for_user, get_trajectory_for_user
from ..models import Trajectory
from ..trajectory_ambition import inherited_label, save_trajectory_levels, trajectory_chart, trajectory_rows


@login_required
@require_http_methods(["GET", "POST"])
def trajectory_ambition(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Trajectory.objects.select_related("category")
    if request.method == "POST":
        trajectory = get_rw_trajectory_for_user(request, pk, queryset)
        can_edit = True
    else:
        trajectory = get_trajectory_for_user(request, pk, queryset)
        can_edit = trajectory.archived_at is None and can_edit_trajectory(trajectory.viewer_membership, trajectory)
    rows = trajectory_rows(trajectory)
    form = None
    if can_edit:
        form = AmbitionWebForm(request.POST if request.method == "POST" else None, rows=rows)
        if request.method == "POST" and form.is_valid():
            save_trajectory_levels(trajectory, form.levels())
            messages.success(request, _("Het ambitieweb van dit traject is opgeslagen."))
            return redirect("procurement:trajectory_ambition", pk=trajectory.pk)
    has_web = any(row.current for row in rows)
    return render(
        request,
        "procurement/trajectory_ambition.html",
        {
            "trajectory": trajectory,
            "rows": rows,
            "form": form,
            "chart": trajectory_chart(trajectory, rows) if has_web else None,
            "inherited_label": inherited_label(trajectory),
            "levels": AmbitionLevel.objects.all(),
        },
    )
