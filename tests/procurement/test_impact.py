"""Referentie en effect: scenarios and what they avoid, the stored totals, the snapshot rule, herberekenen,
R0 as "plan: niets", and the ``mass`` formatter (a line's arithmetic: tests/rladder/test_factor_lines.py)."""

import datetime
from decimal import Decimal as D

import pytest

from lib.formatting import format_mass
from procurement.impact import (
    Avoided,
    compute_effect,
    default_term_years,
    recalculate_with_current_factors,
    refresh_effect,
    scenario_totals,
)
from procurement.models import ImpactLine, Scenario, TrajectoryEffect
from rladder.factor_lines import line_figures, stale_lines
from rladder.models import FactorUnit, ImpactFactor, OrganisationImpactFactor
from tests.factories import decide, start_trajectory

pytestmark = pytest.mark.django_db


def factor(key: str) -> ImpactFactor:
    return ImpactFactor.objects.get(key=key)


def line(factor_obj=None, quantity="1", unit=None, scenario=Scenario.REFERENCE, trajectory=None, **extra) -> ImpactLine:
    """An unsaved line with a snapshot of ``factor_obj`` (or without a factor)."""
    item = ImpactLine(
        trajectory=trajectory,
        scenario=scenario,
        quantity=D(quantity),
        quantity_unit=unit or (factor_obj.unit if factor_obj else FactorUnit.PIECE),
        **extra,
    )
    item.take_snapshot(factor_obj)
    return item


def add(trajectory, factor_obj, quantity, scenario=Scenario.REFERENCE, **extra) -> ImpactLine:
    item = line(factor_obj, quantity, scenario=scenario, trajectory=trajectory, **extra)
    item.save()
    return item


# --- scenarios (the arithmetic of a line and of totals: tests/rladder/test_factor_lines.py) ---------


def test_empty_scenario_is_unknown_and_nothing_is_zero():
    empty = scenario_totals([])
    assert empty.kg_co2e is None and empty.is_empty
    nothing = scenario_totals([line_figures(line(factor("ict_laptop_14"), "10"))], nothing=True)
    assert nothing.kg_co2e == 0 and nothing.kg_material == 0 and nothing.eur == 0 and not nothing.is_empty


def test_avoided_range_takes_all_low_and_all_high_values():
    laptop = factor("ict_laptop_14")
    laptop.uncertainty_low, laptop.uncertainty_high = D("200"), D("300")
    reference = scenario_totals([line_figures(line(laptop, "120"))])
    plan = scenario_totals([line_figures(line(laptop, "80"))])
    avoided = Avoided.between(reference, plan)
    assert avoided.kg_co2e == D("9564.0")  # 40 × 239,1
    assert (avoided.kg_co2e_low, avoided.kg_co2e_high) == (D("8000"), D("12000"))
    per_year = avoided.per_year(D("4"))
    assert per_year.kg_co2e == D("2391")


def test_default_term_from_the_contract_dates():
    class T:
        contract_start = datetime.date(2026, 1, 1)
        contract_end = datetime.date(2029, 12, 31)

    assert default_term_years(T) == D("4.0")
    T.contract_end = None
    assert default_term_years(T) is None


# --- stored effect, R0 and the snapshot rule ------------------------------------------


@pytest.fixture
def laptops(world):
    trajectory = start_trajectory(
        world, contract_start=datetime.date(2026, 1, 1), contract_end=datetime.date(2029, 12, 31)
    )
    decide(trajectory, world.users["inkoper"], r1="ja")
    laptop = factor("ict_laptop_14")
    add(trajectory, laptop, "120", unit_price_eur=D("950"))
    add(trajectory, laptop, "80", scenario=Scenario.PLAN, unit_price_eur=D("950"))
    refresh_effect(trajectory)
    return trajectory


def test_refresh_stores_the_totals_over_the_term(laptops):
    effect = TrajectoryEffect.objects.get(trajectory=laptops)
    assert effect.term_years == D("4.0") and effect.first_year == 2026
    assert effect.planned_kg_co2e == D("9564.000")
    assert effect.planned_kg_co2e_low == effect.planned_kg_co2e_high == D("9564.000")
    assert effect.planned_kg_material == D("64.800")
    assert effect.planned_eur == D("38000.000")
    assert effect.per_year("planned_kg_co2e") == D("2391")
    assert effect.realised_kg_co2e is None  # nothing realised yet: unknown
    assert effect.lines_without_factor == 0 and not effect.uses_spend_based
    assert effect.computed_at is not None


def test_realised_lines_give_the_realised_effect(laptops):
    add(laptops, factor("ict_laptop_14"), "90", scenario=Scenario.REALISED, unit_price_eur=D("950"))
    effect = refresh_effect(laptops)
    assert effect.realised_kg_co2e == D("7173.000")  # 30 × 239,1
    figures = compute_effect(laptops)
    assert figures.has_realised and figures.planned.kg_co2e == D("9564.0")


def test_a_reference_without_plan_has_no_planned_effect(world):
    trajectory = start_trajectory(world)
    add(trajectory, factor("ict_laptop_14"), "10")
    effect = refresh_effect(trajectory)
    assert effect.planned_kg_co2e is None and effect.planned_eur is None
    assert effect.term_years is None  # no contract dates: the team enters the term


def test_choosing_r0_makes_the_plan_nothing_and_revising_brings_it_back(world):
    trajectory = start_trajectory(world)
    cups = factor("cat_eur_catering")
    add(trajectory, cups, "20000", unit=FactorUnit.EURO)
    plan = add(trajectory, cups, "5000", scenario=Scenario.PLAN, unit=FactorUnit.EURO)
    refresh_effect(trajectory)
    decide(trajectory, world.users["inkoper"], r0="ja")
    effect = TrajectoryEffect.objects.get(trajectory=trajectory)
    assert effect.plan_is_nothing
    assert effect.planned_kg_co2e == D("2780.000") and effect.planned_eur == D("20000.000")
    assert effect.uses_spend_based
    assert ImpactLine.objects.filter(trajectory=trajectory, pk=plan.pk).exists()  # kept, not counted
    decide(trajectory, world.users["inkoper"], r1="ja")
    effect.refresh_from_db()
    assert not effect.plan_is_nothing and effect.planned_kg_co2e == D("2085.000")


def test_r0_without_any_effect_yet_creates_one(world):
    trajectory = start_trajectory(world)
    decide(trajectory, world.users["inkoper"], r0="ja")
    effect = TrajectoryEffect.objects.get(trajectory=trajectory)
    assert effect.plan_is_nothing and effect.first_year == datetime.date.today().year
    assert effect.planned_kg_co2e is None  # no reference yet: unknown


def test_a_later_factor_edit_never_changes_the_effect_until_recalculated(world, laptops):
    laptop = factor("ict_laptop_14")
    laptop.kg_co2e_per_unit = D("300")
    laptop.save()
    trajectory = laptops
    refresh_effect(trajectory)
    effect = TrajectoryEffect.objects.get(trajectory=trajectory)
    assert effect.planned_kg_co2e == D("9564.000")  # still the snapshot's 239,1
    lines = list(ImpactLine.objects.filter(trajectory=trajectory))
    assert len(stale_lines(lines, trajectory.organisation)) == 2

    user = world.users["inkoper"]
    result = recalculate_with_current_factors(trajectory, user)
    assert (result.changed, result.unchanged, result.without_factor) == (2, 0, 0)
    effect.refresh_from_db()
    assert effect.planned_kg_co2e == D("12000.000")
    assert effect.recalculated_by == user and effect.recalculated_at is not None
    assert effect.history.first().history_change_reason == "Herberekend met de huidige factoren"
    first = ImpactLine.objects.filter(trajectory=trajectory).first()
    assert first.history.first().history_change_reason == "Herberekend met de huidige factoren"
    assert first.history.first().history_user == user
    assert first.history.count() == 2
    assert stale_lines(list(ImpactLine.objects.filter(trajectory=trajectory)), trajectory.organisation) == []


def test_recalculating_takes_the_organisation_override(world, laptops):
    laptop = factor("ict_laptop_14")
    own = OrganisationImpactFactor.objects.create(
        organisation=world.org_a,
        overrides=laptop,
        category_nl=laptop.category_nl,
        item_nl="Laptop (eigen meting)",
        unit=FactorUnit.PIECE,
        kg_co2e_per_unit=D("200"),
        kg_material_per_unit=D("1.5"),
    )
    recalculate_with_current_factors(laptops, world.users["inkoper"])
    lines = list(ImpactLine.objects.filter(trajectory=laptops))
    assert {item.own_factor_id for item in lines} == {own.pk}
    assert {item.shared_factor_id for item in lines} == {None}
    assert TrajectoryEffect.objects.get(trajectory=laptops).planned_kg_co2e == D("8000.000")


def test_a_deleted_factor_keeps_the_snapshot(world):
    trajectory = start_trajectory(world)
    own = OrganisationImpactFactor.objects.create(
        organisation=world.org_a, category_nl="ICT", item_nl="Tablet", unit=FactorUnit.PIECE, kg_co2e_per_unit=D("90")
    )
    item = add(trajectory, own, "10")
    own.delete()
    item.refresh_from_db()
    assert item.own_factor is None and item.kg_co2e_per_unit == D("90") and item.has_factor
    result = recalculate_with_current_factors(trajectory, world.users["inkoper"])
    assert result.without_factor == 1
    assert TrajectoryEffect.objects.get(trajectory=trajectory).planned_kg_co2e is None


# --- formatting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kilograms", "expected"),
    [
        (D("450"), "450 kg"),
        (D("12.54"), "12,5 kg"),
        (D("0.354"), "0,35 kg"),
        (D("1300"), "1,3 ton"),
        (D("1234567"), "1.235 ton"),
        (D("999.7"), "1 ton"),
        (D("-2500"), "-2,5 ton"),
        (None, "–"),
    ],
)
def test_mass_is_shown_in_kg_or_tonnes(kilograms, expected):
    assert format_mass(kilograms) == expected


def test_mass_with_a_suffix():
    assert format_mass(D("1300"), "CO2e") == "1,3 ton CO2e"
