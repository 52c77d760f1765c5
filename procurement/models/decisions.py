"""The R-decision: the team's way down the ladder (R0, R1, R2), revisions kept as new rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.scoping import OrganisationScopedQuerySet
from rladder.models import RStrategy

from .guidance import Phase


class RDecision(models.Model):
    """One recording of the R-decision; revisions are new rows, the newest counts."""

    trajectory = models.ForeignKey(
        "procurement.Trajectory", on_delete=models.CASCADE, related_name="r_decisions", verbose_name=_("traject")
    )
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+", verbose_name=_("vastgelegd in fase"))
    chosen_strategy = models.ForeignKey(
        RStrategy, on_delete=models.PROTECT, related_name="+", verbose_name=_("gekozen R-strategie")
    )
    summary = models.TextField(_("toelichting op de keuze"), blank=True, max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]
        verbose_name = _("R-besluit")
        verbose_name_plural = _("R-besluiten")

    def __str__(self) -> str:
        return f"{self.trajectory}: {self.chosen_strategy.code}"

    @staticmethod
    def choose(steps, fallback=None):
        """The highest feasible considered step; R0 counts only when fully feasible.

        "Deels niet inkopen" still buys something, so R0 ``deels`` falls
        through to the next step; R1 and R2 count when (partly) feasible.
        """
        considered = sorted((s for s in steps if s["considered"]), key=lambda s: s["strategy"].number)
        for step in considered:
            feasible = step["feasible"]
            if feasible == RDecisionStep.Feasible.YES or (
                feasible == RDecisionStep.Feasible.PARTLY and step["strategy"].number > 0
            ):
                return step["strategy"]
        return fallback

    @property
    def is_refusal(self) -> bool:
        return self.chosen_strategy.number == 0


class RDecisionStep(models.Model):
    """One rung of the ladder as weighed in an R-decision (R0, R1, R2)."""

    class Feasible(models.TextChoices):
        YES = "ja", _("Ja")
        PARTLY = "deels", _("Deels")
        NO = "nee", _("Nee")

    decision = models.ForeignKey(RDecision, on_delete=models.CASCADE, related_name="steps")
    strategy = models.ForeignKey(RStrategy, on_delete=models.PROTECT, related_name="+", verbose_name=_("R-strategie"))
    considered = models.BooleanField(_("overwogen"), default=True)
    feasible = models.CharField(_("haalbaar"), max_length=10, choices=Feasible.choices)
    rationale = models.TextField(_("onderbouwing"), max_length=5000)

    objects = OrganisationScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy__number"]
        verbose_name = _("trede van het R-besluit")
        verbose_name_plural = _("treden van het R-besluit")
        constraints = [
            models.UniqueConstraint(fields=["decision", "strategy"], name="unique_decision_step"),
        ]

    def __str__(self) -> str:
        return f"{self.strategy.code}: {self.get_feasible_display()}"
