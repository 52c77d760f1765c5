"""The chef circulair's own workspace in the core app: Menu self-scan and product categories.

Members of the organisation read; only the chef circulair changes (``require_manager``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.charts import bar_chart_svg
from lib.deletion import delete_with_confirmation

from .access import require_manager, require_membership
from .forms import (
    AccessibilityStatementForm,
    DepartmentForm,
    EvidenceFormSet,
    KnownProblemFormSet,
    MenuScanItemForm,
    OrganisationIdentifiersForm,
    ProductCategoryForm,
)
from .models import (
    DEFAULT_CATEGORIES,
    AccessibilityStatement,
    Department,
    MenuIngredient,
    MenuScanItem,
    ProductCategory,
)


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
        "organisations/menu_scan.html",
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
        return redirect(f"{reverse('organisations:menu_scan')}#ingredient-{ingredient.slug}")
    return render(
        request,
        "organisations/menu_scan_edit.html",
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
        "organisations/category_list.html",
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
    return _owned_object_form(
        request, membership, category, ProductCategoryForm, _("Categorie toevoegen"), "categories", "category"
    )


def _owned_object_form(request, membership, obj, form_class, add_label: str, list_name: str, name: str):
    """Add or change one object the organisation owns; saved, it returns to the list with a message.

    The template is ``organisations/<name>_form.html`` and gets the object as ``<name>``.
    """
    is_new = obj.pk is None
    form = form_class(
        request.POST if request.method == "POST" else None,
        instance=obj,
        organisation=membership.organisation,
        submit_label=add_label if is_new else _("Wijzigingen opslaan"),
    )
    if request.method == "POST" and form.is_valid():
        obj = form.save()
        messages.success(
            request, _("De %(kind)s “%(name)s” is opgeslagen.") % {"kind": obj._meta.verbose_name, "name": obj}
        )
        return redirect(f"organisations:{list_name}")
    return render(request, f"organisations/{name}_form.html", {"form": form, name: obj, "is_new": is_new})


@login_required
@require_http_methods(["GET", "POST"])
def category_delete(request: HttpRequest, slug: str) -> HttpResponse:
    """Delete a category nothing refers to, after confirmation; one in use is refused with the reason."""
    membership = require_manager(request)
    category = get_object_or_404(ProductCategory, organisation=membership.organisation, slug=slug)
    return delete_with_confirmation(
        request,
        category,
        noun=_("categorie"),
        back_url=reverse("organisations:category_edit", args=[category.slug]),
        list_url=reverse("organisations:categories"),
        list_title=_("Productcategorieën"),
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
    return redirect("organisations:categories")


# --- Departments (afdelingen) -------------------------------------------------------


@login_required
@require_GET
def department_list(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    departments = Department.objects.for_organisation(membership.organisation).annotate(
        member_count=Count("memberships")
    )
    return render(
        request,
        "organisations/department_list.html",
        {"departments": departments, "can_edit": membership.can_manage_organisation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def department_create(request: HttpRequest) -> HttpResponse:
    membership = require_manager(request)
    return _department_form(request, membership, Department(organisation=membership.organisation))


@login_required
@require_http_methods(["GET", "POST"])
def department_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = require_manager(request)
    department = get_object_or_404(Department, organisation=membership.organisation, pk=pk)
    return _department_form(request, membership, department)


def _department_form(request: HttpRequest, membership, department: Department) -> HttpResponse:
    return _owned_object_form(
        request, membership, department, DepartmentForm, _("Afdeling toevoegen"), "departments", "department"
    )


@login_required
@require_http_methods(["GET", "POST"])
def department_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a department no trajectory, KPI or measurement refers to; members simply lose it."""
    membership = require_manager(request)
    department = get_object_or_404(Department, organisation=membership.organisation, pk=pk)
    return delete_with_confirmation(
        request,
        department,
        noun=_("afdeling"),
        back_url=reverse("organisations:department_edit", args=[department.pk]),
        list_url=reverse("organisations:departments"),
        list_title=_("Afdelingen"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_settings(request: HttpRequest) -> HttpResponse:
    """The chef circulair records the organisation's identifiers (OIN, KvK number) for open data."""
    membership = require_manager(request)
    organisation = membership.organisation
    form = OrganisationIdentifiersForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("De gegevens van de organisatie zijn opgeslagen."))
        return redirect("organisations:organisation_settings")
    return render(request, "organisations/organisation_settings.html", {"form": form, "organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def accessibility_edit(request: HttpRequest) -> HttpResponse:
    """The chef circulair keeps the organisation's accessibility statement and its known problems."""
    membership = require_manager(request)
    organisation = membership.organisation
    statement = AccessibilityStatement.objects.filter(organisation=organisation).first() or AccessibilityStatement(
        organisation=organisation, contact_email=""
    )
    data = request.POST if request.method == "POST" else None
    form = AccessibilityStatementForm(data, instance=statement)
    formset = KnownProblemFormSet(data, instance=statement, prefix="probleem")
    if data is not None and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            statement = form.save()
            formset.instance = statement
            formset.save()
        messages.success(request, _("De toegankelijkheidsverklaring is opgeslagen en gepubliceerd."))
        return redirect(statement)
    return render(
        request,
        "organisations/accessibility_edit.html",
        {
            "organisation": organisation,
            "form": form,
            "formset": formset,
            "has_errors": data is not None and bool(form.errors or not formset.is_valid()),
        },
    )
