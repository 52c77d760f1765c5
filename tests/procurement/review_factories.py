"""Small factories for review and dossier tests: a complete trajectory in a few calls.

They create the rows directly, the way the team's pages would leave them.
"""

import datetime
from decimal import Decimal

from django.utils.text import slugify

from procurement.models import (
    Answer,
    AttentionCheck,
    GrowthStep,
    GuidingQuestion,
    Phase,
    PhaseRecord,
    RDecision,
    RDecisionStep,
    Trajectory,
    TrajectoryMember,
)
from rladder.models import RStrategy

DEFAULT_ANSWER = "Wij hebben dit met de interne opdrachtgever besproken en vastgelegd in het startdocument."


def make_trajectory(
    organisation,
    title="Laptops voor de gemeentelijke organisatie",
    *,
    team=None,
    category=None,
    department=None,
    created_by=None,
    status=PhaseRecord.Status.AFGEROND,
    answer_text=DEFAULT_ANSWER,
    answered_by=None,
    **fields,
):
    """A trajectory with its team, a record per phase, an answer per question, checks and an R-decision.

    ``team`` maps users to TeamRole; ``answered_by`` becomes ``updated_by`` of every answer
    (default: the first team member). ``answer_text`` may be a callable ``(question) -> str``.
    """
    strategies = {s.code: s for s in RStrategy.objects.filter(code__in=["R0", "R1", "R2"])}
    trajectory = Trajectory.objects.create(
        organisation=organisation,
        title=title,
        slug=fields.pop("slug", slugify(title)[:200]),
        description=fields.pop("description", "Vervanging van 400 laptops; eerst onderzoeken of dat nodig is."),
        category=category,
        department=department,
        created_by=created_by,
        estimated_value=fields.pop("estimated_value", Decimal("1250000.50")),
        contract_start=fields.pop("contract_start", datetime.date(2026, 3, 1)),
        contract_end=fields.pop("contract_end", datetime.date(2030, 2, 28)),
        ambition=fields.pop("ambition", strategies["R1"]),
        chosen_strategy=fields.pop("chosen_strategy", strategies["R2"]),
        **fields,
    )
    team = team or {}
    for user, role in team.items():
        TrajectoryMember.objects.create(trajectory=trajectory, user=user, role=role)
    if answered_by is None and team:
        answered_by = next(iter(team))
    for phase in Phase.objects.all():
        PhaseRecord.objects.create(trajectory=trajectory, phase=phase, status=status)
    answer_all(trajectory, answer_text, answered_by)
    for point in (
        p for phase in Phase.objects.prefetch_related("attention_points") for p in phase.attention_points.all()
    ):
        AttentionCheck.objects.create(
            trajectory=trajectory,
            phase_id=point.phase_id,
            point=point,
            point_text=point.text,
            point_order=point.order,
            checked=True,
            note="Besproken in het startoverleg.",
            updated_by=answered_by,
        )
    GrowthStep.objects.create(trajectory=trajectory, year=1, strategy=strategies["R2"], note="Minder laptops.")
    GrowthStep.objects.create(trajectory=trajectory, year=3, strategy=strategies["R1"], note="Delen per afdeling.")
    make_r_decision(trajectory, answered_by)
    return trajectory


def answer_all(trajectory, answer_text=DEFAULT_ANSWER, user=None):
    questions = GuidingQuestion.objects.prefetch_related("strategies").order_by("phase__order", "kind", "order")
    for question in questions:
        text = answer_text(question) if callable(answer_text) else answer_text
        Answer.objects.create(
            trajectory=trajectory,
            phase_id=question.phase_id,
            question=question,
            question_text=question.text,
            question_kind=question.kind,
            question_strategies=",".join(s.code for s in question.strategies.all()),
            question_order=question.order,
            text=text,
            state=Answer.State.BEANTWOORD if text else Answer.State.OPEN,
            updated_by=user,
        )


def make_r_decision(trajectory, user=None):
    strategies = {s.code: s for s in RStrategy.objects.filter(code__in=["R0", "R1", "R2"])}
    decision = RDecision.objects.create(
        trajectory=trajectory,
        phase=Phase.objects.get(order=1),
        chosen_strategy=strategies["R2"],
        summary="Minder laptops door een pool per afdeling; niet inkopen bleek niet haalbaar.",
        created_by=user,
    )
    rationale = {
        "R0": ("nee", "Zonder laptops kan het werk niet worden gedaan."),
        "R1": ("deels", "Delen werkt voor flexwerkers, niet voor vaste werkplekken."),
        "R2": ("ja", "Met een pool zijn 80 laptops minder nodig."),
    }
    for code, (feasible, text) in rationale.items():
        RDecisionStep.objects.create(decision=decision, strategy=strategies[code], feasible=feasible, rationale=text)
    return decision


def phase_record(trajectory, slug="startoverleg") -> PhaseRecord:
    return trajectory.phases.select_related("phase", "trajectory").get(phase__slug=slug)
