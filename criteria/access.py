"""Access helpers for the criteria library: called first in every view.

Members read the library (the base set and their organisation's own criteria); only the
chef circulair adds, adapts and retires. Anything that is not in the member's library
is a 404. Chosen criteria belong to a trajectory: procurement.access decides there.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest

from organisations.access import require_membership

from .models import Criterion


def get_criterion_for_user(request: HttpRequest, pk: int) -> Criterion:
    membership = require_membership(request)
    criterion = (
        Criterion.objects.for_list()
        .filter(Q(organisation__isnull=True) | Q(organisation_id=membership.organisation_id), pk=pk)
        .first()
    )
    if criterion is None:
        raise Http404("Criterium niet gevonden")
    criterion.viewer_membership = membership
    return criterion


def can_manage_library(membership) -> bool:
    return membership is not None and membership.can_manage_organisation and membership.can_edit_dossiers


def get_managed_criterion_for_user(request: HttpRequest, pk: int) -> Criterion:
    criterion = get_criterion_for_user(request, pk)
    if not can_manage_library(criterion.viewer_membership):
        raise PermissionDenied
    return criterion
