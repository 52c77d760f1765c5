"""The dossier of a trajectory: its data gathered in a fixed number of queries, as HTML or PDF.

The HTML page and the PDF render the same content template
(``procurement/includes/dossier_content.html``); the PDF wraps it with a cover,
a table of contents and paged-media CSS, and WeasyPrint turns it into an
archival, tagged PDF/A-3a with embedded fonts.
"""

import bisect
import functools
import shutil
import subprocess  # nosec B404
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lib.pdf import write_pdf
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

# Tagged (PDF/UA-style structure tree) and archival (PDF/A-3, fonts embedded) in one.
PDF_VARIANT = "pdf/a-3a"


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
        "generated_at": timezone.now(),
    }


def pdf_filename(trajectory: Trajectory, when=None) -> str:
    day = timezone.localdate(when) if when else timezone.localdate()
    return f"dossier-{trajectory.slug}-{day:%Y-%m-%d}.pdf"


def render_pdf_html(trajectory: Trajectory, context: dict | None = None) -> str:
    """The HTML that WeasyPrint turns into the PDF (always Dutch)."""
    with translation.override("nl"):
        return render_to_string("procurement/dossier_pdf.html", context or build_dossier(trajectory))


@functools.cache
def _font_coverage() -> tuple[list[int], list[int]] | None:
    """Code point ranges (starts, ends) that an installed font can draw, from fontconfig; None if unknown."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return None
    result = subprocess.run(  # noqa: S603  # nosec B603
        [fc_list, "--format", "%{charset}\\n"], capture_output=True, text=True, timeout=30, check=False
    )
    ranges = []
    for token in result.stdout.split():
        low, _dash, high = token.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue
    if not ranges:
        return None
    merged: list[list[int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return [r[0] for r in merged], [r[1] for r in merged]


def _drawable(char: str, coverage) -> bool:
    starts, ends = coverage
    index = bisect.bisect_right(starts, ord(char)) - 1
    return index >= 0 and ord(char) <= ends[index]


def replace_missing_glyphs(html: str) -> str:
    """Write characters no installed font can draw (some emoji, scripts without a font) as [U+XXXX].

    A character without a glyph would become an empty box and, worse, breaks the
    PDF's text layer (ToUnicode map) for screen readers and text extraction.
    """
    coverage = _font_coverage()
    if coverage is None:
        return html
    missing = {
        ord(char): f"[U+{ord(char):04X}]"
        for char in set(html)
        if ord(char) > 0x7E
        and not char.isspace()
        and not _drawable(char, coverage)
        and unicodedata.category(char) not in {"Mn", "Cf"}
    }
    return html.translate(missing) if missing else html


def html_to_pdf(html: str) -> bytes:
    html = replace_missing_glyphs(html)
    return write_pdf(html, pdf_variant=PDF_VARIANT)


def render_pdf(trajectory: Trajectory) -> bytes:
    return html_to_pdf(render_pdf_html(trajectory))
