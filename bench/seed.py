"""A realistic organisation for benchmarks and load tests.

"Gemeente Benchstad": departments, categories, one user per role, and N
trajectories spread over every phase and outcome, each with its team, phase
records, every guiding question answered, every attention point checked, an
R-decision (R0–R2 weighed) and a groeimodel. KPIs come from
``bench.seed_kpis``.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from organisations.backup import delete_organisation
from organisations.models import Department, Membership, Organisation, ProductCategory, Role
from organisations.scoping import unscoped_access
from procurement.models import (
    Answer,
    AttentionCheck,
    AttentionPoint,
    GrowthStep,
    GuidingQuestion,
    Phase,
    PhaseRecord,
    RDecision,
    RDecisionStep,
    Trajectory,
    TrajectoryMember,
)
from rladder.models import RStrategy

from .seed_kpis import seed_kpis

BENCH_SLUG = "gemeente-benchstad"
BENCH_PASSWORD = "benchstad-wachtwoord-2026"  # noqa: S105  # nosec B105 - bench data only, refused without DEBUG
DEPARTMENTS = ["Inkoop", "Facilitaire zaken", "ICT", "Openbare ruimte", "Vastgoed", "Sociaal domein"]
CATEGORIES = [
    ("ICT-hardware", 5, 2_400_000),
    ("Kantoormeubilair", 4, 650_000),
    ("Bedrijfskleding", 3, 180_000),
    ("Catering", 3, 900_000),
    ("Wegenbouw en onderhoud", 5, 7_800_000),
    ("Schoonmaak", 2, 1_100_000),
    ("Dienstauto's en mobiliteit", 4, 1_500_000),
    ("Papier en drukwerk", 2, 120_000),
]
SUBJECTS = [
    "laptops voor medewerkers",
    "bureaustoelen voor het stadskantoor",
    "werkkleding buitendienst",
    "koffievoorziening",
    "groot onderhoud fietspaden",
    "schoonmaak gemeentelijke gebouwen",
    "deelauto's voor dienstreizen",
    "drukwerk voor de burgerzaken-balie",
    "beeldschermen voor flexplekken",
    "straatmeubilair in het centrum",
]
PEOPLE = [
    ("inkoper", Role.INKOPER),
    ("opdrachtgever", Role.INTERNE_OPDRACHTGEVER),
    ("contractmanager", Role.CONTRACTMANAGER),
    ("chef", Role.CHEF_CIRCULAIR),
    ("adviseur", Role.DUURZAAMHEIDSADVISEUR),
    ("lezer", Role.LEZER),
]


@dataclass
class BenchOrganisation:
    organisation: Organisation
    users: dict[str, object]
    trajectories: list[Trajectory] = field(default_factory=list)
    kpi_note: str = ""


def answer_text(question: GuidingQuestion, subject: str, rng: random.Random) -> str:
    openings = [
        f"Voor {subject} hebben we dit in het startoverleg besproken met de interne opdrachtgever.",
        f"Bij {subject} is dit uitgezocht samen met de duurzaamheidsadviseur.",
        f"Voor {subject} hebben we twee marktpartijen en een collega-gemeente gesproken.",
    ]
    findings = [
        "De huidige voorraad wordt nog niet volledig benut; een deel kan opnieuw worden ingezet.",
        "Delen met de buurgemeente is haalbaar voor ongeveer een derde van de behoefte.",
        "Met een langere gebruiksduur en onderhoud in het contract is minder nieuw materiaal nodig.",
        "De markt biedt product-als-dienst aan; de leverancier blijft eigenaar en neemt terug.",
        "De vraag is kleiner dan gedacht: na inventarisatie blijkt 20% van de aanvraag overbodig.",
    ]
    next_steps = [
        "We leggen dit vast in het programma van eisen.",
        "Dit nemen we op als gunningscriterium met een weging van 20%.",
        "De contractmanager monitort dit jaarlijks met de leverancier.",
    ]
    return " ".join([rng.choice(openings), rng.choice(findings), rng.choice(next_steps)])


_CHOSEN = ["R0", "R1", "R2", "R2", "R1", "R3"]


def _people(organisation, department) -> dict:
    """One member per role of the bench organisation (accounts are reused between runs)."""
    User = get_user_model()
    users = {}
    for part, role in PEOPLE:
        username = f"{part}@benchstad.nl"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=username, first_name=part.title(), last_name="Benchstad")
            user.set_password(BENCH_PASSWORD)
            user.save()
        Membership.objects.create(user=user, organisation=organisation, role=role, department=department)
        users[part] = user
    return users


def _status(index: int, done: int, phase_count: int) -> str:
    """Every tenth trajectory avoided its purchase; one with every phase done is completed."""
    if index % 10 == 9:
        return Trajectory.Status.AVOIDED
    return Trajectory.Status.COMPLETED if done == phase_count else Trajectory.Status.ACTIVE


def _phase_rows(trajectory, phases, done, questions, points, users, now, subject, rng):
    """The phase records, answers and checks of a trajectory with ``done`` phases completed."""
    records, answers, checks = [], [], []
    for position, phase in enumerate(phases):
        if position < done:
            phase_status, review = PhaseRecord.Status.COMPLETED, PhaseRecord.ReviewStatus.APPROVED
        elif position == done:
            phase_status, review = PhaseRecord.Status.IN_PROGRESS, PhaseRecord.ReviewStatus.NONE
        else:
            phase_status, review = PhaseRecord.Status.NOT_STARTED, PhaseRecord.ReviewStatus.NONE
        records.append(
            PhaseRecord(
                trajectory=trajectory,
                phase=phase,
                status=phase_status,
                review_status=review,
                completed_at=now if position < done else None,
                completed_by=users["inkoper"] if position < done else None,
                offered_at=now if position < done else None,
                reviewed_at=now if position < done else None,
                reviewed_by=users["chef"] if position < done else None,
            )
        )
        for question in questions[phase.pk]:
            answers.append(
                Answer(
                    trajectory=trajectory,
                    phase=phase,
                    question=question,
                    question_text=question.text,
                    question_kind=question.kind,
                    question_strategies=",".join(s.code for s in question.strategies.all()),
                    question_order=question.order,
                    text=answer_text(question, subject, rng),
                    state=Answer.State.ANSWERED,
                    updated_by=users["inkoper"],
                )
            )
        for point in points[phase.pk]:
            checks.append(
                AttentionCheck(
                    trajectory=trajectory,
                    phase=phase,
                    point=point,
                    point_text=point.text,
                    point_order=point.order,
                    checked=position < done or rng.random() < 0.5,
                    note="Besproken in het teamoverleg." if rng.random() < 0.3 else "",
                    updated_by=users["contractmanager"],
                )
            )
    return records, answers, checks


def build(n_trajectories: int = 50, seed: int = 2026, with_kpis: bool = True) -> BenchOrganisation:
    """Create (or re-create) Gemeente Benchstad with ``n_trajectories`` full trajectories."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - reproducible bench data, not security
    with unscoped_access():
        earlier = Organisation.objects.filter(slug=BENCH_SLUG).first()
        if earlier is not None:
            delete_organisation(earlier)
        organisation = Organisation.objects.create(name="Gemeente Benchstad", slug=BENCH_SLUG)
        departments = [Department.objects.create(organisation=organisation, name=name) for name in DEPARTMENTS]
        categories = [
            ProductCategory.objects.create(
                organisation=organisation, name=name, impact_weight=weight, annual_spend=Decimal(spend)
            )
            for name, weight, spend in CATEGORIES
        ]
        users = _people(organisation, departments[0])

        phases = list(Phase.objects.order_by("order"))
        questions = {p.pk: list(p.questions.prefetch_related("strategies")) for p in phases}
        points = {p.pk: list(AttentionPoint.objects.filter(phase=p).order_by("order")) for p in phases}
        strategies = {s.code: s for s in RStrategy.objects.all()}
        now = timezone.now()
        result = BenchOrganisation(organisation=organisation, users=users)

        for index in range(n_trajectories):
            subject = SUBJECTS[index % len(SUBJECTS)]
            done = index % (len(phases) + 1)  # 0..6 phases completed: every phase has trajectories
            status = _status(index, done, len(phases))
            chosen = strategies["R0" if status == Trajectory.Status.AVOIDED else _CHOSEN[index % len(_CHOSEN)]]
            start = date(2026, 1, 1) + timedelta(days=30 * (index % 12))
            trajectory = Trajectory.objects.create(
                organisation=organisation,
                title=f"Inkoop {subject} {2026 + index // len(SUBJECTS)}-{index + 1:02d}",
                slug=f"traject-{index + 1:02d}",
                description=f"Behoefte aan {subject} voor de komende contractperiode. "
                "We onderzoeken eerst of de inkoop kan worden voorkomen of verkleind.",
                category=categories[index % len(categories)],
                department=departments[index % len(departments)],
                estimated_value=Decimal(50_000 + 12_500 * index),
                contract_start=start,
                contract_end=start + timedelta(days=365 * 4),
                ambition=strategies[["R0", "R1", "R2"][index % 3]],
                chosen_strategy=chosen if done >= 1 else None,
                status=status,
                avoided_spend=Decimal(50_000 + 12_500 * index) if status == Trajectory.Status.AVOIDED else None,
                closed_at=now if status != Trajectory.Status.ACTIVE else None,
                created_by=users["inkoper"],
            )
            result.trajectories.append(trajectory)
            bulk_create_with_history(
                [
                    TrajectoryMember(trajectory=trajectory, user=users["inkoper"], role="inkoper"),
                    TrajectoryMember(trajectory=trajectory, user=users["opdrachtgever"], role="interne_opdrachtgever"),
                    TrajectoryMember(trajectory=trajectory, user=users["contractmanager"], role="contractmanager"),
                ],
                TrajectoryMember,
                default_user=users["inkoper"],
            )
            records, answers, checks = _phase_rows(
                trajectory, phases, done, questions, points, users, now, subject, rng
            )
            bulk_create_with_history(records, PhaseRecord, default_user=users["inkoper"])
            bulk_create_with_history(answers, Answer, default_user=users["inkoper"])
            bulk_create_with_history(checks, AttentionCheck, default_user=users["contractmanager"])
            decision = RDecision.objects.create(
                trajectory=trajectory,
                phase=phases[0],
                chosen_strategy=chosen,
                summary=f"Voor {subject} kiezen we {chosen.code} ({chosen.name_nl}) na het doorlopen van R0 tot R2.",
                created_by=users["inkoper"],
            )
            RDecisionStep.objects.bulk_create(
                RDecisionStep(
                    decision=decision,
                    strategy=strategies[code],
                    considered=True,
                    feasible=(
                        RDecisionStep.Feasible.YES
                        if code == chosen.code
                        else rng.choice([RDecisionStep.Feasible.NO, RDecisionStep.Feasible.PARTLY])
                    ),
                    rationale=f"{code} voor {subject}: afgewogen met de opdrachtgever en de markt.",
                )
                for code in ("R0", "R1", "R2")
            )
            if status == Trajectory.Status.ACTIVE and chosen.code != "R0":
                bulk_create_with_history(
                    [
                        GrowthStep(trajectory=trajectory, year=1, strategy=chosen, note="Start van het contract."),
                        GrowthStep(
                            trajectory=trajectory, year=3, strategy=strategies["R1"], note="Delen met de regio."
                        ),
                    ],
                    GrowthStep,
                    default_user=users["inkoper"],
                )

        if with_kpis:
            seed_kpis(organisation, n_kpis=30, years=10, departments=departments)
            result.kpi_note = "30 KPIs × 10 years of measurements seeded."
    return result
