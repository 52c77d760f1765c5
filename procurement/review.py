"""The review of a phase: offer, approve, ask for changes, withdraw.

``PhaseReviewMixin`` gives ``PhaseRecord`` its verb methods. Each one locks the
row, checks the rules, changes the state and records a ``ReviewEvent`` in one
transaction. A repeated (double-submitted) request that finds the phase
already in the wanted state changes nothing and returns ``False``; a request
that breaks a rule raises ``ReviewError`` with a Dutch message for the user.

An approval pins the content it approved. The review page shows the phase's
answers and checks together with their *content version* (a hash of them,
see :class:`PhaseContent`) and posts it back with the decision; ``approve``
compares it, under the phase's row lock, with the content as it is then and
refuses stale content (:class:`ContentChanged`, naming the changed items).
While a phase is under review the team cannot edit it (``lock_for_edit``);
"Terugtrekken uit beoordeling" (``withdraw_offer``) makes it editable again.
An edit of an approved phase withdraws the approval.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import Manager

    from .models import PhaseRecord, Trajectory

REVIEWER_ROLES = [role for role in Role if role.can_review]


class ReviewError(Exception):
    """A review step that the rules do not allow; the message is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ContentChanged(ReviewError):
    """The phase changed since the reviewer opened it; ``changed`` holds the keys of the changed items."""

    def __init__(self, message: str, changed: set[str]):
        super().__init__(message)
        self.changed = changed


class UnderReview(Exception):
    """The team edits a phase that is under review: refused until the offer is withdrawn."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


_SNAPSHOT_ITEM = re.compile(r"^([a-z][0-9]{1,12}):([0-9a-f]{12})$")
SNAPSHOT_MAX_LENGTH = 50_000


@dataclass(frozen=True)
class PhaseContent:
    """What a reviewer sees of a phase: one fingerprint per answer ("a<pk>") and check ("c<pk>").

    ``version`` is a hash over all of them: any change of an answer's text, state or
    reason, or of a check's tick or note, and any answer or check added or removed,
    gives another version. ``snapshot`` is the compact form the review page posts
    back, so a refused approval can name the items that changed.
    """

    items: dict

    @classmethod
    def of(cls, answers, checks, more: dict | None = None) -> "PhaseContent":
        """``more``: {prefix: rows} of higher apps (procurement.extensions.review_items)."""
        items = {}
        for prefix, rows in (("a", answers), ("c", checks), *(more or {}).items()):
            for row in rows:
                values = json.dumps([getattr(row, name) for name in row.EDIT_FIELDS], ensure_ascii=False, default=str)
                items[f"{prefix}{row.pk}"] = hashlib.sha256(values.encode()).hexdigest()[:12]
        return cls(items)

    @classmethod
    def parse(cls, snapshot: str) -> "PhaseContent":
        """The content a review page showed, from its posted snapshot (malformed parts are ignored)."""
        items = {}
        for part in (snapshot or "")[:SNAPSHOT_MAX_LENGTH].split(","):
            match = _SNAPSHOT_ITEM.match(part.strip())
            if match:
                items[match[1]] = match[2]
        return cls(items)

    @property
    def version(self) -> str:
        canonical = ",".join(f"{key}:{value}" for key, value in sorted(self.items.items()))
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]

    @property
    def snapshot(self) -> str:
        return ",".join(f"{key}:{value}" for key, value in sorted(self.items.items()))

    def changed_since(self, seen: "PhaseContent") -> set[str]:
        """Keys of the items that differ from ``seen`` (changed, added or removed)."""
        keys = self.items.keys() | seen.items.keys()
        return {key for key in keys if self.items.get(key) != seen.items.get(key)}


def reviewers_of(organisation):
    """The users who may review in an organisation (active accounts only)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role__in=REVIEWER_ROLES,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class PhaseReviewMixin:
    """Review transitions of a PhaseRecord (see the module docstring)."""

    if TYPE_CHECKING:  # what PhaseRecord, the one model with this mixin, provides
        objects: Manager[PhaseRecord]
        Status: ClassVar[Any]
        ReviewStatus: ClassVar[Any]
        pk: int
        trajectory: Trajectory
        trajectory_id: int
        phase_id: int
        status: str
        review_status: str
        offered_at: datetime | None
        reviewed_at: datetime | None
        self_approved: bool
        completed_at: datetime | None
        reviewed_by: User | None
        approved_content_version: str
        review_events: Any  # the ReviewEvent related manager

        def save(self, *args: Any, **kwargs: Any) -> None: ...

    _STATE_FIELDS = (
        "status",
        "review_status",
        "offered_at",
        "reviewed_at",
        "reviewed_by_id",
        "self_approved",
        "approved_content_version",
        "completed_at",
        "completed_by_id",
    )

    def _locked(self):
        """Re-read this record under a row lock, so concurrent decisions serialise."""
        fresh = (
            type(self)
            .objects.select_for_update(of=("self",))  # the phase row only: edits lock it first too
            .select_related("trajectory")
            .get(pk=self.pk, trajectory_id=self.trajectory_id)
        )
        for field in self._STATE_FIELDS:
            setattr(self, field, getattr(fresh, field))
        self.trajectory = fresh.trajectory
        return self

    def _lock_state(self) -> None:
        """Lock this record's row and re-read its state (the trajectory object is kept)."""
        fresh = (
            type(self)
            .objects.select_for_update()
            .filter(pk=self.pk, trajectory_id=self.trajectory_id)
            .values(*self._STATE_FIELDS)
            .get()
        )
        for field, value in fresh.items():
            setattr(self, field, value)

    # --- the content a reviewer sees -------------------------------------------

    def content(self) -> PhaseContent:
        """The phase's answers and checks as they are now (two queries), and what higher apps add to it."""
        from . import extensions
        from .models import Answer, AttentionCheck

        rows = [
            list(model.objects.filter(trajectory_id=self.trajectory_id, phase_id=self.phase_id))
            for model in (Answer, AttentionCheck)
        ]
        more = {}
        for provider in extensions.review_items:
            more.update(provider(self))
        answers, checks = rows
        return PhaseContent.of(answers, checks, more=more)

    @property
    def is_under_review(self) -> bool:
        return self.review_status == self.ReviewStatus.IN_REVIEW

    def under_review_message(self) -> str:
        return _(
            "Deze fase ligt ter beoordeling bij de chef circulair en kan nu niet worden gewijzigd. "
            "Wil je toch iets wijzigen? Kies dan eerst “Terugtrekken uit beoordeling”."
        )

    def lock_for_edit(self) -> None:
        """Lock the row before the team changes answers or checks, and check the phase may change now.

        Must be called inside the transaction of the edit. Raises ``UnderReview``
        while the phase is under review. The status is read after the lock, so an
        approval or an offer that commits at the same moment is either seen here
        or sees the edit.
        """
        self._lock_state()
        if self.is_under_review:
            raise UnderReview(self.under_review_message())

    def _check_not_archived(self) -> None:
        if self.trajectory.archived_at is not None:
            raise ReviewError(
                _("Dit traject is gearchiveerd. Een gearchiveerd traject kan niet meer worden beoordeeld.")
            )

    def _check_reviewer(self, user) -> None:
        may_review = Membership.objects.filter(
            user=user, organisation_id=self.trajectory.organisation_id, role__in=REVIEWER_ROLES
        ).exists()
        if not may_review:
            raise ReviewError(_("Alleen de chef circulair van de organisatie mag fasen beoordelen."))

    def _record(self, kind, user, comment: str = "", self_approved: bool = False):
        return self.review_events.create(kind=kind, actor=user, comment=comment, self_approved=self_approved)

    def answered_by(self, user) -> bool:
        """Whether ``user`` gave or changed an answer or aandachtspunt of this phase (now or in history)."""
        from .models import Answer, AttentionCheck

        for model in (Answer, AttentionCheck):
            current = model.objects.filter(trajectory_id=self.trajectory_id, phase_id=self.phase_id)
            if current.filter(updated_by=user).exists():
                return True
            past = model.history.filter(trajectory_id=self.trajectory_id, phase_id=self.phase_id)
            if past.filter(Q(updated_by_id=user.pk) | Q(history_user_id=user.pk)).exists():
                return True
        return False

    def other_reviewers(self, user):
        return reviewers_of(self.trajectory.organisation_id).exclude(pk=user.pk)

    def may_approve(self, user) -> bool:
        """Whether ``user`` may approve: not when they answered and someone else can review."""
        return not (self.answered_by(user) and self.other_reviewers(user).exists())

    @transaction.atomic
    def offer_for_review(self, user) -> bool:
        """The team offers a completed phase for review. False if it was already offered."""
        self._locked()
        self._check_not_archived()
        if self.review_status == self.ReviewStatus.IN_REVIEW:
            return False
        if self.review_status == self.ReviewStatus.APPROVED:
            raise ReviewError(_("Deze fase is al goedgekeurd en hoeft niet opnieuw te worden aangeboden."))
        if self.status != self.Status.COMPLETED:
            raise ReviewError(
                _("Alleen een afgeronde fase kan ter beoordeling worden aangeboden. Rond de fase eerst af.")
            )
        self.review_status = self.ReviewStatus.IN_REVIEW
        self.offered_at = timezone.now()
        self.reviewed_at = None
        self.reviewed_by = None
        self.self_approved = False
        self.save(
            update_fields=["review_status", "offered_at", "reviewed_at", "reviewed_by", "self_approved", "updated_at"]
        )
        self._record(self.review_events.model.Kind.OFFERED, user)
        return True

    def _check_offered(self, already_done_status) -> bool:
        """True when the decision may go ahead; False for a repeated decision."""
        if self.review_status == already_done_status:
            return False
        if self.review_status != self.ReviewStatus.IN_REVIEW:
            raise ReviewError(
                _("Deze fase is niet ter beoordeling aangeboden. Je kunt pas beslissen als het team de fase aanbiedt.")
            )
        return True

    def _decide(self, review_status, user) -> None:
        self.review_status = review_status
        self.reviewed_at = timezone.now()
        self.reviewed_by = user

    @transaction.atomic
    def approve(self, user, comment: str = "", *, content_version: str, seen: PhaseContent | None = None) -> bool:
        """A reviewer approves the offered phase as it was shown to them. False if it was already approved.

        ``content_version`` is the version of the content the reviewer saw (see
        ``content()``); when the phase changed since, the approval is refused with
        ``ContentChanged``, whose ``changed`` names the items that differ from
        ``seen`` (the content the reviewer saw, if known). Nothing is written then.
        """
        comment = (comment or "").strip()
        self._locked()
        self._check_not_archived()
        self._check_reviewer(user)
        if not self._check_offered(self.ReviewStatus.APPROVED):
            return False
        _check_length(comment)
        current = self.content()
        if current.version != content_version:
            changed = current.changed_since(seen) if seen is not None else set(current.items)
            raise ContentChanged(
                _(
                    "De fase is intussen gewijzigd. Bekijk de gemarkeerde antwoorden en aandachtspunten "
                    "en neem dan opnieuw een beslissing."
                ),
                changed,
            )
        answered = self.answered_by(user)
        if answered:
            others = list(self.other_reviewers(user))
            if others:
                names = ", ".join(o.get_full_name() or o.username for o in others)
                raise ReviewError(
                    _(
                        "Je hebt zelf antwoorden in deze fase gegeven en kunt haar daarom niet goedkeuren. "
                        "Vraag een andere beoordelaar: %(names)s."
                    )
                    % {"names": names}
                )
        self._decide(self.ReviewStatus.APPROVED, user)
        self.self_approved = answered
        self.approved_content_version = current.version
        self.save(
            update_fields=[
                "review_status",
                "reviewed_at",
                "reviewed_by",
                "self_approved",
                "approved_content_version",
                "updated_at",
            ]
        )
        self.review_events.create(
            kind=self.review_events.model.Kind.APPROVED,
            actor=user,
            comment=comment,
            self_approved=answered,
            content_version=current.version,
        )
        return True

    @transaction.atomic
    def request_changes(self, user, comment: str) -> bool:
        """A reviewer sends the phase back with a (required) explanation. False if already done."""
        comment = (comment or "").strip()
        self._locked()
        self._check_not_archived()
        self._check_reviewer(user)
        if not self._check_offered(self.ReviewStatus.CHANGES_REQUESTED):
            return False
        if not comment:
            raise ReviewError(_("Geef een toelichting: schrijf op welke wijzigingen je vraagt."))
        _check_length(comment)
        self._decide(self.ReviewStatus.CHANGES_REQUESTED, user)
        self.self_approved = False
        self.save(update_fields=["review_status", "reviewed_at", "reviewed_by", "self_approved", "updated_at"])
        self._record(self.review_events.model.Kind.CHANGES_REQUESTED, user, comment)
        return True

    @transaction.atomic
    def withdraw_offer(self, user) -> bool:
        """The team takes an offered phase back to change it. False if it was not under review."""
        self._locked()
        self._check_not_archived()
        if not self.is_under_review:
            return False
        self.review_status = self.ReviewStatus.NONE
        self.save(update_fields=["review_status", "updated_at"])
        self._record(self.review_events.model.Kind.OFFER_WITHDRAWN, user)
        return True

    def _withdraw(self, user, comment: str) -> bool:
        if self.review_status != self.ReviewStatus.APPROVED:
            return False
        self.review_status = self.ReviewStatus.NONE
        self.status = self.Status.IN_PROGRESS
        self.completed_at = None
        self.self_approved = False
        self.approved_content_version = ""
        self.save(
            update_fields=[
                "review_status",
                "status",
                "completed_at",
                "self_approved",
                "approved_content_version",
                "updated_at",
            ]
        )
        self._record(self.review_events.model.Kind.APPROVAL_WITHDRAWN, user, comment)
        return True

    @transaction.atomic
    def withdraw_approval(self, user, comment: str = "") -> bool:
        """A reviewer withdraws an approval: the phase is Bezig again. False if it was not approved."""
        comment = (comment or "").strip()
        self._locked()
        self._check_not_archived()
        self._check_reviewer(user)
        _check_length(comment)
        return self._withdraw(user, comment or _("De beoordelaar heeft de goedkeuring ingetrokken."))

    def answers_changed_after_approval(self, user, *, locked: bool = False) -> bool:
        """Answers of an approved phase changed: back to Bezig, approval withdrawn. False otherwise.

        Called from ``PhaseRecord.record_edit(user)`` whenever the team changes answers or checks.
        The review status is read under the row lock (``locked``: the caller already
        holds it, see ``lock_for_edit``), never from a copy read before an approval
        that may have committed in between.
        """
        if not locked:
            with transaction.atomic():
                self._lock_state()
                return self.answers_changed_after_approval(user, locked=True)
        return self._withdraw(user, _("De antwoorden zijn gewijzigd na de goedkeuring; de goedkeuring is vervallen."))


def _check_length(comment: str) -> None:
    from .models import Comment

    if len(comment) > Comment.MAX_LENGTH:
        raise ReviewError(
            _("De toelichting mag hoogstens %(max)s tekens lang zijn (nu %(count)s).")
            % {"max": Comment.MAX_LENGTH, "count": len(comment)}
        )
