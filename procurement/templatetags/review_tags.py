"""Template helpers for review and dossier pages: the queue count and the R-ladder graphic."""

from django import template
from django.utils.translation import gettext as _

from lib.charts import LadderRung, ladder_svg
from rladder.models import RStrategy

from ..models import PhaseRecord

register = template.Library()


BADGE_CAP = 99  # the menu shows "99+" beyond this: every page of a reviewer costs the same however long the queue


@register.simple_tag(takes_context=True)
def review_queue_count(context) -> int | None:
    """Phases waiting for review in the active organisation, counted up to BADGE_CAP + 1; None for non-reviewers.

    One COUNT query over at most BADGE_CAP + 1 rows, and only for reviewers: the menu
    is on every page, so its cost must not grow with the queue (the queue page itself
    says how many are waiting).
    """
    membership = context.get("active_membership")
    if not membership or not membership.can_review:
        return None
    waiting = PhaseRecord.objects.filter(
        trajectory__organisation_id=membership.organisation_id,
        trajectory__archived_at__isnull=True,
        review_status=PhaseRecord.ReviewStatus.IN_REVIEW,
    )
    return waiting.order_by()[: BADGE_CAP + 1].count()


@register.filter
def badge_number(count: int) -> str:
    """A menu badge's number: "99+" beyond BADGE_CAP."""
    return f"{BADGE_CAP}+" if count > BADGE_CAP else str(count)


@register.simple_tag
def r_ladder_graphic(ambition=None, chosen=None, strategies=None):
    """A small inline SVG of the R-ladder with the ambition (and chosen strategy) marked."""
    strategies = strategies if strategies is not None else list(RStrategy.objects.order_by("number"))
    rungs = []
    for strategy in strategies:
        marks = []
        if ambition and strategy.pk == ambition.pk:
            marks.append(_("ambitie"))
        if chosen and strategy.pk == chosen.pk:
            marks.append(_("gekozen"))
        rungs.append(LadderRung(f"{strategy.code} {strategy.name_nl}", ", ".join(marks), strategy.is_highest))
    if ambition:
        desc = _("Ambitie: %(code)s %(name)s.") % {"code": ambition.code, "name": ambition.name_nl}
    else:
        desc = _("Geen ambitie vastgelegd.")
    if chosen:
        desc += " " + _("Gekozen: %(code)s %(name)s.") % {"code": chosen.code, "name": chosen.name_nl}
    desc += " " + _("R0 tot en met R2 zijn de hoogste R-strategieën.")
    return ladder_svg("r-ladder", _("R-ladder"), desc, rungs)
