"""The browser watcher catches Content-Security-Policy violations, so every browser test fails on one."""

from tests.browser.conftest import watch


def open_watched(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    return context, page, watch(page)


def test_an_injected_inline_script_is_blocked_and_reported(chromium, live_server):
    context, page, problems = open_watched(chromium, live_server)
    try:
        page.goto("/")
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.injected = true";
                document.body.appendChild(script);
            }"""
        )
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.injected === undefined"), "the inline script ran"
        assert any("Content Security Policy" in p for p in problems), problems
    finally:
        context.close()


def test_an_inline_style_attribute_is_blocked_and_reported(chromium, live_server):
    context, page, problems = open_watched(chromium, live_server)
    try:
        page.goto("/")
        page.evaluate("""() => { document.querySelector("h1").setAttribute("style", "color: red"); }""")
        page.wait_for_timeout(200)
        assert page.evaluate("() => getComputedStyle(document.querySelector('h1')).color") != "rgb(255, 0, 0)"
        assert any("Content Security Policy" in p for p in problems), problems
    finally:
        context.close()


def test_a_clean_page_reports_nothing(chromium, live_server):
    context, page, problems = open_watched(chromium, live_server)
    try:
        page.goto("/")
        page.wait_for_timeout(200)
        assert problems == []
    finally:
        context.close()
