"""The backcasting proposal and the rules for strategies and milestones."""

from datetime import date

import pytest
from django.urls import reverse

from rladder.models import Milestone, ProductStrategy, RStrategy

pytestmark = pytest.mark.django_db


def strategy(base="R8", base_year=2026, goal="R2", goal_year=2036) -> ProductStrategy:
    r = {s.code: s for s in RStrategy.objects.all()}
    return ProductStrategy(
        baseline_date=date(base_year, 1, 15),
        baseline_strategy=r[base],
        goal_year=goal_year,
        goal_strategy=r[goal],
    )


def test_the_proposal_has_one_milestone_per_year_ordered_and_ending_at_the_goal():
    proposal = strategy("R8", 2026, "R2", 2036).propose_milestones()
    assert [m["year"] for m in proposal] == list(range(2027, 2037))
    numbers = [m["strategy"].number for m in proposal]
    assert numbers == sorted(numbers, reverse=True), "never down the ladder"
    assert numbers == [7, 7, 6, 6, 5, 4, 4, 3, 3, 2]
    assert proposal[-1]["strategy"].code == "R2"
    assert all(m["description"] for m in proposal)
    assert "2027" in proposal[0]["description"]


def test_a_short_horizon_takes_several_steps_a_year_and_still_ends_at_the_goal():
    proposal = strategy("R8", 2026, "R0", 2029).propose_milestones()
    assert [(m["year"], m["strategy"].code) for m in proposal] == [(2027, "R5"), (2028, "R3"), (2029, "R0")]


def test_a_goal_on_the_nulmeting_rung_holds_it_and_an_impossible_horizon_proposes_nothing():
    assert {m["strategy"].code for m in strategy("R2", 2026, "R2", 2030).propose_milestones()} == {"R2"}
    assert strategy("R8", 2026, "R2", 2026).propose_milestones() == []


def test_expected_rung_follows_the_milestones_and_is_the_goal_from_the_goal_year():
    s = strategy("R8", 2026, "R2", 2036)
    r = {x.code: x for x in RStrategy.objects.all()}
    milestones = [Milestone(year=2030, target=r["R5"]), Milestone(year=2028, target=r["R7"])]
    assert s.expected_for_year(2027, milestones).code == "R8"
    assert s.expected_for_year(2029, milestones).code == "R7"
    assert s.expected_for_year(2031, milestones).code == "R5"
    assert s.expected_for_year(2040, milestones).code == "R2"


def test_the_kraljic_quadrant_follows_impact_and_supply_risk():
    s = strategy()
    assert s.kraljic is None
    for impact, risk, quadrant in [
        ("hoog", "hoog", "strategisch"),
        ("hoog", "laag", "hefboom"),
        ("laag", "hoog", "knelpunt"),
        ("laag", "laag", "routine"),
    ]:
        s.impact, s.supply_risk = impact, risk
        assert s.kraljic == quadrant
        assert s.kraljic_expectation


# --- the forms, through the views ---------------------------------------------


def strategy_post(world, **changes) -> dict:
    from tests.access.rows_rladder_strategies import strategy_data

    return {**strategy_data(world), **changes}


def test_a_goal_year_before_the_nulmeting_and_a_goal_below_it_are_refused_in_dutch(client, world):
    client.force_login(world.users["chef"])
    r = {s.code: s.pk for s in RStrategy.objects.all()}
    url = reverse("rladder:strategy_edit", args=[world.category_a_only.slug])
    before = ProductStrategy.objects.for_organisation(world.org_a).get(pk=world.strategy_a.pk)
    response = client.post(
        url, strategy_post(world, goal_year="2025", goal_strategy=r["R8"], baseline_strategy=r["R5"])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Fout: " in html
    assert 'id="error-summary"' in html
    assert "Het doeljaar moet na het jaar van de nulmeting (2026) liggen." in html
    assert "Het doel (R8) ligt lager op de R-ladder dan de nulmeting (R5)" in html
    assert 'href="#id_goal_year"' in html
    after = ProductStrategy.objects.for_organisation(world.org_a).get(pk=world.strategy_a.pk)
    assert (after.goal_year, after.goal_strategy_id) == (before.goal_year, before.goal_strategy_id)


def test_a_goal_below_r2_needs_r0_r1_and_r2_weighed_first(client, world):
    client.force_login(world.users["chef"])
    r = {s.code: s.pk for s in RStrategy.objects.all()}
    url = reverse("rladder:strategy_edit", args=[world.category_a_only.slug])
    response = client.post(url, strategy_post(world, baseline_strategy=r["R8"], goal_strategy=r["R4"]))
    html = response.content.decode()
    for code in ("R0", "R1", "R2"):
        assert f"leg eerst uit waarom {code} niet haalbaar is" in html
    # The form asks R0, then R1, then R2, before the goal.
    assert html.index('name="r0_consideration"') < html.index('name="r1_consideration"')
    assert html.index('name="r1_consideration"') < html.index('name="r2_consideration"')
    assert html.index('name="r2_consideration"') < html.index('name="goal_strategy"')
    # and the R-strategy choices start at the top of the ladder
    assert html.index(">R0 – ") < html.index(">R9 – ")


def milestone_post(rows) -> dict:
    r = {s.code: s.pk for s in RStrategy.objects.all()}
    data = {
        "mijlpaal-TOTAL_FORMS": str(len(rows)),
        "mijlpaal-INITIAL_FORMS": "0",
        "mijlpaal-MIN_NUM_FORMS": "0",
        "mijlpaal-MAX_NUM_FORMS": "50",
    }
    for i, (year, code) in enumerate(rows):
        data |= {f"mijlpaal-{i}-year": str(year), f"mijlpaal-{i}-target": r[code], f"mijlpaal-{i}-description": "x"}
    return data


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([(2030, "R3"), (2028, "R4")], "Zet de mijlpalen op volgorde van jaar"),
        ([(2030, "R3"), (2037, "R1")], "Deze mijlpaal ligt na het doeljaar 2036."),
        ([(2030, "R0")], "R0 gaat verder dan het doel (R1)"),
        ([(2028, "R2"), (2030, "R4")], "mag niet lager op de R-ladder liggen dan de vorige"),
        ([(2030, "R3"), (2030, "R2")], "Er is al een mijlpaal voor 2030."),
        ([(2026, "R4")], "Een mijlpaal ligt na het jaar van de nulmeting (2026)."),
        ([(2030, "R7")], "R7 ligt lager dan de nulmeting (R5)."),
    ],
    ids=["out-of-order", "beyond-goal-year", "beyond-goal-strategy", "down-the-ladder", "duplicate", "before", "below"],
)
def test_bad_milestones_are_refused_and_nothing_is_saved(client, world, rows, message):
    client.force_login(world.users["chef"])
    before = list(world.strategy_a.milestones.values_list("year", "target__code"))
    response = client.post(reverse("rladder:milestones_edit", args=[world.category_a_only.slug]), milestone_post(rows))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<title>Fout: " in html and 'id="error-summary"' in html
    assert list(world.strategy_a.milestones.values_list("year", "target__code")) == before


def test_good_milestones_replace_the_old_ones(client, world):
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("rladder:milestones_edit", args=[world.category_a_only.slug]),
        milestone_post([(2028, "R4"), (2031, "R3"), (2036, "R1")]),
    )
    assert response.status_code == 302
    assert list(world.strategy_a.milestones.values_list("year", "target__code")) == [
        (2028, "R4"),
        (2031, "R3"),
        (2036, "R1"),
    ]


def test_the_proposal_prefills_the_form_without_saving(client, world):
    client.force_login(world.users["chef"])
    before = world.strategy_a.milestones.count()
    url = reverse("rladder:milestones_edit", args=[world.category_a_only.slug])
    response = client.get(url, {"voorstel": "1"})
    html = response.content.decode()
    assert 'name="mijlpaal-9-year" value="2036"' in html
    assert '<option value="R1" selected>' in html[html.index('name="mijlpaal-9-target"') :]
    assert "er is nog niets opgeslagen" in html
    assert world.strategy_a.milestones.count() == before
