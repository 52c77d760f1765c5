"""Access helpers: the one place that decides who may see and change what.

Every view that touches organisation data calls one of these first. They fail
closed: without an active membership there is no organisation, and objects of
another organisation are a 404, never a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from lib.http import once_per_request

from .models import Membership

SESSION_KEY = "active_organisation_id"


def memberships_of(user):
    # With each organisation's theme: base.html links the active one's stylesheet (no query of its own).
    return (
        Membership.objects.for_user(user)
        .select_related("organisation__theme", "department")
        .order_by("organisation__name")
    )


def user_memberships(request: HttpRequest) -> list[Membership]:
    """All memberships of the user, fetched once per request."""
    return once_per_request(request, "memberships", lambda: list(memberships_of(request.user)))


def active_membership(request: HttpRequest) -> Membership | None:
    """The membership of the organisation the user works in right now."""
    memberships = user_memberships(request)
    if not memberships:
        return None
    wanted = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.organisation_id == wanted:
            return membership
    return memberships[0]


def require_membership(request: HttpRequest) -> Membership:
    """The active membership, or 404 for a user without any organisation."""
    membership = active_membership(request)
    if membership is None:
        raise Http404("Geen organisatie")
    return membership


def require_manager(request: HttpRequest) -> Membership:
    """The active membership of someone who may manage the organisation, else 403."""
    membership = require_membership(request)
    if not membership.can_manage_organisation:
        raise PermissionDenied
    return membership


def require_editor(request: HttpRequest) -> Membership:
    """The active membership of someone who may edit dossiers, else 403."""
    membership = require_membership(request)
    if not membership.can_edit_dossiers:
        raise PermissionDenied
    return membership
