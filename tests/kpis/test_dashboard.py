"""The dashboard: charts with tables, category ranking (leaders and laggards), trajectories, query budget."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from chefcirculair.models import ProductCategory
from kpis import dashboard
from kpis.models import Kpi
from procurement.models import Trajectory
from tests.factories import make_kpi, measure

pytestmark = pytest.mark.django_db


def category(world, name):
    return ProductCategory.objects.create(organisation=world.org_a, name=name)


def category_kpi(world, cat, name, realised_2026, note=""):
    """Linear 1000 → 400 from 2024 to 2030: the 2026 target is 800."""
    kpi = make_kpi(world.org_a, name=name, scope=Kpi.Scope.CATEGORIE, category=cat)
    measure(kpi, 2026, realised_2026, note=note)
    return kpi


def test_leaders_and_laggards_rank_categories_by_progress_on_their_path(world):
    furniture = category(world, "Meubilair")
    textile = category(world, "Textiel")
    catering = category(world, "Catering")
    category_kpi(world, furniture, "Bureaus", 700)  # 300 of 200 planned: 150 %
    category_kpi(world, textile, "Kleding", 950, note="Leverancier levert nog geen gerecyclede vezels")  # 25 %
    category_kpi(world, catering, "Bekers", 800)  # exactly on the path: 100 %
    category_kpi(world, catering, "Bakjes", 900)  # 50 %
    figures = dashboard.build(world.org_a, 2026)
    ranked = [(p.category.name, p.percent) for p in figures["ranked"]]
    assert ranked == [("Meubilair", 150), ("Catering", 75), ("Textiel", 25)]
    assert [p.category.name for p in figures["leaders"]] == ["Meubilair", "Catering", "Textiel"]
    assert [p.category.name for p in figures["laggards"]] == []
    leaders, laggards = dashboard.leaders_and_laggards(figures["progress"], size=1)
    assert [p.category.name for p in leaders] == ["Meubilair"]
    assert [p.category.name for p in laggards] == ["Textiel"]
    catering_progress = next(p for p in figures["progress"] if p.category == catering)
    assert catering_progress.worst.kpi.name == "Bakjes"
    assert catering_progress.best.kpi.name == "Bekers"


def test_dashboard_names_the_cause_to_investigate_for_laggards(client, world):
    for name, value in (("A-cat", 700), ("B-cat", 800), ("C-cat", 850), ("D-cat", 990)):
        category_kpi(world, category(world, name), f"KPI {name}", value, note=f"Oorzaak bij {name}")
    client.force_login(world.users["lezer"])
    content = client.get(reverse("kpis:dashboard"), {"jaar": 2026}).content.decode()
    laggards = content.split("Achterblijvers: onderzoek de oorzaak")[1].split("</ol>")[0]
    assert "D-cat" in laggards and "Onderzoek eerst KPI D-cat" in laggards
    assert "Oorzaak bij D-cat" in laggards
    assert "A-cat" not in laggards


def test_every_kpi_chart_is_an_svg_image_with_title_description_and_the_same_data_as_a_table(client, world):
    kpi = make_kpi(world.org_a, name="Grondstoffen per stuk")
    measure(kpi, 2025, 880)
    measure(kpi, 2026, 830)
    client.force_login(world.users["lezer"])
    content = client.get(reverse("kpis:dashboard"), {"jaar": 2026}).content.decode()
    svg = re.search(rf'<svg[^>]*aria-labelledby="kpi-{kpi.pk}-title kpi-{kpi.pk}-desc".*?</svg>', content, re.S)
    assert svg, "chart missing"
    svg = svg.group(0)
    assert 'role="img"' in svg
    assert f'<title id="kpi-{kpi.pk}-title">Grondstoffen per stuk: gerealiseerd tegenover het doelpad</title>' in svg
    assert "<desc" in svg and "Laatst gemeten: 830 kg in 2026" in svg
    assert 'stroke-dasharray="8 5"' in svg  # the target path is dashed, the realised line solid
    assert svg.count("<circle") == 2  # one marker per realised year
    assert "<polygon" in svg  # the target band
    table = content.split("Grondstoffen per stuk per jaar (kg)")[1].split("</table>")[0]
    assert "880" in table and "830" in table and "900" in table  # realised 2025, 2026 and the 2025 target
    assert "Op koers" in table  # 2025: 880 against 900
    assert "Binnen marge" in table  # 2026: 830 against 800, within the 5 % band


def test_dashboard_counts_avoided_purchases_and_spend(client, world):
    closed = timezone.make_aware(datetime.datetime(2026, 3, 1))
    for i, spend in enumerate((Decimal("125000"), Decimal("40000.50"))):
        Trajectory.objects.create(
            organisation=world.org_a,
            title=f"Voorkomen {i}",
            slug=f"voorkomen-{i}",
            description="-",
            status=Trajectory.Status.VOORKOMEN,
            avoided_spend=spend,
            closed_at=closed,
        )
    Trajectory.objects.create(
        organisation=world.org_b,
        title="B",
        slug="b-voorkomen",
        description="-",
        status=Trajectory.Status.VOORKOMEN,
        avoided_spend=Decimal(999999),
        closed_at=closed,
    )
    client.force_login(world.users["lezer"])
    response = client.get(reverse("kpis:dashboard"), {"jaar": 2026})
    figures = response.context["figures"]["trajectories"]
    assert figures["avoided_count_year"] == 2
    assert figures["avoided_spend_year"] == Decimal("165000.50")
    assert "€\u00a0165.001" in response.content.decode()
    per_status = {s["value"]: s["count"] for s in figures["per_status"]}
    assert per_status["voorkomen"] == 2
    assert per_status["lopend"] >= 1  # the world's trajectory
    assert sum(p["count"] for p in figures["per_phase"]) == per_status["lopend"]


def test_department_filter_uses_that_departments_measurements(client, world):
    kpi = make_kpi(world.org_a, name="Per afdeling")
    measure(kpi, 2026, 500)
    measure(kpi, 2026, 120, department=world.department_a)
    client.force_login(world.users["lezer"])
    response = client.get(reverse("kpis:dashboard"), {"jaar": 2026, "afdeling": world.department_a.pk})
    summary = next(s for s in response.context["figures"]["summaries"] if s.kpi == kpi)
    assert summary.row.realised == Decimal(120)
    response = client.get(reverse("kpis:dashboard"), {"jaar": "geen-jaar"})
    assert response.status_code == 200


def seed(world, count):
    cat = category(world, f"Categorie {count}")
    for i in range(count):
        kpi = make_kpi(world.org_a, name=f"KPI {count}-{i}", scope=Kpi.Scope.CATEGORIE, category=cat)
        for year in range(2024, 2027):
            measure(kpi, year, 1000 - 60 * (year - 2024) - i)
        kpi.overrides.create(year=2027, value=Decimal(700))


@pytest.mark.parametrize("count", [3, 30])
def test_dashboard_query_count_does_not_grow_with_the_number_of_kpis(
    client, world, count, django_assert_max_num_queries
):
    seed(world, count)
    client.force_login(world.users["chef"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("kpis:dashboard"), {"jaar": 2026, "afdeling": world.department_a.pk})
    assert response.status_code == 200
    assert len(response.context["figures"]["summaries"]) >= count


@pytest.mark.parametrize("aggregation", [Kpi.Aggregation.SUM, Kpi.Aggregation.MEAN])
def test_realised_values_summed_in_sql_follow_the_same_rules_as_kpi_realised(world, aggregation):
    """The dashboard's SQL aggregation equals Kpi.realised on every mix of periods and scopes."""
    dep_a = world.department_a
    dep_b = dep_a.organisation.departments.create(name="Tweede afdeling")
    cat = category(world, "Gemengd")
    kpi = make_kpi(world.org_a, name=f"Gemengd {aggregation}", aggregation=aggregation)
    own = make_kpi(
        world.org_a,
        name=f"Eigen afdeling {aggregation}",
        scope=Kpi.Scope.AFDELING,
        department=dep_b,
        aggregation=aggregation,
    )
    rows = {
        2024: [(0, None, None, "1000")],  # organisation-wide only
        2025: [(0, dep_a, None, "400.5"), (0, dep_b, None, "300.25"), (0, None, cat, "10")],  # whole year, scopes
        2026: [(1, dep_a, None, "100"), (2, dep_a, None, "50"), (1, dep_b, None, "7"), (3, None, cat, "2.0001")],
        2027: [(1, dep_a, None, "5"), (0, dep_a, None, "90"), (2, None, None, "33")],  # whole year wins
        2028: [(0, None, None, "900"), (0, dep_a, None, "800"), (0, dep_b, None, "1")],  # overall wins
        2029: [(1, None, None, "3"), (2, None, None, "4"), (1, dep_b, None, "11")],  # overall quarters win
    }
    for target in (kpi, own):
        for year, measurements in rows.items():
            for quarter, department, cat_, value in measurements:
                measure(target, year, value, quarter=quarter, department=department, category=cat_, note=f"n{quarter}")
    kpis = [kpi, own]
    for department_id in (None, dep_a.pk, dep_b.pk):
        realised, notes = dashboard.realised_and_notes(kpis, 2026, department_id, organisation=world.org_a)
        for target in kpis:
            own_department = None if target.scope == Kpi.Scope.AFDELING else department_id
            measurements = list(target.measurements.all())
            expected = {
                year: target.realised(measurements, year, own_department)
                for year in rows
                if target.realised(measurements, year, own_department) is not None
            }
            assert realised[target.pk] == expected, (target.name, department_id)
            assert [str(v) for v in realised[target.pk].values()] == [str(v) for v in expected.values()]
            # The distinct notes of 2026 in period order, of the measurements the filter counts.
            counted = [m for m in measurements if m.year == 2026]
            if own_department:
                counted = [m for m in counted if m.department_id == own_department]
            assert notes[target.pk] == list(dict.fromkeys(m.note for m in counted))
            assert notes[target.pk][0] == "n1"


def test_running_trajectories_count_in_their_first_unfinished_phase(world):
    """Finished or not-applicable phases are skipped, whatever order they were done in; all done counts in the last."""
    from procurement.models import Phase, PhaseRecord

    phases = list(Phase.objects.order_by("order", "pk"))
    assert len(phases) >= 3
    department = world.org_b.departments.create(name="Fasen")

    def running(slug, statuses):
        trajectory = Trajectory.objects.create(
            organisation=world.org_b, title=slug, slug=slug, description="-", department=department
        )
        for phase, status in zip(phases, statuses, strict=False):
            PhaseRecord.objects.update_or_create(trajectory=trajectory, phase=phase, defaults={"status": status})

    done, skipped, open_ = (
        PhaseRecord.Status.AFGEROND,
        PhaseRecord.Status.NIET_VAN_TOEPASSING,
        PhaseRecord.Status.NIET_GESTART,
    )
    running("eerste-open", [])
    running("derde-open", [done, skipped, open_, done])  # a later phase done early does not count
    running("alles-af", [done] * len(phases))
    figures = dashboard.trajectory_figures(world.org_b, 2026, department.pk)
    counts = [p["count"] for p in figures["per_phase"]]
    assert counts[0] == 1 and counts[2] == 1 and counts[-1] == 1
    assert sum(counts) == 3 == figures["total"]
