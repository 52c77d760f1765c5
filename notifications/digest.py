"""The digest e-mail: what is due and overdue, weekly (Mondays), daily or not at all, as the person chose.

Only headlines and links, no dossier content. Someone who left the organisation
gets nothing of it (``NotificationQuerySet.still_relevant``), nor of a kind they switched off
(``MutedKind``); an inactive account gets no mail. ``preview`` shows a person their next one.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse

from accounts.language import language_of
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


def next_digest_on(preference: Preference | None, today: datetime.date) -> datetime.date | None:
    """The day the person's next digest goes out (if anything is open then), or None when it is off."""
    choice = preference.digest if preference else Preference.Digest.WEEKLY
    if choice == Preference.Digest.OFF:
        return None
    day = today
    if preference and preference.last_digest_on == today:
        day += datetime.timedelta(days=1)
    if choice == Preference.Digest.WEEKLY:
        day += datetime.timedelta(days=(7 - day.weekday()) % 7)
    return day


def in_digest(notifications, today: datetime.date):
    """What goes into a digest on ``today``: open, of a kind the person wants, overdue or due within a month."""
    return notifications.open().filter(due__lte=today + HORIZON).order_by("user_id", "due", "pk")


def preview(user, today: datetime.date) -> EmailMessage | None:
    """The digest the person would get with today's notifications (None when there is nothing in it)."""
    notifications = list(in_digest(Notification.objects.for_user(user), today))
    return build(user, notifications, today) if notifications else None


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
    return mail.build("notifications/emails/digest", user.email, context, language=language_of(user))


def send_digests(today: datetime.date) -> int:
    """Send today's digests; returns how many went out."""
    User = get_user_model()
    # What each person still has to do: overdue, or due within a month (one query for everyone).
    open_ones = in_digest(Notification.objects.unscoped().filter(user__is_active=True).exclude(user__email=""), today)
    by_user: dict[int, list[Notification]] = {}
    for notification in open_ones:
        by_user.setdefault(notification.user_id, []).append(notification)
    users = User.objects.filter(pk__in=list(by_user)).select_related("preference").order_by("pk")
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
