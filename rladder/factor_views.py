"""Impact factors: the public "Bronnen en methode" page and an organisation's own factors."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from organisations.access import require_manager, require_membership

from .forms import OrganisationImpactFactorForm
from .models import ImpactFactor, OrganisationImpactFactor

VALUE_FIELDS = OrganisationImpactFactorForm.Meta.fields


def grouped(factors) -> list[tuple[str, list]]:
    """(category, factors) pairs, in the factors' order (already sorted by category)."""
    return [(category, list(items)) for category, items in groupby(factors, key=lambda f: f.category_nl)]


@require_GET
def sources(request: HttpRequest) -> HttpResponse:
    """Public: every shared factor with its source and licence, and the method in plain Dutch."""
    factors = ImpactFactor.objects.order_by("category_nl", "item_nl")
    return render(request, "rladder/sources.html", {"groups": grouped(factors)})


@login_required
@require_GET
def factor_list(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    organisation = membership.organisation
    own = list(
        OrganisationImpactFactor.objects.for_organisation(organisation)
        .select_related("overrides")
        .order_by("category_nl", "item_nl")
    )
    overridden = {f.overrides_id for f in own if f.overrides_id}
    shared = [f for f in ImpactFactor.objects.order_by("category_nl", "item_nl") if f.pk not in overridden]
    return render(
        request,
        "rladder/factor_list.html",
        {"own": own, "shared_groups": grouped(shared), "can_edit": membership.can_manage_organisation},
    )


def _initial_from(factor: ImpactFactor) -> dict:
    return {name: getattr(factor, name) for name in VALUE_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def factor_create(request: HttpRequest) -> HttpResponse:
    """A new own factor; ``?vervangt=<key>`` starts an override of that shared factor."""
    membership = require_manager(request)
    organisation = membership.organisation
    base = None
    if key := request.GET.get("vervangt"):
        base = get_object_or_404(ImpactFactor, key=key[:100])
        existing = OrganisationImpactFactor.objects.filter(organisation=organisation, overrides=base).first()
        if existing:
            return redirect("rladder:factor_edit", pk=existing.pk)
    factor = OrganisationImpactFactor(organisation=organisation, overrides=base)
    form = OrganisationImpactFactorForm(
        request.POST if request.method == "POST" else None,
        instance=factor,
        initial=_initial_from(base) if base else None,
    )
    if request.method == "POST" and form.is_valid():
        factor = form.save()
        messages.success(request, _("De factor ‘%(name)s’ is opgeslagen.") % {"name": factor.item_nl})
        return redirect("rladder:factor_list")
    return render(request, "rladder/factor_form.html", {"form": form, "base": base, "factor": None})


def _own_factor(request: HttpRequest, pk: int):
    membership = require_manager(request)
    factor = get_object_or_404(
        OrganisationImpactFactor.objects.select_related("overrides"), organisation=membership.organisation, pk=pk
    )
    return membership, factor


@login_required
@require_http_methods(["GET", "POST"])
def factor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _membership, factor = _own_factor(request, pk)
    form = OrganisationImpactFactorForm(request.POST if request.method == "POST" else None, instance=factor)
    if request.method == "POST" and form.is_valid():
        factor = form.save()
        messages.success(request, _("De factor ‘%(name)s’ is opgeslagen.") % {"name": factor.item_nl})
        return redirect("rladder:factor_list")
    return render(request, "rladder/factor_form.html", {"form": form, "base": factor.overrides, "factor": factor})


@login_required
@require_http_methods(["GET", "POST"])
def factor_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _membership, factor = _own_factor(request, pk)
    if request.method == "POST" and request.POST.get("bevestig") == "ja":
        name = factor.item_nl
        factor.delete()
        messages.success(request, _("De factor ‘%(name)s’ is verwijderd.") % {"name": name})
        return redirect("rladder:factor_list")
    return render(request, "rladder/factor_delete.html", {"factor": factor})
