"""Access rows of OCDS: the exports, the tender link, the extension and the organisation's identifiers.

The world gets a trajectory of organisation A that reached a tender (a linked tender reference
with a tender period in 2019). Pages about "my organisation" show the outsider (chef of B) their
own organisation, which has no tender: the year download is a 404 for them.
"""

from datetime import UTC, datetime

from procurement.models import TenderReference, Trajectory, TrajectoryMember

from .table import Row, managers, members, public

OCDS_SLUG = "laptops-alfa-aanbesteding"
OCDS_YEAR = 2019  # a year no trajectory of B has


def own_org(profile: dict) -> dict:
    return {**profile, "outsider": profile["chef"]}


def build(world) -> None:
    users = world.users
    trajectory = Trajectory.start(
        organisation=world.org_a,
        created_by=users["inkoper"],
        title="Laptops Alfa",
        slug=OCDS_SLUG,
        description="Laptops voor de medewerkers, zes jaar in gebruik.",
        category=world.category_a,
        estimated_value=400_000,
        cpv_code="30213100-6",
        team=[
            (users["inkoper"], TrajectoryMember.TeamRole.INKOPER),
            (users["opdrachtgever"], TrajectoryMember.TeamRole.INTERNE_OPDRACHTGEVER),
            (users["contractmanager"], TrajectoryMember.TeamRole.CONTRACTMANAGER),
        ],
    )
    TenderReference.link(
        trajectory,
        {
            "ocid": "ocds-tenderned-123",
            "tender_id": "TN-123",
            "title": "Laptops Alfa",
            "tender_start": datetime(OCDS_YEAR, 3, 1, 9, 0, tzinfo=UTC),
            "suppliers": [{"name": "Leverancier BV", "scheme": "NL-KVK", "identifier": "12345678"}],
        },
        user=users["inkoper"],
    )


def load(world) -> None:
    world.ocds_trajectory_a = Trajectory.objects.get(organisation=world.org_a, slug=OCDS_SLUG)


def _t(w):
    return {"pk": w.ocds_trajectory_a.pk}


def _linkers(status: int) -> dict:
    """The inkoper on the team and the chef circulair link a tender; other members get 403."""
    expected = members(403)
    expected.update({"inkoper": status, "chef": status})
    return expected


ROWS = [
    Row("procurement:ocds_release", members(), kwargs=_t),
    Row("procurement:ocds_release", members(404), kwargs=lambda w: {"pk": w.trajectory_b.pk}, note="of B"),
    Row("procurement:ocds_export", own_org(members())),
    Row("procurement:ocds_year", {**members(), "outsider": 404}, kwargs=lambda w: {"year": OCDS_YEAR}),
    Row("procurement:ocds_extension", public(), kwargs=lambda w: {"name": "extension.json"}),
    Row("procurement:tender_link", _linkers(200), kwargs=_t),
    Row(
        "procurement:tender_link",
        _linkers(200),
        method="POST",
        kwargs=_t,
        data=lambda w: {"source_url": "https://www.tenderned.nl/aankondigingen/overzicht/1"},
        note="without a file: the form again, nothing changed",
    ),
    Row(
        "procurement:tender_link",
        {**members(404), "outsider": 200},
        kwargs=lambda w: {"pk": w.trajectory_b.pk},
        note="of B (the outsider is its chef)",
    ),
    Row("organisations:organisation_settings", own_org(managers())),
    Row(
        "organisations:organisation_settings",
        own_org(managers(302)),
        method="POST",
        data=lambda w: {"oin": "", "kvk_number": ""},
    ),
]
