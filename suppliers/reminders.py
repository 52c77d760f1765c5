"""Reminders to suppliers about due and overdue periods, and the weekly digest for the contract team.

Idempotent: each reminder is recorded (Reminder) before its e-mail goes out,
under a unique constraint, so running this twice (or on two servers at once)
sends nothing new. One reminder per due period, one per overdue period, and
one digest per contract per ISO week while something is missing.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from procurement.models import Trajectory

from . import notifications, periods
from .models import Invitation, Reminder, Supplier


@dataclass
class Outcome:
    due: int = 0
    overdue: int = 0
    digests: int = 0
    messages: int = 0
    details: list[str] = field(default_factory=list)


def active_suppliers():
    """Suppliers of open contracts with at least one person who may report."""
    active = Invitation.objects.unscoped().filter(
        supplier=OuterRef("pk"),
        accepted_by__isnull=False,
        revoked_at__isnull=True,
    )
    return (
        Supplier.objects.unscoped()
        .filter(Exists(active), trajectory__archived_at__isnull=True)
        .exclude(trajectory__status=Trajectory.Status.AVOIDED)
        .select_related("trajectory__organisation")
        .order_by("pk")
    )


def reporter_addresses(supplier) -> list[str]:
    invitations = supplier.invitations.filter(accepted_by__isnull=False, revoked_at__isnull=True).select_related(
        "accepted_by"
    )
    return [i.accepted_by.email for i in invitations if i.accepted_by.is_active and i.accepted_by.email]


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
    suppliers = list(active_suppliers())
    for supplier in suppliers:
        open_periods = [p for entry in periods.kpi_periods(supplier, today) for p in entry.periods if p.is_open]
        missing_by_trajectory.setdefault(supplier.trajectory_id, []).extend((supplier, p) for p in open_periods)
        addresses = reporter_addresses(supplier)
        if not addresses:
            continue
        for period in open_periods:
            kind = Reminder.Kind.OVERDUE if period.status == periods.OVERDUE else Reminder.Kind.DUE
            if not _record(supplier, kind, period.year, kpi=period.kpi):
                continue
            context = {
                "supplier": supplier,
                "period": period,
                "overdue": kind == Reminder.Kind.OVERDUE,
                "link": notifications.absolute(
                    reverse("suppliers:report", args=[supplier.pk, period.kpi.pk, period.year])
                ),
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
            "link": notifications.absolute(reverse("suppliers:list", args=[trajectory.pk])),
        }
        outcome.messages += notifications.send_now("digest", notifications.contract_team_addresses(trajectory), context)
        outcome.digests += 1
