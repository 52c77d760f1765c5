"""The review of a phase: offer, approve, ask for changes, withdraw.

``PhaseReviewMixin`` gives ``PhaseRecord`` its verb methods. Each one locks the
row, checks the rules, changes the state and records a ``ReviewEvent`` in one
transaction. A repeated (double-submitted) request that finds the phase
already in the wanted state changes nothing and returns ``False``; a request
that breaks a rule raises ``ReviewError`` with a Dutch message for the user.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chefcirculair.models import Membership, Role

REVIEWER_ROLES = [role for role in Role if role.can_review]


class ReviewError(Exception):
    """A review step that the rules do not allow; the message is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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

    def _locked(self):
        """Re-read this record under a row lock, so concurrent decisions serialise."""
        fresh = (
            type(self)
            .objects.select_for_update()
            .select_related("trajectory")
            .get(pk=self.pk, trajectory_id=self.trajectory_id)
        )
        for field in ("status", "review_status", "offered_at", "reviewed_at", "reviewed_by_id", "self_approved"):
            setattr(self, field, getattr(fresh, field))
        self.trajectory = fresh.trajectory
        return self

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
        if self.review_status == self.ReviewStatus.TER_BEOORDELING:
            return False
        if self.review_status == self.ReviewStatus.GOEDGEKEURD:
            raise ReviewError(_("Deze fase is al goedgekeurd en hoeft niet opnieuw te worden aangeboden."))
        if self.status != self.Status.AFGEROND:
            raise ReviewError(
                _("Alleen een afgeronde fase kan ter beoordeling worden aangeboden. Rond de fase eerst af.")
            )
        self.review_status = self.ReviewStatus.TER_BEOORDELING
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
        if self.review_status != self.ReviewStatus.TER_BEOORDELING:
            raise ReviewError(
                _("Deze fase is niet ter beoordeling aangeboden. Je kunt pas beslissen als het team de fase aanbiedt.")
            )
        return True

    def _decide(self, review_status, user) -> None:
        self.review_status = review_status
        self.reviewed_at = timezone.now()
        self.reviewed_by = user

    @transaction.atomic
    def approve(self, user, comment: str = "") -> bool:
        """A reviewer approves the offered phase. False if it was already approved."""
        comment = (comment or "").strip()
        self._locked()
        self._check_not_archived()
        self._check_reviewer(user)
        if not self._check_offered(self.ReviewStatus.GOEDGEKEURD):
            return False
        _check_length(comment)
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
        self._decide(self.ReviewStatus.GOEDGEKEURD, user)
        self.self_approved = answered
        self.save(update_fields=["review_status", "reviewed_at", "reviewed_by", "self_approved", "updated_at"])
        self._record(self.review_events.model.Kind.APPROVED, user, comment, self_approved=answered)
        return True

    @transaction.atomic
    def request_changes(self, user, comment: str) -> bool:
        """A reviewer sends the phase back with a (required) explanation. False if already done."""
        comment = (comment or "").strip()
        self._locked()
        self._check_not_archived()
        self._check_reviewer(user)
        if not self._check_offered(self.ReviewStatus.WIJZIGINGEN_GEVRAAGD):
            return False
        if not comment:
            raise ReviewError(_("Geef een toelichting: schrijf op welke wijzigingen je vraagt."))
        _check_length(comment)
        self._decide(self.ReviewStatus.WIJZIGINGEN_GEVRAAGD, user)
        self.self_approved = False
        self.save(update_fields=["review_status", "reviewed_at", "reviewed_by", "self_approved", "updated_at"])
        self._record(self.review_events.model.Kind.CHANGES_REQUESTED, user, comment)
        return True

    def _withdraw(self, user, comment: str) -> bool:
        if self.review_status != self.ReviewStatus.GOEDGEKEURD:
            return False
        self.review_status = self.ReviewStatus.NONE
        self.status = self.Status.BEZIG
        self.completed_at = None
        self.self_approved = False
        self.save(update_fields=["review_status", "status", "completed_at", "self_approved", "updated_at"])
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

    def answers_changed_after_approval(self, user) -> bool:
        """Answers of an approved phase changed: back to Bezig, approval withdrawn. False otherwise.

        Called from ``PhaseRecord.touch(user)`` whenever the team changes answers or checks.
        """
        if self.review_status != self.ReviewStatus.GOEDGEKEURD:
            return False  # cheap path for the common case: no lock, no transaction
        with transaction.atomic():
            self._locked()
            return self._withdraw(
                user, _("De antwoorden zijn gewijzigd na de goedkeuring; de goedkeuring is vervallen.")
            )


def _check_length(comment: str) -> None:
    from .models import Comment

    if len(comment) > Comment.MAX_LENGTH:
        raise ReviewError(
            _("De toelichting mag hoogstens %(max)s tekens lang zijn (nu %(count)s).")
            % {"max": Comment.MAX_LENGTH, "count": len(comment)}
        )
