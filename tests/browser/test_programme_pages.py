"""The programme pages pass axe, and the backcasting and ambitieweb forms work in a browser."""

from rladder.models import AmbitionTheme
from rladder.webs import save_levels

from .conftest import assert_accessible, login


def test_every_programme_page_has_no_accessibility_violations(page, world):
    save_levels(world.org_a, None, {t.pk: (1, 2, "") for t in AmbitionTheme.objects.all()})
    login(page, "chef", world.password)
    slug = world.category_a_only.slug
    for path in [
        "/programma/",
        "/programma/menu/",
        "/programma/menu/bestuurlijke-rugdekking/wijzigen/",
        "/programma/categorieen/",
        "/programma/categorieen/nieuw/",
        f"/programma/categorieen/{slug}/",
        f"/programma/categorieen/{slug}/wijzigen/",
        f"/programma/categorieen/{slug}/strategie/wijzigen/",
        f"/programma/categorieen/{slug}/mijlpalen/?voorstel=1",
        f"/programma/categorieen/{slug}/ambitieweb/wijzigen/",
        "/programma/ambitieweb/",
        "/programma/ambitieweb/wijzigen/",
        f"/trajecten/{world.ambition_trajectory_a.pk}/ambitieweb/",
    ]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    assert page.get_by_role("img", name="Ambitieweb van “Werkplekken stadskantoor”").is_visible()


def test_the_chef_saves_the_backcasting_proposal_and_sees_an_error_summary_for_a_bad_year(page, world):
    login(page, "chef", world.password)
    page.goto(f"/programma/categorieen/{world.category_a_only.slug}/mijlpalen/")
    page.get_by_role("link", name="Stel mijlpalen voor vanuit het doel").click()
    page.get_by_label("Jaar").first.fill("2040")
    page.get_by_role("button", name="Mijlpalen opslaan").click()
    assert page.title().startswith("Fout: ")
    summary = page.get_by_role("alert")
    assert "Deze mijlpaal ligt na het doeljaar 2036." in summary.inner_text()
    assert summary.evaluate("el => el === document.activeElement")
    assert_accessible(page)
    page.get_by_label("Jaar").first.fill("2027")
    page.get_by_role("button", name="Mijlpalen opslaan").click()
    assert page.get_by_role("heading", name="Mijlpalen", exact=True).is_visible()
    assert page.get_by_role("row", name="2036").is_visible()
