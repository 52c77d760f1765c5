"""Access rows of procurement: the public guidance and the trajectory work.

The world trajectory in organisation A has inkoper, opdrachtgever and
contractmanager on its team; the chef circulair edits as manager. So the
editors() profile holds: adviseur and lezer read (403 on writes), the
outsider of B and the staff admin without membership get 404.
"""

from procurement.models import Answer, AttentionCheck, Phase, Trajectory, TrajectoryMember

from .table import Row, editors, members, public

WORLD_SLUG = "werkplekken-alfa"


def build(world) -> None:
    users = world.users
    Trajectory.start(
        organisation=world.org_a,
        created_by=users["inkoper"],
        title="Werkplekken Alfa",
        slug=WORLD_SLUG,
        description="Vervanging van bureaus en stoelen op het stadskantoor.",
        category=world.category_a,
        department=world.department_a,
        estimated_value=150_000,
        team=[
            (users["inkoper"], TrajectoryMember.TeamRole.INKOPER),
            (users["opdrachtgever"], TrajectoryMember.TeamRole.INTERNE_OPDRACHTGEVER),
            (users["contractmanager"], TrajectoryMember.TeamRole.CONTRACTMANAGER),
        ],
    )
    Trajectory.start(
        organisation=world.org_b,
        created_by=users["outsider"],
        title="Laptops Beta",
        slug="laptops-beta",
        description="Laptops voor de provincie.",
        category=world.category_b,
    )
    trajectory = Trajectory.objects.for_organisation(world.org_a).get(slug=WORLD_SLUG)
    for record in trajectory.phases.all():
        record.sync_items()


def load(world) -> None:
    world.trajectory_a = Trajectory.objects.get(organisation=world.org_a, slug=WORLD_SLUG)
    world.trajectory_b = Trajectory.objects.get(organisation=world.org_b, slug="laptops-beta")
    world.startoverleg = Phase.objects.get(order=1)
    world.answer_a = Answer.objects.filter(trajectory=world.trajectory_a, phase=world.startoverleg).first()
    world.check_a = AttentionCheck.objects.filter(trajectory=world.trajectory_a, phase=world.startoverleg).first()


def _t(w):
    return {"pk": w.trajectory_a.pk}


def _phase(w):
    return {"pk": w.trajectory_a.pk, "phase_slug": "startoverleg"}


def _answer(w):
    return {"pk": w.trajectory_a.pk, "answer_pk": w.answer_a.pk}


def _check(w):
    return {"pk": w.trajectory_a.pk, "check_pk": w.check_a.pk}


def _answer_data(w):
    p = f"a{w.answer_a.pk}"
    return {f"{p}-text": "Kunnen we bureaus delen?", f"{p}-version": w.answer_a.version}


def _check_data(w):
    p = f"c{w.check_a.pk}"
    return {f"{p}-checked": "on", f"{p}-note": "Geregeld", f"{p}-version": w.check_a.version}


def _decision_data(w):
    return {
        "fase": "startoverleg",
        "r0-considered": "on",
        "r0-feasible": "nee",
        "r0-rationale": "De medewerkers hebben een werkplek nodig.",
        "r1-considered": "on",
        "r1-feasible": "ja",
        "r1-rationale": "Flexwerken: minder werkplekken dan medewerkers.",
        "r2-considered": "on",
        "r2-feasible": "deels",
        "r2-rationale": "Bestaand meubilair opknappen.",
    }


# The outsider is chef circulair of organisation B: they see their own list and may start trajectories there.
OWN_ORGANISATION = {"outsider": 200}

ROWS = [
    Row("procurement:start", public()),
    Row("procurement:phases", public()),
    Row("procurement:phase_guidance", public(), kwargs=lambda w: {"slug": "startoverleg"}),
    Row("procurement:my_trajectories", {**members(), **OWN_ORGANISATION}),
    Row("procurement:my_trajectories", {**members(), **OWN_ORGANISATION}, htmx=True),
    Row("procurement:trajectory_create", {**editors(), **OWN_ORGANISATION}),
    Row(
        "procurement:trajectory_create",
        {**editors(200), **OWN_ORGANISATION},
        method="POST",
        data=lambda w: {"title": ""},
        note="invalid input",
    ),
    Row("procurement:trajectory_detail", members(), kwargs=_t),
    Row("procurement:trajectory_edit", editors(), kwargs=_t),
    Row("procurement:trajectory_edit", editors(200), kwargs=_t, method="POST", data=lambda w: {}, note="invalid"),
    Row("procurement:trajectory_archive", editors(302), kwargs=_t, method="POST"),
    Row("procurement:trajectory_history", members(), kwargs=_t),
    Row("procurement:r_decision", editors(), kwargs=_t),
    Row("procurement:r_decision", editors(302), kwargs=_t, method="POST", data=_decision_data),
    Row("procurement:phase_detail", members(), kwargs=_phase),
    Row("procurement:phase_save", editors(302), kwargs=_phase, method="POST", data=_answer_data),
    Row("procurement:answer_edit", editors(), kwargs=_answer),
    Row("procurement:answer_save", editors(302), kwargs=_answer, method="POST", data=_answer_data),
    Row("procurement:answer_save", editors(200), kwargs=_answer, method="POST", data=_answer_data, htmx=True),
    Row("procurement:check_edit", editors(), kwargs=_check),
    Row("procurement:check_save", editors(302), kwargs=_check, method="POST", data=_check_data),
    Row("procurement:check_save", editors(200), kwargs=_check, method="POST", data=_check_data, htmx=True),
]
