"""From R-decision to tender in a browser: a team that recorded R1 is proposed R1 criteria, picks three,
fills a variable as "75", sets a weight and downloads the .docx; the dossier shows the same. Axe on the pages."""

import io

from docx import Document
from playwright.sync_api import expect

from criteria import starter
from criteria.models import ChosenCriterion
from tests.factories import decide, start_trajectory

from .conftest import assert_accessible, follow, login

PICKS = ["EIS-R1-01", "GC-R1-01", "CB-R1-02"]


def test_r1_criteria_are_proposed_picked_filled_weighted_and_downloaded(page, world):
    starter.load()
    trajectory = start_trajectory(world, title="Laptops delen", category=world.category_a)
    decide(trajectory, world.users["inkoper"], r1="ja")
    login(page, "inkoper", world.password)
    page.goto(f"/trajecten/{trajectory.pk}/criteria/")
    assert_accessible(page)
    proposals = page.locator("#voorstellen ~ ul li")
    expect(proposals.first).to_contain_text("R1")
    for code in PICKS:
        follow(page.get_by_role("button", name=f"Kiezen {code}"))
    card = lambda code: page.locator("article", has_text=code)  # noqa: E731
    # Autosave: typing saves (htmx), the status says so and the filled text follows without a reload.
    card("EIS-R1-01").get_by_label("aantal").fill("75")
    expect(card("EIS-R1-01").locator("[data-save-status]")).to_contain_text("Opgeslagen om")
    expect(card("EIS-R1-01")).to_contain_text("voor 75 werkplekken")
    card("CB-R1-02").get_by_label("percentage").fill("75")
    card("CB-R1-02").get_by_role("button", name="Opslaan CB-R1-02").click()  # the button saves the same way
    expect(card("CB-R1-02").locator("[data-save-status]")).to_contain_text("Opgeslagen om")
    card("GC-R1-01").get_by_label("Weging (%)").fill("30")
    expect(card("GC-R1-01").locator("[data-save-status]")).to_contain_text("Opgeslagen om")
    expect(page.locator("#totale-weging")).to_contain_text("30%")
    # A second autosave of the same card carries the new revision: no conflict with itself.
    card("EIS-R1-01").get_by_label("aantal").fill("80")
    expect(card("EIS-R1-01")).to_contain_text("voor 80 werkplekken")
    card("EIS-R1-01").get_by_label("aantal").fill("75")
    expect(card("EIS-R1-01")).to_contain_text("voor 75 werkplekken")
    expect(card("EIS-R1-01").locator("[data-save-status]")).to_contain_text("Opgeslagen om")
    page.reload()
    expect(card("EIS-R1-01")).to_contain_text("voor 75 werkplekken")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als Word-document (.docx)").click()
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    for code in PICKS:
        assert code in text
    assert "voor 75 werkplekken" in text and "onder 75 %" in text and "30" in text
    assert ChosenCriterion.objects.filter(trajectory=trajectory).count() == 3
    page.goto(f"/trajecten/{trajectory.pk}/dossier/")
    section = page.locator("#criteria-en-clausules")
    expect(section).to_contain_text("voor 75 werkplekken")
    expect(section).to_contain_text("GC-R1-01 v1")
    assert_accessible(page)


def test_the_library_pages_have_no_accessibility_violations(page, world):
    starter.load()
    login(page, "chef", world.password)
    for path in ["/criteria/", "/criteria/?q=laptops&soort=eis", "/criteria/?soort=onbekend", "/criteria/nieuw/"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    page.goto("/criteria/?q=refurbished")
    follow(page.get_by_role("link", name="EIS-R2-01"))
    assert_accessible(page)
    follow(page.get_by_role("link", name="Aanpassen voor je organisatie"))
    assert_accessible(page)
