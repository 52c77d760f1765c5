"""Crawl the pages a logged-in person reaches by following links, as the demo shows them.

The access table asks every URL once, in the session world's mostly empty state. The demo
(``manage.py load_demo``) has what a person really sees: lines entered, answers filled in, reviews,
KPIs with measurements. A crawl from the start pages follows every link on the site (GET only,
never the admin, the API or a download) and keeps a few pages of each kind: the same view with
the same words in its URL (a phase, an export format) and the same query parameters is a kind,
whichever object (id, slug) it shows.
"""

from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

START_PAGES = ["/", "/trajecten/", "/dashboard/", "/programma/", "/kpis/"]
SKIPPED_PREFIXES = (f"/{settings.ADMIN_URL}", "/api/", "/static/", "/media/")
DOWNLOADS = (".pdf", ".csv", ".xlsx", ".json", ".txt", ".zip", ".svg", ".xml")
OBJECT_ARGUMENTS = {"slug", "token", "name"}  # name an object, like an id: not a kind of page
IGNORED_PARAMETERS = {"next"}


class LinkFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href and not href.startswith(("mailto:", "tel:", "#", "javascript:")):
                self.links.append(href)


@dataclass
class Page:
    url: str
    view_name: str
    status: int
    html: str


def kind_of(path: str) -> tuple | None:
    """One key per kind of page: the view, its URL arguments that are not ids, and the query's names."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    if parts.path.lower().endswith(DOWNLOADS):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    words = tuple(sorted((k, v) for k, v in match.kwargs.items() if isinstance(v, str) and k not in OBJECT_ARGUMENTS))
    query = tuple(sorted({item.split("=", 1)[0] for item in parts.query.split("&") if item} - IGNORED_PARAMETERS))
    return (match.view_name, words, query)


def crawl(client, start_pages=START_PAGES, per_kind: int = 4, limit: int = 1000) -> list[Page]:
    """Up to ``per_kind`` HTML pages of each kind reachable from ``start_pages`` with ``client``, breadth first.

    The demo has four trajectories in four states: four of a kind see each of them.
    """
    pages: list[Page] = []
    seen_urls: set[str] = set()
    kinds: Counter = Counter()
    queue = list(start_pages)
    while queue and len(pages) < limit:
        url = queue.pop(0)
        kind = kind_of(url)
        if kind is None or url in seen_urls or kinds[kind] >= per_kind:
            continue
        seen_urls.add(url)
        kinds[kind] += 1
        response = client.get(url)
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        pages.append(Page(url=url, view_name=kind[0], status=response.status_code, html=html))
        if response.status_code == 200:
            finder = LinkFinder()
            finder.feed(html)
            queue.extend(urljoin(url, link).split("#", 1)[0] for link in finder.links)
    return pages


def fullest_of_each_kind(pages: list[Page]) -> list[Page]:
    """Of each kind, the page with the most markup: the object in the fullest state (most lines, answers, reviews)."""
    fullest: dict[tuple, Page] = {}
    for page in pages:
        kind = kind_of(page.url)
        if kind not in fullest or len(page.html) > len(fullest[kind].html):
            fullest[kind] = page
    return list(fullest.values())
