"""Access helpers for trajectories: called first in every trajectory view.

``get_trajectory_for_user`` answers 404 for anything outside the user's
active organisation (never 403, so nothing leaks about other organisations);
``get_rw_trajectory_for_user`` additionally answers 403 for members who may
read but not change it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest

from chefcirculair.access import require_membership
from chefcirculair.models import Membership

from .models import Trajectory, TrajectoryMember


def get_trajectory_for_user(request: HttpRequest, pk: int, queryset=None) -> Trajectory:
    membership = require_membership(request)
    queryset = queryset if queryset is not None else Trajectory.objects.all()
    # Whether the viewer is in the team comes with the trajectory: no second query to decide on editing.
    in_team = TrajectoryMember.objects.filter(trajectory_id=OuterRef("pk"), user_id=membership.user_id)
    trajectory = (
        queryset.filter(organisation_id=membership.organisation_id, pk=pk)
        .annotate(viewer_in_team=Exists(in_team))
        .first()
    )
    if trajectory is None:
        raise Http404("Traject niet gevonden")
    trajectory.viewer_membership = membership
    return trajectory


def can_edit_trajectory(membership: Membership, trajectory: Trajectory) -> bool:
    """Team members with an editing role, and the chef circulair, may change a trajectory."""
    if membership.organisation_id != trajectory.organisation_id or not membership.can_edit_dossiers:
        return False
    if membership.can_manage_organisation:
        return True
    viewer = getattr(trajectory, "viewer_membership", None)
    if viewer is not None and viewer.user_id == membership.user_id and hasattr(trajectory, "viewer_in_team"):
        return trajectory.viewer_in_team
    return trajectory.team.filter(user_id=membership.user_id).exists()


def get_rw_trajectory_for_user(request: HttpRequest, pk: int, queryset=None) -> Trajectory:
    trajectory = get_trajectory_for_user(request, pk, queryset)
    if trajectory.archived_at is not None or not can_edit_trajectory(trajectory.viewer_membership, trajectory):
        raise PermissionDenied
    return trajectory
