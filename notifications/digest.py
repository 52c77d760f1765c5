"""The digest e-mail: what is due and overdue, weekly (Mondays), daily or not at all, as the person chose.

Only headlines and links, no dossier content. Someone who left the organisation
gets nothing of it (``NotificationQuerySet.still_relevant``); an inactive account gets no mail.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse

from lib import mail

from .models import Notification, Preference

HORIZON = datetime.timedelta(days=31)


def wants_digest(preference: Preference | None, today: datetime.date) -> bool:
    choice = preference.digest if preference else Preference.Digest.WEEKLY
    if choice == Preference.Digest.OFF:
        return False
    if preference and preference.last_digest_on == today:
        return False
    return choice == Preference.Digest.DAILY or today.weekday() == 0


def build(user, notifications, today: datetime.date) -> EmailMessage:
    context = {
        "user": user,
        "today": today,
        "overdue": [n for n in notifications if n.due < today],
        "due": [n for n in notifications if n.due >= today],
        "count": len(notifications),
        "site": settings.SITE_URL,
        "inbox": mail.absolute(reverse("notifications:inbox")),
    }
    return mail.build("notifications/emails/digest", user.email, context)


def send_digests(today: datetime.date) -> int:
    """Send today's digests; returns how many went out."""
    User = get_user_model()
    # What each person still has to do: overdue, or due within a month (one query for everyone).
    open_ones = (
        Notification.objects.unscoped()
        .filter(done_at__isnull=True, due__lte=today + HORIZON, user__is_active=True)
        .exclude(user__email="")
        .still_relevant()
        .order_by("user_id", "due", "pk")
    )
    by_user: dict[int, list[Notification]] = {}
    for notification in open_ones:
        by_user.setdefault(notification.user_id, []).append(notification)
    users = User.objects.filter(pk__in=list(by_user)).order_by("pk")
    preferences = {p.user_id: p for p in Preference.objects.filter(user__in=users)}
    messages = []
    for user in users:
        preference = preferences.get(user.pk)
        if not wants_digest(preference, today):
            continue
        notifications = by_user[user.pk]
        # Claim today's digest first, so a second process (or a retry) does not send it again.
        preference = preference or Preference.objects.get_or_create(user=user)[0]
        claimed = Preference.objects.filter(pk=preference.pk).exclude(last_digest_on=today).update(last_digest_on=today)
        if claimed:
            messages.append(build(user, notifications, today))
    return mail.send(messages)
