"""Access rows for review and the dossier.

The world gets a trajectory in organisation A (team: inkoper, opdrachtgever,
contractmanager) with its Startoverleg offered for review, and one in B. The
chef circulair of B ("outsider") reviews in B but gets 404 on A's pages.
"""

from procurement.models import Trajectory, TrajectoryMember

from .table import Row, editors, managers, members

REVIEW_SLUG = "toegang-beoordeling"


def build(world):
    from tests.factories import complete_trajectory, phase_record

    trajectory = complete_trajectory(
        world.org_a,
        "Toegang beoordeling",
        slug=REVIEW_SLUG,
        category=world.category_a,
        department=world.department_a,
        team={
            world.users["inkoper"]: TrajectoryMember.TeamRole.INKOPER,
            world.users["opdrachtgever"]: TrajectoryMember.TeamRole.INTERNE_OPDRACHTGEVER,
            world.users["contractmanager"]: TrajectoryMember.TeamRole.CONTRACTMANAGER,
        },
    )
    phase_record(trajectory).offer_for_review(world.users["inkoper"])
    complete_trajectory(world.org_b, "Toegang beoordeling B", slug=REVIEW_SLUG, category=world.category_b)


def load(world):
    world.review_trajectory_a = Trajectory.objects.get(organisation=world.org_a, slug=REVIEW_SLUG)
    world.review_trajectory_b = Trajectory.objects.get(organisation=world.org_b, slug=REVIEW_SLUG)


def _phase(w, slug="startoverleg"):
    return {"pk": w.review_trajectory_a.pk, "phase_slug": slug}


def _queue():
    expected = managers(200)
    expected["outsider"] = 200  # the chef circulair of B sees B's queue
    return expected


ROWS = [
    Row("procurement:review_queue", _queue()),
    Row("procurement:review_phase", members(200), kwargs=_phase),
    Row(
        "procurement:review_phase",
        managers(200),
        method="POST",
        kwargs=_phase,
        data=lambda w: {"decision": ""},
        note="(empty decision: errors)",
    ),
    Row(
        "procurement:review_phase",
        managers(302),
        method="POST",
        kwargs=_phase,
        data=lambda w: {"decision": "changes", "comment": "Graag de R1-vraag uitwerken."},
    ),
    Row(
        "procurement:offer_phase", editors(302), method="POST", kwargs=lambda w: _phase(w, "circulaire-marktverkenning")
    ),
    Row(
        "procurement:phase_comment",
        editors(302),
        method="POST",
        kwargs=_phase,
        data=lambda w: {"target": "fase", "body": "Een opmerking."},
    ),
    Row(
        "procurement:phase_comment",
        editors(200),
        method="POST",
        kwargs=_phase,
        data=lambda w: {"target": "fase", "body": ""},
        note="(empty comment: errors)",
    ),
    Row("procurement:withdraw_approval", managers(302), method="POST", kwargs=_phase),
    Row("procurement:withdraw_offer", editors(302), method="POST", kwargs=_phase),
    Row("procurement:dossier", members(200), kwargs=lambda w: {"pk": w.review_trajectory_a.pk}),
    Row("procurement:dossier_pdf", members(200), kwargs=lambda w: {"pk": w.review_trajectory_a.pk}),
    Row("procurement:dossier_pdf_status", members(200), kwargs=lambda w: {"pk": w.review_trajectory_a.pk}),
    Row(
        "procurement:dossier_pdf_status",
        members(200),
        kwargs=lambda w: {"pk": w.review_trajectory_a.pk},
        htmx=True,
        note="(htmx poll)",
    ),
]
