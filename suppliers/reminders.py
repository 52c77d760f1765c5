"""Reminders to suppliers about due and overdue periods, and the weekly digest for the contract team.

Idempotent: each reminder is recorded (Reminder) before its e-mail goes out,
under a unique constraint, so running this twice (or on two servers at once)
sends nothing new. One reminder per due period, one per overdue period, and
one digest per contract per ISO week while something is missing.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lib import mail

from . import notifications, periods
from .models import Reminder, Supplier


@dataclass
class Outcome:
    due: int = 0
    overdue: int = 0
    digests: int = 0
    messages: int = 0
    details: list[str] = field(default_factory=list)


def _record(supplier, kind, year, kpi=None, week=0) -> bool:
    """Record a reminder; False when it was sent before."""
    try:
        with transaction.atomic():
            Reminder.objects.create(supplier=supplier, kind=kind, kpi=kpi, year=year, week=week)
    except IntegrityError:
        return False
    return True


def send_reminders(today: datetime.date | None = None) -> Outcome:
    today = today or timezone.localdate()
    outcome = Outcome()
    missing_by_trajectory: dict[int, list] = {}
    reports = periods.open_reports(today)
    suppliers = [r.supplier for r in reports]
    for report in reports:
        supplier = report.supplier
        missing_by_trajectory.setdefault(supplier.trajectory_id, []).extend((supplier, p) for p in report.periods)
        addresses = [user.email for user in report.reporters if user.email]
        if not addresses:
            continue
        for period in report.periods:
            kind = Reminder.Kind.OVERDUE if period.status == periods.OVERDUE else Reminder.Kind.DUE
            if not _record(supplier, kind, period.year, kpi=period.kpi):
                continue
            context = {
                "supplier": supplier,
                "period": period,
                "overdue": kind == Reminder.Kind.OVERDUE,
                "link": mail.absolute(reverse("suppliers:report", args=[supplier.pk, period.kpi.pk, period.year])),
            }
            outcome.messages += notifications.send_now("reminder", addresses, context)
            outcome.overdue += kind == Reminder.Kind.OVERDUE
            outcome.due += kind == Reminder.Kind.DUE
    _send_digests(today, suppliers, missing_by_trajectory, outcome)
    return outcome


def _send_digests(today, suppliers, missing_by_trajectory, outcome) -> None:
    iso_year, iso_week, _weekday = today.isocalendar()
    first_supplier: dict[int, Supplier] = {}
    for supplier in suppliers:
        first_supplier.setdefault(supplier.trajectory_id, supplier)
    for trajectory_id, missing in missing_by_trajectory.items():
        if not missing:
            continue
        supplier = first_supplier[trajectory_id]
        if not _record(supplier, Reminder.Kind.DIGEST, iso_year, week=iso_week):
            continue
        trajectory = supplier.trajectory
        context = {
            "trajectory": trajectory,
            "missing": missing,
            "link": mail.absolute(reverse("suppliers:list", args=[trajectory.pk])),
        }
        outcome.messages += notifications.send_now("digest", notifications.contract_team_addresses(trajectory), context)
        outcome.digests += 1
