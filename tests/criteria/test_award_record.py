"""After the award: the winner's promises become contract KPIs, and a promise not kept costs the sanction."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from criteria import award
from criteria.models import Award, AwardBid, AwardModel, AwardPromise
from kpis import reports
from kpis.models import Kpi, Measurement
from procurement.models import Trajectory
from tests.criteria.test_award_views import choose_award_criteria, model_data
from tests.factories import start_trajectory

pytestmark = pytest.mark.django_db

MILLION = Decimal(1_000_000)
VALUE = award.Rules(award.Method.VALUE)


# --- The arithmetic, against sums done by hand -------------------------------------------------------


def test_a_ladder_level_short_of_the_promise_costs_the_factor_times_the_discount_lost():
    # 30 miljoen at level 3 (4 %) earned 1.200.000; level 2 (2 %) earns 600.000: 600.000 lost, × 1,5 = 900.000.
    promise = award.Promise(award.PromiseKind.LADDER, Decimal(3), award.ladder_advantage(VALUE, 30 * MILLION, 3))
    assert promise.advantage == Decimal("1200000.00")
    assert award.lost_advantage(VALUE, 30 * MILLION, promise, Decimal(2)) == Decimal("600000.00")
    assert award.sanction(VALUE, 30 * MILLION, promise, Decimal(2), Decimal("1.5")) == Decimal("900000.00")
    # No certificate at all: the whole 1.200.000, × 1,5.
    assert award.sanction(VALUE, 30 * MILLION, promise, Decimal(0), Decimal("1.5")) == Decimal("1800000.00")
    # A level reached in part (2,5 as a mean of quarters) counts as level 2.
    assert award.lost_advantage(VALUE, 30 * MILLION, promise, Decimal("2.5")) == Decimal("600000.00")
    # Kept, or better: nothing.
    assert award.sanction(VALUE, 30 * MILLION, promise, Decimal(3), Decimal("1.5")) == 0
    assert award.sanction(VALUE, 30 * MILLION, promise, Decimal(5), Decimal("1.5")) == 0


def test_an_mki_above_the_promise_costs_the_difference_in_fictitious_price():
    rules = award.Rules(award.Method.VALUE, mki_reference=Decimal(200_000), mki_discount=Decimal(1))
    promise = award.Promise(award.PromiseKind.MKI, Decimal(120_000), award.mki_advantage(rules, Decimal(120_000)), True)
    assert promise.advantage == Decimal("80000.00")  # (200.000 − 120.000) × € 1
    # Realised 150.000: earns 50.000, so 30.000 lost; × 1,5 = 45.000.
    assert award.sanction(rules, MILLION, promise, Decimal(150_000), Decimal("1.5")) == Decimal("45000.00")
    # Above the reference: the whole 80.000 lost, no more.
    assert award.lost_advantage(rules, MILLION, promise, Decimal(250_000)) == Decimal("80000.00")
    assert award.sanction(rules, MILLION, promise, Decimal(110_000), Decimal("1.5")) == 0
    # MKI optellen, factor 0,5: 30.000 more MKI adds 15.000 to the fictitious price.
    added = award.Rules(award.Method.VALUE, mki_factor=Decimal("0.5"))
    promise = award.Promise(award.PromiseKind.MKI, Decimal(120_000), Decimal(0), True)
    assert award.lost_advantage(added, MILLION, promise, Decimal(150_000)) == Decimal("15000.00")


def test_a_criterion_not_met_costs_its_whole_advantage_and_other_methods_use_the_recorded_advantage():
    share = award.Promise(award.PromiseKind.CRITERION, Decimal(75), Decimal("9142.86"))
    assert award.sanction(VALUE, MILLION, share, Decimal(60), Decimal("1.5")) == Decimal("13714.29")
    assert award.sanction(VALUE, MILLION, share, Decimal(75), Decimal("1.5")) == 0
    lower = award.Promise(award.PromiseKind.CRITERION, Decimal(2), Decimal(1000), lower_is_better=True)
    assert award.sanction(VALUE, MILLION, lower, Decimal("2.1"), Decimal(2)) == Decimal("2000.00")
    assert award.sanction(VALUE, MILLION, lower, Decimal("1.9"), Decimal(2)) == 0
    weighted = award.Rules(award.Method.WEIGHTED)
    ladder = award.Promise(award.PromiseKind.LADDER, Decimal(3), Decimal(5000))
    assert award.ladder_advantage(weighted, MILLION, 3) == 0  # points, not euro: the team enters it
    assert award.sanction(weighted, MILLION, ladder, Decimal(2), Decimal("1.5")) == Decimal("7500.00")


def test_a_criterions_advantage_is_its_weights_share_of_the_quality_discount():
    rules = award.Rules(award.Method.VALUE, quality_budget=Decimal(20_000))
    # Quality 80 → 16.000; GC weighs 20 of 35: 16.000 × 20 / 35 = 9.142,857… → 9.142,86.
    assert award.criterion_advantage(rules, Decimal(80), Decimal(20), Decimal(35)) == Decimal("9142.86")
    assert award.criterion_advantage(award.Rules(award.Method.RELATIVE), Decimal(80), Decimal(20), Decimal(35)) == 0


# --- Recording the award ------------------------------------------------------------------------------


@pytest.fixture
def inkoper(client, world):
    client.force_login(world.users["inkoper"])
    return client


@pytest.fixture
def modelled(inkoper, world):
    """A trajectory with two weighted award criteria and a saved award model (gunnen op waarde)."""
    trajectory = start_trajectory(world)
    criteria = choose_award_criteria(trajectory, Decimal(20), Decimal(15))
    assert (
        inkoper.post(reverse("criteria:award", args=[trajectory.pk]), model_data(quality_budget="20.000")).status_code
        == 302
    )
    return trajectory, criteria


def record_data(criteria, **extra) -> dict:
    first = criteria[0]
    data = {
        "winner": "Circulair bv",
        "price": "30.000.000",
        "awarded_on": "2026-03-15",
        "quality": "80",
        "ladder_level": "3",
        "ladder_advantage": "",
        "mki": "",
        "mki_advantage": "",
        "sanction_factor": "1,5",
        f"c{first.pk}-promised": "75",
        f"c{first.pk}-unit": "%",
        f"c{first.pk}-advantage": "",
    }
    data.update(extra)
    return data


def test_recording_the_award_makes_the_promises_contract_kpis(inkoper, world, modelled):
    trajectory, criteria = modelled
    url = reverse("criteria:award_record", args=[trajectory.pk])
    page = inkoper.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["winner"] == "Circulair bv"  # the simulation's winner, as a start
    response = inkoper.post(url, record_data(criteria))
    assert response.status_code == 302
    recorded = Award.objects.get(trajectory=trajectory)
    assert (recorded.winner, recorded.price, recorded.sanction_factor) == ("Circulair bv", 30 * MILLION, Decimal("1.5"))
    assert recorded.awarded_on == datetime.date(2026, 3, 15)
    assert recorded.recorded_by == world.users["inkoper"]
    ladder = recorded.promises.get(kind="ladder")
    assert (ladder.promised, ladder.advantage) == (Decimal(3), Decimal("1200000.00"))  # 4 % of 30 miljoen
    assert (ladder.kpi.goal_value, ladder.kpi.direction, ladder.kpi.scope) == (Decimal(3), "hoger", "contract")
    assert ladder.kpi.trajectory == trajectory
    assert ladder.kpi.description == "Belofte uit de gunning: Trede CO2-Prestatieladder, 3 trede."
    share = recorded.promises.get(kind="criterium")
    assert share.chosen == criteria[0]
    assert share.advantage == Decimal("9142.86")  # 80 × 20.000 / 100 × 20 / 35
    assert (share.kpi.name, share.kpi.unit, share.kpi.goal_value) == (criteria[0].title, "%", Decimal(75))
    assert not recorded.promises.filter(chosen=criteria[1]).exists()  # nothing promised on it
    assert recorded.history.count() == 1


def test_a_promise_not_kept_shows_its_sanction_to_the_team_the_contractmanager_and_the_annual_report(
    inkoper, client, world, modelled
):
    trajectory, criteria = modelled
    inkoper.post(reverse("criteria:award_record", args=[trajectory.pk]), record_data(criteria))
    ladder = AwardPromise.objects.get(award__trajectory=trajectory, kind="ladder")
    Measurement.objects.create(kpi=ladder.kpi, year=2026, value=Decimal(2))  # level 2 reached, 3 promised
    page = inkoper.get(reverse("criteria:award", args=[trajectory.pk])).content.decode()
    assert "niet nagekomen" in page
    assert "€\xa0900.000" in page  # 1,5 × (4 % − 2 %) × 30 miljoen
    assert "nog niet gerapporteerd" in page  # the refurbished share
    client.force_login(world.users["contractmanager"])
    contract = client.get(reverse("kpis:contract_kpis", args=[trajectory.pk]))
    assert contract.status_code == 200
    assert "Beloften uit de gunning" in contract.content.decode()
    assert "€\xa0900.000" in contract.content.decode()
    context = reports.report_context(world.org_a, 2026)
    section = next(s for s in context["sections"] if s.id == "beloften-uit-de-gunning")
    (contract_row,) = section.context["contracts"]
    assert contract_row["total_sanction"] == Decimal("900000.00")
    # Another year without figures costs nothing yet.
    assert reports.report_context(world.org_a, 2027)["sections"][0].context["contracts"][0]["total_sanction"] == 0


def test_the_award_model_is_fixed_once_the_award_is_recorded(inkoper, modelled):
    trajectory, criteria = modelled
    inkoper.post(reverse("criteria:award_record", args=[trajectory.pk]), record_data(criteria))
    url = reverse("criteria:award", args=[trajectory.pk])
    response = inkoper.post(url, model_data(price_weight="10"), follow=True)
    assert "het gunningsmodel ligt vast" in response.content.decode()
    assert AwardModel.objects.get(trajectory=trajectory).price_weight == Decimal(60)
    assert response.context["form"] is None


def test_correcting_the_award_updates_the_targets_and_drops_a_promise_but_keeps_its_kpi(inkoper, modelled):
    trajectory, criteria = modelled
    url = reverse("criteria:award_record", args=[trajectory.pk])
    inkoper.post(url, record_data(criteria))
    kpi = AwardPromise.objects.get(award__trajectory=trajectory, kind="ladder").kpi
    form = inkoper.get(url).context["form"]
    assert form.initial["ladder_level"] == 3  # the recorded award, not the simulation
    first = criteria[0]
    assert (
        inkoper.post(url, record_data(criteria, ladder_level="0", **{f"c{first.pk}-promised": "80"})).status_code == 302
    )
    recorded = Award.objects.get(trajectory=trajectory)
    assert list(recorded.promises.values_list("kind", "promised")) == [("criterium", Decimal(80))]
    assert recorded.promises.get().kpi.goal_value == Decimal(80)
    assert Kpi.objects.unscoped().filter(pk=kpi.pk).exists()
    assert Award.objects.filter(trajectory=trajectory).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price", "abc", "Vul een getal in"),
        ("price", "-5", "Vul een getal van 0 of meer in."),
        ("price", "0", "Een prijs is groter dan nul."),
        ("sanction_factor", "11", "Vul een getal van 10 of minder in."),
        ("winner", "", "Vul de naam van de winnende inschrijver in."),
        ("awarded_on", "morgen", "Vul een datum in"),
        ("ladder_level", "9", "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_gets_a_dutch_error_beside_the_field_and_in_the_summary(inkoper, modelled, field, value, message):
    trajectory, criteria = modelled
    response = inkoper.post(
        reverse("criteria:award_record", args=[trajectory.pk]), record_data(criteria, **{field: value})
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert message in text
    assert 'id="error-summary"' in text
    assert f'href="#id_{field}"' in text
    assert not Award.objects.filter(trajectory=trajectory).exists()


def test_a_promise_needs_a_unit(inkoper, modelled):
    trajectory, criteria = modelled
    data = record_data(criteria, **{f"c{criteria[0].pk}-unit": ""})
    response = inkoper.post(reverse("criteria:award_record", args=[trajectory.pk]), data)
    assert response.status_code == 422
    assert "Vul de eenheid van de beloofde waarde in" in response.content.decode()


def test_under_a_points_method_the_team_enters_each_advantage(inkoper, modelled):
    trajectory, criteria = modelled
    AwardModel.objects.filter(trajectory=trajectory).update(method="gewogen-factor")
    url = reverse("criteria:award_record", args=[trajectory.pk])
    response = inkoper.post(url, record_data(criteria))
    assert response.status_code == 422
    text = response.content.decode()
    assert "Vul het gunningsvoordeel van de trede in euro&#x27;s in." in text
    assert "Vul het gunningsvoordeel van dit criterium in euro&#x27;s in." in text
    first = criteria[0]
    data = record_data(criteria, ladder_advantage="50.000", **{f"c{first.pk}-advantage": "20.000"})
    assert inkoper.post(url, data).status_code == 302
    assert sorted(AwardPromise.objects.unscoped().values_list("advantage", flat=True)) == [
        Decimal(20_000),
        Decimal(50_000),
    ]


def test_no_award_without_an_award_model_that_computes(inkoper, world):
    trajectory = start_trajectory(world)
    response = inkoper.get(reverse("criteria:award_record", args=[trajectory.pk]), follow=True)
    assert "Maak eerst een gunningsmodel" in response.content.decode()
    assert not Award.objects.unscoped().exists()


def test_the_dossier_shows_the_award_and_its_promises(inkoper, modelled):
    trajectory, criteria = modelled
    inkoper.post(reverse("criteria:award_record", args=[trajectory.pk]), record_data(criteria))
    text = inkoper.get(reverse("procurement:dossier", args=[trajectory.pk])).content.decode()
    assert "De gunning en de beloften" in text
    assert "Gegund aan <strong>Circulair bv</strong>" in text


@pytest.mark.parametrize("n", [1, 6])
def test_the_award_page_with_a_recorded_award_keeps_its_query_budget(inkoper, world, n, django_assert_max_num_queries):
    trajectory = start_trajectory(world)
    award_model = AwardModel.objects.create(trajectory=trajectory)
    for i in range(3):
        AwardBid.objects.create(award_model=award_model, name=f"Bod {i}", price=Decimal(1000 + i), circular=i == 0)
    criteria = choose_award_criteria(trajectory, *[Decimal(5)] * n)
    data = record_data(criteria, price="1.000")
    for chosen in criteria:
        data |= {f"c{chosen.pk}-promised": "50", f"c{chosen.pk}-unit": "%"}
    assert inkoper.post(reverse("criteria:award_record", args=[trajectory.pk]), data).status_code == 302
    for promise in AwardPromise.objects.unscoped().select_related("kpi"):
        Measurement.objects.create(kpi=promise.kpi, year=2026, value=Decimal(1))
    with django_assert_max_num_queries(12):  # the same for 1 or 6 promises (the person's language included)
        assert inkoper.get(reverse("criteria:award", args=[trajectory.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert inkoper.get(reverse("criteria:award_record", args=[trajectory.pk])).status_code == 200


def test_the_demo_award_is_recorded_and_the_supplier_reported_a_level_short_of_the_promise():
    call_command("load_demo", stdout=StringIO())
    trajectory = Trajectory.objects.unscoped().get(slug="laptops-medewerkers")
    recorded = Award.objects.unscoped().get(trajectory=trajectory)
    assert recorded.winner == "Refurb ICT B.V."
    promises = {p.kind: p for p in AwardPromise.objects.unscoped().filter(award=recorded).select_related("kpi")}
    assert set(promises) == {"ladder", "criterium"}
    assert promises["criterium"].kpi.name == "Aandeel refurbished laptops"  # the KPI the supplier reports on
    assert promises["criterium"].kpi.goal_value == Decimal(75)
    from criteria.award_record import promise_rows, total_sanction

    rows = promise_rows(recorded, AwardModel.objects.unscoped().get(trajectory=trajectory))
    ladder = next(r for r in rows if r.promise.kind == "ladder")
    assert (ladder.year, ladder.realised, ladder.kept) == (2025, Decimal(2), False)
    # 1,5 × (4 % − 2 %) × 412.000 = 12.360
    assert ladder.sanction == Decimal("12360.00")
    assert total_sanction(rows) == Decimal("12360.00")
