"""Referentie en effect: what a trajectory's R-decision avoids in kg material, kg CO2e and euros.

An ``ImpactLine`` is one line of the reference (what would have been bought
without circular choices), the plan (what the chosen R-strategy buys instead)
or what was realised, all over the contract term. It is a ``rladder.FactorLine``,
as a line of the nulmeting is: it keeps a snapshot of the factor values it was
calculated with, so editing a factor later never rewrites a trajectory's effect;
"herberekenen met de huidige factoren" does, on request, with history.

``TrajectoryEffect`` holds the term and the stored totals (reference − plan,
reference − realised) so that roll-ups are one aggregate query. The
arithmetic of a line is ``rladder.factor_lines``; the scenarios and the avoided
effect are ``procurement.impact``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.numbers import DecimalDigits
from organisations.scoping import OrganisationScopedQuerySet
from rladder.models import PRICE_DIGITS, QUANTITY_DIGITS, FactorLine

TOTAL_DIGITS: DecimalDigits = {"max_digits": 22, "decimal_places": 3}
TERM_DIGITS: DecimalDigits = {"max_digits": 5, "decimal_places": 2}


class Scenario(models.TextChoices):
    REFERENCE = "reference", _("Referentie")
    PLAN = "plan", _("Plan")
    REALISED = "realised", _("Gerealiseerd")


class ImpactLine(FactorLine):
    """One line of a scenario: a quantity over the contract term times a factor (as it was when chosen)."""

    trajectory = models.ForeignKey(
        "procurement.Trajectory", on_delete=models.CASCADE, related_name="impact_lines", verbose_name=_("traject")
    )
    scenario = models.CharField(_("scenario"), max_length=10, choices=Scenario.choices)
    quantity = models.DecimalField(_("hoeveelheid over de hele looptijd"), **QUANTITY_DIGITS)
    unit_price_eur = models.DecimalField(
        _("prijs per eenheid (€)"),
        null=True,
        blank=True,
        help_text=_("Voor het effect in euro's."),
        **PRICE_DIGITS,
    )
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    organisation_path = "trajectory__organisation"
    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["scenario", "position", "pk"]
        verbose_name = _("regel van referentie of plan")
        verbose_name_plural = _("regels van referentie en plan")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="impact_line_quantity_not_negative"),
            models.CheckConstraint(
                condition=models.Q(unit_weight_kg__isnull=True) | models.Q(unit_weight_kg__gte=0),
                name="impact_line_weight_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price_eur__isnull=True) | models.Q(unit_price_eur__gte=0),
                name="impact_line_price_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(shared_factor__isnull=False, own_factor__isnull=False),
                name="impact_line_one_factor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scenario_display()}: {self.description or self.item_nl or '–'}"


class TrajectoryEffect(models.Model):
    """The term and the stored effect totals of one trajectory (over the term; NULL is unknown)."""

    trajectory = models.OneToOneField(
        "procurement.Trajectory", on_delete=models.CASCADE, related_name="effect", verbose_name=_("traject")
    )
    term_years = models.DecimalField(
        _("looptijd in jaren"),
        null=True,
        blank=True,
        help_text=_("De looptijd van het contract waarover je de hoeveelheden opgeeft."),
        **TERM_DIGITS,
    )
    first_year = models.PositiveSmallIntegerField(_("eerste jaar"), null=True, blank=True)
    plan_is_nothing = models.BooleanField(_("plan: niets inkopen"), default=False)
    realised_is_nothing = models.BooleanField(_("gerealiseerd: niets ingekocht"), default=False)

    planned_kg_material = models.DecimalField(_("gepland vermeden kg materiaal"), null=True, blank=True, **TOTAL_DIGITS)
    planned_kg_co2e = models.DecimalField(_("gepland vermeden kg CO2e"), null=True, blank=True, **TOTAL_DIGITS)
    planned_kg_co2e_low = models.DecimalField(
        _("gepland vermeden kg CO2e, laag"), null=True, blank=True, **TOTAL_DIGITS
    )
    planned_kg_co2e_high = models.DecimalField(
        _("gepland vermeden kg CO2e, hoog"), null=True, blank=True, **TOTAL_DIGITS
    )
    planned_eur = models.DecimalField(_("gepland vermeden euro's"), null=True, blank=True, **TOTAL_DIGITS)
    realised_kg_material = models.DecimalField(
        _("gerealiseerd vermeden kg materiaal"), null=True, blank=True, **TOTAL_DIGITS
    )
    realised_kg_co2e = models.DecimalField(_("gerealiseerd vermeden kg CO2e"), null=True, blank=True, **TOTAL_DIGITS)
    realised_kg_co2e_low = models.DecimalField(
        _("gerealiseerd vermeden kg CO2e, laag"), null=True, blank=True, **TOTAL_DIGITS
    )
    realised_kg_co2e_high = models.DecimalField(
        _("gerealiseerd vermeden kg CO2e, hoog"), null=True, blank=True, **TOTAL_DIGITS
    )
    realised_eur = models.DecimalField(_("gerealiseerd vermeden euro's"), null=True, blank=True, **TOTAL_DIGITS)
    lines_without_factor = models.PositiveIntegerField(_("regels zonder factor"), default=0)
    uses_spend_based = models.BooleanField(_("gebruikt uitgavengebaseerde factoren"), default=False)
    computed_at = models.DateTimeField(_("berekend op"), null=True, blank=True)
    recalculated_at = models.DateTimeField(_("herberekend met de huidige factoren op"), null=True, blank=True)
    recalculated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("herberekend door"),
    )
    history = HistoricalRecords()

    organisation_path = "trajectory__organisation"
    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("effect van een traject")
        verbose_name_plural = _("effecten van trajecten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_years__isnull=True) | models.Q(term_years__gt=0),
                name="effect_term_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory}: effect"

    PLANNED_FIELDS = (
        "planned_kg_material",
        "planned_kg_co2e",
        "planned_kg_co2e_low",
        "planned_kg_co2e_high",
        "planned_eur",
    )
    REALISED_FIELDS = (
        "realised_kg_material",
        "realised_kg_co2e",
        "realised_kg_co2e_low",
        "realised_kg_co2e_high",
        "realised_eur",
    )

    @property
    def has_figures(self) -> bool:
        """Whether any avoided total, planned or realised, is known."""
        return any(getattr(self, name) is not None for name in (*self.PLANNED_FIELDS, *self.REALISED_FIELDS))

    def per_year(self, name: str):
        """A stored total divided by the term (None when either is unknown)."""
        value = getattr(self, name)
        if value is None or not self.term_years:
            return None
        return value / self.term_years
