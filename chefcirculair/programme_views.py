"""The chef circulair's own workspace in the core app: Menu self-scan and product categories.

Members of the organisation read; only the chef circulair changes (``require_manager``).
"""

from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.decorators import login_required
from django.db import router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .access import require_manager, require_membership
from .charts import bar_chart_svg
from .forms import EvidenceFormSet, MenuScanItemForm, ProductCategoryForm
from .models import DEFAULT_CATEGORIES, MenuIngredient, MenuScanItem, ProductCategory


def menu_summary_chart(summary: dict, chart_id: str = "menu-samenvatting"):
    return bar_chart_svg(
        chart_id,
        _("Stand van de Menu-zelfscan"),
        _("%(ok)s van de %(total)s basisingrediënten zijn op orde. Per status het aantal ingrediënten.")
        % {"ok": summary["op_orde"], "total": summary["total"]},
        summary["rows"],
        maximum=max(summary["total"], 1),
    )


@login_required
@require_GET
def menu_scan(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    scan = MenuScanItem.scan_for(membership.organisation)
    summary = MenuScanItem.summary(scan)
    return render(
        request,
        "chefcirculair/menu_scan.html",
        {
            "scan": scan,
            "summary": summary,
            "chart": menu_summary_chart(summary),
            "can_edit": membership.can_manage_organisation,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def menu_scan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    membership = require_manager(request)
    organisation = membership.organisation
    ingredient = get_object_or_404(MenuIngredient.objects.select_related("principle"), slug=slug)
    item = MenuScanItem.objects.filter(organisation=organisation, ingredient=ingredient).first() or MenuScanItem(
        organisation=organisation, ingredient=ingredient
    )
    data = request.POST if request.method == "POST" else None
    form = MenuScanItemForm(data, instance=item, organisation=organisation)
    formset = EvidenceFormSet(data, instance=item, prefix="bewijs")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            item = form.save()
            formset.instance = item
            formset.save()
        messages.success(request, _("De zelfscan voor “%(title)s” is opgeslagen.") % {"title": ingredient.title})
        return redirect(f"{reverse('chefcirculair:menu_scan')}#ingredient-{ingredient.slug}")
    return render(
        request,
        "chefcirculair/menu_scan_edit.html",
        {
            "ingredient": ingredient,
            "form": form,
            "formset": formset,
            "has_errors": bool(form.errors or not formset.is_valid()) if data is not None else False,
        },
    )


@login_required
@require_GET
def category_list(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    categories = list(ProductCategory.objects.for_organisation(membership.organisation).by_impact())
    existing = {c.name.casefold() for c in categories}
    missing_defaults = [name for name, _weight, _desc in DEFAULT_CATEGORIES if name.casefold() not in existing]
    return render(
        request,
        "chefcirculair/category_list.html",
        {
            "categories": categories,
            "missing_defaults": missing_defaults,
            "can_edit": membership.can_manage_organisation,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def category_create(request: HttpRequest) -> HttpResponse:
    membership = require_manager(request)
    return _category_form(request, membership, ProductCategory(organisation=membership.organisation))


@login_required
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, slug: str) -> HttpResponse:
    membership = require_manager(request)
    category = get_object_or_404(ProductCategory, organisation=membership.organisation, slug=slug)
    return _category_form(request, membership, category)


def _category_form(request: HttpRequest, membership, category: ProductCategory) -> HttpResponse:
    is_new = category.pk is None
    form = ProductCategoryForm(
        request.POST if request.method == "POST" else None, instance=category, organisation=membership.organisation
    )
    form.helper.inputs[0].value = _("Categorie toevoegen") if is_new else _("Wijzigingen opslaan")
    if request.method == "POST" and form.is_valid():
        category = form.save()
        messages.success(request, _("De productcategorie “%(name)s” is opgeslagen.") % {"name": category.name})
        return redirect("chefcirculair:categories")
    return render(request, "chefcirculair/category_form.html", {"form": form, "category": category, "is_new": is_new})


EXAMPLES_SHOWN = 5


def _grouped(objects) -> list[dict]:
    """Objects per model: a count with the model's Dutch name, and a few examples by name."""
    by_model: dict = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    groups = []
    for model, objs in sorted(by_model.items(), key=lambda item: str(item[0]._meta.verbose_name_plural)):
        names = sorted(str(obj) for obj in objs)
        meta = model._meta
        groups.append(
            {
                "count": len(objs),
                "label": meta.verbose_name if len(objs) == 1 else meta.verbose_name_plural,
                "examples": names[:EXAMPLES_SHOWN],
                "more": max(0, len(names) - EXAMPLES_SHOWN),
            }
        )
    return groups


def deletion_plan(category: ProductCategory) -> tuple[list[dict], list[dict]]:
    """What keeps a category from being deleted, and what would be deleted with it.

    Django's collector follows every relation, so this app needs to know none of
    the apps that build on it: rows that protect the category (trajectories,
    KPIs and measurements refer to it with RESTRICT) block the deletion; rows
    that cascade (its product strategy with milestones, its ambitieweb) go with it.
    """
    collector = NestedObjects(using=router.db_for_write(ProductCategory))
    collector.collect([category])
    along = [obj for objs in collector.model_objs.values() for obj in objs if obj != category]
    return _grouped(collector.protected), _grouped(along)


@login_required
@require_http_methods(["GET", "POST"])
def category_delete(request: HttpRequest, slug: str) -> HttpResponse:
    """Delete a category nothing depends on, after confirmation; one in use is refused with the reason."""
    membership = require_manager(request)
    category = get_object_or_404(ProductCategory, organisation=membership.organisation, slug=slug)
    blocking, along = deletion_plan(category)
    if request.method == "POST" and not blocking:
        try:
            with transaction.atomic():
                category.delete()
        except (ProtectedError, RestrictedError):  # put in use between the question and the answer
            blocking, along = deletion_plan(category)
        else:
            messages.success(request, _("De productcategorie “%(name)s” is verwijderd.") % {"name": category.name})
            return redirect("chefcirculair:categories")
    refused = request.method == "POST"
    errors = [("in-gebruik", _("Deze categorie is nog in gebruik en is niet verwijderd."))] if refused else []
    return render(
        request,
        "chefcirculair/category_delete.html",
        {"category": category, "blocking": blocking, "along": along, "refused": refused, "errors": errors},
        status=409 if refused else 200,
    )


@login_required
@require_POST
def category_defaults(request: HttpRequest) -> HttpResponse:
    membership = require_manager(request)
    with transaction.atomic():
        created = ProductCategory.objects.add_defaults(membership.organisation)
    if created:
        messages.success(
            request,
            ngettext(
                "%(count)d standaardcategorie toegevoegd.",
                "%(count)d standaardcategorieën toegevoegd.",
                len(created),
            )
            % {"count": len(created)},
        )
    else:
        messages.info(request, _("Alle standaardcategorieën staan er al."))
    return redirect("chefcirculair:categories")
