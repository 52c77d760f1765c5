"""Access helpers of the suppliers app: called first in every view.

Two sides, each fail-closed:

- a supplier user (a user with a SupplierAccount) reaches only the supplier
  parties whose invitation they accepted and that was not revoked; everything
  else is a 404. They have no Membership, so the organisation's helpers
  (organisations/access.py) answer 404 for them everywhere else;
- the organisation's members reach a contract's suppliers through the
  trajectory helpers (404 outside their organisation); the trajectory's
  contractmanagers and the chef circulair manage suppliers, invitations and
  submissions (403 for the other members).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone

from lib.http import once_per_request
from organisations.access import active_membership, user_memberships
from procurement.access import get_trajectory_for_user, team_role
from procurement.models import Trajectory, TrajectoryMember

from .models import Evidence, Submission, Supplier


def supplier_account(request: HttpRequest):
    """The SupplierAccount of the logged-in user, once per request; None for members of an organisation.

    A member is never treated as a supplier (a membership wins), and the memberships are fetched for
    every page anyway (the navigation), so members cost no extra query here.
    """
    user = request.user
    if not user.is_authenticated or user_memberships(request):
        return None
    from .models import SupplierAccount

    return once_per_request(request, "supplier_account", SupplierAccount.objects.filter(user_id=user.pk).first)


def require_supplier_account(request: HttpRequest):
    account = supplier_account(request)
    if account is None:
        raise Http404("Geen leveranciersaccount")
    return account


def get_supplier_for_supplier_user(request: HttpRequest, pk: int) -> Supplier:
    """A contract the logged-in supplier user reports for, else 404."""
    require_supplier_account(request)
    supplier = (
        Supplier.objects.for_supplier_user(request.user)
        .select_related("trajectory__organisation")
        .filter(pk=pk)
        .first()
    )
    if supplier is None:
        raise Http404("Contract niet gevonden")
    return supplier


def can_manage_suppliers(membership, trajectory: Trajectory) -> bool:
    """The trajectory's contractmanagers and the chef circulair, on a trajectory that is not archived."""
    if membership is None or membership.organisation_id != trajectory.organisation_id:
        return False
    if trajectory.archived_at is not None or trajectory.status == Trajectory.Status.AVOIDED:
        return False
    if membership.can_manage_organisation and membership.can_edit_dossiers:
        return True
    return team_role(membership, trajectory) == TrajectoryMember.TeamRole.CONTRACTMANAGER


def has_reached_a_contract(trajectory: Trajectory) -> bool:
    """Whether suppliers may be added: the purchase went ahead (not avoided, R0) and reached the tender
    ("Circulair aanbesteden" under way or done, or a published tender linked), or its contract started."""
    if trajectory.status == Trajectory.Status.AVOIDED:
        return False
    if trajectory.contract_start is not None and trajectory.contract_start <= timezone.localdate():
        return True
    return (
        Trajectory.objects.filter(organisation_id=trajectory.organisation_id, pk=trajectory.pk)
        .reached_tender()
        .exists()
    )


def get_trajectory_for_supplier_managers(request: HttpRequest, pk: int) -> Trajectory:
    trajectory = get_trajectory_for_user(request, pk)
    if not can_manage_suppliers(trajectory.viewer_membership, trajectory):
        raise PermissionDenied
    return trajectory


def get_supplier_for_managers(request: HttpRequest, pk: int) -> Supplier:
    """A supplier of a trajectory in the active organisation (404), which the member may manage (403)."""
    membership = active_membership(request)
    if membership is None:
        raise Http404("Geen organisatie")
    supplier = (
        Supplier.objects.for_organisation(membership.organisation).select_related("trajectory").filter(pk=pk).first()
    )
    if supplier is None:
        raise Http404("Leverancier niet gevonden")
    if not can_manage_suppliers(membership, supplier.trajectory):
        raise PermissionDenied
    return supplier


def get_submission_for_member(request: HttpRequest, pk: int) -> Submission:
    """A submission of the active organisation (404 otherwise); ``submission.can_review`` says who may act."""
    membership = active_membership(request)
    if membership is None:
        raise Http404("Geen organisatie")
    submission = (
        Submission.objects.for_organisation(membership.organisation)
        .select_related("supplier__trajectory", "kpi", "submitted_by", "reviewed_by", "measurement")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404("Inzending niet gevonden")
    submission.can_review = can_manage_suppliers(membership, submission.supplier.trajectory)
    return submission


def get_evidence_for_user(request: HttpRequest, pk: int) -> Evidence:
    """An evidence file for the supplier user who reports for its contract, or a member of its organisation."""
    if not request.user.is_authenticated:
        raise Http404
    if supplier_account(request) is not None:
        suppliers = Supplier.objects.for_supplier_user(request.user)
        evidence = Evidence.objects.unscoped().filter(pk=pk, submission__supplier__in=suppliers).first()
    else:
        membership = active_membership(request)
        evidence = (
            Evidence.objects.for_organisation(membership.organisation).filter(pk=pk).first() if membership else None
        )
    if evidence is None:
        raise Http404("Bestand niet gevonden")
    return evidence


def login_redirect(user) -> str | None:
    """Supplier users land on their own contracts after logging in (accounts.twofactor.login_redirects)."""
    from django.urls import reverse

    from .models import SupplierAccount

    if SupplierAccount.objects.filter(user_id=user.pk).exists():
        return reverse("suppliers:home")
    return None
