"""The dossier of a trajectory: its data gathered in a fixed number of queries, as HTML or PDF.

The HTML page and the PDF render the same content template
(``procurement/includes/dossier_content.html``); the PDF wraps it with a cover,
a table of contents and paged-media CSS, and WeasyPrint turns it into an
archival, tagged PDF/A-3a with embedded fonts.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from chefcirculair.pdf import created_at, write_pdf
from rladder.models import RStrategy

from .extensions import dossier_sections
from .impact import compute_effect
from .models import (
    Answer,
    AttentionCheck,
    Comment,
    GuidingQuestion,
    Phase,
    PhaseRecord,
    RDecision,
    RDecisionStep,
    ReviewEvent,
    Trajectory,
)


@dataclass
class QuestionEntry:
    """One guiding question of a phase with the team's answer (or None) and its comments."""

    text: str
    kind: str
    strategies: list[str]
    answer: Answer | None
    comments: list = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return self.answer is not None and self.answer.state == Answer.State.BEANTWOORD and bool(self.answer.text)

    @property
    def not_applicable(self) -> bool:
        return self.answer is not None and self.answer.state == Answer.State.NIET_VAN_TOEPASSING


@dataclass
class PhaseEntry:
    phase: Phase
    record: PhaseRecord | None
    generic: list[QuestionEntry]
    highest: list[QuestionEntry]
    checks: list[AttentionCheck]
    comments: list[Comment]
    events: list[ReviewEvent]

    @property
    def questions(self) -> list[QuestionEntry]:
        return self.generic + self.highest

    @property
    def anchor(self) -> str:
        return f"fase-{self.phase.slug}"


def question_entries(phase, questions, answers, comments_by_answer) -> tuple[list, list]:
    """The questions of a phase as asked: answered ones from their snapshot, the rest from the guidance."""
    answered_ids = {a.question_id for a in answers if a.question_id}
    keyed = [
        (
            (answer.question_kind, answer.question_order, answer.pk),
            QuestionEntry(
                text=answer.question_text,
                kind=answer.question_kind,
                strategies=[c for c in answer.question_strategies.split(",") if c],
                answer=answer,
                comments=comments_by_answer.get(answer.pk, []),
            ),
        )
        for answer in answers
    ]
    keyed += [
        (
            (question.kind, question.order, 0),
            QuestionEntry(
                text=question.text,
                kind=question.kind,
                strategies=[s.code for s in question.strategies.all()],
                answer=None,
            ),
        )
        for question in questions
        if question.pk not in answered_ids
    ]
    entries = [entry for _key, entry in sorted(keyed, key=lambda pair: pair[0])]
    generic = [e for e in entries if e.kind == GuidingQuestion.Kind.GENERIEK]
    highest = [e for e in entries if e.kind == GuidingQuestion.Kind.HOOGSTE_R]
    return generic, highest


def phase_entry(trajectory, phase, record, *, questions, answers, checks, comments, events) -> PhaseEntry:
    comments_by_answer = defaultdict(list)
    phase_comments = []
    for comment in comments:
        if comment.answer_id:
            comments_by_answer[comment.answer_id].append(comment)
        else:
            phase_comments.append(comment)
    generic, highest = question_entries(phase, questions, answers, comments_by_answer)
    return PhaseEntry(
        phase=phase,
        record=record,
        generic=generic,
        highest=highest,
        checks=checks,
        comments=phase_comments,
        events=events,
    )


def dossier_queryset():
    return Trajectory.objects.select_related(
        "organisation",
        "category",
        "department",
        "ambition",
        "chosen_strategy",
        "created_by",
        "effect",
        "tender_reference",
    )


def build_dossier(trajectory: Trajectory) -> dict:
    """Everything the dossier shows, in a fixed number of queries whatever the trajectory's size."""
    phases = list(
        Phase.objects.prefetch_related(
            Prefetch("questions", queryset=GuidingQuestion.objects.prefetch_related("strategies"))
        )
    )
    records = {r.phase_id: r for r in trajectory.phases.select_related("reviewed_by", "completed_by")}
    per_phase = defaultdict(lambda: defaultdict(list))
    for answer in trajectory.answers.select_related("updated_by"):
        per_phase[answer.phase_id]["answers"].append(answer)
    for check in trajectory.attention_checks.filter(checked=True):
        per_phase[check.phase_id]["checks"].append(check)
    for comment in trajectory.comments.select_related("author", "phase_record"):
        per_phase[comment.phase_record.phase_id]["comments"].append(comment)
    for event in ReviewEvent.objects.filter(phase_record__trajectory=trajectory).select_related(
        "actor", "phase_record"
    ):
        per_phase[event.phase_record.phase_id]["events"].append(event)
    entries = [
        phase_entry(
            trajectory,
            phase,
            records.get(phase.pk),
            questions=list(phase.questions.all()),
            answers=per_phase[phase.pk]["answers"],
            checks=per_phase[phase.pk]["checks"],
            comments=per_phase[phase.pk]["comments"],
            events=per_phase[phase.pk]["events"],
        )
        for phase in phases
    ]
    decision = (
        trajectory.r_decisions.select_related("chosen_strategy", "created_by", "phase")
        .prefetch_related(Prefetch("steps", queryset=RDecisionStep.objects.select_related("strategy")))
        .first()
    )
    return {
        "trajectory": trajectory,
        "team": list(trajectory.team.select_related("user")),
        "growth_steps": list(trajectory.growth_steps.select_related("strategy")),
        "decision": decision,
        "decision_count": RDecision.objects.filter(trajectory=trajectory).count(),
        "effect": compute_effect(trajectory),
        "phase_entries": entries,
        "strategies": list(RStrategy.objects.order_by("number")),
        "extra_sections": dossier_sections(trajectory),
        "generated_at": created_at(),
    }


def pdf_filename(trajectory: Trajectory, when=None) -> str:
    day = timezone.localdate(when) if when else timezone.localdate()
    return f"dossier-{trajectory.slug}-{day:%Y-%m-%d}.pdf"


def render_pdf_html(trajectory: Trajectory, context: dict | None = None) -> str:
    """The HTML that WeasyPrint turns into the PDF (always Dutch)."""
    with translation.override("nl"):
        return render_to_string("procurement/dossier_pdf.html", context or build_dossier(trajectory))


def html_to_pdf(html: str) -> bytes:
    """The dossier's PDF from its HTML, made the one way every PDF of the app is (``chefcirculair.pdf``)."""
    return write_pdf(html)


def render_pdf(trajectory: Trajectory) -> bytes:
    return html_to_pdf(render_pdf_html(trajectory))
