"""Access rows of the learning app: lessons (own, shared, another organisation's), search, settings."""

from learning.models import Lesson
from procurement.models import Trajectory, TrajectoryMember

from .table import Row, editors, managers, members, non_members
from .world import PERSONAS, ROLE_PERSONAS

TRAJECTORY_A = "lessen-alfa"
TRAJECTORY_B = "lessen-beta"


def build(world):
    users = world.users
    trajectory_a = Trajectory.objects.create(
        organisation=world.org_a,
        title="Deelauto's voor de buitendienst",
        slug=TRAJECTORY_A,
        description="Deelauto's in plaats van eigen dienstauto's.",
        category=world.category_a,
    )
    trajectory_a.ensure_phase_records()
    for persona, role in (
        ("inkoper", "inkoper"),
        ("opdrachtgever", "interne_opdrachtgever"),
        ("contractmanager", "contractmanager"),
    ):
        TrajectoryMember.objects.create(trajectory=trajectory_a, user=users[persona], role=role)
    trajectory_b = Trajectory.objects.create(
        organisation=world.org_b,
        title="Beta deelfietsen",
        slug=TRAJECTORY_B,
        description="Deelfietsen.",
        category=world.category_b,
    )
    Lesson.objects.create(trajectory=trajectory_a, kind="goed", text="Alfa intern: vroeg de markt vragen.")
    Lesson.objects.create(
        trajectory=trajectory_a, kind="tip", text="Alfa gedeeld: begin bij de gebruikers.", shared=True
    )
    Lesson.objects.create(trajectory=trajectory_b, kind="beter", text="Beta intern: te laat begonnen.")
    Lesson.objects.create(trajectory=trajectory_b, kind="tip", text="Beta gedeeld: deel fietsen per team.", shared=True)


def load(world):
    world.trajectory_lessons_a = Trajectory.objects.for_organisation(world.org_a).get(slug=TRAJECTORY_A)
    lessons = {
        lesson.text.split(":")[0]: lesson
        for lesson in Lesson.objects.unscoped().filter(trajectory__slug__in=[TRAJECTORY_A, TRAJECTORY_B])
    }
    world.lesson_a_own = lessons["Alfa intern"]
    world.lesson_a_shared = lessons["Alfa gedeeld"]
    world.lesson_b_own = lessons["Beta intern"]
    world.lesson_b_shared = lessons["Beta gedeeld"]


def any_member(status: int = 200) -> dict[str, int]:
    """Any member of any organisation (A's roles and B's outsider); staff without membership get 404."""
    return non_members({"anonymous": 302, "outsider": status, **dict.fromkeys(ROLE_PERSONAS, status)})


def only_outsider(status: int = 200) -> dict[str, int]:
    """What organisation B owns and has not shared: only its own member reads it."""
    return {**any_member(404), "outsider": status}


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


CREATE = {"kind": "tip", "text": "Een nieuwe les."}

ROWS = [
    Row("learning:lessons", any_member()),
    Row("learning:lesson_detail", members(), kwargs=_pk("lesson_a_own"), note="own, not shared"),
    Row("learning:lesson_detail", any_member(), kwargs=_pk("lesson_a_shared"), note="A's shared lesson"),
    Row("learning:lesson_detail", any_member(), kwargs=_pk("lesson_b_shared"), note="B's shared lesson"),
    Row("learning:lesson_detail", only_outsider(), kwargs=_pk("lesson_b_own"), note="B's unshared lesson"),
    Row("learning:lesson_create", editors(), kwargs=lambda w: {"pk": w.trajectory_lessons_a.pk}),
    Row(
        "learning:lesson_create",
        editors(302),
        method="POST",
        kwargs=lambda w: {"pk": w.trajectory_lessons_a.pk},
        data=lambda w: CREATE,
    ),
    Row("learning:lesson_edit", editors(), kwargs=_pk("lesson_a_own")),
    Row(
        "learning:lesson_edit",
        editors(302),
        method="POST",
        kwargs=_pk("lesson_a_shared"),
        data=lambda w: {"kind": "tip", "text": "Alfa gedeeld: begin bij de gebruikers.", "shared": "on"},
    ),
    Row("learning:lesson_edit", only_outsider(), kwargs=_pk("lesson_b_shared"), note="B's shared lesson"),
    Row("learning:lesson_delete", editors(), kwargs=_pk("lesson_a_own")),
    Row("learning:lesson_delete", editors(), method="POST", kwargs=_pk("lesson_a_own"), note="without confirmation"),
    Row(
        "learning:lesson_delete",
        only_outsider(),
        method="POST",
        kwargs=_pk("lesson_b_shared"),
        note="B's shared lesson, without confirmation",
    ),
    Row("learning:search", {**dict.fromkeys(PERSONAS, 200), "anonymous": 302}, kwargs=lambda w: {}),
    Row("learning:sharing_settings", {**managers(), "outsider": 200}),
    Row(
        "learning:sharing_settings",
        {**managers(302), "outsider": 302},
        method="POST",
        data=lambda w: {"show_name_on_shared_lessons": "on"},
    ),
]

ROWS += [
    Row("learning:benchmark", any_member()),
]

ROWS += [
    Row("learning:results_card", any_member()),
    Row("learning:results_card_pdf", any_member()),
]
