"""The contract's suppliers on the trajectory page, their accepted proposals in the dossier."""

from django.utils.translation import gettext as _

from lib.versions import Reads
from organisations.access import active_membership
from procurement.extensions import DossierSection, Section
from procurement.models import Trajectory
from rladder.models import RStrategy

from .access import can_manage_suppliers
from .models import Proposal, Submission, Supplier

SECTION_ID = "leveranciers"
PROPOSALS_TEMPLATE = "suppliers/includes/dossier_proposals.html"


def trajectory_section(request, trajectory) -> Section | None:
    if trajectory.status == Trajectory.Status.AVOIDED:
        return None
    membership = active_membership(request)
    suppliers = list(trajectory.suppliers.all())
    waiting = Submission.objects.filter(supplier__trajectory=trajectory).waiting().count() if suppliers else 0
    return Section(
        SECTION_ID,
        _("Leveranciers"),
        "suppliers/includes/trajectory_section.html",
        {
            "trajectory": trajectory,
            "suppliers": suppliers,
            "waiting": waiting,
            "can_manage": can_manage_suppliers(membership, trajectory),
        },
    )


def dossier_sections(trajectory) -> list[Section]:
    """Accepted improvement proposals of the contract's suppliers, in the dossier."""
    proposals = list(
        Proposal.objects.filter(supplier__trajectory=trajectory, status=Proposal.Status.ACCEPTED).select_related(
            "supplier", "strategy"
        )
    )
    if not proposals:
        return []
    return [
        Section(
            "verbetervoorstellen",
            _("Aangenomen verbetervoorstellen van leveranciers"),
            PROPOSALS_TEMPLATE,
            {"proposals": proposals},
        )
    ]


DOSSIER_SECTION = DossierSection(
    "verbetervoorstellen",
    PROPOSALS_TEMPLATE,
    dossier_sections,
    (Reads(Proposal, supplier__trajectory_id="pk"), Reads(Supplier, trajectory_id="pk"), Reads(RStrategy)),
)
