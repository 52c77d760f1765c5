"""Each demo organisation's theme in a browser: its pages pass axe in its colours, and the editor previews live.

Signed in as the chef circulair of each demo organisation (a municipality in green and blue, a
province in red), the start page, a trajectory and the theme editor are scanned with axe-core,
colour contrast included, in that organisation's theme. The editor's preview follows what is typed
(static/js/app.js, through the CSSOM), and without JavaScript "Voorbeeld bekijken" shows it.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from organisations import theme
from organisations.demo import DEMO_PASSWORD, THEMES
from organisations.models import Organisation
from procurement.models import Trajectory

from .conftest import assert_accessible, follow, login

DEMO_CHEFS = {"gemeente-voorbeeldstad": "chef@voorbeeldstad.nl", "provincie-voorbeeldland": "chef@voorbeeldland.nl"}


def rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


@pytest.fixture
def demo(world):
    call_command("load_demo", stdout=StringIO())


@pytest.mark.parametrize("slug", DEMO_CHEFS)
def test_the_pages_of_each_demo_organisation_pass_axe_in_its_theme(page, demo, slug):
    organisation = Organisation.objects.get(slug=slug)
    trajectory = Trajectory.objects.for_organisation(organisation).order_by("pk").first()
    login(page, DEMO_CHEFS[slug], DEMO_PASSWORD)
    for path in [
        reverse("procurement:start"),
        reverse("procurement:my_trajectories"),
        reverse("procurement:trajectory_detail", args=[trajectory.pk]),
        reverse("organisations:theme_edit"),
    ]:
        page.goto(path)
        expect(page.locator(".site-header")).to_have_css("background-color", rgb(THEMES[slug]["primary_color"]))
        expect(page.locator("body")).to_have_css("background-color", rgb(THEMES[slug]["background_color"]))
        assert_accessible(page)


def test_the_preview_follows_what_is_typed_and_the_contrast_with_it(page, world):
    login(page, "chef", world.password)
    page.goto("/programma/thema/")
    preview = page.locator("[data-theme-preview]")
    expect(preview.locator(".preview-header")).to_have_css("background-color", rgb("#00594f"))
    picker = page.locator("input[type=color][data-colour-for=id_primary_color]")
    expect(picker).to_be_visible()  # shown by app.js, beside the text field

    page.get_by_label("Primaire kleur", exact=True).fill("#9e1b32")
    expect(preview.locator(".preview-header")).to_have_css("background-color", rgb("#9e1b32"))
    expect(picker).to_have_value("#9e1b32")
    row = page.get_by_role("row", name="Kop- en knoptekst en primaire kleur")
    expect(row).to_contain_text("7,9 : 1")
    expect(row).to_contain_text("Voldoet")

    page.get_by_label("Linkkleur", exact=True).fill("#999")
    link_row = page.get_by_role("row", name="Linkkleur en achtergrond")
    expect(link_row).to_contain_text("2,85 : 1")
    expect(link_row).to_contain_text("Te weinig contrast")
    expect(preview.get_by_role("link", name="een link naar een traject")).to_have_css("color", rgb("#999999"))

    picker.fill("#1d4f91")  # the colour picker writes the text field
    expect(page.get_by_label("Primaire kleur", exact=True)).to_have_value("#1d4f91")

    page.get_by_label("Lettertype").select_option("schreef")
    expect(preview).to_have_css("font-family", theme.FONT_STACKS["schreef"][1])

    follow(page.get_by_role("button", name="Thema opslaan"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Contrast 2,85 : 1 tussen linkkleur en achtergrond; minimaal 4,5 : 1.")
    expect(summary).to_be_focused()


def test_without_javascript_the_preview_shows_after_voorbeeld_bekijken(new_page, world):
    page = new_page(java_script_enabled=False)
    login(page, "chef", world.password)
    page.goto("/programma/thema/")
    expect(page.locator("input[type=color]").first).to_be_hidden()  # the text fields do the work
    page.get_by_label("Primaire kleur", exact=True).fill("#154273")
    follow(page.get_by_role("button", name="Voorbeeld bekijken"))
    expect(page.get_by_text("het thema is nog niet opgeslagen")).to_be_visible()
    expect(page.locator("[data-theme-preview] .preview-header")).to_have_css("background-color", rgb("#154273"))
    expect(page.locator(".site-header")).to_have_css("background-color", rgb("#00594f"))  # the saved theme
    follow(page.get_by_role("button", name="Thema opslaan"))
    expect(page.locator(".site-header")).to_have_css("background-color", rgb("#154273"))
    # (axe runs as JavaScript: the editor is scanned with it on, in each demo theme, above)
