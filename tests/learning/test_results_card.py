"""The resultatenkaart: purchases avoided, shared and reduced, euros saved and three lessons, as HTML and one A4 PDF."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from learning.models import Lesson
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
