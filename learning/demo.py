"""Demo data of the learning app: lessons, a second demo organisation and benchmark participants.

- Gemeente Voorbeeldstad gets lessons (some shared) and joins the benchmark;
- "Provincie Voorbeeldland" (a login for its chef circulair) has a few trajectories and shared
  lessons, shows its name and joins the benchmark;
- three generated organisations join the benchmark as plain data (no logins);

so five organisations contribute and the benchmark page shows figures right after ``make run``.
Idempotent, like the other demo steps.
"""

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from organisations.demo import DEMO_PASSWORD, apply_theme, publish_accessibility_statement
from organisations.models import AccessibilityStatement, Membership, Organisation, ProductCategory, Role
from procurement.models import Phase, RDecisionStep, Trajectory
from rladder.models import RStrategy

from . import benchmark, indexing
from .models import LearningSettings, Lesson

SECOND_DOMAIN = "voorbeeldland.nl"
CATEGORIES = ["ICT-hardware", "Meubilair en werkplekomgeving"]

# Lessons of Voorbeeldstad: (trajectory slug, kind, phase slug, R-code, text, shared)
OWN_LESSONS = [
    (
        "laptops-medewerkers",
        "goed",
        "circulaire-marktverkenning",
        "R1",
        "De marktconsultatie liet zien dat drie leveranciers laptops als dienst aanbieden, inclusief "
        "terugname en refurbishment. Vraag in de consultatie expliciet naar een terugnamegarantie.",
        True,
    ),
    (
        "laptops-medewerkers",
        "beter",
        "startoverleg",
        "R0",
        "We begonnen pas met de behoefte toen het oude contract bijna afliep. Begin een jaar eerder, "
        "dan is er tijd om te onderzoeken of minder apparaten per medewerker volstaan.",
        False,
    ),
    (
        "werkplekken-stadskantoor",
        "tip",
        "startoverleg",
        "R1",
        "Meet eerst de bezetting van de werkplekken: bij ons stond 40 procent van de bureaus leeg. "
        "Daarmee was het gesprek over delen in plaats van bijkopen snel gevoerd.",
        True,
    ),
    (
        "wegwerpbekers-koffieautomaten",
        "goed",
        "startoverleg",
        "R0",
        "Door vaatwasbare mokken bij de automaten te zetten, hoefden we geen wegwerpbekers meer in te kopen. "
        "De schoonmaak moest wel vooraf worden meegenomen.",
        True,
    ),
]

SECOND_TRAJECTORIES = [
    # (title, category, R-code chosen, estimated value, avoided, lessons)
    (
        "Laptops als dienst voor het provinciehuis",
        "ICT-hardware",
        "R1",
        Decimal(420_000),
        None,
        [
            (
                "tip",
                "circulaire-marktverkenning",
                "R1",
                "Vraag leveranciers naar de levensduur per onderdeel; accu's en toetsenborden bleken het eerst "
                "te slijten en zijn los te vervangen.",
            )
        ],
    ),
    (
        "Vergaderstoelen hergebruiken",
        "Meubilair en werkplekomgeving",
        "R0",
        Decimal(85_000),
        Decimal(85_000),
        [
            (
                "goed",
                "startoverleg",
                "R0",
                "In het depot stonden 300 stoelen van een eerdere verbouwing. Na een opknapbeurt waren ze goed "
                "genoeg: niets nieuws gekocht.",
            )
        ],
    ),
]


def _strategies() -> dict:
    return {s.code: s for s in RStrategy.objects.all()}


def _decide(trajectory, user, code: str, strategies) -> None:
    if trajectory.r_decisions.exists():
        return
    feasible = {f"R{n}": RDecisionStep.Feasible.NO for n in range(3)}
    if code in feasible:
        feasible[code] = RDecisionStep.Feasible.YES
    steps = [
        {"strategy": strategies[c], "considered": True, "feasible": f, "rationale": f"Overwogen: {c}."}
        for c, f in feasible.items()
    ]
    trajectory.record_r_decision(
        user=user,
        phase=Phase.objects.get(slug="startoverleg"),
        steps=steps,
        fallback=strategies[code] if code not in feasible else None,
        avoided_spend=trajectory.estimated_value if code == "R0" else None,
    )


def _opt_in(organisation, *, show_name: bool) -> None:
    LearningSettings.objects.update_or_create(
        organisation=organisation,
        defaults={
            "benchmark_opt_in": True,
            "benchmark_opt_in_at": timezone.now(),
            "show_name_on_shared_lessons": show_name,
        },
    )


def _own_lessons(context, strategies, phases) -> None:
    trajectories = {t.slug: t for t in Trajectory.objects.for_organisation(context.organisation)}
    author = context.users[Role.INKOPER]
    for slug, kind, phase, code, text, shared in OWN_LESSONS:
        trajectory = trajectories.get(slug)
        if trajectory is None:
            continue
        Lesson.objects.get_or_create(
            trajectory=trajectory,
            text=text,
            defaults={
                "kind": kind,
                "phase": phases[phase],
                "strategy": strategies[code],
                "shared": shared,
                "highlighted": True,
                "created_by": author,
            },
        )


def _second_organisation(context, strategies, phases) -> None:
    organisation, _ = Organisation.objects.get_or_create(
        slug="provincie-voorbeeldland",
        defaults={"name": "Provincie Voorbeeldland", "kind": Organisation.Kind.PROVINCIE},
    )
    User = get_user_model()
    email = f"chef@{SECOND_DOMAIN}"
    chef, created = User.objects.get_or_create(
        username=email, defaults={"email": email, "first_name": "Pim", "last_name": "Provincie"}
    )
    if created:
        chef.set_password(DEMO_PASSWORD)
        chef.save(update_fields=["password"])
    Membership.objects.update_or_create(user=chef, organisation=organisation, defaults={"role": Role.CHEF_CIRCULAIR})
    context.logins.append((email, f"{Role.CHEF_CIRCULAIR.label} ({organisation.name})"))
    publish_accessibility_statement(
        organisation,
        status=AccessibilityStatement.Status.C,
        email=f"digitoegankelijk@{SECOND_DOMAIN}",
        evaluation=(
            "Eigen controle met alleen het toetsenbord en met NVDA; een onderzoek door een inspectiebureau is gepland."
        ),
    )
    apply_theme(organisation)
    existing = set(Trajectory.objects.for_organisation(organisation).values_list("title", flat=True))
    for title, category_name, code, value, _avoided, lessons in SECOND_TRAJECTORIES:
        if title in existing:
            continue
        category, _ = ProductCategory.objects.get_or_create(organisation=organisation, name=category_name)
        trajectory = Trajectory.start(
            organisation=organisation,
            created_by=chef,
            title=title,
            description=f"{title}: een demotraject van de tweede demo-organisatie.",
            category=category,
            estimated_value=value,
            team=[(chef, "chef_circulair")],
        )
        _decide(trajectory, chef, code, strategies)
        for kind, phase, lesson_code, text in lessons:
            Lesson.objects.create(
                trajectory=trajectory,
                kind=kind,
                phase=phases[phase],
                strategy=strategies[lesson_code],
                text=text,
                shared=True,
                created_by=chef,
            )
    _opt_in(organisation, show_name=True)


def _participants(strategies) -> None:
    """Three generated organisations: benchmark data only, no people."""
    rng = random.Random(14)  # noqa: S311  # nosec B311 - demo figures, not security
    for number in range(1, 4):
        organisation, created = Organisation.objects.get_or_create(
            slug=f"benchmarkdeelnemer-{number}",
            defaults={"name": f"Benchmarkdeelnemer {number}", "kind": Organisation.Kind.GEMEENTE},
        )
        if created:
            for category_name in CATEGORIES:
                category, _ = ProductCategory.objects.get_or_create(organisation=organisation, name=category_name)
                for index in range(3):
                    value = Decimal(rng.randrange(50, 500) * 1000)
                    code = rng.choice(["R0", "R1", "R2", "R5", "R8"])
                    trajectory = Trajectory.start(
                        organisation=organisation,
                        created_by=None,
                        title=f"{category_name} {index + 1}",
                        description="Gegenereerd voor de benchmark.",
                        category=category,
                        estimated_value=value,
                    )
                    _decide(trajectory, None, code, strategies)
        _opt_in(organisation, show_name=False)


def build(context) -> None:
    strategies = _strategies()
    phases = {p.slug: p for p in Phase.objects.all()}
    _own_lessons(context, strategies, phases)
    _opt_in(context.organisation, show_name=True)
    _second_organisation(context, strategies, phases)
    _participants(strategies)
    indexing.rebuild()
    benchmark.compute()
