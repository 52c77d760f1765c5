"""Where the current page sits in the site navigation (templates/includes/nav_items.html)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_state(context, url: str) -> str:
    """The ``aria-current`` of a menu link to ``url``: "page" on that page, "true" below it, "" elsewhere.

    A page is below a link when its path starts with the link's: ``/trajecten/12/`` is in *Mijn
    trajecten* (``/trajecten/``), as GOV.UK's service navigation marks the section of a page. The
    start page (``/``) is only itself.
    """
    request = context.get("request")
    if request is None or not url:
        return ""
    if request.path == url:
        return "page"
    if url != "/" and request.path.startswith(url):
        return "true"
    return ""
