"""The anonymous benchmark: opt-in, a snapshot, quartiles with the own value, nothing below 5 organisations."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from chefcirculair.models import Organisation, ProductCategory
from learning import benchmark
from learning.models import BenchmarkFigure, BenchmarkValue, LearningSettings
from procurement.models import Trajectory
from tests.factories import decide, start_trajectory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def chef(client, world):
    client.force_login(world.users["chef"])
    return client


def opt_in(org):
    LearningSettings.objects.update_or_create(organisation=org, defaults={"benchmark_opt_in": True})


CATEGORY = "Meubilair"


def peers(count, *, avoided=Decimal(0), start=0):
    """``count`` opted-in organisations with two Meubilair trajectories each."""
    for i in range(start, start + count):
        org = Organisation.objects.create(name=f"Benchmarkgemeente {i}")
        category = ProductCategory.objects.create(organisation=org, name=CATEGORY)
        opt_in(org)
        for j in range(2):
            Trajectory.objects.create(
                organisation=org,
                title=f"T{i}-{j}",
                description="x",
                category=category,
                estimated_value=Decimal(1000),
                avoided_spend=avoided * (i + 1) if j == 0 else None,
            )


def own_trajectories(world):
    opt_in(world.org_a)
    category = ProductCategory.objects.create(organisation=world.org_a, name=CATEGORY)
    trajectory = start_trajectory(world, category=category, estimated_value=Decimal(1000))
    decide(trajectory, world.users["inkoper"], r0="ja")  # refused: the estimated value is avoided spend
    start_trajectory(world, category=category, estimated_value=Decimal(1000))


def test_figures_need_five_organisations(chef, world):
    own_trajectories(world)
    peers(3)
    benchmark.compute()  # 4 organisations
    assert not BenchmarkFigure.objects.exists()
    page = text(chef.get(reverse("learning:benchmark")))
    assert "geen cijfers" in page
    peers(1, start=3)
    run = benchmark.compute()  # 5 organisations
    metrics = set(BenchmarkFigure.objects.filter(run=run, category_key="meubilair").values_list("metric", flat=True))
    # No organisation completed a phase: that metric has no contributors, so no figure.
    assert metrics == {"considered_highest", "decided_highest", "avoided_per_euro"}
    figure = BenchmarkFigure.objects.get(run=run, metric="avoided_per_euro")
    assert figure.contributors == 5


def test_the_page_shows_quartiles_and_the_own_value_never_names(chef, world):
    own_trajectories(world)
    peers(5, avoided=Decimal(100))
    call_command("compute_benchmark", verbosity=0)
    page = text(chef.get(reverse("learning:benchmark")))
    own = BenchmarkValue.objects.get(organisation=world.org_a, metric="avoided_per_euro")
    assert own.value == Decimal("0.5")  # 1000 avoided of 2000 estimated
    assert "50%" in page and "Mediaan" in page and "<svg" in page and "<table" in page
    assert "Benchmarkgemeente" not in page
    assert "#koplopers-kop" in page  # leaders and laggards on the dashboard


def test_an_organisation_that_did_not_opt_in_sees_no_figures(chef, world):
    peers(6)
    benchmark.compute()
    page = text(chef.get(reverse("learning:benchmark")))
    assert "doet nog niet mee" in page and "Mediaan" not in page
    assert not BenchmarkValue.objects.filter(organisation=world.org_a).exists()


@pytest.mark.parametrize(
    "params", [{"categorie": "geheim"}, {"jaar": "1999"}, {"jaar": "x"}, {"categorie": "meubilair", "jaar": "-1"}]
)
def test_crafted_filters_show_nothing_below_the_threshold(chef, world, params):
    own_trajectories(world)
    peers(5)
    # A category only four organisations use never becomes a figure, whatever the filter says.
    for org in Organisation.objects.filter(name__startswith="Benchmarkgemeente")[:3]:
        category = ProductCategory.objects.create(organisation=org, name="Geheim")
        Trajectory.objects.create(organisation=org, title="G", description="x", category=category)
    benchmark.compute()
    assert not BenchmarkFigure.objects.filter(category_key="geheim").exists()
    response = chef.get(reverse("learning:benchmark"), params)
    assert response.status_code == 200
    assert "Mediaan</th>" not in text(response) or "Geheim" not in text(response)


def test_quartiles():
    assert benchmark.quartiles([Decimal(v) for v in (1, 2, 3, 4, 5)]) == (Decimal(2), Decimal(3), Decimal(4))


@pytest.mark.parametrize("n", [5, 12])
def test_the_benchmark_page_keeps_its_query_budget(chef, world, n, django_assert_max_num_queries):
    own_trajectories(world)
    peers(n)
    benchmark.compute()
    with django_assert_max_num_queries(12):
        assert chef.get(reverse("learning:benchmark")).status_code == 200
