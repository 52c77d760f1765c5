"""A year walked day by day through the scheduler: every deadline kind fires once and only once."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from api.models import ApiToken
from notifications import deadlines, scheduler
from notifications.models import JobRun, Kind, Notification, NotificationSettings
from procurement.models import GrowthStep, PhaseRecord
from rladder.models import Milestone, ProductStrategy, RStrategy
from suppliers.models import Invitation
from tests.factories import make_kpi, start_trajectory

pytestmark = pytest.mark.django_db

YEAR = 2026


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def days_of(year):
    day = datetime.date(year, 1, 1)
    while day.year == year:
        yield day
        day += datetime.timedelta(days=1)


@pytest.fixture
def deadlines_of_a_year(world):
    users = world.users
    trajectory = start_trajectory(
        world, title="Schoonmaak", contract_start=datetime.date(2024, 6, 1), contract_end=datetime.date(2027, 3, 31)
    )
    GrowthStep.objects.create(trajectory=trajectory, year=3, strategy=RStrategy.objects.get(code="R2"))
    record = trajectory.phases.select_related("phase").get(phase__order=1)
    PhaseRecord.objects.unscoped().filter(pk=record.pk).update(
        review_status=PhaseRecord.ReviewStatus.IN_REVIEW, offered_at=noon(datetime.date(YEAR, 5, 1))
    )
    # The supplier was invited in 2025 (the world is built today): its 2025 deadline is the usual one.
    Invitation.objects.unscoped().filter(supplier=world.supplier_a).update(created_at=noon(datetime.date(2025, 6, 1)))
    kpi = make_kpi(world.org_a, name="Restafval stadskantoor")
    strategy, _created = ProductStrategy.objects.get_or_create(
        category=world.category_a,
        defaults={
            "baseline_date": datetime.date(2025, 1, 1),
            "baseline_strategy": RStrategy.objects.get(code="R8"),
            "goal_year": 2030,
            "goal_strategy": RStrategy.objects.get(code="R1"),
        },
    )
    milestone = Milestone.objects.create(
        strategy=strategy, year=YEAR, target=RStrategy.objects.get(code="R1"), description="Half gedeeld."
    )
    token, _secret = ApiToken.issue(
        organisation=world.org_a,
        name="Power BI",
        scopes=["read"],
        expires_at=noon(datetime.date(YEAR, 8, 15)),
        created_by=users["chef"],
    )
    return {
        "trajectory": f"trajectory:{trajectory.pk}",
        "growth": f"growth:{trajectory.growth_steps.get().pk}",
        "phase": f"phase:{record.pk}",
        "kpi": f"kpi:{kpi.pk}",
        "milestone": f"milestone:{milestone.pk}",
        "apitoken": f"apitoken:{token.pk}",
        "supplier": f"supplier:{world.supplier_a.pk}:{world.supplier_kpi_a.pk}:2025",
    }


def mine(keys):
    rows = Notification.objects.unscoped().filter(object_key__in=keys.values())
    return Counter((n.kind, n.object_key, n.user.username, n.due) for n in rows.select_related("user"))


def test_each_deadline_kind_fires_once_and_only_once_in_a_year_with_two_schedulers(world, deadlines_of_a_year):
    keys = deadlines_of_a_year
    first_seen = {}
    for day in days_of(YEAR):
        # Two scheduler processes tick at the same moment: only one of them runs the job.
        runs = [*scheduler.run_due_jobs(noon(day), only={"notifications"})]
        runs += scheduler.run_due_jobs(noon(day), only={"notifications"})
        assert len(runs) == 1
        for key in mine(keys):
            first_seen.setdefault(key, day)
    fired = mine(keys)
    assert set(fired.values()) == {1}, "a deadline fired twice"
    by_kind = {(kind, user): (due, first_seen[(kind, okey, user, due)]) for kind, okey, user, due in fired}
    chef = "chef"
    assert by_kind[(Kind.CONTRACT_END, chef)] == (datetime.date(2027, 3, 31), datetime.date(2026, 3, 31))
    assert {u for k, u in by_kind if k == Kind.CONTRACT_END} == {"inkoper", "opdrachtgever", "chef"}
    assert by_kind[(Kind.GROWTH_STEP, "inkoper")] == (datetime.date(2026, 6, 1), datetime.date(2026, 4, 2))
    assert by_kind[(Kind.REVIEW_WAITING, chef)] == (datetime.date(2026, 5, 15), datetime.date(2026, 5, 15))
    assert {u for k, u in by_kind if k == Kind.REVIEW_WAITING} == {chef}
    assert by_kind[(Kind.TARGETS_TIGHTEN, chef)] == (datetime.date(2027, 1, 1), datetime.date(2026, 12, 1))
    assert by_kind[(Kind.MILESTONE, chef)] == (datetime.date(2026, 12, 31), datetime.date(2026, 9, 30))
    assert by_kind[(Kind.API_KEY_EXPIRES, chef)] == (datetime.date(2026, 8, 15), datetime.date(2026, 8, 1))
    due = by_kind[(Kind.SUPPLIER_REPORT_DUE, "supplier")]
    overdue = by_kind[(Kind.SUPPLIER_REPORT_OVERDUE, "supplier")]
    assert due == (datetime.date(2026, 4, 1), datetime.date(2026, 1, 1))
    assert overdue == (datetime.date(2026, 4, 1), datetime.date(2026, 4, 2))
    assert {kind for kind, _user in by_kind} == set(Kind.values)
    # Walking the year again adds nothing.
    before = Notification.objects.unscoped().count()
    for day in days_of(YEAR):
        deadlines.fire(day)
    assert Notification.objects.unscoped().count() == before
    assert JobRun.objects.filter(job="notifications").count() == 365


def test_the_contract_end_notice_follows_the_organisation_setting(world):
    trajectory = start_trajectory(
        world, contract_start=datetime.date(2024, 1, 1), contract_end=datetime.date(2027, 3, 31)
    )
    NotificationSettings.objects.create(organisation=world.org_a, contract_end_months=6)
    notices = Notification.objects.unscoped().filter(kind=Kind.CONTRACT_END, object_key=f"trajectory:{trajectory.pk}")
    deadlines.fire(datetime.date(2026, 9, 29))
    assert not notices.exists()
    deadlines.fire(datetime.date(2026, 9, 30))
    assert notices.count() == 3  # inkoper, opdrachtgever and the chef circulair


def test_a_moved_contract_end_is_a_new_deadline(world):
    trajectory = start_trajectory(world, contract_end=datetime.date(2026, 12, 31))
    deadlines.fire(datetime.date(2026, 6, 1))
    trajectory.contract_end = datetime.date(2027, 2, 28)
    trajectory.save()
    deadlines.fire(datetime.date(2026, 6, 2))
    dues = set(
        Notification.objects.for_user(world.users["chef"])
        .filter(object_key=f"trajectory:{trajectory.pk}")
        .values_list("due", flat=True)
    )
    assert dues == {datetime.date(2026, 12, 31), datetime.date(2027, 2, 28)}


def test_a_reader_on_the_team_and_someone_who_left_get_no_notice(world):
    trajectory = start_trajectory(world, contract_end=datetime.date(2026, 12, 31))
    world.users["inkoper"].memberships.all().delete()
    deadlines.fire(datetime.date(2026, 6, 1))
    users = set(
        Notification.objects.unscoped()
        .filter(object_key=f"trajectory:{trajectory.pk}")
        .values_list("user__username", flat=True)
    )
    assert users == {"opdrachtgever", "chef"}
    assert timezone.now()  # the clock is not frozen: every date above is passed in
