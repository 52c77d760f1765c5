"""The factor line: one abstract model and one arithmetic for the nulmeting and a trajectory's effect.

Each rule of ``rladder.factor_lines`` once: units, material, uncertainty, euros, totals,
staleness and recalculating; and the one form encoding of a factor and an R-strategy.
"""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procurement.forms import GrowthStepForm, ImpactLineForm
from procurement.models import ImpactLine
from rladder.factor_lines import (
    RECALCULATED_REASON,
    FactorsNow,
    Totals,
    amount_in_factor_unit,
    line_figures,
    recalculate,
    stale_lines,
    totals,
)
from rladder.forms import BaselineLineForm, MilestoneForm, factor_key
from rladder.models import (
    SNAPSHOT_FIELDS,
    BaselineLine,
    FactorLine,
    FactorValues,
    ImpactFactor,
    OrganisationImpactFactor,
    RStrategy,
)


def factor(unit="stuk", co2e="10", material="2", *, low=None, high=None, percent=None, pk=None) -> ImpactFactor:
    """An unsaved shared factor."""
    return ImpactFactor(
        pk=pk,
        key=f"f{pk}",
        category_nl="Categorie",
        item_nl="Item",
        unit=unit,
        kg_co2e_per_unit=None if co2e is None else D(co2e),
        kg_material_per_unit=None if material is None else D(material),
        uncertainty_low=None if low is None else D(low),
        uncertainty_high=None if high is None else D(high),
        uncertainty_percent=None if percent is None else D(percent),
        source_name="Bron",
    )


def trajectory_line(factor_obj, quantity, unit=None, **extra) -> ImpactLine:
    line = ImpactLine(quantity=D(quantity), quantity_unit=unit or factor_obj.unit, **extra)
    line.take_snapshot(factor_obj)
    return line


def baseline_line(factor_obj, quantity, unit=None, **extra) -> BaselineLine:
    line = BaselineLine(quantity=D(quantity), quantity_unit=unit or factor_obj.unit, **extra)
    line.take_snapshot(factor_obj)
    return line


# --- one model -------------------------------------------------------------------------


def test_both_lines_are_factor_lines_with_one_field_list_and_their_own_tables():
    assert issubclass(BaselineLine, FactorLine) and issubclass(ImpactLine, FactorLine)
    tables = (BaselineLine._meta.db_table, ImpactLine._meta.db_table)
    assert tables == ("rladder_baselineline", "procurement_impactline")
    for model in (BaselineLine, ImpactLine):
        names = {f.name for f in model._meta.get_fields()}
        assert set(SNAPSHOT_FIELDS) | {"quantity", "quantity_unit", "unit_weight_kg", "snapshot_at"} <= names
    factor_values = {f.name for f in FactorValues._meta.get_fields()}
    assert set(SNAPSHOT_FIELDS) <= factor_values, "a snapshot copies only what a factor says"


def test_a_snapshot_copies_every_value_of_the_factor_and_links_it():
    laptop = factor(pk=7, low="8", high="13")
    laptop.system_boundary, laptop.system_boundary_note = "cradle_to_gate", "Zonder gebruiksfase."
    for line in (baseline_line(laptop, "1"), trajectory_line(laptop, "1")):
        assert all(getattr(line, name) == getattr(laptop, name) for name in SNAPSHOT_FIELDS)
        assert line.shared_factor_id == 7 and line.own_factor_id is None and line.snapshot_at is not None
        line.take_snapshot(None)
        assert not line.has_factor and line.shared_factor_id is None and line.kg_co2e_per_unit is None


# --- units -----------------------------------------------------------------------------


def test_a_quantity_in_the_factors_unit_counts_as_it_is():
    assert amount_in_factor_unit(baseline_line(factor(unit="km"), "3")) == (D(3), None)


def test_a_factor_per_kg_takes_pieces_only_with_a_weight():
    clothes = factor(unit="kg", co2e="22.31", material="1")
    amount, error = amount_in_factor_unit(baseline_line(clothes, "50", unit="stuk"))
    assert amount is None and error == "Deze factor is per kg en je telt stuks: vul het gewicht per stuk in."
    assert amount_in_factor_unit(baseline_line(clothes, "50", unit="stuk", unit_weight_kg=D("0.6"))) == (D(30), None)


def test_a_factor_per_piece_takes_kilograms_only_with_a_weight():
    ream = factor(unit="stuk")
    assert amount_in_factor_unit(trajectory_line(ream, "25", unit="kg", unit_weight_kg=D("2.5"))) == (D(10), None)
    for weight in (None, D(0)):
        _amount, error = amount_in_factor_unit(trajectory_line(ream, "25", unit="kg", unit_weight_kg=weight))
        assert error == "Deze factor is per stuk en je geeft kilo's op: vul het gewicht per stuk in."


def test_a_factor_per_euro_takes_euros_or_a_price_per_unit_where_the_line_has_one():
    spend = factor(unit="euro", co2e="0.061", material=None)
    assert amount_in_factor_unit(trajectory_line(spend, "10", unit="stuk", unit_price_eur=D(1000))) == (D(10000), None)
    _amount, error = amount_in_factor_unit(trajectory_line(spend, "10", unit="stuk"))
    assert error == "Deze factor is per euro: geef een bedrag in euro's op, of de prijs per eenheid."
    # The nulmeting asks no price per unit: pieces against a factor per euro simply do not fit.
    _amount, error = amount_in_factor_unit(baseline_line(spend, "10", unit="stuk"))
    assert error == "De hoeveelheid is in stuk en de factor per euro: die passen niet bij elkaar."


def test_units_that_do_not_fit_are_an_error_not_a_number():
    figures = line_figures(trajectory_line(factor(unit="km"), "100", unit="kwh"))
    assert figures.unit_error == "De hoeveelheid is in kWh en de factor per km: die passen niet bij elkaar."
    assert figures.has_factor and not figures.counts
    assert (figures.kg_co2e, figures.kg_material) == (None, None)


# --- material, CO2e, uncertainty, euros ----------------------------------------------------


def test_material_is_the_factors_figure_else_the_weight_itself_else_unknown():
    assert line_figures(baseline_line(factor(material="1.62"), "120")).kg_material == D("194.40")
    assert line_figures(baseline_line(factor(unit="kg", material=None), "40")).kg_material == D(40)
    pieces = factor(unit="stuk", material=None)
    assert line_figures(baseline_line(pieces, "5", unit_weight_kg=D(2))).kg_material == D(10)
    assert line_figures(baseline_line(pieces, "5")).kg_material is None
    assert line_figures(baseline_line(factor(unit="euro", material=None), "500")).kg_material is None


def test_co2e_is_the_amount_times_the_factor_and_unknown_values_stay_unknown():
    figures = line_figures(baseline_line(factor(unit="kg", co2e="22.31"), "50", unit="stuk", unit_weight_kg=D("0.6")))
    assert figures.kg_co2e == D("669.300")
    unknown = line_figures(baseline_line(factor(co2e=None, material=None), "10"))
    assert (unknown.kg_co2e, unknown.kg_co2e_low, unknown.kg_material) == (None, None, None), "unknown, never 0"


def test_the_range_is_the_factors_low_and_high_values():
    figures = line_figures(baseline_line(factor(low="8", high="13"), "120"))
    assert (figures.kg_co2e_low, figures.kg_co2e, figures.kg_co2e_high) == (D(960), D(1200), D(1560))
    assert figures.has_range


def test_a_percentage_gives_a_range_either_side_never_below_zero():
    figures = line_figures(baseline_line(factor(percent="30"), "10"))
    assert (figures.kg_co2e_low, figures.kg_co2e_high) == (D(70), D(130))
    assert line_figures(baseline_line(factor(percent="150"), "1")).kg_co2e_low == 0


def test_without_a_range_both_ends_are_the_central_value():
    figures = line_figures(trajectory_line(factor(), "3"))
    assert figures.kg_co2e_low == figures.kg_co2e == figures.kg_co2e_high == D(30)
    assert not figures.has_range


def test_euros_are_an_amount_in_euros_or_the_quantity_times_the_price():
    assert line_figures(trajectory_line(factor(unit="euro", co2e="0.061"), "100000")).eur == D(100000)
    assert line_figures(trajectory_line(factor(), "120", unit_price_eur=D(950))).eur == D(114000)
    assert line_figures(trajectory_line(factor(), "120")).eur is None
    assert line_figures(baseline_line(factor(), "120")).eur is None


def test_a_line_without_a_factor_has_no_figures_but_its_euros():
    line = ImpactLine(quantity=D(10), quantity_unit="euro")
    figures = line_figures(line)
    assert not figures.has_factor and figures.kg_co2e is None and figures.eur == D(10)


def test_a_factor_per_euro_is_spend_based():
    assert line_figures(baseline_line(factor(unit="euro"), "10")).spend_based
    assert not line_figures(baseline_line(factor(), "10")).spend_based


# --- totals ----------------------------------------------------------------------------


def test_totals_sum_what_is_known_and_count_what_is_not():
    lines = [
        trajectory_line(factor(), "1"),
        trajectory_line(factor(material=None), "2"),
        ImpactLine(quantity=D(5), quantity_unit="stuk"),  # no factor
        trajectory_line(factor(unit="kg"), "5", unit="stuk"),  # unit error
    ]
    result = totals(line_figures(line) for line in lines)
    assert (result.kg_material, result.kg_co2e, result.eur) == (D(2), D(30), None)
    assert (result.lines, result.without_factor, result.unit_errors, result.incomplete) == (4, 1, 1, 2)
    assert result.without_material == result.unknown["kg_material"] == 1  # of the lines that count
    assert result.unknown["kg_co2e"] == 0 and result.unknown["eur"] == 4  # euros: of every line
    only_unknown = totals([line_figures(trajectory_line(factor(material=None), "2"))])
    assert only_unknown.kg_material is None, "unknown, not zero"


def test_a_total_range_counts_lines_without_a_range_at_their_central_value():
    ranged, plain = baseline_line(factor(low="5", high="20"), "1"), baseline_line(factor(co2e="3"), "2")
    result = totals([ranged.figures, plain.figures])
    assert (result.kg_co2e_low, result.kg_co2e, result.kg_co2e_high) == (D(11), D(16), D(26))
    assert result.with_range == 1 and result.has_range
    assert not totals([plain.figures]).has_range


def test_totals_count_the_spend_based_lines_that_count():
    spend = factor(unit="euro", co2e="0.5", material=None)
    result = totals([baseline_line(spend, "250000").figures, baseline_line(spend, "3", unit="stuk").figures])
    assert result.kg_co2e == D(125000) and result.spend_based == 1


def test_no_lines_is_empty_and_nothing_is_zero():
    assert totals([]).is_empty and totals([]).kg_co2e is None
    nothing = Totals.nothing()
    assert not nothing.is_empty and (nothing.kg_material, nothing.kg_co2e, nothing.eur) == (0, 0, 0)


# --- stale and recalculated: the factor as it counts for the organisation now -------------


@pytest.fixture
def own(world):
    return OrganisationImpactFactor.objects.create(
        organisation=world.org_a, category_nl="Meubilair", item_nl="Bureaustoel", unit="stuk", kg_co2e_per_unit=D(70)
    )


def saved_line(world, factor_obj, quantity="10") -> BaselineLine:
    line = baseline_line(factor_obj, quantity, strategy=world.strategy_a)
    line.save()
    return line


@pytest.mark.django_db
def test_a_line_is_stale_when_its_factor_says_something_else_now(world, own):
    line = saved_line(world, own)
    assert not line.is_stale(own) and not line.is_stale(None)
    for name, value in (("kg_co2e_per_unit", D(90)), ("system_boundary_note", "Nu met transport.")):
        changed = OrganisationImpactFactor.objects.for_organisation(world.org_a).get(pk=own.pk)
        setattr(changed, name, value)
        assert line.is_stale(changed), name


@pytest.mark.django_db
def test_an_override_added_since_makes_a_shared_line_stale(world):
    laptop = ImpactFactor.objects.get(key="ict_laptop_14")
    line = saved_line(world, laptop)
    assert FactorsNow.of(world.org_a).current(line) == laptop and stale_lines([line], world.org_a) == []
    override = OrganisationImpactFactor.objects.create(
        organisation=world.org_a, overrides=laptop, category_nl="ICT", item_nl="Laptop", unit="stuk"
    )
    current = FactorsNow.of(world.org_a).current(line)
    assert current == override and current.is_own
    assert stale_lines([line], world.org_a) == [line]
    assert stale_lines([line], world.org_b) == [], "another organisation's override does not count"


@pytest.mark.django_db
def test_stale_lines_costs_two_queries_and_none_without_linked_factors(world, own):
    lines = [saved_line(world, own, str(n)) for n in range(5)]
    with CaptureQueriesContext(connection) as queries:
        assert stale_lines(lines, world.org_a) == []
    assert len(queries) == 2
    unlinked = [BaselineLine(strategy=world.strategy_a, quantity=D(1), quantity_unit="stuk")]
    with CaptureQueriesContext(connection) as queries:
        assert stale_lines(unlinked, world.org_a) == []
    assert len(queries) == 0


@pytest.mark.django_db
def test_recalculating_snapshots_only_stale_lines_with_the_reason_and_the_user(world, own):
    stale, current = saved_line(world, own, "1"), saved_line(world, own, "2")
    gone = saved_line(world, own, "3")
    own.kg_co2e_per_unit = D(90)
    own.save()
    current.take_snapshot(own)
    current.save()
    BaselineLine.objects.filter(strategy=world.strategy_a, pk=gone.pk).update(own_factor=None)
    gone.refresh_from_db()
    user = world.users["chef"]
    result = recalculate([stale, current, gone], world.org_a, user=user)
    assert (result.changed, result.unchanged, result.without_factor) == (1, 1, 1)
    stale.refresh_from_db()
    assert stale.kg_co2e_per_unit == D(90)
    record = stale.history.first()
    assert record.history_change_reason == RECALCULATED_REASON and record.history_user == user
    assert current.history.count() == 2 and gone.kg_co2e_per_unit == D(70)


# --- one encoding of a factor and of an R-strategy in the forms ----------------------------


def line_post(key: str) -> dict:
    return {"factor": key, "quantity": "10", "quantity_unit": "stuk", "description": ""}


@pytest.mark.django_db
def test_both_line_forms_offer_factors_by_one_key_and_take_the_old_short_one(world, own):
    laptop = ImpactFactor.objects.get(key="ict_laptop_14")
    factors = ImpactFactor.objects.effective_for(world.org_a)
    assert (factor_key(laptop), factor_key(own)) == (f"gedeeld-{laptop.pk}", f"eigen-{own.pk}")
    for form_class in (BaselineLineForm, ImpactLineForm):
        groups = form_class(factors=factors).fields["factor"].choices[1:]
        offered = {value for _group, options in groups for value, _label in options}
        assert {factor_key(laptop), factor_key(own)} <= offered, form_class
        for key, chosen in ((f"g{laptop.pk}", laptop), (f"e{own.pk}", own), (factor_key(own), own)):
            form = form_class(data=line_post(key), factors=factors)
            assert form.is_valid(), (form_class, key, form.errors)
            assert form.chosen_factor == chosen
        refused = form_class(data=line_post(f"x{laptop.pk}"), factors=factors)
        assert refused.errors["factor"][0].startswith("Selecteer een geldige keuze.")


@pytest.mark.django_db
def test_both_line_forms_put_a_unit_error_beside_the_field_to_fix():
    clothes, spend = factor(unit="kg", pk=1), factor(unit="euro", pk=2)
    for form_class in (BaselineLineForm, ImpactLineForm):
        form = form_class(data=line_post("gedeeld-1"), factors=[clothes, spend])
        assert not form.is_valid() and "gewicht per stuk" in form.errors["unit_weight_kg"][0], form_class
    priced = ImpactLineForm(data=line_post("gedeeld-2"), factors=[clothes, spend])
    assert not priced.is_valid() and "prijs per eenheid" in priced.errors["unit_price_eur"][0]
    unpriced = BaselineLineForm(data=line_post("gedeeld-2"), factors=[clothes, spend])
    assert not unpriced.is_valid() and "passen niet" in unpriced.errors["quantity_unit"][0]


@pytest.mark.django_db
def test_strategies_are_chosen_by_code_everywhere_and_an_old_id_still_counts(world):
    r3 = RStrategy.objects.get(code="R3")
    trajectory_field = GrowthStepForm().fields["strategy"]
    milestone_field = MilestoneForm().fields["target"]
    assert trajectory_field.prepare_value(r3) == milestone_field.prepare_value(r3) == "R3"
    assert milestone_field.clean("R3") == milestone_field.clean(str(r3.pk)) == r3
    for value in ("R12", "999999", "٣"):
        form = MilestoneForm(data={"year": "2030", "target": value, "description": "x"})
        assert form.errors["target"] == ["Kies een R-strategie uit de lijst (R0 tot en met R9)."], value


# --- the migration that gave the nulmeting's lines the note on the system boundary -------


@pytest.mark.django_db
def test_the_migration_copies_the_note_from_the_linked_factor(world, own):
    import importlib

    from django.db.migrations.executor import MigrationExecutor

    migration = importlib.import_module("rladder.migrations.0006_line_is_a_factor_line")
    state = MigrationExecutor(connection).loader.project_state(("rladder", "0006_line_is_a_factor_line"))
    own.system_boundary_note = "Zonder transport."
    own.save()
    line = saved_line(world, own)
    unlinked = BaselineLine.objects.create(strategy=world.strategy_a, quantity=D(1), quantity_unit="stuk")
    BaselineLine.objects.filter(strategy=world.strategy_a, pk=line.pk).update(system_boundary_note="")
    migration.copy_system_boundary_notes(state.apps, None)
    line.refresh_from_db()
    unlinked.refresh_from_db()
    assert line.system_boundary_note == "Zonder transport." and not line.is_stale(own)
    assert unlinked.system_boundary_note == ""
