"""The resultatenkaart: purchases avoided, shared and reduced, euros saved and three lessons, as HTML and one A4 PDF."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from learning import results
from learning.models import Lesson
from procurement.models import TrajectoryEffect
from tests.factories import decide, start_trajectory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lezer(client, world):
    client.force_login(world.users["lezer"])
    return client


def successes(world):
    refused = start_trajectory(world, title="Geen nieuwe printers", estimated_value=Decimal(25_000))
    decide(refused, world.users["inkoper"], r0="ja")
    shared = start_trajectory(world, title="Dienstfietsen delen")
    decide(shared, world.users["inkoper"], r1="ja")
    start_trajectory(world, title="Recyclen van toners")  # no R-decision yet: not counted
    for i in range(4):
        Lesson.objects.create(trajectory=shared, kind="goed", text=f"Les {i}", highlighted=(i == 3))
    return refused


def test_the_card_counts_successes_and_shows_three_lessons(lezer, world):
    successes(world)
    response = lezer.get(reverse("learning:results_card"))
    page = response.content.decode()
    assert "Geen nieuwe printers" in page and "Dienstfietsen delen" in page and "Recyclen van toners" not in page
    assert "€ 25.000" in page or "€\xa025.000" in page
    assert page.count("<strong>Wat ging goed</strong>") == 3
    assert "Les 3" in page  # the highlighted lesson comes first


def test_the_pdf_is_one_a4(lezer, world):
    successes(world)
    response = lezer.get(reverse("learning:results_card_pdf"), {"jaar": timezone.now().year})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert "Geen nieuwe printers" in reader.pages[0].extract_text()


@pytest.mark.parametrize("jaar", ["1900", "abc", "-1", "99999999999999999999"])
def test_an_unknown_year_falls_back_to_this_year(lezer, jaar):
    response = lezer.get(reverse("learning:results_card"), {"jaar": jaar})
    assert response.status_code == 200 and str(timezone.now().year) in response.content.decode()


def set_effect(trajectory, **totals):
    """The R-decision may already have made the effect row: set its stored totals."""
    TrajectoryEffect.objects.update_or_create(trajectory=trajectory, defaults=totals)


def test_the_card_shows_the_avoided_kilos_planned_and_realised(lezer, world):
    refused = successes(world)
    set_effect(
        refused,
        planned_kg_material=Decimal(1500),
        planned_kg_co2e=Decimal(400),
        realised_kg_material=Decimal(1200),
    )
    shared = start_trajectory(world, title="Gedeelde auto's")
    decide(shared, world.users["inkoper"], r1="ja")
    set_effect(shared, planned_kg_material=Decimal(500), planned_kg_co2e=Decimal(100))
    undecided = start_trajectory(world, title="Nog geen besluit")  # not in the year's successes: not counted
    set_effect(undecided, planned_kg_material=Decimal(99_000))
    card = results.build_card(world.org_a, timezone.now().year)
    assert card["kg_material"] == Decimal(2000) and card["kg_co2e"] == Decimal(500)
    assert card["realised_kg_material"] == Decimal(1200) and card["realised_kg_co2e"] is None
    assert (card["impact_count"], card["realised_count"]) == (2, 1)
    page = lezer.get(reverse("learning:results_card")).content.decode()
    assert "2 ton" in page and "materiaal vermeden (gepland)" in page
    assert "500 kg CO2e" in page and "CO2e vermeden (gepland)" in page
    assert "1,2 ton" in page and "materiaal vermeden (gerealiseerd)" in page
    assert "CO2e vermeden (gerealiseerd)" not in page  # not recorded
    assert "Gerealiseerd is vastgelegd voor 1 traject." in page
    response = lezer.get(reverse("learning:results_card_pdf"))
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1 and "2 ton" in reader.pages[0].extract_text()


def test_without_effects_the_card_shows_no_kilos(lezer, world):
    successes(world)
    card = results.build_card(world.org_a, timezone.now().year)
    assert card["kg_material"] is None and card["realised_kg_material"] is None and card["impact_count"] == 0
    assert "materiaal vermeden" not in lezer.get(reverse("learning:results_card")).content.decode()


@pytest.mark.parametrize("n", [2, 8])
def test_the_card_reads_the_effects_without_a_query_each(world, n, django_assert_num_queries):
    for i in range(n):
        trajectory = start_trajectory(world, title=f"Kilo's {i}")
        decide(trajectory, world.users["inkoper"], r0="ja")
        set_effect(trajectory, planned_kg_material=Decimal(10))
    with django_assert_num_queries(2):  # the trajectories (with their effect) and the lessons
        card = results.build_card(world.org_a, timezone.now().year)
    assert card["kg_material"] == Decimal(10 * n)
