"""The api app's part in the scheduler (notifications): pruning the request log, and keys about to expire."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.deadlines import Deadline
from notifications.models import Kind
from notifications.scheduler import DAY, Job

from .models import ApiRequest, ApiToken

EXPIRY_LEAD = datetime.timedelta(days=14)


def prune_requests(due_at: datetime.datetime, days: int | None = None) -> int:
    """Delete the API request log older than API_REQUEST_LOG_DAYS (every organisation); returns how many."""
    days = settings.API_REQUEST_LOG_DAYS if days is None else days
    deleted, _detail = ApiRequest.objects.unscoped().filter(at__lt=due_at - datetime.timedelta(days=days)).delete()
    return deleted


def expiring_keys(today: datetime.date, people):
    """Usable keys that expire within 14 days: to the chefs circulair and whoever made the key."""
    start = datetime.datetime.combine(today, datetime.time.min, tzinfo=datetime.UTC)
    tokens = ApiToken.objects.unscoped().filter(
        revoked_at__isnull=True, expires_at__gte=start, expires_at__lt=start + EXPIRY_LEAD + DAY
    )
    for token in tokens:
        users = people.chefs(token.organisation_id)
        if token.created_by_id and people.is_member(token.created_by_id, token.organisation_id):
            users = [token.created_by_id, *users]
        title = _("API-sleutel %(name)s verloopt op %(date)s.") % {
            "name": token.name,
            "date": timezone.localdate(token.expires_at).strftime("%d-%m-%Y"),
        }
        for user_id in dict.fromkeys(users):
            yield Deadline(
                user_id,
                token.organisation_id,
                Kind.API_KEY_EXPIRES,
                f"apitoken:{token.pk}",
                timezone.localdate(token.expires_at),
                title,
                reverse("api:token_detail", args=[token.pk]),
            )


JOB = Job(
    "prune_api_requests",
    lambda due_at: f"{prune_requests(due_at)} API-verzoeken verwijderd",
    DAY,
    datetime.timedelta(hours=3),
    "Het logboek van de API opschonen (dagelijks 03:00 UTC)",
)
