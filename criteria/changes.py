"""What changed in the chosen criteria since the review of Circulair aanbesteden last approved them.

The review approves exactly the chosen criteria (their ``EDIT_FIELDS`` are part of the phase's
content version). An edit after the approval withdraws it, so an exported document may hold texts
nobody approved: each paragraph then says whether it is new or changed since that approval, and
the criteria dropped since are listed. The approved texts are read from the chosen criteria's
history as it stood at the moment of the last approval.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procurement.models import PhaseRecord, ReviewEvent

from .models import ChosenCriterion

# The phase whose review approves the chosen criteria: an approval approves exactly these texts.
REVIEW_PHASE = "circulair-aanbesteden"

FIELD_LABELS = {
    "code": gettext_lazy("code"),
    "version": gettext_lazy("versie"),
    "type": gettext_lazy("soort"),
    "title": gettext_lazy("titel"),
    "text": gettext_lazy("tekst"),
    "evidence": gettext_lazy("verificatie"),
    "values": gettext_lazy("ingevulde waarden"),
    "weight": gettext_lazy("weging"),
}


def review_record(trajectory) -> PhaseRecord | None:
    return PhaseRecord.objects.filter(trajectory=trajectory, phase__slug=REVIEW_PHASE).first()


def locked_reason(trajectory) -> str:
    """Why the chosen criteria cannot change now ("" when they can): Circulair aanbesteden is under review."""
    record = review_record(trajectory)
    if record is not None and record.is_under_review:
        return _(
            "Circulair aanbesteden ligt ter beoordeling bij de chef circulair; de gekozen criteria horen daarbij en "
            "kunnen nu niet worden gewijzigd. Wil je toch iets wijzigen? Trek de fase dan eerst terug uit beoordeling."
        )
    return ""


def record_change(trajectory, user) -> bool:
    """The team changed the chosen criteria: as a change of Circulair aanbesteden's answers, an approval of that
    phase lapses (recorded in its review history). True when it did."""
    record = review_record(trajectory)
    if record is None:
        trajectory.record_activity()
        return False
    was_approved = record.is_approved
    record.record_edit(user)
    return was_approved


@dataclass
class Change:
    """How one chosen criterion differs from the approved one: new, or which of its parts changed."""

    is_new: bool = False
    fields: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.is_new:
            return _("Nieuw sinds de goedkeuring")
        return _("Gewijzigd sinds de goedkeuring: %(fields)s") % {"fields": ", ".join(self.fields)}


@dataclass
class SinceApproval:
    """The last approval of the chosen criteria and what differs from it now."""

    approved_at: datetime
    changes: dict[int, Change]  # chosen criterion pk → its change; unchanged ones are not in it
    removed: list  # the approved rows (historical) no longer chosen

    @property
    def unchanged(self) -> bool:
        return not self.changes and not self.removed

    def change_of(self, chosen) -> Change | None:
        return self.changes.get(chosen.pk)


def since_approval(trajectory, chosen: list[ChosenCriterion]) -> SinceApproval | None:
    """Compared with the last approval of Circulair aanbesteden; None when the criteria were never approved."""
    approval = (
        ReviewEvent.objects.filter(
            phase_record__trajectory=trajectory,
            phase_record__phase__slug=REVIEW_PHASE,
            kind=ReviewEvent.Kind.APPROVED,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if approval is None:
        return None
    approved = {row.pk: row for row in ChosenCriterion.history.as_of(approval.created_at).filter(trajectory=trajectory)}
    changes = {}
    for row in chosen:
        before = approved.get(row.pk)
        if before is None:
            changes[row.pk] = Change(is_new=True)
            continue
        fields = [
            str(FIELD_LABELS[name])
            for name in ChosenCriterion.EDIT_FIELDS
            if getattr(before, name) != getattr(row, name)
        ]
        if fields:
            changes[row.pk] = Change(fields=fields)
    current = {row.pk for row in chosen}
    removed = sorted((row for pk, row in approved.items() if pk not in current), key=lambda row: row.code)
    return SinceApproval(approved_at=approval.created_at, changes=changes, removed=removed)
