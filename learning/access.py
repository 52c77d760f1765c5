"""Access helpers for lessons: called first in every lesson view.

A lesson is read by its own organisation, and by every organisation once it is shared;
it is changed only by those who may change its trajectory (404 for another organisation,
also for a shared lesson; 403 for a member who may only read).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from organisations.access import require_membership
from procurement.access import can_edit_trajectory

from .models import Lesson


def get_lesson_for_user(request: HttpRequest, pk: int) -> Lesson:
    membership = require_membership(request)
    lesson = Lesson.objects.visible_to(membership.organisation).for_list().filter(pk=pk).first()
    if lesson is None:
        raise Http404("Les niet gevonden")
    lesson.viewer_membership = membership
    return lesson


def can_edit_lesson(membership, lesson: Lesson) -> bool:
    trajectory = lesson.trajectory
    return (
        membership is not None
        and trajectory.organisation_id == membership.organisation_id
        and trajectory.archived_at is None
        and can_edit_trajectory(membership, trajectory)
    )


def get_rw_lesson_for_user(request: HttpRequest, pk: int) -> Lesson:
    lesson = get_lesson_for_user(request, pk)
    if lesson.trajectory.organisation_id != lesson.viewer_membership.organisation_id:
        raise Http404("Les niet gevonden")
    if not can_edit_lesson(lesson.viewer_membership, lesson):
        raise PermissionDenied
    return lesson
