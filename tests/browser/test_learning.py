"""Learning across dossiers in a browser: search from the header and open a result; axe scans of the new pages."""

from decimal import Decimal

from playwright.sync_api import expect

from learning import benchmark
from learning.models import LearningSettings
from organisations.models import Organisation, ProductCategory
from procurement.models import Trajectory

from .conftest import assert_accessible, follow, login


def test_search_from_the_header_and_open_a_shared_lesson(page, world):
    login(page, "inkoper", world.password)
    page.get_by_role("searchbox", name="Zoeken").fill("fietsen")
    follow(page.get_by_role("button", name="Zoek"))
    expect(page.get_by_role("heading", name="Lessen", level=2)).to_be_visible()
    results = page.locator(".search-results a")
    expect(results.first).to_be_visible()
    assert "Provincie Beta" not in page.content()  # B's name is not shown, B's unshared lesson not found
    assert "Beta intern" not in page.content()
    follow(results.first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tip voor een volgend traject")
    expect(page.get_by_text("Beta gedeeld: deel fietsen per team.")).to_be_visible()


def test_the_new_pages_have_no_accessibility_violations(page, world):
    LearningSettings.objects.update_or_create(organisation=world.org_a, defaults={"benchmark_opt_in": True})
    for i in range(5):
        org = Organisation.objects.create(name=f"Deelnemer {i}")
        category = ProductCategory.objects.create(organisation=org, name="ICT-hardware")
        LearningSettings.objects.create(organisation=org, benchmark_opt_in=True)
        Trajectory.objects.create(
            organisation=org, title="T", description="x", category=category, estimated_value=Decimal(1000)
        )
    Trajectory.objects.create(
        organisation=world.org_a, title="Eigen", description="x", category=world.category_a, estimated_value=1
    )
    benchmark.compute()
    login(page, "chef", world.password)
    trajectory = Trajectory.objects.for_organisation(world.org_a).get(slug="lessen-alfa")
    lesson = trajectory.lessons.first()
    for path in [
        "/lessen/",
        "/lessen/?categorie=onbekend",
        f"/lessen/{lesson.pk}/",
        f"/lessen/{lesson.pk}/wijzigen/",
        f"/lessen/{lesson.pk}/verwijderen/",
        f"/trajecten/{trajectory.pk}/lessen/nieuw/",
        f"/trajecten/{trajectory.pk}/fasen/intern-evalueren/",
        f"/trajecten/{trajectory.pk}/r-besluit/",
        f"/trajecten/nieuw/?vergelijk={world.category_a.slug}",
        "/zoeken/?q=gebruikers",
        "/zoeken/?q=---",
        "/benchmark/",
        "/programma/delen-en-vergelijken/",
        "/resultatenkaart/",
    ]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    page.goto("/benchmark/")
    expect(page.get_by_role("img", name="ICT-hardware", exact=False).first).to_be_visible()
