"""Every page with a chart loads in Chromium without a console error (the watcher in conftest fails the test).

A Dutch page once drew its bars with ``x1="250,0"``; Chromium reports such an
attribute as a console error ("Expected length") and drops the line. The data
below draws every chart with coordinates that are not whole numbers.
"""

from django.template.loader import render_to_string
from django.utils import translation
from playwright.sync_api import expect

from kpis.reports import report_context
from tests.production.test_charts_svg import chart_data

from .conftest import assert_accessible, login


def test_every_chart_page_has_no_console_errors_and_passes_axe(page, world):
    chart_data(world)
    with translation.override("nl"):  # the body the report worker stores
        world.report_a.html = render_to_string(
            "kpis/includes/annual_report_body.html", report_context(world.org_a, 2026)
        )
    world.report_a.save(update_fields=["html"])
    login(page, "chef", world.password)
    for path, charts in (
        ("/dashboard/?jaar=2026", 2),
        (f"/kpis/{world.kpi_a.pk}/", 1),
        (f"/kpis/{world.contract_kpi_a.pk}/", 1),
        ("/programma/", 1),
        ("/programma/menu/", 1),
        ("/programma/ambitieweb/", 1),
        (f"/programma/categorieen/{world.category_a_only.slug}/", 1),
        (f"/trajecten/{world.ambition_trajectory_a.pk}/ambitieweb/", 1),
        (f"/trajecten/{world.review_trajectory_a.pk}/dossier/", 1),
        (f"/jaarverslagen/{world.report_a.pk}/", 3),
    ):
        page.goto(path)
        images = page.locator("svg[role=img]")
        expect(images.first).to_be_visible()
        assert images.count() >= charts, path
        assert_accessible(page)
