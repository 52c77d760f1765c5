"""What the API reads: organisation-scoped querysets and their rows as plain dicts (see schemas.py)."""

from django.db.models import Prefetch, Q

from kpis.models import Kpi, Measurement
from procurement.models import GrowthStep, PhaseRecord, RDecision, Trajectory, TrajectoryMember


def _ref(obj, attr="name"):
    return {"id": obj.pk, "naam": getattr(obj, attr)} if obj is not None else None


def _code(strategy):
    return strategy.code if strategy is not None else None


# --- trajectories -----------------------------------------------------------------


def trajectories(organisation, *, year=None, category=None, department=None, status=None):
    rows = Trajectory.objects.filter(organisation=organisation)
    if year is not None:
        # Trajectories that ran in that year: started by its end, not closed before it.
        rows = rows.filter(created_at__year__lte=year).filter(Q(closed_at__isnull=True) | Q(closed_at__year__gte=year))
    if category is not None:
        rows = rows.filter(category_id=category)
    if department is not None:
        rows = rows.filter(department_id=department)
    if status is not None:
        rows = rows.filter(status=status)
    return rows.order_by("pk")


def with_details(rows):
    """The trajectories with everything a row shows, in a fixed number of queries."""
    return rows.select_related("category", "department", "ambition", "chosen_strategy").prefetch_related(
        Prefetch("phases", queryset=PhaseRecord.objects.select_related("phase").order_by("phase__order")),
        Prefetch("team", queryset=TrajectoryMember.objects.select_related("user").order_by("role", "pk")),
        Prefetch(
            "r_decisions",
            queryset=RDecision.objects.select_related("chosen_strategy", "phase").prefetch_related("steps__strategy"),
        ),
        Prefetch("growth_steps", queryset=GrowthStep.objects.select_related("strategy")),
    )


def trajectory_row(trajectory, base_url: str) -> dict:
    decisions = list(trajectory.r_decisions.all())
    trajectory._has_r_decision = bool(decisions)
    decision = decisions[0] if decisions else None  # newest first
    return {
        "id": trajectory.pk,
        "titel": trajectory.title,
        "omschrijving": trajectory.description,
        "status": trajectory.status,
        "status_label": str(trajectory.get_status_display()),
        "categorie": _ref(trajectory.category),
        "afdeling": _ref(trajectory.department),
        "ambitie": _code(trajectory.ambition),
        "gekozen_strategie": _code(trajectory.chosen_strategy),
        "geschatte_waarde": trajectory.estimated_value,
        "vermeden_uitgaven": trajectory.avoided_spend,
        "contract_start": trajectory.contract_start,
        "contract_einde": trajectory.contract_end,
        "aangemaakt_op": trajectory.created_at,
        "bijgewerkt_op": trajectory.updated_at,
        "afgesloten_op": trajectory.closed_at,
        "gearchiveerd": trajectory.archived_at is not None,
        "fasen": [_phase_row(record, trajectory) for record in trajectory.phases.all()],
        "r_besluit": _decision_row(decision) if decision else None,
        "team": [
            {
                "rol": member.role,
                "rol_label": str(member.get_role_display()),
                "naam": member.user.get_full_name() or member.user.username,
            }
            for member in trajectory.team.all()
        ],
        "groeimodel": [
            {"contractjaar": step.year, "strategie": step.strategy.code, "toelichting": step.note}
            for step in trajectory.growth_steps.all()
        ],
        "url": f"{base_url}{trajectory.get_absolute_url()}",
    }


def _phase_row(record, trajectory) -> dict:
    record.trajectory = trajectory
    return {
        "fase": record.phase.slug,
        "titel": record.phase.title,
        "volgorde": record.phase.order,
        "status": record.display_status,
        "status_label": str(record.display_status_label),
        "beoordeling": record.review_status,
    }


def _decision_row(decision) -> dict:
    return {
        "strategie": decision.chosen_strategy.code,
        "strategie_naam": decision.chosen_strategy.name_nl,
        "toelichting": decision.summary,
        "fase": decision.phase.slug,
        "vastgelegd_op": decision.created_at,
        "treden": [
            {
                "strategie": step.strategy.code,
                "overwogen": step.considered,
                "haalbaar": step.feasible,
                "onderbouwing": step.rationale,
            }
            for step in decision.steps.all()
        ],
    }


# --- KPIs, targets, measurements --------------------------------------------------


def kpis(organisation, *, year=None, category=None, department=None, trajectory=None, scope=None):
    rows = Kpi.objects.filter(organisation=organisation)
    if year is not None:
        rows = rows.filter(baseline_year__lte=year, goal_year__gte=year)
    if category is not None:
        rows = rows.filter(category_id=category)
    if department is not None:
        rows = rows.filter(department_id=department)
    if trajectory is not None:
        rows = rows.filter(trajectory_id=trajectory)
    if scope is not None:
        rows = rows.filter(scope=scope)
    return rows.select_related("strategy", "department", "category", "trajectory").order_by("pk")


def kpi_row(kpi, base_url: str) -> dict:
    return {
        "id": kpi.pk,
        "naam": kpi.name,
        "toelichting": kpi.description,
        "eenheid": kpi.unit,
        "strategie": _code(kpi.strategy),
        "bereik": kpi.scope,
        "afdeling": _ref(kpi.department),
        "categorie": _ref(kpi.category),
        "traject": {"id": kpi.trajectory.pk, "titel": kpi.trajectory.title} if kpi.trajectory else None,
        "richting": kpi.direction,
        "basisjaar": kpi.baseline_year,
        "basiswaarde": kpi.baseline_value,
        "doeljaar": kpi.goal_year,
        "doelwaarde": kpi.goal_value,
        "aanscherping": kpi.rule,
        "marge_procent": kpi.margin_pct,
        "samenvoegen": kpi.aggregation,
        "url": f"{base_url}{kpi.get_absolute_url()}",
    }


def target_rows(kpi_list, year=None) -> list[dict]:
    """Every yearly target of these KPIs (of one organisation) with what was realised, in two queries."""
    if not kpi_list:
        return []
    realised = Measurement.objects.realised(kpi_list).values
    rows = []
    for kpi in kpi_list:
        for target in kpi.targets({o.year: o.value for o in kpi.overrides.all()}):
            if year is not None and target.year != year:
                continue
            rows.append(
                {
                    "kpi": kpi.pk,
                    "jaar": target.year,
                    "doel": target.value,
                    "berekend_doel": target.computed,
                    "aangepast": target.overridden,
                    "gerealiseerd": realised[kpi.pk].get(target.year),
                }
            )
    return rows


def measurements(organisation, *, kpi=None, year=None, quarter=None, category=None, department=None):
    rows = Measurement.objects.filter(kpi__organisation=organisation)
    if kpi is not None:
        rows = rows.filter(kpi_id=kpi)
    if year is not None:
        rows = rows.filter(year=year)
    if quarter is not None:
        rows = rows.filter(quarter=quarter)
    if category is not None:
        rows = rows.filter(category_id=category)
    if department is not None:
        rows = rows.filter(department_id=department)
    return rows.select_related("department", "category").order_by("pk")


def measurement_row(measurement) -> dict:
    return {
        "id": measurement.pk,
        "kpi": measurement.kpi_id,
        "jaar": measurement.year,
        "kwartaal": measurement.quarter,
        "afdeling": _ref(measurement.department),
        "categorie": _ref(measurement.category),
        "waarde": measurement.value,
        "bron": measurement.source,
        "toelichting": measurement.note,
        "versie": measurement.version,
        "ingevoerd_op": measurement.entered_at,
    }
