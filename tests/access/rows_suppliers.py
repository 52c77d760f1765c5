"""Access rows of the suppliers app: the contract team's pages and the supplier's own pages.

The world's supplier personas (world.SUPPLIER_PERSONAS) get their objects here:
"supplier" reports for the contract of CONTRACT_A, "supplier_revoked" did too
until their invitation was revoked, "supplier_other_contract" reports for
another contract of A and "supplier_other_org" for a contract of B. On every
page outside their own they get what a logged-in non-member gets (404).
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from kpis.models import Kpi
from procurement.models import Trajectory, TrajectoryMember
from rladder.models import RStrategy
from suppliers.models import Evidence, Invitation, Message, Proposal, Submission, Supplier, SupplierAccount

from .table import Row, members, public
from .world import SUPPLIER_PERSONAS

CONTRACT_A = "leveranciers-alfa"
CONTRACT_A2 = "leveranciers-alfa-twee"
CONTRACT_B = "leveranciers-beta"
KVK = {"supplier": "12345678", "supplier_other_contract": "23456789", "supplier_other_org": "34567890"}
PENDING_EMAIL = "nog-niet@leverancier.example"


def _contract(world, organisation, slug, category):
    trajectory = Trajectory.objects.create(
        organisation=organisation,
        title=f"Contract {slug}",
        slug=slug,
        description="Een contract met een leverancier.",
        category=category,
        contract_start=datetime.date(2024, 1, 1),
        contract_end=datetime.date(2028, 12, 31),
        status=Trajectory.Status.COMPLETED,
    )
    Kpi.objects.create(
        organisation=organisation,
        trajectory=trajectory,
        scope=Kpi.Scope.CONTRACT,
        name=f"Kg materiaal per laptop ({slug})",
        unit="kg",
        baseline_value=Decimal("2.0"),
        baseline_year=2023,
        goal_value=Decimal("1.5"),
        goal_year=2028,
        direction=Kpi.Direction.LOWER,
    )
    return trajectory


def _supplier(trajectory, kvk, user=None, revoked=False):
    supplier = Supplier.objects.create(
        trajectory=trajectory,
        name=f"Leverancier {kvk}",
        kvk_number=kvk,
        contact_name="Contact",
        contact_email=f"contact-{kvk}@leverancier.example",
    )
    if user is not None:
        Invitation.objects.create(
            supplier=supplier,
            email=user.email,
            accepted_at=timezone.now(),
            accepted_by=user,
            revoked_at=timezone.now() if revoked else None,
        )
        SupplierAccount.objects.get_or_create(user=user, defaults={"company_name": supplier.name, "kvk_number": kvk})
    return supplier


def build(world):
    users = world.users
    contract_a = _contract(world, world.org_a, CONTRACT_A, world.category_a)
    TrajectoryMember.objects.create(trajectory=contract_a, user=users["inkoper"], role="inkoper")
    TrajectoryMember.objects.create(trajectory=contract_a, user=users["contractmanager"], role="contractmanager")
    supplier = _supplier(contract_a, KVK["supplier"], users["supplier"])
    Invitation.objects.create(
        supplier=supplier,
        email=users["supplier_revoked"].email,
        accepted_at=timezone.now(),
        accepted_by=users["supplier_revoked"],
        revoked_at=timezone.now(),
    )
    SupplierAccount.objects.create(
        user=users["supplier_revoked"], company_name=supplier.name, kvk_number=supplier.kvk_number
    )
    Invitation.objects.create(supplier=supplier, email=PENDING_EMAIL)
    kpi = supplier.contract_kpis().get()
    submission = Submission.objects.create(
        supplier=supplier, kpi=kpi, year=2024, value=Decimal("1.9"), note="Gewogen", submitted_by=users["supplier"]
    )
    evidence = Evidence(submission=submission, name="weegrapport.pdf", content_type="application/pdf", size=9)
    evidence.file.save("weegrapport.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    evidence.save()
    Message.objects.create(supplier=supplier, author=users["supplier"], from_supplier=True, text="Vraag over 2025")
    Proposal.objects.create(
        supplier=supplier,
        title="Terugname van oude laptops",
        description="Wij nemen de oude laptops terug.",
        strategy=RStrategy.objects.get(code="R2"),
        expected_effect="Minder materiaal",
        submitted_by=users["supplier"],
    )
    contract_a2 = _contract(world, world.org_a, CONTRACT_A2, world.category_a)
    _supplier(contract_a2, KVK["supplier_other_contract"], users["supplier_other_contract"])
    contract_b = _contract(world, world.org_b, CONTRACT_B, world.category_b)
    _supplier(contract_b, KVK["supplier_other_org"], users["supplier_other_org"])


def load(world):
    world.supplier_contract_a = Trajectory.objects.for_organisation(world.org_a).get(slug=CONTRACT_A)
    world.supplier_a = Supplier.objects.filter(trajectory=world.supplier_contract_a).get()
    world.supplier_kpi_a = world.supplier_a.contract_kpis().get()
    world.supplier_submission_a = world.supplier_a.submissions.get(year=2024)
    world.supplier_evidence_a = world.supplier_submission_a.evidence.get()
    world.proposal_a = Proposal.objects.filter(supplier=world.supplier_a).get()
    world.pending_invitation_a = Invitation.objects.filter(supplier=world.supplier_a).get(email=PENDING_EMAIL)


def contract_managers(status: int = 200) -> dict[str, int]:
    """The trajectory's contractmanager and the chef circulair; other members of A 403, everyone else 404."""
    expected = members(403)
    expected.update(contractmanager=status, chef=status)
    return expected


def own_supplier(status: int = 200) -> dict[str, int]:
    """Only the supplier of the contract; everyone else (members, other and revoked suppliers) 404."""
    expected = members(404)
    expected.update(supplier=status)
    return expected


def suppliers_only(status: int = 200) -> dict[str, int]:
    """Any supplier user (their own list, empty for the revoked one); everyone else 404."""
    expected = members(404)
    expected.update(dict.fromkeys(SUPPLIER_PERSONAS, status))
    return expected


TRAJECTORY = lambda w: {"pk": w.supplier_contract_a.pk}  # noqa: E731
SUPPLIER = lambda w: {"pk": w.supplier_a.pk}  # noqa: E731
OPEN_PERIOD = lambda w: {"pk": w.supplier_a.pk, "kpi": w.supplier_kpi_a.pk, "year": 2025}  # noqa: E731

ROWS = [
    Row("suppliers:list", members(), kwargs=TRAJECTORY),
    Row("suppliers:supplier_add", contract_managers(), kwargs=TRAJECTORY),
    Row(
        "suppliers:supplier_add",
        contract_managers(200),
        method="POST",
        kwargs=TRAJECTORY,
        data=lambda w: {"name": "X", "kvk_number": "123", "contact_name": "Y", "contact_email": "y@example.org"},
        note="invalid KvK: the form again",
    ),
    Row("suppliers:invite", contract_managers(), kwargs=SUPPLIER),
    Row(
        "suppliers:invite",
        contract_managers(200),
        method="POST",
        kwargs=SUPPLIER,
        data=lambda w: {"email": "geen-adres"},
        note="invalid address: the form again",
    ),
    Row(
        "suppliers:revoke_invitation",
        contract_managers(302),
        method="POST",
        kwargs=lambda w: {"pk": w.pending_invitation_a.pk},
    ),
    Row("suppliers:submission", members(), kwargs=lambda w: {"pk": w.supplier_submission_a.pk}),
    Row(
        "suppliers:submission",
        contract_managers(200),
        method="POST",
        kwargs=lambda w: {"pk": w.supplier_submission_a.pk},
        data=lambda w: {"decision": "return", "comment": ""},
        note="return without a comment: the form again",
    ),
    Row("suppliers:evidence", {**members(), "supplier": 200}, kwargs=lambda w: {"pk": w.supplier_evidence_a.pk}),
    Row("suppliers:accept_invitation", public(410), kwargs=lambda w: {"token": "vervalst-token"}),
    Row(
        "suppliers:accept_invitation",
        public(410),
        method="POST",
        kwargs=lambda w: {"token": "vervalst-token"},
        data=lambda w: {"password1": "x"},
    ),
    Row("suppliers:home", suppliers_only()),
    Row("suppliers:contract", own_supplier(), kwargs=SUPPLIER),
    Row("suppliers:report", own_supplier(), kwargs=OPEN_PERIOD),
    Row(
        "suppliers:report",
        own_supplier(200),
        method="POST",
        kwargs=OPEN_PERIOD,
        data=lambda w: {"value": "", "note": ""},
        note="no value: the form again",
    ),
    Row("suppliers:thread", own_supplier(), kwargs=SUPPLIER),
    Row("suppliers:thread", own_supplier(200), method="POST", kwargs=SUPPLIER, data=lambda w: {"text": ""}),
    Row("suppliers:team_thread", members(), kwargs=SUPPLIER),
    Row("suppliers:team_thread", contract_managers(200), method="POST", kwargs=SUPPLIER, data=lambda w: {"text": ""}),
    Row("suppliers:propose", own_supplier(), kwargs=SUPPLIER),
    Row("suppliers:propose", own_supplier(200), method="POST", kwargs=SUPPLIER, data=lambda w: {"title": ""}),
    Row("suppliers:proposal", members(), kwargs=lambda w: {"pk": w.proposal_a.pk}),
    Row(
        "suppliers:proposal",
        contract_managers(200),
        method="POST",
        kwargs=lambda w: {"pk": w.proposal_a.pk},
        data=lambda w: {"decision": "accept", "reason": ""},
        note="no reason: the form again",
    ),
]
