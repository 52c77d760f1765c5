"""The dashboard: charts with tables, category ranking (leaders and laggards), trajectories, query budget."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kpis import dashboard
from kpis import models as kpi_models
from kpis.models import Kpi, Measurement
from organisations.models import ProductCategory
from procurement.models import Trajectory
from tests.factories import make_kpi, measure

pytestmark = pytest.mark.django_db


def category(world, name):
    return ProductCategory.objects.create(organisation=world.org_a, name=name)


def category_kpi(world, cat, name, realised_2026, note=""):
    """Linear 1000 → 400 from 2024 to 2030: the 2026 target is 800."""
    kpi = make_kpi(world.org_a, name=name, scope=Kpi.Scope.CATEGORY, category=cat)
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


def test_a_kpi_that_counts_reads_160_not_160_aantal(client, world):
    kpi = make_kpi(
        world.org_a,
        name="Vermeden leveringen",
        unit="aantal",
        baseline_value=Decimal(100),
        direction=Kpi.Direction.HIGHER,
    )
    measure(kpi, 2026, 160)
    client.force_login(world.users["lezer"])
    content = client.get(reverse("kpis:dashboard"), {"jaar": 2026}).content.decode()
    assert "aantal tegen" not in content and "160 aantal" not in content
    card = content.split(f'id="kpi-{kpi.pk}-kop"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"2026: 160 tegen doel 200: <strong>", card)  # the card's headline
    assert "Doelpad van 100 in 2024 naar 400 in 2030" in card and "Laatst gemeten: 160 in 2026" in card
    detail = client.get(reverse("kpis:kpi_detail", args=[kpi.pk])).content.decode()
    assert "160 aantal" not in detail and ">100 (" in detail  # the baseline, "100 (2024)"


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
            status=Trajectory.Status.AVOIDED,
            avoided_spend=spend,
            closed_at=closed,
        )
    Trajectory.objects.create(
        organisation=world.org_b,
        title="B",
        slug="b-voorkomen",
        description="-",
        status=Trajectory.Status.AVOIDED,
        avoided_spend=Decimal(999999),
        closed_at=closed,
    )
    client.force_login(world.users["lezer"])
    response = client.get(reverse("kpis:dashboard"), {"jaar": 2026})
    figures = response.context["figures"]["trajectories"]
    assert figures["avoided_count_year"] == 2
    assert figures["avoided_spend_year"] == Decimal("165000.50")
    assert "€\u00a0165.000,50" in response.content.decode()  # cents shown: one euro rule everywhere
    per_status = {s["value"]: s["count"] for s in figures["per_status"]}
    assert per_status["voorkomen"] == 2
    assert per_status["lopend"] >= 1  # the world's trajectory
    assert sum(p["count"] for p in figures["per_phase"]) == per_status["lopend"]


def key_figure_labels(html: str) -> list[str]:
    """The label (``<dt>``) of every key figure on a page, as text."""
    lists = re.findall(r'<dl class="key-figures">(.*?)</dl>', html, re.S)
    terms = [dt for block in lists for dt in re.findall(r"<dt>(.*?)</dt>", block, re.S)]
    return [" ".join(re.sub(r"<[^>]+>", "", dt).split()) for dt in terms]


def test_every_key_figure_of_the_dashboard_says_what_it_counts(client, world):
    from procurement.models import TrajectoryEffect

    category_kpi(world, category(world, "Meubilair"), "Bureaus", 700)  # on track: one KPI counted
    TrajectoryEffect.objects.update_or_create(
        trajectory=world.trajectory_a,
        defaults={"term_years": Decimal(4), "first_year": 2026, "planned_kg_material": Decimal(65)},
    )
    client.force_login(world.users["lezer"])
    labels = key_figure_labels(client.get(reverse("kpis:dashboard"), {"jaar": 2026}).content.decode())
    assert len(labels) >= 11, labels  # "In het kort" and the effect section
    assert len(labels) == len(set(labels)), f"key figures with the same label: {labels}"
    assert {"KPI's op koers", "KPI's binnen marge", "KPI's achter"} <= set(labels)


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
        kpi = make_kpi(world.org_a, name=f"KPI {count}-{i}", scope=Kpi.Scope.CATEGORY, category=cat)
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


def reference_realised(kpi, measurements, year, department_id=None):
    """The rules of MeasurementQuerySet.realised written out plainly over measurements, as the test's oracle.

    A whole-year figure wins over quarters; an organisation-wide figure wins over
    per-department or per-category figures, which are otherwise combined by the
    KPI's aggregation (quarters per scope first); with ``department_id`` only
    that department's figures count.
    """
    rows = [m for m in measurements if m.year == year]
    if department_id is not None:
        rows = [m for m in rows if m.department_id == department_id]
    if not rows:
        return None
    whole_year = [m for m in rows if m.quarter == 0]
    rows = whole_year or rows
    if department_id is None:
        rows = [m for m in rows if m.department_id is None and m.category_id is None] or rows
    if not whole_year:
        by_scope = {}
        for m in rows:
            by_scope.setdefault((m.department_id, m.category_id), []).append(m.value)
        return kpi.aggregate([kpi.aggregate(values) for values in by_scope.values()])
    return kpi.aggregate([m.value for m in rows])


@pytest.mark.parametrize("by_id_limit", [20, 0], ids=["by-kpi-id", "whole-organisation"])
@pytest.mark.parametrize("aggregation", [Kpi.Aggregation.SUM, Kpi.Aggregation.MEAN])
def test_realised_values_summed_in_sql_follow_the_rules_on_every_mix_of_periods_and_scopes(
    world, aggregation, by_id_limit, monkeypatch
):
    """MeasurementQuerySet.realised (the one aggregation) against the rules written out over the measurements."""
    monkeypatch.setattr(kpi_models, "REALISED_BY_ID_LIMIT", by_id_limit)
    dep_a = world.department_a
    dep_b = dep_a.organisation.departments.create(name="Tweede afdeling")
    cat = category(world, "Gemengd")
    kpi = make_kpi(world.org_a, name=f"Gemengd {aggregation}", aggregation=aggregation)
    own = make_kpi(
        world.org_a,
        name=f"Eigen afdeling {aggregation}",
        scope=Kpi.Scope.DEPARTMENT,
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
        figures = Measurement.objects.realised(kpis, department_id, notes_year=2026)
        for target in kpis:
            own_department = None if target.scope == Kpi.Scope.DEPARTMENT else department_id
            measurements = list(target.measurements.all())
            expected = {
                year: reference_realised(target, measurements, year, own_department)
                for year in rows
                if reference_realised(target, measurements, year, own_department) is not None
            }
            assert figures.values[target.pk] == expected, (target.name, department_id)
            assert [str(v) for v in figures.values[target.pk].values()] == [str(v) for v in expected.values()]
            # The distinct notes of 2026 in period order, of the measurements the filter counts.
            counted = [m for m in measurements if m.year == 2026]
            if own_department:
                counted = [m for m in counted if m.department_id == own_department]
            assert figures.notes[target.pk] == list(dict.fromkeys(m.note for m in counted))
            assert figures.notes[target.pk][0] == "n1"
            # The KPI's own answer is the same aggregation.
            assert target.realised(2025, department_id) == expected.get(2025)


def test_every_page_that_shows_realised_values_asks_the_one_aggregation(client, world, monkeypatch):
    """The KPI, its page, the dashboard, the contract KPIs, the annual report and the export: one code path."""
    from kpis import reports
    from kpis.models import MeasurementQuerySet

    kpi = world.contract_kpi_a
    measure(kpi, 2025, 52)
    calls = []
    original = MeasurementQuerySet.realised

    def spy(self, kpis, *args, **kwargs):
        figures = original(self, kpis, *args, **kwargs)
        calls.append(figures.values)
        return figures

    monkeypatch.setattr(MeasurementQuerySet, "realised", spy)

    def asked(action) -> bool:
        calls.clear()
        action()
        return any(values.get(kpi.pk, {}).get(2025) == Decimal(52) for values in calls)

    client.force_login(world.users["chef"])
    assert asked(lambda: kpi.realised(2025))
    assert asked(lambda: client.get(kpi.get_absolute_url()))
    assert asked(lambda: client.get(reverse("kpis:dashboard"), {"jaar": 2025}))
    assert asked(lambda: client.get(reverse("kpis:contract_kpis", args=[kpi.trajectory_id])))
    assert asked(lambda: reports.report_context(world.org_a, 2025))
    assert asked(lambda: client.get(reverse("kpis:export", args=["doelen", "csv"])))


def test_the_targets_export_shows_the_realised_value_beside_each_target(client, world):
    kpi = make_kpi(world.org_a, name="Export gerealiseerd")
    measure(kpi, 2025, 100, department=world.department_a, quarter=1)
    measure(kpi, 2025, "50.5", department=world.department_a, quarter=2)
    client.force_login(world.users["lezer"])
    content = client.get(reverse("kpis:export", args=["doelen", "csv"])).content.decode("utf-8-sig")
    rows = [line.split(";") for line in content.splitlines()]
    assert rows[0][-1] == "gerealiseerd"
    mine = {row[2]: row for row in rows if row[0] == "Export gerealiseerd"}
    assert mine["2025"][3] == "900" and mine["2025"][-1] == "150,5"
    assert mine["2026"][-1] == ""


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
        PhaseRecord.Status.COMPLETED,
        PhaseRecord.Status.NOT_APPLICABLE,
        PhaseRecord.Status.NOT_STARTED,
    )
    running("eerste-open", [])
    running("derde-open", [done, skipped, open_, done])  # a later phase done early does not count
    running("alles-af", [done] * len(phases))
    figures = dashboard.trajectory_figures(world.org_b, 2026, department.pk)
    counts = [p["count"] for p in figures["per_phase"]]
    assert counts[0] == 1 and counts[2] == 1 and counts[-1] == 1
    assert sum(counts) == 3 == figures["total"]
