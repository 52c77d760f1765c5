"""Login throttle per IP and per account, the password-reset form, and the absolute session lifetime."""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from accounts import security
from accounts.security import SessionAbsoluteTimeoutMiddleware, is_locked_out, register_failed_attempt

pytestmark = pytest.mark.django_db


def login(client, username, password, ip="10.0.0.1", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


# --- Password spraying: one IP, many usernames -----------------------------------------


@override_settings(LOGIN_IP_FAILURE_LIMIT=8)
def test_one_address_trying_many_usernames_is_locked_out(client, world):
    # Two failures per username stay far below the per-username limit, but add up per address.
    for name in ("anna", "bert", "carla"):
        assert login(client, name, "Welkom01!").status_code == 200
        assert login(client, name, "Zomer2026!").status_code == 200
    login(client, "dirk", "Welkom01!")
    response = login(client, "eva", "Welkom01!")
    assert response.status_code == 429
    body = response.content.decode()
    assert "te veel mislukte inlogpogingen gedaan, voor verschillende accounts" in body
    assert "Probeer het over 15 minuten opnieuw." in body
    # Every account, even with the right password, from that address; another address is not affected.
    assert login(client, "chef", world.password).status_code == 429
    assert login(client, "chef", world.password, ip="10.0.0.2").status_code == 302


@override_settings(LOGIN_IP_FAILURE_LIMIT=8, TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_one_client_does_not_lock_out_the_others(client, world):
    # Every request comes from the proxy (REMOTE_ADDR); the proxy appends the real client.
    for number in range(8):
        login(client, f"gebruiker{number}", "fout", ip="172.16.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert login(client, "chef", world.password, ip="172.16.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    colleague = login(client, "chef", world.password, ip="172.16.0.2", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert colleague.status_code == 302


# --- One account, many addresses -----------------------------------------------------


@override_settings(LOGIN_ACCOUNT_FAILURE_LIMIT=6)
def test_one_account_attacked_from_many_addresses_is_locked_out(client, world):
    for number in range(5):
        assert login(client, "inkoper", "fout", ip=f"192.0.2.{number + 1}").status_code == 200
    assert login(client, "inkoper", "fout", ip="192.0.2.6").status_code == 429  # the sixth failure
    response = login(client, "inkoper", world.password, ip="192.0.2.99")
    assert response.status_code == 429
    assert "vanaf verschillende plaatsen" in response.content.decode()
    # Other accounts are not affected.
    assert login(client, "chef", world.password, ip="192.0.2.99").status_code == 302


@override_settings(LOGIN_ACCOUNT_FAILURE_LIMIT=6)
def test_the_account_lockout_spares_an_address_the_user_logged_in_from(client, world):
    assert login(client, "inkoper", world.password, ip="10.9.9.9").status_code == 302
    client.logout()
    for number in range(6):
        login(client, "inkoper", "fout", ip=f"192.0.2.{number + 1}")
    assert login(client, "inkoper", world.password, ip="192.0.2.99").status_code == 429
    assert login(client, "inkoper", world.password, ip="10.9.9.9").status_code == 302


@override_settings(LOGIN_ACCOUNT_FAILURE_LIMIT=6)
def test_the_account_lockout_ends_after_the_cool_off(client, world):
    for number in range(6):
        login(client, "inkoper", "fout", ip=f"192.0.2.{number + 1}")
    assert login(client, "inkoper", world.password, ip="192.0.2.99").status_code == 429
    # Trying on during the lockout does not extend it.
    assert AccessAttempt.objects.filter(username="inkoper").count() == 6
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - settings.AXES_COOLOFF_TIME)
    assert login(client, "inkoper", world.password, ip="192.0.2.99").status_code == 302


@override_settings(LOGIN_ACCOUNT_FAILURE_LIMIT=6)
def test_a_password_reset_by_mail_lifts_the_account_lockout(client, world, mailoutbox):
    for number in range(6):
        login(client, "inkoper", "fout", ip=f"192.0.2.{number + 1}")
    assert login(client, "inkoper", world.password, ip="192.0.2.99").status_code == 429
    client.post(reverse("password_reset"), {"email": "inkoper@example.org"}, REMOTE_ADDR="192.0.2.99")
    link = re.search(r"https?://\S+", mailoutbox[0].body).group(0)
    form_url = client.get(link.removeprefix(settings.SITE_URL))["Location"]
    new = "Een-nieuw-wachtwoord-2026"
    done = client.post(form_url, {"new_password1": new, "new_password2": new}, REMOTE_ADDR="192.0.2.99")
    assert done.status_code == 302
    assert login(client, "inkoper", new, ip="192.0.2.99").status_code == 302


# --- The hook for another login step (two-factor) ----------------------------------------


def test_failures_of_another_login_step_count_in_the_same_throttle(client, world):
    request = RequestFactory().post("/account/tweede-stap/", REMOTE_ADDR="10.0.0.1")
    assert not is_locked_out(request, "inkoper")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "inkoper", "fout").status_code == 200
    assert register_failed_attempt(request, "inkoper") is True
    assert is_locked_out(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1"), "inkoper")
    assert login(client, "inkoper", world.password).status_code == 429
    assert not is_locked_out(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2"), "inkoper")


# --- The password-reset form ---------------------------------------------------------


@override_settings(
    SITE_URL="https://chefcirculair.example.nl", ALLOWED_HOSTS=["evil.example", "testserver", "localhost"]
)
def test_reset_links_are_built_from_site_url_not_from_the_host_header(client, world, mailoutbox):
    client.post(reverse("password_reset"), {"email": "inkoper@example.org"}, HTTP_HOST="evil.example")
    mail = mailoutbox[0]
    link = re.search(r"https?://\S+", mail.body).group(0)
    assert link.startswith("https://chefcirculair.example.nl/account/wachtwoord/herstellen/")
    html = mail.alternatives[0].content
    assert 'href="https://chefcirculair.example.nl/account/wachtwoord/herstellen/' in html
    assert "evil.example" not in mail.body + html + mail.subject


@override_settings(PASSWORD_RESET_EMAIL_LIMIT=3)
def test_reset_mails_per_address_are_limited_silently(client, world, mailoutbox):
    responses = [
        client.post(reverse("password_reset"), {"email": "inkoper@example.org"}, REMOTE_ADDR=f"10.1.0.{n}")
        for n in range(5)
    ]
    assert len(mailoutbox) == 3
    # The page gives nothing away: the same redirect every time, as for an unknown address.
    unknown = client.post(reverse("password_reset"), {"email": "niemand@example.org"}, REMOTE_ADDR="10.1.0.9")
    assert {(r.status_code, r["Location"]) for r in [*responses, unknown]} == {(302, reverse("password_reset_done"))}
    # Upper case is the same address.
    client.post(reverse("password_reset"), {"email": "INKOPER@example.org"}, REMOTE_ADDR="10.1.0.10")
    assert len(mailoutbox) == 3
    # Another user's mail still goes out.
    client.post(reverse("password_reset"), {"email": "chef@example.org"}, REMOTE_ADDR="10.1.0.11")
    assert len(mailoutbox) == 4


@override_settings(PASSWORD_RESET_IP_LIMIT=4)
def test_reset_requests_per_address_are_limited_with_a_dutch_page(client, world, mailoutbox):
    for number in range(4):
        ok = client.post(reverse("password_reset"), {"email": f"iemand{number}@example.org"}, REMOTE_ADDR="10.2.0.1")
        assert ok.status_code == 302
    refused = client.post(reverse("password_reset"), {"email": "inkoper@example.org"}, REMOTE_ADDR="10.2.0.1")
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "te vaak een nieuw wachtwoord aangevraagd" in body
    assert "Probeer het over" in body and int(refused["Retry-After"]) > 0
    assert mailoutbox == []
    other = client.post(reverse("password_reset"), {"email": "inkoper@example.org"}, REMOTE_ADDR="10.2.0.2")
    assert other.status_code == 302 and len(mailoutbox) == 1


def test_rate_limit_windows_end(world, monkeypatch):
    now = [1_800_000_000.0]
    monkeypatch.setattr(security, "_clock", lambda: now[0])
    assert [security.rate_limit_hit("test", "k", 2, 60)[0] for _ in range(3)] == [True, True, False]
    assert security.rate_limit_hit("test", "other", 2, 60)[0]
    now[0] += 60
    assert security.rate_limit_hit("test", "k", 2, 60)[0]


# --- Absolute session lifetime --------------------------------------------------------------


def age_session(client, seconds):
    session = client.session
    session[SessionAbsoluteTimeoutMiddleware.KEY] = int(time.time()) - seconds
    session[security.SessionIdleTimeoutMiddleware.KEY] = int(time.time())  # active just now
    session.save()


def test_the_absolute_lifetime_defaults_to_twelve_hours():
    assert timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS) == timedelta(hours=12)


def test_an_active_session_older_than_the_absolute_lifetime_is_logged_out(client, world):
    client.force_login(world.users["inkoper"])
    age_session(client, settings.SESSION_ABSOLUTE_SECONDS - 60)
    assert client.get(reverse("password_change")).status_code == 200
    age_session(client, settings.SESSION_ABSOLUTE_SECONDS + 1)
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert "/account/inloggen/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_logged_in_session_without_a_login_time_is_ended(client, world):
    client.force_login(world.users["inkoper"])
    session = client.session
    del session[SessionAbsoluteTimeoutMiddleware.KEY]
    session.save()
    assert client.get(reverse("password_change")).status_code == 302


def test_logging_in_records_the_login_time(client, world):
    before = int(time.time())
    assert login(client, "inkoper", world.password).status_code == 302
    assert client.session[SessionAbsoluteTimeoutMiddleware.KEY] >= before
