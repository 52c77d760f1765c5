"""The programme pages pass axe, and the backcasting and ambitieweb forms work in a browser."""

import re

from playwright.sync_api import expect

from rladder.models import AmbitionTheme
from rladder.webs import save_levels

from .conftest import assert_accessible, follow, login


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
        f"/programma/categorieen/{slug}/verwijderen/",
        "/programma/afdelingen/",
        "/programma/afdelingen/nieuw/",
        f"/programma/afdelingen/{world.department_a.pk}/wijzigen/",
        f"/programma/afdelingen/{world.department_a.pk}/verwijderen/",
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
    expect(page.get_by_role("img", name="Ambitieweb van “Werkplekken stadskantoor”")).to_be_visible()


def test_the_chef_saves_the_backcasting_proposal_and_sees_an_error_summary_for_a_bad_year(page, world):
    login(page, "chef", world.password)
    page.goto(f"/programma/categorieen/{world.category_a_only.slug}/mijlpalen/")
    follow(page.get_by_role("link", name="Stel mijlpalen voor vanuit het doel"))
    page.get_by_label("Jaar").first.fill("2040")
    follow(page.get_by_role("button", name="Mijlpalen opslaan"))
    expect(page).to_have_title(re.compile(r"^Fout: "))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Deze mijlpaal ligt na het doeljaar 2036.")
    expect(summary).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Jaar").first.fill("2027")
    follow(page.get_by_role("button", name="Mijlpalen opslaan"))
    expect(page.get_by_role("heading", name="Mijlpalen", exact=True)).to_be_visible()
    expect(page.get_by_role("row", name="2036")).to_be_visible()
