"""What the API reads: organisation-scoped querysets and their rows as plain dicts (see schemas.py)."""

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from criteria.models import ChosenCriterion, Criterion, Type
from kpis.models import Kpi, Measurement
from learning.models import Lesson
from lib.translated import pick
from procurement.models import (
    GrowthStep,
    ImpactLine,
    PhaseRecord,
    RDecision,
    RDecisionStep,
    Scenario,
    Trajectory,
    TrajectoryEffect,
    TrajectoryMember,
)
from rladder.models import FactorUnit, SystemBoundary

from . import schemas


def _api_values(stored, api, renamed=None) -> dict[str, str]:
    """Each stored value of ``stored`` (choices) as the API's value of ``api`` (schemas.py).

    The same word unless ``renamed`` says otherwise; a stored value the API has
    no word for fails here, at import, instead of leaving the API as itself.
    """
    renamed = renamed or {}
    return {value: api(renamed.get(value, value)).value for value in stored.values}


# What the API sends for what is stored: one language (Dutch) whatever is stored.
TRAJECTORY_STATUS = _api_values(Trajectory.Status, schemas.TrajectoryStatus)
PHASE_STATUS = _api_values(PhaseRecord.Status, schemas.PhaseStatus)
REVIEW_STATUS = _api_values(
    PhaseRecord.ReviewStatus,
    schemas.ReviewStatus,
    {
        PhaseRecord.ReviewStatus.NONE: schemas.ReviewStatus.NOT_SUBMITTED,
        PhaseRecord.ReviewStatus.IN_REVIEW: schemas.ReviewStatus.IN_REVIEW,
        PhaseRecord.ReviewStatus.APPROVED: schemas.ReviewStatus.APPROVED,
        PhaseRecord.ReviewStatus.CHANGES_REQUESTED: schemas.ReviewStatus.CHANGES_REQUESTED,
    },
)
FEASIBLE = _api_values(RDecisionStep.Feasible, schemas.Feasibility)
TEAM_ROLE = _api_values(TrajectoryMember.TeamRole, schemas.TeamRole)
KPI_SCOPE = _api_values(Kpi.Scope, schemas.KpiScope)
DIRECTION = _api_values(Kpi.Direction, schemas.Direction)
RULE = _api_values(Kpi.Rule, schemas.TighteningRule)
AGGREGATION = _api_values(Kpi.Aggregation, schemas.Aggregation)
SCENARIO = _api_values(
    Scenario,
    schemas.Scenario,
    {
        Scenario.REFERENCE: schemas.Scenario.REFERENCE,
        Scenario.PLAN: schemas.Scenario.PLAN,
        Scenario.REALISED: schemas.Scenario.REALISED,
    },
)
UNIT = _api_values(FactorUnit, schemas.Unit)
SYSTEM_BOUNDARY = _api_values(
    SystemBoundary,
    schemas.SystemBoundary,
    {
        SystemBoundary.CRADLE_TO_GATE: schemas.SystemBoundary.CRADLE_TO_GATE,
        SystemBoundary.CRADLE_TO_GRAVE: schemas.SystemBoundary.CRADLE_TO_GRAVE,
        SystemBoundary.CRADLE_TO_GRAVE_EXCL_USE: schemas.SystemBoundary.CRADLE_TO_GRAVE_EXCL_USE,
        SystemBoundary.WELL_TO_WHEEL: schemas.SystemBoundary.WELL_TO_WHEEL,
        SystemBoundary.OPERATIONAL: schemas.SystemBoundary.OPERATIONAL,
        SystemBoundary.OTHER: schemas.SystemBoundary.OTHER,
    },
)
LESSON_KIND = _api_values(Lesson.Kind, schemas.LessonKind)


def stored_value(api_values: dict[str, str], value):
    """The stored value for the API's ``value`` (a filter), or None for None."""
    if value is None:
        return None
    return next(stored for stored, api in api_values.items() if api == value)


def person_name(first_name: str, last_name: str) -> str:
    """A person as the API shows them: first and last name, else "onbekend"; never the user name (an e-mail address)."""
    return f"{first_name} {last_name}".strip() or gettext("onbekend")


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


TRAJECTORY_FIELDS = (
    "pk",
    "title",
    "description",
    "status",
    "category_id",
    "category__name",
    "department_id",
    "department__name",
    "ambition__code",
    "chosen_strategy__code",
    "estimated_value",
    "avoided_spend",
    "contract_start",
    "contract_end",
    "created_at",
    "updated_at",
    "closed_at",
    "archived_at",
    # The stored effect (one-to-one): read in the same query, NULLs when there is none.
    "effect__id",
    *(f"effect__{name}" for name in ("term_years", "first_year", "lines_without_factor", "uses_spend_based")),
    *(f"effect__{name}" for name in TrajectoryEffect.PLANNED_FIELDS + TrajectoryEffect.REALISED_FIELDS),
    "effect__computed_at",
    "effect__recalculated_at",
)
CLOSED_PHASE = {PhaseRecord.Status.COMPLETED, PhaseRecord.Status.NOT_APPLICABLE}


class Labels:
    """The Dutch labels of the choices a row shows, translated once per request instead of once per row."""

    def __init__(self):
        self.trajectory = {value: str(label) for value, label in Trajectory.Status.choices}
        self.phase = {value: str(label) for value, label in PhaseRecord.Status.choices}
        self.blocked = gettext("Kan nog niet starten")  # PhaseRecord.display_status_label
        self.team = {value: str(label) for value, label in TrajectoryMember.TeamRole.choices}


def _grouped(rows, key="trajectory_id") -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def trajectory_rows(organisation, rows, base_url: str) -> list[dict]:
    """These trajectories (a sliced queryset of ``trajectories()``) as API rows, in seven queries.

    Read as values, not model instances: a page of 100 trajectories has
    thousands of phases, team members and decision steps. The rules are the
    models' own: a phase after Startoverleg without an R-decision "kan nog
    niet starten" (PhaseRecord.is_blocked), the newest R-decision counts
    (Trajectory.current_decision), names as User.get_full_name (see person_name).
    """
    trajectories = list(rows.values(*TRAJECTORY_FIELDS))
    ids = [t["pk"] for t in trajectories]
    if not ids:
        return []
    owned = {"trajectory__organisation": organisation, "trajectory_id__in": ids}
    phases = _grouped(
        PhaseRecord.objects.filter(**owned)
        .order_by("phase__order")
        .values(
            "trajectory_id",
            "status",
            "review_status",
            "phase__slug",
            "phase__title_nl",
            "phase__title_en",
            "phase__order",
        )
    )
    team = _grouped(
        TrajectoryMember.objects.filter(**owned)
        .order_by("role", "pk")
        .values("trajectory_id", "role", "user__first_name", "user__last_name")
    )
    newest: dict[int, Any] = {}
    for decision in (
        RDecision.objects.filter(**owned)
        .order_by("-created_at", "-pk")
        .values(
            "pk",
            "trajectory_id",
            "chosen_strategy__code",
            "chosen_strategy__name_nl",
            "summary",
            "phase__slug",
            "created_at",
        )
    ):
        newest.setdefault(decision["trajectory_id"], decision)
    steps = _grouped(
        RDecisionStep.objects.filter(
            decision__trajectory__organisation=organisation, decision_id__in=[d["pk"] for d in newest.values()]
        )
        .order_by("strategy__number")
        .values("decision_id", "strategy__code", "considered", "feasible", "rationale"),
        key="decision_id",
    )
    growth = _grouped(
        GrowthStep.objects.filter(**owned).order_by("year").values("trajectory_id", "year", "strategy__code", "note")
    )
    labels = Labels()
    url = f"{base_url}{reverse('procurement:trajectory_detail', args=[0])}"
    return [
        _trajectory_row(t, phases, team, newest, steps, growth, labels, url.replace("/0/", f"/{t['pk']}/"))
        for t in trajectories
    ]


def _trajectory_row(t, phases, team, newest, steps, growth, labels, url) -> dict:
    pk = t["pk"]
    decision = newest.get(pk)
    return {
        "id": pk,
        "titel": t["title"],
        "omschrijving": t["description"],
        "status": TRAJECTORY_STATUS[t["status"]],
        "status_label": labels.trajectory.get(t["status"], t["status"]),
        "categorie": {"id": t["category_id"], "naam": t["category__name"]} if t["category_id"] else None,
        "afdeling": {"id": t["department_id"], "naam": t["department__name"]} if t["department_id"] else None,
        "ambitie": t["ambition__code"],
        "gekozen_strategie": t["chosen_strategy__code"],
        "geschatte_waarde": t["estimated_value"],
        "vermeden_uitgaven": t["avoided_spend"],
        "contract_start": t["contract_start"],
        "contract_einde": t["contract_end"],
        "aangemaakt_op": t["created_at"],
        "bijgewerkt_op": t["updated_at"],
        "afgesloten_op": t["closed_at"],
        "gearchiveerd": t["archived_at"] is not None,
        "fasen": [_phase_row(record, decision is not None, labels) for record in phases.get(pk, [])],
        "r_besluit": _decision_row(decision, steps.get(decision["pk"], [])) if decision else None,
        "team": [
            {
                "rol": TEAM_ROLE[member["role"]],
                "rol_label": labels.team.get(member["role"], member["role"]),
                "naam": person_name(member["user__first_name"], member["user__last_name"]),
            }
            for member in team.get(pk, [])
        ],
        "groeimodel": [
            {"contractjaar": step["year"], "strategie": step["strategy__code"], "toelichting": step["note"]}
            for step in growth.get(pk, [])
        ],
        "effect": effect_row({name[8:]: t[name] for name in t if name.startswith("effect__")}),
        "url": url,
    }


# The Dutch names of the effect's stored totals (over the whole term, avoided: reference minus plan or realised).
EFFECT_NAMES = {
    "planned_kg_material": "gepland_kg_materiaal",
    "planned_kg_co2e": "gepland_kg_co2e",
    "planned_kg_co2e_low": "gepland_kg_co2e_laag",
    "planned_kg_co2e_high": "gepland_kg_co2e_hoog",
    "planned_eur": "gepland_euro",
    "realised_kg_material": "gerealiseerd_kg_materiaal",
    "realised_kg_co2e": "gerealiseerd_kg_co2e",
    "realised_kg_co2e_low": "gerealiseerd_kg_co2e_laag",
    "realised_kg_co2e_high": "gerealiseerd_kg_co2e_hoog",
    "realised_eur": "gerealiseerd_euro",
}


def effect_row(effect: dict) -> dict | None:
    """A stored TrajectoryEffect (as a dict of its fields) as an API row; None when the trajectory has none."""
    if effect.get("id") is None:
        return None
    return {
        "looptijd_jaren": effect["term_years"],
        "eerste_jaar": effect["first_year"],
        **{dutch: effect[name] for name, dutch in EFFECT_NAMES.items()},
        "regels_zonder_factor": effect["lines_without_factor"],
        "uitgavengebaseerd": effect["uses_spend_based"],
        "berekend_op": effect["computed_at"],
        "herberekend_op": effect["recalculated_at"],
    }


def effect_detail(organisation, trajectory_id: int) -> dict | None:
    """One trajectory's stored effect with its lines and their factor sources, in two queries (None: not found)."""
    fields = [name for name in TRAJECTORY_FIELDS if name.startswith("effect__")]
    found = (
        Trajectory.objects.filter(organisation=organisation, pk=trajectory_id).values("pk", "title", *fields).first()
    )
    if found is None:
        return None
    scenarios = {value: str(label) for value, label in Scenario.choices}
    order = list(scenarios)  # reference, plan, realised: as the page shows them
    lines = sorted(
        ImpactLine.objects.filter(trajectory__organisation=organisation, trajectory_id=trajectory_id),
        key=lambda line: (order.index(line.scenario) if line.scenario in order else len(order), line.position, line.pk),
    )
    return {
        "traject": {"id": found["pk"], "titel": found["title"]},
        "effect": effect_row({name[8:]: found[name] for name in fields}),
        "regels": [_line_row(line, scenarios) for line in lines],
    }


def _line_row(line, scenarios) -> dict:
    return {
        "id": line.pk,
        "scenario": SCENARIO[line.scenario],
        "scenario_label": scenarios.get(line.scenario, line.scenario),
        "volgorde": line.position,
        "omschrijving": line.description,
        "hoeveelheid": line.quantity,
        "eenheid_hoeveelheid": UNIT[line.quantity_unit],
        "gewicht_per_stuk_kg": line.unit_weight_kg,
        "prijs_per_eenheid_euro": line.unit_price_eur,
        "factor": (
            {
                "eigen_factor": bool(line.own_factor_id),
                "item": line.item_nl,
                "productcategorie": line.category_nl,
                "eenheid": UNIT[line.unit],
                "kg_co2e_per_eenheid": line.kg_co2e_per_unit,
                "kg_materiaal_per_eenheid": line.kg_material_per_unit,
                "levensduur_jaren": line.lifetime_years,
                "onzekerheid_laag": line.uncertainty_low,
                "onzekerheid_hoog": line.uncertainty_high,
                "onzekerheid_procent": line.uncertainty_percent,
                "bron": line.source_name,
                "bron_url": line.source_url,
                "bron_jaar": line.source_year,
                "licentie": line.licence,
                "systeemgrens": SYSTEM_BOUNDARY[line.system_boundary] if line.system_boundary else None,
                "toelichting_systeemgrens": line.system_boundary_note,
                "vastgelegd_op": line.snapshot_at,
            }
            if line.has_factor
            else None
        ),
    }


# --- lessons ----------------------------------------------------------------------


def lessons(organisation, *, category=None, strategy=None, phase=None):
    """The organisation's own lessons only (never another organisation's shared ones)."""
    rows = Lesson.objects.filter(trajectory__organisation=organisation)
    if category is not None:
        rows = rows.filter(trajectory__category_id=category)
    if strategy is not None:
        rows = rows.filter(strategy__code__iexact=strategy)
    if phase is not None:
        rows = rows.filter(phase__slug=phase)
    return rows.select_related("trajectory__category", "phase", "strategy").order_by("pk")


def lesson_row(lesson, kinds: dict) -> dict:
    trajectory = lesson.trajectory
    return {
        "id": lesson.pk,
        "soort": LESSON_KIND[lesson.kind],
        "soort_label": kinds.get(lesson.kind, lesson.kind),
        "les": lesson.text,
        "traject": {"id": trajectory.pk, "titel": trajectory.title},
        "categorie": _ref(trajectory.category),
        "fase": lesson.phase.slug if lesson.phase else None,
        "strategie": _code(lesson.strategy),
        "gedeeld": lesson.shared,
        "uitgelicht": lesson.highlighted,
        "vastgelegd_op": lesson.created_at,
        "bijgewerkt_op": lesson.updated_at,
    }


def lesson_kinds() -> dict:
    return {value: str(label) for value, label in Lesson.Kind.choices}


def _phase_row(record, has_decision: bool, labels: Labels) -> dict:
    status = record["status"]
    if status not in CLOSED_PHASE and record["phase__order"] > 1 and not has_decision:
        label = labels.blocked
        status = schemas.PhaseStatus.CANNOT_START.value
    else:
        label = labels.phase.get(status, status)
        status = PHASE_STATUS[status]
    return {
        "fase": record["phase__slug"],
        "titel": pick(record["phase__title_nl"], record["phase__title_en"]),
        "volgorde": record["phase__order"],
        "status": status,
        "status_label": label,
        "beoordeling": REVIEW_STATUS[record["review_status"]],
    }


def _decision_row(decision, steps) -> dict:
    return {
        "strategie": decision["chosen_strategy__code"],
        "strategie_naam": decision["chosen_strategy__name_nl"],
        "toelichting": decision["summary"],
        "fase": decision["phase__slug"],
        "vastgelegd_op": decision["created_at"],
        "treden": [
            {
                "strategie": step["strategy__code"],
                "overwogen": step["considered"],
                "haalbaar": FEASIBLE[step["feasible"]],
                "onderbouwing": step["rationale"],
            }
            for step in steps
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
        "bereik": KPI_SCOPE[kpi.scope],
        "afdeling": _ref(kpi.department),
        "categorie": _ref(kpi.category),
        "traject": {"id": kpi.trajectory.pk, "titel": kpi.trajectory.title} if kpi.trajectory else None,
        "richting": DIRECTION[kpi.direction],
        "basisjaar": kpi.baseline_year,
        "basiswaarde": kpi.baseline_value,
        "doeljaar": kpi.goal_year,
        "doelwaarde": kpi.goal_value,
        "aanscherping": RULE[kpi.rule],
        "marge_procent": kpi.margin_pct,
        "samenvoegen": AGGREGATION[kpi.aggregation],
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


# --- criteria -------------------------------------------------------------------


def criteria(organisation, *, kind=None, strategy=None, query=None):
    """The organisation's library: its own criteria and the published base criteria it did not adapt."""
    rows = Criterion.objects.library(organisation).for_list()
    if kind is not None:
        rows = rows.filter(type=kind)
    if strategy is not None:
        rows = rows.filter(strategy__code__iexact=strategy)
    if query:
        rows = rows.matching(query)
    return rows.order_by("code", "pk")


def criterion_row(criterion) -> dict:
    kpi = None
    if criterion.has_kpi:
        kpi = {
            "naam": criterion.kpi_name,
            "eenheid": criterion.kpi_unit,
            "richting": criterion.kpi_direction,
            "variabele": criterion.kpi_variable,
        }
    return {
        "id": criterion.pk,
        "code": criterion.code,
        "versie": criterion.version,
        "soort": criterion.type,
        "soort_label": str(dict(Type.choices).get(criterion.type, criterion.type)),
        "titel": criterion.title,
        "tekst": criterion.text,
        "variabelen": criterion.variables,
        "strategie": criterion.strategy.code,
        "ambitieniveau": criterion.ambition,
        "categorieen": criterion.category_names,
        "cpv_codes": criterion.cpv_codes.split(),
        "verificatie": criterion.evidence,
        "kpi": kpi,
        "juridische_toelichting": criterion.legal_note,
        "bron": criterion.source,
        "bron_url": criterion.source_url,
        "licentie": criterion.licence,
        "voorbeeld": criterion.is_example,
        "status": criterion.status,
        "basisset": criterion.is_base,
        "aangepast_van": criterion.base_id,
        "basis_gewijzigd": criterion.base_changed,
    }


def chosen_criteria(trajectory):
    return ChosenCriterion.objects.filter(trajectory=trajectory).in_document_order().select_related("kpi")


def chosen_criterion_row(chosen) -> dict:
    return {
        "id": chosen.pk,
        "code": chosen.code,
        "versie": chosen.version,
        "soort": chosen.type,
        "titel": chosen.title,
        "tekst": chosen.filled_text,
        "waarden": dict(chosen.values),
        "weging": chosen.weight,
        "verificatie": chosen.evidence,
        "kpi": _ref(chosen.kpi),
    }
