"""The effect of circular choices rolled up: the dashboard section, the annual report, KPIs fed from
trajectories, and the export of the effect figures."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kpis import effects
from kpis.models import Kpi, Measurement
from kpis.reports import report_context
from lib.formatting import format_mass
from procurement.impact import compute_effect, ensure_effect, refresh_effect
from procurement.models import ImpactLine, Scenario, Trajectory, TrajectoryEffect
from rladder.models import ImpactFactor, RStrategy
from tests.factories import make_kpi, start_trajectory
from tests.tables import tables, unit_conflicts

pytestmark = pytest.mark.django_db

FOUR_YEARS = {"contract_start": date(2026, 1, 1), "contract_end": date(2029, 12, 31)}


def add_line(trajectory, key, quantity, scenario, **extra) -> ImpactLine:
    factor = ImpactFactor.objects.get(key=key)
    line = ImpactLine(
        trajectory=trajectory, scenario=scenario, quantity=D(quantity), quantity_unit=factor.unit, **extra
    )
    line.take_snapshot(factor)
    line.save()
    return line


def trajectory_with_effect(world, title, code, *, reference=120, plan=80, realised=None, nothing=False, **fields):
    """A trajectory of organisation A with laptops in reference and plan (and realised), its effect stored."""
    fields = {**FOUR_YEARS, **fields}
    trajectory = start_trajectory(world, title=title, **fields)
    Trajectory.objects.for_organisation(world.org_a).filter(pk=trajectory.pk).update(
        chosen_strategy=RStrategy.objects.get(code=code)
    )
    trajectory.refresh_from_db()
    price = {"unit_price_eur": D(950)}
    add_line(trajectory, "ict_laptop_14", reference, Scenario.REFERENCE, **price)
    if not nothing:
        add_line(trajectory, "ict_laptop_14", plan, Scenario.PLAN, **price)
    if realised is not None:
        add_line(trajectory, "ict_laptop_14", realised, Scenario.REALISED, **price)
    effect = ensure_effect(trajectory)
    effect.plan_is_nothing = nothing
    return refresh_effect(trajectory).trajectory


@pytest.fixture
def three(world):
    other_department = world.org_a.departments.create(name="Sociaal Domein")
    return [
        trajectory_with_effect(
            world, "Laptops delen", "R1", realised=90, category=world.category_a_only, department=world.department_a
        ),
        trajectory_with_effect(world, "Minder laptops", "R2", reference=50, plan=45, department=other_department),
        trajectory_with_effect(world, "Geen laptops", "R0", reference=10, nothing=True, contract_end=date(2027, 6, 30)),
    ]


# --- the roll-up ---------------------------------------------------------------------------


def test_the_rollup_equals_the_sum_of_the_trajectories(world, three):
    rows = effects.effect_rows(world.org_a)
    for year in (2026, 2027, 2028):
        rollup = effects.rollup(rows, year)
        expected = {"planned": D(0), "realised": D(0)}
        for effect in TrajectoryEffect.objects.for_organisation(world.org_a).select_related("trajectory"):
            figures = compute_effect(effect.trajectory)
            share = _row(rows, effect).share(year)
            if share is None:
                continue
            expected["planned"] += figures.planned.kg_co2e * share
            if figures.realised_avoided:
                expected["realised"] += figures.realised_avoided.kg_co2e * share
        assert abs(rollup.total.value("planned", "kg_co2e") - expected["planned"]) < D("0.01")
        for groups in (rollup.by_strategy, rollup.by_category, rollup.by_department):
            assert sum(g.value("planned", "kg_co2e") or 0 for g in groups) == rollup.total.value("planned", "kg_co2e")
            assert sum(g.count for g in groups) == rollup.total.count
        if expected["realised"]:
            assert abs(rollup.total.value("realised", "kg_co2e") - expected["realised"]) < D("0.01")


def _row(rows, effect):
    return next(r for r in rows if r.trajectory_id == effect.trajectory_id)


def test_a_year_gets_the_total_divided_by_the_term_and_a_part_year_its_share(world, three):
    rows = {r.title: r for r in effects.effect_rows(world.org_a)}
    shared = rows["Laptops delen"]
    assert shared.term_years == D(4) and [y for y, _s in shared.years] == [2026, 2027, 2028, 2029]
    per_year = shared.total("planned", "kg_co2e") / 4  # 40 laptops × 239,1 kg over four years
    assert per_year == D("2391.000")
    assert shared.in_year("planned", "kg_co2e", 2027) == per_year
    assert shared.in_year("planned", "kg_co2e", 2030) is None
    refused = rows["Geen laptops"]  # 1,5 years: 2026 whole, 2027 half
    assert refused.term_years == D("1.5")
    shares = dict(refused.years)
    assert shares == {2026: D(1) / D("1.5"), 2027: D("0.5") / D("1.5")}
    total = refused.total("planned", "kg_co2e")
    assert sum(refused.in_year("planned", "kg_co2e", y) for y in shares) == pytest.approx(total)
    assert total == D("2391.000")  # R0: the whole reference is avoided


def test_realised_is_unknown_not_zero_until_something_was_realised(world, three):
    rollup = effects.rollup(effects.effect_rows(world.org_a), 2026)
    by_label = {g.label.split()[0]: g for g in rollup.by_strategy}
    assert by_label["R2"].value("realised", "kg_co2e") is None
    assert by_label["R1"].value("realised", "kg_co2e") == D(30) * D("239.1") / 4


# --- the dashboard --------------------------------------------------------------------------


def test_the_dashboard_shows_the_effect_per_strategy_category_and_department_with_a_chart(client, world, three):
    client.force_login(world.users["lezer"])
    html = client.get(reverse("kpis:dashboard"), {"jaar": 2026}).content.decode()
    assert "Effect van circulaire keuzes" in html
    assert 'id="effect-grafiek"' in html and "Vermeden kg CO2-equivalent in 2026 per R-strategie" in html
    for caption in ("per R-strategie", "per productcategorie", "per afdeling"):
        assert f"Vermeden in 2026 {caption}, gepland en gerealiseerd" in html
    rollup = effects.rollup(effects.effect_rows(world.org_a), 2026)
    assert format_mass(rollup.total.value("planned", "kg_co2e")) in html
    assert "Sociaal Domein" in html and world.category_a_only.name in html
    assert "onbekend" in html
    assert reverse("kpis:export", args=["effecten", "csv"]) in html
    assert "ton" in html and unit_conflicts(html) == []  # no "kg" above a figure in tonnes


def test_the_dashboard_filtered_on_a_department_counts_only_its_trajectories(client, world, three):
    client.force_login(world.users["lezer"])
    response = client.get(reverse("kpis:dashboard"), {"jaar": 2026, "afdeling": world.department_a.pk})
    rollup = response.context["figures"]["effects"]
    assert [r.title for r in rollup.rows] == ["Laptops delen"]


def test_a_year_without_running_contracts_says_so(client, world, three):
    client.force_login(world.users["lezer"])
    html = client.get(reverse("kpis:dashboard"), {"jaar": 2035}).content.decode()
    assert "Er zijn nog geen trajecten met een referentie en een plan" in html
    assert 'id="effect-grafiek"' not in html


def _seed(world, count):
    codes = ["R0", "R1", "R2"]
    departments = [world.department_a, None]
    for i in range(count):
        trajectory = start_trajectory(
            world, title=f"Effect {count}-{i}", department=departments[i % 2], category=world.category_a_only
        )
        Trajectory.objects.for_organisation(world.org_a).filter(pk=trajectory.pk).update(
            chosen_strategy=RStrategy.objects.get(code=codes[i % 3])
        )
        TrajectoryEffect.objects.create(
            trajectory=trajectory,
            term_years=D(3),
            first_year=2025 + i % 3,
            planned_kg_material=D(100 + i),
            planned_kg_co2e=D(1000 + i),
            planned_kg_co2e_low=D(800),
            planned_kg_co2e_high=D(1300 + i),
            planned_eur=D(5000),
            realised_kg_co2e=D(900) if i % 2 else None,
        )


def test_the_dashboard_query_count_stays_flat_from_5_to_50_trajectories_with_effects(client, world):
    client.force_login(world.users["chef"])
    url = reverse("kpis:dashboard")
    _seed(world, 5)
    make_kpi(
        world.org_a,
        name="CO2 vermeden",
        source=Kpi.Source.TRAJECTORIES,
        effect_measure="kg_co2e",
        effect_basis="planned",
        direction="hoger",
        baseline_value=D(0),
        goal_value=D(100000),
    )
    client.get(url, {"jaar": 2027})
    cache.clear()  # both measured requests compute the figures (the dashboard caches them)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"jaar": 2027}).status_code == 200
    _seed(world, 45)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"jaar": 2027})
    assert len(response.context["figures"]["effects"].rows) >= 50
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


# --- a KPI fed from the trajectories ----------------------------------------------------------


def kpi_from_trajectories(world, **extra) -> Kpi:
    fields = {
        "name": "kg CO2e vermeden per jaar",
        "unit": "kg CO2e",
        "source": Kpi.Source.TRAJECTORIES,
        "effect_measure": Kpi.EffectMeasure.KG_CO2E,
        "effect_basis": Kpi.EffectBasis.PLANNED,
        "direction": "hoger",
        "baseline_value": D(0),
        "baseline_year": 2025,
        "goal_value": D(20000),
        "goal_year": 2030,
        **extra,
    }
    name = fields.pop("name")
    return make_kpi(world.org_a, name=name, **fields)


def test_a_kpi_takes_its_yearly_values_from_the_trajectories_and_ignores_measurements(world, three):
    kpi = kpi_from_trajectories(world)
    Measurement.objects.create(kpi=kpi, year=2026, value=D(1))  # typed by mistake: it does not count
    rows = effects.effect_rows(world.org_a)
    values = Measurement.objects.realised([kpi]).values[kpi.pk]
    for year in (2026, 2027):
        assert values[year] == effects.rollup(rows, year).total.value("planned", "kg_co2e").quantize(D("0.0001"))
    assert 2031 not in values


def test_a_department_kpi_for_one_strategy_counts_only_those_trajectories(world, three):
    kpi = kpi_from_trajectories(
        world,
        name="R1 per afdeling",
        scope=Kpi.Scope.DEPARTMENT,
        department=world.department_a,
        strategy=RStrategy.objects.get(code="R1"),
        effect_basis=Kpi.EffectBasis.REALISED,
    )
    values = Measurement.objects.realised([kpi]).values[kpi.pk]
    assert values[2026] == (D(30) * D("239.1") / 4).quantize(D("0.0001"))
    other = kpi_from_trajectories(
        world,
        name="R2 bij de afdeling",
        scope=Kpi.Scope.DEPARTMENT,
        department=world.department_a,
        strategy=RStrategy.objects.get(code="R2"),
    )
    assert Measurement.objects.realised([other]).values[other.pk] == {}


def test_the_kpi_page_says_where_the_numbers_come_from_and_links_the_trajectories(client, world, three):
    kpi = kpi_from_trajectories(world)
    client.force_login(world.users["lezer"])
    html = client.get(reverse("kpis:kpi_detail", args=[kpi.pk])).content.decode()
    assert "Berekend uit trajecten: kg co2-equivalent vermeden per jaar, gepland" in html
    assert "Waar de cijfers vandaan komen" in html
    for trajectory in three:
        assert reverse("procurement:trajectory_detail", args=[trajectory.pk]) in html
    assert "Metingen invoeren" not in html


def test_the_dashboard_tracks_the_kpi_against_its_targets_without_typing(client, world, three):
    kpi = kpi_from_trajectories(world)
    client.force_login(world.users["lezer"])
    response = client.get(reverse("kpis:dashboard"), {"jaar": 2026})
    summary = next(s for s in response.context["figures"]["summaries"] if s.kpi.pk == kpi.pk)
    rows = effects.effect_rows(world.org_a)
    assert summary.row.realised == effects.rollup(rows, 2026).total.value("planned", "kg_co2e").quantize(D("0.0001"))
    assert summary.row.status is not None


def test_the_kpi_form_asks_which_figure_when_fed_from_trajectories(client, world):
    client.force_login(world.users["chef"])
    data = {
        "name": "Vermeden materiaal",
        "unit": "kg",
        "strategy": "",
        "scope": "organisatie",
        "direction": "hoger",
        "baseline_value": "0",
        "baseline_year": "2025",
        "goal_value": "10.000",
        "goal_year": "2030",
        "rule": "lineair",
        "margin_pct": "5",
        "aggregation": "som",
        "source": "trajecten",
        "effect_basis": "realised",
    }
    response = client.post(reverse("kpis:kpi_create"), data)
    assert response.status_code == 200
    assert "Kies welk cijfer uit de trajecten deze KPI volgt." in response.content.decode()
    response = client.post(reverse("kpis:kpi_create"), {**data, "effect_measure": "kg_material"})
    assert response.status_code == 302
    kpi = Kpi.objects.get(organisation=world.org_a, name="Vermeden materiaal")
    assert kpi.from_trajectories and kpi.effect_measure == "kg_material" and kpi.goal_value == D(10000)


# --- the annual report ---------------------------------------------------------------------------


def test_the_annual_report_has_an_effect_section_with_the_method_and_the_sources(world, three):
    from django.template.loader import render_to_string

    context = report_context(world.org_a, 2026)
    body = render_to_string("kpis/includes/annual_report_body.html", context)
    assert '<h2 id="jv-effect">Effect</h2>' in body
    assert "Vermeden is referentie min plan" in body
    laptop = ImpactFactor.objects.get(key="ict_laptop_14")
    assert laptop.source_name in body and laptop.licence in body.replace("&#x27;", "'")


# --- the export ------------------------------------------------------------------------------------


def rows_of(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_the_effect_export_has_every_trajectory_with_its_figures_and_the_sources(client, world, three):
    client.force_login(world.users["lezer"])
    response = client.get(reverse("kpis:export", args=["effecten", "csv"]))
    assert response.status_code == 200
    rows = {r["traject"]: r for r in rows_of(response)}
    shared = rows["Laptops delen"]
    assert shared["r-strategie"] == "R1" and shared["looptijd (jaren)"] == "4"
    assert shared["kg co2e vermeden gepland (looptijd)"] == "9564"
    assert shared["kg co2e vermeden gepland per jaar"] == "2391"
    assert shared["kg co2e vermeden gerealiseerd (looptijd)"] == "7173"
    assert rows["Minder laptops"]["kg co2e vermeden gerealiseerd (looptijd)"] == ""  # unknown, not 0
    laptop = ImpactFactor.objects.get(key="ict_laptop_14")
    assert laptop.source_name in shared["bronnen van de factoren"]
    assert laptop.licence in shared["bronnen van de factoren"]


def test_the_effect_exports_neutralise_formulas(client, world):
    trajectory_with_effect(world, '=HYPERLINK("http://x")', "R1")
    client.force_login(world.users["lezer"])
    rows = rows_of(client.get(reverse("kpis:export", args=["effecten", "csv"])))
    assert '\'=HYPERLINK("http://x")' in [r["traject"] for r in rows]
    workbook = load_workbook(io.BytesIO(client.get(reverse("kpis:export", args=["effectregels", "xlsx"])).content))
    sheet = workbook.active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    titles = {row[header.index("traject")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert '\'=HYPERLINK("http://x")' in titles
    sources = [row[header.index("bron")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ImpactFactor.objects.get(key="ict_laptop_14").source_name in sources


def test_the_export_of_another_organisation_holds_none_of_ours(client, world, three):
    client.force_login(world.users["outsider"])
    for what in ("effecten", "effectregels"):
        response = client.get(reverse("kpis:export", args=[what, "csv"]))
        assert response.status_code == 200  # the outsider's own organisation (B): none of A's trajectories
        text = response.content.decode("utf-8-sig")
        assert "Laptops delen" not in text and "traject" in text


def test_the_kpi_export_and_the_measurement_grid_say_the_kpi_is_calculated(client, world):
    kpi = kpi_from_trajectories(world)
    client.force_login(world.users["chef"])
    rows = rows_of(client.get(reverse("kpis:export", args=["kpis", "csv"])))
    row = next(r for r in rows if r["naam"] == kpi.name)
    assert row["bron van de cijfers"].startswith("Berekend uit trajecten")
    assert row["berekend cijfer"] == "kg CO2-equivalent vermeden per jaar" and row["gepland of gerealiseerd"]
    grid = client.get(reverse("kpis:measurements", args=[kpi.pk])).content.decode()
    assert "metingen die je hier invoert, tellen niet mee" in grid


def test_the_kpi_page_of_a_calculated_kpi_costs_the_same_for_5_or_30_trajectories(client, world):
    kpi = kpi_from_trajectories(world)
    client.force_login(world.users["lezer"])
    url = reverse("kpis:kpi_detail", args=[kpi.pk])
    _seed(world, 5)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _seed(world, 25)
    with CaptureQueriesContext(connection) as many:
        assert "Effect 25-24" in client.get(url).content.decode()
    assert len(many) == len(few)


def test_the_effect_chart_escapes_labels_and_writes_unknown_not_zero():
    from lib.charts import paired_bar_chart_svg

    svg = str(
        paired_bar_chart_svg(
            "effect-test",
            "Titel",
            "Beschrijving",
            [("<script>R1</script>", D("1500"), None), ("R2", D("-20"), D("10"))],
            format_mass,
        )
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "gerealiseerd: onbekend" in svg and "gepland: 1,5 ton" in svg and "gepland: -20 kg" in svg
    assert 'role="img"' in svg and "style=" not in svg


def test_a_changed_effect_renews_the_cached_dashboard(client, world):
    client.force_login(world.users["chef"])
    url = reverse("kpis:dashboard")
    _seed(world, 1)
    before = client.get(url, {"jaar": 2027}).context["figures"]["effects"]
    effect = TrajectoryEffect.objects.for_organisation(world.org_a).get(trajectory__title="Effect 1-0")
    effect.planned_kg_co2e = (effect.planned_kg_co2e or D(0)) + D(1000000)
    effect.save()
    after = client.get(url, {"jaar": 2027}).context["figures"]["effects"]
    assert after.total.value("planned", "kg_co2e") != before.total.value("planned", "kg_co2e")


def test_a_total_that_leaves_out_an_unknown_trajectory_says_so(client, world, three):
    # A fourth trajectory in 2026 with a reference but no plan yet: its planned effect is unknown.
    waiting = start_trajectory(world, title="Plan volgt", **FOUR_YEARS)
    Trajectory.objects.for_organisation(world.org_a).filter(pk=waiting.pk).update(
        chosen_strategy=RStrategy.objects.get(code="R3")
    )
    add_line(waiting, "ict_laptop_14", 40, Scenario.REFERENCE)
    refresh_effect(waiting)
    rollup = effects.rollup(effects.effect_rows(world.org_a), 2026)
    assert rollup.total.count == 4 and rollup.total.unknown("planned", "kg_co2e") == 1
    assert rollup.total.unknown_note("planned", "kg_co2e") == "waarvan 1 traject onbekend"
    client.force_login(world.users["lezer"])
    html = client.get(reverse("kpis:dashboard"), {"jaar": 2026}).content.decode()
    figure = html.split("CO2-equivalent vermeden in 2026 (gepland)", 1)[1].split("</div>", 1)[0]
    assert format_mass(rollup.total.value("planned", "kg_co2e")) in figure and "waarvan 1 traject onbekend" in figure
    strategies = next(t for t in tables(html) if t["rows"] and t["rows"][0][0].startswith("R0"))
    r3 = next(row for row in strategies["rows"] if row[0].startswith("R3"))
    assert r3[4] == "onbekend"  # planned kg CO2e of the R3 row: the row that the total leaves out
    total = next(row for row in strategies["rows"] if row[0] == "Totaal")
    assert total[4] == f"{format_mass(rollup.total.value('planned', 'kg_co2e'))} waarvan 1 traject onbekend"
    # Two more without a plan: the plural.
    for title in ("Plan volgt ook", "Plan volgt later"):
        other = start_trajectory(world, title=title, **FOUR_YEARS)
        add_line(other, "ict_laptop_14", 10, Scenario.REFERENCE)
        refresh_effect(other)
    rollup = effects.rollup(effects.effect_rows(world.org_a), 2026)
    assert rollup.total.unknown_note("planned", "kg_co2e") == "waarvan 3 trajecten onbekend"
