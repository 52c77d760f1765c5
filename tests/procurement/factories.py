"""Small helpers to make trajectories in tests."""

from itertools import count

from procurement.models import Answer, Phase, PhaseRecord, RDecisionStep, Trajectory, TrajectoryMember
from rladder.models import RStrategy

_n = count(1)


def make_trajectory(world, **fields) -> Trajectory:
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


def steps(r0="nee", r1="nee", r2="nee", considered=True) -> list[dict]:
    strategies = {s.code: s for s in RStrategy.objects.highest()}
    return [
        {"strategy": strategies[code], "considered": considered, "feasible": feasible, "rationale": f"Omdat {code}."}
        for code, feasible in (("R0", r0), ("R1", r1), ("R2", r2))
    ]


def decide(trajectory, user, **feasible):
    return trajectory.record_r_decision(user=user, phase=Phase.objects.get(order=1), steps=steps(**feasible))


def record(trajectory, order: int) -> PhaseRecord:
    rec = PhaseRecord.objects.select_related("phase").get(trajectory=trajectory, phase__order=order)
    rec.trajectory = trajectory
    return rec


def synced_answers(trajectory, order: int = 1) -> list[Answer]:
    rec = record(trajectory, order)
    rec.sync_items()
    return list(rec.answers())


FEASIBLE = RDecisionStep.Feasible
