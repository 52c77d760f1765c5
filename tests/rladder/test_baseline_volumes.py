"""The nulmeting in volumes: yearly quantities × impact factors, the snapshot rule, the goal in kilograms."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rladder.footprint import figures, interpolate, totals
from rladder.models import BaselineLine, ImpactFactor, OrganisationImpactFactor

pytestmark = pytest.mark.django_db

D = Decimal


def snap(unit="stuk", co2e="10", material="2", low=None, high=None, percent=None, source="Bron"):
    return SimpleNamespace(
        unit=unit,
        kg_co2e_per_unit=D(co2e) if co2e is not None else None,
        kg_material_per_unit=D(material) if material is not None else None,
        uncertainty_low=D(low) if low is not None else None,
        uncertainty_high=D(high) if high is not None else None,
        uncertainty_percent=D(percent) if percent is not None else None,
        source_name=source,
        source_url="",
        source_year=2024,
        licence="CC-BY",
    )


# --- the arithmetic ------------------------------------------------------------------


def test_pieces_times_a_factor_per_piece_with_its_range():
    line = figures(snap(low="8", high="13"), D(120), "stuk", None)
    assert (line.kg_material, line.kg_co2e) == (D(240), D(1200))
    assert (line.kg_co2e_low, line.kg_co2e_high) == (D(960), D(1560))


def test_a_percentage_gives_a_range_either_side_never_below_zero():
    line = figures(snap(percent="30"), D(10), "stuk", None)
    assert (line.kg_co2e_low, line.kg_co2e_high) == (D(70), D(130))
    assert figures(snap(percent="150"), D(1), "stuk", None).kg_co2e_low == 0


def test_a_factor_per_kg_takes_pieces_only_with_a_weight():
    factor = snap(unit="kg", co2e="22.31", material="1")
    without = figures(factor, D(50), "stuk", None)
    assert without.kg_co2e is None and "gewicht per stuk" in without.unit_error
    withweight = figures(factor, D(50), "stuk", D("0.6"))
    assert (withweight.kg_material, withweight.kg_co2e) == (D("30.0"), D("669.300"))
    assert figures(factor, D(3), "km", None).unit_error


def test_without_a_material_figure_the_weight_itself_is_the_material_as_on_a_trajectory():
    per_kg = snap(unit="kg", co2e="2", material=None)
    assert figures(per_kg, D(40), "kg", None).kg_material == D(40)
    assert figures(per_kg, D(50), "stuk", D("0.6")).kg_material == D("30.0")
    assert figures(snap(unit="stuk", material=None), D(5), "stuk", D("2")).kg_material == D(10)
    assert figures(snap(unit="stuk", material=None), D(5), "stuk", None).kg_material is None


def test_unknown_values_stay_unknown_and_totals_say_how_many_lines_missed_them():
    known = snap()
    no_material = snap(material=None)
    pairs = [
        (known, figures(known, D(1), "stuk", None)),
        (no_material, figures(no_material, D(2), "stuk", None)),
        (snap(unit=""), figures(snap(unit=""), D(5), "stuk", None)),
        (snap(unit="kg"), figures(snap(unit="kg"), D(5), "stuk", None)),
    ]
    result = totals(pairs)
    assert result.kg_material == D(2) and result.kg_co2e == D(30)
    assert (result.without_material, result.without_factor, result.unit_errors, result.incomplete) == (1, 1, 1, 2)
    nothing = totals([(no_material, figures(no_material, D(2), "stuk", None))])
    assert nothing.kg_material is None, "unknown, not zero"


def test_a_total_range_counts_lines_without_a_range_at_their_central_value():
    ranged, plain = snap(low="5", high="20"), snap(co2e="3")
    result = totals([(ranged, figures(ranged, D(1), "stuk", None)), (plain, figures(plain, D(2), "stuk", None))])
    assert (result.kg_co2e, result.kg_co2e_low, result.kg_co2e_high) == (D(16), D(11), D(26))


def test_spend_based_lines_are_counted_as_rough():
    spend = snap(unit="euro", co2e="0.5", material=None)
    result = totals([(spend, figures(spend, D(250000), "euro", None))])
    assert result.kg_co2e == D(125000) and result.spend_based == 1


def test_interpolation_runs_straight_from_the_nulmeting_to_the_goal():
    assert [interpolate(D(1000), D(500), i, 4) for i in range(1, 5)] == [D(875), D(750), D(625), D(500)]
    assert interpolate(None, D(5), 1, 2) is None and interpolate(D(5), None, 1, 2) is None


# --- the pages ----------------------------------------------------------------------


def post_lines(rows, initial=0) -> dict:
    data = {
        "regel-TOTAL_FORMS": str(len(rows)),
        "regel-INITIAL_FORMS": str(initial),
        "regel-MIN_NUM_FORMS": "0",
        "regel-MAX_NUM_FORMS": "100",
    }
    for i, row in enumerate(rows):
        base = {"factor": "", "quantity": "", "quantity_unit": "", "unit_weight_kg": "", "description": ""}
        data |= {f"regel-{i}-{k}": v for k, v in {**base, **row}.items()}
    return data


def edit_url(world) -> str:
    return reverse("rladder:baseline_edit", args=[world.category_a_only.slug])


def page(client, world) -> str:
    return client.get(reverse("procurement:category_strategy", args=[world.category_a_only.slug])).content.decode()


def test_the_chef_enters_volumes_the_dutch_way_and_sees_the_baseline(client, world):
    client.force_login(world.users["chef"])
    laptop = ImpactFactor.objects.get(key="ict_laptop_14")
    clothes = ImpactFactor.objects.get(key="text_kleding_kg")
    response = client.post(
        edit_url(world),
        post_lines(
            [
                {"factor": f"gedeeld-{laptop.pk}", "quantity": "1.200", "quantity_unit": "stuk", "description": "IT"},
                {"factor": f"gedeeld-{clothes.pk}", "quantity": "250", "quantity_unit": "stuk", "unit_weight_kg": ".6"},
                {},
            ]
        ),
    )
    assert response.status_code == 302
    lines = list(BaselineLine.objects.filter(strategy=world.strategy_a))
    assert [(line.quantity, line.position) for line in lines] == [(D(1200), 1), (D(250), 2)]
    assert lines[0].kg_co2e_per_unit == laptop.kg_co2e_per_unit and lines[0].source_name == laptop.source_name
    html = page(client, world)
    expected_co2e = D(1200) * laptop.kg_co2e_per_unit + D(150) * clothes.kg_co2e_per_unit
    assert "Nulmeting in volumes" in html
    from lib.formatting import format_mass

    assert format_mass(expected_co2e) in html
    assert laptop.source_name in html


def test_a_factor_per_kg_with_pieces_and_no_weight_gets_a_dutch_error(client, world):
    client.force_login(world.users["chef"])
    clothes = ImpactFactor.objects.get(key="text_kleding_kg")
    response = client.post(
        edit_url(world), post_lines([{"factor": f"gedeeld-{clothes.pk}", "quantity": "250", "quantity_unit": "stuk"}])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "vul het gewicht per stuk in" in html and 'id="error-summary"' in html
    assert not BaselineLine.objects.filter(strategy=world.strategy_a).exists()


def test_negative_quantities_and_another_organisations_factor_are_refused(client, world):
    client.force_login(world.users["chef"])
    laptop = ImpactFactor.objects.get(key="ict_laptop_14")
    theirs = OrganisationImpactFactor.objects.create(
        organisation=world.org_b, category_nl="X", item_nl="Geheim", unit="stuk", kg_co2e_per_unit=D(1)
    )
    response = client.post(
        edit_url(world),
        post_lines(
            [
                {"factor": f"gedeeld-{laptop.pk}", "quantity": "-5", "quantity_unit": "stuk"},
                {"factor": f"eigen-{theirs.pk}", "quantity": "5", "quantity_unit": "stuk"},
            ]
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vul een getal van 0 of meer in." in html
    assert "Geheim" not in html
    assert not BaselineLine.objects.filter(strategy=world.strategy_a).exists()


def test_a_line_keeps_its_factor_values_until_the_chef_recalculates(client, world):
    client.force_login(world.users["chef"])
    own = OrganisationImpactFactor.objects.create(
        organisation=world.org_a, category_nl="Meubilair", item_nl="Bureaustoel", unit="stuk", kg_co2e_per_unit=D(70)
    )
    client.post(edit_url(world), post_lines([{"factor": f"eigen-{own.pk}", "quantity": "10", "quantity_unit": "stuk"}]))
    line = BaselineLine.objects.get(strategy=world.strategy_a)
    own.kg_co2e_per_unit = D(90)
    own.save()
    line.refresh_from_db()
    assert line.figures.kg_co2e == D(700), "a later factor edit changes nothing"
    # Saving the form again without changing the factor keeps the snapshot too.
    data = post_lines([{"id": str(line.pk), "factor": f"eigen-{own.pk}", "quantity": "10", "quantity_unit": "stuk"}], 1)
    data["regel-0-strategy"] = str(world.strategy_a.pk)
    assert client.post(edit_url(world), data).status_code == 302
    line.refresh_from_db()
    assert line.kg_co2e_per_unit == D(70)
    assert "De factor is sindsdien gewijzigd." in page(client, world)
    response = client.post(reverse("rladder:baseline_recalculate", args=[world.category_a_only.slug]))
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.figures.kg_co2e == D(900)
    assert line.history.first().history_change_reason == "herberekend met de huidige factoren"


def test_recalculating_switches_to_an_override_the_organisation_added_since(client, world):
    laptop = ImpactFactor.objects.get(key="ict_laptop_14")
    line = BaselineLine(strategy=world.strategy_a, quantity=D(2), quantity_unit="stuk", shared_factor=laptop)
    line.take_snapshot(laptop)
    line.save()
    override = OrganisationImpactFactor.objects.create(
        organisation=world.org_a,
        overrides=laptop,
        category_nl="ICT",
        item_nl="Laptop eigen",
        unit="stuk",
        kg_co2e_per_unit=D(100),
    )
    client.force_login(world.users["chef"])
    client.post(reverse("rladder:baseline_recalculate", args=[world.category_a_only.slug]))
    line.refresh_from_db()
    assert line.own_factor == override and line.shared_factor is None and line.figures.kg_co2e == D(200)


def test_the_goal_in_kilograms_shows_the_reduction_and_the_milestones_follow(client, world):
    from tests.access.rows_rladder_strategies import strategy_data

    laptop = ImpactFactor.objects.get(key="ict_laptop_14")
    line = BaselineLine(strategy=world.strategy_a, quantity=D(100), quantity_unit="stuk", shared_factor=laptop)
    line.take_snapshot(laptop)
    line.save()
    client.force_login(world.users["chef"])
    slug = world.category_a_only.slug
    data = {**strategy_data(world), "goal_kg_material": "81", "goal_kg_co2e": "11.955"}
    assert client.post(reverse("rladder:strategy_edit", args=[slug]), data).status_code == 302
    world.strategy_a.refresh_from_db()
    assert world.strategy_a.goal_kg_co2e == D(11955) and world.strategy_a.goal_kg_material == D(81)
    html = page(client, world)
    assert "50% minder dan de nulmeting" in html  # 162 kg → 81 kg and 23.910 → 11.955 kg CO2e
    proposal = client.get(reverse("rladder:milestones_edit", args=[slug]), {"voorstel": "1"}).content.decode()
    # ten years from 2026 to 2036: the material goes 162 → 81 in equal steps, 8,1 kg a year
    assert 'name="mijlpaal-0-kg_material" value="154"' in proposal
    assert 'name="mijlpaal-9-kg_material" value="81"' in proposal
    assert 'name="mijlpaal-9-kg_co2e" value="11955"' in proposal


def test_the_strategy_page_query_budget_does_not_grow_with_lines(client, world):
    client.force_login(world.users["lezer"])
    laptop = ImpactFactor.objects.get(key="ict_laptop_14")
    own = OrganisationImpactFactor.objects.create(
        organisation=world.org_a, category_nl="X", item_nl="Stoel", unit="stuk", kg_co2e_per_unit=D(1)
    )

    def add(n):
        for i in range(n):
            line = BaselineLine(strategy=world.strategy_a, quantity=D(i), quantity_unit="stuk")
            factor = own if i % 2 else laptop
            line.shared_factor, line.own_factor = (None, own) if i % 2 else (laptop, None)
            line.take_snapshot(factor)
            line.save()

    add(2)
    with CaptureQueriesContext(connection) as few:
        page(client, world)
    add(20)
    with CaptureQueriesContext(connection) as many:
        assert "Stoel" in page(client, world)
    assert len(many) == len(few)
