"""The demo's pages pass axe as its people see them: lines entered, answers given, reviews, KPIs measured.

The other browser tests scan pages in the states they build, most of them nearly empty. Here the
demo organisation (``manage.py load_demo``) is loaded and, for the main personas, every kind of
page reachable by links (tests/crawl.py) is opened in Chromium and scanned with axe-core, each in
its fullest state (of the demo's four trajectories, the one whose page has the most on it). The
inkoper works on a tablet-wide screen, where more tables scroll sideways; the chef on a desktop, in
Dutch and once more in English (the interface and the guidance in English, ``lang="en"``).
Public pages, the same for everyone, are left to test_public_pages.py. All violations are
collected, so one run names every page that fails. ``make accessibility-audit`` runs it to record
the figures that every accessibility statement shows (organisations/accessibility_audit.json).
"""

import os
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from accounts.models import Preference
from organisations.accessibility import record_run
from organisations.demo import DEMO_DOMAIN, DEMO_PASSWORD
from tests.crawl import crawl, fullest_of_each_kind

from .conftest import axe_scan, login

MAIN_PERSONAS = {"inkoper": {"width": 768, "height": 1024}, "chef": {"width": 1280, "height": 800}}


def pages_to_scan(username: str) -> list[str]:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    anonymous = Client()
    return [
        page.url
        for page in fullest_of_each_kind(crawl(client))
        if page.status == 200 and anonymous.get(page.url).status_code != 200
    ]


@pytest.mark.parametrize(("persona", "language"), [("inkoper", "nl"), ("chef", "nl"), ("chef", "en")])
def test_every_kind_of_demo_page_a_persona_reaches_passes_axe(page, persona, language):
    page.set_viewport_size(MAIN_PERSONAS[persona])
    call_command("load_demo", stdout=StringIO())
    username = f"{persona}@{DEMO_DOMAIN}"
    user = get_user_model().objects.get(username=username)
    Preference.objects.update_or_create(user=user, defaults={"language": language})
    urls = pages_to_scan(username)
    assert len(urls) > 40, urls  # the crawl reaches the trajectories, the KPIs and (for the chef) the programme

    login(page, username, DEMO_PASSWORD)
    assert page.locator("html").get_attribute("lang") == language
    failures, found = [], 0
    for url in urls:
        page.goto(url)
        count, report = axe_scan(page)
        found += count
        if count:
            failures.append(report)
    # `make accessibility-audit`: the statement's figures (of the Dutch pages)
    if os.environ.get("RECORD_ACCESSIBILITY_AUDIT") and language == "nl":
        record_run(persona, pages=len(urls), violations=found, axe_version=page.evaluate("axe.version"))
    assert not failures, f"{len(failures)} of {len(urls)} pages fail axe:\n" + "\n".join(failures)
