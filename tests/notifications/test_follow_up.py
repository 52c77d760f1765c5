"""A follow-up trajectory started from a contract-end notice shows what the previous one decided, its effect,
its contract KPIs' results and its lessons, linked; the previous one links to its follow-up."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpis.models import Kpi, Measurement
from learning.models import Lesson
from notifications.models import Kind, Notification, Renewal
from procurement.models import RDecision, Trajectory
from procurement.models.guidance import Phase
from rladder.models import RStrategy
from tests.factories import start_trajectory

pytestmark = pytest.mark.django_db


@pytest.fixture
def previous(world):
    trajectory = start_trajectory(
        world,
        title="Schoonmaak oud",
        contract_start=datetime.date(2022, 1, 1),
        contract_end=datetime.date(2026, 12, 31),
    )
    RDecision.objects.create(
        trajectory=trajectory,
        phase=Phase.objects.first(),
        chosen_strategy=RStrategy.objects.get(code="R2"),
        summary="Minder vaak schoonmaken waar het kan.",
        created_by=world.users["inkoper"],
    )
    kpi = Kpi.objects.create(
        organisation=world.org_a,
        trajectory=trajectory,
        scope=Kpi.Scope.CONTRACT,
        name="Liter schoonmaakmiddel",
        unit="l",
        baseline_value=Decimal("1000"),
        baseline_year=2021,
        goal_value=Decimal("600"),
        goal_year=2026,
        direction=Kpi.Direction.LOWER,
    )
    Measurement.objects.create(kpi=kpi, year=2023, quarter=0, value=Decimal("812"))
    Lesson.objects.create(trajectory=trajectory, kind=Lesson.Kind.TIP, text="Vraag doseersystemen uit.")
    return trajectory


def renew(world, client, previous) -> Trajectory:
    notice = Notification.objects.create(
        user=world.users["chef"],
        organisation=world.org_a,
        kind=Kind.CONTRACT_END,
        object_key=f"trajectory:{previous.pk}",
        due=previous.contract_end,
        title="Schoonmaak loopt af",
        link=previous.get_absolute_url(),
    )
    client.force_login(world.users["chef"])
    client.post(reverse("notifications:renew", args=[notice.pk]))
    return Renewal.objects.get(previous=previous).trajectory


def section(response) -> str:
    return response.text.split('id="vorig-traject"')[1].split("</section>")[0]


def test_the_follow_up_shows_the_decision_effect_kpi_results_and_lessons_of_the_previous_one(world, client, previous):
    follow_up = renew(world, client, previous)
    shown = section(client.get(follow_up.get_absolute_url()))
    assert f'href="{previous.get_absolute_url()}"' in shown and "Schoonmaak oud" in shown
    assert "R2" in shown and "Minder vaak schoonmaken waar het kan." in shown
    assert "Liter schoonmaakmiddel" in shown and "812" in shown
    assert "Vraag doseersystemen uit." in shown
    assert "Gerealiseerd" in shown  # the effect table, "onbekend" where nothing was measured
    back = section(client.get(previous.get_absolute_url()))
    assert f'href="{follow_up.get_absolute_url()}"' in back


def test_a_trajectory_without_a_predecessor_has_no_such_section_and_pays_one_query(world, client, previous):
    client.force_login(world.users["chef"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(previous.get_absolute_url())
    assert 'id="vorig-traject"' not in response.text
    assert sum("notifications_renewal" in q["sql"] for q in queries) == 1


def test_the_section_costs_the_same_with_more_kpis_and_lessons(world, client, previous):
    follow_up = renew(world, client, previous)
    with CaptureQueriesContext(connection) as few:
        client.get(follow_up.get_absolute_url())
    for i in range(5):
        Lesson.objects.create(trajectory=previous, kind=Lesson.Kind.WENT_WELL, text=f"Les {i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(follow_up.get_absolute_url())
    assert "Les 4" in section(response)
    assert len(many) == len(few)
