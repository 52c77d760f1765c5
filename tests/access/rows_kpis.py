"""Access rows of the kpis app: dashboard, KPIs, measurements, imports/exports, contract KPIs, reports."""

import datetime
import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile

from kpis.models import AnnualReport, Kpi, Measurement
from lib.stored_files import storage
from procurement.models import Trajectory, TrajectoryMember

from .table import Row, managers, members

TRAJECTORY_A = "kpi-contract-alfa"
TRAJECTORY_B = "kpi-contract-beta"


def build(world):
    users = world.users
    trajectory_a = Trajectory.objects.create(
        organisation=world.org_a,
        title="Werkplekken delen (KPI's)",
        slug=TRAJECTORY_A,
        description="Flexibele werkplekken in plaats van nieuwe bureaus.",
        category=world.category_a,
        contract_start=datetime.date(2025, 1, 1),
        contract_end=datetime.date(2028, 12, 31),
    )
    TrajectoryMember.objects.create(trajectory=trajectory_a, user=users["inkoper"], role="inkoper")
    TrajectoryMember.objects.create(trajectory=trajectory_a, user=users["contractmanager"], role="contractmanager")
    Trajectory.objects.create(
        organisation=world.org_b, title="Beta-traject", slug=TRAJECTORY_B, description="B", category=world.category_b
    )
    common = {"baseline_year": 2024, "goal_year": 2030, "direction": Kpi.Direction.LOWER}
    kpi_a = Kpi.objects.create(
        organisation=world.org_a,
        name="Totaal kg materiaal (Alfa)",
        unit="kg",
        baseline_value=Decimal(1000),
        goal_value=Decimal(400),
        **common,
    )
    Measurement.objects.create(kpi=kpi_a, year=2024, value=Decimal(1000), entered_by=users["chef"])
    Kpi.objects.create(
        organisation=world.org_b,
        name="Totaal kg materiaal (Beta)",
        unit="kg",
        baseline_value=Decimal(500),
        goal_value=Decimal(200),
        **common,
    )
    Kpi.objects.create(
        organisation=world.org_a,
        trajectory=trajectory_a,
        scope=Kpi.Scope.CONTRACT,
        name="Bezettingsgraad werkplekken",
        unit="%",
        baseline_value=Decimal(40),
        goal_value=Decimal(80),
        baseline_year=2024,
        goal_year=2028,
        direction=Kpi.Direction.HIGHER,
    )
    for org, slug in ((world.org_a, "a"), (world.org_b, "b")):
        pdf = b"%PDF-1.7 test"
        AnnualReport.objects.create(
            organisation=org,
            year=2024,
            status=AnnualReport.Status.READY,
            html=f"<p>Verslag {slug}</p>",
            file=storage().save(f"jaarverslagen/test-{slug}.pdf", ContentFile(pdf)),
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
            task_id=f"test-{slug}",
        )


def load(world):
    world.trajectory_kpis_a = Trajectory.objects.for_organisation(world.org_a).get(slug=TRAJECTORY_A)
    world.trajectory_kpis_b = Trajectory.objects.for_organisation(world.org_b).get(slug=TRAJECTORY_B)
    world.kpi_a = Kpi.objects.for_organisation(world.org_a).get(name="Totaal kg materiaal (Alfa)")
    world.kpi_b = Kpi.objects.for_organisation(world.org_b).get(name="Totaal kg materiaal (Beta)")
    world.contract_kpi_a = Kpi.objects.for_organisation(world.org_a).get(name="Bezettingsgraad werkplekken")
    world.report_a = AnnualReport.objects.get(organisation=world.org_a, task_id="test-a")
    world.report_b = AnnualReport.objects.get(organisation=world.org_b, task_id="test-b")


def team_editors(status: int = 200) -> dict[str, int]:
    """Editing members on the trajectory's team (inkoper, contractmanager) and the chef circulair."""
    expected = members(403)
    expected.update(inkoper=status, contractmanager=status, chef=status)
    return expected


def contract_measurers(status: int = 200) -> dict[str, int]:
    """The trajectory's contractmanager and the chef circulair."""
    expected = members(403)
    expected.update(contractmanager=status, chef=status)
    return expected


def other_organisation(status_for_outsider: int = 200) -> dict[str, int]:
    """An object of organisation B: 404 for everyone in A, the outsider (chef of B) sees it."""
    expected = members(404)
    expected["outsider"] = status_for_outsider
    return expected


def own_members(status: int = 200) -> dict[str, int]:
    """Organisation-level pages: every member sees their own organisation (the outsider sees B's)."""
    return {**members(status), "outsider": status}


def own_managers(status: int = 200) -> dict[str, int]:
    """Organisation-level management: the chef circulair of A, and the outsider as chef of B."""
    return {**managers(status), "outsider": status}


KPI = lambda w: {"pk": w.kpi_a.pk}  # noqa: E731
CONTRACT_KPI = lambda w: {"pk": w.contract_kpi_a.pk}  # noqa: E731
KPI_FORM = {
    "name": "Nieuwe KPI",
    "unit": "kg",
    "scope": "organisatie",
    "direction": "lager",
    "baseline_value": "100",
    "baseline_year": "2024",
    "goal_value": "50",
    "goal_year": "2030",
    "rule": "lineair",
    "margin_pct": "5",
    "aggregation": "som",
}

ROWS = [
    Row("kpis:dashboard", own_members()),
    Row("kpis:kpi_list", own_members()),
    Row("kpis:library", own_managers()),
    Row("kpis:kpi_create", own_managers()),
    Row("kpis:kpi_create", own_managers(302), method="POST", data=lambda w: KPI_FORM),
    Row("kpis:kpi_detail", members(), kwargs=KPI),
    Row("kpis:kpi_detail", other_organisation(), kwargs=lambda w: {"pk": w.kpi_b.pk}, note="other organisation"),
    Row("kpis:kpi_detail", members(), kwargs=CONTRACT_KPI, note="contract KPI"),
    Row("kpis:kpi_edit", managers(), kwargs=KPI),
    Row("kpis:kpi_edit", team_editors(), kwargs=CONTRACT_KPI, note="contract KPI"),
    Row("kpis:kpi_edit", other_organisation(), kwargs=lambda w: {"pk": w.kpi_b.pk}, note="other organisation"),
    Row("kpis:kpi_delete", managers(), kwargs=KPI),
    Row("kpis:kpi_delete", managers(), method="POST", kwargs=KPI, note="without confirmation"),
    Row("kpis:kpi_targets", managers(), kwargs=KPI),
    Row("kpis:kpi_targets", managers(302), method="POST", kwargs=KPI, data=lambda w: {"jaar_2026": "700"}),
    Row("kpis:kpi_targets", team_editors(), kwargs=CONTRACT_KPI, note="contract KPI"),
    Row("kpis:measurements", managers(), kwargs=KPI),
    Row("kpis:measurements", contract_measurers(), kwargs=CONTRACT_KPI, note="contract KPI"),
    Row(
        "kpis:measurements",
        managers(302),
        method="POST",
        kwargs=KPI,
        data=lambda w: {"r2025q0-value": "950", "r2025q0-version": "0"},
    ),
    Row(
        "kpis:measurements",
        contract_measurers(),
        method="POST",
        kwargs=CONTRACT_KPI,
        data=lambda w: {"row": "2025-0", "r2025q0-value": "45", "r2025q0-version": "0"},
        htmx=True,
        note="contract KPI",
    ),
    Row(
        "kpis:measurements",
        other_organisation(),
        kwargs=lambda w: {"pk": w.kpi_b.pk},
        note="other organisation",
    ),
    Row("kpis:import", own_managers()),
    Row("kpis:import", own_managers(), method="POST", note="without a file"),
    Row("kpis:export", own_members(), kwargs=lambda w: {"what": "metingen", "fmt": "xlsx"}),
    Row("kpis:export", own_members(), kwargs=lambda w: {"what": "kpis", "fmt": "csv"}),
    Row("kpis:export", own_members(), kwargs=lambda w: {"what": "effecten", "fmt": "csv"}, note="effecten"),
    Row("kpis:export", own_members(), kwargs=lambda w: {"what": "effectregels", "fmt": "xlsx"}, note="regels"),
    Row("kpis:contract_kpis", members(), kwargs=lambda w: {"trajectory_pk": w.trajectory_kpis_a.pk}),
    Row(
        "kpis:contract_kpis",
        other_organisation(),
        kwargs=lambda w: {"trajectory_pk": w.trajectory_kpis_b.pk},
        note="other organisation",
    ),
    Row("kpis:contract_kpi_create", team_editors(), kwargs=lambda w: {"trajectory_pk": w.trajectory_kpis_a.pk}),
    Row("kpis:reports", own_members()),
    Row("kpis:report_request", own_managers(302), method="POST", data=lambda w: {"year": "2025"}),
    Row("kpis:report_detail", members(), kwargs=lambda w: {"pk": w.report_a.pk}),
    Row("kpis:report_detail", members(), kwargs=lambda w: {"pk": w.report_a.pk}, htmx=True),
    Row("kpis:report_detail", other_organisation(), kwargs=lambda w: {"pk": w.report_b.pk}, note="other organisation"),
    Row("kpis:report_pdf", members(), kwargs=lambda w: {"pk": w.report_a.pk}),
]
