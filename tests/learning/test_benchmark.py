"""The anonymous benchmark: opt-in, a snapshot, quartiles with the own value, nothing below 5 organisations."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from learning import benchmark
from learning.models import BenchmarkFigure, BenchmarkValue, LearningSettings
from organisations.models import Organisation, ProductCategory
from procurement.models import Trajectory, TrajectoryEffect
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


def test_each_quartile_is_the_mean_of_three_organisations_never_one_value():
    values = [Decimal(v) for v in (1, 2, 3, 10, 50)]
    # Plain quartiles of five values are the 2nd, 3rd and 4th value (2, 3, 10) exactly.
    assert benchmark.quartiles(values) == (Decimal(2), Decimal(5), Decimal("21"))
    assert benchmark.quartiles([Decimal(v) for v in (1, 2, 3, 10)]) == (Decimal(2), Decimal(5), Decimal(5))
    with pytest.raises(ValueError):
        benchmark.quartiles([Decimal(1), Decimal(2)])


def _organisation_with_ratio(name: str, avoided: Decimal) -> Organisation:
    """An opted-in organisation whose "avoided per euro" is ``avoided`` / 1000."""
    org = Organisation.objects.create(name=name)
    category = ProductCategory.objects.create(organisation=org, name=CATEGORY)
    opt_in(org)
    Trajectory.objects.create(
        organisation=org, title=name, description="x", category=category, estimated_value=1000, avoided_spend=avoided
    )
    return org


def test_an_organisation_varying_its_own_figure_learns_no_other_organisations_value(world):
    """The attack: with 5 organisations, plain quartiles are the 2nd, 3rd and 4th value; moving its own value
    from the bottom to the top between runs, an organisation would read every other value off the page."""
    others = [Decimal(v) for v in ("0.0700", "0.1900", "0.2300", "0.6100")]
    for number, ratio in enumerate(others):
        _organisation_with_ratio(f"Benchmarkgemeente {number}", ratio * 1000)
    attacker = _organisation_with_ratio("Nieuwsgierige gemeente", Decimal(0))
    seen = set()
    for own in ("0", "0.07", "0.0701", "0.19", "0.2", "0.23", "0.5", "0.61", "0.62", "1"):
        Trajectory.objects.for_organisation(attacker).update(avoided_spend=Decimal(own) * 1000)
        run = benchmark.compute()
        (group,) = benchmark.view_rows(run, attacker, "meubilair")
        (row,) = [row for row in group["rows"] if row["metric"] == "avoided_per_euro"]
        assert row["own"] == Decimal(own)
        seen.add((row["p25"], row["median"], row["p75"]))
    # Whatever it did with its own figure, it was shown the same three numbers: the others' quartile groups ...
    assert seen == {(Decimal("0.1633"), Decimal("0.3433"), Decimal("0.3433"))}
    # ... none of which is another organisation's value.
    assert not {value for figures in seen for value in figures} & set(others)


def test_an_organisation_that_does_not_contribute_sees_the_quartile_groups_of_all(chef, world):
    for number, ratio in enumerate(("0.0700", "0.1900", "0.2300", "0.6100", "0.9000")):
        _organisation_with_ratio(f"Benchmarkgemeente {number}", Decimal(ratio) * 1000)
    opt_in(world.org_a)
    run = benchmark.compute()
    (group,) = benchmark.view_rows(run, world.org_a, "meubilair")
    (row,) = [row for row in group["rows"] if row["metric"] == "avoided_per_euro"]
    assert row["own"] is None
    assert (row["p25"], row["median"], row["p75"]) == (Decimal("0.1633"), Decimal("0.3433"), Decimal("0.58"))


@pytest.mark.parametrize("n", [5, 12])
def test_the_benchmark_page_keeps_its_query_budget(chef, world, n, django_assert_max_num_queries):
    own_trajectories(world)
    peers(n)
    benchmark.compute()
    with django_assert_max_num_queries(12):
        assert chef.get(reverse("learning:benchmark")).status_code == 200


def peers_with_effects(count, *, kilos=Decimal(100)):
    """``count`` opted-in organisations with one Meubilair trajectory of € 1.000 and a planned effect."""
    for i in range(count):
        org = Organisation.objects.create(name=f"Kilogemeente {i}")
        category = ProductCategory.objects.create(organisation=org, name=CATEGORY)
        opt_in(org)
        trajectory = Trajectory.objects.create(
            organisation=org, title=f"K{i}", description="x", category=category, estimated_value=Decimal(1000)
        )
        TrajectoryEffect.objects.create(trajectory=trajectory, planned_kg_material=kilos * (i + 1))


def own_effect(world, *, kilos, value):
    opt_in(world.org_a)
    category = ProductCategory.objects.create(organisation=world.org_a, name=CATEGORY)
    with_effect = start_trajectory(world, category=category, estimated_value=value)
    TrajectoryEffect.objects.create(trajectory=with_effect, planned_kg_material=kilos, planned_kg_co2e=Decimal(1))
    # Neither counts: no calculated kilos, or no estimated value.
    no_kilos = start_trajectory(world, category=category, estimated_value=Decimal(50_000))
    TrajectoryEffect.objects.create(trajectory=no_kilos, planned_kg_co2e=Decimal(5))
    start_trajectory(world, category=category, estimated_value=Decimal(50_000))
    no_value = start_trajectory(world, category=category)
    no_value.estimated_value = None
    no_value.save(update_fields=["estimated_value"])
    TrajectoryEffect.objects.create(trajectory=no_value, planned_kg_material=Decimal(999))


def test_avoided_kg_per_euro_from_the_planned_totals(world):
    own_effect(world, kilos=Decimal("12.5"), value=Decimal(2000))
    values, _names = benchmark.organisation_values([world.org_a.pk])
    (key,) = [key for key in values if key[1] == "meubilair"]
    # 12,5 kg over € 2.000 = 6,25 kg per € 1.000 (stored in the unit of its kind)
    assert values[key]["avoided_kg_per_euro"] == Decimal("6.25")
    assert benchmark.METRICS_BY_KEY["avoided_kg_per_euro"].kind == benchmark.MetricKind.KG_PER_1000_EUR


def test_avoided_kg_per_euro_needs_five_organisations(world):
    own_effect(world, kilos=Decimal(50), value=Decimal(1000))
    peers_with_effects(3)
    benchmark.compute()  # 4 organisations with kilos
    assert not BenchmarkFigure.objects.filter(metric="avoided_kg_per_euro").exists()
    assert not BenchmarkValue.objects.unscoped().filter(metric="avoided_kg_per_euro").exists()
    peers(2)  # two more organisations, but without an effect: still 4 contribute kilos
    benchmark.compute()
    assert not BenchmarkFigure.objects.filter(metric="avoided_kg_per_euro").exists()
    Organisation.objects.filter(name__startswith="Kilogemeente").delete()
    peers_with_effects(4)
    benchmark.compute()
    figure = BenchmarkFigure.objects.get(metric="avoided_kg_per_euro")
    # 50, 100, 200, 300, 400 kg per € 1.000: each quartile the mean of three of them
    assert figure.contributors == 5
    assert (figure.p25, figure.median, figure.p75) == (Decimal("116.6667"), Decimal(200), Decimal(300))


def test_the_page_shows_kilos_per_1000_euro_in_the_table_not_in_the_chart(chef, world):
    own_effect(world, kilos=Decimal(50), value=Decimal(1000))
    peers_with_effects(4)
    benchmark.compute()
    page = text(chef.get(reverse("learning:benchmark")))
    assert "Vermeden materiaal per € 1.000 contractwaarde" in page
    assert "200 kg per €\xa01.000" in page  # the median
    assert "<strong>50 kg per €\xa01.000</strong>" in page
    assert "20000%" not in page and "20.000%" not in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "Vermeden materiaal" not in svg  # its scale is not 0–100 %
    assert "Trajecten met een besluit op R0, R1 of R2" in svg


def test_a_group_with_only_kilos_has_a_table_and_no_chart(chef, world):
    own_effect(world, kilos=Decimal(50), value=Decimal(1000))
    peers_with_effects(4)
    benchmark.compute()
    BenchmarkFigure.objects.exclude(metric="avoided_kg_per_euro").delete()
    page = text(chef.get(reverse("learning:benchmark")))
    assert "<svg" not in page and "200 kg per €\xa01.000" in page
