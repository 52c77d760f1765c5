"""Criteria en clausules in four phases of a trajectory and in the dossier (procurement/extensions.py)."""

from django.utils.translation import gettext as _

from kpis.models import Kpi, Measurement
from lib.versions import Reads
from procurement.access import can_edit_trajectory
from procurement.extensions import DossierSection, Section
from procurement.models import Phase, PhaseRecord, Trajectory

from . import award, award_record
from .changes import REVIEW_PHASE
from .models import Award, AwardBid, AwardModel, AwardPromise, AwardScale, ChosenCriterion, award_criteria
from .tender import grouped

SECTION_ID = "criteria-en-clausules"
PHASES = {
    "circulaire-marktverkenning",
    "doelen-en-kpis-in-contracten",
    "circulair-aanbesteden",
    "partnerschappen-ontwikkelen",
}
PHASE_TEMPLATE = "criteria/includes/phase_section.html"
DOSSIER_TEMPLATE = "criteria/includes/dossier_section.html"


def _chosen(trajectory) -> list[ChosenCriterion]:
    return list(ChosenCriterion.objects.filter(trajectory=trajectory).in_document_order())


def phase_section(request, trajectory, record) -> Section | None:
    if record.phase.slug not in PHASES:
        return None
    chosen = _chosen(trajectory)
    can_edit = not trajectory.is_archived and can_edit_trajectory(trajectory.viewer_membership, trajectory)
    return Section(
        SECTION_ID,
        _("Criteria en clausules"),
        PHASE_TEMPLATE,
        {"trajectory": trajectory, "groups": grouped(chosen), "count": len(chosen), "can_edit": can_edit},
    )


def review_items(record) -> dict[str, list]:
    """The chosen criteria, part of the content the review of Circulair aanbesteden approves."""
    if PhaseRecord.phase.is_cached(record):  # no query when the record came with its phase
        is_review_phase = record.phase.slug == REVIEW_PHASE
    else:
        is_review_phase = Phase.objects.filter(pk=record.phase_id, slug=REVIEW_PHASE).exists()
    if not is_review_phase:
        return {}
    return {"k": list(ChosenCriterion.objects.filter(trajectory_id=record.trajectory_id))}


def dossier_sections(trajectory) -> list[Section]:
    chosen = _chosen(trajectory)
    if not chosen:
        return []
    award = [row for row in chosen if row.is_award]
    return [
        Section(
            SECTION_ID,
            _("Criteria en clausules"),
            DOSSIER_TEMPLATE,
            {"trajectory": trajectory, "groups": grouped(chosen), "award": award},
        )
    ]


DOSSIER_SECTION = DossierSection(
    SECTION_ID,
    DOSSIER_TEMPLATE,
    dossier_sections,
    (Reads(ChosenCriterion, trajectory_id="pk"),),
)


AWARD_SECTION_ID = "gunningsmodel"
AWARD_PHASE = "circulair-aanbesteden"
AWARD_TEMPLATE = "criteria/includes/award_section.html"


def award_section(request, trajectory, record) -> Section | None:
    """In Circulair aanbesteden: the award model's winner and warnings, and a link to the calculator."""
    if record.phase.slug != AWARD_PHASE:
        return None
    award_model = AwardModel.objects.filter(trajectory=trajectory).prefetch_related("bids", "scales").first()
    simulation, reason = award_model.simulate() if award_model is not None else (None, "")
    can_edit = not trajectory.is_archived and can_edit_trajectory(trajectory.viewer_membership, trajectory)
    recorded = Award.objects.filter(trajectory=trajectory).prefetch_related("promises").first()
    return Section(
        AWARD_SECTION_ID,
        _("Gunningsmodel"),
        AWARD_TEMPLATE,
        {
            "trajectory": trajectory,
            "recorded": recorded,
            "award_model": award_model,
            "simulation": simulation,
            "reason": reason,
            "can_edit": can_edit,
        },
    )


AWARD_DOSSIER_TEMPLATE = "criteria/includes/award_dossier_section.html"


def award_dossier_sections(trajectory) -> list[Section]:
    """The award model in the dossier: method and formula, weights, the example bids' ranking, break-even, warnings."""
    award_model = AwardModel.objects.filter(trajectory=trajectory).prefetch_related("bids", "scales").first()
    if award_model is None:
        return []
    criteria = award_criteria(trajectory.pk)
    simulation, reason = award_model.simulate(criteria)
    try:
        rules = award_model.rules(criteria)
    except award.AwardInputError:
        rules = award_model.rules()
    recorded = next(iter(_recorded([trajectory.pk])), None)
    promises = award_record.promise_rows(recorded, award_model) if recorded is not None else []
    return [
        Section(
            AWARD_SECTION_ID,
            _("Gunningsmodel"),
            AWARD_DOSSIER_TEMPLATE,
            {
                "award_model": award_model,
                "formula": award.formula(rules.method),
                "value": rules.method == award.Method.VALUE,
                "ladder": sorted(rules.ladder_discounts.items()),
                "scored": [(c, award.scale_text(c.steps)) for c in rules.criteria],
                "simulation": simulation,
                "reason": reason,
                "recorded": recorded,
                "promises": promises,
                "total_sanction": award_record.total_sanction(promises),
            },
        )
    ]


AWARD_DOSSIER_SECTION = DossierSection(
    AWARD_SECTION_ID,
    AWARD_DOSSIER_TEMPLATE,
    award_dossier_sections,
    (
        Reads(AwardModel, trajectory_id="pk"),
        Reads(AwardBid, award_model__trajectory_id="pk"),
        Reads(AwardScale, award_model__trajectory_id="pk"),
        Reads(ChosenCriterion, trajectory_id="pk"),
        Reads(Award, trajectory_id="pk"),
        Reads(AwardPromise, award__trajectory_id="pk"),
        Reads(Kpi, trajectory_id="pk"),
        Reads(Measurement, kpi__trajectory_id="pk"),
    ),
)


PROMISES_SECTION_ID = "beloften-uit-de-gunning"
PROMISES_TEMPLATE = "criteria/includes/award_promises_section.html"


def _recorded(trajectory_ids) -> list[Award]:
    return list(
        Award.objects.filter(trajectory_id__in=trajectory_ids)
        .select_related("trajectory")
        .with_promises()
        .order_by("trajectory__title", "pk")
    )


def promises_section(request, trajectory) -> Section | None:
    """On the contract KPIs page: the recorded award's promises, realised values and sanctions."""
    recorded = _recorded([trajectory.pk])
    if not recorded:
        return None
    award_model = AwardModel.objects.filter(trajectory=trajectory).first()
    rows = award_record.promise_rows(recorded[0], award_model)
    return Section(
        PROMISES_SECTION_ID,
        _("Beloften uit de gunning"),
        PROMISES_TEMPLATE,
        {
            "recorded": recorded[0],
            "promises": rows,
            "total_sanction": award_record.total_sanction(rows),
            "kpi_links": True,
        },
    )


REPORT_TEMPLATE = "criteria/includes/award_report_section.html"


def report_section(organisation, year: int) -> Section | None:
    """In the annual report: per awarded contract, the promises against that year's realised values."""
    trajectory_ids = Trajectory.objects.for_organisation(organisation).values("pk")
    recorded = _recorded(trajectory_ids)
    if not recorded:
        return None
    models_by_trajectory = {
        m.trajectory_id: m for m in AwardModel.objects.filter(trajectory_id__in=[r.trajectory_id for r in recorded])
    }
    realised = award_record.realised_of(recorded)
    contracts = []
    for row in recorded:
        rows = award_record.promise_rows(row, models_by_trajectory.get(row.trajectory_id), year, realised)
        contracts.append({"recorded": row, "promises": rows, "total_sanction": award_record.total_sanction(rows)})
    return Section(
        PROMISES_SECTION_ID,
        _("Beloften uit gunningen en sancties"),
        REPORT_TEMPLATE,
        {"contracts": contracts, "year": year},
    )
