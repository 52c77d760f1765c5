"""A criterion of the team's own: written in the trajectory, numbered EIGEN-n, versioned, in the exports."""

import io

import pytest
from django.urls import reverse
from docx import Document

from criteria.models import ChosenCriterion
from rladder.models import RStrategy
from tests.factories import phase_record, start_trajectory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trajectory(world):
    return start_trajectory(world, title="Laptops")


@pytest.fixture
def inkoper(client, world):
    client.force_login(world.users["inkoper"])
    return client


def data(**extra):
    return {
        "title": "Leenpool",
        "type": "contractbepaling",
        "strategy": RStrategy.objects.get(code="R1").pk,
        "text": "Een leenpool van [aantal] laptops.",
        "evidence": "Kwartaaloverzicht.",
        **extra,
    }


def test_the_team_writes_its_own_criterion_and_it_is_chosen_fills_and_exports(inkoper, trajectory):
    response = inkoper.post(reverse("criteria:own", args=[trajectory.pk]), data())
    assert response.status_code == 302
    own = ChosenCriterion.objects.get(trajectory=trajectory)
    assert (own.code, own.version, own.is_own, own.variables) == ("EIGEN-1", 1, True, ["aantal"])
    page = inkoper.get(reverse("criteria:trajectory", args=[trajectory.pk])).content.decode()
    assert "EIGEN-1" in page and "eigen criterium van het team" in page
    assert reverse("criteria:own_edit", args=[trajectory.pk, own.pk]) in page
    inkoper.post(
        reverse("criteria:fill", args=[trajectory.pk, own.pk]), {f"c{own.pk}-revision": 0, f"c{own.pk}-v0": "25"}
    )
    document = Document(io.BytesIO(inkoper.get(reverse("criteria:tender_docx", args=[trajectory.pk])).content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Een leenpool van 25 laptops." in text and "Code EIGEN-1, versie 1" in text


def test_numbers_are_not_reused(inkoper, trajectory):
    url = reverse("criteria:own", args=[trajectory.pk])
    inkoper.post(url, data(title="Een"))
    inkoper.post(url, data(title="Twee"))
    first = ChosenCriterion.objects.get(trajectory=trajectory, code="EIGEN-1")
    inkoper.post(reverse("criteria:remove", args=[trajectory.pk, first.pk]), {"bevestig": "ja"})
    inkoper.post(url, data(title="Drie"))
    assert sorted(ChosenCriterion.objects.filter(trajectory=trajectory).values_list("code", "title")) == [
        ("EIGEN-2", "Twee"),
        ("EIGEN-3", "Drie"),
    ]


def test_bad_input_gets_dutch_errors_beside_the_fields_and_in_the_summary_and_saves_nothing(inkoper, trajectory):
    response = inkoper.post(reverse("criteria:own", args=[trajectory.pk]), data(title="", text="", strategy=""))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Er is een probleem" in page
    for message in ("Geef het criterium een titel.", "Schrijf de tekst van het criterium.", "Kies de R-strategie."):
        assert page.count(message) >= 2  # beside the field and in the summary
    many = " ".join(f"[v{i}]" for i in range(12))
    response = inkoper.post(reverse("criteria:own", args=[trajectory.pk]), data(text=many))
    assert response.status_code == 422 and "Gebruik hoogstens 10 variabelen" in response.content.decode()
    assert not ChosenCriterion.objects.filter(trajectory=trajectory).exists()


def test_changing_the_text_is_a_new_version_and_drops_values_of_variables_that_are_gone(inkoper, trajectory):
    own = ChosenCriterion.write_own(trajectory, **{**data(), "strategy": RStrategy.objects.get(code="R1")})
    own.fill_in({"aantal": "25"}, None, revision=0)
    url = reverse("criteria:own_edit", args=[trajectory.pk, own.pk])
    assert "Een leenpool van [aantal] laptops." in inkoper.get(url).content.decode()
    response = inkoper.post(url, data(text="Een leenpool van [stuks] laptops.", revision=1))
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.version, own.values, own.revision) == (2, {}, 2)
    # The same text again is no new version.
    inkoper.post(url, data(text="Een leenpool van [stuks] laptops.", revision=2))
    own.refresh_from_db()
    assert own.version == 2


def test_a_second_editor_with_an_old_form_keeps_the_typed_text_and_sees_the_stored_one(inkoper, trajectory):
    own = ChosenCriterion.write_own(trajectory, **{**data(), "strategy": RStrategy.objects.get(code="R1")})
    url = reverse("criteria:own_edit", args=[trajectory.pk, own.pk])
    assert inkoper.post(url, data(text="Eerste editor.", revision=0)).status_code == 302
    response = inkoper.post(url, data(text="Tweede editor.", revision=0))
    assert response.status_code == 409
    page = response.content.decode()
    assert "intussen gewijzigd" in page and "Eerste editor." in page and "Tweede editor." in page
    own.refresh_from_db()
    assert own.text == "Eerste editor."
    # Saving again (the form now carries the current revision) keeps the second editor's text.
    assert inkoper.post(url, data(text="Tweede editor.", revision=own.revision)).status_code == 302
    own.refresh_from_db()
    assert own.text == "Tweede editor."


def test_a_library_criterion_is_not_rewritten_here(inkoper, world, trajectory):
    from criteria.models import Criterion

    criterion = Criterion.objects.filter(organisation=None, status="gepubliceerd").first()
    chosen = ChosenCriterion.choose(trajectory, criterion)
    assert inkoper.get(reverse("criteria:own_edit", args=[trajectory.pk, chosen.pk])).status_code == 404


def test_while_circulair_aanbesteden_is_under_review_no_own_criterion_is_written(inkoper, world):
    from tests.factories import complete_trajectory

    trajectory = complete_trajectory(world.org_a, "Onder review", team={world.users["inkoper"]: "inkoper"})
    phase_record(trajectory, "circulair-aanbesteden").offer_for_review(world.users["inkoper"])
    response = inkoper.post(reverse("criteria:own", args=[trajectory.pk]), data(), follow=True)
    assert "ligt ter beoordeling" in response.content.decode()
    assert not ChosenCriterion.objects.filter(trajectory=trajectory).exists()


# --- Autosave of the fill forms (htmx) -------------------------------------------------------------

HTMX = {"HX-Request": "true"}


def test_autosave_answers_with_a_status_the_new_revision_and_the_filled_text(inkoper, trajectory):
    own = ChosenCriterion.write_own(trajectory, **{**data(), "strategy": RStrategy.objects.get(code="R1")})
    url = reverse("criteria:fill", args=[trajectory.pk, own.pk])
    response = inkoper.post(url, {f"c{own.pk}-revision": 0, f"c{own.pk}-v0": "1.250"}, headers=HTMX)
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    page = response.content.decode()
    assert "Opgeslagen om" in page
    assert f'id="id_c{own.pk}-revision" data-hx-swap-oob="true"' in page and 'value="1"' in page
    assert "Een leenpool van 1.250 laptops." in page
    own.refresh_from_db()
    assert own.values == {"aantal": "1250"} and own.revision == 1
    # The next autosave carries revision 1 and is no conflict.
    assert inkoper.post(url, {f"c{own.pk}-revision": 1, f"c{own.pk}-v0": "30"}, headers=HTMX).status_code == 200


def test_autosave_refuses_bad_numbers_and_old_revisions_in_dutch_and_keeps_what_was_saved(inkoper, trajectory):
    own = ChosenCriterion.write_own(trajectory, **{**data(), "strategy": RStrategy.objects.get(code="R1")})
    url = reverse("criteria:fill", args=[trajectory.pk, own.pk])
    inkoper.post(url, {f"c{own.pk}-revision": 0, f"c{own.pk}-v0": "25"}, headers=HTMX)
    response = inkoper.post(url, {f"c{own.pk}-revision": 1, f"c{own.pk}-v0": "tien"}, headers=HTMX)
    assert response.status_code == 422
    assert "Niet opgeslagen: Vul een getal in, bijvoorbeeld 10.000 of 12,5." in response.content.decode()
    response = inkoper.post(url, {f"c{own.pk}-revision": 0, f"c{own.pk}-v0": "99"}, headers=HTMX)
    assert response.status_code == 409 and "intussen gewijzigd" in response.content.decode()
    own.refresh_from_db()
    assert own.values == {"aantal": "25"}


def test_autosave_while_under_review_is_refused_with_the_reason(inkoper, world):
    from tests.factories import complete_trajectory

    trajectory = complete_trajectory(world.org_a, "Onder review", team={world.users["inkoper"]: "inkoper"})
    own = ChosenCriterion.write_own(trajectory, **{**data(), "strategy": RStrategy.objects.get(code="R1")})
    phase_record(trajectory, "circulair-aanbesteden").offer_for_review(world.users["inkoper"])
    url = reverse("criteria:fill", args=[trajectory.pk, own.pk])
    response = inkoper.post(url, {f"c{own.pk}-revision": 0, f"c{own.pk}-v0": "25"}, headers=HTMX)
    assert response.status_code == 409 and "ligt ter beoordeling" in response.content.decode()
    own.refresh_from_db()
    assert own.values == {}
