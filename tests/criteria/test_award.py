"""The award arithmetic (criteria/award.py) against worked examples computed by hand below."""

from decimal import Decimal as D

import pytest

from criteria.award import (
    EXAMPLE_LADDER_DISCOUNTS,
    MAX_BIDS,
    AwardInputError,
    Bid,
    Method,
    Rules,
    break_even,
    fictitious_price,
    minimum_ladder_discount,
    minimum_quality_weight,
    price_score,
    rank,
    rank_flip,
    simulate,
    warnings,
    winner,
)

MILLION = D(1_000_000)


def value_rules(**extra) -> Rules:
    return Rules(Method.VALUE, **extra)


def test_the_example_ladder_discounts_are_1_2_4_7_10_percent():
    assert {1: D(1), 2: D(2), 3: D(4), 4: D(7), 5: D(10)} == EXAMPLE_LADDER_DISCOUNTS


def test_ladder_level_3_at_4_percent_makes_30_million_count_as_28_8_and_beat_29_million():
    circular = Bid("Circulair", 30 * MILLION, ladder_level=3, circular=True)
    linear = Bid("Lineair", 29 * MILLION)
    rules = value_rules()
    # 30.000.000 − 4 % × 30.000.000 = 30.000.000 − 1.200.000 = 28.800.000
    assert fictitious_price(rules, circular) == D("28800000.00")
    assert fictitious_price(rules, linear) == D("29000000.00")
    results = rank(rules, [linear, circular])
    assert [r.bid.name for r in results] == ["Circulair", "Lineair"]
    assert results[0].discount == D("1200000.00")


def test_quality_and_mki_count_in_euro_in_the_fictitious_price():
    rules = value_rules(quality_budget=D(50_000), mki_reference=D(100_000), mki_discount=D("0.5"))
    bid = Bid("A", D(1_000_000), quality=D(60), ladder_level=1, mki=D(80_000))
    # quality 60 % × 50.000 = 30.000; ladder 1 % × 1.000.000 = 10.000; MKI (100.000 − 80.000) × 0,5 = 10.000
    assert fictitious_price(rules, bid) == D("950000.00")
    # An MKI above the reference earns nothing (no penalty either).
    worse = Bid("B", D(1_000_000), mki=D(120_000))
    assert fictitious_price(rules, worse) == D("1000000.00")


def test_gewogen_factor_price_score_and_total():
    prices = [D(100), D(150), D(200)]
    # (200 − 150) / (200 − 100) × 100 = 50
    assert price_score(Method.WEIGHTED, D(150), prices) == D("50.0000")
    assert price_score(Method.WEIGHTED, D(100), prices) == D("100.0000")
    assert price_score(Method.WEIGHTED, D(200), prices) == D("0.0000")
    assert price_score(Method.WEIGHTED, D(100), [D(100), D(100)]) == D(100)
    rules = Rules(Method.WEIGHTED, D(60), D(40))
    results = rank(rules, [Bid("A", D(100), D(20)), Bid("B", D(150), D(90)), Bid("C", D(200), D(100))])
    # A: 60 × 100 + 40 × 20 = 68; B: 60 × 50 + 40 × 90 = 66; C: 0 + 40 × 100 = 40
    assert [(r.bid.name, r.total) for r in results] == [("A", D("68.0000")), ("B", D("66.0000")), ("C", D("40.0000"))]


def test_relative_price_score_is_lowest_over_own_price():
    # 100 / 160 × 100 = 62,5
    assert price_score(Method.RELATIVE, D(160), [D(100), D(160)]) == D("62.5000")
    rules = Rules(Method.RELATIVE, D(50), D(50))
    # A: 50 + 50 × 40 % = 70; B: 31,25 + 50 × 90 % = 76,25
    assert winner(rules, [Bid("A", D(100), D(40)), Bid("B", D(160), D(90))]).name == "B"


def test_equal_scores_share_a_rank():
    results = rank(value_rules(), [Bid("A", D(100)), Bid("B", D(100)), Bid("C", D(90))])
    assert [(r.bid.name, r.rank) for r in results] == [("C", 1), ("A", 2), ("B", 2)]


def test_break_even_is_exact_to_the_cent():
    bids = [Bid("Circulair", 30 * MILLION, ladder_level=3, circular=True), Bid("Lineair", 29 * MILLION)]
    # Wins while P − round(4 % × P) < 29.000.000: at 30.208.333,33 the discount is 1.208.333,33 and the
    # fictitious price 29.000.000,00 (a tie, no win); one cent less gives 28.999.999,99.
    assert break_even(value_rules(), bids, 0) == D("30208333.32")
    # Without a ladder level the circular bid must simply be a cent cheaper.
    plain = [Bid("A", D(500)), Bid("B", D("400.00"))]
    assert break_even(value_rules(), plain, 0) == D("399.99")


def test_break_even_under_gewogen_factor():
    rules = Rules(Method.WEIGHTED, D(50), D(50))
    bids = [Bid("Circulair", D(120), D(80), circular=True), Bid("Lineair", D(100), D(50))]
    # Two bids: the dearer one scores 0 on price, so at 100,01 the circular bid has 0 + 40 against 50 + 25.
    # At 100,00 both prices are equal and both score 100 on price: 50 + 40 = 90 against 50 + 25 = 75.
    assert break_even(rules, bids, 0) == D("100.00")
    assert winner(rules, [Bid("Circulair", D("100.01"), D(80)), bids[1]]).name == "Lineair"


def test_minimum_quality_weight_is_exact_to_the_hundredth():
    rules = Rules(Method.WEIGHTED, D(60), D(40))
    bids = [Bid("Circulair", D(110), D(80), circular=True), Bid("Lineair", D(100), D(50))]
    # With quality weight q: circular 0,8 q; linear (100 − q) + 0,5 q = 100 − 0,5 q.
    # 0,8 q > 100 − 0,5 q ⇔ q > 76,923…: at 76,93 it is 61,544 against 61,535; at 76,92 61,536 against 61,54.
    assert minimum_quality_weight(rules, bids, 0) == D("76.93")
    assert winner(Rules(Method.WEIGHTED, D("23.07"), D("76.93")), bids).name == "Circulair"
    assert winner(Rules(Method.WEIGHTED, D("23.08"), D("76.92")), bids).name == "Lineair"
    # A circular bid with the lower quality never wins on quality weight.
    assert minimum_quality_weight(rules, [Bid("A", D(110), D(40)), Bid("B", D(100), D(50))], 0) is None


def test_minimum_ladder_discount_under_fictieve_korting():
    bids = [Bid("Circulair", D(1000), ladder_level=3, circular=True), Bid("Lineair", D(950))]
    # 1000 × (1 − d) < 950 ⇔ d > 5 %: at 5,01 % the fictitious price is 949,90.
    assert minimum_ladder_discount(value_rules(), bids, 0) == D("5.01")


def test_a_third_bid_flips_the_ranking_under_gewogen_factor():
    rules = Rules(Method.WEIGHTED, D(50), D(50))
    a, b = Bid("A", D(100), D(40)), Bid("B", D(110), D(60))
    # Without C: A 50 × 100 + 50 × 40 % = 70, B 0 + 30 = 30: A wins.
    assert winner(rules, [a, b]) is a
    c = Bid("C", D(200), D(0))
    # With C, Pmax = 200: B scores (200 − 110) / 100 = 90 on price: 45 + 30 = 75 > 70.
    assert winner(rules, [a, b, c]) is b
    assert rank_flip(rules, [a, b, c]) == (c, a, b)
    assert [w.code for w in warnings(rules, [a, b, c])] == ["flip"]
    # Fictieve korting compares each bid on its own: no flip.
    assert rank_flip(value_rules(), [a, b, c]) is None


def test_warns_when_the_weights_do_not_add_up_to_100():
    rules = Rules(Method.WEIGHTED, D(60), D(30))
    found = warnings(rules, [Bid("A", D(100)), Bid("B", D(110))])
    assert [w.code for w in found] == ["weights"]
    assert "90" in found[0].message


def test_warns_when_no_circular_offer_can_change_the_ranking():
    bids = [Bid("Circulair", D(120), D(60), circular=True), Bid("Lineair", D(100), D(50))]
    # Price 95 %: even quality 100 gives the circular bid 5 against 95 + 2,5.
    assert [w.code for w in warnings(Rules(Method.WEIGHTED, D(95), D(5)), bids)] == ["too-low"]
    # Price 30 %: with quality 100 it would score 70 against 30 + 35 = 65, so the weighting matters.
    assert warnings(Rules(Method.WEIGHTED, D(30), D(70)), bids) == []


@pytest.mark.parametrize(
    ("rules", "bids", "field"),
    [
        (value_rules(), [Bid("A", D(-1))], "price"),
        (value_rules(), [Bid("A", D(0))], "price"),
        (Rules(Method.WEIGHTED, D(150), D(40)), [Bid("A", D(1))], "price_weight"),
        (Rules(Method.WEIGHTED, D(60), D(-5)), [Bid("A", D(1))], "quality_weight"),
        (value_rules(), [Bid("A", D(1), quality=D(101))], "quality"),
        (value_rules(), [Bid("A", D(1), ladder_level=6)], "ladder_level"),
        (value_rules(ladder_discounts={1: D(100)}), [Bid("A", D(1))], "ladder_discounts"),
        (value_rules(), [Bid(str(i), D(1)) for i in range(10_000)], "bids"),
        (value_rules(), [], "bids"),
    ],
)
def test_hostile_input_is_refused_with_a_dutch_message(rules, bids, field):
    with pytest.raises(AwardInputError) as refused:
        rank(rules, bids)
    assert refused.value.field == field
    assert any(word in str(refused.value) for word in ("prijs", "weging", "score", "trede", "inschrijving"))


def test_the_largest_allowed_number_of_bids_is_computed():
    bids = [Bid(str(i), D(1000 + i)) for i in range(MAX_BIDS)]
    assert rank(value_rules(), bids)[0].bid.name == "0"


def test_simulate_gives_the_ranking_and_the_circular_bids_margin():
    bids = [
        Bid("Circulair", 30 * MILLION, ladder_level=3, circular=True),
        Bid("Lineair", 29 * MILLION),
        Bid("Lineair 2", D(29_500_000)),
    ]
    simulation = simulate(value_rules(), bids)
    assert [r.bid.name for r in simulation.results] == ["Circulair", "Lineair", "Lineair 2"]
    (outcome,) = simulation.circular
    assert outcome.break_even == D("30208333.32")
    assert outcome.margin == D("208333.32")
    # 30.000.000 × (1 − d) < 29.000.000 ⇔ d > 3,333…%: 3,34 %.
    assert outcome.minimum_ladder_discount == D("3.34")
    assert outcome.minimum_weight is None
    assert simulation.warnings == []


def test_equal_totals_share_a_rank_under_gewogen_factor():
    rules = Rules(Method.WEIGHTED, D(50), D(50))
    # A: 50 × 100 + 50 × 0 % = 50; B: 0 + 50 × 100 % = 50; C: 50 × 50 % + 50 × 40 % = 45.
    results = rank(rules, [Bid("A", D(100), D(0)), Bid("B", D(200), D(100)), Bid("C", D(150), D(40))])
    assert [(r.bid.name, r.rank, r.total) for r in results] == [
        ("A", 1, D("50.0000")),
        ("B", 1, D("50.0000")),
        ("C", 3, D("45.0000")),
    ]


def test_the_chosen_criteria_weights_are_compared_with_the_quality_weight():
    from criteria.award import adopted_weights, criteria_weight_warning

    weighted = Rules(Method.WEIGHTED, D(60), D(40))
    # 20 + 15 = 35 against 40: a warning naming both, in Dutch notation.
    found = criteria_weight_warning(weighted, [D("20.00"), D("15.00")])
    assert found is not None and found.code == "criteria-weights"
    assert "samen 35 %" in found.message and "rekent met 40 % voor kwaliteit" in found.message
    assert criteria_weight_warning(weighted, [D("25.00"), D("15.00")]) is None
    assert criteria_weight_warning(weighted, []) is None  # no weighted criteria: nothing to compare
    assert criteria_weight_warning(value_rules(), [D(20)]) is None  # fictieve korting has no quality weight
    bids = [Bid("A", D(100)), Bid("B", D(110))]
    assert [w.code for w in simulate(weighted, bids, [D(20), D(15)]).warnings] == ["criteria-weights"]
    # Adopting: quality is the sum, price the rest.
    assert adopted_weights([D("20.00"), D("15.00")]) == (D("65.00"), D("35.00"))


@pytest.mark.parametrize(("weights", "message"), [([], "heeft een weging"), ([D(60), D(50)], "meer dan 100 %")])
def test_adopting_refuses_no_weights_and_weights_over_100(weights, message):
    from criteria.award import adopted_weights

    with pytest.raises(AwardInputError) as refused:
        adopted_weights(weights)
    assert message in str(refused.value)


def test_logarithmic_price_score_against_hand_computed_values():
    prices = [D(100), D(150), D(200)]
    # (1 − ln(P / 100) / ln 2) × 100; ln 1,5 / ln 2 = 0,405465 / 0,693147 = 0,584963 → 41,5037
    assert price_score(Method.LOG, D(100), prices) == D("100.0000")
    assert price_score(Method.LOG, D(150), prices) == D("41.5037")
    assert price_score(Method.LOG, D(200), prices) == D("0.0000")  # twice the lowest price, A = 2
    # ln 2,5 / ln 2 = 1,321928: more than A times the lowest price scores below zero.
    assert price_score(Method.LOG, D(250), prices) == D("-32.1928")
    # A = 1,5: one and a half times the lowest price scores 0.
    assert price_score(Method.LOG, D(150), [D(100), D(150)], D("1.5")) == D("0.0000")


def test_logarithmic_ranking_has_no_flip_where_gewogen_factor_has_one():
    rules = Rules(Method.LOG, D(50), D(50))
    a, b, c = Bid("A", D(100), D(40)), Bid("B", D(110), D(60)), Bid("C", D(200), D(0))
    # A: 50 × 100 + 50 × 40 % = 70; B: ln 1,1 / ln 2 = 0,137504, so 50 × 86,2496 + 30 = 73,1248.
    results = rank(rules, [a, b])
    assert [(r.bid.name, r.total) for r in results] == [("B", D("73.1248")), ("A", D("70.0000"))]
    # C changes neither score (the lowest price stays 100): B still wins, no flip warning.
    assert winner(rules, [a, b, c]) is b
    assert rank_flip(rules, [a, b, c]) is None
    assert warnings(rules, [a, b, c]) == []
    # The same three bids flip under gewogen factor (test above): the difference is the method.
    assert rank_flip(Rules(Method.WEIGHTED, D(50), D(50)), [a, b, c]) is not None


def test_mki_optellen_adds_factor_times_mki_to_the_price():
    rules = value_rules(mki_factor=D(1))
    linear = Bid("Lineair", D(1_000_000), mki=D(200_000))
    circular = Bid("Circulair", D(1_050_000), mki=D(120_000), circular=True)
    # 1.000.000 + 1 × 200.000 = 1.200.000; 1.050.000 + 1 × 120.000 = 1.170.000: the dearer, cleaner bid wins.
    assert fictitious_price(rules, linear) == D("1200000.00")
    results = rank(rules, [linear, circular])
    assert [(r.bid.name, r.fictitious_price, r.mki_added) for r in results] == [
        ("Circulair", D("1170000.00"), D("120000.00")),
        ("Lineair", D("1200000.00"), D("200000.00")),
    ]
    # It wins while P + 120.000 < 1.200.000: up to 1.079.999,99.
    assert break_even(rules, [linear, circular], 1) == D("1079999.99")
    # A factor of 0,5 and a discount together: 1.050.000 − 1 % ladder (10.500) + 0,5 × 120.000 = 1.099.500.
    both = value_rules(mki_factor=D("0.5"))
    assert fictitious_price(both, Bid("C", D(1_050_000), ladder_level=1, mki=D(120_000))) == D("1099500.00")


@pytest.mark.parametrize(
    ("rules", "bids", "field"),
    [
        (value_rules(mki_factor=D(1)), [Bid("A", D(100), mki=D(5)), Bid("B", D(100))], "mki"),
        (value_rules(mki_factor=D(-1)), [Bid("A", D(1))], "mki_factor"),
        (Rules(Method.LOG, log_coefficient=D(1)), [Bid("A", D(1))], "log_coefficient"),
        (Rules(Method.LOG, log_coefficient=D("0.5")), [Bid("A", D(1))], "log_coefficient"),
    ],
)
def test_mki_optellen_and_the_log_coefficient_refuse_absurd_input(rules, bids, field):
    with pytest.raises(AwardInputError) as refused:
        rank(rules, bids)
    assert refused.value.field == field
    assert any(word in str(refused.value) for word in ("MKI", "coëfficiënt"))
