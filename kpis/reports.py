"""The annual report (jaarverslag): its content, and its generation as a background task."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lib.pdf import created_at, write_pdf
from lib.stored_files import storage
from procurement.models import Answer, Trajectory

from . import dashboard, effects, extensions
from .models import AnnualReport

logger = logging.getLogger(__name__)

EVALUATION_PHASE = "intern-evalueren"


def report_context(organisation, year: int) -> dict:
    """Everything the jaarverslag shows for ``year``: results, trajectories, lessons, next year's plan."""
    figures = dashboard.build(organisation, year)
    closed = (
        Trajectory.objects.for_organisation(organisation)
        .filter(closed_at__year=year, status__in=[Trajectory.Status.COMPLETED, Trajectory.Status.AVOIDED])
        .select_related("category", "chosen_strategy")
        .order_by("closed_at", "pk")
    )
    lessons = (
        Answer.objects.filter(
            trajectory__organisation=organisation,
            phase__slug=EVALUATION_PHASE,
            state=Answer.State.ANSWERED,
        )
        # Evaluations written that year, or belonging to a trajectory closed that year.
        .filter(Q(updated_at__year=year) | Q(trajectory__closed_at__year=year))
        .exclude(text="")
        .select_related("trajectory")
        .order_by("trajectory__title", "question_order", "pk")
    )
    lessons_by_trajectory: dict = {}
    for answer in lessons:
        lessons_by_trajectory.setdefault(answer.trajectory, []).append(answer)
    return {
        "organisation": organisation,
        "year": year,
        "next_year": year + 1,
        "figures": figures,
        "completed": [t for t in closed if t.status == Trajectory.Status.COMPLETED],
        "avoided": [t for t in closed if t.status == Trajectory.Status.AVOIDED],
        "lessons": list(lessons_by_trajectory.items()),
        "sections": extensions.sections_of(extensions.report_sections, organisation, year),
        "effect_sources": effects.sources(organisation, [r.trajectory_id for r in figures["effects"].rows])
        if figures["effects"].rows
        else [],
    }


def render_report(report: AnnualReport) -> tuple[str, bytes]:
    """The report body as HTML (shown on the site) and the whole report as PDF, in the report's language."""
    with translation.override(report.language):
        context = report_context(report.organisation, report.year)
        body = render_to_string("kpis/includes/annual_report_body.html", context)
        document = render_to_string(
            "kpis/annual_report_pdf.html",
            {
                **context,
                "body": body,
                "report": report,
                "generated_at": created_at(),
                "palette": report.organisation.theme_palette(),
            },
        )
    pdf = write_pdf(document)
    return body, pdf


def generate(report_id: int) -> str:
    """Fill in one AnnualReport; the task body, separate so it can be called directly too."""
    # A background task gets only the id its own view enqueued; from here on it works in that organisation.
    report = AnnualReport.objects.unscoped().select_related("organisation").get(pk=report_id)
    own = AnnualReport.objects.filter(pk=report.pk, organisation_id=report.organisation_id)
    # Claimed once: a task delivered twice (or queued again after an import) makes the PDF once.
    started = timezone.now()
    if not own.filter(status=AnnualReport.Status.QUEUED).update(status=AnnualReport.Status.RUNNING, started_at=started):
        return report.status
    try:
        body, pdf = render_report(report)
    except Exception as exc:
        logger.exception("Annual report %s failed", report_id)
        own.update(status=AnnualReport.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        raise
    name = storage().save(
        f"jaarverslagen/{report.organisation_id}/{report.year}-{report.pk}-{report.language}.pdf", ContentFile(pdf)
    )
    own.update(
        status=AnnualReport.Status.READY,
        html=body,
        file=name,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        error="",
        finished_at=timezone.now(),
    )
    return AnnualReport.Status.READY
