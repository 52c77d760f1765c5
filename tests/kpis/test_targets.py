"""Yearly targets worked back from the goal: both rules, both directions, overrides."""

from decimal import Decimal

import pytest

from kpis import targets as rules


def values(targets):
    return [(t.year, t.value) for t in targets]


def test_linear_targets_lower_is_better_step_evenly_from_baseline_to_goal():
    targets = rules.compute_targets(Decimal(1000), 2024, Decimal(400), 2030, rules.LINEAR)
    assert values(targets) == [
        (2024, Decimal("1000.0000")),
        (2025, Decimal("900.0000")),
        (2026, Decimal("800.0000")),
        (2027, Decimal("700.0000")),
        (2028, Decimal("600.0000")),
        (2029, Decimal("500.0000")),
        (2030, Decimal("400.0000")),
    ]
    assert not any(t.overridden for t in targets)


def test_linear_targets_higher_is_better_rise_to_the_goal():
    targets = rules.compute_targets(Decimal(40), 2024, Decimal(80), 2028, rules.LINEAR)
    assert [t.value for t in targets] == [Decimal(v) for v in ("40", "50", "60", "70", "80")]


def test_percentage_targets_shrink_by_a_constant_factor():
    targets = rules.compute_targets(Decimal(1000), 2024, Decimal(250), 2026, rules.PERCENTAGE)
    # 1000 → 500 → 250: halving each year.
    assert [t.value for t in targets] == [Decimal("1000.0000"), Decimal("500.0000"), Decimal("250.0000")]
    assert rules.yearly_change(Decimal(1000), Decimal(250), 2, rules.PERCENTAGE) == Decimal("-50.00")


def test_percentage_targets_higher_is_better_grow_by_a_constant_factor():
    targets = rules.compute_targets(Decimal(10), 2020, Decimal(80), 2023, rules.PERCENTAGE)
    assert [t.value for t in targets] == [Decimal(v) for v in ("10.0000", "20.0000", "40.0000", "80.0000")]
    ratios = [targets[i + 1].value / targets[i].value for i in range(3)]
    assert all(r == 2 for r in ratios)


def test_targets_are_worked_back_from_the_goal_so_the_goal_year_gets_the_goal_exactly():
    targets = rules.compute_targets(Decimal("182000"), 2022, Decimal("91000"), 2030, rules.PERCENTAGE)
    assert targets[-1].value == Decimal("91000.0000")
    assert targets[0].value == Decimal("182000.0000")
    assert all(targets[i].value > targets[i + 1].value for i in range(len(targets) - 1))


def test_overrides_win_and_are_marked_while_the_computed_value_is_kept():
    targets = rules.compute_targets(Decimal(1000), 2024, Decimal(400), 2030, rules.LINEAR, {2026: Decimal(850)})
    by_year = {t.year: t for t in targets}
    assert by_year[2026].value == Decimal(850)
    assert by_year[2026].overridden is True
    assert by_year[2026].computed == Decimal("800.0000")
    assert by_year[2027].overridden is False
    assert by_year[2027].value == Decimal("700.0000")


def test_percentage_rule_needs_positive_values():
    with pytest.raises(ValueError):
        rules.computed_target(Decimal(0), 2024, Decimal(10), 2030, rules.PERCENTAGE, 2025)


def test_goal_year_must_follow_the_baseline_year():
    with pytest.raises(ValueError):
        rules.compute_targets(Decimal(10), 2030, Decimal(5), 2030, rules.LINEAR)


@pytest.mark.parametrize(
    ("value", "target", "direction", "expected"),
    [
        (Decimal(90), Decimal(100), rules.LOWER, rules.ON_TRACK),
        (Decimal(104), Decimal(100), rules.LOWER, rules.WITHIN_MARGIN),
        (Decimal(110), Decimal(100), rules.LOWER, rules.BEHIND),
        (Decimal(110), Decimal(100), rules.HIGHER, rules.ON_TRACK),
        (Decimal(96), Decimal(100), rules.HIGHER, rules.WITHIN_MARGIN),
        (Decimal(90), Decimal(100), rules.HIGHER, rules.BEHIND),
        (Decimal(100), Decimal(100), rules.HIGHER, rules.ON_TRACK),
    ],
)
def test_status_depends_on_the_direction_and_the_margin(value, target, direction, expected):
    assert rules.status(value, target, direction, Decimal(5)) == expected


def test_band_lies_on_the_worse_side_of_the_target():
    assert rules.band(Decimal(100), rules.LOWER, Decimal(5)) == (Decimal(100), Decimal(105))
    assert rules.band(Decimal(100), rules.HIGHER, Decimal(5)) == (Decimal(95), Decimal(100))


def test_path_progress_is_one_on_the_path_for_both_directions():
    assert rules.path_progress(Decimal(800), Decimal(1000), Decimal(800)) == 1
    assert rules.path_progress(Decimal(900), Decimal(1000), Decimal(800)) == Decimal("0.5")
    assert rules.path_progress(Decimal(60), Decimal(40), Decimal(50)) == 2
    assert rules.path_progress(Decimal(60), Decimal(40), Decimal(40)) is None
