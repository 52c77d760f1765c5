"""The dossier of a trajectory: its sections, as HTML or PDF.

The dossier is the sections registered in ``procurement.extensions.dossier_sections``:
procurement's own (below, ``DOSSIER_SECTIONS``) and those of higher apps. Each section
renders itself and says what it reads; the content version of a dossier is made of
those declarations (procurement/dossier_pdfs.py). The HTML page and the PDF render
the same content template (``procurement/includes/dossier_content.html``); the PDF
wraps it with a cover, a table of contents and paged-media CSS, and WeasyPrint turns
it into an archival, tagged PDF/A-3a with embedded fonts.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.forms import Form
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from lib.language import DEFAULT as DEFAULT_LANGUAGE
from lib.pdf import created_at, write_pdf
from lib.versions import Reads, people
from organisations.models import Department, Organisation, OrganisationTheme, ProductCategory
from rladder.models import RStrategy

from .extensions import DossierSection, Section, dossier_sections
from .impact import compute_effect
from .models import (
    Answer,
    AttentionCheck,
    AttentionPoint,
    Comment,
    GrowthStep,
    GuidingQuestion,
    ImpactLine,
    Phase,
    PhaseRecord,
    RDecision,
    RDecisionStep,
    ReviewEvent,
    TenderReference,
    Trajectory,
    TrajectoryEffect,
    TrajectoryMember,
)


class HasSlug(Protocol):
    @property
    def slug(self) -> str: ...


@dataclass
class QuestionEntry:
    """One guiding question of a phase with the team's answer (or None) and its comments."""

    text: str
    kind: str
    strategies: list[str]
    answer: Answer | None
    comments: list = field(default_factory=list)
    comment_form: Form | None = None  # set by the review page, where the viewer may comment

    @property
    def answered(self) -> bool:
        return self.answer is not None and self.answer.state == Answer.State.ANSWERED and bool(self.answer.text)

    @property
    def not_applicable(self) -> bool:
        return self.answer is not None and self.answer.state == Answer.State.NOT_APPLICABLE


@dataclass
class PhaseEntry:
    phase: Phase
    record: PhaseRecord | None
    generic: list[QuestionEntry]
    highest: list[QuestionEntry]
    checks: list[AttentionCheck]
    comments: list[Comment]
    events: list[ReviewEvent]
    comment_form: Form | None = None  # set by the review page, where the viewer may comment

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
    generic = [e for e in entries if e.kind == GuidingQuestion.Kind.GENERIC]
    highest = [e for e in entries if e.kind == GuidingQuestion.Kind.HIGHEST_R]
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


SUMMARY_TEMPLATE = "procurement/includes/dossier/summary.html"
TEAM_TEMPLATE = "procurement/includes/dossier/team.html"
AMBITION_TEMPLATE = "procurement/includes/dossier/ambition.html"
DECISION_TEMPLATE = "procurement/includes/dossier/decision.html"
EFFECT_TEMPLATE = "procurement/includes/dossier/effect.html"
PHASE_TEMPLATE = "procurement/includes/dossier/phase.html"
TENDER_TEMPLATE = "procurement/includes/dossier/tender.html"


def dossier_queryset():
    return Trajectory.objects.select_related(
        "organisation__theme",  # the PDF's colours
        "category",
        "department",
        "ambition",
        "chosen_strategy",
        "created_by",
        "effect",
        "tender_reference__imported_by",
    )


def summary_sections(trajectory: Trajectory) -> list[Section]:
    context = {"trajectory": trajectory}
    return [Section("samenvatting", gettext("Samenvatting"), SUMMARY_TEMPLATE, context)]


def team_sections(trajectory: Trajectory) -> list[Section]:
    team = list(trajectory.team.select_related("user"))
    return [Section("team", gettext("Team"), TEAM_TEMPLATE, {"team": team})]


def ambition_sections(trajectory: Trajectory) -> list[Section]:
    context = {
        "trajectory": trajectory,
        "growth_steps": list(trajectory.growth_steps.select_related("strategy")),
        "strategies": list(RStrategy.objects.order_by("number")),  # the R-ladder graphic
    }
    return [Section("ambitie", gettext("Ambitie en groeimodel"), AMBITION_TEMPLATE, context)]


def decision_sections(trajectory: Trajectory) -> list[Section]:
    decision = (
        trajectory.r_decisions.select_related("chosen_strategy", "created_by", "phase")
        .prefetch_related(Prefetch("steps", queryset=RDecisionStep.objects.select_related("strategy")))
        .first()
    )
    context = {"decision": decision, "decision_count": RDecision.objects.filter(trajectory=trajectory).count()}
    return [Section("r-besluit", gettext("R-besluit"), DECISION_TEMPLATE, context)]


def tender_sections(trajectory: Trajectory) -> list[Section]:
    reference = getattr(trajectory, "tender_reference", None)  # none: RelatedObjectDoesNotExist, an AttributeError
    if reference is None:
        return []
    return [Section("aanbesteding", gettext("Gekoppelde aanbesteding"), TENDER_TEMPLATE, {"reference": reference})]


def effect_sections(trajectory: Trajectory) -> list[Section]:
    context = {"effect": compute_effect(trajectory)}
    return [Section("effect", gettext("Effect"), EFFECT_TEMPLATE, context)]


def phase_entries(trajectory: Trajectory) -> list[PhaseEntry]:
    """Each phase with the trajectory's record, answers, checks, comments and review events (fixed query count)."""
    phases = list(
        Phase.objects.prefetch_related(
            Prefetch("questions", queryset=GuidingQuestion.objects.prefetch_related("strategies"))
        )
    )
    records = {r.phase_id: r for r in trajectory.phases.select_related("reviewed_by", "completed_by")}
    per_phase: defaultdict[int, defaultdict[str, list]] = defaultdict(lambda: defaultdict(list))
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
    return [
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


def _phase_note(record: PhaseRecord | None) -> str:
    """A phase's status as the table of contents shows it after the title."""
    if record is None:
        return ""
    note = record.get_status_display()
    if record.review_status:
        note += ", " + str(record.get_review_status_display()).lower()
    return note


def phase_sections(trajectory: Trajectory) -> list[Section]:
    return [
        Section(
            entry.anchor,
            gettext("Fase %(n)s: %(title)s") % {"n": entry.phase.order, "title": entry.phase.title},
            PHASE_TEMPLATE,
            {"entry": entry},
            note=_phase_note(entry.record),
            css_class="dossier-phase",
        )
        for entry in phase_entries(trajectory)
    ]


# The dossier's own sections, in order (registered in ProcurementConfig.ready(), before other apps' sections).
TRAJECTORY = Reads(Trajectory, id="pk")
STRATEGIES = Reads(RStrategy)
DOSSIER_SECTIONS = [
    DossierSection(
        "samenvatting",
        SUMMARY_TEMPLATE,
        summary_sections,
        (
            TRAJECTORY,
            STRATEGIES,
            Reads(Organisation, id="organisation_id"),
            Reads(OrganisationTheme, organisation_id="organisation_id"),  # the PDF's colours
            Reads(ProductCategory, id="category_id"),
            Reads(Department, id="department_id"),
            Reads(get_user_model(), key="trajectory_created_by", id="created_by_id"),
        ),
    ),
    DossierSection(
        "team",
        TEAM_TEMPLATE,
        team_sections,
        (Reads(TrajectoryMember, trajectory_id="pk"), people(TrajectoryMember, "user", trajectory_id="pk")),
    ),
    DossierSection(
        "ambitie", AMBITION_TEMPLATE, ambition_sections, (TRAJECTORY, STRATEGIES, Reads(GrowthStep, trajectory_id="pk"))
    ),
    DossierSection(
        "r-besluit",
        DECISION_TEMPLATE,
        decision_sections,
        (
            STRATEGIES,
            Reads(Phase),
            Reads(RDecision, trajectory_id="pk"),
            Reads(RDecisionStep, decision__trajectory_id="pk"),
            people(RDecision, "created_by", trajectory_id="pk"),
        ),
    ),
    DossierSection(
        "aanbesteding",
        TENDER_TEMPLATE,
        tender_sections,
        (Reads(TenderReference, trajectory_id="pk"), people(TenderReference, "imported_by", trajectory_id="pk")),
    ),
    DossierSection(
        "effect",
        EFFECT_TEMPLATE,
        effect_sections,
        (TRAJECTORY, Reads(ImpactLine, trajectory_id="pk"), Reads(TrajectoryEffect, trajectory_id="pk")),
    ),
    DossierSection(
        "fasen",
        PHASE_TEMPLATE,
        phase_sections,
        (
            STRATEGIES,
            Reads(Phase),
            Reads(GuidingQuestion),
            Reads(AttentionPoint),
            Reads(PhaseRecord, trajectory_id="pk"),
            Reads(Answer, trajectory_id="pk"),
            Reads(AttentionCheck, trajectory_id="pk"),
            Reads(Comment, trajectory_id="pk"),
            Reads(ReviewEvent, phase_record__trajectory_id="pk"),
            people(PhaseRecord, "reviewed_by", trajectory_id="pk"),
            people(PhaseRecord, "completed_by", trajectory_id="pk"),
            people(Answer, "updated_by", trajectory_id="pk"),
            people(Comment, "author", trajectory_id="pk"),
            people(ReviewEvent, "actor", phase_record__trajectory_id="pk"),
        ),
    ),
]


def build_dossier(trajectory: Trajectory) -> dict:
    """Everything the dossier shows: its sections in order, each in a fixed number of queries."""
    return {
        "trajectory": trajectory,
        "sections": [section for part in dossier_sections for section in part.render(trajectory)],
        "generated_at": created_at(),
    }


def pdf_filename(trajectory: HasSlug, when=None) -> str:
    """The download name of a trajectory's dossier (of a Trajectory, or of a stored download's row)."""
    day = timezone.localdate(when) if when else timezone.localdate()
    return f"dossier-{trajectory.slug}-{day:%Y-%m-%d}.pdf"


def render_pdf_html(trajectory: Trajectory, context: dict | None = None, language: str = DEFAULT_LANGUAGE) -> str:
    """The HTML that WeasyPrint turns into the PDF, in ``language`` (Dutch unless its requester chose English).

    Its cover shows the team and the R-ladder graphic, from the team and ambition sections.
    """
    with translation.override(language):
        context = context or build_dossier(trajectory)
        shown = {section.id: section.context for section in context["sections"]}
        cover = {"team": shown["team"]["team"], "strategies": shown["ambitie"]["strategies"]}
        palette = trajectory.organisation.theme_palette()
        return render_to_string("procurement/dossier_pdf.html", {**context, **cover, "palette": palette})


def html_to_pdf(html: str) -> bytes:
    """The dossier's PDF from its HTML, made the one way every PDF of the app is (``lib.pdf``)."""
    return write_pdf(html)


def render_pdf(trajectory: Trajectory, language: str = DEFAULT_LANGUAGE) -> bytes:
    return html_to_pdf(render_pdf_html(trajectory, language=language))
