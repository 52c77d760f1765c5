"""Departments (afdelingen): the chef circulair adds, renames and deletes them; records keep theirs."""

from html import unescape

import pytest
from django.urls import reverse

from organisations.models import Department, Membership
from procurement.models import Trajectory
from tests.factories import make_kpi, measure, start_trajectory

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def chef(client, world):
    client.force_login(world.users["chef"])
    return client


def test_members_see_the_departments_with_their_member_counts_and_only_the_chef_may_change(client, world):
    client.force_login(world.users["inkoper"])
    page = _page(client.get(reverse("organisations:departments")))
    members = Membership.objects.filter(organisation=world.org_a, department=world.department_a).count()
    assert "Inkoop" in page and f'<td class="text-end">{members}</td>' in page
    assert "Afdeling toevoegen" not in page and "Wijzigen" not in page
    client.force_login(world.users["chef"])
    page = _page(client.get(reverse("organisations:departments")))
    assert reverse("organisations:department_edit", args=[world.department_a.pk]) in page


def test_the_chef_adds_and_renames_a_department(chef, world):
    response = chef.post(reverse("organisations:department_create"), {"name": "  Facilitair   bedrijf "})
    assert response.status_code == 302
    department = Department.objects.get(organisation=world.org_a, name="Facilitair bedrijf")
    url = reverse("organisations:department_edit", args=[department.pk])
    response = chef.post(url, {"name": "Facilitair"}, follow=True)
    assert "De afdeling “Facilitair” is opgeslagen." in _page(response)
    department.refresh_from_db()
    assert department.name == "Facilitair"
    assert department.history.latest("history_date").history_user == world.users["chef"]


@pytest.mark.parametrize("name", ["Inkoop", "inKOOP", " Inkoop  "])
def test_a_duplicate_name_is_refused_in_dutch_and_nothing_is_saved(chef, world, name):
    before = Department.objects.filter(organisation=world.org_a).count()
    response = chef.post(reverse("organisations:department_create"), {"name": name})
    page = _page(response)
    assert response.status_code == 200
    assert "<title>Fout: " in page and 'href="#id_name"' in page
    assert f"Er bestaat al een afdeling met de naam “{name.strip()}”." in page
    assert Department.objects.filter(organisation=world.org_a).count() == before


def test_an_empty_name_is_refused(chef, world):
    response = chef.post(reverse("organisations:department_create"), {"name": "   "})
    assert response.status_code == 200 and "<title>Fout: " in _page(response)


def test_the_same_name_is_fine_in_another_organisation(client, world):
    client.force_login(world.users["outsider"])
    response = client.post(reverse("organisations:department_create"), {"name": "Juridische zaken"})
    assert response.status_code == 302
    assert Department.objects.filter(organisation=world.org_b, name="Juridische zaken").exists()
    client.force_login(world.users["chef"])
    assert client.post(reverse("organisations:department_create"), {"name": "Juridische zaken"}).status_code == 302


def test_an_unused_department_is_deleted_and_its_members_keep_their_membership(chef, world):
    department = Department.objects.create(organisation=world.org_a, name="Communicatie")
    member = Membership.objects.get(organisation=world.org_a, user=world.users["lezer"])
    member.department = department
    member.save()
    url = reverse("organisations:department_delete", args=[department.pk])
    page = _page(chef.get(url))
    assert "Afdeling “Communicatie” verwijderen" in page and "Ja, afdeling verwijderen" in page
    response = chef.post(url, follow=True)
    assert "De afdeling “Communicatie” is verwijderd." in _page(response)
    assert not Department.objects.filter(organisation=world.org_a, pk=department.pk).exists()
    member.refresh_from_db()
    assert member.department is None


def test_a_department_of_trajectories_kpis_or_measurements_is_kept(chef, world):
    department = Department.objects.create(organisation=world.org_a, name="Wijkbeheer")
    start_trajectory(world, title="Strooizout 2027", department=department)
    kpi = make_kpi(world.org_a, name="Tonnen strooizout", department=department)
    measure(kpi, 2025, 12, department=department)
    url = reverse("organisations:department_delete", args=[department.pk])
    page = _page(chef.get(url))
    assert "Deze afdeling is nog in gebruik" in page
    assert "1 inkooptraject: Strooizout 2027" in page and "1 KPI: Tonnen strooizout" in page and "1 meting" in page
    response = chef.post(url)
    assert response.status_code == 409 and "Deze afdeling is nog in gebruik en is niet verwijderd." in _page(response)
    assert Trajectory.objects.for_organisation(world.org_a).get(title="Strooizout 2027").department == department


def test_the_department_pages_keep_their_query_budget(chef, world, django_assert_max_num_queries):
    for i in range(15):
        Department.objects.create(organisation=world.org_a, name=f"Afdeling {i:02d}")
    with django_assert_max_num_queries(8):
        page = _page(chef.get(reverse("organisations:departments")))
    assert "Afdeling 14" in page
