"""Access rows of an organisation's theme: its stylesheet and logo (public) and the chef's editor.

Organisation A has a theme with a logo; the editor is about the active organisation, so the
outsider (chef circulair of B) edits B's.
"""

import io

from django.core.files.base import ContentFile
from PIL import Image

from organisations.models import OrganisationTheme
from organisations.theme import DEFAULTS

from .rows_organisations_programme import own_org
from .table import Row, managers, public


def png(size=(40, 20), colour=(0, 89, 79)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, format="PNG")
    return output.getvalue()


def build(world) -> None:
    theme = OrganisationTheme(organisation=world.org_a, primary_color="#00594f", link_color="#00508c")
    theme.logo.save("logo.png", ContentFile(png()), save=False)
    theme.save()


def load(world) -> None:
    world.theme_a = OrganisationTheme.objects.get(organisation=world.org_a)


def _theme_data(world) -> dict:
    return {**DEFAULTS, "primary_color": "#154273", "opslaan": ""}


def _published(world) -> dict:
    return {"slug": world.org_a.slug, "version": world.theme_a.version}


ROWS = [
    Row("organisations:theme_css", public(), kwargs=_published),
    Row("organisations:theme_logo", public(), kwargs=_published),
    Row("organisations:theme_edit", own_org(managers())),
    Row("organisations:theme_edit", own_org(managers(302)), method="POST", data=_theme_data),
    Row(
        "organisations:theme_edit",
        own_org(managers()),
        method="POST",
        data=lambda w: {**_theme_data(w), "voorbeeld": ""},
        note="preview: the page again, nothing saved",
    ),
    Row("organisations:theme_preview_css", own_org(managers())),
]
