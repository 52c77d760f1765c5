"""Access rows of the notifications app: the Meldingen page, its actions, and the calendar feed by secret address."""

import datetime

from notifications.models import Kind, Notification, Preference
from procurement.models import Trajectory

from .table import Row, logged_in, managers, public
from .world import PERSONAS

FEED_A = "feed-van-de-chef-van-alfa-0123456789abcdef"
FEED_B = "feed-van-de-chef-van-beta-0123456789abcdef"
REVOKED = "ingetrokken-agenda-adres-0123456789abcdef"


def build(world):
    trajectory = Trajectory.objects.for_organisation(world.org_a).order_by("pk").first()
    Notification.objects.create(
        user=world.users["chef"],
        organisation=world.org_a,
        kind=Kind.CONTRACT_END,
        object_key=f"trajectory:{trajectory.pk}",
        due=datetime.date(2027, 3, 31),
        title="Alfa: het contract loopt af",
        link=trajectory.get_absolute_url(),
    )
    Notification.objects.create(
        user=world.users["outsider"],
        organisation=world.org_b,
        kind=Kind.REVIEW_WAITING,
        object_key="phase:0",
        due=datetime.date(2027, 1, 1),
        title="Beta: een fase wacht",
        link="/",
    )
    Preference.objects.create(user=world.users["chef"], feed_token=FEED_A)
    Preference.objects.create(user=world.users["outsider"], feed_token=FEED_B)
    # A revoked address: the person made a new one (or none), the old string is stored nowhere.
    Preference.objects.create(user=world.users["lezer"], feed_token=None)


def load(world):
    world.chef_notification = Notification.objects.for_user(world.users["chef"]).get(title__startswith="Alfa")


def only_chef(status: int) -> dict[str, int]:
    """The chef's own notification: the chef acts on it; everyone else gets 404 (anonymous: to the login)."""
    return {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "chef": status}


def _notification(world):
    return {"pk": world.chef_notification.pk}


ROWS = [
    Row("notifications:inbox", logged_in()),
    Row("notifications:done", only_chef(302), method="POST", kwargs=_notification),
    Row("notifications:renew", only_chef(302), method="POST", kwargs=_notification),
    Row("notifications:preferences", logged_in(302), method="POST", data=lambda w: {"digest": "daily"}),
    Row("notifications:preferences", logged_in(400), method="POST", data=lambda w: {"digest": "x"}, note="bad"),
    Row(
        "notifications:preferences",
        logged_in(302),
        method="POST",
        data=lambda w: {"digest": "weekly", "kinds": ["supplier_report_due"]},
        note="kinds",
    ),
    Row(
        "notifications:preferences",
        logged_in(400),
        method="POST",
        data=lambda w: {"digest": "weekly", "kinds": ["geen-soort"]},
        note="unknown kind",
    ),
    Row("notifications:digest_preview", logged_in()),
    Row("notifications:feed_manage", logged_in(302), method="POST", data=lambda w: {"action": "new"}),
    Row("notifications:feed_manage", logged_in(302), method="POST", data=lambda w: {"action": "revoke"}, note="off"),
    Row("notifications:organisation_settings", {**managers(), "outsider": 200}),
    Row(
        "notifications:organisation_settings",
        {**managers(302), "outsider": 302},
        method="POST",
        data=lambda w: {"contract_end_months": "18", "review_wait_days": "10"},
    ),
    Row(
        "notifications:organisation_settings",
        {**managers(), "outsider": 200},
        method="POST",
        data=lambda w: {"contract_end_months": "0", "review_wait_days": "10"},
        note="bad input",
    ),
    Row("notifications:feed", public(), kwargs=lambda w: {"token": FEED_A}, note="own address: anyone holding it"),
    Row("notifications:feed", public(), kwargs=lambda w: {"token": FEED_B}, note="another organisation's address"),
    Row("notifications:feed", public(404), kwargs=lambda w: {"token": REVOKED}, note="revoked address"),
]
