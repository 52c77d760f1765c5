"""Reminders for due and overdue periods and the weekly digest: idempotent, link-only e-mails."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from suppliers.models import Invitation, Reminder, Submission
from suppliers.reminders import send_reminders
from suppliers.tasks import send_supplier_reminders

pytestmark = pytest.mark.django_db
FEBRUARY = datetime.date(2026, 2, 2)  # 2025 is due (deadline 1 April 2026), 2024 waits in the world
JUNE = datetime.date(2026, 6, 1)  # 2025 is overdue


def mails_to(mailoutbox, address):
    return [m for m in mailoutbox if address in m.to]


def test_one_reminder_per_due_period_and_running_again_sends_nothing(world, mailoutbox):
    first = send_reminders(FEBRUARY)
    mine = mails_to(mailoutbox, "supplier@example.org")
    assert len(mine) == 1 and "Herinnering" in mine[0].subject
    # Only a link, no figures; the revoked supplier gets nothing.
    assert f"/leverancier/contracten/{world.supplier_a.pk}/kpis/{world.supplier_kpi_a.pk}/2025/" in mine[0].body
    assert not mails_to(mailoutbox, "supplier_revoked@example.org")
    assert first.due >= 1
    count = len(mailoutbox)
    second = send_reminders(FEBRUARY)
    assert (second.due, second.overdue, second.digests, second.messages) == (0, 0, 0, 0)
    assert len(mailoutbox) == count


def test_an_overdue_period_gets_its_own_reminder_once(world, mailoutbox):
    send_reminders(FEBRUARY)
    send_reminders(JUNE)
    mine = mails_to(mailoutbox, "supplier@example.org")
    assert ["Te laat" in m.subject for m in mine] == [False, True]
    send_reminders(JUNE + datetime.timedelta(days=1))
    assert len(mails_to(mailoutbox, "supplier@example.org")) == 2


def test_a_supplier_invited_after_the_deadline_is_reminded_it_is_due_not_late(world, mailoutbox):
    september = datetime.date(2026, 9, 1)
    moment = timezone.make_aware(datetime.datetime.combine(september, datetime.time(10)))
    Invitation.objects.filter(supplier=world.supplier_a).update(created_at=moment)
    send_reminders(september)
    mine = mails_to(mailoutbox, "supplier@example.org")
    assert len(mine) == 1 and "Herinnering" in mine[0].subject and "Te laat" not in mine[0].subject
    assert "uiterlijk 30 november 2026" in mine[0].body  # 90 days from the invitation
    send_reminders(datetime.date(2026, 12, 1))
    assert ["Te laat" in m.subject for m in mails_to(mailoutbox, "supplier@example.org")] == [False, True]


def test_a_period_reported_in_time_gets_no_reminder(world, mailoutbox):
    Submission.objects.create(
        supplier=world.supplier_a, kpi=world.supplier_kpi_a, year=2025, value=1, submitted_by=world.users["supplier"]
    )
    send_reminders(FEBRUARY)
    assert not mails_to(mailoutbox, "supplier@example.org")


def test_the_weekly_digest_goes_to_the_contractmanager_once_a_week(world, mailoutbox):
    send_reminders(FEBRUARY)
    digests = [m for m in mails_to(mailoutbox, "contractmanager@example.org") if "Weekoverzicht" in m.subject]
    assert len(digests) == 1
    assert world.supplier_kpi_a.name in digests[0].body and "2025" in digests[0].body
    send_reminders(FEBRUARY + datetime.timedelta(days=3))  # the same ISO week
    send_reminders(FEBRUARY + datetime.timedelta(days=7))  # the next week
    digests = [m for m in mails_to(mailoutbox, "contractmanager@example.org") if "Weekoverzicht" in m.subject]
    assert len(digests) == 2


def test_the_command_and_the_task_run_the_same_reminders(world, mailoutbox):
    out = StringIO()
    call_command("send_supplier_reminders", "--datum", "2026-02-02", stdout=out)
    assert "e-mails verstuurd" in out.getvalue()
    sent = Reminder.objects.filter(supplier=world.supplier_a).count()
    assert sent >= 2  # the due period and the digest
    result = send_supplier_reminders.call()
    assert set(result) == {"due", "overdue", "digests", "messages"}
