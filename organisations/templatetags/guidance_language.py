"""The notice under a page whose guidance is partly shown in Dutch for want of its English."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from lib.translated import fell_back

register = template.Library()


@register.simple_tag
def dutch_fallback_notice() -> str:
    """Rendered after the page's content, so it knows whether any text of it fell back to Dutch."""
    if not fell_back():
        return ""
    return format_html(
        '<p class="alert alert-info mt-4 mb-0" role="note">{}</p>',
        gettext(
            "Een deel van de handreiking op deze pagina is nog niet in het Engels vertaald. "
            "Dat deel staat er in het Nederlands."
        ),
    )
