"""The contract's suppliers on the trajectory page (a procurement/extensions.py provider)."""

from django.db.models import OuterRef
from django.utils.translation import gettext as _

from lib.versions import latest_history
from organisations.access import active_membership
from procurement.models import Trajectory

from .access import can_manage_suppliers
from .models import Proposal, Submission, Supplier

SECTION_ID = "leveranciers"


def trajectory_section(request, trajectory) -> dict | None:
    if trajectory.status == Trajectory.Status.VOORKOMEN:
        return None
    membership = active_membership(request)
    suppliers = list(trajectory.suppliers.all())
    waiting = Submission.objects.filter(supplier__trajectory=trajectory).waiting().count() if suppliers else 0
    return {
        "id": SECTION_ID,
        "title": _("Leveranciers"),
        "template": "suppliers/includes/trajectory_section.html",
        "context": {
            "trajectory": trajectory,
            "suppliers": suppliers,
            "waiting": waiting,
            "can_manage": can_manage_suppliers(membership, trajectory),
        },
    }


def dossier_section(trajectory) -> dict | None:
    """Accepted improvement proposals of the contract's suppliers, in the dossier."""
    proposals = list(
        Proposal.objects.filter(supplier__trajectory=trajectory, status=Proposal.Status.ACCEPTED).select_related(
            "supplier", "strategy"
        )
    )
    if not proposals:
        return None
    return {
        "id": "verbetervoorstellen",
        "title": _("Aangenomen verbetervoorstellen van leveranciers"),
        "template": "suppliers/includes/dossier_proposals.html",
        "context": {"proposals": proposals},
    }


def dossier_version_sources() -> dict:
    """What the proposals section of the dossier draws on, for its content version (procurement/documents.py)."""
    return {
        "supplier_proposals": latest_history(Proposal, supplier__trajectory_id=OuterRef("pk")),
        "suppliers": latest_history(Supplier, trajectory_id=OuterRef("pk")),
    }
