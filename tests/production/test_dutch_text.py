"""Every text the user sees is Dutch: no English from Django, crispy or the app leaks through.

Each GET page of the access table is rendered for a persona that may see it,
and each form is posted empty (where that is cheap) so its validation
messages show too. The visible text (and the attributes a user sees or hears:
title, aria-label, placeholder, alt, and the value of buttons) must not
contain common English interface words.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.access.test_access_table import ROWS
from tests.access.world import PERSONAS

pytestmark = pytest.mark.django_db

ENGLISH_WORDS = [
    "Select an option",
    "This field is required",
    "Enter a valid",
    "Enter a whole number",
    "Enter a number",
    "Ensure this value",
    "Select a valid choice",
    "Log out",  # not "Log in": that is Dutch too ("Log in om …")
    "Submit",
    "Save",
    "Cancel",
    "Delete",
    "Search",
    "Password",
    "Username",
    "Next",
    "Previous",
    "Page",
    "January",
    "February",
    "March",
    "Monday",
    "Tuesday",
    "Sunday",
    "Yes",
    "No",
    "None",
    "Unknown",
    "required",
    "Required",
    "Clear",
    "Currently",
    "Change",
    "Close",
    "Error",
    "Warning",
    "Home",
    "Loading",
    "Show",
    "Hide",
]
# Whole words, case-sensitive ("No" and "Page" are English; Dutch has neither as a word).
ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH_WORDS) + r")(?![\w-])")

VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}
BUTTON_INPUTS = {"submit", "button", "reset"}


class VisibleText(HTMLParser):
    """Text nodes outside <script>/<style>, plus the attributes a user sees or hears."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        attributes = dict(attrs)
        for name in VISIBLE_ATTRIBUTES & attributes.keys():
            self.parts.append(attributes[name] or "")
        if tag == "input" and (attributes.get("type") or "").lower() in BUTTON_INPUTS:
            self.parts.append(attributes.get("value") or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_in(html: str) -> list[str]:
    text = visible_text(html)
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in ENGLISH.finditer(text)]


def _persona(row) -> str | None:
    """A persona that gets the page: the chef circulair where possible (sees the most forms)."""
    order = ["chef", *(p for p in PERSONAS if p != "chef")]
    return next((p for p in order if row.expect.get(p) == 200), None)


def page_rows():
    for row in ROWS:
        # PDFs are checked through the HTML handed to WeasyPrint (below); rendering them here adds nothing.
        if row.method != "GET" or row.name.endswith("_pdf"):
            continue
        persona = _persona(row)
        if persona is not None:
            yield pytest.param(row, persona, id=f"{row.id} as {persona}")


def _get(client, world, row, persona):
    client.logout()
    if persona != "anonymous":
        client.force_login(world.users[persona])
    headers = {"HX-Request": "true"} if row.htmx else {}
    return client.get(reverse(row.name, kwargs=row.kwargs(world)), headers=headers)


@pytest.mark.parametrize(("row", "persona"), list(page_rows()))
def test_page_shows_no_english(row, persona, client, world):
    response = _get(client, world, row, persona)
    assert response.status_code == 200
    if "html" not in response.get("Content-Type", ""):
        return
    assert english_in(response.content.decode()) == []


def form_rows():
    """Pages that show a form (a GET row) whose POST is allowed for the same persona."""
    posts = {row.name: row for row in ROWS if row.method == "POST" and not row.htmx}
    for row in ROWS:
        if row.method != "GET" or row.htmx or row.name not in posts:
            continue
        persona = _persona(row)
        if persona is not None and posts[row.name].expect.get(persona) not in {403, 404, 405}:
            yield pytest.param(row, persona, id=f"{row.name} as {persona}")


@pytest.mark.parametrize(("row", "persona"), list(form_rows()))
def test_invalid_form_shows_no_english(row, persona, client, world):
    """Posting the form with nonsense in every field shows Dutch validation messages only."""
    response = _get(client, world, row, persona)
    names = set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', response.content.decode()))
    data = {name: "x" * 3 for name in names if name not in {"csrfmiddlewaretoken"}}
    for name in names:
        if "email" in name:
            data[name] = "geen-adres"
    url = reverse(row.name, kwargs=row.kwargs(world))
    response = client.post(url, data)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return
    assert english_in(response.content.decode()) == []
    response = client.post(url, {})
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        assert english_in(response.content.decode()) == []


def test_blank_choice_of_a_select_is_dutch(client, world):
    """Django's own blank choice ("- Select an option -") is the project's Dutch one."""
    client.force_login(world.users["chef"])
    html = client.get(reverse("procurement:trajectory_create")).content.decode()
    assert '<option value="" selected>— Kies een optie —</option>' in html


def test_error_pages_and_login_errors_show_no_english(client, world):
    pages = [client.get("/bestaat-niet/")]
    pages.append(client.post(reverse("login"), {"username": "inkoper", "password": "fout"}))
    pages.append(client.post(reverse("password_reset"), {"email": "geen-adres"}))
    client.force_login(world.users["lezer"])
    pages.append(client.get(reverse("kpis:kpi_create")))  # 403 for a lezer
    assert [p.status_code for p in pages] == [404, 200, 200, 403]
    for page in pages:
        assert english_in(page.content.decode()) == []


# --- One form of address: "je" (as the guidance does), never "u" ---

FORMAL = re.compile(r"(?<![\w+&;-])(u|uw|uzelf|U|Uw)(?![\w+-])")
APP_DIRS = [
    "chefcirculair",
    "lib",
    "organisations",
    "accounts",
    "rladder",
    "procurement",
    "kpis",
    "suppliers",
    "learning",
    "api",
]


def _ui_strings():
    """Every translatable string of the apps (Python and templates), with where it is."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    python_string = re.compile(r'_\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', re.DOTALL)
    template_string = re.compile(
        r"{%\s*(?:translate|trans)\s+\"([^\"]*)\"|{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate", re.DOTALL
    )
    for app in APP_DIRS:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for match in python_string.finditer(path.read_text()):
                yield f"{path.relative_to(root)}", "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1)))
    for path in (root / "templates").rglob("*"):
        if path.suffix in {".html", ".txt"}:
            for match in template_string.finditer(path.read_text()):
                yield f"{path.relative_to(root)}", match.group(1) or match.group(2)


def test_the_interface_says_je_not_u():
    formal = [f"{where}: {text}" for where, text in _ui_strings() if FORMAL.search(text)]
    assert formal == []


def test_the_address_check_finds_u():
    assert FORMAL.search("Verplicht als u wijzigingen vraagt")
    assert FORMAL.search("Uw beslissing")
    assert not FORMAL.search("Je kunt het lezen; jouw beslissing, [U+1F600]")


def test_dossier_pdf_html_and_review_emails_show_no_english(world, mailoutbox, django_capture_on_commit_callbacks):
    from procurement import notifications
    from procurement.dossier import render_pdf_html
    from procurement.models import PhaseRecord, ReviewEvent, Trajectory

    trajectory = Trajectory.objects.for_organisation(world.org_a).get(pk=world.review_trajectory_a.pk)
    assert english_in(render_pdf_html(trajectory)) == []
    record = PhaseRecord.objects.select_related("phase", "trajectory").get(
        trajectory=trajectory, phase__slug="startoverleg"
    )
    event = ReviewEvent.objects.create(
        phase_record=record, kind=ReviewEvent.Kind.CHANGES_REQUESTED, actor=world.users["chef"], comment="Graag meer."
    )
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_phase_offered(record, world.users["inkoper"])
        notifications.notify_decision(record, world.users["chef"], event)
    assert mailoutbox
    for message in mailoutbox:
        (alternative,) = message.alternatives
        assert english_in(alternative.content) == []
        assert ENGLISH.findall(message.body) == []
        assert ENGLISH.findall(message.subject) == []
