"""Pages stay flat as an organisation grows: the same number of queries with 4 and with 30 trajectories.

The pages are the scale benchmark's table (bench/bench_scale.py, PAGES), so a page
added there is checked here too. The trajectories are full ones, made in bulk by the
benchmark's seeder (phases, answers, attention points, R-decision, groeimodel,
review events with phases waiting in the queue, contract KPIs with measurements).
The absolute budgets of each page stay in its own tests (test_views, test_review_views,
test_dashboard); this checks that none of them grows with the data.
"""

import random
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from bench.bench_scale import MEASURED_INDEX, PAGES
from bench.seed_scale import Owner, add_trajectories, guidance
from kpis import dashboard, figures_cache
from kpis.models import Kpi
from organisations.models import ProductCategory
from procurement.models import PhaseRecord, Trajectory
from tests.factories import make_kpi, measure


def _owner(world) -> Owner:
    users = world.users
    categories = [
        ProductCategory.objects.create(organisation=world.org_a, name=f"Schaal {n}", impact_weight=3) for n in (1, 2)
    ]
    return Owner(
        organisation=world.org_a,
        departments=[world.department_a],
        categories=categories,
        team=[(users["inkoper"], "inkoper"), (users["opdrachtgever"], "interne_opdrachtgever")],
        author=users["inkoper"],
        reviewer=users["chef"],
        next_index=1000,  # slugs traject-01001…: clear of the world's own trajectories
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _queries(client, url, query) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries]


def _counts(clients, pages) -> dict:
    """Per page: the queries of a first request (nothing cached) and of the one after it."""
    counts = {}
    for page, url in pages:
        cache.clear()
        client = clients[page.persona]
        counts[page.label] = (_queries(client, url, page.query), _queries(client, url, page.query))
    return counts


@pytest.fixture
def grown(world):
    """The world's organisation A with 4 bulk-made trajectories, and a function to grow it to 30."""
    data, rng = guidance(), random.Random(16)  # noqa: S311 - test data
    owner = _owner(world)
    add_trajectories(owner, MEASURED_INDEX + 1, data, rng)
    measured = Trajectory.objects.for_organisation(world.org_a).get(slug=f"traject-{1000 + MEASURED_INDEX + 1:05d}")
    return measured, lambda: add_trajectories(owner, 26, data, rng)


def test_every_page_makes_the_same_queries_with_4_and_with_30_trajectories(world, grown):
    measured, grow = grown
    pages, clients = [], {}
    for page in PAGES:
        kwargs = {k: (measured.pk if v == "T" else v) for k, v in page.kwargs.items()}
        try:
            pages.append((page, reverse(page.url_name, kwargs=kwargs)))
        except NoReverseMatch:
            continue  # a page another app has not built yet
        if page.persona not in clients:
            clients[page.persona] = _client(world.users[page.persona])
    assert {"Mijn trajecten", "review queue", "task list", "phase page", "dashboard", "history"} <= {
        p.label for p, _ in pages
    }
    small = _counts(clients, pages)
    grow()
    waiting = PhaseRecord.objects.filter(
        trajectory__organisation=world.org_a, review_status=PhaseRecord.ReviewStatus.IN_REVIEW
    ).count()
    assert Trajectory.objects.for_organisation(world.org_a).count() >= 30 and waiting >= 4
    large = _counts(clients, pages)
    for label, (first, second) in small.items():
        assert len(large[label][0]) == len(first), (label, "first request", large[label][0], first)
        assert len(large[label][1]) == len(second), (label, "cached", large[label][1], second)


def test_the_dashboard_figures_are_cached_until_something_they_count_changes(world, grown):
    measured, grow = grown
    client = _client(world.users["chef"])
    url = reverse("kpis:dashboard")
    first = client.get(url).context["figures"]["trajectories"]["total"]
    with CaptureQueriesContext(connection) as cached:
        assert client.get(url).context["figures"]["trajectories"]["total"] == first
    read = [q["sql"].split(" FROM ")[1].split()[0] for q in cached.captured_queries if " FROM " in q["sql"]]
    assert '"kpis_kpi"' not in read and '"procurement_trajectory"' not in read and '"kpis_measurement"' not in read
    version = figures_cache.version(world.org_a)
    measured.title = "Nieuwe titel"
    measured.save()  # any saved trajectory writes history: another version, the next request counts again
    assert figures_cache.version(world.org_a) != version
    grow()  # rows written in bulk, with their history rows
    assert client.get(url).context["figures"]["trajectories"]["total"] == first + 26


def test_every_table_the_dashboard_figures_read_is_in_their_version(world, grown):
    """A table the figures read without a read in figures_cache.READS would leave a cached dashboard stale."""
    make_kpi(world.org_a, name="Uit trajecten", source=Kpi.Source.TRAJECTORIES, effect_measure="kg_co2e")
    with CaptureQueriesContext(connection) as captured:
        dashboard.build(world.org_a, 2026)
        dashboard.build(world.org_a, 2026, world.department_a.pk)
    read = {table for q in captured.captured_queries for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', q["sql"])}
    assert {"kpis_kpi", "kpis_measurement", "procurement_trajectory", "procurement_phase"} <= read
    versioned = {r.model._meta.db_table for r in figures_cache.READS}
    assert read - versioned == set()


def test_a_grid_edit_and_a_deleted_kpi_show_on_the_dashboard_at_once(world):
    kpi = make_kpi(world.org_a, name="Stempel-KPI")
    measurement = measure(kpi, 2025, 100)
    client = _client(world.users["chef"])

    def realised():
        figures = client.get(reverse("kpis:dashboard"), {"jaar": 2025}).context["figures"]
        return [s.row.realised for s in figures["summaries"] if s.kpi.pk == kpi.pk]

    assert realised() == [100]
    # A grid edit is an UPDATE that claims the next version: no post_save signal.
    assert measurement.apply_edit(
        user=world.users["chef"], values={"value": 90, "source": "", "note": ""}, base_version=measurement.version
    )
    assert realised() == [90]
    kpi.delete()
    assert realised() == []
