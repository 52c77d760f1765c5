"""Reporting periods of a supplier: per contract KPI, the years that are due or overdue.

A contract year is reportable once it has ended: from 1 January of the next
year it is *due*, and SUPPLIER_REPORT_DAYS later *overdue*, until the official
figure of that year exists (an accepted submission, or a measurement the
contractmanager entered). Only the years after the KPI's baseline year, within
its goal year and within the contract's start and end, are reporting periods.

A supplier always gets at least SUPPLIER_REPORT_DAYS from the day it was first
invited: a period whose usual deadline passed before then (or falls sooner) is
due until that many days after the invitation, not "te laat", and the page says why.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, Min, OuterRef, Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kpis import dashboard
from kpis.models import Kpi, Measurement
from procurement.models import Trajectory

from .models import Invitation, Submission, Supplier

DUE, OVERDUE, WAITING, DONE, UPCOMING = "due", "overdue", "waiting", "done", "upcoming"
STATUS_LABELS = {
    DUE: _("Te rapporteren"),
    OVERDUE: _("Te laat"),
    WAITING: _("Ingediend, wacht op beoordeling"),
    DONE: _("Vastgesteld"),
    UPCOMING: _("Nog niet aan de beurt"),
}


@dataclass
class Period:
    kpi: Kpi
    year: int
    target: Decimal | None
    deadline: datetime.date
    status: str
    official: Decimal | None = None
    returned_comment: str = ""
    invited_on: datetime.date | None = None  # set when the deadline counts from the supplier's invitation

    @property
    def is_open(self) -> bool:
        return self.status in {DUE, OVERDUE}

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def deadline_note(self) -> str:
        """Why an open period's deadline is later than usual: it counts from the supplier's invitation."""
        if self.invited_on is None or not self.is_open:
            return ""
        days = settings.SUPPLIER_REPORT_DAYS
        return ngettext(
            "Je hebt %(days)d dag vanaf je uitnodiging op %(date)s.",
            "Je hebt %(days)d dagen vanaf je uitnodiging op %(date)s.",
            days,
        ) % {"days": days, "date": date_format(self.invited_on, "j F Y")}


@dataclass
class KpiPeriods:
    kpi: Kpi
    targets: list = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)


def deadline_of(year: int) -> datetime.date:
    return datetime.date(year + 1, 1, 1) + datetime.timedelta(days=settings.SUPPLIER_REPORT_DAYS)


def contract_years(kpi: Kpi) -> range:
    trajectory = kpi.trajectory
    if trajectory is None:
        raise ValueError("Only a contract KPI has contract years")
    first = kpi.baseline_year + 1
    last = kpi.goal_year
    if trajectory.contract_start:
        first = max(first, trajectory.contract_start.year)
    if trajectory.contract_end:
        last = min(last, trajectory.contract_end.year)
    return range(first, last + 1)


def kpi_periods(supplier, today: datetime.date | None = None) -> list[KpiPeriods]:
    """Per contract KPI of the supplier's contract: its yearly targets and its reporting periods (5 queries)."""
    return kpi_periods_of([supplier], today)[supplier.pk]


def kpi_periods_of(suppliers, today: datetime.date | None = None) -> dict[int, list[KpiPeriods]]:
    """``kpi_periods`` of many suppliers at once, by supplier id: 5 queries, however many suppliers."""
    today = today or timezone.localdate()
    suppliers = list(suppliers)
    if not suppliers:
        return {}
    supplier_ids = [s.pk for s in suppliers]
    first_invited = {
        supplier_id: timezone.localdate(first)
        for supplier_id, first in Invitation.objects.unscoped()
        .filter(supplier_id__in=supplier_ids, created_at__date__lte=today)
        .values("supplier_id")
        .annotate(first=Min("created_at"))
        .values_list("supplier_id", "first")
    }
    kpis = list(
        Kpi.objects.unscoped()
        .filter(trajectory_id__in={s.trajectory_id for s in suppliers}, scope=Kpi.Scope.CONTRACT)
        .select_related("strategy", "trajectory")
    )
    overrides = dashboard.target_overrides(kpis)
    official = {
        (kpi_id, year): value
        for kpi_id, year, value in Measurement.objects.unscoped()
        .filter(kpi__in=kpis, quarter=0, department__isnull=True, category__isnull=True)
        .values_list("kpi_id", "year", "value")
    }
    latest: dict[int, dict[tuple[int, int], Submission]] = defaultdict(dict)
    for submission in (
        Submission.objects.unscoped().filter(supplier_id__in=supplier_ids, kpi__in=kpis).order_by("submitted_at", "pk")
    ):
        latest[submission.supplier_id][submission.kpi_id, submission.year] = submission
    result: dict[int, list[KpiPeriods]] = {}
    for supplier in suppliers:
        invited = first_invited.get(supplier.pk)
        entries = []
        for kpi in kpis:
            if kpi.trajectory_id != supplier.trajectory_id:
                continue
            targets = kpi.targets(overrides[kpi.pk])
            by_year = {t.year: t.value for t in targets}
            entry = KpiPeriods(kpi=kpi, targets=targets)
            for year in contract_years(kpi):
                if datetime.date(year, 12, 31) >= today:
                    break
                entry.periods.append(
                    _period(kpi, year, by_year.get(year), today, official, latest[supplier.pk], invited)
                )
            entries.append(entry)
        result[supplier.pk] = entries
    return result


def active_suppliers():
    """Suppliers of open contracts with at least one person who may report."""
    active = Invitation.objects.unscoped().filter(
        supplier=OuterRef("pk"), accepted_by__isnull=False, revoked_at__isnull=True
    )
    return (
        Supplier.objects.unscoped()
        .filter(Exists(active), trajectory__in=Trajectory.objects.unscoped().open())
        .select_related("trajectory__organisation")
        .order_by("pk")
    )


@dataclass
class OpenReports:
    """A supplier, who reports for it, and its reporting periods that are due or overdue."""

    supplier: Supplier
    reporters: list  # active users with an accepted invitation that was not revoked
    periods: list[Period]


def open_reports(today: datetime.date, prefetch: tuple[str, ...] = ()) -> list[OpenReports]:
    """Every active supplier's open reporting periods and reporters (7 queries, plus one per ``prefetch``)."""
    accepted = Prefetch(
        "invitations",
        queryset=Invitation.objects.unscoped()
        .filter(accepted_by__isnull=False, revoked_at__isnull=True)
        .select_related("accepted_by")
        .order_by("pk"),
        to_attr="accepted_invitations",
    )
    suppliers = list(active_suppliers().prefetch_related(accepted, *prefetch))
    by_supplier = kpi_periods_of(suppliers, today)
    return [
        OpenReports(
            supplier,
            [i.accepted_by for i in supplier.accepted_invitations if i.accepted_by.is_active],
            [p for entry in by_supplier[supplier.pk] for p in entry.periods if p.is_open],
        )
        for supplier in suppliers
    ]


def _period(kpi, year, target, today, official, latest, invited=None) -> Period:
    deadline = deadline_of(year)
    from_invitation = invited + datetime.timedelta(days=settings.SUPPLIER_REPORT_DAYS) if invited else None
    extended = from_invitation is not None and from_invitation > deadline
    if from_invitation is not None and extended:
        deadline = from_invitation
    submission = latest.get((kpi.pk, year))
    value = official.get((kpi.pk, year))
    if submission is not None and submission.status == submission.Status.WAITING:
        status = WAITING
    elif value is not None:
        status = DONE
    else:
        status = OVERDUE if today > deadline else DUE
    comment = submission.review_comment if submission is not None and submission.status == "returned" else ""
    return Period(
        kpi,
        year,
        target,
        deadline,
        status,
        official=value,
        returned_comment=comment,
        invited_on=invited if extended else None,
    )


def open_period(supplier, kpi: Kpi, year: int, today: datetime.date | None = None) -> Period | None:
    """The period if the supplier may report it now (due or overdue, nothing waiting), else None."""
    for entry in kpi_periods(supplier, today):
        if entry.kpi.pk == kpi.pk:
            return next((p for p in entry.periods if p.year == year and p.is_open), None)
    return None
