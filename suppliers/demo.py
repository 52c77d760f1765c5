"""Demo step of the suppliers app: a supplier on the completed laptops contract, reporting its KPIs.

Refurb ICT B.V. reports four contract KPIs of "Laptops medewerkers" for 2025:
two submissions accepted (the official measurements, bron: leverancier; one of
them the CO2-Prestatieladder level it promised in its offer, reached one level
short, so the award's sanction shows), one returned with a comment, one waiting
in the contractmanager's queue; and it proposed a take-back scheme. Its contact logs in with the demo password.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from kpis.models import Kpi
from organisations.demo import DEMO_PASSWORD
from organisations.models import Role
from procurement.models import Trajectory
from rladder.models import RStrategy

from .models import Evidence, Invitation, Message, Proposal, Submission, Supplier, SupplierAccount

SUPPLIER_EMAIL = "sanne@refurb-ict.example"
KPIS = [
    # name, unit, direction, baseline, goal, strategy, 2025 value, outcome, comment
    ("Kg materiaal per laptop", "kg", Kpi.Direction.LOWER, "2.1", "1.4", "R2", "1.8", "accepted", ""),
    (
        "Aandeel refurbished laptops",
        "%",
        Kpi.Direction.HIGHER,
        "0",
        "40",
        "R2",
        "22",
        "returned",
        "Stuur de leverlijst mee waaruit het aandeel refurbished blijkt.",
    ),
    ("Laptops teruggenomen voor hergebruik", "aantal", Kpi.Direction.HIGHER, "0", "800", "R1", "310", "waiting", ""),
    # Promised in the offer (criteria demo: the recorded award): level 3; the certificate reached level 2.
    ("Trede CO2-Prestatieladder", "trede", Kpi.Direction.HIGHER, "0", "3", "R2", "2", "accepted", ""),
]
DEMO_PDF = b"%PDF-1.4\n% Demo: weegrapport Refurb ICT 2025\n%%EOF\n"


def build(context) -> None:
    organisation = context.organisation
    trajectory = Trajectory.objects.for_organisation(organisation).filter(slug="laptops-medewerkers").first()
    if trajectory is None:
        return
    manager = context.users.get(Role.CONTRACTMANAGER)
    supplier, _ = Supplier.objects.get_or_create(
        trajectory=trajectory,
        kvk_number="60123456",
        defaults={"name": "Refurb ICT B.V.", "contact_name": "Sanne Visser", "contact_email": SUPPLIER_EMAIL},
    )
    user = _supplier_user(supplier)
    if not supplier.invitations.filter(accepted_by=user).exists():
        Invitation.objects.create(
            supplier=supplier,
            email=SUPPLIER_EMAIL,
            invited_by=manager,
            created_at=timezone.now() - timedelta(days=30),
            accepted_at=timezone.now() - timedelta(days=29),
            accepted_by=user,
        )
    strategies = {s.code: s for s in RStrategy.objects.all()}
    for name, unit, direction, baseline, goal, code, value, outcome, comment in KPIS:
        kpi, _ = Kpi.objects.get_or_create(
            organisation=organisation,
            trajectory=trajectory,
            name=name,
            defaults={
                "scope": Kpi.Scope.CONTRACT,
                "unit": unit,
                "direction": direction,
                "baseline_value": Decimal(baseline),
                "baseline_year": 2024,
                "goal_value": Decimal(goal),
                "goal_year": 2029,
                "strategy": strategies.get(code),
                "aggregation": Kpi.Aggregation.MEAN if unit == "%" else Kpi.Aggregation.SUM,
            },
        )
        if supplier.submissions.filter(kpi=kpi, year=2025).exists():
            continue
        submission = Submission.objects.create(
            supplier=supplier, kpi=kpi, year=2025, value=Decimal(value), note="Jaaropgave 2025", submitted_by=user
        )
        evidence = Evidence(submission=submission, name="jaaropgave-2025.pdf", content_type="application/pdf", size=0)
        evidence.file.save("jaaropgave-2025.pdf", ContentFile(DEMO_PDF), save=False)
        evidence.size = len(DEMO_PDF)
        evidence.save()
        if outcome == "accepted":
            submission.accept(manager)
        elif outcome == "returned":
            submission.return_to_supplier(manager, comment)
    if not supplier.proposals.exists():
        Proposal.objects.create(
            supplier=supplier,
            title="Terugnameregeling voor afgeschreven laptops",
            description="Wij nemen afgeschreven laptops terug, knappen ze op en zetten ze opnieuw in bij scholen.",
            strategy=strategies.get("R1") or next(iter(strategies.values())),
            expected_effect="Circa 300 laptops per jaar krijgen een tweede leven; minder nieuw materiaal.",
            submitted_by=user,
        )
        Message.objects.create(
            supplier=supplier,
            author=user,
            from_supplier=True,
            text="We hebben een voorstel voor terugname ingediend. Zullen we het bespreken in het kwartaaloverleg?",
        )
    context.logins.append((SUPPLIER_EMAIL, "Leverancier (Refurb ICT B.V., contract Laptops medewerkers)"))


def _supplier_user(supplier):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=SUPPLIER_EMAIL, defaults={"email": SUPPLIER_EMAIL, "first_name": "Sanne", "last_name": "Visser"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    SupplierAccount.objects.get_or_create(
        user=user, defaults={"company_name": supplier.name, "kvk_number": supplier.kvk_number}
    )
    return user
