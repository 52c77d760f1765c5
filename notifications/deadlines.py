"""Deadlines from the domain, and turning them into notifications that fire once and only once.

A *source* is a function ``(today) -> iterable of Deadline``: the deadlines that
should be visible on ``today``. ``fire(today)`` stores each as a Notification under
the unique key (user, kind, object key, due date): running it again, the same day
or a year later, on one process or two at once, adds nothing that was there. A
changed due date (a contract extended) is a new deadline, so it fires again.

Sources of apps above this one (the API keys of ``api``) register in ``sources``.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kpis.models import Kpi
from lib.extension_points import ExtensionPoint
from organisations.models import Membership, Role
from procurement.models import GrowthStep, PhaseRecord, Trajectory
from rladder.models import Milestone
from suppliers import periods

from .models import Kind, MutedKind, Notification, NotificationSettings, Renewal

GROWTH_LEAD = datetime.timedelta(days=60)
MILESTONE_LEAD = datetime.timedelta(days=92)


@dataclass(frozen=True)
class Deadline:
    user_id: int
    organisation_id: int
    kind: str
    object_key: str
    due: datetime.date
    title: str
    link: str


sources: ExtensionPoint = ExtensionPoint("deadline sources: (today) -> iterable of notifications.deadlines.Deadline")


# --- who hears of it ----------------------------------------------------------


class People:
    """Memberships by organisation, read once per run: who may still act, who reviews."""

    def __init__(self):
        self.roles: dict[int, dict[int, Membership]] = defaultdict(dict)
        for membership in Membership.objects.unscoped().select_related(None).only("user_id", "organisation_id", "role"):
            self.roles[membership.organisation_id][membership.user_id] = membership

    def chefs(self, organisation_id: int) -> list[int]:
        return [u for u, m in self.roles[organisation_id].items() if m.role == Role.CHEF_CIRCULAIR]

    def team(self, trajectory: Trajectory) -> list[int]:
        """Team members whose organisation role lets them act, and the organisation's chefs circulair."""
        members = self.roles[trajectory.organisation_id]
        team = [
            member.user_id
            for member in trajectory.team.all()
            if member.user_id in members and members[member.user_id].object_role(member.role)
        ]
        return list(dict.fromkeys([*team, *self.chefs(trajectory.organisation_id)]))

    def is_member(self, user_id: int, organisation_id: int) -> bool:
        return user_id in self.roles[organisation_id]


def _settings(organisation_ids) -> dict[int, NotificationSettings]:
    stored = {
        s.organisation_id: s
        for s in NotificationSettings.objects.unscoped().filter(organisation_id__in=organisation_ids)
    }
    return {pk: stored.get(pk) or NotificationSettings(organisation_id=pk) for pk in organisation_ids}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months`` (negative: back), on the last day of a shorter month."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def _open_trajectories():
    return Trajectory.objects.unscoped().open().prefetch_related("team")


# --- the sources ---------------------------------------------------------------


def contract_end(today: datetime.date, people: People) -> Iterable[Deadline]:
    """N months before the contract ends (per organisation, default 12): reconsider the need (R0/R1)."""
    renewed = Renewal.objects.unscoped().values("previous_id")
    trajectories = list(_open_trajectories().filter(contract_end__gte=today).exclude(pk__in=renewed))
    settings = _settings({t.organisation_id for t in trajectories})
    for trajectory in trajectories:
        months = settings[trajectory.organisation_id].contract_end_months
        if add_months(trajectory.contract_end, -months) > today:
            continue
        title = _("Het contract %(title)s loopt af: heroverweeg de behoefte (R0 en R1).") % {"title": trajectory.title}
        for user_id in people.team(trajectory):
            yield Deadline(
                user_id,
                trajectory.organisation_id,
                Kind.CONTRACT_END,
                f"trajectory:{trajectory.pk}",
                trajectory.contract_end,
                title,
                trajectory.get_absolute_url(),
            )


def growth_steps(today: datetime.date, people: People) -> Iterable[Deadline]:
    """The groeimodel's next contract year: 60 days before it starts."""
    steps = (
        GrowthStep.objects.unscoped()
        .filter(
            year__gte=2, trajectory__contract_start__isnull=False, trajectory__in=Trajectory.objects.unscoped().open()
        )
        .select_related("trajectory", "strategy")
        .prefetch_related("trajectory__team")
    )
    for step in steps:
        trajectory = step.trajectory
        starts = add_months(trajectory.contract_start, 12 * (step.year - 1))
        if not (starts - GROWTH_LEAD <= today <= starts):
            continue
        title = _("Groeimodel van %(title)s: jaar %(year)s begint, met %(strategy)s.") % {
            "title": trajectory.title,
            "year": step.year,
            "strategy": step.strategy.code,
        }
        for user_id in people.team(trajectory):
            yield Deadline(
                user_id,
                trajectory.organisation_id,
                Kind.GROWTH_STEP,
                f"growth:{step.pk}",
                starts,
                title,
                trajectory.get_absolute_url(),
            )


def supplier_reports(today: datetime.date, people: People) -> Iterable[Deadline]:
    """Reporting periods that are due or overdue: to the supplier's reporters, overdue ones also to the team."""
    for report in periods.open_reports(today, prefetch=("trajectory__team",)):
        supplier, reporters = report.supplier, [user.pk for user in report.reporters]
        trajectory = supplier.trajectory
        for period in report.periods:
            overdue = period.status == periods.OVERDUE
            kind = Kind.SUPPLIER_REPORT_OVERDUE if overdue else Kind.SUPPLIER_REPORT_DUE
            title = (
                _("%(supplier)s: rapportage %(kpi)s over %(year)s is te laat.")
                if overdue
                else _("%(supplier)s: rapporteer %(kpi)s over %(year)s.")
            ) % {"supplier": supplier.name, "kpi": period.kpi.name, "year": period.year}
            link = reverse("suppliers:report", args=[supplier.pk, period.kpi.pk, period.year])
            key = f"supplier:{supplier.pk}:{period.kpi.pk}:{period.year}"
            for user_id in reporters:
                yield Deadline(user_id, trajectory.organisation_id, kind, key, period.deadline, title, link)
            if overdue:
                team_link = reverse("suppliers:list", args=[trajectory.pk])
                for user_id in people.team(trajectory):
                    yield Deadline(user_id, trajectory.organisation_id, kind, key, period.deadline, title, team_link)


def reviews_waiting(today: datetime.date, people: People) -> Iterable[Deadline]:
    """Phases offered for review longer than N days ago (per organisation, default 14): to the chefs circulair."""
    records = list(
        PhaseRecord.objects.unscoped()
        .filter(review_status=PhaseRecord.ReviewStatus.IN_REVIEW, offered_at__isnull=False)
        .select_related("trajectory", "phase")
    )
    settings = _settings({r.trajectory.organisation_id for r in records})
    for record in records:
        organisation_id = record.trajectory.organisation_id
        due = record.offered_at.date() + datetime.timedelta(days=settings[organisation_id].review_wait_days)
        if due > today:
            continue
        title = _("%(phase)s van %(title)s wacht op beoordeling sinds %(date)s.") % {
            "phase": record.phase.title,
            "title": record.trajectory.title,
            "date": record.offered_at.date().strftime("%d-%m-%Y"),
        }
        for user_id in people.chefs(organisation_id):
            yield Deadline(
                user_id,
                organisation_id,
                Kind.REVIEW_WAITING,
                f"phase:{record.pk}",
                due,
                title,
                record.get_absolute_url(),
            )


def targets_tighten(today: datetime.date, people: People) -> Iterable[Deadline]:
    """In December: the KPIs whose target for next year is stricter than this year's, to the chefs circulair."""
    if today.month != 12:
        return
    next_year = today.year + 1
    kpis = (
        Kpi.objects.unscoped()
        .filter(baseline_year__lt=next_year, goal_year__gte=next_year)
        .prefetch_related("overrides")
    )
    for kpi in kpis:
        by_year = {t.year: t.value for t in kpi.targets()}
        if next_year not in by_year or by_year.get(today.year) == by_year[next_year]:
            continue
        organisation_id = kpi.organisation_id
        title = _("Het doel van %(kpi)s verandert op 1 januari %(year)s.") % {"kpi": kpi.name, "year": next_year}
        for user_id in people.chefs(organisation_id):
            yield Deadline(
                user_id,
                organisation_id,
                Kind.TARGETS_TIGHTEN,
                f"kpi:{kpi.pk}",
                datetime.date(next_year, 1, 1),
                title,
                reverse("kpis:dashboard"),
            )


def milestones(today: datetime.date, people: People) -> Iterable[Deadline]:
    """A product strategy's milestone of this year, from October: to the strategy's owner and the chefs."""
    due = datetime.date(today.year, 12, 31)
    if today < due - MILESTONE_LEAD:
        return
    this_year = Milestone.objects.unscoped().filter(year=today.year).select_related("strategy__category", "target")
    for milestone in this_year:
        category = milestone.strategy.category
        title = _("Mijlpaal %(year)s van de strategie voor %(category)s: %(target)s.") % {
            "year": milestone.year,
            "category": category.name,
            "target": milestone.target.code,
        }
        owner = milestone.strategy.owner_id
        users = [
            *([owner] if owner and people.is_member(owner, category.organisation_id) else []),
            *people.chefs(category.organisation_id),
        ]
        for user_id in dict.fromkeys(users):
            yield Deadline(
                user_id,
                category.organisation_id,
                Kind.MILESTONE,
                f"milestone:{milestone.pk}",
                due,
                title,
                reverse("procurement:category_strategy", args=[category.slug]),
            )


BUILT_IN: list[Callable] = [contract_end, growth_steps, supplier_reports, reviews_waiting, targets_tighten, milestones]


def current(today: datetime.date) -> list[Deadline]:
    people = People()
    found = []
    for source in [*BUILT_IN, *sources]:
        found.extend(source(today, people))
    return found


def fire(today: datetime.date) -> int:
    """Store today's deadlines as notifications (each once and only once); return how many are new.

    A kind its person switched off (MutedKind) is not stored for them: switched on again, it fires
    on the next run for whatever is still due.
    """
    muted = set(MutedKind.objects.values_list("user_id", "kind"))
    found = [d for d in current(today) if (d.user_id, d.kind) not in muted]
    before = Notification.objects.unscoped().count()
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=d.user_id,
                organisation_id=d.organisation_id,
                kind=d.kind,
                object_key=d.object_key,
                due=d.due,
                title=d.title[:300],
                link=d.link,
            )
            for d in dict.fromkeys(found)
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    return Notification.objects.unscoped().count() - before


def refire_after_import(notification_ids: list[int]) -> None:
    """After an organisation's import: drop its imported notifications (old object keys), fire today's again."""
    Notification.objects.unscoped().filter(pk__in=notification_ids).delete()
    fire(timezone.localdate())
