"""Award criteria with a scoring scale (0/25/60/100 or 1–10) and a euro value: bids scored per criterion."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from criteria import award
from criteria.models import AwardBid, AwardModel, AwardScale
from tests.criteria.test_award_views import choose_award_criteria, model_data
from tests.factories import start_trajectory

SHARE = award.ScoredCriterion("Aandeel refurbished", Decimal(20), award.parse_scale("0/25/60/100"), Decimal(10_000))
TAKE_BACK = award.ScoredCriterion("Terugname", Decimal(15), award.parse_scale("1-10"), Decimal(6_000))


def test_scales_are_read_as_steps_or_a_range_of_whole_numbers():
    assert award.parse_scale("0/25/60/100") == (Decimal(0), Decimal(25), Decimal(60), Decimal(100))
    assert award.parse_scale(" 1–10 ") == tuple(Decimal(n) for n in range(1, 11))
    assert award.parse_scale("0/2,5/5") == (Decimal(0), Decimal("2.5"), Decimal(5))


@pytest.mark.parametrize("text", ["", "60", "0/abc", "100/60/0", "0/0", "0/25/25/100", "-5/10", "1-100000", "10-1"])
def test_a_scale_that_is_no_scale_is_refused_in_dutch(text):
    with pytest.raises(award.AwardInputError, match="Geef de schaal als stappen"):
        award.parse_scale(text)


def test_the_quality_score_and_its_value_follow_from_the_scores_and_weights():
    rules = award.Rules(award.Method.VALUE, criteria=(SHARE, TAKE_BACK))
    bid = award.Bid("A", Decimal(100_000), scores=(Decimal(60), Decimal(7)))
    # (20 × 60/100 + 15 × 7/10) / 35 × 100 = 22,5 / 35 × 100 = 64,2857
    assert award.quality_of(rules, bid) == Decimal("64.2857")
    # 10.000 × 0,6 + 6.000 × 0,7 = 10.200 discount: 89.800 fictitious.
    assert award.value_discount(rules, bid) == Decimal("10200.00")
    assert award.fictitious_price(rules, bid) == Decimal("89800.00")
    # Without values, the quality budget counts for the derived quality score.
    plain = award.Rules(
        award.Method.VALUE,
        quality_budget=Decimal(35_000),
        criteria=(
            award.ScoredCriterion("A", Decimal(20), SHARE.steps),
            award.ScoredCriterion("B", Decimal(15), TAKE_BACK.steps),
        ),
    )
    assert award.value_discount(plain, bid) == Decimal("22500.00")  # 35.000 × 64,2857 / 100
    # Under gewogen factor the derived quality is the quality score.
    weighted = award.Rules(award.Method.WEIGHTED, criteria=(SHARE, TAKE_BACK))
    results = award.rank(weighted, [bid, award.Bid("B", Decimal(90_000), scores=(Decimal(0), Decimal(1)))])
    # B is cheaper (price score 100 against 0) and wins: 60 + 40 % × 4,2857 against 40 % × 64,2857.
    assert [(r.bid.name, r.quality, r.total) for r in results] == [
        ("B", Decimal("4.2857"), Decimal("61.7143")),
        ("A", Decimal("64.2857"), Decimal("25.7143")),
    ]


def test_a_score_off_the_scale_is_refused():
    rules = award.Rules(award.Method.VALUE, criteria=(SHARE,))
    with pytest.raises(award.AwardInputError, match="staat niet op de schaal 0/25/60/100"):
        award.rank(rules, [award.Bid("A", Decimal(1), scores=(Decimal(50),)), award.Bid("B", Decimal(2))])


def test_the_too_low_warning_tries_the_full_score_on_every_criterion():
    # With full scores the circular bid would save 16.000, still short of the 20.000 price gap: too low.
    rules = award.Rules(
        award.Method.VALUE, ladder_discounts=dict.fromkeys(range(1, 6), Decimal(0)), criteria=(SHARE, TAKE_BACK)
    )
    bids = [
        award.Bid("Circulair", Decimal(120_000), circular=True, scores=(Decimal(25), Decimal(1))),
        award.Bid("Lineair", Decimal(100_000), scores=(Decimal(0), Decimal(1))),
    ]
    assert [w.code for w in award.warnings(rules, bids)] == ["too-low"]
    enough = [award.Bid("Circulair", Decimal(110_000), circular=True, scores=(Decimal(25), Decimal(1))), bids[1]]
    assert "too-low" not in [w.code for w in award.warnings(rules, enough)]


# --- Through the award page ----------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture
def inkoper(client, world):
    client.force_login(world.users["inkoper"])
    return client


def test_the_team_gives_criteria_a_scale_and_scores_the_example_bids(inkoper, world):
    trajectory = start_trajectory(world)
    share, take_back = choose_award_criteria(trajectory, Decimal(20), Decimal(15))
    url = reverse("criteria:award", args=[trajectory.pk])
    scales = {
        f"s{share.pk}-steps": "0/25/60/100",
        f"s{share.pk}-value": "10.000",
        f"s{take_back.pk}-steps": "1-10",
        f"s{take_back.pk}-value": "6.000",
    }
    assert inkoper.post(url, model_data(**scales)).status_code == 302
    award_model = AwardModel.objects.get(trajectory=trajectory)
    assert list(AwardScale.objects.filter(award_model=award_model).values_list("steps", "value")) == [
        ("0/25/60/100", Decimal(10_000)),
        ("1-10", Decimal(6_000)),
    ]
    page = inkoper.get(url)
    form = page.context["formset"].forms[0]
    assert "quality" not in form.fields  # the quality comes from the scores now
    assert [c[0] for c in form.fields[f"score{share.pk}"].choices] == ["", "0", "25", "60", "100"]
    bids = list(AwardBid.objects.filter(award_model=award_model).order_by("pk"))
    data = model_data(**scales)
    data.update({"bod-INITIAL_FORMS": "3", f"bod-0-score{share.pk}": "100", f"bod-0-score{take_back.pk}": "10"})
    for index, bid in enumerate(bids):
        data[f"bod-{index}-id"] = str(bid.pk)
        data.pop(f"bod-{index}-quality")
    data.update({f"bod-1-score{share.pk}": "0", f"bod-1-score{take_back.pk}": "1"})
    assert inkoper.post(url, data).status_code == 302
    bids[0].refresh_from_db()
    assert bids[0].scores == {str(share.pk): "100", str(take_back.pk): "10"}
    simulation = inkoper.get(url).context["simulation"]
    first = next(r for r in simulation.results if r.bid.name == "Circulair bv")
    # 30.000.000 − 4 % (1.200.000) − 10.000 − 6.000 = 28.784.000
    assert (first.quality, first.fictitious_price) == (Decimal(100), Decimal("28784000.00"))
    lineair = next(r for r in simulation.results if r.bid.name == "Lineair bv")
    assert lineair.discount == Decimal("600.00")  # 1 on 1–10 is 0,1 × 6.000
    # The spreadsheet has the criteria and the formula over the scores.
    book = load_workbook(io.BytesIO(inkoper.get(reverse("criteria:award_xlsx", args=[trajectory.pk])).content))
    criteria_rows = list(book["Criteria"].iter_rows(values_only=True))
    assert criteria_rows[1][1:] == (20, 100, 10000)
    rows = list(book["Inschrijvingen"].iter_rows(values_only=True))
    assert rows[0][5:7] == (f"Score {share.title}", f"Score {take_back.title}")
    circular = next(row for row in rows if row[0] == "Circulair bv")
    assert circular[2].startswith("=ROUND((Criteria!$B$2*F")
    assert circular[7].startswith("=ROUND(Criteria!$D$2*F")
    assert circular[-3:] == (1216000, 28784000, 1)


def test_a_bad_scale_is_refused_beside_its_field(inkoper, world):
    trajectory = start_trajectory(world)
    (share,) = choose_award_criteria(trajectory, Decimal(20))
    response = inkoper.post(
        reverse("criteria:award", args=[trajectory.pk]), model_data(**{f"s{share.pk}-steps": "60/0"})
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Geef de schaal als stappen met schuine strepen" in text
    assert f'href="#id_s{share.pk}-steps"' in text
    assert not AwardModel.objects.filter(trajectory=trajectory).exists()


def test_clearing_a_scale_goes_back_to_the_overall_quality_score(inkoper, world):
    trajectory = start_trajectory(world)
    (share,) = choose_award_criteria(trajectory, Decimal(20))
    url = reverse("criteria:award", args=[trajectory.pk])
    inkoper.post(url, model_data(**{f"s{share.pk}-steps": "0/100"}))
    assert AwardScale.objects.filter(chosen=share).exists()
    award_model = AwardModel.objects.get(trajectory=trajectory)
    data = model_data(**{f"s{share.pk}-steps": "", "bod-INITIAL_FORMS": "3"})
    for index, bid in enumerate(AwardBid.objects.filter(award_model=award_model).order_by("pk")):
        data[f"bod-{index}-id"] = str(bid.pk)
    assert inkoper.post(url, data).status_code == 302
    assert not AwardScale.objects.filter(chosen=share).exists()
    assert "quality" in inkoper.get(url).context["formset"].forms[0].fields
