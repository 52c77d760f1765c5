"""The award model page: saving method, weights and example bids (Dutch numbers), the ranking, errors, the section."""

import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from criteria.models import AwardBid, AwardModel, ChosenCriterion
from procurement.models import Trajectory
from tests.factories import start_trajectory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inkoper(client, world):
    client.force_login(world.users["inkoper"])
    return client


def model_data(**extra) -> dict:
    data = {
        "method": "fictieve-korting",
        "price_weight": "60",
        "quality_weight": "40",
        "quality_budget": "0",
        "ladder_1": "1",
        "ladder_2": "2",
        "ladder_3": "4",
        "ladder_4": "7",
        "ladder_5": "10",
        "mki_reference": "",
        "mki_discount": "0",
        "mki_factor": "0",
        "log_coefficient": "2",
        "bod-TOTAL_FORMS": "3",
        "bod-INITIAL_FORMS": "0",
        "bod-MIN_NUM_FORMS": "0",
        "bod-MAX_NUM_FORMS": "12",
    }
    bids = [
        ("Circulair bv", "30.000.000", "0", "3", "on"),
        ("Lineair bv", "29.000.000", "0", "0", ""),
        ("Derde bv", "29.500.000,50", "0", "0", ""),
    ]
    for index, (name, price, quality, level, circular) in enumerate(bids):
        data.update(
            {
                f"bod-{index}-name": name,
                f"bod-{index}-price": price,
                f"bod-{index}-quality": quality,
                f"bod-{index}-ladder_level": level,
                f"bod-{index}-mki": "",
            }
        )
        if circular:
            data[f"bod-{index}-circular"] = circular
    data.update(extra)
    return data


def test_the_team_saves_an_award_model_and_sees_the_ranking_and_break_even(inkoper, world):
    trajectory = start_trajectory(world)
    url = reverse("criteria:award", args=[trajectory.pk])
    assert inkoper.get(url).status_code == 200
    response = inkoper.post(url, model_data())
    assert response.status_code == 302
    award_model = AwardModel.objects.filter(trajectory=trajectory).get()
    assert award_model.history.count() == 1
    prices = sorted(AwardBid.objects.filter(award_model=award_model).values_list("price", flat=True))
    assert prices == [Decimal("29000000.00"), Decimal("29500000.50"), Decimal("30000000.00")]
    page = inkoper.get(url)
    simulation = page.context["simulation"]
    assert [r.bid.name for r in simulation.results] == ["Circulair bv", "Lineair bv", "Derde bv"]
    text = page.content.decode()
    assert "€\xa028.800.000" in text  # 30.000.000 − 4 %
    assert "€\xa030.208.333,32" in text  # the break-even
    assert "€\xa0208.333,32" in text  # how much more it may cost


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price_weight", "150", "100 of minder"),
        ("quality_weight", "-5", "0 of meer"),
        ("ladder_3", "abc", "Vul een getal in"),
        ("bod-0-price", "-30.000", "groter dan nul"),
        ("bod-1-quality", "101", "100 of minder"),
        ("bod-2-name", "", "Geef de inschrijving een naam"),
    ],
)
def test_bad_input_gets_a_dutch_error_beside_the_field_and_in_the_summary(inkoper, world, field, value, message):
    trajectory = start_trajectory(world)
    response = inkoper.post(reverse("criteria:award", args=[trajectory.pk]), model_data(**{field: value}))
    assert response.status_code == 422
    text = response.content.decode()
    assert text.count(message) >= 2  # beside the field and in the error summary
    assert "Fout:" in text
    assert not AwardModel.objects.filter(trajectory=trajectory).exists()


def test_ten_thousand_bids_are_refused(inkoper, world):
    trajectory = start_trajectory(world)
    data = model_data(**{"bod-TOTAL_FORMS": "10000"})
    response = inkoper.post(reverse("criteria:award", args=[trajectory.pk]), data)
    assert response.status_code == 422
    assert "hoogstens 12 voorbeeldinschrijvingen" in response.content.decode()
    assert not AwardModel.objects.filter(trajectory=trajectory).exists()


def test_one_bid_is_not_enough(inkoper, world):
    trajectory = start_trajectory(world)
    data = model_data(**{"bod-TOTAL_FORMS": "1"})
    response = inkoper.post(reverse("criteria:award", args=[trajectory.pk]), data)
    assert response.status_code == 422
    assert "ten minste 2 voorbeeldinschrijvingen" in response.content.decode()


def test_the_flip_warning_shows_under_gewogen_factor(inkoper, world):
    trajectory = start_trajectory(world)
    data = model_data(method="gewogen-factor", price_weight="50", quality_weight="50")
    for index, (price, quality) in enumerate([("100", "40"), ("110", "60"), ("200", "0")]):
        data[f"bod-{index}-price"], data[f"bod-{index}-quality"] = price, quality
    url = reverse("criteria:award", args=[trajectory.pk])
    assert inkoper.post(url, data).status_code == 302
    text = inkoper.get(url).content.decode()
    assert "zonder Derde bv wint Circulair bv, met Derde bv wint Lineair bv" in text


def test_the_phase_section_shows_the_winner(inkoper, world):
    trajectory = start_trajectory(world)
    inkoper.post(reverse("criteria:award", args=[trajectory.pk]), model_data())
    response = inkoper.get(reverse("procurement:phase_detail", args=[trajectory.pk, "circulair-aanbesteden"]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "wint de voorbeeldinschrijving Circulair bv" in text
    assert reverse("criteria:award", args=[trajectory.pk]) in text


def choose_award_criteria(trajectory, *weights) -> list[ChosenCriterion]:
    return [
        ChosenCriterion.objects.create(
            trajectory=trajectory,
            code=f"GC-{index}",
            version=1,
            type="gunningscriterium",
            title=f"Gunningscriterium {index}",
            text="Hoe meer refurbished, hoe beter.",
            weight=weight,
            order=index,
        )
        for index, weight in enumerate(weights, start=1)
    ]


def test_the_page_shows_the_chosen_criteria_weights_and_warns_when_they_disagree(inkoper, world):
    trajectory = start_trajectory(world)
    choose_award_criteria(trajectory, Decimal(20), Decimal(15), None)
    url = reverse("criteria:award", args=[trajectory.pk])
    assert inkoper.post(url, model_data(method="gewogen-factor")).status_code == 302
    text = inkoper.get(url).content.decode()
    assert '<th scope="row">Gunningscriterium 1</th><td class="text-end">20</td>' in text
    assert '<th scope="row" colspan="2">Samen (kwaliteit)</th><td class="text-end">35</td>' in text
    assert "nog geen" in text  # the third has no weight yet
    assert "De gekozen gunningscriteria wegen samen 35 %, maar het gunningsmodel rekent met 40 %" in text


def test_the_team_adopts_the_chosen_criteria_weights(inkoper, world):
    trajectory = start_trajectory(world)
    choose_award_criteria(trajectory, Decimal(20), Decimal(15))
    url = reverse("criteria:award", args=[trajectory.pk])
    assert inkoper.post(url, model_data(method="gewogen-factor")).status_code == 302
    response = inkoper.post(reverse("criteria:award_adopt", args=[trajectory.pk]))
    assert response.status_code == 302 and response["Location"] == url + "#criteria"
    award_model = AwardModel.objects.filter(trajectory=trajectory).get()
    assert (award_model.price_weight, award_model.quality_weight) == (Decimal(65), Decimal(35))
    assert award_model.history.count() == 2
    text = inkoper.get(url).content.decode()
    assert "De wegingen zijn overgenomen: kwaliteit 35 %, prijs 65 %." in text
    assert "wegen samen" not in text


def test_adopting_makes_the_award_model_when_there_is_none(inkoper, world):
    trajectory = start_trajectory(world)
    choose_award_criteria(trajectory, Decimal(30))
    assert inkoper.post(reverse("criteria:award_adopt", args=[trajectory.pk])).status_code == 302
    award_model = AwardModel.objects.filter(trajectory=trajectory).get()
    assert (award_model.price_weight, award_model.quality_weight) == (Decimal(70), Decimal(30))


def test_adopting_weights_over_100_is_refused_in_dutch(inkoper, world):
    trajectory = start_trajectory(world)
    choose_award_criteria(trajectory, Decimal(60), Decimal(50))
    response = inkoper.post(reverse("criteria:award_adopt", args=[trajectory.pk]), follow=True)
    assert "De gekozen gunningscriteria wegen samen 110 %: meer dan 100 %." in response.content.decode()
    assert not AwardModel.objects.filter(trajectory=trajectory).exists()


@pytest.mark.parametrize("n", [3, 12])
def test_the_award_page_keeps_its_query_budget(inkoper, world, n, django_assert_max_num_queries):
    trajectory = start_trajectory(world)
    award_model = AwardModel.objects.create(trajectory=trajectory)
    for i in range(n):
        AwardBid.objects.create(award_model=award_model, name=f"Bod {i}", price=Decimal(1000 + i), circular=i == 0)
    choose_award_criteria(trajectory, *[Decimal(5)] * n)
    with django_assert_max_num_queries(11):  # 8, the scoring scales, whether the award is recorded, the language
        assert inkoper.get(reverse("criteria:award", args=[trajectory.pk])).status_code == 200


def test_the_public_methods_page_shows_worked_examples(client):
    response = client.get(reverse("criteria:methods"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "A telt als €\xa028.800.000." in text
    assert "A wint vanaf een weging van kwaliteit van 76,93%." in text
    # MKI optellen, factor 1: 1.050.000 + 120.000 against 1.000.000 + 200.000.
    assert "A telt als €\xa01.170.000. B telt als €\xa01.200.000." in text
    # Logaritmisch, A = 2: (1 − ln 1,1 / ln 2) × 100 = 86,2496; 60 % × 86,2496 + 40 % × 80 = 83,7498.
    assert "A: prijsscore 86,25, totaal 83,75." in text


def test_the_demo_laptops_trajectory_has_an_award_model_where_the_circular_bid_wins():
    call_command("load_demo", stdout=StringIO())
    trajectory = Trajectory.objects.unscoped().get(slug="laptops-medewerkers")
    award_model = AwardModel.objects.filter(trajectory=trajectory).get()
    simulation, reason = award_model.simulate()
    assert reason == ""
    # The weights of its chosen award criteria (GC-R2-01 20 %, GC-R2-03 15 %) adopted.
    assert (award_model.price_weight, award_model.quality_weight) == (Decimal(65), Decimal(35))
    # Scored on GC-R2-01 (0/25/60/100, € 12.000) and GC-R2-03 (1-10, € 8.000):
    # 412.000 − (12.000 + 0,8 × 8.000) − 4 % × 412.000 = 377.120; 395.000 − 0,3 × 8.000 = 392.600;
    # 405.000 − (0,25 × 12.000 + 0,6 × 8.000) − 1 % × 405.000 = 393.150.
    assert [(r.bid.name, r.fictitious_price) for r in simulation.results] == [
        ("Refurbished-as-a-service", Decimal("377120.00")),
        ("Nieuw, laagste prijs", Decimal("392600.00")),
        ("Nieuw met terugname", Decimal("393150.00")),
    ]
    # (20 × 1 + 15 × 0,8) / 35 × 100
    assert simulation.results[0].quality == Decimal("91.4286")


def test_the_xlsx_writes_out_the_formulas_beside_the_apps_values(inkoper, world):
    trajectory = start_trajectory(world)
    data = model_data(**{"bod-1-name": '=HYPERLINK("http://x")'})
    assert inkoper.post(reverse("criteria:award", args=[trajectory.pk]), data).status_code == 302
    response = inkoper.get(reverse("criteria:award_xlsx", args=[trajectory.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    inputs = {row[0]: row[1] for row in book["Gunningsmodel"].iter_rows(values_only=True)}
    assert inputs["Korting trede 3 (%)"] == 4
    assert inputs["Break-even Circulair bv (€)"] == 30208333.32
    rows = list(book["Inschrijvingen"].iter_rows(values_only=True))
    first = rows[1]
    assert first[0] == "Circulair bv"
    # The discount and fictitious price as formulas on the input cells, and the app's values beside them.
    assert first[5].startswith("=ROUND(Gunningsmodel!$B$5*C2/100+IF(D2>0,B2*INDEX(Gunningsmodel!$B$6:$B$10,D2)/100")
    assert first[6] == '=ROUND(B2,2)-F2+IF(E2<>"",ROUND(Gunningsmodel!$B$13*E2,2),0)'
    assert first[8:11] == (1200000, 28800000, 1)
    assert rows[2][0] == '\'=HYPERLINK("http://x")'  # a bid name is never run as a formula


def test_no_xlsx_without_an_award_model(inkoper, world):
    trajectory = start_trajectory(world)
    assert inkoper.get(reverse("criteria:award_xlsx", args=[trajectory.pk])).status_code == 404


def test_bronnen_en_methode_links_to_the_methods_page(client):
    text = client.get(reverse("rladder:sources")).content.decode()
    assert f'href="{reverse("criteria:methods")}"' in text


def test_the_team_chooses_the_logarithmic_method_with_its_coefficient(inkoper, world):
    trajectory = start_trajectory(world)
    url = reverse("criteria:award", args=[trajectory.pk])
    data = model_data(method="logaritmisch", log_coefficient="1,5", price_weight="50", quality_weight="50")
    for index, (price, quality) in enumerate([("100", "40"), ("110", "60"), ("200", "0")]):
        data[f"bod-{index}-price"], data[f"bod-{index}-quality"] = price, quality
    assert inkoper.post(url, data).status_code == 302
    award_model = AwardModel.objects.filter(trajectory=trajectory).get()
    assert award_model.log_coefficient == Decimal("1.5")
    simulation = inkoper.get(url).context["simulation"]
    # A = 1,5. Circulair bv (the lowest price): 50 × 100 + 50 × 40 % = 70.
    # Lineair bv: (1 − ln 1,1 / ln 1,5) × 100 = (1 − 0,0953102 / 0,4054651) × 100 = 76,4936; 38,2468 + 30.
    # Derde bv, twice the lowest price: (1 − ln 2 / ln 1,5) × 100 = −70,9511, below zero (beyond A); half is −35,4756.
    assert [(r.bid.name, r.price_score, r.total) for r in simulation.results] == [
        ("Circulair bv", Decimal("100.0000"), Decimal("70.0000")),
        ("Lineair bv", Decimal("76.4936"), Decimal("68.2468")),
        ("Derde bv", Decimal("-70.9511"), Decimal("-35.4756")),
    ]
    assert [w.code for w in simulation.warnings] == []  # no flip under the logarithmic formula
    book = load_workbook(io.BytesIO(inkoper.get(reverse("criteria:award_xlsx", args=[trajectory.pk])).content))
    inputs = {row[0]: row[1] for row in book["Gunningsmodel"].iter_rows(values_only=True)}
    assert inputs["Coëfficiënt A (logaritmisch)"] == 1.5
    first = list(book["Inschrijvingen"].iter_rows(values_only=True))[1]
    assert first[5] == "=ROUND((1-LN(B2/MIN(B$2:B$4))/LN(Gunningsmodel!$B$14))*100,4)"


def test_a_coefficient_of_1_is_refused_beside_the_field(inkoper, world):
    trajectory = start_trajectory(world)
    response = inkoper.post(reverse("criteria:award", args=[trajectory.pk]), model_data(log_coefficient="1"))
    assert response.status_code == 422
    assert response.content.decode().count("1,01 of meer") >= 2


def test_mki_optellen_through_the_form_adds_the_mki_to_the_price(inkoper, world):
    trajectory = start_trajectory(world)
    url = reverse("criteria:award", args=[trajectory.pk])
    data = model_data(mki_factor="1")
    for index, mki in enumerate(["100.000", "1.500.000", "1.000.000"]):
        data[f"bod-{index}-mki"] = mki
    assert inkoper.post(url, data).status_code == 302
    page = inkoper.get(url)
    # 30.000.000 − 1.200.000 + 100.000 = 28.900.000; 29.000.000 + 1.500.000; 29.500.000,50 + 1.000.000
    assert [(r.bid.name, r.fictitious_price) for r in page.context["simulation"].results] == [
        ("Circulair bv", Decimal("28900000.00")),
        ("Lineair bv", Decimal("30500000.00")),
        ("Derde bv", Decimal("30500000.50")),
    ]
    assert "MKI opgeteld" in page.content.decode()


def test_mki_optellen_without_an_mki_value_says_which_bid_lacks_it(inkoper, world):
    trajectory = start_trajectory(world)
    url = reverse("criteria:award", args=[trajectory.pk])
    assert inkoper.post(url, model_data(mki_factor="1")).status_code == 302
    assert "Vul de MKI-waarde van Circulair bv in" in inkoper.get(url).content.decode()
