"""Section providers (see procurement/extensions.py): the ambitieweb on the trajectory page and in the dossier."""

from django.db.models import OuterRef
from django.utils.translation import gettext as _

from lib.versions import latest_history
from organisations.access import active_membership
from rladder.models import AmbitionScore, AmbitionWeb

from .access import can_edit_trajectory
from .trajectory_ambition import inherited_label, trajectory_chart, trajectory_rows


def _section(trajectory, can_edit: bool, chart_id: str) -> dict:
    rows = trajectory_rows(trajectory)
    has_web = any(row.current for row in rows)
    return {
        "id": "ambitieweb",
        "title": _("Ambitieweb"),
        "template": "procurement/includes/trajectory_ambition_section.html",
        "context": {
            "trajectory": trajectory,
            "rows": rows,
            "chart": trajectory_chart(trajectory, rows, chart_id=chart_id) if has_web else None,
            "inherited_label": inherited_label(trajectory),
            "can_edit": can_edit,
            "deviations": [row for row in rows if row.below_inherited],
        },
    }


def trajectory_section(request, trajectory) -> dict:
    membership = getattr(trajectory, "viewer_membership", None) or active_membership(request)
    can_edit = bool(membership and trajectory.archived_at is None and can_edit_trajectory(membership, trajectory))
    return _section(trajectory, can_edit, "ambitieweb-traject-sectie")


def dossier_section(trajectory) -> dict:
    return _section(trajectory, False, "ambitieweb-dossier")


def dossier_version_sources() -> dict:
    """The organisation's ambitiewebs the trajectory's web starts from, for the dossier's content version."""
    return {
        "ambition_webs": latest_history(AmbitionWeb, organisation_id=OuterRef("organisation_id")),
        "ambition_scores": latest_history(AmbitionScore, web__organisation_id=OuterRef("organisation_id")),
    }
