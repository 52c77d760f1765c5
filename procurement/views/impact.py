"""Referentie en effect: the lines of reference, plan and realisation, the term, and herberekenen.

The section itself is part of the Startoverleg and Intern evalueren pages
(``effect_context``); adding, changing and removing a line happen on pages of
their own, so everything works without JavaScript. Edits follow the write
rule of answers: the team (and the chef circulair) may change them, never
while the phase is under review, and a change withdraws an approval of the
phase. Reference and plan belong to Startoverleg, the realisation to Intern
evalueren.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from lib.forms import error_summary
from lib.history import attribute_change
from rladder.factor_lines import stale_lines
from rladder.models import ImpactFactor

from ..access import get_rw_trajectory_for_user
from ..forms import EffectSettingsForm, ImpactLineForm
from ..impact import (
    compute_effect,
    default_first_year,
    default_term_years,
    ensure_effect,
    get_effect,
    recalculate_with_current_factors,
    refresh_effect,
)
from ..models import ImpactLine, PhaseRecord, Scenario, Trajectory
from ..review import UnderReview

# The query parameter "soort" names a scenario in Dutch.
SCENARIO_PARAMS = {"referentie": Scenario.REFERENCE, "plan": Scenario.PLAN, "gerealiseerd": Scenario.REALISED}
PARAM_OF = {value: key for key, value in SCENARIO_PARAMS.items()}
EFFECT_ANCHOR = "#effect"


def scenario_phase_records(records) -> tuple:
    """(Startoverleg, Intern evalueren): the first and the last phase record."""
    ordered = sorted(records, key=lambda r: r.phase.order)
    return (ordered[0], ordered[-1]) if ordered else (None, None)


def effect_context(trajectory, record, records, *, can_edit: bool) -> dict | None:
    """What the phase page needs for the effect section (Startoverleg and Intern evalueren only).

    A fixed number of queries (lines, effect row, and two for the factors when a
    line links one), whatever the number of lines.
    """
    first, last = scenario_phase_records(records)
    if record.pk not in (first.pk, last.pk):
        return None
    evaluation = record.pk == last.pk and first.pk != last.pk
    lines = list(ImpactLine.objects.filter(trajectory=trajectory))
    effect = get_effect(trajectory)
    figures = compute_effect(trajectory, lines=lines, effect=effect)
    editable = can_edit and record.is_editable
    return {
        "figures": figures,
        "effect": effect,
        "evaluation": evaluation,
        "edit_plan": editable and not evaluation,
        "edit_realised": editable and evaluation,
        "stale": stale_lines(lines, trajectory.organisation_id) if editable else [],
        "can_recalculate": editable,
        "is_refusal": bool(trajectory.chosen_strategy_id and figures.plan_is_nothing),
        "term_default": effect is None or effect.term_years is None,
    }


def _trajectory(request, pk):
    return get_rw_trajectory_for_user(request, pk, Trajectory.objects.select_related("organisation", "chosen_strategy"))


def _record_for(trajectory, scenario) -> PhaseRecord:
    first, last = scenario_phase_records(list(trajectory.phases.select_related("phase")))
    record = last if scenario == Scenario.REALISED else first
    if record is None:
        raise Http404("Geen fasen")
    record.trajectory = trajectory
    return record


def _scenario(request) -> str:
    value = request.POST.get("soort") or request.GET.get("soort") or "referentie"
    if value not in SCENARIO_PARAMS:
        raise Http404("Onbekende soort")
    return SCENARIO_PARAMS[value]


def _back(record) -> str:
    return f"{record.get_absolute_url()}{EFFECT_ANCHOR}"


def _refuse_if_not_editable(request, record):
    if record.is_editable:
        return None
    messages.error(request, _("Niet opgeslagen: %(reason)s") % {"reason": record.not_editable_reason})
    return redirect(_back(record))


def _change(request, trajectory, record, change) -> bool:
    """Apply ``change()`` under the phase's row lock, recompute the effect; False when under review."""
    try:
        with transaction.atomic():
            record.lock_for_edit()
            change()
            refresh_effect(trajectory, user=request.user)
            record.record_edit(request.user, locked=True)
    except UnderReview as refusal:
        messages.error(request, refusal.message)
        return False
    return True


def _line_page(request, trajectory, record, form, scenario, line=None, status=200):
    return render(
        request,
        "procurement/impact_line_form.html",
        {
            "trajectory": trajectory,
            "record": record,
            "form": form,
            "scenario": scenario,
            "scenario_label": Scenario(scenario).label,
            "soort": PARAM_OF[scenario],
            "line": line,
            "errors": error_summary(form) if form.is_bound else [],
            "back": _back(record),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def impact_line_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a line to the reference, the plan or the realisation (``?soort=referentie|plan|gerealiseerd``)."""
    trajectory = _trajectory(request, pk)
    scenario = _scenario(request)
    record = _record_for(trajectory, scenario)
    if refused := _refuse_if_not_editable(request, record):
        return refused
    factors = ImpactFactor.objects.effective_for(trajectory.organisation)
    form = ImpactLineForm(request.POST if request.method == "POST" else None, factors=factors)
    if request.method == "POST" and form.is_valid():
        line = ImpactLine(trajectory=trajectory, scenario=scenario)
        form.apply_to(line)
        attribute_change(line, user=request.user)

        def add():
            last = ImpactLine.objects.filter(trajectory=trajectory, scenario=scenario).aggregate(n=Max("position"))
            line.position = (last["n"] or 0) + 1
            line.save()

        if _change(request, trajectory, record, add):
            label = line.get_scenario_display()
            messages.success(request, _("De regel is toegevoegd aan: %(scenario)s.") % {"scenario": label})
        return redirect(_back(record))
    return _line_page(request, trajectory, record, form, scenario)


def _line(trajectory, line_pk) -> ImpactLine:
    return get_object_or_404(
        ImpactLine.objects.select_related("shared_factor", "own_factor"), trajectory=trajectory, pk=line_pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def impact_line_edit(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    trajectory = _trajectory(request, pk)
    line = _line(trajectory, line_pk)
    record = _record_for(trajectory, line.scenario)
    if refused := _refuse_if_not_editable(request, record):
        return refused
    factors = ImpactFactor.objects.effective_for(trajectory.organisation)
    form = ImpactLineForm(request.POST if request.method == "POST" else None, factors=factors, line=line)
    if request.method == "POST" and form.is_valid():
        form.apply_to(line)
        attribute_change(line, user=request.user)
        if _change(request, trajectory, record, line.save):
            messages.success(request, _("De regel is opgeslagen."))
        return redirect(_back(record))
    return _line_page(request, trajectory, record, form, line.scenario, line)


@login_required
@require_http_methods(["GET", "POST"])
def impact_line_delete(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    trajectory = _trajectory(request, pk)
    line = _line(trajectory, line_pk)
    record = _record_for(trajectory, line.scenario)
    if refused := _refuse_if_not_editable(request, record):
        return refused
    if request.method == "POST" and request.POST.get("bevestig") == "ja":
        attribute_change(line, user=request.user)
        if _change(request, trajectory, record, line.delete):
            messages.success(request, _("De regel is verwijderd."))
        return redirect(_back(record))
    return render(
        request,
        "procurement/impact_line_delete.html",
        {"trajectory": trajectory, "record": record, "line": line, "back": _back(record)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def effect_settings(request: HttpRequest, pk: int) -> HttpResponse:
    """The term and first year (``?soort=gerealiseerd``: also "er is niets ingekocht")."""
    trajectory = _trajectory(request, pk)
    scenario = SCENARIO_PARAMS.get(request.POST.get("soort") or request.GET.get("soort") or "", Scenario.REFERENCE)
    record = _record_for(trajectory, scenario)
    if refused := _refuse_if_not_editable(request, record):
        return refused
    effect = get_effect(trajectory)
    with_realised = scenario == Scenario.REALISED
    initial = {
        "term_years": effect.term_years if effect and effect.term_years else default_term_years(trajectory),
        "first_year": effect.first_year if effect and effect.first_year else default_first_year(trajectory),
        "realised_is_nothing": bool(effect and effect.realised_is_nothing),
    }
    form = EffectSettingsForm(
        request.POST if request.method == "POST" else None, initial=initial, with_realised=with_realised
    )
    if request.method == "POST" and form.is_valid():

        def save():
            target = ensure_effect(trajectory)
            target.term_years = form.cleaned_data["term_years"]
            if form.cleaned_data.get("first_year"):
                target.first_year = form.cleaned_data["first_year"]
            if with_realised:
                target.realised_is_nothing = form.cleaned_data["realised_is_nothing"]

        if _change(request, trajectory, record, save):
            messages.success(request, _("De looptijd is opgeslagen."))
        return redirect(_back(record))
    return render(
        request,
        "procurement/effect_settings.html",
        {
            "trajectory": trajectory,
            "record": record,
            "form": form,
            "soort": PARAM_OF[scenario],
            "errors": error_summary(form) if form.is_bound else [],
            "back": _back(record),
        },
    )


@login_required
@require_POST
def effect_recalculate(request: HttpRequest, pk: int) -> HttpResponse:
    """Herberekenen met de huidige factoren: every line takes its factor as it is now (recorded in history)."""
    trajectory = _trajectory(request, pk)
    record = _record_for(trajectory, Scenario.REFERENCE)
    if refused := _refuse_if_not_editable(request, record):
        return refused
    try:
        with transaction.atomic():
            record.lock_for_edit()
            result = recalculate_with_current_factors(trajectory, request.user)
    except UnderReview as refusal:
        messages.error(request, refusal.message)
        return redirect(_back(record))
    if result.changed:
        messages.success(
            request,
            ngettext(
                "Herberekend met de huidige factoren: %(n)s regel bijgewerkt.",
                "Herberekend met de huidige factoren: %(n)s regels bijgewerkt.",
                result.changed,
            )
            % {"n": result.changed}
            + " "
            + _("De vorige waarden staan in de geschiedenis."),
        )
    else:
        messages.info(request, _("Er was niets te herberekenen: alle regels gebruiken de huidige factoren al."))
    return redirect(_back(record))
