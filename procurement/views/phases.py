"""The work of one phase: answers, the checklist, completion, and the R-decision.

Without JavaScript the phase page is one form (``phase_save``) that saves
every answer and check it contains, and redirects. With htmx each answer and
check autosaves on its own (``answer_save`` / ``check_save``). Every edit
states the version it started from; a stale save is refused (409) and shown
side by side with the other person's text, never silently overwritten.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from lib.forms import error_summary
from lib.http import HtmxHttpRequest, safe_next
from rladder.models import RStrategy

from .. import guidance_cache
from ..access import can_edit_trajectory, get_rw_trajectory_for_user, get_trajectory_for_user
from ..extensions import decision_sections, phase_sections, sections
from ..forms import AnswerForm, CheckForm, CompletionForm, RDecisionForm
from ..models import (
    Answer,
    AttentionCheck,
    EditConflict,
    PhaseNotOpen,
    PhaseRecord,
    Trajectory,
)
from ..review import UnderReview
from .impact import effect_context

PAGE = "procurement/phase_detail.html"
ITEM_PAGE = "procurement/item_edit.html"


def _record(trajectory: Trajectory, phase_slug: str) -> PhaseRecord:
    """The phase's record, from one query for all six (``record.all_records``: the page shows them all).

    The guidance stamp comes with the records: the page's guidance is then taken from the cache.
    """
    records = list(trajectory.phases.select_related("phase").annotate(**guidance_cache.stamp_annotations()))
    record = next((r for r in records if r.phase.slug == phase_slug), None)
    if record is None:
        raise Http404
    for r in records:
        r.trajectory = trajectory
    record.all_records = records
    return record


class Item:
    """An answer or check with its form and, after a refused save, the conflict."""

    def __init__(self, obj, form, conflict: EditConflict | None = None):
        self.obj = obj
        self.form = form
        self.conflict = conflict

    @property
    def mine(self) -> dict | None:
        return self.conflict.mine if self.conflict else None


def _answer_groups(items: list[Item], strategies: dict) -> tuple[list[Item], list[dict]]:
    """Generic answers, and highest-R answers grouped under their R-strategy (ladder order)."""
    generic = [i for i in items if not i.obj.is_highest]
    groups: dict[str, dict] = {}
    for item in items:
        if not item.obj.is_highest:
            continue
        codes = item.obj.strategy_codes
        code = codes[0] if codes else ""
        if code not in groups:
            groups[code] = {"strategy": strategies.get(code), "code": code, "items": []}
        groups[code]["items"].append(item)
    ordered = sorted(groups.values(), key=lambda g: g["strategy"].number if g["strategy"] else 99)
    return generic, ordered


def _phase_context(
    request, trajectory, record, *, answer_items=None, check_items=None, completion=None, errors=(), read=None
):
    """``read``: the phase's guidance and its (answers, checks) when the caller has them already."""
    guidance, rows = read or (None, None)
    answers, checks = rows or (list(record.answers()), list(record.checks()))
    answer_items = answer_items or {}
    check_items = check_items or {}
    items = [answer_items.get(a.pk) or Item(a, AnswerForm(answer=a)) for a in answers]
    check_list = [check_items.get(c.pk) or Item(c, CheckForm(check=c)) for c in checks]
    # Answers whose question an admin removed stay visible (with the question as asked).
    strategies = guidance_cache.strategies(guidance_cache.stamp_of(record))
    generic, highest_groups = _answer_groups(items, strategies)
    phases = record.all_records
    # The newest R-decision, read first: it also tells every phase whether the decision is there (one query).
    decision = trajectory.current_decision()
    can_edit = not trajectory.is_archived and can_edit_trajectory(trajectory.viewer_membership, trajectory)
    summary = record.is_completed and request.GET.get("bewerken") != "1" and not answer_items and not check_items
    return {
        "trajectory": trajectory,
        "record": record,
        "phase": guidance or guidance_cache.phase(record.phase_id, guidance_cache.stamp_of(record)),
        "phases": phases,
        "generic": generic,
        "highest_groups": highest_groups,
        "answers": items,
        "checks": check_list,
        "open_count": sum(1 for i in items if i.obj.state == Answer.State.OPEN),
        "decision": decision,
        "completion": completion
        or CompletionForm(initial={"completed": CompletionForm.DONE if record.is_completed else ""}),
        "can_edit": can_edit and record.is_editable,
        "may_offer": can_edit,
        "summary_mode": summary,
        "conflicts": [i for i in [*items, *check_list] if i.conflict],
        "errors": list(errors),
        "next_record": next((p for p in phases if p.phase.order > record.phase.order), None),
        "impact": effect_context(trajectory, record, phases, can_edit=can_edit),
        "extra_sections": sections(phase_sections, request, trajectory, record),
    }


@login_required
@require_GET
def phase_detail(request: HttpRequest, pk: int, phase_slug: str) -> HttpResponse:
    # The effect row comes with the trajectory: Startoverleg and Intern evalueren show it.
    trajectory = get_trajectory_for_user(request, pk, Trajectory.objects.select_related("effect"))
    record = _record(trajectory, phase_slug)
    guidance = guidance_cache.phase(record.phase_id, guidance_cache.stamp_of(record))
    rows = record.sync_items(guidance)
    return render(request, PAGE, _phase_context(request, trajectory, record, read=(guidance, rows)))


@login_required
@require_POST
def phase_save(request: HttpRequest, pk: int, phase_slug: str) -> HttpResponse:
    """The whole phase as one form: answers, checks and "Heb je deze fase afgerond?"."""
    trajectory = get_rw_trajectory_for_user(request, pk)
    record = _record(trajectory, phase_slug)
    if not record.is_editable:
        messages.error(request, record.not_editable_reason)
        return redirect(record.get_absolute_url())
    answers = [a for a in record.answers() if f"a{a.pk}-version" in request.POST]
    checks = [c for c in record.checks() if f"c{c.pk}-version" in request.POST]
    answer_items = {a.pk: Item(a, AnswerForm(request.POST, answer=a)) for a in answers}
    check_items = {c.pk: Item(c, CheckForm(request.POST, check=c)) for c in checks}
    completion = CompletionForm(request.POST)
    items = [*answer_items.values(), *check_items.values()]
    valid = [item.form.is_valid() for item in items] + [completion.is_valid()]  # validate every form
    if False in valid:
        context = _phase_context(
            request,
            trajectory,
            record,
            answer_items=answer_items,
            check_items=check_items,
            completion=completion,
            errors=error_summary(*(item.form for item in items), completion),
        )
        return render(request, PAGE, context)

    try:
        _save_items(request, record, items)
    except UnderReview as refusal:
        messages.error(request, refusal.message)
        return redirect(record.get_absolute_url())
    conflicts = [i for i in items if i.conflict]
    if conflicts:
        # Show the other person's text beside mine; what I typed stays in the fields.
        for item in items:
            if not item.conflict:
                item.form = (AnswerForm if isinstance(item.obj, Answer) else CheckForm)(**_fresh_kwargs(item.obj))
            else:
                item.form = _conflict_form(item.conflict)
        context = _phase_context(
            request, trajectory, record, answer_items=answer_items, check_items=check_items, completion=completion
        )
        return render(request, PAGE, context, status=409)

    choice = completion.cleaned_data.get("completed")
    if choice == CompletionForm.DONE:
        try:
            record.complete(request.user)
        except PhaseNotOpen as reason:
            completion.add_error("completed", str(reason))
            context = _phase_context(
                request, trajectory, record, completion=completion, errors=error_summary(completion)
            )
            return render(request, PAGE, context)
        messages.success(request, _("Fase “%(title)s” is afgerond.") % {"title": record.phase.title})
        return redirect(trajectory)
    if choice == CompletionForm.LATER:
        record.reopen(request.user)
        messages.success(request, _("Opgeslagen. Je kunt later verder met deze fase."))
        return redirect(trajectory)
    messages.success(request, _("Opgeslagen om %(time)s.") % {"time": _now()})
    return redirect(record.get_absolute_url())


def _save_items(request, record: PhaseRecord, items: list[Item]) -> bool:
    """Apply the edits of a phase form under the phase's row lock; True when something changed.

    Every edit and the phase's activity are one commit. Raises ``UnderReview`` (nothing
    written) when the phase is under review by the time the lock is held.
    """
    with transaction.atomic():
        record.lock_for_edit()
        changed = False
        for item in items:
            if item.form.cleaned_data.get("resolution") == "theirs":
                continue
            try:
                changed |= item.obj.apply_edit(
                    user=request.user, values=item.form.edit_values(), base_version=item.form.cleaned_data["version"]
                )
            except EditConflict as conflict:
                item.conflict = conflict
        if changed:
            record.record_edit(request.user, locked=True)
    return changed


def _fresh_kwargs(obj) -> dict:
    obj.refresh_from_db()
    return {"answer": obj} if isinstance(obj, Answer) else {"check": obj}


def _conflict_form(conflict: EditConflict):
    """A form on the current version, prefilled with what I typed, to keep, drop or merge."""
    obj, mine = conflict.current, conflict.mine
    if isinstance(obj, Answer):
        initial = {
            "text": mine["text"],
            "not_applicable": mine["state"] == Answer.State.NOT_APPLICABLE,
            "na_reason": mine["na_reason"],
            "version": obj.version,
            "mine": mine["text"],
        }
        return AnswerForm(answer=obj, initial=initial)
    initial = {
        "checked": mine["checked"],
        "note": mine["note"],
        "version": obj.version,
        "mine": mine["note"],
        "mine_checked": mine["checked"],
    }
    return CheckForm(check=obj, initial=initial)


def _now() -> str:
    return time_format(timezone.localtime(), "H:i")


KINDS: dict[str, tuple[type[Answer] | type[AttentionCheck], type[forms.BaseForm], str]] = {
    "answer": (Answer, AnswerForm, "answer"),
    "check": (AttentionCheck, CheckForm, "check"),
}


def _item_for(request, pk: int, kind: str, item_pk: int, related=("phase", "updated_by")):
    trajectory, obj, form_class, kwarg = _item_only(request, pk, kind, item_pk, related)
    return trajectory, _item_record(trajectory, obj), obj, form_class, kwarg


def _item_only(request, pk: int, kind: str, item_pk: int, related):
    trajectory = get_rw_trajectory_for_user(request, pk)
    model, form_class, kwarg = KINDS[kind]
    items = model.objects.select_related(*related) if related else model.objects.all()  # () would mean "all"
    obj = get_object_or_404(items, trajectory=trajectory, pk=item_pk)
    return trajectory, obj, form_class, kwarg


def _item_record(trajectory, obj, *, lock: bool = False) -> PhaseRecord:
    records = trajectory.phases.select_related("phase")
    if lock:
        records = records.select_for_update(of=("self",))
    record = get_object_or_404(records, phase_id=obj.phase_id)
    record.trajectory = trajectory
    return record


def _item_page(request, trajectory, record, kind, item, status=200, errors=()):
    summary_url = record.get_absolute_url()
    return render(
        request,
        ITEM_PAGE,
        {
            "trajectory": trajectory,
            "record": record,
            "kind": kind,
            "item": item,
            "next": safe_next(request, summary_url),
            "errors": list(errors),
            "can_edit": record.is_editable,
        },
        status=status,
    )


class _NotEditable(Exception):
    """The phase cannot be edited now (found under the row lock): nothing was written."""


def _not_editable(request, trajectory, record, kind, item) -> HttpResponse:
    message = _("Niet opgeslagen: %(reason)s") % {"reason": record.not_editable_reason}
    if request.htmx:
        return render(
            request, f"{PAGE}#{kind}_status", {"item": item, "error": message, "trajectory": trajectory}, status=422
        )
    messages.error(request, message)
    return redirect(record.get_absolute_url())


def _item_save(request: HtmxHttpRequest, pk: int, item_pk: int, kind: str) -> HttpResponse:
    # The save needs neither the phase nor the last editor of the row: no joins (a conflict loads them).
    trajectory, obj, form_class, kwarg = _item_only(request, pk, kind, item_pk, related=())
    partial = f"{PAGE}#{kind}"
    form = form_class(request.POST, **{kwarg: obj})
    item = Item(obj, form)
    if not form.is_valid():
        record = _item_record(trajectory, obj)
        if not record.is_editable:
            return _not_editable(request, trajectory, record, kind, item)
        if request.htmx:
            error = _("Niet opgeslagen: %(error)s Je tekst staat nog in het veld.") % {
                "error": " ".join(str(e) for errs in form.errors.values() for e in errs)
            }
            return render(
                request,
                f"{PAGE}#{kind}_status",
                {"item": item, "error": error, "trajectory": trajectory, "field_errors": True},
                status=422,
            )
        return _item_page(request, trajectory, record, kind, item, errors=error_summary(item.form))
    try:
        # The phase row is read under its lock, so its state (under review, approved) is current
        # and an approval of the phase serialises with this edit; the edit and the phase's
        # activity are one commit.
        with transaction.atomic():
            record = _item_record(trajectory, obj, lock=True)
            if not record.is_editable:
                raise _NotEditable
            if form.cleaned_data.get("resolution") != "theirs" and obj.apply_edit(
                user=request.user, values=form.edit_values(), base_version=form.cleaned_data["version"]
            ):
                record.record_edit(request.user, locked=True)
    except _NotEditable:
        return _not_editable(request, trajectory, record, kind, item)
    except EditConflict as conflict:
        item.conflict = conflict
        item.form = _conflict_form(conflict)
        context = {"item": item, "trajectory": trajectory, "record": record, "can_edit": True}
        if request.htmx:
            response = render(request, partial, context, status=409)
            response = retarget(response, f"#{kind}-{obj.pk}")
            return reswap(response, "outerHTML")
        return _item_page(request, trajectory, record, kind, item, status=409)
    if request.htmx:
        if form.cleaned_data.get("resolution"):
            # After resolving a conflict, show the block in its normal state again.
            obj.refresh_from_db()
            fresh = Item(obj, form_class(**{kwarg: obj}))
            context = {"item": fresh, "trajectory": trajectory, "record": record, "can_edit": True, "saved": _now()}
            response = render(request, partial, context)
            response = retarget(response, f"#{kind}-{obj.pk}")
            return reswap(response, "outerHTML")
        return render(
            request, f"{PAGE}#{kind}_status", {"item": item, "saved": _now(), "oob": True, "trajectory": trajectory}
        )
    messages.success(request, _("Opgeslagen om %(time)s.") % {"time": _now()})
    return redirect(safe_next(request, f"{record.get_absolute_url()}#{kind}-{obj.pk}"))


@login_required
@require_POST
def answer_save(request: HtmxHttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    response = _item_save(request, pk, answer_pk, "answer")
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def check_save(request: HtmxHttpRequest, pk: int, check_pk: int) -> HttpResponse:
    response = _item_save(request, pk, check_pk, "check")
    patch_vary_headers(response, ["HX-Request"])
    return response


def _item_edit(request, pk, item_pk, kind):
    trajectory, record, obj, form_class, kwarg = _item_for(request, pk, kind, item_pk)
    item = Item(obj, form_class(**{kwarg: obj}))
    return _item_page(request, trajectory, record, kind, item)


@login_required
@require_GET
def answer_edit(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    """One answer on its own page: the "Wijzigen" link of the check-answers summary."""
    return _item_edit(request, pk, answer_pk, "answer")


@login_required
@require_GET
def check_edit(request: HttpRequest, pk: int, check_pk: int) -> HttpResponse:
    return _item_edit(request, pk, check_pk, "check")


# --- The R-decision ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def r_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """Work down the ladder (R0, R1, R2) and record the decision; each revision is kept."""
    trajectory = get_rw_trajectory_for_user(
        request, pk, Trajectory.objects.select_related("chosen_strategy", "organisation")
    )
    records = list(trajectory.phases.select_related("phase"))
    slug = request.POST.get("fase") or request.GET.get("fase") or ""
    record = next((r for r in records if r.phase.slug == slug), records[0] if records else None)
    if record is None:
        trajectory.ensure_phase_records()
        return redirect(request.path)
    record.trajectory = trajectory
    strategies = list(RStrategy.objects.highest().order_by("number"))
    decisions = list(
        trajectory.r_decisions.select_related("chosen_strategy", "phase", "created_by").prefetch_related(
            "steps__strategy"
        )
    )
    current = decisions[0] if decisions else None
    if request.method == "POST":
        form = RDecisionForm(request.POST, strategies=strategies)
        if form.is_valid():
            decision = trajectory.record_r_decision(
                user=request.user,
                phase=record.phase,
                steps=[step.step() for step in form.steps],
                fallback=form.cleaned_data.get("fallback"),
                summary=form.cleaned_data.get("summary", ""),
                avoided_spend=form.cleaned_data.get("avoided_spend"),
            )
            if decision.is_refusal:
                messages.success(
                    request,
                    _(
                        "R-besluit vastgelegd: niet inkopen. Het traject is afgesloten als “Inkoop voorkomen”. "
                        "Vergeet niet intern te evalueren."
                    ),
                )
                return redirect(trajectory)
            messages.success(
                request,
                _("R-besluit vastgelegd: %(strategy)s.") % {"strategy": decision.chosen_strategy},
            )
            return redirect(record.get_absolute_url())
    else:
        form = RDecisionForm(strategies=strategies, current=current)
    return render(
        request,
        "procurement/r_decision.html",
        {
            "trajectory": trajectory,
            "record": record,
            "form": form,
            "errors": form.all_errors() if form.is_bound else [],
            "decisions": decisions,
            "current": current,
            "extra_sections": sections(decision_sections, request, trajectory),
        },
    )
