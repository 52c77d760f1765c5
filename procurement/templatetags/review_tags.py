"""Template helpers for review and dossier pages: the queue count, € amounts, the R-ladder graphic."""

from django import template
from django.utils.translation import gettext as _

from chefcirculair.formatting import format_euro
from rladder.models import RStrategy

from ..models import PhaseRecord

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queue_count(context) -> int | None:
    """Phases waiting for review in the active organisation; None for users who do not review.

    One COUNT query, and only for reviewers.
    """
    membership = context.get("active_membership")
    if not membership or not membership.can_review:
        return None
    return PhaseRecord.objects.filter(
        trajectory__organisation_id=membership.organisation_id,
        trajectory__archived_at__isnull=True,
        review_status=PhaseRecord.ReviewStatus.IN_REVIEW,
    ).count()


@register.filter
def euro(value, decimals: int = 2) -> str:
    """Dutch notation with cents: € 1.250.000,50."""
    return format_euro(value, decimals)


@register.inclusion_tag("procurement/includes/r_ladder_graphic.html")
def r_ladder_graphic(ambition=None, chosen=None, strategies=None):
    """A small inline SVG of the R-ladder with the ambition (and chosen strategy) marked."""
    strategies = strategies if strategies is not None else list(RStrategy.objects.order_by("number"))
    rows = []
    for index, strategy in enumerate(strategies):
        marks = []
        if ambition and strategy.pk == ambition.pk:
            marks.append(_("ambitie"))
        if chosen and strategy.pk == chosen.pk:
            marks.append(_("gekozen"))
        rows.append(
            {
                "strategy": strategy,
                "y": 4 + index * 18,
                "text_y": 17 + index * 18,
                "width": 60 + (len(strategies) - index) * 8,
                "marks": ", ".join(marks),
                "highest": strategy.is_highest,
            }
        )
    return {
        "rows": rows,
        "height": 8 + len(strategies) * 18,
        "ambition": ambition,
        "chosen": chosen,
    }
