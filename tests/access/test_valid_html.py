"""Every page is valid HTML: the W3C Nu Html Checker finds no error, in one run over all of them.

The pages are every GET page of the access table, fetched as it asks for them (each persona it
asks, htmx rows with the HX-Request header), and the pages the demo organisation's inkoper, chef
circulair and reader reach by links (tests/crawl.py: a few of each kind), with lines entered,
answers given, reviews and KPIs measured. Error pages (403, 404) are pages too, checked once per
row and status; redirects have no page, and downloads (PDF, CSV, XLSX, JSON) are not HTML. All
are written to files and checked in one run of the checker (one JVM start).
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from organisations.demo import DEMO_DOMAIN
from tests import html_checker
from tests.crawl import crawl

from .test_access_table import ROWS, personas_to_ask

pytestmark = pytest.mark.django_db


def access_table_pages(world) -> dict[str, str]:
    clients: dict[str, Client] = {}

    def client_of(persona: str) -> Client:
        if persona not in clients:
            clients[persona] = Client()
            if persona != "anonymous":
                clients[persona].force_login(world.users[persona])
        return clients[persona]

    documents: dict[str, str] = {}
    for row in ROWS:
        if row.method != "GET":
            continue
        url = reverse(row.name, kwargs=row.kwargs(world))
        headers = {"HX-Request": "true"} if row.htmx else {}
        error_pages_seen = set()
        for persona in personas_to_ask(row):
            expected = row.expect[persona]
            if expected in (301, 302) or expected in error_pages_seen:
                continue
            if expected >= 400:
                error_pages_seen.add(expected)
            response = client_of(persona).get(url, headers=headers)
            if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
                continue
            label = f"{row.id} as {persona} ({response.status_code}, {url})"
            documents[label] = html_checker.as_document(response.content.decode())
    return documents


# An editor, the manager and a reader: the others see what one of them sees.
DEMO_PERSONAS = ["inkoper", "chef", "lezer"]


def demo_pages() -> dict[str, str]:
    call_command("load_demo", stdout=StringIO())
    documents: dict[str, str] = {}
    for persona in DEMO_PERSONAS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=f"{persona}@{DEMO_DOMAIN}"))
        for page in crawl(client):
            documents[f"demo as {persona} ({page.status}, {page.url})"] = page.html
    return documents


def test_every_page_is_valid_html(world):
    html_checker.java_or_skip()
    access_table = access_table_pages(world)
    demo = demo_pages()
    assert len(access_table) > 500 and len(demo) > 400, "the access table and the demo yield their pages"
    documents = access_table | demo
    problems = html_checker.check(documents)
    pages = len({problem.document for problem in problems})
    summary = f"{len(problems)} errors on {pages} of {len(documents)} pages:\n"
    assert not problems, summary + "\n".join(map(str, problems))
