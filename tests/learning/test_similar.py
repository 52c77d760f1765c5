"""The "Vergelijkbare trajecten" panel on the R-decision page and on the page that starts a trajectory."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning import sections
from learning.models import Lesson
from organisations.models import Organisation, ProductCategory
from procurement.models import Trajectory, TrajectoryEffect
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


def with_effect(trajectory, **totals):
    """Set the stored totals (an R-decision may already have made the effect row)."""
    TrajectoryEffect.objects.update_or_create(trajectory=trajectory, defaults={"term_years": Decimal(4), **totals})


def test_the_panel_shows_the_avoided_kilos_of_the_stored_effect(inkoper, world):
    earlier = setup_similar(world)
    with_effect(earlier, planned_kg_material=Decimal("1250.5"), planned_kg_co2e=Decimal("830"))
    without = start_trajectory(world, title="Zonder effect", category=world.category_a)
    current = start_trajectory(world, title="Nieuwe laptops", category=world.category_a)
    page = text(inkoper.get(reverse("procurement:r_decision", args=[current.pk])))
    assert "1,3 ton gepland" in page and "830 kg CO2e gepland" in page
    assert "gerealiseerd" not in page  # nothing realised recorded
    TrajectoryEffect.objects.filter(trajectory=earlier).update(realised_kg_material=Decimal("40"))
    page = text(inkoper.get(reverse("procurement:r_decision", args=[current.pk])))
    assert "40 kg gerealiseerd" in page
    assert without.title in page and page.count("Vermeden materiaal") == 1  # no effect: no kilo rows


def test_the_r_decision_page_query_count_stays_flat_from_2_to_10_trajectories_with_effects(inkoper, world, monkeypatch):
    monkeypatch.setattr(sections, "SIMILAR_LIMIT", 20)  # list them all, so each one's effect is read
    category = ProductCategory.objects.create(organisation=world.org_a, name="Meubilair")
    current = start_trajectory(world, title="Nieuwe stoelen", category=category)
    url = reverse("procurement:r_decision", args=[current.pk])

    def page_queries(total):
        while Trajectory.objects.filter(category=category).count() < total + 1:
            trajectory = start_trajectory(world, category=category)
            with_effect(trajectory, planned_kg_material=Decimal(100), planned_kg_co2e=Decimal(50))
            Lesson.objects.create(trajectory=trajectory, kind="tip", text="Een les.")
        with CaptureQueriesContext(connection) as queries:
            page = text(inkoper.get(url))
        assert page.count("100 kg gepland") == total
        return len(queries)

    inkoper.get(url)  # warm up what the first request caches
    two = page_queries(2)
    assert page_queries(10) == two


def test_similar_trajectories_show_the_criteria_they_chose(inkoper, world):
    from criteria.models import ChosenCriterion
    from tests.criteria.test_models import make

    earlier = setup_similar(world)
    ChosenCriterion.choose(earlier, make(code="SIM-EIS-1"))
    current = start_trajectory(world, title="Nieuwe laptops", category=world.category_a)
    page = text(inkoper.get(reverse("procurement:r_decision", args=[current.pk])))
    assert "Gekozen criteria" in page and "SIM-EIS-1" in page
