"""The nulmeting in volumes: yearly quantities × impact factors, the snapshot rule, the goal in kilograms."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rladder.models import BaselineLine, ImpactFactor, OrganisationImpactFactor, interpolate
from tests.tables import unit_conflicts

pytestmark = pytest.mark.django_db

D = Decimal


# --- the goal in kilograms (the arithmetic of the lines: tests/rladder/test_factor_lines.py) ----


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
    assert unit_conflicts(html) == []  # the columns name no unit the figures (in tonnes) contradict


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
    assert line.history.first().history_change_reason == "Herberekend met de huidige factoren"


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


def test_an_override_added_since_marks_the_line_as_changed_as_on_a_trajectory(client, world):
    laptop = ImpactFactor.objects.get(key="ict_laptop_14")
    line = BaselineLine(strategy=world.strategy_a, quantity=D(2), quantity_unit="stuk")
    line.take_snapshot(laptop)
    line.save()
    client.force_login(world.users["chef"])
    assert "De factor is sindsdien gewijzigd." not in page(client, world)
    OrganisationImpactFactor.objects.create(
        organisation=world.org_a, overrides=laptop, category_nl="ICT", item_nl="Laptop", unit="stuk"
    )
    html = page(client, world)
    assert "De factor is sindsdien gewijzigd." in html and "Bij 1 regel is de factor sindsdien gewijzigd." in html
