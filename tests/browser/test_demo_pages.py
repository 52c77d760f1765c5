"""The demo's pages pass axe as its people see them: lines entered, answers given, reviews, KPIs measured.

The other browser tests scan pages in the states they build, most of them nearly empty. Here the
demo organisation (``manage.py load_demo``) is loaded and, for the main personas, every kind of
page reachable by links (tests/crawl.py) is opened in Chromium and scanned with axe-core, each in
its fullest state (of the demo's four trajectories, the one whose page has the most on it). The
inkoper works on a tablet-wide screen, where more tables scroll sideways; the chef on a desktop, in
Dutch and once more in English (the interface and the guidance in English, ``lang="en"``); and the
chef of the second demo organisation, in its own theme and in English.
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

TABLET, DESKTOP = {"width": 768, "height": 1024}, {"width": 1280, "height": 800}
# (user, screen, language, at least this many kinds of page): the crawl reaches the trajectories, the KPIs
# and (for a chef) the programme.
CRAWLS = {
    "inkoper nl": (f"inkoper@{DEMO_DOMAIN}", TABLET, "nl", 40),
    "chef nl": (f"chef@{DEMO_DOMAIN}", DESKTOP, "nl", 40),
    "chef en": (f"chef@{DEMO_DOMAIN}", DESKTOP, "en", 40),
    "chef of the second organisation, its theme, en": ("chef@voorbeeldland.nl", DESKTOP, "en", 25),
}


def pages_to_scan(username: str) -> list[str]:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    anonymous = Client()
    return [
        page.url
        for page in fullest_of_each_kind(crawl(client))
        if page.status == 200 and anonymous.get(page.url).status_code != 200
    ]


@pytest.mark.parametrize("crawl_id", CRAWLS)
def test_every_kind_of_demo_page_a_persona_reaches_passes_axe(page, crawl_id):
    username, screen, language, minimum = CRAWLS[crawl_id]
    page.set_viewport_size(screen)
    call_command("load_demo", stdout=StringIO())
    user = get_user_model().objects.get(username=username)
    Preference.objects.update_or_create(user=user, defaults={"language": language})
    urls = pages_to_scan(username)
    assert len(urls) > minimum, urls

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
        persona = username.split("@")[0]
        record_run(persona, pages=len(urls), violations=found, axe_version=page.evaluate("axe.version"))
    assert not failures, f"{len(failures)} of {len(urls)} pages fail axe:\n" + "\n".join(failures)
