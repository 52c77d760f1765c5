"""Deleting a product category: only when nothing refers to it, after confirmation, with history."""

from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from organisations.models import Organisation, ProductCategory
from organisations.scoping import unscoped_access
from procurement.models import Trajectory
from rladder.models import Milestone, ProductStrategy, RStrategy
from tests.factories import make_kpi, measure, start_trajectory

pytestmark = pytest.mark.django_db


def _category(world, name="Promotiemateriaal en relatiegeschenken") -> ProductCategory:
    return ProductCategory.objects.create(organisation=world.org_a, name=name, impact_weight=2)


def _url(category) -> str:
    return reverse("organisations:category_delete", args=[category.slug])


def _page(response) -> str:
    return unescape(response.content.decode())


def _with_strategy(category, milestones=2) -> ProductStrategy:
    ladder = {s.code: s for s in RStrategy.objects.all()}
    strategy = ProductStrategy.objects.create(
        category=category,
        baseline_date=date(2025, 1, 15),
        baseline_strategy=ladder["R8"],
        goal_year=2035,
        goal_strategy=ladder["R2"],
    )
    for year in range(milestones):
        Milestone.objects.create(strategy=strategy, year=2027 + year, target=ladder["R4"], description="Tussendoel.")
    return strategy


def test_an_unused_category_is_deleted_after_confirmation_and_stays_in_the_history(client, world):
    category = _category(world)
    client.force_login(world.users["chef"])
    page = _page(client.get(_url(category)))
    assert "Productcategorie “Promotiemateriaal en relatiegeschenken” verwijderen" in page
    assert "Er hangt verder niets aan deze categorie." in page
    assert "Ja, categorie verwijderen" in page

    response = client.post(_url(category), follow=True)
    assert response.redirect_chain == [(reverse("organisations:categories"), 302)]
    assert "De productcategorie “Promotiemateriaal en relatiegeschenken” is verwijderd." in _page(response)
    assert not ProductCategory.objects.filter(organisation=world.org_a, pk=category.pk).exists()
    deleted = ProductCategory.history.filter(id=category.pk).latest("history_date")
    assert (deleted.history_type, deleted.history_user) == ("-", world.users["chef"])


def test_the_edit_page_links_to_the_deletion(client, world):
    category = _category(world)
    client.force_login(world.users["chef"])
    page = _page(client.get(reverse("organisations:category_edit", args=[category.slug])))
    assert f'href="{_url(category)}"' in page and "Categorie verwijderen" in page


def test_the_strategy_and_its_milestones_are_named_and_go_with_the_category(client, world):
    category = _category(world)
    strategy = _with_strategy(category, milestones=3)
    client.force_login(world.users["chef"])
    page = _page(client.get(_url(category)))
    assert "Met de categorie worden ook verwijderd:" in page
    assert "1 productstrategie" in page and "3 mijlpalen" in page
    assert client.post(_url(category)).status_code == 302
    assert not ProductStrategy.objects.filter(pk=strategy.pk, category__organisation=world.org_a).exists()
    assert not Milestone.objects.filter(strategy_id=strategy.pk, strategy__category__organisation=world.org_a).exists()


def test_a_category_with_trajectories_is_refused_with_the_reason_and_nothing_is_deleted(client, world):
    category = _category(world)
    strategy = _with_strategy(category)
    trajectory = start_trajectory(world, title="Relatiegeschenken 2027", category=category)
    client.force_login(world.users["chef"])

    page = _page(client.get(_url(category)))
    assert "Deze categorie is nog in gebruik" in page
    assert "1 inkooptraject: Relatiegeschenken 2027" in page
    assert "Ja, categorie verwijderen" not in page  # no button to press
    assert "<title>Fout:" not in page  # asking is not an error

    response = client.post(_url(category))
    assert response.status_code == 409
    page = _page(response)
    assert "<title>Fout:" in page and 'href="#in-gebruik"' in page
    assert "Deze categorie is nog in gebruik en is niet verwijderd." in page
    assert ProductCategory.objects.filter(organisation=world.org_a, pk=category.pk).exists()
    assert ProductStrategy.objects.filter(pk=strategy.pk, category__organisation=world.org_a).exists()
    assert Trajectory.objects.for_organisation(world.org_a).get(pk=trajectory.pk).category == category


def test_kpis_and_measurements_keep_their_category(client, world):
    category = _category(world)
    kpi = make_kpi(world.org_a, name="Kilo's promotiemateriaal", category=category)
    measure(make_kpi(world.org_a, name="Totaal"), 2025, 10, category=category)
    client.force_login(world.users["chef"])
    page = _page(client.get(_url(category)))
    assert "1 KPI: Kilo's promotiemateriaal" in page and "1 meting" in page
    assert client.post(_url(category)).status_code == 409
    kpi.refresh_from_db()
    assert kpi.category == category


def test_many_referring_rows_are_summarised_with_a_fixed_query_budget(client, world, django_assert_max_num_queries):
    category = _category(world)
    for i in range(12):
        start_trajectory(world, title=f"Traject {i:02d}", category=category)
    client.force_login(world.users["chef"])
    with django_assert_max_num_queries(20):
        page = _page(client.get(_url(category)))
    assert "12 inkooptrajecten: Traject 00, Traject 01, Traject 02, Traject 03, Traject 04 en nog 7 andere" in page


def test_a_category_put_in_use_after_the_question_is_still_refused(client, world, monkeypatch):
    """Between the confirmation page and the POST a trajectory gets the category: the delete is refused."""
    from lib import deletion

    category = _category(world)
    start_trajectory(world, title="Net gestart", category=category)
    monkeypatch.setattr(deletion, "deletion_plan", lambda obj: ([], []))
    client.force_login(world.users["chef"])
    response = client.post(_url(category))
    assert response.status_code == 409
    assert ProductCategory.objects.filter(organisation=world.org_a, pk=category.pk).exists()


def test_members_who_do_not_manage_and_outsiders_cannot_delete(client, world):
    category = _category(world)
    client.force_login(world.users["inkoper"])
    assert client.post(_url(category)).status_code == 403
    client.force_login(world.users["outsider"])
    assert client.post(_url(category)).status_code == 404
    assert ProductCategory.objects.filter(organisation=world.org_a, pk=category.pk).exists()


def test_an_organisation_with_trajectories_in_categories_can_be_deleted_as_a_whole(world):
    """RESTRICT, not PROTECT: a category in use stays, unless its whole organisation goes."""
    org = Organisation.objects.create(name="Waterschap Delta", slug="waterschap-delta")
    category = ProductCategory.objects.create(organisation=org, name="Gemalen")
    start_trajectory(world, organisation=org, title="Gemaal Noord", category=category, team=[])
    make_kpi(org, category=category)
    org.delete()
    with unscoped_access():
        assert not Trajectory.objects.filter(title="Gemaal Noord").exists()
        assert not ProductCategory.objects.filter(name="Gemalen").exists()
