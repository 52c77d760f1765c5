"""The exported criteria say what changed since the review of Circulair aanbesteden approved them."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from criteria.changes import since_approval
from criteria.models import ChosenCriterion, Criterion
from procurement.models import ReviewEvent
from rladder.models import RStrategy
from tests.factories import complete_trajectory, phase_record

pytestmark = pytest.mark.django_db


def criterion(code, type_="eis", text="Ten minste [percentage] % is refurbished."):
    return Criterion.objects.create(
        code=code,
        title=f"Titel {code}",
        type=type_,
        strategy=RStrategy.objects.get(code="R2"),
        text=text,
        evidence="Leveringsoverzicht.",
        status=Criterion.Status.PUBLISHED,
    )


@pytest.fixture
def trajectory(world):
    return complete_trajectory(world.org_a, "Laptops", team={world.users["inkoper"]: "inkoper"})


def approve(world, trajectory):
    record = phase_record(trajectory, "circulair-aanbesteden")
    record.offer_for_review(world.users["inkoper"])
    assert record.approve(world.users["chef"], "Akkoord.", content_version=record.content().version)
    assert ReviewEvent.objects.filter(phase_record=record, kind=ReviewEvent.Kind.APPROVED).exists()
    return record


def docx_text(client, trajectory) -> str:
    response = client.get(reverse("criteria:tender_docx", args=[trajectory.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    return "\n".join(p.text for p in document.paragraphs)


def xlsx_rows(client, trajectory) -> list[tuple]:
    response = client.get(reverse("criteria:tender_xlsx", args=[trajectory.pk]))
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_never_approved_criteria_say_so_and_nothing_is_compared(client, world, trajectory):
    ChosenCriterion.choose(trajectory, criterion("CH-1"))
    assert since_approval(trajectory, list(trajectory.chosen_criteria.all())) is None
    client.force_login(world.users["inkoper"])
    assert "sinds de goedkeuring" not in docx_text(client, trajectory).lower()
    rows = xlsx_rows(client, trajectory)
    assert rows[0][8] == "Sinds de goedkeuring" and rows[1][8] == "Nog niet goedgekeurd"


def test_right_after_the_approval_the_export_says_unchanged(client, world, trajectory):
    ChosenCriterion.choose(trajectory, criterion("CH-1"))
    approve(world, trajectory)
    client.force_login(world.users["inkoper"])
    assert "Ongewijzigd sinds de goedkeuring van Circulair aanbesteden op" in docx_text(client, trajectory)
    assert xlsx_rows(client, trajectory)[1][8] == "Ongewijzigd"


def test_new_changed_and_dropped_criteria_since_the_approval_are_marked(client, world, trajectory):
    kept = ChosenCriterion.choose(trajectory, criterion("CH-KEPT"))
    changed = ChosenCriterion.choose(trajectory, criterion("CH-CHANGED", "gunningscriterium", "Garantie."))
    dropped = ChosenCriterion.choose(trajectory, criterion("CH-DROPPED"))
    changed.weight = Decimal("10")
    changed.save()
    record = approve(world, trajectory)
    # After the approval, through the pages: a weight changes, one criterion goes, another comes.
    client.force_login(world.users["inkoper"])
    response = client.post(
        reverse("criteria:fill", args=[trajectory.pk, changed.pk]),
        {f"c{changed.pk}-revision": changed.revision, f"c{changed.pk}-weight": "25"},
        follow=True,
    )
    assert "De goedkeuring van Circulair aanbesteden is vervallen" in response.content.decode()
    record.refresh_from_db()
    assert not record.is_approved  # as when answers change: the approval lapsed, recorded
    assert record.review_events.last().kind == ReviewEvent.Kind.APPROVAL_WITHDRAWN
    client.post(reverse("criteria:remove", args=[trajectory.pk, dropped.pk]), {"bevestig": "ja"})
    client.post(reverse("criteria:choose", args=[trajectory.pk, criterion("CH-NEW").pk]))
    assert set(trajectory.chosen_criteria.values_list("code", flat=True)) == {"CH-KEPT", "CH-CHANGED", "CH-NEW"}

    text = docx_text(client, trajectory)
    assert "zijn 1 criteria nieuw, 1 gewijzigd en 1 vervallen" in text
    assert "Gewijzigd sinds de goedkeuring: weging" in text and "Nieuw sinds de goedkeuring" in text
    assert "Vervallen sinds de goedkeuring" in text and "CH-DROPPED v1 Titel CH-DROPPED" in text
    by_code = {row[0]: row[8] for row in xlsx_rows(client, trajectory)[1:]}
    assert by_code == {
        "CH-KEPT": "Ongewijzigd",
        "CH-CHANGED": "Gewijzigd sinds de goedkeuring: weging",
        "CH-NEW": "Nieuw sinds de goedkeuring",
        "CH-DROPPED": "Vervallen",
    }
    assert kept.pk not in since_approval(trajectory, list(trajectory.chosen_criteria.all())).changes


def test_while_circulair_aanbesteden_is_under_review_the_chosen_criteria_cannot_change(client, world, trajectory):
    chosen = ChosenCriterion.choose(trajectory, criterion("CH-LOCK"))
    other = criterion("CH-OTHER")
    phase_record(trajectory, "circulair-aanbesteden").offer_for_review(world.users["inkoper"])
    client.force_login(world.users["inkoper"])
    response = client.post(
        reverse("criteria:fill", args=[trajectory.pk, chosen.pk]),
        {f"c{chosen.pk}-revision": chosen.revision, f"c{chosen.pk}-v0": "80"},
        follow=True,
    )
    assert "ligt ter beoordeling bij de chef circulair" in response.content.decode()
    client.post(reverse("criteria:remove", args=[trajectory.pk, chosen.pk]), {"bevestig": "ja"})
    client.post(reverse("criteria:choose", args=[trajectory.pk, other.pk]))
    chosen.refresh_from_db()
    assert chosen.values == {} and list(trajectory.chosen_criteria.values_list("code", flat=True)) == ["CH-LOCK"]


def test_the_comparison_keeps_the_download_query_budget(client, world, trajectory, django_assert_max_num_queries):
    for n in range(6):
        ChosenCriterion.choose(trajectory, criterion(f"CH-Q{n}"))
    approve(world, trajectory)
    client.force_login(world.users["inkoper"])
    for name in ("criteria:tender_docx", "criteria:tender_xlsx"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name, args=[trajectory.pk])).status_code == 200
