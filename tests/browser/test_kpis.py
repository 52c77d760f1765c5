"""KPI pages in a real browser: axe scans, and the grid's autosave with its live status."""

from decimal import Decimal

from playwright.sync_api import expect

from kpis.models import Measurement

from .conftest import assert_accessible, login


def test_kpi_pages_have_no_accessibility_violations(page, world):
    login(page, "chef", world.password)
    kpi = world.kpi_a
    for path in (
        "/dashboard/?jaar=2025",
        "/kpis/",
        "/kpis/bibliotheek/",
        "/kpis/nieuw/?voorbeeld=kpi-r2-1",
        f"/kpis/{kpi.pk}/",
        f"/kpis/{kpi.pk}/metingen/",
        f"/kpis/{kpi.pk}/jaardoelen/",
        "/kpis/importeren/",
        f"/trajecten/{world.trajectory_kpis_a.pk}/kpis/",
        "/jaarverslagen/",
        f"/jaarverslagen/{world.report_a.pk}/",
    ):
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_the_grid_saves_a_row_when_a_field_is_left_and_announces_it(page, world):
    login(page, "chef", world.password)
    kpi = world.kpi_a
    page.goto(f"/kpis/{kpi.pk}/metingen/")
    page.get_by_label("Waarde 2025", exact=True).fill("912,5")
    page.get_by_label("Bron 2025", exact=True).focus()
    status = page.locator("#save-status")
    status.filter(has_text="Meting 2025 opgeslagen.").wait_for()
    assert Measurement.objects.get(kpi=kpi, year=2025).value == Decimal("912.5")
    # Focus stays where the user went, on the source field of the same row.
    assert page.evaluate("document.activeElement.id") == "r2025q0-source"


def test_the_grid_reads_10_000_as_ten_thousand_and_says_so_beside_the_field(page, world):
    login(page, "chef", world.password)
    kpi = world.kpi_a
    page.goto(f"/kpis/{kpi.pk}/metingen/")
    page.get_by_label("Waarde 2026", exact=True).fill("10.000")
    page.get_by_label("Bron 2026", exact=True).focus()
    page.locator("#save-status").filter(has_text="Meting 2026 opgeslagen.").wait_for()
    expect(page.locator("#r2026q0-gelezen")).to_have_text("gelezen als 10.000")
    assert Measurement.objects.get(kpi=kpi, year=2026).value == Decimal(10000)
