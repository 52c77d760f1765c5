"""An organisation's theme: design tokens with WCAG contrast rules, its stylesheet, logo, editor and preview."""

import base64
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image, PngImagePlugin

from organisations import backup, theme
from organisations.apps import recheck_imported_logos
from organisations.demo import THEMES
from organisations.models import Membership, OrganisationTheme, Role
from organisations.scoping import unscoped_access
from tests.access.rows_organisations_theme import png

pytestmark = pytest.mark.django_db

EDIT = reverse("organisations:theme_edit")
STATE = {  # an accessible theme, different from the world's and the default
    "primary_color": "#9e1b32",
    "primary_text_color": "#ffffff",
    "link_color": "#1d4f91",
    "focus_color": "#4b2a85",
    "background_color": "#fcfbf8",
    "text_color": "#222222",
    "accent_color": "#ffd54f",
    "font_family": "leesbaar",
}
# One declaration of a theme stylesheet: a token and a hex colour, an "r, g, b" triplet or a fixed font stack.
STACKS = "|".join(re.escape(stack) for _label, stack in theme.FONT_STACKS.values())
DECLARATION = re.compile(rf"^  --cc-[a-z-]+: (#[0-9a-f]{{6}}|\d{{1,3}}, \d{{1,3}}, \d{{1,3}}|{STACKS});$")


def page(response) -> str:
    return unescape(response.content.decode())


def declarations(css: str) -> list[str]:
    lines = [line for line in css.splitlines() if line.strip() and not line.startswith("/*")]
    assert lines[0].endswith("{") and lines[-1] == "}", css
    return lines[1:-1]


def jpeg(size=(60, 30)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(output, format="JPEG")
    return output.getvalue()


@pytest.fixture
def chef(client, world):
    client.force_login(world.users["chef"])
    return client


# --- The contrast rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first, second, ratio",
    [
        ("#000000", "#ffffff", "21"),
        ("#ffffff", "#ffffff", "1"),
        ("#777777", "#ffffff", "4,48"),  # the classic grey that just fails AA
        ("#767676", "#ffffff", "4,54"),  # the lightest grey that passes
        ("#0b5394", "#ffffff", "7,84"),
    ],
)
def test_the_contrast_ratio_is_wcag_2s(first, second, ratio):
    assert theme.format_ratio(theme.contrast(first, second)) == ratio
    assert theme.contrast(first, second) == theme.contrast(second, first)


def test_a_failing_ratio_never_reads_as_the_minimum():
    assert theme.format_ratio(4.497, theme.TEXT) == "4,49"
    assert theme.format_ratio(4.497) == "4,5"
    assert theme.format_ratio(2.9, theme.TEXT) == "2,9"


def test_grey_777_on_white_is_refused_with_the_pair_and_the_ratio():
    errors = theme.contrast_errors({**theme.DEFAULTS, "link_color": "#777777"})
    assert errors == {
        "link_color": [
            "Contrast 4,48 : 1 tussen linkkleur en achtergrond; minimaal 4,5 : 1.",
            "Contrast 4,01 : 1 tussen linkkleur en grijze vlakken; minimaal 4,5 : 1.",
        ]
    }


def test_the_default_and_the_demo_themes_are_accessible_and_the_demo_themes_differ():
    assert theme.contrast_errors(theme.DEFAULTS) == {}
    for values in THEMES.values():
        assert theme.contrast_errors(values) == {}
        assert all(result.passes for result in theme.contrast_report(values))
    municipality, province = (theme.tokens(values) for values in THEMES.values())
    assert dict(municipality)["--cc-primary"] != dict(province)["--cc-primary"]
    assert dict(municipality)["--cc-link"] != dict(province)["--cc-link"]


def test_the_defaults_are_app_css_own():
    css = Path(settings.BASE_DIR, "static", "css", "app.css").read_text(encoding="utf-8")
    for name, value in theme.tokens(theme.DEFAULTS):
        assert f"{name}: {value};" in css, name


def test_a_light_background_is_required_for_the_apps_own_grey_text():
    dark = {**theme.DEFAULTS, "background_color": "#333333", "text_color": "#ffffff", "link_color": "#ffffff"}
    assert "grijze hulptekst en achtergrond" in " ".join(theme.contrast_errors(dark)["background_color"])


@pytest.mark.parametrize(
    "typed, colour",
    [("#1F5F3A", "#1f5f3a"), ("1f5f3a", "#1f5f3a"), (" #abc ", "#aabbcc"), ("groen", None), ("#12345", None)],
)
def test_colours_are_typed_as_hex(typed, colour):
    assert theme.normalise_colour(typed) == colour


def test_derived_tokens_only_add_contrast():
    for primary, text in [("#1f5f3a", "#ffffff"), ("#ffd54f", "#000000"), ("#767676", "#ffffff")]:
        strong = theme.strong_variant(primary, text)
        assert theme.contrast(text, strong) > theme.contrast(text, primary)
    for accent in ["#ffffff", "#777777", "#1f5f3a", "#ffd54f", "#7a7a7a"]:
        assert theme.contrast(theme.text_on(accent), accent) >= 4.5


# --- The stylesheet ---------------------------------------------------------------------------------------


def test_the_stylesheet_holds_the_tokens_and_is_kept_for_a_year(client, world, django_assert_max_num_queries):
    url = world.theme_a.stylesheet_url
    assert url == f"/organisaties/gemeente-alfa/thema-{world.theme_a.version}.css"
    with django_assert_max_num_queries(1):
        response = client.get(url)
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=31536000, immutable"
    css = response.content.decode()
    assert css.splitlines()[1] == ":root {"
    assert "  --cc-primary: #00594f;" in css and "  --cc-link-rgb: 0, 80, 140;" in css
    assert all(DECLARATION.match(line) for line in declarations(css)), css


def test_an_older_version_leads_to_the_current_one_and_an_unknown_organisation_has_none(client, world):
    old = world.theme_a.stylesheet_url
    world.theme_a.primary_color = "#154273"
    world.theme_a.save()
    assert world.theme_a.stylesheet_url != old
    response = client.get(old)
    assert response.status_code == 302 and response["Location"] == world.theme_a.stylesheet_url
    assert "#154273" in client.get(world.theme_a.stylesheet_url).content.decode()
    assert client.get(reverse("organisations:theme_css", args=[world.org_b.slug, 1])).status_code == 404


HOSTILE = [
    "red;}body{background:url(https://evil.example/x)}",
    "#000000;}</style><script>alert(1)</script>",
    "#00000\n0",
    'expression(alert("x"))',
    "#1f5f3a;--cc-x:url(javascript:alert(1))",
    "red;}a{",  # as long as a colour column holds
    "</style",
]


def as_stored(field: str, value: str) -> str:
    """What a database edit can store: PostgreSQL holds at most the column's width, SQLite anything."""
    if connection.vendor == "sqlite":
        return value
    return value[: OrganisationTheme._meta.get_field(field).max_length]


@pytest.mark.parametrize("value", HOSTILE)
def test_stored_hostile_values_cannot_escape_the_stylesheet(client, world, value):
    # Written past every form (as a bad import or a database edit would): the stylesheet checks again.
    fields = ["primary_color", "link_color", "accent_color", "font_family"]
    OrganisationTheme.objects.unscoped().filter(pk=world.theme_a.pk).update(
        **{field: as_stored(field, value) for field in fields}
    )
    css = client.get(world.theme_a.stylesheet_url).content.decode()
    assert "evil" not in css and "<" not in css and "url(" not in css and "expression" not in css
    lines = declarations(css)
    assert all(DECLARATION.match(line) for line in lines), css
    stored = as_stored("primary_color", value)  # "#000000" is what PostgreSQL keeps of one: a colour after all
    expected = stored if re.fullmatch(r"#[0-9a-f]{6}", stored) else "#1f5f3a"  # else the default
    assert dict(line.strip().rstrip(";").split(": ", 1) for line in lines)["--cc-primary"] == expected


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_cannot_escape_the_preview_stylesheet(chef, value):
    url = reverse("organisations:theme_preview_css")
    response = chef.get(url, dict.fromkeys([*theme.COLOUR_FIELDS, "font_family"], value))
    css = response.content.decode()
    assert css.splitlines()[1] == ".theme-preview {"
    assert "evil" not in css and "<" not in css and "url(" not in css
    assert all(DECLARATION.match(line) for line in declarations(css)), css


def test_the_preview_stylesheet_shows_the_values_asked_for(chef):
    response = chef.get(reverse("organisations:theme_preview_css"), {**STATE, "link_color": "1D4F91"})
    css = response.content.decode()
    assert "  --cc-primary: #9e1b32;" in css and "  --cc-link: #1d4f91;" in css
    assert f"  --cc-font-family: {theme.FONT_STACKS['leesbaar'][1]};" in css
    assert response["Cache-Control"] == "private, max-age=3600"


def test_the_values_can_only_be_stored_checked():
    stored = OrganisationTheme(primary_color="red;}", font_family="x")
    with pytest.raises(ValidationError) as raised:
        stored.full_clean(exclude=["organisation"])
    assert set(raised.value.message_dict) >= {"primary_color", "font_family"}


# --- The page links the active organisation's theme -------------------------------------------------------


def test_the_base_page_links_the_active_organisations_stylesheet_and_logo(client, world):
    client.force_login(world.users["lezer"])
    html = client.get(reverse("procurement:my_trajectories")).content.decode()
    link = f'<link rel="stylesheet" href="{world.theme_a.stylesheet_url}">'
    assert link in html
    assert html.index("css/app.css") < html.index(link) < html.index("</head>")
    assert f'<img class="site-logo" src="{world.theme_a.logo_url}" alt="">' in html


def test_without_a_theme_or_an_organisation_the_default_look_stays(client, world):
    assert "/thema-" not in client.get("/").content.decode()  # anonymous
    client.force_login(world.users["outsider"])  # organisation B has no theme
    html = client.get(reverse("procurement:my_trajectories")).content.decode()
    assert "/thema-" not in html and "site-logo" not in html


def test_a_member_of_two_organisations_sees_the_theme_of_the_active_one(client, world):
    user = world.users["lezer"]
    Membership.objects.create(user=user, organisation=world.org_b, role=Role.LEZER)
    b_theme = OrganisationTheme.objects.create(organisation=world.org_b, **STATE)
    client.force_login(user)
    client.post(reverse("organisations:switch_organisation"), {"organisation": world.org_b.pk})
    html = client.get(reverse("procurement:my_trajectories")).content.decode()
    assert b_theme.stylesheet_url in html and world.theme_a.stylesheet_url not in html


def test_the_theme_costs_no_query_on_a_page(world):
    client = Client()
    client.force_login(world.users["lezer"])
    url = reverse("procurement:my_trajectories")
    client.get(url)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    with_theme = count()
    OrganisationTheme.objects.unscoped().filter(pk=world.theme_a.pk).delete()
    assert count() == with_theme


# --- The editor --------------------------------------------------------------------------------------------


def test_the_editor_shows_the_form_the_preview_and_every_pairs_ratio(chef, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = chef.get(EDIT)
    html = page(response)
    assert '<input type="color"' in html and "hidden" in html  # the picker, shown by app.js
    assert "data-theme-preview" in html and "Voorbeeld bekijken" in html
    assert "Kop- en knoptekst en primaire kleur" in html
    assert "8,26 : 1" in html  # white on #00594f
    assert f"{reverse('organisations:theme_preview_css')}?primary_color=%2300594f" in html


def test_the_chef_saves_a_theme_and_every_save_gives_a_new_version(chef, world):
    before = world.theme_a.version
    response = chef.post(EDIT, {**STATE, "link_color": "#1D4F91", "opslaan": ""})
    assert response.status_code == 302 and response["Location"] == EDIT
    saved = OrganisationTheme.objects.get(organisation=world.org_a)
    assert saved.values() == STATE
    assert saved.version == before + 1
    assert saved.history.first().history_user == world.users["chef"]
    chef.post(EDIT, {**STATE, "opslaan": ""})
    assert OrganisationTheme.objects.unscoped().get(pk=saved.pk).version == before + 2


def test_an_organisation_without_a_theme_starts_from_the_default(client, world):
    client.force_login(world.users["outsider"])  # chef circulair of B
    html = page(client.get(EDIT))
    assert 'value="#1f5f3a"' in html and "Standaardthema herstellen" not in html
    assert client.post(EDIT, {**STATE, "opslaan": ""}).status_code == 302
    assert OrganisationTheme.objects.get(organisation=world.org_b).values() == STATE


def test_a_pair_with_too_little_contrast_is_refused_beside_the_field_and_in_the_summary(chef, world):
    response = chef.post(EDIT, {**STATE, "link_color": "#999999", "opslaan": ""})
    assert response.status_code == 200
    html = page(response)
    message = "Contrast 2,75 : 1 tussen linkkleur en achtergrond; minimaal 4,5 : 1."
    summary = html[html.index('id="error-summary"') : html.index("</div>", html.index('id="error-summary"'))]
    assert f'<a href="#id_link_color">Linkkleur: {message}</a>' in summary
    field = html[html.index('for="id_link_color"') :]
    assert message in field[: field.index("</div>")]
    assert '<strong class="contrast-fails">Te weinig contrast</strong>' in html
    assert html.startswith("<!doctype html>") and "<title>Fout: Thema" in html
    assert OrganisationTheme.objects.unscoped().get(pk=world.theme_a.pk).version == world.theme_a.version


def test_focus_needs_three_to_one(chef):
    html = page(chef.post(EDIT, {**STATE, "focus_color": "#aaaaaa", "opslaan": ""}))
    assert "Contrast 2,24 : 1 tussen focuskleur en achtergrond; minimaal 3 : 1." in html


@pytest.mark.parametrize("typed", ["groen", "#12", "rgb(0,0,0)", ""])
def test_a_colour_that_is_no_hex_is_refused_in_dutch(chef, world, typed):
    html = page(chef.post(EDIT, {**STATE, "primary_color": typed, "opslaan": ""}))
    assert "Primaire kleur: Vul een kleur in als #rrggbb, bijvoorbeeld #1f5f3a." in html
    assert OrganisationTheme.objects.unscoped().get(pk=world.theme_a.pk).version == world.theme_a.version


def test_a_font_outside_the_list_is_refused(chef):
    html = page(chef.post(EDIT, {**STATE, "font_family": "Comic Sans MS", "opslaan": ""}))
    assert "Lettertype: " in html


def test_the_preview_shows_unsaved_values_and_saves_nothing(chef, world):
    response = chef.post(EDIT, {**STATE, "voorbeeld": ""})
    html = page(response)
    assert response.status_code == 200
    assert "het thema is nog niet opgeslagen" in html
    assert f"{reverse('organisations:theme_preview_css')}?primary_color=%239e1b32" in html
    assert "7,9 : 1" in html  # white on #9e1b32
    assert OrganisationTheme.objects.unscoped().get(pk=world.theme_a.pk).primary_color == "#00594f"


def test_the_preview_of_a_failing_pair_shows_it_failing_and_the_error(chef):
    html = page(chef.post(EDIT, {**STATE, "primary_text_color": "#b0b0b0", "voorbeeld": ""}))
    assert "primary_text_color=%23b0b0b0" in html
    assert "tussen kop- en knoptekst en primaire kleur; minimaal 4,5 : 1." in html
    assert "Te weinig contrast" in html


def test_the_chef_restores_the_default_theme(chef, world):
    response = chef.post(EDIT, {"standaard": ""})
    assert response.status_code == 302
    restored = OrganisationTheme.objects.unscoped().get(pk=world.theme_a.pk)
    assert restored.values() == theme.DEFAULTS and not restored.logo
    assert restored.version == world.theme_a.version + 1


# --- The logo -----------------------------------------------------------------------------------------------


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_png_logo_is_stored_written_again_and_served_as_png(chef, world, client):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    source = io.BytesIO()
    Image.new("RGBA", (1600, 400), (0, 89, 79, 255)).save(source, format="PNG", pnginfo=info)
    response = chef.post(EDIT, {**STATE, "logo": upload("logo.png", source.getvalue()), "opslaan": ""})
    assert response.status_code == 302
    saved = OrganisationTheme.objects.unscoped().get(pk=world.theme_a.pk)
    served = client.get(saved.logo_url)
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Cache-Control"] == "private, max-age=31536000, immutable"
    assert b"script" not in served.content  # written by Pillow: the uploaded metadata is gone
    assert Image.open(io.BytesIO(served.content)).size == (800, 200)  # fits the box


def test_a_jpeg_logo_becomes_a_png(chef, world, client):
    chef.post(EDIT, {**STATE, "logo": upload("logo.jpg", jpeg(), "image/jpeg"), "opslaan": ""})
    saved = OrganisationTheme.objects.unscoped().get(pk=world.theme_a.pk)
    assert saved.logo.name.endswith(".png")
    assert client.get(saved.logo_url).content.startswith(b"\x89PNG")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("logo.svg", SVG, "Een SVG kan niet: die kan scripts bevatten."),
        ("logo.png", SVG, "Een SVG kan niet"),  # a name says nothing
        ("logo.png", b"<html><script>alert(1)</script></html>", "We kijken naar de inhoud"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"niet echt", "Dit bestand is geen leesbare PNG- of JPEG-afbeelding."),
        ("logo.png", png((6000, 10)), "Het logo is te groot (6000 × 10 pixels)."),
        ("logo.png", b"", "is leeg"),
        (
            "logo.png",
            b"\x89PNG\r\n\x1a\n" + b"0" * theme.LOGO_MAX_BYTES,
            "Het bestand is te groot (1,1 MB). Het mag hoogstens 1 MB zijn.",
        ),
    ],
)
def test_a_hostile_or_unusable_logo_is_refused_in_dutch(chef, world, name, content, message):
    response = chef.post(EDIT, {**STATE, "logo": upload(name, content), "opslaan": ""})
    assert response.status_code == 200
    html = page(response)
    assert message in html and "Logo (optioneel): " in html
    assert OrganisationTheme.objects.unscoped().get(pk=world.theme_a.pk).version == world.theme_a.version


def test_an_organisation_without_a_logo_has_no_logo_url(client, world):
    OrganisationTheme.objects.unscoped().filter(pk=world.theme_a.pk).update(logo="")
    url = reverse("organisations:theme_logo", args=[world.org_a.slug, world.theme_a.version])
    assert client.get(url).status_code == 404


def test_an_imported_logo_is_checked_again(world):
    storage = theme.theme_storage()
    hostile = storage.save("thema/imported.png", ContentFile(b"<html><script>alert(1)</script></html>"))
    OrganisationTheme.objects.unscoped().filter(pk=world.theme_a.pk).update(logo=hostile)
    recheck_imported_logos([world.theme_a.pk])
    assert not OrganisationTheme.objects.unscoped().get(pk=world.theme_a.pk).logo
    assert not storage.exists(hostile)

    fine = storage.save("thema/imported.jpg", ContentFile(jpeg()))
    OrganisationTheme.objects.unscoped().filter(pk=world.theme_a.pk).update(logo=fine)
    recheck_imported_logos([world.theme_a.pk])
    logo = OrganisationTheme.objects.unscoped().get(pk=world.theme_a.pk).logo
    with logo.open("rb") as handle:
        assert logo.name.endswith(".png") and handle.read().startswith(b"\x89PNG")


def test_the_theme_and_its_logo_travel_in_a_backup_the_logo_checked_again(world, django_capture_on_commit_callbacks):
    with unscoped_access():
        document = backup.export_organisation(world.org_a, include_files=True)
    document = json.loads(json.dumps(document, cls=backup.ExactJSONEncoder))
    document["organisation"].update(slug="gemeente-gamma", name="Gemeente Gamma")
    document["models"]["chefcirculair.organisation"][0]["fields"].update(slug="gemeente-gamma", name="Gemeente Gamma")
    (logo,) = [entry for entry in document["files"] if entry["model"] == "chefcirculair.organisationtheme"]
    logo["content"] = base64.b64encode(jpeg()).decode()  # what an import brings is checked like an upload
    with django_capture_on_commit_callbacks(execute=True):
        backup.import_organisation(document, match_users_by_email=True)
    copy = OrganisationTheme.objects.unscoped().get(organisation__slug="gemeente-gamma")
    assert copy.values() == world.theme_a.values()
    with copy.logo.open("rb") as handle:
        assert handle.read().startswith(b"\x89PNG")


# --- Staff in the admin -------------------------------------------------------------------------------------


def test_staff_edit_a_theme_in_the_admin_with_the_same_contrast_rule(client, world, settings):
    settings.TWO_FACTOR_STAFF_REQUIRED = False
    client.force_login(world.users["staff"])
    url = reverse("admin:chefcirculair_organisationtheme_change", args=[world.theme_a.pk])
    assert client.get(url).status_code == 200
    data = {**STATE, "organisation": world.org_a.pk, "link_color": "#999999"}
    html = page(client.post(url, data))
    assert "Contrast 2,75 : 1 tussen linkkleur en achtergrond; minimaal 4,5 : 1." in html
    assert client.post(url, {**STATE, "organisation": world.org_a.pk}).status_code == 302
    assert OrganisationTheme.objects.unscoped().get(pk=world.theme_a.pk).values() == STATE


def test_the_editor_is_valid_html_also_with_errors_and_a_preview(chef):
    from tests import html_checker

    html_checker.java_or_skip()
    documents = {
        "editor": chef.get(EDIT).content.decode(),
        "refused": chef.post(EDIT, {**STATE, "link_color": "#999999", "opslaan": ""}).content.decode(),
        "preview": chef.post(EDIT, {**STATE, "voorbeeld": ""}).content.decode(),
    }
    assert html_checker.check(documents) == []
