"""A person's deadlines as an iCalendar feed (the icalendar library), one all-day event per deadline."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Notification

PAST = datetime.timedelta(days=90)


def calendar(user, site: str) -> bytes:
    """The feed: the person's own open deadlines (and those of the last 90 days), each linking back."""
    since = timezone.localdate() - PAST
    notifications = (
        Notification.objects.for_user(user).filter(due__gte=since).still_relevant().wanted().order_by("due", "pk")
    )
    cal = Calendar()
    cal.add("prodid", "-//Chef Circulair//Meldingen//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Chef Circulair")
    for notification in notifications:
        event = Event()
        event.add("uid", f"notification-{notification.pk}@chefcirculair")
        event.add("summary", notification.title)
        event.add("dtstart", notification.due)
        event.add("dtend", notification.due + datetime.timedelta(days=1))
        event.add("dtstamp", notification.created_at)
        event.add("url", f"{site}{notification.link}")
        event.add("description", f"{site}{notification.link}")
        cal.add_component(event)
    return cal.to_ical()
