"""What notifications add to other apps' pages: the start page leads with what is due; a follow-up trajectory
shows what the one before it decided and achieved."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kpis.sections import contract_tables
from learning.models import Lesson
from procurement.extensions import Section
from procurement.impact import compute_effect, get_effect

from .models import Notification, Renewal

HOME_LIMIT = 5


def due_first(request, organisation) -> Section | None:
    """The person's open notifications due soonest (at most HOME_LIMIT), linking to Meldingen (2 queries)."""
    mine = Notification.objects.for_user(request.user).open()
    first = list(mine.order_by("due", "pk")[:HOME_LIMIT])
    if not first:
        return None
    today = timezone.localdate()
    return Section(
        id="te-doen",
        title=_("Wat nu aandacht vraagt"),
        template="notifications/includes/home.html",
        context={
            "notifications": [(n, n.due < today) for n in first],
            "total": len(first) if len(first) < HOME_LIMIT else mine.count(),
            "inbox": reverse("notifications:inbox"),
        },
    )


def previous_trajectory(request, trajectory) -> Section | None:
    """On a follow-up trajectory: what the one before it decided, its effect, its contract KPIs' results and its
    lessons, linked; on the earlier one, a link to its follow-up. One query on any other trajectory's page."""
    renewals = list(
        Renewal.objects.unscoped()
        .filter(Q(trajectory=trajectory) | Q(previous=trajectory))
        .select_related("previous__effect", "trajectory")
    )
    before = next((r.previous for r in renewals if r.trajectory_id == trajectory.pk), None)
    after = next((r.trajectory for r in renewals if r.previous_id == trajectory.pk), None)
    if before is None and after is None:
        return None
    context: dict = {"after": after, "before": before}
    if before is not None:
        effect = compute_effect(before, effect=get_effect(before))
        context.update(
            decision=before.current_decision(),
            effect=effect,
            kpis={"summaries": contract_tables(before), "links": False, "can_define": False},
            lessons=list(Lesson.objects.unscoped().filter(trajectory=before).order_by("kind", "pk")),
        )
    title = _("Wat het vorige traject besloot en opleverde") if before else _("Vervolgtraject")
    return Section("vorig-traject", title, "notifications/includes/previous.html", context)
