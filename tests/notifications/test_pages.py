"""The Meldingen page, the one-click follow-up trajectory, the calendar feed, the digest and the scheduler's lock."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from notifications import digest, scheduler
from notifications.models import JobRun, Kind, Notification, NotificationSettings, Preference, Renewal
from procurement.models import Trajectory
from tests.factories import start_trajectory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 6, 1)


def notify(world, persona, n=1, org=None, kind=Kind.CONTRACT_END, due=datetime.date(2026, 6, 30), key="x"):
    return [
        Notification.objects.create(
            user=world.users[persona],
            organisation=org or world.org_a,
            kind=kind,
            object_key=f"{key}:{i}",
            due=due,
            title=f"Melding {key} {i}",
            link=f"/melding/{key}/{i}/",
        )
        for i in range(n)
    ]


def test_the_meldingen_page_shows_due_and_overdue_and_its_queries_do_not_grow(world, client):
    client.force_login(world.users["chef"])
    notify(world, "chef", key="vroeg", due=datetime.date(2020, 1, 1))
    url = reverse("notifications:inbox")
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert "Melding vroeg 0" in response.text.split('id="te-laat"')[1].split('id="te-doen"')[0]
    notify(world, "chef", n=25, key="later", due=datetime.date(2099, 1, 1))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.text.count('href="/melding/later/') == 25
    assert len(many) == len(few)
    assert "Alfa: het contract loopt af" in response.text  # the world's notice, with its follow-up button
    assert reverse("notifications:renew", args=[world.chef_notification.pk]) in response.text


def test_a_notice_of_an_organisation_one_left_is_not_shown(world, client):
    notify(world, "outsider", org=world.org_a, key="alfa")
    client.force_login(world.users["outsider"])
    assert "Melding alfa" not in client.get(reverse("notifications:inbox")).text


def test_one_click_starts_a_trajectory_linked_to_the_ending_contract(world, client):
    client.force_login(world.users["chef"])
    previous = Trajectory.objects.for_organisation(world.org_a).get(pk=world.chef_notification.object_key.split(":")[1])
    response = client.post(reverse("notifications:renew", args=[world.chef_notification.pk]))
    renewal = Renewal.objects.get(previous=previous)
    assert response.url == renewal.trajectory.get_absolute_url()
    assert renewal.trajectory.description == previous.description
    assert renewal.trajectory.team.filter(user=world.users["chef"]).exists()
    world.chef_notification.refresh_from_db()
    assert world.chef_notification.done_at is not None
    # A second click opens the same follow-up instead of starting another one.
    client.post(reverse("notifications:renew", args=[world.chef_notification.pk]))
    assert Renewal.objects.filter(previous=previous).count() == 1


def test_a_reader_cannot_start_a_follow_up(world, client):
    trajectory = start_trajectory(world)
    notice = Notification.objects.create(
        user=world.users["lezer"],
        organisation=world.org_a,
        kind=Kind.CONTRACT_END,
        object_key=f"trajectory:{trajectory.pk}",
        due=datetime.date(2026, 6, 30),
        title="t",
        link="/",
    )
    client.force_login(world.users["lezer"])
    assert client.post(reverse("notifications:renew", args=[notice.pk])).status_code == 403


def test_the_calendar_feed_parses_and_shows_only_the_owners_deadlines(world, client):
    notify(world, "chef", key="eigen", due=datetime.date(2099, 2, 3))
    notify(world, "inkoper", key="ander", due=datetime.date(2099, 2, 3))
    client.force_login(world.users["outsider"])  # who asks does not matter: the address decides
    response = client.get(reverse("notifications:feed", args=["feed-van-de-chef-van-alfa-0123456789abcdef"]))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    titles = {str(e["summary"]) for e in events}
    assert "Melding eigen 0" in titles and "Alfa: het contract loopt af" in titles
    assert not any("ander" in t or "Beta" in t for t in titles)
    event = next(e for e in events if str(e["summary"]) == "Melding eigen 0")
    assert event.decoded("dtstart") == datetime.date(2099, 2, 3)
    assert str(event["url"]).endswith("/melding/eigen/0/")


def test_a_new_address_revokes_the_old_one(world, client):
    client.force_login(world.users["chef"])
    old = reverse("notifications:feed", args=["feed-van-de-chef-van-alfa-0123456789abcdef"])
    client.post(reverse("notifications:feed_manage"), {"action": "new"})
    assert client.get(old).status_code == 404
    new = Preference.objects.get(user=world.users["chef"]).feed_path()
    assert client.get(new).status_code == 200
    client.post(reverse("notifications:feed_manage"), {"action": "revoke"})
    assert client.get(new).status_code == 404


def test_the_digest_keeps_to_the_preference_and_skips_who_left(world):
    notify(world, "chef", key="chef", due=MONDAY)
    notify(world, "inkoper", key="inkoper", due=MONDAY)
    notify(world, "contractmanager", key="cm", due=MONDAY)
    notify(world, "opdrachtgever", key="weg", due=MONDAY)
    Preference.objects.create(user=world.users["inkoper"], digest=Preference.Digest.DAILY)
    Preference.objects.create(user=world.users["contractmanager"], digest=Preference.Digest.OFF)
    world.users["opdrachtgever"].memberships.all().delete()  # left the organisation

    def sent_to(day):
        mail.outbox.clear()
        digest.send_digests(day)
        return {m.to[0] for m in mail.outbox}

    tuesday = MONDAY + datetime.timedelta(days=1)
    assert sent_to(tuesday) == {"inkoper@example.org"}  # daily; the chef's weekly one waits for Monday
    monday = sent_to(MONDAY + datetime.timedelta(days=7))
    assert "chef@example.org" in monday and "inkoper@example.org" in monday
    assert "contractmanager@example.org" not in monday and "opdrachtgever@example.org" not in monday
    assert sent_to(MONDAY + datetime.timedelta(days=7)) == set()  # once a day at most
    chef_mail = digest.build(world.users["chef"], list(Notification.objects.for_user(world.users["chef"])), MONDAY)
    assert "/melding/chef/0/" in chef_mail.body and "Melding chef 0" in chef_mail.body


def test_two_schedulers_at_the_same_due_time_run_a_job_once_and_a_failure_is_retried(world):
    calls = []

    def flaky(due_at):
        calls.append(due_at)
        if len(calls) == 1:
            raise RuntimeError("database away")
        return "ok"

    job = scheduler.Job("test_flaky", flaky, scheduler.DAY)
    scheduler.jobs.register(job)
    try:
        now = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)
        due = job.due_at(now)
        first = scheduler.claim(job, due, now)
        assert first is not None and scheduler.claim(job, due, now) is None  # the other process, mid-run
        assert scheduler.execute(job, first).state == JobRun.State.FAILED
        retry = scheduler.claim(job, due, now)
        assert retry.attempts == 2 and scheduler.claim(job, due, now) is None
        assert scheduler.execute(job, retry).state == JobRun.State.DONE
        assert scheduler.run_due_jobs(now, only={"test_flaky"}) == []
        assert len(calls) == 2
        assert job.next_due_at(now) == datetime.datetime(2026, 6, 2, tzinfo=datetime.UTC)
    finally:
        scheduler.jobs._items.remove(job)


@pytest.mark.parametrize("months", ["0", "61", "twaalf"])
def test_the_chef_sets_the_notice_months_and_bad_input_is_explained(world, client, months):
    client.force_login(world.users["chef"])
    url = reverse("notifications:organisation_settings")
    response = client.post(url, {"contract_end_months": months, "review_wait_days": "10"})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text and "Er is een probleem" in response.text
    assert not NotificationSettings.objects.filter(organisation=world.org_a).exists()
    response = client.post(url, {"contract_end_months": "18", "review_wait_days": "10"})
    assert response.status_code == 302
    assert NotificationSettings.objects.get(organisation=world.org_a).contract_end_months == 18
