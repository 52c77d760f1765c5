"""Access helpers for trajectories: called first in every trajectory view.

``get_trajectory_for_user`` answers 404 for anything outside the user's
active organisation (never 403, so nothing leaks about other organisations);
``get_rw_trajectory_for_user`` additionally answers 403 for members who may
read but not change it.

Who may write is decided by one rule: the organisation role's write
permission AND the role on the object. ``team_role`` is the only way to read
a role in a trajectory's team, and it starts from ``Membership.object_role``:
a lezer or duurzaamheidsadviseur on the team holds no team role that counts.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest

from organisations.access import require_membership
from organisations.models import Membership

from .models import Trajectory, TrajectoryMember


def get_trajectory_for_user(request: HttpRequest, pk: int, queryset=None) -> Trajectory:
    membership = require_membership(request)
    queryset = queryset if queryset is not None else Trajectory.objects.all()
    # The viewer's team role comes with the trajectory: no second query to decide on editing.
    own_role = TrajectoryMember.objects.filter(trajectory_id=OuterRef("pk"), user_id=membership.user_id)
    trajectory = (
        queryset.filter(organisation_id=membership.organisation_id, pk=pk)
        .annotate(viewer_team_role=Subquery(own_role.values("role")[:1]))
        .first()
    )
    if trajectory is None:
        raise Http404("Traject niet gevonden")
    trajectory.viewer_membership = membership
    return trajectory


def team_role(membership: Membership | None, trajectory: Trajectory) -> str | None:
    """The member's role in the trajectory's team as far as it counts (see Membership.object_role).

    None for someone outside the team, of another organisation, or with a
    read-only organisation role, whatever team role is recorded for them.
    """
    if membership is None or membership.organisation_id != trajectory.organisation_id:
        return None
    if not membership.can_edit_dossiers:
        return None  # Membership.object_role would drop it anyway; this saves the query.
    viewer = getattr(trajectory, "viewer_membership", None)
    if viewer is not None and viewer.user_id == membership.user_id and hasattr(trajectory, "viewer_team_role"):
        role = trajectory.viewer_team_role
    else:
        role = trajectory.team.filter(user_id=membership.user_id).values_list("role", flat=True).first()
    return membership.object_role(role)


def can_edit_trajectory(membership: Membership | None, trajectory: Trajectory) -> bool:
    """The team (any team role that counts), and the chef circulair, may change a trajectory."""
    if membership is None or membership.organisation_id != trajectory.organisation_id:
        return False
    if membership.can_manage_organisation and membership.can_edit_dossiers:
        return True
    return team_role(membership, trajectory) is not None


def get_rw_trajectory_for_user(request: HttpRequest, pk: int, queryset=None) -> Trajectory:
    trajectory = get_trajectory_for_user(request, pk, queryset)
    if trajectory.archived_at is not None or not can_edit_trajectory(trajectory.viewer_membership, trajectory):
        raise PermissionDenied
    return trajectory
