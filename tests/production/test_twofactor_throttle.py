"""django-otp's throttle per device, with the project's own settings: a right code after a typo gets in;
when the throttle really holds a code back, the message says what happened and how long to wait.

test_twofactor.py switches this throttle off for its other tests; here it is on as configured.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import twofactor
from tests.production.test_twofactor import code, code_step, logged_in, password_step, text, with_app, wrong_code
from tests.twofactor import login_verified

pytestmark = pytest.mark.django_db


def seconds_later(device, seconds: float) -> None:
    """As if the user typed the next code ``seconds`` after the last wrong one."""
    device.refresh_from_db()
    device.throttling_failure_timestamp -= datetime.timedelta(seconds=seconds)
    device.save(update_fields=["throttling_failure_timestamp"])


def wrong_codes_in_a_row(device, count: int) -> None:
    """``count`` wrong codes for the device, the last one just now (e.g. from other sessions)."""
    device.throttling_failure_count = count
    device.throttling_failure_timestamp = timezone.now()
    device.save(update_fields=["throttling_failure_count", "throttling_failure_timestamp"])


def test_a_right_code_half_a_second_after_a_wrong_one_gets_in(client, world):
    device = with_app(world.users["inkoper"])
    password_step(client, world)
    refused = code_step(client, wrong_code(device.key))
    assert refused.status_code == 200 and "Deze code klopt niet" in text(refused)
    seconds_later(device, 0.5)
    response = code_step(client, code(device.key))
    assert response.status_code == 302 and logged_in(client)


def test_three_typos_in_a_row_do_not_hold_back_the_right_code_typed_a_moment_later(client, world):
    device = with_app(world.users["inkoper"])
    password_step(client, world)
    wrong_codes_in_a_row(device, 3)  # three typos, the last one just now
    seconds_later(device, 1.5)
    assert code_step(client, code(device.key)).status_code == 302 and logged_in(client)


def test_when_the_throttle_holds_a_code_back_it_says_why_and_how_long_to_wait(client, world):
    device = with_app(world.users["inkoper"])
    password_step(client, world)
    wrong_codes_in_a_row(device, 8)  # 0,25 s × 2⁷ = 32 s
    refused = code_step(client, code(device.key))
    page = text(refused)
    assert refused.status_code == 200 and not logged_in(client)
    assert "Er zijn net 8 verkeerde codes achter elkaar ingevuld voor je account." in page
    assert re.search(r"controleren we de volgende code pas over (31|32) seconden\.", page), page
    assert "Er zijn net een paar verkeerde codes" not in page
    seconds_later(device, 33)
    assert code_step(client, code(device.key)).status_code == 302 and logged_in(client)


@pytest.mark.parametrize(
    "count, wait",
    [(1, "1 seconde"), (6, "8 seconden"), (10, "3 minuten"), (14, "35 minuten"), (20, "37 uur")],
)
def test_the_wait_is_said_in_seconds_minutes_or_hours(world, count, wait):
    device = with_app(world.users["inkoper"])
    wrong_codes_in_a_row(device, count)
    message = twofactor.throttled(device)
    what = "Er is net een verkeerde code" if count == 1 else f"Er zijn net {count} verkeerde codes"
    assert message.startswith(what) and f"pas over {wait}." in message


def test_a_device_that_may_check_a_code_is_not_throttled(world):
    device = with_app(world.users["inkoper"])
    assert twofactor.throttled(device) == ""
    wrong_codes_in_a_row(device, 2)
    seconds_later(device, 1)
    assert twofactor.throttled(device) == ""


def test_a_confirmation_held_back_by_the_throttle_says_so_instead_of_calling_the_code_wrong(client, world):
    user = world.users["inkoper"]
    device = login_verified(client, user)
    wrong_codes_in_a_row(device, 8)
    refused = client.post(reverse("twofactor:regenerate_codes"), {"confirmation": code(device.key)})
    page = text(refused)
    assert refused.status_code == 200 and "Deze code of dit wachtwoord klopt niet." not in page
    assert "Er zijn net 8 verkeerde codes achter elkaar ingevuld voor je account." in page
