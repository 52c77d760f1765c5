"""The review of a phase: its history of review steps and the comment thread.

The review transitions themselves are methods of ``PhaseRecord`` (``procurement.review``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.scoping import OrganisationScopedQuerySet

from .answers import Answer


class ReviewEvent(models.Model):
    """One step in the review history of a phase: offered, decided, withdrawn."""

    class Kind(models.TextChoices):
        OFFERED = "offered", _("Ter beoordeling aangeboden")
        APPROVED = "approved", _("Goedgekeurd")
        CHANGES_REQUESTED = "changes_requested", _("Wijzigingen gevraagd")
        APPROVAL_WITHDRAWN = "approval_withdrawn", _("Goedkeuring ingetrokken")
        OFFER_WITHDRAWN = "offer_withdrawn", _("Teruggetrokken uit beoordeling")

    phase_record = models.ForeignKey(
        "procurement.PhaseRecord",
        on_delete=models.CASCADE,
        related_name="review_events",
        verbose_name=_("fase van een traject"),
    )
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    comment = models.TextField(_("toelichting"), blank=True, max_length=2000)
    self_approved = models.BooleanField(_("goedgekeurd door iemand die zelf antwoorden gaf"), default=False)
    content_version = models.CharField(_("inhoudsversie"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("op"), auto_now_add=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("beoordelingsstap")
        verbose_name_plural = _("beoordelingsgeschiedenis")

    def __str__(self) -> str:
        return f"{self.phase_record}: {self.get_kind_display()}"


class CommentQuerySet(OrganisationScopedQuerySet):
    def for_phase_record(self, phase_record):
        return self.filter(phase_record=phase_record)


class Comment(models.Model):
    """A remark in the review thread of a phase, or of one answer in it."""

    MAX_LENGTH = 2000

    trajectory = models.ForeignKey(
        "procurement.Trajectory", on_delete=models.CASCADE, related_name="comments", verbose_name=_("traject")
    )
    phase_record = models.ForeignKey(
        "procurement.PhaseRecord",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("fase van een traject"),
    )
    answer = models.ForeignKey(
        Answer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("antwoord"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    body = models.TextField(_("opmerking"), max_length=MAX_LENGTH)
    created_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True)
    history = HistoricalRecords()

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="comment_body_not_empty"),
        ]

    def __str__(self) -> str:
        return self.body[:80]
