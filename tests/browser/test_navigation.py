"""The header and its navigation in a browser, and every page at 320 CSS pixels wide.

On a desktop (1280 px) the header and the navigation each stand on one line; on a phone (375 px) a
"Menu" button opens the groups, with the keyboard too. The menus are <details> disclosures: they
work without JavaScript; app.js closes them (another opens, Escape, a click outside). axe finds
nothing with the menus open or closed; printing leaves out the navigation. And every kind of page
the demo's chef circulair and supplier reach, and the public pages, reflow at 320 CSS pixels
(WCAG 1.4.10): no sideways scrolling of the page, only inside a data table's own named region.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from organisations.demo import DEMO_DOMAIN, DEMO_PASSWORD
from suppliers.demo import SUPPLIER_EMAIL
from tests.crawl import crawl, fullest_of_each_kind

from .conftest import assert_accessible, follow, log_out, login, open_menu
from .test_public_pages import PUBLIC_PAGES

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 800}

# True when the visible elements matched stand side by side: each one's box overlaps every other's
# height (a wrapped one would start below the bottom of the first line).
ON_ONE_LINE = """selector => {
  const boxes = [...document.querySelectorAll(selector)]
    .filter(element => element.offsetParent !== null).map(element => element.getBoundingClientRect());
  return boxes.length > 1 && Math.max(...boxes.map(box => box.top)) < Math.min(...boxes.map(box => box.bottom));
}"""


def summary(page, name):
    return page.locator(".nav-group > summary", has_text=name)


def focused_is(page, selector: str) -> bool:
    return page.evaluate("selector => document.activeElement.matches(selector)", selector)


def test_on_a_desktop_the_header_and_the_navigation_each_fit_on_one_line(page, world):
    page.set_viewport_size(DESKTOP)
    login(page, "chef", world.password)
    page.goto("/trajecten/")
    assert page.evaluate(ON_ONE_LINE, ".page-header > *"), "the header wraps"
    tops = page.locator(".nav-groups > li").evaluate_all("items => items.map(item => item.offsetTop)")
    assert len(tops) == 3 and len(set(tops)) == 1, tops
    expect(page.locator(".nav-menu > summary")).to_be_hidden()  # no Menu button on a desktop
    # The current page's group is marked, and the page in it once it is open.
    expect(summary(page, "Mijn werk")).to_have_attribute("aria-current", "true")
    expect(summary(page, "Programma")).not_to_have_attribute("aria-current", "true")
    expect(page.get_by_role("link", name="Mijn trajecten", exact=True)).to_be_hidden()
    open_menu(page, "Mijn werk")
    expect(page.get_by_role("link", name="Mijn trajecten", exact=True)).to_have_attribute("aria-current", "page")
    follow(page.get_by_role("link", name="Ter beoordeling"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ter beoordeling")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_header_the_page_and_the_footer_share_one_column(page, world, viewport):
    """The site's name, the page's heading and the footer's text start at the same left edge."""
    page.set_viewport_size(viewport)
    login(page, "chef", world.password)
    page.goto("/trajecten/")
    lefts = [
        page.locator(selector).first.evaluate("element => Math.round(element.getBoundingClientRect().left)")
        for selector in (".site-name", "main h1", ".site-footer p")
    ]
    assert len(set(lefts)) == 1 and lefts[0] > 0, lefts


def test_on_a_phone_the_menu_button_opens_the_groups_with_the_keyboard(page, world):
    page.set_viewport_size(PHONE)
    login(page, "chef", world.password)
    page.goto("/trajecten/")
    menu = page.locator(".nav-menu > summary")
    expect(menu).to_be_visible()
    expect(summary(page, "Handreiking")).to_be_hidden()
    for _ in range(10):  # from the top of the page: skip link, site name, search, account menu, Menu
        page.keyboard.press("Tab")
        if focused_is(page, ".nav-menu > summary"):
            break
    assert focused_is(page, ".nav-menu > summary"), "the Menu button is not reached with Tab"
    page.keyboard.press("Enter")
    for name in ("Handreiking", "Mijn werk", "Programma"):
        expect(summary(page, name)).to_be_visible()
    tops = page.locator(".nav-groups > li").evaluate_all("items => items.map(item => item.offsetTop)")
    assert tops == sorted(tops) and len(set(tops)) == 3, f"the groups are not stacked: {tops}"

    page.keyboard.press("Tab")
    assert focused_is(page, ".nav-group > summary")
    page.keyboard.press("Space")
    expect(page.get_by_role("link", name="Inkoopproces", exact=True)).to_be_visible()
    page.keyboard.press("Tab")
    assert focused_is(page, ".nav-list a")
    # Escape closes the innermost menu and returns to its button; then the Menu itself.
    page.keyboard.press("Escape")
    expect(page.get_by_role("link", name="Inkoopproces", exact=True)).to_be_hidden()
    assert focused_is(page, ".nav-group > summary")
    page.keyboard.press("Escape")
    expect(summary(page, "Handreiking")).to_be_hidden()
    assert focused_is(page, ".nav-menu > summary")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_menus_work_without_javascript(new_page, world, viewport):
    page = new_page(java_script_enabled=False)
    page.set_viewport_size(viewport)
    login(page, "chef", world.password)
    if viewport == PHONE:
        page.locator(".nav-menu > summary").click()
    open_menu(page, "Programma")
    follow(page.get_by_role("link", name="Dashboard", exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dashboard")
    log_out(page)
    expect(page.get_by_role("link", name="Inloggen").first).to_be_visible()


def test_opening_a_menu_closes_the_others_and_escape_or_a_click_outside_closes_it(page, world):
    page.set_viewport_size(DESKTOP)
    login(page, "chef", world.password)
    open_menu(page, "Handreiking")
    open_menu(page, "Programma")
    expect(page.get_by_role("link", name="Inkoopproces", exact=True)).to_be_hidden()
    open_menu(page, "account")
    expect(page.get_by_role("link", name="Dashboard", exact=True)).to_be_hidden()
    page.get_by_role("heading", level=1).click()  # outside the menus
    expect(page.get_by_role("button", name="Uitloggen")).to_be_hidden()

    open_menu(page, "Mijn werk")
    page.get_by_role("link", name="Meldingen", exact=True).focus()
    page.keyboard.press("Escape")
    expect(page.get_by_role("link", name="Meldingen", exact=True)).to_be_hidden()
    assert focused_is(page, ".nav-group > summary")
    assert "Mijn werk" in page.evaluate("document.activeElement.textContent")


def test_axe_finds_nothing_with_the_menus_open_or_closed(new_page, world):
    page = new_page()
    page.set_viewport_size(DESKTOP)
    login(page, "chef", world.password)
    page.goto("/trajecten/")
    assert_accessible(page)
    for name in ("Handreiking", "Mijn werk", "Programma", "account"):
        open_menu(page, name)
        assert_accessible(page)

    page.set_viewport_size(PHONE)
    page.locator(".nav-menu > summary").click()
    open_menu(page, "Mijn werk")
    assert_accessible(page)

    visitor = new_page()
    visitor.set_viewport_size(PHONE)
    visitor.goto("/fasen/")
    visitor.locator(".nav-menu > summary").click()  # a visitor's Menu holds the guidance's links themselves
    expect(visitor.get_by_role("link", name="Inkoopproces", exact=True)).to_have_attribute("aria-current", "page")
    assert_accessible(visitor)


def test_printing_leaves_out_the_navigation_and_prints_where_an_external_link_goes(page, world):
    login(page, "chef", world.password)
    page.goto("/fasen/partnerschappen-ontwikkelen/")  # its tools link to other sites
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".header-search", ".account-menu", ".site-footer"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".site-name")).to_be_visible()
    external = page.locator("main a[href^='http']").first
    href = external.get_attribute("href")
    after = external.evaluate("link => getComputedStyle(link, '::after').content")
    assert after == f'" ({href})"', after
    page.emulate_media(media="screen")
    assert external.evaluate("link => getComputedStyle(link, '::after').content") in ("none", "normal")


# The page may be at most this wide at 320 CSS pixels (one pixel of rounding).
NARROWEST = 320
# Elements that scroll sideways, with what makes them a named, focusable region.
SIDEWAYS_SCROLLERS = """() => [...document.querySelectorAll('body *')].filter(element => {
  const overflow = getComputedStyle(element).overflowX;
  return (overflow === 'auto' || overflow === 'scroll') && element.scrollWidth > element.clientWidth + 1;
}).map(element => ({
  html: element.outerHTML.slice(0, 120),
  ok: element.getAttribute('tabindex') === '0' && element.getAttribute('role') === 'region'
    && !!(element.getAttribute('aria-label') || element.getAttribute('aria-labelledby')),
}))"""


def demo_pages(username: str, start_pages: list[str] | None = None) -> list[str]:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    pages = crawl(client, start_pages) if start_pages else crawl(client)
    return [page.url for page in fullest_of_each_kind(pages) if page.status == 200]


READERS = {
    # The chef circulair reaches every kind of page of the organisation (the programme, KPIs, the
    # dossier, criteria and the award calculator, the account's pages); the supplier their portal.
    "chef": (f"chef@{DEMO_DOMAIN}", None, 80),
    "supplier": (SUPPLIER_EMAIL, ["/leverancier/", "/meldingen/"], 8),
    "visitor": (None, None, len(PUBLIC_PAGES)),
}


@pytest.mark.parametrize("reader", READERS)
def test_every_kind_of_page_reflows_at_320_css_pixels(page, reader):
    username, start_pages, at_least = READERS[reader]
    if username:
        call_command("load_demo", stdout=StringIO())
        urls = demo_pages(username, start_pages)
        login(page, username, DEMO_PASSWORD)
    else:
        urls = PUBLIC_PAGES
    assert len(urls) >= at_least, urls
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    failures = []
    for url in urls:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROWEST + 1:
            failures.append(f"{url}: the page is {width} px wide")
        for scroller in page.evaluate(SIDEWAYS_SCROLLERS):
            if not scroller["ok"]:
                failures.append(f"{url}: scrolls sideways but is no named, focusable region: {scroller['html']}")
    assert not failures, f"{len(failures)} problems on {len(urls)} pages:\n" + "\n".join(failures)
