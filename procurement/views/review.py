"""Review pages: the chef circulair's queue, the review page of a phase, offering and comments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.http import AuthenticatedHttpRequest, safe_next
from organisations.access import require_membership

from ..access import can_edit_trajectory, get_trajectory_for_user
from ..dossier import phase_entry
from ..models import Comment, PhaseRecord, TrajectoryMember
from ..notifications import notify_decision, notify_phase_offered
from ..review import ContentChanged, PhaseContent, ReviewError
from ..review_forms import CommentForm, DecisionForm

QUEUE_PAGE_SIZE = 25  # waiting phases per page of the review queue


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    if not membership.can_review:
        raise PermissionDenied
    records = (
        PhaseRecord.objects.filter(
            trajectory__organisation_id=membership.organisation_id,
            trajectory__archived_at__isnull=True,
            review_status=PhaseRecord.ReviewStatus.IN_REVIEW,
        )
        .select_related("trajectory", "phase")
        .prefetch_related(
            Prefetch("trajectory__team", queryset=TrajectoryMember.objects.select_related("user").order_by("role"))
        )
        .order_by("offered_at", "pk")
    )
    page = Paginator(records, QUEUE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {"records": page.object_list, "page": page, "query": query.urlencode()}
    return render(request, "procurement/review_queue.html", context)


def _phase_record(trajectory, phase_slug: str) -> PhaseRecord:
    record = trajectory.phases.select_related("phase", "reviewed_by").filter(phase__slug=phase_slug).first()
    if record is None:
        raise Http404("Fase niet gevonden")
    record.trajectory = trajectory
    return record


def _review_context(request, trajectory, record, *, decision_form=None, comment_form=None, changed=()) -> dict:
    """The review page; ``changed`` holds the content keys ("a12", "c3") to mark as changed."""
    membership = trajectory.viewer_membership
    phase = record.phase
    all_answers = list(trajectory.answers.filter(phase=phase).select_related("updated_by"))
    checks = list(trajectory.attention_checks.filter(phase=phase))
    # The decision form posts back the version of exactly what this page shows.
    content = PhaseContent.of(all_answers, checks)
    for row in all_answers:
        row.changed_since_seen = f"a{row.pk}" in changed
    for row in checks:
        row.changed_since_seen = f"c{row.pk}" in changed
    entry = phase_entry(
        trajectory,
        phase,
        record,
        questions=list(phase.questions.prefetch_related("strategies")),
        answers=all_answers,
        checks=checks,
        comments=list(record.comments.select_related("author")),
        events=list(record.review_events.select_related("actor")),
    )
    answers = [q.answer for q in entry.questions if q.answer is not None]
    bound_target = comment_form["target"].value() if comment_form is not None else None
    may_comment = _may_comment(membership, trajectory)
    if may_comment:
        for question in entry.questions:
            if question.answer is None:
                continue
            target = str(question.answer.pk)
            question.comment_form = (
                comment_form if bound_target == target else CommentForm(answers=answers, target=target)
            )
        entry.comment_form = comment_form if bound_target == "fase" else CommentForm(answers=answers)
    can_decide = membership.can_review and trajectory.archived_at is None
    return {
        "trajectory": trajectory,
        "record": record,
        "entry": entry,
        "membership": membership,
        "team": list(trajectory.team.select_related("user")),
        "can_decide": can_decide,
        "may_comment": may_comment,
        "may_offer": trajectory.archived_at is None and can_edit_trajectory(membership, trajectory),
        "may_approve": can_decide and record.may_approve(request.user),
        "decision_form": decision_form or DecisionForm(),
        "comment_form": comment_form,
        "content": content,
        "changed_count": len(changed),
    }


def _may_comment(membership, trajectory) -> bool:
    """Reviewers and the team (with an editing role) talk in the thread; readers read."""
    if trajectory.archived_at is not None:
        return False
    return membership.can_review or can_edit_trajectory(membership, trajectory)


@login_required
@require_http_methods(["GET", "POST"])
def review_phase(request: HttpRequest, pk: int, phase_slug: str) -> HttpResponse:
    trajectory = get_trajectory_for_user(request, pk)
    record = _phase_record(trajectory, phase_slug)
    membership = trajectory.viewer_membership
    form = None
    stale = set()
    if request.method == "POST":
        if not membership.can_review:
            raise PermissionDenied
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    if form.cleaned_data["decision"] == DecisionForm.APPROVE:
                        changed = record.approve(
                            request.user,
                            form.cleaned_data["comment"],
                            content_version=request.POST.get("content_version", "")[:64],
                            seen=PhaseContent.parse(request.POST.get("content_snapshot", "")),
                        )
                    else:
                        changed = record.request_changes(request.user, form.cleaned_data["comment"])
                    if changed:
                        notify_decision(record, request.user, record.review_events.order_by("-pk").first())
            except ContentChanged as error:
                form.add_error(None, error.message)
                stale = error.changed
            except ReviewError as error:
                form.add_error(None, error.message)
            else:
                if changed:
                    messages.success(
                        request,
                        _("Je beslissing is opgeslagen: %(decision)s. Het team krijgt een e-mail.")
                        % {"decision": record.get_review_status_display().lower()},
                    )
                else:
                    messages.info(request, _("Deze beslissing was al opgeslagen."))
                return redirect("procurement:review_phase", pk=trajectory.pk, phase_slug=record.phase.slug)
    context = _review_context(request, trajectory, record, decision_form=form, changed=stale)
    context["form"] = form  # error summary and "Fout:" title for the decision form
    return render(request, "procurement/review_phase.html", context)


@login_required
@require_POST
def withdraw_approval(request: HttpRequest, pk: int, phase_slug: str) -> HttpResponse:
    trajectory = get_trajectory_for_user(request, pk)
    if not trajectory.viewer_membership.can_review:
        raise PermissionDenied
    record = _phase_record(trajectory, phase_slug)
    try:
        with transaction.atomic():
            changed = record.withdraw_approval(request.user)
            if changed:
                notify_decision(record, request.user, record.review_events.order_by("-pk").first())
    except ReviewError as error:
        messages.error(request, error.message)
    else:
        if changed:
            messages.success(request, _("De goedkeuring is ingetrokken; de fase staat weer op Bezig."))
        else:
            messages.info(request, _("Deze fase was niet (meer) goedgekeurd."))
    return redirect("procurement:review_phase", pk=trajectory.pk, phase_slug=record.phase.slug)


def _team_phase_record(request: HttpRequest, pk: int, phase_slug: str):
    """The trajectory and phase record for a team action (offer, withdraw): 404 outside, 403 for readers."""
    trajectory = get_trajectory_for_user(request, pk)
    if trajectory.archived_at is not None or not can_edit_trajectory(trajectory.viewer_membership, trajectory):
        raise PermissionDenied
    return trajectory, _phase_record(trajectory, phase_slug)


@login_required
@require_POST
def offer_phase(request: HttpRequest, pk: int, phase_slug: str) -> HttpResponse:
    trajectory, record = _team_phase_record(request, pk, phase_slug)
    try:
        with transaction.atomic():
            changed = record.offer_for_review(request.user)
            if changed:
                notify_phase_offered(record, request.user)
    except ReviewError as error:
        messages.error(request, error.message)
    else:
        if changed:
            messages.success(
                request,
                _("De fase %(phase)s is ter beoordeling aangeboden. De chef circulair krijgt een e-mail.")
                % {"phase": record.phase.title},
            )
        else:
            messages.info(request, _("Deze fase was al ter beoordeling aangeboden."))
    return redirect(safe_next(request, reverse("procurement:review_phase", args=[trajectory.pk, record.phase.slug])))


@login_required
@require_POST
def withdraw_offer(request: HttpRequest, pk: int, phase_slug: str) -> HttpResponse:
    """Terugtrekken uit beoordeling: the team takes an offered phase back to change it."""
    trajectory, record = _team_phase_record(request, pk, phase_slug)
    try:
        changed = record.withdraw_offer(request.user)
    except ReviewError as error:
        messages.error(request, error.message)
    else:
        if changed:
            messages.success(
                request,
                _("De fase %(phase)s is teruggetrokken uit de beoordeling. Je kunt haar weer wijzigen.")
                % {"phase": record.phase.title},
            )
        else:
            messages.info(request, _("Deze fase lag niet (meer) ter beoordeling."))
    return redirect(safe_next(request, record.get_absolute_url()))


@login_required
@require_POST
def phase_comment(request: AuthenticatedHttpRequest, pk: int, phase_slug: str) -> HttpResponse:
    trajectory = get_trajectory_for_user(request, pk)
    record = _phase_record(trajectory, phase_slug)
    if not _may_comment(trajectory.viewer_membership, trajectory):
        raise PermissionDenied
    answers = list(trajectory.answers.filter(phase=record.phase))
    target = request.POST.get("target", "fase")
    if target not in {str(a.pk) for a in answers}:
        target = "fase"
    form = CommentForm(request.POST, answers=answers, target=target)
    if form.is_valid():
        Comment.objects.create(
            trajectory=trajectory,
            phase_record=record,
            answer=form.answer,
            author=request.user,
            body=form.cleaned_data["body"],
        )
        messages.success(request, _("Je opmerking is geplaatst."))
        anchor = f"#antwoord-{form.answer.pk}" if form.answer else "#opmerkingen-fase"
        return redirect(reverse("procurement:review_phase", args=[trajectory.pk, record.phase.slug]) + anchor)
    context = _review_context(request, trajectory, record, comment_form=form)
    context["form"] = form
    return render(request, "procurement/review_phase.html", context)
