"""The library pages, the chef's forms, and a trajectory's criteria: choosing, filling, weights, the .docx."""

import io

import pytest
from django.urls import reverse
from docx import Document

from criteria.models import ChosenCriterion, Criterion
from kpis.models import Kpi
from rladder.models import RStrategy
from tests.factories import decide, start_trajectory

from .test_models import make

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def chef(client, world):
    return login(client, world.users["chef"])


@pytest.fixture
def inkoper(client, world):
    return login(client, world.users["inkoper"])


# --- the library ----------------------------------------------------------------------------


def test_the_library_filters_and_searches_in_dutch(inkoper, world):
    make(code="T-V-1", title="Deelauto's", strategy=RStrategy.objects.get(code="R1"), categories="Mobiliteit")
    make(code="T-V-2", type="gunningscriterium", categories="Catering")
    make(code="T-V-3", title="Voor elke categorie")
    url = reverse("criteria:library")
    codes = lambda response: {c.code for c in response.context["page"]}  # noqa: E731
    assert {"T-V-1", "T-V-2"} <= codes(inkoper.get(url))
    assert codes(inkoper.get(url, {"q": "herbruikbaar"})) >= {"T-V-1", "T-V-2"}
    assert codes(inkoper.get(url, {"r": "R1", "q": "laptops"})) == {"T-V-1"}
    assert "T-V-1" not in codes(inkoper.get(url, {"soort": "gunningscriterium"}))
    in_mobility = codes(inkoper.get(url, {"categorie": "Mobiliteit"}))
    assert "T-V-2" not in in_mobility and {"T-V-1", "T-V-3"} <= in_mobility


@pytest.mark.parametrize(
    "params",
    [{"soort": "geen-soort"}, {"r": "R99"}, {"ambitie": "7"}, {"categorie": "<script>"}, {"q": "x" * 500}],
)
def test_hostile_filters_are_form_errors_not_a_500(inkoper, params):
    response = inkoper.get(reverse("criteria:library"), params)
    assert response.status_code == 200
    assert response.context["filter_form"].errors
    assert "Er is een probleem" in response.content.decode()


def test_the_search_survives_hostile_text(inkoper):
    response = inkoper.get(reverse("criteria:library"), {"q": "\x00'; DROP TABLE criteria_criterion; --\u202e"})
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_the_library_keeps_its_query_budget(inkoper, world, n, django_assert_max_num_queries):
    for i in range(n):
        make(code=f"T-B-{n}-{i}")
        make(world.org_a, code=f"T-O-{n}-{i}")
    with django_assert_max_num_queries(12):
        response = inkoper.get(reverse("criteria:library"), {"q": "laptops"})
    assert response.status_code == 200


def test_the_chef_adds_a_criterion_and_bad_input_is_named_beside_the_field(chef, world):
    url = reverse("criteria:create")
    data = {
        "code": "eigen-1",
        "title": "Eigen",
        "type": "eis",
        "strategy": RStrategy.objects.get(code="R1").pk,
        "ambition": "2",
        "text": "[a] [b] [c] [d] [e] [f] [g] [h] [i] [j] [k]",
        "evidence": "",
        "kpi_variable": "zz",
        "cpv_codes": "abc",
        "status": "gepubliceerd",
    }
    response = chef.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"text", "evidence", "kpi_variable", "cpv_codes"} <= set(errors)
    assert not Criterion.objects.filter(code="EIGEN-1").exists()
    data.update(text="Ten minste [aantal] stuks.", evidence="Bewijs.", kpi_variable="aantal", cpv_codes="302")
    response = chef.post(url, data)
    assert response.status_code == 302
    criterion = Criterion.objects.get(code="EIGEN-1")
    assert criterion.organisation == world.org_a
    data["code"] = "EIGEN-1"
    assert "code" in chef.post(url, data).context["form"].errors  # the code is taken


def test_adapting_a_base_criterion_makes_the_organisation_s_copy(chef, world):
    base = make(code="T-AANPAS")
    response = chef.post(
        reverse("criteria:edit", args=[base.pk]),
        {
            "code": "ANDERS",  # disabled: the copy keeps the base's code
            "title": "Aangepast",
            "type": "eis",
            "strategy": base.strategy_id,
            "ambition": "1",
            "text": "Ten minste [percentage] % refurbished.",
            "evidence": "Lijst.",
            "status": "gepubliceerd",
        },
    )
    assert response.status_code == 302
    copy = Criterion.objects.get(organisation=world.org_a, base=base)
    assert copy.code == "T-AANPAS" and copy.title == "Aangepast" and copy.base_version == 1
    base.refresh_from_db()
    assert base.title == "Refurbished laptops"
    # The base changes later: the copy's page says so.
    base.text = "Nieuwe basistekst [percentage]."
    base.save()
    page = chef.get(reverse("criteria:detail", args=[copy.pk])).content.decode()
    assert "De basisset heeft dit criterium gewijzigd" in page


def test_retiring_a_base_criterion_hides_it_for_the_organisation_only(chef, world):
    base = make(code="T-WEG")
    chef.post(reverse("criteria:retire", args=[base.pk]), {"bevestig": "ja"})
    assert base not in Criterion.objects.library(world.org_a).usable()
    assert base in Criterion.objects.library(world.org_b).usable()
    base.refresh_from_db()
    assert base.status == Criterion.Status.PUBLISHED


# --- in a trajectory --------------------------------------------------------------------------


def r1_trajectory(world):
    trajectory = start_trajectory(world, category=world.category_a)
    decide(trajectory, world.users["inkoper"], r1="ja")
    trajectory.refresh_from_db()
    return trajectory


def test_proposals_come_from_the_r_decision_highest_step_first(inkoper, world):
    r1 = make(code="T-P-R1", strategy=RStrategy.objects.get(code="R1"))
    r2 = make(code="T-P-R2")
    r5 = make(code="T-P-R5", strategy=RStrategy.objects.get(code="R5"))
    other_category = make(code="T-P-CAT", strategy=RStrategy.objects.get(code="R1"), categories="Catering")
    trajectory = r1_trajectory(world)
    proposals = inkoper.get(reverse("criteria:trajectory", args=[trajectory.pk])).context["proposals"]
    codes = [c.code for c in proposals]
    assert r1.code in codes and other_category.code not in codes and r5.code not in codes
    if r2.code in codes:
        assert codes.index(r1.code) < codes.index(r2.code)
    assert all(c.strategy.code == "R1" for c in proposals[: codes.index(r1.code) + 1])


def choose(client, trajectory, criterion):
    response = client.post(reverse("criteria:choose", args=[trajectory.pk, criterion.pk]))
    assert response.status_code == 302
    return ChosenCriterion.objects.filter(trajectory=trajectory).get(code=criterion.code)


def test_choosing_filling_dutch_numbers_weights_and_the_docx(inkoper, world):
    trajectory = r1_trajectory(world)
    eis = make(
        code="T-D-EIS", kpi_name="Aandeel refurbished", kpi_unit="%", kpi_direction="hoger", kpi_variable="percentage"
    )
    award = make(code="T-D-GUN", type="gunningscriterium", text="Score bij [aantal] stuks.")
    clause = make(code="T-D-CB", type="contractbepaling", text="Terugname zonder variabelen.")
    chosen_eis, chosen_award = choose(inkoper, trajectory, eis), choose(inkoper, trajectory, award)
    choose(inkoper, trajectory, clause)
    fill = lambda chosen, data: inkoper.post(  # noqa: E731
        reverse("criteria:fill", args=[trajectory.pk, chosen.pk]),
        {f"c{chosen.pk}-{key}": value for key, value in data.items()},
    )
    # Bad numbers: a Dutch error beside the field and in the summary, nothing saved.
    response = fill(chosen_award, {"revision": 0, "v0": "tien", "weight": "120"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Vul een getal in, bijvoorbeeld 10.000 of 12,5." in page and "Er is een probleem" in page
    assert "Vul een getal van 100 of minder in." in page
    assert fill(chosen_eis, {"revision": 0, "v0": "75"}).status_code == 302
    assert fill(chosen_award, {"revision": 0, "v0": "10.000", "weight": "12,5"}).status_code == 302
    chosen_award.refresh_from_db()
    assert chosen_award.values == {"aantal": "10000"} and str(chosen_award.weight) == "12.50"
    # A second editor with the old form: refused, not overwritten.
    response = fill(chosen_award, {"revision": 0, "v0": "5", "weight": "1"})
    assert response.status_code == 409 and "intussen gewijzigd" in response.content.decode()
    chosen_award.refresh_from_db()
    assert chosen_award.values == {"aantal": "10000"}
    # The contract KPI, on confirmation.
    inkoper.post(reverse("criteria:create_kpi", args=[trajectory.pk, chosen_eis.pk]))
    kpi = Kpi.objects.for_organisation(world.org_a).get(trajectory=trajectory)
    assert kpi.scope == Kpi.Scope.CONTRACT and kpi.goal_value == 75 and kpi.unit == "%"
    # The .docx.
    response = inkoper.get(reverse("criteria:tender_docx", args=[trajectory.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    for code in ("T-D-EIS", "T-D-GUN", "T-D-CB"):
        assert code in text
    assert "Ten minste 75 % van de herbruikbare laptops" in text
    assert "Score bij 10.000 stuks." in text and "12,5" in text
    assert text.index("Eis (technische specificatie)") < text.index("Gunningscriterium")
    # The .xlsx: a row per criterion.
    from openpyxl import load_workbook

    response = inkoper.get(reverse("criteria:tender_xlsx", args=[trajectory.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["T-D-EIS", "T-D-GUN", "T-D-CB"]
    assert rows[2][5] == 12.5 and rows[1][7] == "Aandeel refurbished" and rows[1][1] == 1
    # The dossier shows the same.
    dossier = inkoper.get(reverse("procurement:dossier", args=[trajectory.pk])).content.decode()
    assert 'id="criteria-en-clausules"' in dossier
    assert "Ten minste 75 % van de herbruikbare laptops" in dossier and "T-D-GUN v1" in dossier


def test_removing_needs_the_confirmation(inkoper, world):
    trajectory = r1_trajectory(world)
    chosen = choose(inkoper, trajectory, make(code="T-RM"))
    url = reverse("criteria:remove", args=[trajectory.pk, chosen.pk])
    inkoper.post(url)
    assert ChosenCriterion.objects.filter(trajectory=trajectory).exists()
    inkoper.post(url, {"bevestig": "ja"})
    assert not ChosenCriterion.objects.filter(trajectory=trajectory).exists()


@pytest.mark.parametrize("n", [2, 12])
def test_the_trajectory_page_keeps_its_query_budget(inkoper, world, n, django_assert_max_num_queries):
    trajectory = r1_trajectory(world)
    for i in range(n):
        ChosenCriterion.choose(trajectory, make(code=f"T-Q-{n}-{i}", type="gunningscriterium"))
        make(code=f"T-QP-{n}-{i}", strategy=RStrategy.objects.get(code="R1"))
    with django_assert_max_num_queries(20):
        assert inkoper.get(reverse("criteria:trajectory", args=[trajectory.pk])).status_code == 200
    for name in ("criteria:tender_docx", "criteria:tender_xlsx"):
        with django_assert_max_num_queries(12):
            assert inkoper.get(reverse(name, args=[trajectory.pk])).status_code == 200


def test_a_concept_or_retired_criterion_cannot_be_chosen(inkoper, world):
    trajectory = r1_trajectory(world)
    concept = make(world.org_a, code="T-CONCEPT", status=Criterion.Status.DRAFT)
    retired = make(world.org_a, code="T-RETIRED", status=Criterion.Status.WITHDRAWN)
    for criterion in (concept, retired):
        response = inkoper.post(reverse("criteria:choose", args=[trajectory.pk, criterion.pk]))
        assert response.status_code == 404
    assert not ChosenCriterion.objects.filter(trajectory=trajectory).exists()
