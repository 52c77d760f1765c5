"""Bulk seeding for the scale benchmark: one organisation that grows, among many others.

Every trajectory is complete the way ``bench.seed`` makes one (team, phase
records, every question answered, every attention point, an R-decision with
R0–R2 weighed, a groeimodel), plus review events for its finished phases (some
still waiting in the review queue) and, once "Doelen en KPI's" is done, a
contract KPI measured over its contract years. Rows are written with
``bulk_create`` (and ``bulk_create_with_history`` where the app keeps history)
in batches, so 5,000 trajectories take seconds per thousand, not minutes.

For measuring only: never run against real data (the benchmark refuses a
database without "bench" in its name).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from kpis.models import Kpi, Measurement
from organisations.models import Department, Membership, Organisation, ProductCategory
from organisations.scoping import unscoped_access
from procurement.models import (
    Answer,
    AttentionCheck,
    AttentionPoint,
    GrowthStep,
    Phase,
    PhaseRecord,
    RDecision,
    RDecisionStep,
    ReviewEvent,
    Trajectory,
    TrajectoryMember,
)
from rladder.models import RStrategy

from .seed import _CHOSEN, CATEGORIES, DEPARTMENTS, SUBJECTS, answer_text, build

BATCH = 500  # trajectories per batch: a few thousand rows per bulk_create


@dataclass
class Guidance:
    phases: list
    questions: dict
    points: dict
    strategies: dict


def guidance() -> Guidance:
    phases = list(Phase.objects.order_by("order"))
    return Guidance(
        phases=phases,
        questions={p.pk: _with_codes(p.questions.prefetch_related("strategies")) for p in phases},
        points={p.pk: list(AttentionPoint.objects.filter(phase=p).order_by("order")) for p in phases},
        strategies={s.code: s for s in RStrategy.objects.all()},
    )


def _with_codes(questions):
    questions = list(questions)
    for question in questions:
        question.strategy_codes = ",".join(s.code for s in question.strategies.all())
    return questions


@dataclass
class Owner:
    """Who the trajectories belong to: an organisation with its departments, categories and people."""

    organisation: Organisation
    departments: list
    categories: list
    team: list  # (user, team role) of every trajectory's team
    author: object
    reviewer: object
    next_index: int = 0


def bench_owner(built) -> Owner:
    """The growing organisation, from ``bench.seed.build`` (Gemeente Benchstad and its role accounts)."""
    users = built.users
    organisation = built.organisation
    return Owner(
        organisation=organisation,
        departments=list(organisation.departments.order_by("pk")),
        categories=list(organisation.categories.order_by("pk")),
        team=[
            (users["inkoper"], "inkoper"),
            (users["opdrachtgever"], "interne_opdrachtgever"),
            (users["contractmanager"], "contractmanager"),
        ],
        author=users["inkoper"],
        reviewer=users["chef"],
        next_index=len(built.trajectories),
    )


def other_organisations(count: int, per_organisation: int, data: Guidance, rng) -> int:
    """``count`` other organisations, each with one member and ``per_organisation`` trajectories."""
    User = get_user_model()
    made = 0
    for number in range(1, count + 1):
        organisation = Organisation.objects.create(name=f"Gemeente Elders {number:03d}", slug=f"elders-{number:03d}")
        departments = Department.objects.bulk_create(
            Department(organisation=organisation, name=name) for name in DEPARTMENTS[:3]
        )
        categories = [
            ProductCategory.objects.create(
                organisation=organisation, name=name, impact_weight=weight, annual_spend=Decimal(spend)
            )
            for name, weight, spend in CATEGORIES[:4]
        ]
        user = User(username=f"inkoper@elders-{number:03d}.nl", email=f"inkoper@elders-{number:03d}.nl")
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, organisation=organisation, role="inkoper", department=departments[0])
        owner = Owner(organisation, departments, categories, [(user, "inkoper")], user, user)
        made += add_trajectories(owner, per_organisation, data, rng)
    return made


def add_trajectories(owner: Owner, count: int, data: Guidance, rng) -> int:
    """Add ``count`` full trajectories to ``owner``'s organisation, in batches."""
    done_count = 0
    while done_count < count:
        size = min(BATCH, count - done_count)
        _batch(owner, size, data, rng)
        done_count += size
    return done_count


def _prepared(field, value):
    """Dates, datetimes and decimals as the backend stores them; other values pass as they are."""
    if value is not None and isinstance(field, (models.DateField, models.DecimalField)):
        return field.get_db_prep_save(value, connection)
    return value


def _insert(model, rows: list[dict], now) -> None:
    """Plain multi-row INSERTs of ``rows`` (attname → value; fields left out take their default).

    No model instances: building half a million of them is what made ``bulk_create`` slow here.
    """
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            defaults[f.attname] = f.get_default()
    quote = connection.ops.quote_name
    statement = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    with connection.cursor() as cursor:
        for first in range(0, len(rows), 2000):
            cursor.executemany(
                statement,
                [
                    tuple(_prepared(f, row.get(f.attname, defaults[f.attname])) for f in fields)
                    for row in rows[first : first + 2000]
                ],
            )


def _history(model, where: str, params: list, user, now) -> None:
    """A creation ("+") history row for every row of ``model`` matching ``where``, in one INSERT … SELECT."""
    quote = connection.ops.quote_name
    columns = [quote(f.column) for f in model._meta.concrete_fields]
    history_columns = [*columns, "history_date", "history_change_reason", "history_type", "history_user_id"]
    date = _prepared(models.DateTimeField(), now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model.history.model._meta.db_table)} ({', '.join(history_columns)}) "  # noqa: S608
            f"SELECT {', '.join(columns)}, %s, NULL, '+', %s FROM {quote(model._meta.db_table)} WHERE {where}",
            [date, user.pk, *params],
        )


def _batch(owner: Owner, size: int, data: Guidance, rng) -> None:
    now = timezone.now()
    phases, strategies = data.phases, data.strategies
    plan, trajectories = [], []
    for _ in range(size):
        index = owner.next_index
        owner.next_index += 1
        subject = SUBJECTS[index % len(SUBJECTS)]
        done = index % (len(phases) + 1)
        if index % 10 == 9:
            status = Trajectory.Status.AVOIDED
        else:
            status = Trajectory.Status.COMPLETED if done == len(phases) else Trajectory.Status.ACTIVE
        chosen = strategies["R0" if status == Trajectory.Status.AVOIDED else _CHOSEN[index % len(_CHOSEN)]]
        start = date(2017, 1, 1) + timedelta(days=(index * 37) % 3650)  # contracts spread over ten years
        value = Decimal(50_000 + 12_500 * (index % 400))
        trajectories.append(
            Trajectory(
                organisation=owner.organisation,
                title=f"Inkoop {subject} {start.year}-{index + 1:05d}",
                slug=f"traject-{index + 1:05d}",
                description=f"Behoefte aan {subject} voor de komende contractperiode.",
                category=owner.categories[index % len(owner.categories)],
                department=owner.departments[index % len(owner.departments)],
                estimated_value=value,
                contract_start=start,
                contract_end=start + timedelta(days=365 * 4),
                ambition=strategies[["R0", "R1", "R2"][index % 3]],
                chosen_strategy=chosen if done >= 1 else None,
                status=status,
                avoided_spend=value if status == Trajectory.Status.AVOIDED else None,
                closed_at=now - timedelta(days=(index * 11) % 3650) if status != Trajectory.Status.ACTIVE else None,
                archived_at=now if index % 50 == 49 else None,
                created_by=owner.author,
            )
        )
        plan.append((index, subject, done, status, chosen, start))
    trajectories = bulk_create_with_history(trajectories, Trajectory, default_user=owner.author)
    first_id = min(t.pk for t in trajectories)
    author = owner.author.pk
    members, records, answers, checks, decisions, growth, kpis = [], [], [], [], [], [], []
    for trajectory, (index, subject, done, status, chosen, start) in zip(trajectories, plan, strict=True):
        t = trajectory.pk
        members += [{"trajectory_id": t, "user_id": user.pk, "role": role} for user, role in owner.team]
        # The last finished phase still waits for its review in four of five trajectories: the queue's
        # first page is full at every size, so the sizes compare the same page.
        waiting = done >= 1 and index % 5 != 0
        for position, phase in enumerate(phases):
            finished = position < done
            review = PhaseRecord.ReviewStatus.NONE
            if finished:
                review = (
                    PhaseRecord.ReviewStatus.IN_REVIEW
                    if waiting and position == done - 1
                    else PhaseRecord.ReviewStatus.APPROVED
                )
            approved = review == PhaseRecord.ReviewStatus.APPROVED
            records.append(
                {
                    "trajectory_id": t,
                    "phase_id": phase.pk,
                    "status": (
                        PhaseRecord.Status.COMPLETED
                        if finished
                        else PhaseRecord.Status.IN_PROGRESS
                        if position == done
                        else PhaseRecord.Status.NOT_STARTED
                    ),
                    "review_status": review,
                    "completed_at": now if finished else None,
                    "completed_by_id": author if finished else None,
                    "offered_at": now - timedelta(minutes=index) if finished else None,
                    "reviewed_at": now if approved else None,
                    "reviewed_by_id": owner.reviewer.pk if approved else None,
                }
            )
            for question in data.questions[phase.pk]:
                answers.append(
                    {
                        "trajectory_id": t,
                        "phase_id": phase.pk,
                        "question_id": question.pk,
                        "question_text": question.text,
                        "question_kind": question.kind,
                        "question_strategies": question.strategy_codes,
                        "question_order": question.order,
                        "text": answer_text(question, subject, rng),
                        "state": Answer.State.ANSWERED,
                        "updated_by_id": author,
                    }
                )
            for point in data.points[phase.pk]:
                checks.append(
                    {
                        "trajectory_id": t,
                        "phase_id": phase.pk,
                        "point_id": point.pk,
                        "point_text": point.text,
                        "point_order": point.order,
                        "checked": finished,
                        "updated_by_id": author,
                    }
                )
        decisions.append(
            {
                "trajectory_id": t,
                "phase_id": phases[0].pk,
                "chosen_strategy_id": chosen.pk,
                "summary": f"Voor {subject} kiezen we {chosen.code} na het doorlopen van R0 tot R2.",
                "created_by_id": author,
            }
        )
        if status == Trajectory.Status.ACTIVE and chosen.code != "R0":
            growth += [
                {"trajectory_id": t, "year": 1, "strategy_id": chosen.pk, "note": "Start van het contract."},
                {"trajectory_id": t, "year": 3, "strategy_id": strategies["R1"].pk, "note": "Delen met de regio."},
            ]
        if done >= 3:
            kpis.append(
                Kpi(
                    organisation=owner.organisation,
                    trajectory=trajectory,
                    scope=Kpi.Scope.CONTRACT,
                    name=f"Kilogram nieuw materiaal ({trajectory.slug})",
                    unit="kg",
                    strategy=strategies["R2"],
                    baseline_year=start.year,
                    baseline_value=Decimal(10_000),
                    goal_year=start.year + 4,
                    goal_value=Decimal(6_000),
                )
            )
    quote = connection.ops.quote_name
    for model, rows in (
        (TrajectoryMember, members),
        (PhaseRecord, records),
        (Answer, answers),
        (AttentionCheck, checks),
        (RDecision, decisions),
        (GrowthStep, growth),
    ):
        _insert(model, rows, now)
        _history(model, "trajectory_id >= %s", [first_id], owner.author, now)
    with connection.cursor() as cursor:
        # Every decision weighed R0–R2; the chosen one was feasible.
        cursor.execute(
            f"INSERT INTO {quote(RDecisionStep._meta.db_table)} "  # noqa: S608
            "(decision_id, strategy_id, considered, feasible, rationale) "
            "SELECT d.id, s.id, %s, CASE WHEN s.id = d.chosen_strategy_id THEN 'ja' ELSE 'nee' END, "
            f"'Afgewogen met de opdrachtgever en de markt.' FROM {quote(RDecision._meta.db_table)} d "
            f"CROSS JOIN {quote(RStrategy._meta.db_table)} s "
            "WHERE d.trajectory_id >= %s AND s.code IN ('R0', 'R1', 'R2')",
            [True, first_id],
        )
        # Every finished phase was offered; all but the ones still waiting were approved.
        record_table = quote(PhaseRecord._meta.db_table)
        for kind, condition in (
            (ReviewEvent.Kind.OFFERED, ""),
            (ReviewEvent.Kind.APPROVED, " AND review_status = 'approved'"),
        ):
            cursor.execute(
                f"INSERT INTO {quote(ReviewEvent._meta.db_table)} (phase_record_id, kind, actor_id, comment, "  # noqa: S608
                f"self_approved, content_version, created_at) SELECT id, %s, %s, '', %s, '', %s FROM {record_table} "
                f"WHERE trajectory_id >= %s AND status = 'afgerond'{condition}",
                [kind, author, False, _prepared(models.DateTimeField(), now), first_id],
            )
    _history(
        ReviewEvent,
        f"phase_record_id IN (SELECT id FROM {quote(PhaseRecord._meta.db_table)} WHERE trajectory_id >= %s)",  # noqa: S608
        [first_id],
        owner.author,
        now,
    )
    kpis = Kpi.objects.bulk_create(kpis)
    Measurement.objects.bulk_create(
        (
            Measurement(
                kpi=kpi,
                year=year,
                value=Decimal(10_000 - 900 * (year - kpi.baseline_year)),
                source="bench",
            )
            for kpi in kpis
            for year in range(kpi.baseline_year + 1, min(kpi.goal_year, date.today().year) + 1)
        ),
        batch_size=1000,
    )


def start(others: int, per_other: int, first: int, seed: int = 2026):
    """Gemeente Benchstad with ``first`` trajectories (and its 30 KPIs × 10 years) among ``others`` organisations.

    Returns (owner, guidance, rng) to grow the organisation with ``add_trajectories``.
    """
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - reproducible bench data, not security
    with unscoped_access():
        built = build(0, seed=seed, with_kpis=True)
        data = guidance()
        owner = bench_owner(built)
        add_trajectories(owner, first, data, rng)
        other_organisations(others, per_other, data, rng)
        return owner, data, rng
