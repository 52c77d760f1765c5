"""Views of the learning app: lessons, search, sharing settings, benchmark and results card."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lib.http import AuthenticatedHttpRequest, attachment
from organisations.access import active_membership, require_manager, require_membership
from procurement.access import get_rw_trajectory_for_user

from . import benchmark as benchmark_module
from . import results
from . import search as search_module
from .access import can_edit_lesson, get_lesson_for_user, get_rw_lesson_for_user
from .forms import BenchmarkFilterForm, LearningSettingsForm, LessonFilterForm, LessonForm, SearchForm
from .models import BENCHMARK_MIN_ORGANISATIONS, BenchmarkFigure, LearningSettings, Lesson, SearchEntry

PAGE_SIZE = 20
EVALUATION_PHASE = "intern-evalueren"


def _evaluation_url(trajectory) -> str:
    return reverse("procurement:phase_detail", args=[trajectory.pk, EVALUATION_PHASE]) + "#lessen"


# --- Lessons -------------------------------------------------------------------------------


@login_required
@require_GET
def lessons(request: HttpRequest) -> HttpResponse:
    """Own and shared lessons, with filters (category, R-strategy, phase, own/shared)."""
    membership = require_membership(request)
    organisation = membership.organisation
    form = LessonFilterForm(request.GET or None, organisation=organisation)
    queryset = form.apply(Lesson.objects.visible_to(organisation), organisation)
    page = Paginator(queryset.for_list().order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("pagina"))
    for lesson in page:
        lesson.is_own_lesson = lesson.is_own(organisation)
        lesson.source = lesson.source_name(organisation)
        lesson.shows_title = lesson.shows_owner(organisation)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "learning/lessons.html",
        {"filter_form": form, "page": page, "organisation": organisation, "query": query.urlencode()},
    )


@login_required
@require_GET
def lesson_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = get_lesson_for_user(request, pk)
    membership = lesson.viewer_membership
    organisation = membership.organisation
    lesson.is_own_lesson = lesson.is_own(organisation)
    lesson.source = lesson.source_name(organisation)
    lesson.shows_title = lesson.shows_owner(organisation)
    return render(
        request,
        "learning/lesson_detail.html",
        {"lesson": lesson, "can_edit": lesson.is_own_lesson and can_edit_lesson(membership, lesson)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lesson_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trajectory = get_rw_trajectory_for_user(request, pk)
    lesson = Lesson(trajectory=trajectory, created_by=request.user)
    form = LessonForm(_posted(request), instance=lesson, submit_label=_("Les toevoegen"))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("De les is toegevoegd."))
        return redirect(_evaluation_url(trajectory))
    return render(request, "learning/lesson_form.html", {"form": form, "trajectory": trajectory, "lesson": None})


@login_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = get_rw_lesson_for_user(request, pk)
    form = LessonForm(_posted(request), instance=lesson)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("De les is opgeslagen."))
        return redirect(_evaluation_url(lesson.trajectory))
    return render(
        request, "learning/lesson_form.html", {"form": form, "trajectory": lesson.trajectory, "lesson": lesson}
    )


@login_required
@require_http_methods(["GET", "POST"])
def lesson_delete(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = get_rw_lesson_for_user(request, pk)
    if request.method == "POST" and request.POST.get("bevestig") == "ja":
        trajectory = lesson.trajectory
        lesson.delete()
        messages.success(request, _("De les is verwijderd."))
        return redirect(_evaluation_url(trajectory))
    return render(request, "learning/lesson_delete.html", {"lesson": lesson})


# --- Sharing settings ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sharing_settings(request: HttpRequest) -> HttpResponse:
    """The chef circulair decides whether the organisation's name shows, and whether it joins the benchmark."""
    membership = require_manager(request)
    instance = LearningSettings.for_organisation(membership.organisation)
    was_opted_in = instance.benchmark_opt_in
    form = LearningSettingsForm(_posted(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        settings_row = form.save(commit=False)
        settings_row.updated_by = request.user
        if settings_row.benchmark_opt_in and not was_opted_in:
            settings_row.benchmark_opt_in_at = timezone.now()
        elif not settings_row.benchmark_opt_in:
            settings_row.benchmark_opt_in_at = None
        settings_row.save()
        messages.success(request, _("De instellingen voor delen en vergelijken zijn opgeslagen."))
        return redirect("learning:sharing_settings")
    return render(request, "learning/sharing_settings.html", {"form": form, "settings_row": instance})


# --- Search --------------------------------------------------------------------------------


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Search what the active organisation may read; grouped by kind, paginated."""
    membership = active_membership(request)
    organisation = membership.organisation if membership else None
    form = SearchForm(request.GET)
    raw = form.data.get("q", "") if isinstance(form.data.get("q", ""), str) else ""
    text = search_module.clean_query(raw)
    kind = request.GET.get("soort", "")
    kind = kind if kind in search_module.KIND_ORDER else ""
    context = {"q": text, "kind": kind, "truncated": len(raw.strip()) > search_module.MAX_QUERY_LENGTH}
    if not text:
        context["message"] = _("Typ een of meer woorden om te zoeken.") if "q" in request.GET else ""
    elif search_module.parse(text).is_empty:
        context["message"] = _(
            "Je zoekvraag bevat geen woorden om op te zoeken. Gebruik letters of cijfers; met aanhalingstekens "
            "zoek je een precieze woordgroep, met OR een van beide woorden en met een minteken sluit je een woord uit."
        )
    else:
        found, counts = search_module.matches(text, organisation, kind or None)
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
        search_module.with_headlines(page.object_list, text)
        context.update(
            {
                "page": page,
                "groups": _group(page.object_list),
                "facets": [
                    (value, label, counts.get(value, 0))
                    for value, label in SearchEntry.Kind.choices
                    if counts.get(value, 0)
                ],
                "total": sum(counts.values()),
                "page_query": urlencode({"q": text, **({"soort": kind} if kind else {})}),
            }
        )
    return render(request, "learning/search.html", context)


def _group(entries) -> list[dict]:
    labels = dict(SearchEntry.Kind.choices)
    groups: list[dict] = []
    for entry in entries:
        if not groups or groups[-1]["kind"] != entry.kind:
            groups.append({"kind": entry.kind, "label": labels[entry.kind], "entries": []})
        groups[-1]["entries"].append(entry)
    return groups


def _posted(request: HttpRequest):
    """The POST data for a bound form (also when empty: unticked boxes only), None on GET."""
    return request.POST if request.method == "POST" else None


# --- The anonymous benchmark ---------------------------------------------------------------


@login_required
@require_GET
def benchmark(request: HttpRequest) -> HttpResponse:
    """Where the organisation stands among the opted-in organisations (a snapshot, never computed here)."""
    from lib.charts import quartile_chart_svg

    membership = require_membership(request)
    organisation = membership.organisation
    settings_row = LearningSettings.for_organisation(organisation)
    context = {
        "settings_row": settings_row,
        "can_manage": membership.can_manage_organisation,
        "threshold": BENCHMARK_MIN_ORGANISATIONS,
        "metrics": benchmark_module.METRICS,
    }
    run = benchmark_module.latest_run() if settings_row.benchmark_opt_in else None
    if run is not None:
        figures = list(BenchmarkFigure.objects.filter(run=run).only("category_key", "category_name", "year"))
        form = BenchmarkFilterForm(request.GET or None, figures=figures)
        category, year = "", None
        if form.is_valid():
            category, year = form.cleaned_data["categorie"], form.cleaned_data["jaar"]
        groups = benchmark_module.view_rows(run, organisation, category, year) if not form.errors else []
        for index, group in enumerate(groups):
            # The chart's scale is 0–100 %: only the fractions go in; the table shows every metric.
            fractions = [row for row in group["rows"] if row["kind"] == benchmark_module.MetricKind.FRACTION]
            if not fractions:
                continue
            group["chart"] = quartile_chart_svg(
                fractions,
                f"benchmark-{index}",
                _("%(category)s, %(year)s: je organisatie tegenover de andere organisaties")
                % {"category": group["category"], "year": group["year"]},
                _(
                    "Per kengetal een balk van het eerste tot het derde kwartiel, een streep voor de mediaan en een "
                    "ruit voor de waarde van je organisatie. De tabel eronder geeft dezelfde cijfers."
                ),
            )
        context.update({"run": run, "filter_form": form, "groups": groups})
    return render(request, "learning/benchmark.html", context)


# --- The resultatenkaart -------------------------------------------------------------------


def _card_year(request, organisation) -> tuple[int, list[int]]:
    available = results.years(organisation)
    wanted = request.GET.get("jaar", "")
    year = int(wanted) if wanted.isdigit() and int(wanted) in available else available[0]
    return year, available


@login_required
@require_GET
def results_card(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    year, available = _card_year(request, membership.organisation)
    context = results.build_card(membership.organisation, year)
    context["years"] = available
    return render(request, "learning/results_card.html", context)


@login_required
@require_GET
def results_card_pdf(request: HttpRequest) -> HttpResponse:
    from accounts.security import pdf_rate_limit
    from lib.pdf import write_pdf

    membership = require_membership(request)
    year, _available = _card_year(request, membership.organisation)
    if refused := pdf_rate_limit(request):
        return refused
    pdf = write_pdf(results.render_pdf_html(results.build_card(membership.organisation, year)))
    response = attachment(pdf, "application/pdf", f"resultatenkaart-{membership.organisation.slug}-{year}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response
