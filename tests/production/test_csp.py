"""A strict Content-Security-Policy on every page type, and markup that needs nothing looser.

Generic over the access table: every GET row is fetched as the first persona
that gets a 200, so pages that land later are covered without a new test.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.access.test_access_table import ROWS
from tests.access.world import PERSONAS

pytestmark = pytest.mark.django_db


def page_rows():
    for row in ROWS:
        if row.method != "GET":
            continue
        persona = next((p for p in PERSONAS if row.expect.get(p) == 200), None)
        if persona is not None:
            yield pytest.param(row, persona, id=f"{row.id} as {persona}")


class InlineCodeFinder(HTMLParser):
    """Collects script/style tags without the nonce, style attributes and on* handlers."""

    def __init__(self, nonce: str):
        super().__init__()
        self.nonce = nonce
        self.problems: list[str] = []
        self.tags = 0

    def handle_starttag(self, tag, attrs):
        self.tags += 1
        attributes = dict(attrs)
        if tag in {"script", "style"} and attributes.get("nonce") != self.nonce:
            self.problems.append(f"<{tag}> without the request's nonce: {attrs}")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"inline style attribute on <{tag}>: {value!r}")
            if name.startswith("on"):
                self.problems.append(f"inline event handler {name} on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in {name} of <{tag}>")
            if name == "hx-on" or name.startswith(("hx-on:", "hx-on-", "data-hx-on")):
                self.problems.append(f"{name} on <{tag}> needs eval, which the policy forbids")

    handle_startendtag = handle_starttag


def directives(header: str) -> dict[str, list[str]]:
    result = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            result[words[0]] = words[1:]
    return result


@pytest.mark.parametrize(("row", "persona"), list(page_rows()))
def test_every_page_has_the_strict_policy_and_no_inline_code(row, persona, client, world):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    headers = {"HX-Request": "true"} if row.htmx else {}
    response = client.get(reverse(row.name, kwargs=row.kwargs(world)), headers=headers)
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    policy = directives(header)
    is_html = response["Content-Type"].startswith("text/html")
    for directive in ("script-src", "style-src"):
        sources = policy[directive]
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, header
        # Django adds the nonce when the page used it; every full HTML page does (base.html).
        # An htmx fragment without a script or style needs none (a tag without it is caught below).
        assert not is_html or row.htmx or any(s.startswith("'nonce-") for s in sources), header
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header and "*" not in header.split()
    if not is_html:
        return
    nonce = next((s for s in policy["script-src"] if s.startswith("'nonce-")), "'nonce-'")[len("'nonce-") : -1] or None
    finder = InlineCodeFinder(nonce)
    finder.feed(response.content.decode())
    assert finder.tags > 0 or (row.htmx and not response.content.strip())  # e.g. an htmx client refresh
    assert finder.problems == [], "\n".join(finder.problems)


def test_the_nonce_differs_per_response(client):
    first = client.get(reverse("procurement:start"))["Content-Security-Policy"]
    second = client.get(reverse("procurement:start"))["Content-Security-Policy"]
    assert first != second
