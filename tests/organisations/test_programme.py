"""The Menu self-scan and product categories, and the programme overview's query budget."""

import re

import pytest
from django.urls import reverse

from organisations.models import DEFAULT_CATEGORIES, MenuEvidence, MenuScanItem, ProductCategory
from rladder.models import ProductStrategy, RStrategy
from tests.access.rows_organisations_programme import UNUSED_CATEGORY, _scan_data

pytestmark = pytest.mark.django_db

REQUIRED_DEFAULTS = [
    "ICT-hardware",
    "Meubilair en werkplekomgeving",
    "Bedrijfskleding en textiel",
    "Catering",
    "Kantoorartikelen",
    "Schoonmaak",
    "GWW en infrastructuur",
    "Gebouwen",
    "Energie",
    "Mobiliteit",
]


def test_the_chef_records_status_owner_next_step_and_evidence(client, world):
    client.force_login(world.users["chef"])
    data = _scan_data(world) | {"owner": world.users["adviseur"].pk}
    response = client.post(reverse("organisations:menu_scan_edit", args=["draagvlak"]), data)
    assert response.status_code == 302
    item = MenuScanItem.objects.get(organisation=world.org_a, ingredient__slug="draagvlak")
    assert (item.status, item.owner, item.next_step) == ("bezig", world.users["adviseur"], "Raadsvoorstel schrijven")
    evidence = item.evidence.get()
    assert (evidence.kind, evidence.reference) == ("raadsbesluit", "RB-2025-1")
    page = client.get(reverse("organisations:menu_scan")).content.decode()
    assert "Raadsbesluit circulair inkopen" in page and "RB-2025-1" in page
    assert 'href="/uitgangspunten/intern-draagvlak-creeren/"' in page


def test_bad_evidence_is_refused_in_dutch_and_nothing_is_saved(client, world):
    client.force_login(world.users["chef"])
    data = _scan_data(world) | {"bewijs-0-url": "geen link", "bewijs-0-title": ""}
    response = client.post(reverse("organisations:menu_scan_edit", args=["draagvlak"]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Fout: " in html and 'id="error-summary"' in html
    assert "Vul een volledige link in, beginnend met https://." in html
    assert 'href="#id_bewijs-0-url"' in html
    assert not MenuScanItem.objects.filter(organisation=world.org_a).exists()
    assert not MenuEvidence.objects.unscoped().exists()


def test_an_owner_must_be_a_member_of_the_organisation(client, world):
    client.force_login(world.users["chef"])
    data = _scan_data(world) | {"owner": world.users["outsider"].pk}
    response = client.post(reverse("organisations:menu_scan_edit", args=["draagvlak"]), data)
    assert response.status_code == 200
    assert not MenuScanItem.objects.filter(organisation=world.org_a).exists()


def test_standard_categories_are_added_on_demand_once(client, world):
    names = [name for name, _w, _d in DEFAULT_CATEGORIES]
    assert set(REQUIRED_DEFAULTS) <= set(names)
    client.force_login(world.users["chef"])
    client.post(reverse("organisations:category_defaults"))
    client.post(reverse("organisations:category_defaults"))
    mine = list(ProductCategory.objects.filter(organisation=world.org_a).values_list("name", flat=True))
    # ICT-hardware and Meubilair existed and were not duplicated; the world's own category stays
    assert sorted(mine) == sorted([*names, UNUSED_CATEGORY])
    assert ProductCategory.objects.filter(organisation=world.org_b).count() == 1


@pytest.mark.parametrize("name", ["ICT-hardware", "ict-HARDWARE", "  ICT-hardware "])
def test_a_duplicate_category_name_is_refused_in_dutch(client, world, name):
    before = ProductCategory.objects.filter(organisation=world.org_a).count()
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("organisations:category_create"),
        {"name": name, "description": "", "impact_weight": "3", "annual_spend": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er bestaat al een productcategorie met de naam" in html
    assert "<title>Fout: " in html and 'href="#id_name"' in html
    assert ProductCategory.objects.filter(organisation=world.org_a).count() == before


def test_the_same_category_name_is_fine_in_another_organisation(client, world):
    client.force_login(world.users["outsider"])
    response = client.post(
        reverse("organisations:category_create"),
        {"name": "Meubilair en werkplekomgeving", "description": "", "impact_weight": "9", "annual_spend": "-1"},
    )
    html = response.content.decode()
    assert "Kies een impactgewicht van 1 tot en met 5." in html
    assert "De jaarlijkse uitgaven kunnen niet negatief zijn." in html
    assert "Er bestaat al" not in html


@pytest.mark.parametrize("count", [1, 12])
def test_the_programme_overview_has_a_fixed_query_budget(client, world, django_assert_max_num_queries, count):
    r = {s.code: s for s in RStrategy.objects.all()}
    for i in range(count):
        category = ProductCategory.objects.create(organisation=world.org_a, name=f"Categorie {i}", impact_weight=3)
        ProductStrategy.objects.create(
            category=category,
            baseline_date="2026-01-01",
            baseline_strategy=r["R8"],
            goal_year=2036,
            goal_strategy=r["R2"],
            impact="hoog",
            supply_risk="laag",
            owner=world.users["chef"],
        )
    client.force_login(world.users["lezer"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("rladder:programme"))
    html = response.content.decode()
    assert html.count("Hefboom") == count + 1  # one per row, plus the quadrant count line
    assert "Categorie 0" in html


@pytest.mark.parametrize("count", [1, 12])
def test_the_category_strategy_page_has_a_fixed_query_budget(client, world, django_assert_max_num_queries, count):
    from procurement.models import Trajectory

    for i in range(count):
        Trajectory.objects.create(
            organisation=world.org_a,
            title=f"Traject {i}",
            slug=f"traject-{i}",
            description="x",
            category=world.category_a_only,
            chosen_strategy=RStrategy.objects.get(code="R8"),
        )
    client.force_login(world.users["lezer"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("procurement:category_strategy", args=[world.category_a_only.slug]))
    assert response.content.decode().count("Lager dan de strategie") == count + 1  # +1: the world's trajectory


def test_the_category_form_says_what_its_button_does(client, world):
    client.force_login(world.users["chef"])
    page = client.get(reverse("organisations:category_create")).content.decode()
    assert re.search(r'<input type="submit"\s+name="submit"\s+value="Categorie toevoegen"', page)
    assert "Wijzigingen opslaan" not in page
    category = ProductCategory.objects.filter(organisation=world.org_a).first()
    page = client.get(reverse("organisations:category_edit", args=[category.slug])).content.decode()
    assert re.search(r'<input type="submit"\s+name="submit"\s+value="Wijzigingen opslaan"', page)
    assert "Categorie toevoegen" not in page


def test_a_form_takes_its_submit_label_as_an_argument():
    from accounts.forms import LoginForm

    assert LoginForm().helper.inputs[0].value == "Inloggen"
    assert LoginForm(submit_label="Verder").helper.inputs[0].value == "Verder"
    assert LoginForm(submit_label="").helper.inputs == []


def test_a_form_inside_a_bigger_form_renders_no_form_tag_token_or_button():
    from crispy_forms.utils import render_crispy_form

    from accounts.forms import LoginForm
    from organisations.forms import MenuEvidenceForm

    html = render_crispy_form(MenuEvidenceForm(), context={"csrf_token": "token"})
    assert 'name="kind"' in html and "<form" not in html and "csrfmiddlewaretoken" not in html
    assert 'type="submit"' not in html
    html = render_crispy_form(LoginForm(), context={"csrf_token": "token"})
    assert "<form" in html and "csrfmiddlewaretoken" in html and 'type="submit"' in html
