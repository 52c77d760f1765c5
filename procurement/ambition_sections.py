"""The ambitieweb on the trajectory page and in the dossier (procurement/extensions.py)."""

from django.utils.translation import gettext as _

from lib.versions import Reads
from organisations.access import active_membership
from rladder.models import AmbitionLevel, AmbitionScore, AmbitionTheme, AmbitionWeb

from .access import can_edit_trajectory
from .extensions import DossierSection, Section
from .models import Trajectory, TrajectoryAmbition
from .trajectory_ambition import inherited_label, trajectory_chart, trajectory_rows

TEMPLATE = "procurement/includes/trajectory_ambition_section.html"


def _section(trajectory, can_edit: bool, chart_id: str) -> Section:
    rows = trajectory_rows(trajectory)
    has_web = any(row.current for row in rows)
    return Section(
        "ambitieweb",
        _("Ambitieweb"),
        TEMPLATE,
        {
            "trajectory": trajectory,
            "rows": rows,
            "chart": trajectory_chart(trajectory, rows, chart_id=chart_id) if has_web else None,
            "inherited_label": inherited_label(trajectory),
            "can_edit": can_edit,
            "deviations": [row for row in rows if row.below_inherited],
        },
    )


def trajectory_section(request, trajectory) -> Section:
    membership = getattr(trajectory, "viewer_membership", None) or active_membership(request)
    can_edit = bool(membership and trajectory.archived_at is None and can_edit_trajectory(membership, trajectory))
    return _section(trajectory, can_edit, "ambitieweb-traject-sectie")


def dossier_sections(trajectory) -> list[Section]:
    return [_section(trajectory, False, "ambitieweb-dossier")]


# The trajectory's web starts from its category's and the organisation's generic web.
DOSSIER_SECTION = DossierSection(
    "ambitieweb",
    TEMPLATE,
    dossier_sections,
    (
        Reads(Trajectory, id="pk"),
        Reads(TrajectoryAmbition, trajectory_id="pk"),
        Reads(AmbitionWeb, organisation_id="organisation_id"),
        Reads(AmbitionScore, web__organisation_id="organisation_id"),
        Reads(AmbitionTheme),
        Reads(AmbitionLevel),
    ),
)
