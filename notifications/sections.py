"""What notifications add to other apps' pages: the start page leads with what is due."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from procurement.extensions import Section

from .models import Notification

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
