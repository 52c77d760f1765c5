"""Who may write: the organisation role's write permission AND the role on the object.

A lezer or duurzaamheidsadviseur reads; a place in a trajectory's team never
gives them more (Membership.object_role, read through procurement.access.team_role).
The team form refuses such a place with a Dutch message, and the permission
checks ignore one that was recorded anyway (an organisation role can change
after the team was set up). The access table asks every URL as a reader who
holds each team role (tests/access/world.py: READER_TEAM_PERSONAS).
"""

from html import unescape

import pytest
from django.urls import reverse

from kpis.access import can_enter_measurements, can_manage_kpi
from kpis.models import Kpi
from organisations.models import Membership, Role
from procurement.access import can_edit_trajectory, team_role
from procurement.models import PhaseRecord, Trajectory, TrajectoryMember
from tests.access.world import READER_TEAM_PERSONAS
from tests.factories import start_trajectory

pytestmark = pytest.mark.django_db

READ_ONLY_ROLES = [Role.LEZER, Role.DUURZAAMHEIDSADVISEUR]


def membership_of(world, persona) -> Membership:
    return Membership.objects.select_related("organisation").get(user=world.users[persona], organisation=world.org_a)


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("team", list(TrajectoryMember.TeamRole))
def test_a_team_role_counts_only_for_an_organisation_role_that_writes(role, team):
    counted = Membership(role=role).object_role(team)
    assert counted == (team if role not in READ_ONLY_ROLES else None)


@pytest.mark.parametrize("persona", list(READER_TEAM_PERSONAS))
def test_a_reader_on_every_team_may_change_nothing(world, persona):
    membership = membership_of(world, persona)
    user = world.users[persona]
    trajectories = list(Trajectory.objects.for_organisation(world.org_a))
    assert trajectories and all(t.team.filter(user=user).exists() for t in trajectories)  # on every team
    for trajectory in trajectories:
        assert team_role(membership, trajectory) is None
        assert not can_edit_trajectory(membership, trajectory)
    kpis = list(Kpi.objects.for_organisation(world.org_a).select_related("trajectory"))
    assert any(k.is_contract for k in kpis)
    for kpi in kpis:
        assert not can_enter_measurements(membership, kpi), kpi
        assert not can_manage_kpi(membership, kpi), kpi


def test_the_same_team_role_counts_for_an_organisation_role_that_writes(world):
    kpi = world.contract_kpi_a
    assert can_enter_measurements(membership_of(world, "contractmanager"), kpi)
    assert team_role(membership_of(world, "contractmanager"), kpi.trajectory) == "contractmanager"
    # Both halves of the rule: an inkoper writes, but enters measurements only as the team's contractmanager.
    inkoper = membership_of(world, "inkoper")
    assert can_edit_trajectory(inkoper, kpi.trajectory) and not can_enter_measurements(inkoper, kpi)
    kpi.trajectory.team.filter(user=world.users["inkoper"]).update(role=TrajectoryMember.TeamRole.CONTRACTMANAGER)
    assert can_enter_measurements(inkoper, kpi)


@pytest.mark.parametrize("persona", ["lezer_contractmanager", "adviseur_contractmanager"])
def test_a_reader_as_contractmanager_gets_no_entry_links_and_a_403(client, world, persona):
    kpi = world.contract_kpi_a
    client.force_login(world.users[persona])
    for url in (kpi.get_absolute_url(), reverse("kpis:contract_kpis", args=[kpi.trajectory_id])):
        page = text(client.get(url))
        assert kpi.name in page and "Metingen invoeren" not in page
    response = client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"row": "2025-0", "r2025q0-value": "45", "r2025q0-version": "0"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 403
    assert not kpi.measurements.exists()
    client.force_login(world.users["contractmanager"])
    assert "Metingen invoeren" in text(client.get(kpi.get_absolute_url()))


def _start_data(world, user, role):
    return {
        "title": "Schoonmaak 2027",
        "description": "Schoonmaakdiensten voor het stadskantoor.",
        "category": world.category_a.pk,
        "department": world.department_a.pk,
        "ambition": "R2",
        "team-TOTAL_FORMS": "2",
        "team-INITIAL_FORMS": "0",
        "team-0-user": world.users["inkoper"].pk,
        "team-0-role": "inkoper",
        "team-1-user": world.users[user].pk,
        "team-1-role": role,
        "groei-TOTAL_FORMS": "0",
        "groei-INITIAL_FORMS": "0",
    }


@pytest.mark.parametrize(
    ("user", "role", "message"),
    [
        ("lezer", "contractmanager", "Een lezer kan geen contractmanager in het team zijn"),
        ("lezer", "inkoper", "Een lezer kan geen inkoper in het team zijn"),
        ("lezer", "chef_circulair", "Een lezer kan geen chef circulair in het team zijn"),
        ("adviseur", "interne_opdrachtgever", "Een duurzaamheidsadviseur kan geen interne opdrachtgever in het team"),
    ],
)
def test_the_team_form_refuses_an_editing_team_role_for_a_reader(client, world, user, role, message):
    client.force_login(world.users["inkoper"])
    response = client.post(reverse("procurement:trajectory_create"), _start_data(world, user, role))
    assert response.status_code == 200
    page = text(response)
    assert 'id="error-summary"' in page and 'href="#id_team-1-role"' in page
    assert page.count(message) == 2  # in the summary and next to the field
    assert "Kies de rol ‘Anders’" in page
    assert not Trajectory.objects.for_organisation(world.org_a).filter(title="Schoonmaak 2027").exists()


def test_a_reader_may_be_on_the_team_as_anders_and_an_editor_in_any_role(client, world):
    client.force_login(world.users["inkoper"])
    response = client.post(reverse("procurement:trajectory_create"), _start_data(world, "lezer", "anders"))
    assert response.status_code == 302
    trajectory = Trajectory.objects.for_organisation(world.org_a).get(title="Schoonmaak 2027")
    assert trajectory.team.get(user=world.users["lezer"]).role == "anders"
    assert not can_edit_trajectory(membership_of(world, "lezer"), trajectory)
    data = _start_data(world, "opdrachtgever", "contractmanager") | {"title": "Schoonmaak 2028"}
    assert client.post(reverse("procurement:trajectory_create"), data).status_code == 302


def test_only_who_may_offer_sees_the_offer_button(client, world):
    """The button follows can_edit_trajectory, not the organisation role alone (it 403'd for others)."""
    trajectory = start_trajectory(world)  # team: inkoper, opdrachtgever
    TrajectoryMember.objects.create(trajectory=trajectory, user=world.users["lezer"], role="inkoper")
    trajectory.phases.filter(phase__order=1).update(status=PhaseRecord.Status.COMPLETED)
    url = reverse("procurement:phase_detail", args=[trajectory.pk, "startoverleg"])
    seen = {}
    for persona in ("opdrachtgever", "chef", "contractmanager", "lezer"):
        client.force_login(world.users[persona])
        seen[persona] = "Ter beoordeling aanbieden" in text(client.get(url))
    assert seen == {"opdrachtgever": True, "chef": True, "contractmanager": False, "lezer": False}
    client.force_login(world.users["contractmanager"])
    offer = client.post(reverse("procurement:offer_phase", args=[trajectory.pk, "startoverleg"]))
    assert offer.status_code == 403
