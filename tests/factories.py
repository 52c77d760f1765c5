"""Factories for the whole test suite: build state through the model methods the views call.

A factory that writes rows directly drifts from the rules (a phase completed without an
R-decision, an answer without its history row). So every procurement factory here goes
through the same methods as the pages: ``Trajectory.start``, ``PhaseRecord.sync_items``,
``VersionedEdit.apply_edit`` (+ ``PhaseRecord.touch``), ``Trajectory.record_r_decision``
and ``PhaseRecord.complete``. KPIs and measurements have no model method: they are created
the way ``KpiForm`` and the measurement grid (``kpis.grid.save``) create them.
"""

import datetime
from decimal import Decimal
from itertools import count

from django.db import transaction

from kpis.models import Kpi, Measurement
from procurement.models import Phase, PhaseRecord, RDecisionStep, Trajectory, TrajectoryMember
from rladder.models import RStrategy

FEASIBLE = RDecisionStep.Feasible
DEFAULT_ANSWER = "Wij hebben dit met de interne opdrachtgever besproken en vastgelegd in het startdocument."
DEFAULT_NOTE = "Besproken in het startoverleg."

_n = count(1)


# --- trajectories --------------------------------------------------------------


def start_trajectory(world, **fields) -> Trajectory:
    """A fresh trajectory of ``world.org_a`` (Trajectory.start): team inkoper + opdrachtgever, nothing answered.

    ``team`` is a list of ``(user, role)`` pairs, as ``Trajectory.start`` takes it.
    """
    users = world.users
    defaults = {
        "organisation": world.org_a,
        "created_by": users["inkoper"],
        "title": f"Traject {next(_n)}",
        "description": "Een behoefte.",
        "estimated_value": 100_000,
        "team": [
            (users["inkoper"], TrajectoryMember.TeamRole.INKOPER),
            (users["opdrachtgever"], TrajectoryMember.TeamRole.INTERNE_OPDRACHTGEVER),
        ],
    }
    return Trajectory.start(**{**defaults, **fields})


def phase_record(trajectory, phase="startoverleg") -> PhaseRecord:
    """The trajectory's record of ``phase`` (a slug or an order number), read fresh."""
    lookup = {"phase__order": phase} if isinstance(phase, int) else {"phase__slug": phase}
    return trajectory.phases.select_related("phase", "trajectory").get(**lookup)


def synced_answers(trajectory, phase=1) -> list:
    """The answers of one phase after ``sync_items`` (what opening the phase page does)."""
    record = phase_record(trajectory, phase)
    record.sync_items()
    return list(record.answers())


def r_steps(r0="nee", r1="nee", r2="nee", considered=True, rationale=None) -> list[dict]:
    """The R0–R2 steps of an R-decision, as the decision form hands them to ``record_r_decision``.

    ``rationale`` maps a code to its text (default "Omdat R0." etc.).
    """
    strategies = {s.code: s for s in RStrategy.objects.highest()}
    rationale = rationale or {}
    return [
        {
            "strategy": strategies[code],
            "considered": considered,
            "feasible": feasible,
            "rationale": rationale.get(code, f"Omdat {code}."),
        }
        for code, feasible in (("R0", r0), ("R1", r1), ("R2", r2))
    ]


def decide(trajectory, user, *, summary="", rationale=None, **feasible):
    """Record the R-decision in Startoverleg (``record_r_decision``); ``feasible`` as r0="ja", r1="deels"…"""
    return trajectory.record_r_decision(
        user=user,
        phase=Phase.objects.get(order=1),
        steps=r_steps(rationale=rationale, **feasible),
        summary=summary,
    )


def answer(item, user, **values) -> bool:
    """Save one answer or aandachtspunt the way the phase page does: ``apply_edit`` on its current version.

    ``values`` are the edit fields (an answer: text, state, na_reason; a check: checked, note);
    missing ones keep their value. The phase is touched (Niet gestart → Bezig) when something changed.
    """
    values = {**item.edit_values(), **values}
    if "text" in values and "state" not in values:
        values["state"] = item.state_for(values["text"], False)
    with transaction.atomic():
        changed = item.apply_edit(user=user, values=values, base_version=item.version)
        if changed:
            phase_record(item.trajectory, item.phase.order).record_edit(user)
    return changed


def fill_phase(record, user, answer_text=DEFAULT_ANSWER, check_note=DEFAULT_NOTE) -> None:
    """Answer every question and tick every aandachtspunt of one phase in one save (the phase form).

    ``answer_text`` may be a callable ``(question) -> str``; an empty text leaves the answer open.
    """
    record.sync_items()
    with transaction.atomic():
        changed = False
        for item in record.answers().select_related("question"):
            text = answer_text(item.question) if callable(answer_text) else answer_text
            values = {"text": text, "state": item.state_for(text, False), "na_reason": ""}
            changed |= item.apply_edit(user=user, values=values, base_version=item.version)
        for item in record.checks():
            changed |= item.apply_edit(
                user=user, values={"checked": True, "note": check_note}, base_version=item.version
            )
        if changed:
            record.record_edit(user)


def complete_trajectory(
    organisation,
    title="Laptops voor de gemeentelijke organisatie",
    *,
    team=None,
    category=None,
    department=None,
    created_by=None,
    status=PhaseRecord.Status.COMPLETED,
    answer_text=DEFAULT_ANSWER,
    answered_by=None,
    **fields,
) -> Trajectory:
    """A trajectory walked through all six phases: every question answered, every point ticked,
    the R-decision recorded (R2 "Minder materiaal") and, by default, every phase completed.

    ``team`` maps users to TeamRole; ``answered_by`` saves every answer and check (default: the
    first team member). ``answer_text`` may be a callable ``(question) -> str``. ``status`` is
    ``AFGEROND`` (each phase completed with ``PhaseRecord.complete``, so the trajectory itself is
    Afgerond too) or ``BEZIG`` (everything answered, nothing completed).
    """
    if status not in (PhaseRecord.Status.COMPLETED, PhaseRecord.Status.IN_PROGRESS):
        raise ValueError(f"complete_trajectory builds AFGEROND or BEZIG phases, not {status!r}")
    strategies = {s.code: s for s in RStrategy.objects.filter(code__in=["R0", "R1", "R2"])}
    team = team or {}
    if answered_by is None and team:
        answered_by = next(iter(team))
    trajectory = Trajectory.start(
        organisation=organisation,
        created_by=created_by,
        team=list(team.items()),
        growth=[(1, strategies["R2"], "Minder laptops."), (3, strategies["R1"], "Delen per afdeling.")],
        title=title,
        description=fields.pop("description", "Vervanging van 400 laptops; eerst onderzoeken of dat nodig is."),
        category=category,
        department=department,
        estimated_value=fields.pop("estimated_value", Decimal("1250000.50")),
        contract_start=fields.pop("contract_start", datetime.date(2026, 3, 1)),
        contract_end=fields.pop("contract_end", datetime.date(2030, 2, 28)),
        ambition=fields.pop("ambition", strategies["R1"]),
        **fields,
    )
    decide(
        trajectory,
        answered_by,
        summary="Minder laptops door een pool per afdeling; niet inkopen bleek niet haalbaar.",
        rationale={
            "R0": "Zonder laptops kan het werk niet worden gedaan.",
            "R1": "Delen werkt voor flexwerkers, niet voor vaste werkplekken.",
            "R2": "Met een pool zijn 80 laptops minder nodig.",
        },
        r0="nee",
        r1="deels",
        r2="ja",
    )
    for record in trajectory.phase_records():
        fill_phase(record, answered_by, answer_text)
        if status == PhaseRecord.Status.COMPLETED:
            record.complete(answered_by)
    trajectory.refresh_from_db()
    return trajectory


# --- KPIs ----------------------------------------------------------------------


def make_kpi(organisation, name="Kilogrammen materiaal", **extra) -> Kpi:
    """An organisation-wide KPI: 1000 kg in 2024 down to 400 kg in 2030, linear."""
    values = {
        "unit": "kg",
        "direction": Kpi.Direction.LOWER,
        "baseline_value": Decimal(1000),
        "baseline_year": 2024,
        "goal_value": Decimal(400),
        "goal_year": 2030,
        "rule": Kpi.Rule.LINEAR,
    }
    values.update(extra)
    return Kpi.objects.create(organisation=organisation, name=name, **values)


def measure(kpi, year, value, **extra) -> Measurement:
    """A measurement as the grid creates a new row (``version``/``entered_by`` may be given to
    stand for someone else's earlier saves)."""
    return Measurement.objects.create(kpi=kpi, year=year, value=Decimal(str(value)), **extra)
