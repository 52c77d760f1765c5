"""Views of KPIs, measurements, imports/exports, the dashboard and annual reports."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh, trigger_client_event

from accounts.security import pdf_rate_limit
from lib import language as languages
from lib import stored_files as stored_documents
from lib.http import XLSX_TYPE, AuthenticatedHttpRequest, HtmxHttpRequest, attachment
from lib.numbers import readings_message, readings_sentence
from organisations.access import require_manager, require_membership
from procurement.access import get_rw_trajectory_for_user, get_trajectory_for_user
from rladder.models import RStrategy

from . import dashboard, effects, exchange, extensions, figures_cache, grid, library, sections
from .access import (
    can_enter_measurements,
    can_manage_kpi,
    get_kpi_for_user,
    get_managed_kpi_for_user,
    get_measurable_kpi_for_user,
    get_report_for_user,
)
from .forms import ContractKpiForm, ImportForm, KpiForm, ReportRequestForm, TargetOverridesForm
from .models import AnnualReport, Kpi, TargetOverride
from .tasks import generate_annual_report

# --- KPI definitions ---------------------------------------------------------


@login_required
@require_GET
def kpi_list(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    kpis = (
        Kpi.objects.for_organisation(membership.organisation)
        .organisation_wide()
        .select_related("strategy", "department", "category")
    )
    contract_kpis = (
        Kpi.objects.for_organisation(membership.organisation).contract().select_related("strategy", "trajectory")
    )
    return render(
        request,
        "kpis/kpi_list.html",
        {"kpis": kpis, "contract_kpis": contract_kpis, "can_manage": membership.can_manage_organisation},
    )


@login_required
@require_GET
def library_view(request: HttpRequest) -> HttpResponse:
    require_manager(request)
    entries = library.entries()
    strategies = {s.code: s for s in RStrategy.objects.highest()}
    groups = [
        {"strategy": strategy, "entries": [e for e in entries if e.strategy_code == code]}
        for code, strategy in strategies.items()
    ]
    groups.append({"strategy": None, "entries": [e for e in entries if e.strategy_code is None]})
    return render(request, "kpis/library.html", {"groups": groups})


def _report_readings(request: HttpRequest, form) -> None:
    """After saving, say how numbers typed with separators were read ("‘10.000’ als 10.000")."""
    if note := readings_message(form):
        messages.info(request, note)


@login_required
@require_http_methods(["GET", "POST"])
def kpi_create(request: HttpRequest) -> HttpResponse:
    membership = require_manager(request)
    initial = {"baseline_year": datetime.date.today().year - 1, "goal_year": 2030}
    entry = library.find(request.GET.get("voorbeeld", ""))
    if entry:
        strategies = {s.code: s for s in RStrategy.objects.all()}
        initial.update(entry.initial(strategies))
    form = KpiForm(request.POST or None, organisation=membership.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        kpi = form.save()
        messages.success(request, _("De KPI ‘%(name)s’ is opgeslagen.") % {"name": kpi.name})
        _report_readings(request, form)
        return redirect(kpi)
    return render(request, "kpis/kpi_form.html", {"form": form, "entry": entry, "kpi": None})


@login_required
@require_GET
def kpi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = get_kpi_for_user(request, pk)
    membership = kpi.viewer_membership
    year = datetime.date.today().year
    selected = min(max(year, kpi.baseline_year), kpi.goal_year)
    behind = None
    if kpi.from_trajectories:
        # Where every number comes from: the stored effects of the trajectories behind the KPI (one query).
        rows = effects.effect_rows(kpi.organisation)
        summary = dashboard.summarise(kpi, selected, realised=effects.kpi_values(kpi, rows), notes=[])
        behind = effects.kpi_trajectories(kpi, rows)
    else:
        summary = dashboard.summarise(kpi, selected)
    measurements = kpi.measurements.select_related("department", "category", "entered_by").order_by(
        "-year", "-quarter", "department__name", "category__name"
    )
    return render(
        request,
        "kpis/kpi_detail.html",
        {
            "kpi": kpi,
            "summary": summary,
            "measurements": measurements,
            "behind": behind,
            "can_manage": can_manage_kpi(membership, kpi),
            "can_measure": can_enter_measurements(membership, kpi) and not kpi.from_trajectories,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def kpi_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = get_managed_kpi_for_user(request, pk)
    form: KpiForm
    if kpi.is_contract:
        form = ContractKpiForm(request.POST or None, instance=kpi, trajectory=kpi.trajectory)
    else:
        form = KpiForm(request.POST or None, instance=kpi, organisation=kpi.organisation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            kpi = form.save()
            # Overrides outside the (possibly shorter) new range no longer mean anything.
            kpi.overrides.exclude(year__gt=kpi.baseline_year, year__lte=kpi.goal_year).delete()
        messages.success(request, _("De KPI ‘%(name)s’ is bijgewerkt.") % {"name": kpi.name})
        _report_readings(request, form)
        return redirect(kpi)
    return render(request, "kpis/kpi_form.html", {"form": form, "kpi": kpi, "entry": None})


@login_required
@require_http_methods(["GET", "POST"])
def kpi_delete(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = get_managed_kpi_for_user(request, pk)
    if request.method == "POST" and request.POST.get("bevestig") == "ja":
        name, trajectory = kpi.name, kpi.trajectory
        kpi.delete()
        messages.success(request, _("De KPI ‘%(name)s’ en de metingen ervan zijn verwijderd.") % {"name": name})
        if trajectory:
            return redirect("kpis:contract_kpis", trajectory_pk=trajectory.pk)
        return redirect("kpis:kpi_list")
    return render(request, "kpis/kpi_delete.html", {"kpi": kpi, "count": kpi.measurements.count()})


@login_required
@require_http_methods(["GET", "POST"])
def kpi_targets(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = get_managed_kpi_for_user(request, pk)
    form = TargetOverridesForm(request.POST or None, kpi=kpi)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data.get("reden", "")
        with transaction.atomic():
            for year, value in form.overrides().items():
                if value is None:
                    TargetOverride.objects.filter(kpi=kpi, year=year).delete()
                else:
                    TargetOverride.objects.update_or_create(
                        kpi=kpi, year=year, defaults={"value": value, "reason": reason}
                    )
        messages.success(request, _("De jaardoelen zijn opgeslagen."))
        _report_readings(request, form)
        return redirect(kpi)
    return render(request, "kpis/kpi_targets.html", {"kpi": kpi, "form": form, "targets": kpi.targets()})


# --- Measurements -----------------------------------------------------------------


def _grid_scope(request: HttpRequest, kpi: Kpi, source) -> tuple:
    """The department and category (and period kind) of the grid, validated within the organisation."""

    def pick(queryset, key):
        raw = source.get(key, "")
        if not raw:
            return None
        try:
            return queryset.get(pk=int(raw))
        except (ValueError, queryset.model.DoesNotExist):
            raise Http404 from None

    department = pick(kpi.organisation.departments.all(), "afdeling")
    category = pick(kpi.organisation.categories.all(), "categorie")
    if kpi.scope == Kpi.Scope.DEPARTMENT:
        department = None  # a department KPI is measured for its department as a whole
    if kpi.scope == Kpi.Scope.CATEGORY:
        category = None
    if "periode" in source:
        quarterly = source.get("periode") == "kwartaal"
    else:
        quarterly = kpi.measurements.filter(quarter__gt=0).exists()
    return department, category, quarterly


@login_required
@require_http_methods(["GET", "POST"])
def measurements(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The grid: one row per period. A POST with ``row`` saves that row (htmx autosave), else all rows."""
    kpi = get_measurable_kpi_for_user(request, pk)
    source = request.POST if request.method == "POST" else request.GET
    department, category, quarterly = _grid_scope(request, kpi, source)
    context = {
        "kpi": kpi,
        "department": department,
        "category": category,
        "quarterly": quarterly,
        "departments": kpi.organisation.departments.all(),
        "categories": kpi.organisation.categories.all(),
    }
    if request.method == "GET":
        context["rows"] = grid.build_rows(kpi, department, category, quarterly)
        return render(request, "kpis/measurements.html", context)

    row_key = request.POST.get("row")
    if row_key:
        period = grid.parse_row_key(kpi, row_key, quarterly)
        if period is None:
            raise Http404("Deze periode hoort niet bij de KPI")
        rows = grid.build_rows(kpi, department, category, quarterly, data=request.POST, only=period)
    else:
        rows = grid.build_rows(kpi, department, category, quarterly, data=request.POST)
    ok = grid.save_rows(kpi, rows, department, category, request.user)

    if request.htmx and row_key:
        row = rows[0]
        if ok and (row.saved or row.deleted):
            saved, deleted, reading = row.saved, row.deleted, row.reading
            row = grid.build_rows(kpi, department, category, quarterly, only=(row.year, row.quarter))[0]
            row.saved, row.deleted, row.reading = saved, deleted, reading
        status = 409 if (row.conflict or row.conflict_gone) else 200
        response = render(request, "kpis/measurements.html#row", {**context, "row": row}, status=status)
        trigger_client_event(response, "cc:status", {"message": _row_message(row), "error": row.has_problem})
        patch_vary_headers(response, ["HX-Request"])
        return response
    if ok:
        changed = sum(1 for row in rows if row.saved or row.deleted)
        messages.success(request, _("%(count)s meting(en) opgeslagen.") % {"count": changed})
        readings = [
            (row.label, row.form["value"].data.strip(), row.reading) for row in rows if row.saved and row.reading
        ]
        if readings:
            messages.info(request, readings_sentence(readings))
        url = reverse("kpis:measurements", args=[kpi.pk])
        query = _scope_query(department, category, quarterly)
        return redirect(f"{url}?{query}" if query else url)
    context["rows"] = rows
    context["problems"] = [row for row in rows if row.has_problem]
    response = render(request, "kpis/measurements.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _scope_query(department, category, quarterly) -> str:
    from django.utils.http import urlencode

    params = {}
    if department:
        params["afdeling"] = department.pk
    if category:
        params["categorie"] = category.pk
    if quarterly:
        params["periode"] = "kwartaal"
    return urlencode(params)


def _row_message(row: grid.GridRow) -> str:
    if row.conflict or row.conflict_gone:
        return _("%(period)s niet opgeslagen: iemand anders heeft deze meting intussen gewijzigd.") % {
            "period": row.label
        }
    if row.has_problem:
        return _("%(period)s niet opgeslagen: controleer de invoer.") % {"period": row.label}
    if row.deleted:
        return _("Meting %(period)s verwijderd.") % {"period": row.label}
    if row.saved:
        return _("Meting %(period)s opgeslagen.") % {"period": row.label}
    return _("Geen wijzigingen in %(period)s.") % {"period": row.label}


@login_required
@require_http_methods(["GET", "POST"])
def import_measurements(request: HttpRequest) -> HttpResponse:
    membership = require_manager(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = file_error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = exchange.import_measurements(membership.organisation, upload.name, upload.read(), request.user)
        except exchange.ImportFileError as exc:
            file_error = str(exc)
            form.add_error("file", file_error)
        if result and not result.errors:
            messages.success(request, _("%(count)s metingen geïmporteerd.") % {"count": result.created})
            if result.readings:
                messages.info(request, exchange.readings_report(result.readings))
            return redirect("kpis:kpi_list")
    status = 200
    return render(
        request,
        "kpis/import.html",
        {"form": form, "result": result, "columns": exchange.COLUMNS, "required": exchange.REQUIRED},
        status=status,
    )


@login_required
@require_GET
def export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    membership = require_membership(request)
    if what not in exchange.EXPORTS or fmt not in {"csv", "xlsx"}:
        raise Http404
    header, rows = exchange.EXPORTS[what](membership.organisation, for_csv=fmt == "csv")
    stamp = datetime.date.today().isoformat()
    filename = f"{what}-{membership.organisation.slug}-{stamp}.{fmt}"
    if fmt == "csv":
        return attachment(exchange.to_csv(header, rows), "text/csv; charset=utf-8", filename)
    return attachment(exchange.to_xlsx(what, header, rows), XLSX_TYPE, filename)


# --- Contract KPIs ------------------------------------------------------------------


@login_required
@require_GET
def contract_kpis(request: HttpRequest, trajectory_pk: int) -> HttpResponse:
    trajectory = get_trajectory_for_user(request, trajectory_pk)
    section = sections.trajectory_section(request, trajectory)
    more = extensions.sections_of(extensions.contract_sections, request, trajectory)
    return render(request, "kpis/contract_kpis.html", {"trajectory": trajectory, "section": section, "sections": more})


@login_required
@require_http_methods(["GET", "POST"])
def contract_kpi_create(request: HttpRequest, trajectory_pk: int) -> HttpResponse:
    trajectory = get_rw_trajectory_for_user(request, trajectory_pk)
    entry = library.find(request.GET.get("voorbeeld", ""))
    initial = entry.initial({s.code: s for s in RStrategy.objects.all()}) if entry else {}
    form = ContractKpiForm(request.POST or None, trajectory=trajectory, initial=initial)
    if request.method == "POST" and form.is_valid():
        kpi = form.save()
        messages.success(request, _("De contract-KPI ‘%(name)s’ is opgeslagen.") % {"name": kpi.name})
        return redirect("kpis:contract_kpis", trajectory_pk=trajectory.pk)
    return render(
        request,
        "kpis/kpi_form.html",
        {"form": form, "kpi": None, "entry": entry, "trajectory": trajectory, "entries": library.entries()},
    )


DASHBOARD_PAGE_SIZE = 10

# --- Dashboard ------------------------------------------------------------------------


@login_required
@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    organisation = membership.organisation
    departments = list(organisation.departments.all())
    this_year = datetime.date.today().year
    try:
        year = int(request.GET.get("jaar") or this_year)
    except ValueError:
        year = this_year
    year = min(max(year, 1990), 2100)
    department = None
    if request.GET.get("afdeling"):
        department = next((d for d in departments if str(d.pk) == request.GET["afdeling"]), None)
    figures = figures_cache.cached_build(organisation, year, department.pk if department else None)
    # Charts are paged: every KPI counts in the figures above, a page draws DASHBOARD_PAGE_SIZE charts.
    page = Paginator(figures["summaries"], DASHBOARD_PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "kpis/dashboard.html",
        {
            "figures": figures,
            "page": page,
            "page_query": query.urlencode(),
            "year": year,
            "years": range(this_year - 10, this_year + 6),
            "departments": departments,
            "department": department,
            "can_manage": membership.can_manage_organisation,
        },
    )


# --- Annual reports -------------------------------------------------------------------


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    reports = AnnualReport.objects.filter(organisation=membership.organisation).defer("html")
    form = ReportRequestForm() if membership.can_manage_organisation else None
    return render(request, "kpis/report_list.html", {"reports": reports, "form": form})


@login_required
@require_POST
def report_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = require_manager(request)
    if refused := pdf_rate_limit(request):  # each request costs the task worker a PDF
        return refused
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        reports = AnnualReport.objects.filter(organisation=membership.organisation).defer("html")
        return render(request, "kpis/report_list.html", {"reports": reports, "form": form})
    with transaction.atomic():
        report = AnnualReport.objects.create(
            organisation=membership.organisation,
            year=form.cleaned_data["year"],
            requested_by=request.user,
            language=languages.current(),
        )

        def enqueue():
            result = generate_annual_report.enqueue(report.pk)
            AnnualReport.objects.filter(pk=report.pk, organisation_id=report.organisation_id).update(
                task_id=str(result.id)
            )

        transaction.on_commit(enqueue)
    return redirect(report)


@login_required
@require_GET
def report_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    response: HttpResponse
    if request.htmx and not request.htmx.history_restore_request:
        if report.is_finished:
            # Ready: reload the whole page so the report itself is shown.
            response = HttpResponseClientRefresh()
        else:
            response = render(request, "kpis/report_detail.html#status", {"report": report})
    else:
        # The body was rendered by our own autoescaping template when the task ran.
        body = mark_safe(report.html) if report.is_ready else ""  # noqa: S308  # nosec B308 B703
        response = render(request, "kpis/report_detail.html", {"report": report, "body": body})
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    report = get_report_for_user(request, pk)
    if not report.is_ready:
        raise Http404("Het jaarverslag is nog niet klaar")
    # Streamed from the documents storage, 304 when the browser has it.
    return stored_documents.serve(
        request,
        report.file,
        filename=f"jaarverslag-{report.organisation.slug}-{report.year}.pdf",
        etag=report.sha256,
        last_modified=report.finished_at,
        size=report.size,
    )
