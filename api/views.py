"""The web pages of the API: the chef circulair's token pages and the Dutch API reference."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organisations.access import require_manager

from . import reference
from .forms import TokenForm
from .models import ApiToken

RECENT_REQUESTS = 50


@login_required
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    membership = require_manager(request)
    tokens = ApiToken.objects.filter(organisation=membership.organisation).select_related("created_by", "revoked_by")
    return render(request, "api/token_list.html", {"tokens": tokens})


@login_required
@require_http_methods(["GET", "POST"])
def token_create(request: HttpRequest) -> HttpResponse:
    membership = require_manager(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, secret = ApiToken.issue(
            organisation=membership.organisation,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.expires_at(),
            created_by=request.user,
        )
        # The secret is shown on this response only: never stored, never in a URL or a message.
        response = render(request, "api/token_created.html", {"token": token, "secret": secret})
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "api/token_form.html", {"form": form})


@login_required
@require_GET
def token_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = require_manager(request)
    token = get_object_or_404(
        ApiToken.objects.select_related("created_by", "revoked_by"), organisation=membership.organisation, pk=pk
    )
    recent = token.requests.all()[:RECENT_REQUESTS]
    return render(request, "api/token_detail.html", {"token": token, "recent": recent, "limit": RECENT_REQUESTS})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    membership = require_manager(request)
    token = get_object_or_404(ApiToken, organisation=membership.organisation, pk=pk)
    if token.is_revoked:
        messages.info(request, _("Sleutel “%(name)s” was al ingetrokken.") % {"name": token.name})
    else:
        token.revoke(request.user)
        messages.success(request, _("Sleutel “%(name)s” is ingetrokken: hij werkt niet meer.") % {"name": token.name})
    return redirect("api:tokens")


@require_GET
def reference_page(request: HttpRequest) -> HttpResponse:
    """The API reference in the reader's language, rendered on the server from the OpenAPI schema (no script)."""
    return render(request, "api/reference.html", reference.context(request))


@require_GET
def openapi_schema(request: HttpRequest) -> JsonResponse:
    """The OpenAPI 3 document at a stable address, without a token (it holds no data)."""
    return JsonResponse(reference.schema(), json_dumps_params={"ensure_ascii": False})
