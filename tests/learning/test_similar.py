"""The "Vergelijkbare trajecten" panel on the R-decision page and on the page that starts a trajectory."""

import pytest
from django.urls import reverse

from chefcirculair.models import Organisation, ProductCategory
from learning.models import Lesson
from procurement.models import Trajectory
from tests.factories import decide, start_trajectory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def inkoper(client, world):
    client.force_login(world.users["inkoper"])
    return client


def setup_similar(world):
    earlier = start_trajectory(world, title="Eerdere laptops", category=world.category_a)
    decide(earlier, world.users["inkoper"], r1="ja")
    Lesson.objects.create(trajectory=earlier, kind="tip", text="Vraag naar refurbished.")
    other_category = ProductCategory.objects.create(organisation=world.org_a, name="Catering")
    start_trajectory(world, title="Koffie", category=other_category)
    org = Organisation.objects.create(name="Gemeente Zeta")
    category = ProductCategory.objects.create(organisation=org, name="ICT-hardware")
    theirs = Trajectory.objects.create(organisation=org, title="Zeta laptops", description="x", category=category)
    Lesson.objects.create(trajectory=theirs, kind="goed", text="Zeta deelt: laptops langer gebruiken.", shared=True)
    Lesson.objects.create(trajectory=theirs, kind="goed", text="Zeta intern.", shared=False)
    return earlier


def test_the_r_decision_page_shows_similar_trajectories_and_shared_lessons(inkoper, world):
    setup_similar(world)
    current = start_trajectory(world, title="Nieuwe laptops", category=world.category_a)
    page = text(inkoper.get(reverse("procurement:r_decision", args=[current.pk])))
    assert "Vergelijkbare trajecten" in page
    assert "Eerdere laptops" in page and "R1" in page and "Vraag naar refurbished." in page
    assert "mailto:inkoper@example.org" in page  # the team's contact
    assert "Zeta deelt: laptops langer gebruiken." in page
    assert "Zeta intern." not in page and "Zeta laptops" not in page and "Koffie" not in page


def test_the_start_page_shows_them_for_the_chosen_category(inkoper, world):
    setup_similar(world)
    url = reverse("procurement:trajectory_create")
    page = text(inkoper.get(url))
    assert "Kies een categorie" in page and "Eerdere laptops" not in page
    page = text(inkoper.get(url, {"vergelijk": world.category_a.slug}))
    assert "Eerdere laptops" in page and "Zeta deelt" in page
    assert inkoper.get(url, {"vergelijk": "<bestaat-niet>"}).status_code == 200


def test_the_r_decision_page_keeps_its_query_budget(inkoper, world, django_assert_max_num_queries):
    for _ in range(3):
        setup_similar_once = start_trajectory(world, category=world.category_a)
        Lesson.objects.create(trajectory=setup_similar_once, kind="tip", text="Een les.")
    current = start_trajectory(world, category=world.category_a)
    with django_assert_max_num_queries(24):
        assert inkoper.get(reverse("procurement:r_decision", args=[current.pk])).status_code == 200
