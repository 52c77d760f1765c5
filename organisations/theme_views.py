"""The organisation's theme: its stylesheet and logo (public, kept by the browser for a year), and the chef's editor.

The stylesheet holds only the design tokens (organisations/theme.py), each value checked
again as it is written out; base.html links it after app.css for the active organisation.
Its URL carries the theme's version, which every save changes, so a browser may keep each
version for a year: an older version's URL is redirected to the current one.

The editor shows a preview of the values typed, before they are saved: "Voorbeeld bekijken"
sends the form and the page comes back with the preview in those colours (through a
stylesheet of its own, ``theme_preview_css``: the CSP allows no inline style), with the
contrast of every pair; static/js/app.js updates the preview and the ratios while typing.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import theme
from .access import require_manager
from .forms import OrganisationThemeForm
from .models import OrganisationTheme

A_YEAR = 365 * 24 * 60 * 60
# Kept by the browser only ("private"): a signed-in user's request may refresh the session cookie
# (accounts.security.SessionIdleTimeoutMiddleware), and a response with a Set-Cookie is no shared cache's.
LONG_CACHE = f"private, max-age={A_YEAR}, immutable"


def _published(slug: str) -> OrganisationTheme:
    # Public on purpose: an organisation's colours and logo are its public face (as its accessibility
    # statement is).
    found = OrganisationTheme.objects.unscoped().select_related("organisation").filter(organisation__slug=slug).first()
    if found is None:
        raise Http404("Geen thema")
    return found


def _stylesheet(selector: str, tokens: list[tuple[str, str]]) -> HttpResponse:
    css = render_to_string("organisations/theme.css", {"selector": selector, "tokens": tokens})
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@require_GET
def theme_css(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    """The organisation's design tokens as a stylesheet, kept for a year (its URL changes with every save)."""
    found = _published(slug)
    if version != found.version:
        return redirect(found.stylesheet_url)
    response = _stylesheet(":root", found.tokens())
    response["Cache-Control"] = LONG_CACHE
    return response


@require_GET
def theme_logo(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    """The organisation's logo: always a PNG the app wrote itself (organisations/theme.py ``checked_logo``)."""
    found = _published(slug)
    if not found.logo:
        raise Http404("Geen logo")
    if version != found.version:
        return redirect(found.logo_url)
    try:
        with found.logo.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        raise Http404("Logo niet gevonden") from None
    response = HttpResponse(content, content_type="image/png")
    response["Content-Disposition"] = 'inline; filename="logo.png"'
    response["Cache-Control"] = LONG_CACHE
    return response


@login_required
@require_GET
def theme_preview_css(request: HttpRequest) -> HttpResponse:
    """The tokens of the values in the query string, for the editor's preview panel only (``.theme-preview``).

    A value that is not a colour (or a font of the list) is left at the default: nothing of the
    query string but a checked "#rrggbb" or a fixed font stack reaches the stylesheet.
    """
    require_manager(request)
    values = {name: theme.normalise_colour(request.GET.get(name, "")) for name in theme.COLOUR_FIELDS}
    values["font_family"] = request.GET.get("font_family", "")
    response = _stylesheet(".theme-preview", theme.tokens(values))
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest) -> HttpResponse:
    """The chef circulair sets the organisation's colours, font and logo, previewed with the contrast of each pair."""
    membership = require_manager(request)
    organisation = membership.organisation
    current = OrganisationTheme.objects.filter(organisation=organisation).first()
    instance = current or OrganisationTheme(organisation=organisation)
    if request.method == "POST" and "standaard" in request.POST:
        if current is not None:
            for name, value in theme.DEFAULTS.items():
                setattr(current, name, value)
            current.logo = ""
            current.save()
        messages.success(request, _("Het standaardthema is hersteld."))
        return redirect("organisations:theme_edit")
    previewing = request.method == "POST" and "voorbeeld" in request.POST
    form = OrganisationThemeForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid() and not previewing:
        form.save()
        messages.success(request, _("Het thema is opgeslagen. Iedereen in je organisatie ziet het nu."))
        return redirect("organisations:theme_edit")
    values = form.preview_values()
    return render(
        request,
        "organisations/theme_edit.html",
        {
            "organisation": organisation,
            "form": form,
            "theme": current,
            "previewing": previewing,
            "preview_query": urlencode(values),
            "pairs": theme.contrast_report(values),
            "logo_url": current.logo_url if current else "",
        },
    )
