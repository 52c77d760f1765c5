"""Trajectories: Mijn trajecten, start, the task list, edit, archive and history."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.formatting import format_number
from lib.forms import SELECT, error_summary
from lib.http import AuthenticatedHttpRequest, HtmxHttpRequest
from organisations.access import require_editor, require_membership
from organisations.models import Department, ProductCategory, Role

from ..access import can_edit_trajectory, get_rw_trajectory_for_user, get_trajectory_for_user
from ..extensions import history_sources, home_sections, sections, start_sections, trajectory_sections
from ..forms import GrowthFormSet, TeamFormSet, TrajectoryForm
from ..impact import get_effect
from ..models import (
    Answer,
    AttentionCheck,
    GrowthStep,
    ImpactLine,
    PhaseRecord,
    RDecision,
    Trajectory,
    TrajectoryEffect,
    TrajectoryMember,
)
from .impact import scenario_phase_records

PAGE_SIZE = 25  # rows per page of Mijn trajecten (each of its two lists)

TEAM_ROLE_FOR = {
    Role.INKOPER: TrajectoryMember.TeamRole.INKOPER,
    Role.INTERNE_OPDRACHTGEVER: TrajectoryMember.TeamRole.INTERNE_OPDRACHTGEVER,
    Role.CONTRACTMANAGER: TrajectoryMember.TeamRole.CONTRACTMANAGER,
    Role.CHEF_CIRCULAIR: TrajectoryMember.TeamRole.CHEF_CIRCULAIR,
}


class TrajectoryFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", gettext_lazy("Alle lopende en afgesloten")),
        *Trajectory.Status.choices,
        ("gearchiveerd", gettext_lazy("Gearchiveerd")),
    ]
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=STATUS_CHOICES, required=False)
    categorie = forms.ModelChoiceField(
        label=gettext_lazy("Productcategorie"),
        queryset=ProductCategory.objects.none(),
        required=False,
        empty_label=gettext_lazy("Alle categorieën"),
    )
    afdeling = forms.ModelChoiceField(
        label=gettext_lazy("Afdeling"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=gettext_lazy("Alle afdelingen"),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categorie"].queryset = ProductCategory.objects.filter(organisation=organisation)
        self.fields["afdeling"].queryset = Department.objects.filter(organisation=organisation)
        for field in self.fields.values():
            field.widget.attrs["class"] = SELECT

    def apply(self, queryset):
        if not self.is_valid():
            return queryset.active()
        data = self.cleaned_data
        if data["status"] == "gearchiveerd":
            queryset = queryset.archived()
        else:
            queryset = queryset.active()
            if data["status"]:
                queryset = queryset.filter(status=data["status"])
        if data["categorie"]:
            queryset = queryset.filter(category=data["categorie"])
        if data["afdeling"]:
            queryset = queryset.filter(department=data["afdeling"])
        return queryset


def _htmx_partial(request: HtmxHttpRequest) -> bool:
    """A fragment for htmx, but the full page when htmx restores history."""
    return bool(request.htmx) and not request.htmx.history_restore_request


@login_required
@require_GET
def my_trajectories(request: HtmxHttpRequest) -> HttpResponse:
    membership = require_membership(request)
    organisation = membership.organisation
    filters = TrajectoryFilterForm(request.GET or None, organisation=organisation)
    trajectories = filters.apply(Trajectory.objects.for_organisation(organisation).for_list())
    # Both lists are paged, each with its own parameter: an organisation with thousands of
    # trajectories (and a buyer on hundreds of teams) still gets a page of a fixed size.
    mine = Paginator(trajectories.involving(request.user), PAGE_SIZE).get_page(request.GET.get("mijnpagina"))
    page = Paginator(trajectories, PAGE_SIZE).get_page(request.GET.get("pagina"))
    mine.object_list, page.object_list = list(mine.object_list), list(page.object_list)
    Trajectory.attach_progress([*mine.object_list, *page.object_list])
    query, mine_query = request.GET.copy(), request.GET.copy()
    query.pop("pagina", None)
    mine_query.pop("mijnpagina", None)
    template = "procurement/my_trajectories.html"
    partial = _htmx_partial(request)
    if partial:
        template += "#trajectory_lists"
    response = render(
        request,
        template,
        {
            "filters": filters,
            "mine": mine,
            "page": page,
            "query": query.urlencode(),
            "mine_query": mine_query.urlencode(),
            "filtered": filters.is_bound and filters.is_valid() and any(filters.cleaned_data.values()),
            "can_create": membership.can_edit_dossiers,
            "organisation": organisation,
            # What is due leads the page (notifications); a filtered list swapped in by htmx does without.
            "home_sections": [] if partial else sections(home_sections, request, organisation),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _team_formset(request, trajectory, organisation, initial=None):
    return TeamFormSet(
        request.POST or None,
        instance=trajectory,
        prefix="team",
        form_kwargs={"organisation": organisation},
        initial=initial,
    )


def _render_trajectory_form(request, template_context, status=200):
    form, team, growth = template_context["form"], template_context["team"], template_context["growth"]
    template_context["errors"] = error_summary(form, team, growth) if form.is_bound else []
    if template_context["creating"]:
        template_context["extra_sections"] = sections(start_sections, request, form.instance.organisation)
    return render(request, "procurement/trajectory_form.html", template_context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def trajectory_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = require_editor(request)
    organisation = membership.organisation
    trajectory = Trajectory(organisation=organisation, created_by=request.user, department=membership.department)
    form = TrajectoryForm(request.POST or None, instance=trajectory, organisation=organisation)
    me = {"user": request.user.pk, "role": TEAM_ROLE_FOR.get(membership.role_enum, "")}
    team = _team_formset(request, trajectory, organisation, initial=[me])
    growth = GrowthFormSet(request.POST or None, instance=trajectory, prefix="groei")
    if request.method == "POST" and all([form.is_valid(), team.is_valid(), growth.is_valid()]):
        with transaction.atomic():
            trajectory = form.save()
            team.instance = growth.instance = trajectory
            team.save()
            growth.save()
            trajectory.ensure_phase_records()
        messages.success(request, _("Het traject “%(title)s” is gestart.") % {"title": trajectory.title})
        return redirect(trajectory)
    return _render_trajectory_form(
        request, {"form": form, "team": team, "growth": growth, "trajectory": None, "creating": True}
    )


@login_required
@require_http_methods(["GET", "POST"])
def trajectory_edit(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = get_rw_trajectory_for_user(request, pk)
    organisation = trajectory.organisation
    form = TrajectoryForm(request.POST or None, instance=trajectory, organisation=organisation)
    team = _team_formset(request, trajectory, organisation)
    growth = GrowthFormSet(request.POST or None, instance=trajectory, prefix="groei")
    if request.method == "POST" and all([form.is_valid(), team.is_valid(), growth.is_valid()]):
        with transaction.atomic():
            form.save()
            team.save()
            growth.save()
        messages.success(request, _("De gegevens van het traject zijn opgeslagen."))
        return redirect(trajectory)
    return _render_trajectory_form(
        request, {"form": form, "team": team, "growth": growth, "trajectory": trajectory, "creating": False}
    )


@login_required
@require_GET
def trajectory_detail(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = get_trajectory_for_user(
        request,
        pk,
        Trajectory.objects.select_related(
            "organisation", "category", "department", "ambition", "chosen_strategy", "created_by", "effect"
        ),
    )
    records = trajectory.phase_records()
    startoverleg, evaluation = scenario_phase_records(records)
    membership = trajectory.viewer_membership
    return render(
        request,
        "procurement/trajectory_detail.html",
        {
            "trajectory": trajectory,
            "records": records,
            "completed_count": sum(r.is_completed for r in records),
            "applicable_count": sum(not r.is_not_applicable for r in records),
            "decision": trajectory.current_decision(),
            # The headline of "Referentie en effect": the stored totals, loaded with the trajectory (no query).
            "effect": get_effect(trajectory),
            "effect_records": (startoverleg, evaluation),
            "team": trajectory.team.select_related("user"),
            "growth": trajectory.growth_steps.select_related("strategy"),
            "can_edit": not trajectory.is_archived and can_edit_trajectory(membership, trajectory),
            "can_restore": trajectory.is_archived and can_edit_trajectory(membership, trajectory),
            "can_link_tender": not trajectory.is_archived
            and membership.role in {Role.INKOPER, Role.CHEF_CIRCULAIR}
            and can_edit_trajectory(membership, trajectory),
            "extra_sections": sections(trajectory_sections, request, trajectory),
        },
    )


@login_required
@require_POST
def trajectory_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Archive a trajectory (never a hard delete), or put an archived one back."""
    trajectory = get_trajectory_for_user(request, pk)
    if not can_edit_trajectory(trajectory.viewer_membership, trajectory):
        raise PermissionDenied
    if request.POST.get("action") == "terugzetten":
        trajectory.restore()
        messages.success(request, _("Het traject is teruggezet uit het archief."))
        return redirect(trajectory)
    trajectory.archive()
    messages.success(
        request, _("Het traject “%(title)s” is gearchiveerd. Het blijft leesbaar.") % {"title": trajectory.title}
    )
    return redirect("procurement:my_trajectories")


# --- History ------------------------------------------------------------------

HISTORY_SOURCES = [
    # (model, label of the object, filter to this trajectory)
    (Trajectory, gettext_lazy("Traject"), "id"),
    (TrajectoryMember, gettext_lazy("Team"), "trajectory_id"),
    (GrowthStep, gettext_lazy("Groeimodel"), "trajectory_id"),
    (PhaseRecord, gettext_lazy("Fase"), "trajectory_id"),
    (Answer, gettext_lazy("Antwoord"), "trajectory_id"),
    (AttentionCheck, gettext_lazy("Aandachtspunt"), "trajectory_id"),
    (RDecision, gettext_lazy("R-besluit"), "trajectory_id"),
    (ImpactLine, gettext_lazy("Referentie en effect"), "trajectory_id"),
    (TrajectoryEffect, gettext_lazy("Effect"), "trajectory_id"),
]
HIDDEN_FIELDS = {
    "version",
    "updated_at",
    "updated_by",
    "slug",
    "question_order",
    "point_order",
    # The effect: the factor's own values show what changed; the links and timestamps add nothing.
    "shared_factor",
    "own_factor",
    "snapshot_at",
    "computed_at",
}


def _describe(record) -> str:
    model = record.instance_type
    if model is Answer:
        return record.question_text
    if model is AttentionCheck:
        return record.point_text
    if model is PhaseRecord:
        return record.phase.title if record.phase_id else ""
    if model is TrajectoryMember:
        return str(record.user) if record.user_id else ""
    if model is GrowthStep:
        return _("contractjaar %(year)s") % {"year": record.year}
    if model is RDecision:
        return str(record.chosen_strategy) if record.chosen_strategy_id else ""
    if model in (ImpactLine, TrajectoryEffect):
        text = ""
        if model is ImpactLine:
            text = f"{record.get_scenario_display()}: {record.description or record.item_nl or '–'}"
        reason = record.history_change_reason
        return f"{text} ({reason})" if text and reason else text or reason or ""
    return record.title


def _display(record, field, value):
    if value in (None, ""):
        return "—"
    model_field = record.instance_type._meta.get_field(field)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if model_field.is_relation:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else "—"
    if isinstance(value, Decimal):
        return format_number(value, 6)
    return str(value)


def _field_label(model, name: str) -> str:
    field = model._meta.get_field(name)
    return str(field.verbose_name if isinstance(field, models.Field) else name)


def history_entries(trajectory: Trajectory) -> list[dict]:
    """Every recorded change of the trajectory and what belongs to it, newest first."""
    entries = []
    # The models are django-simple-history's (untyped): each has a ``history`` manager.
    sources: list[tuple[Any, str | Promise, str, Callable[[Any], str], set[str]]] = [
        (model, label, key, _describe, HIDDEN_FIELDS) for model, label, key in HISTORY_SOURCES
    ]
    sources += [(s.model, s.label, s.key, s.describe, HIDDEN_FIELDS | s.hidden) for s in history_sources]
    for model, label, key, describe, hidden in sources:
        records = list(
            model.history.filter(**{key: trajectory.pk})
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        if model is PhaseRecord:
            phases = {p.pk: p for p in {r.phase for r in PhaseRecord.objects.filter(trajectory=trajectory)}}
            for r in records:
                r.phase = phases.get(r.phase_id)
        previous: dict[int, Any] = {}
        for record in records:
            record.instance_type = model
            before = previous.get(record.id)
            if model in (Answer, AttentionCheck) and record.history_type == "+":
                # Rows made for each guiding question are bookkeeping, not a change by the team.
                previous[record.id] = record
                continue
            changes = []
            if before is not None:
                delta = record.diff_against(before)
                for change in delta.changes:
                    if change.field in hidden:
                        continue
                    changes.append(
                        {
                            "field": _field_label(model, change.field),
                            "old": _display(record, change.field, change.old),
                            "new": _display(record, change.field, change.new),
                        }
                    )
                if not changes and record.history_type == "~":
                    previous[record.id] = record
                    continue
            previous[record.id] = record
            entries.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "kind": label,
                    "type": record.history_type,
                    "object": describe(record),
                    "changes": changes,
                    "first_text": getattr(record, "text", "") if model is Answer and before is None else "",
                }
            )
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries


@login_required
@require_GET
def trajectory_history(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = get_trajectory_for_user(request, pk)
    entries = history_entries(trajectory)
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    return render(request, "procurement/trajectory_history.html", {"trajectory": trajectory, "page": page})
