"""Mijn trajecten: every change a row shows appears at once."""

import pytest
from django.urls import reverse
from django.utils import timezone

from procurement.models import PhaseRecord, Trajectory
from rladder.models import RStrategy
from tests.factories import start_trajectory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, world):
    client.force_login(world.users["inkoper"])

    def get(**query) -> str:
        """The two lists (the page around them carries a fresh CSP nonce each time)."""
        response = client.get(reverse("procurement:my_trajectories"), query)
        assert response.status_code == 200
        return response.content.decode().split('<div id="trajectory-lists">', 1)[1]

    return get


def test_every_change_a_row_shows_appears_at_once(page, world):
    trajectory = start_trajectory(world, title="Kantoormeubilair", category=world.category_a)
    first = page()
    assert "Kantoormeubilair" in first and str(world.category_a) in first

    Trajectory.objects.for_organisation(world.org_a).filter(pk=trajectory.pk).update(title="Kantoorstoelen")
    assert "Kantoorstoelen" in page() and "Kantoormeubilair" not in page()

    world.category_a.name = "Werkplekinrichting"
    world.category_a.save()
    assert "Werkplekinrichting" in page()

    record = trajectory.phases.get(phase__order=1)
    PhaseRecord.objects.filter(pk=record.pk, trajectory=trajectory).update(status=PhaseRecord.Status.COMPLETED)
    assert "1 van 6 fasen afgerond" in page()

    strategy = RStrategy.objects.get(code="R2")
    Trajectory.objects.for_organisation(world.org_a).filter(pk=trajectory.pk).update(chosen_strategy=strategy)
    assert f"R2 {strategy.name_nl}" in page()
    strategy.name_nl = "Verminderen (herzien)"
    strategy.save()
    assert "R2 Verminderen (herzien)" in page()

    Trajectory.objects.for_organisation(world.org_a).filter(pk=trajectory.pk).update(archived_at=timezone.now())
    assert "Kantoorstoelen" not in page()
    assert "Gearchiveerd</span>" in page(status="gearchiveerd")
