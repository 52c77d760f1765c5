"""Referentie en effect: what a trajectory's R-decision avoids in kg material, kg CO2e and euros.

An ``ImpactLine`` is one line of the reference (what would have been bought
without circular choices), the plan (what the chosen R-strategy buys instead)
or what was realised, all over the contract term. Each line keeps a snapshot
of the factor values it was calculated with (like answers keep their question
text): editing a factor later never rewrites a trajectory's effect;
"herberekenen met de huidige factoren" does, on request, with history.

``TrajectoryEffect`` holds the term and the stored totals (reference − plan,
reference − realised) so that roll-ups are one aggregate query. The
arithmetic lives in ``procurement.impact``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.numbers import DecimalDigits
from organisations.scoping import OrganisationScopedQuerySet
from rladder.models import (
    FACTOR_DIGITS,
    LIFETIME_DIGITS,
    PERCENT_DIGITS,
    FactorUnit,
    ImpactFactor,
    OrganisationImpactFactor,
    SystemBoundary,
)

QUANTITY_DIGITS: DecimalDigits = {"max_digits": 18, "decimal_places": 4}
PRICE_DIGITS: DecimalDigits = {"max_digits": 16, "decimal_places": 4}
TOTAL_DIGITS: DecimalDigits = {"max_digits": 22, "decimal_places": 3}
TERM_DIGITS: DecimalDigits = {"max_digits": 5, "decimal_places": 2}

# The factor values a line copies when its factor is chosen (names as on rladder.FactorValues).
SNAPSHOT_FIELDS = (
    "item_nl",
    "category_nl",
    "unit",
    "kg_co2e_per_unit",
    "kg_material_per_unit",
    "lifetime_years",
    "uncertainty_low",
    "uncertainty_high",
    "uncertainty_percent",
    "source_name",
    "source_url",
    "source_year",
    "licence",
    "system_boundary",
    "system_boundary_note",
)


class Scenario(models.TextChoices):
    REFERENCE = "reference", _("Referentie")
    PLAN = "plan", _("Plan")
    REALISED = "realised", _("Gerealiseerd")


class ImpactLine(models.Model):
    """One line of a scenario: a quantity over the contract term times a factor (as it was when chosen)."""

    trajectory = models.ForeignKey(
        "procurement.Trajectory", on_delete=models.CASCADE, related_name="impact_lines", verbose_name=_("traject")
    )
    scenario = models.CharField(_("scenario"), max_length=10, choices=Scenario.choices)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    description = models.CharField(
        _("omschrijving"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: laptops voor alle medewerkers.")
    )
    quantity = models.DecimalField(_("hoeveelheid over de hele looptijd"), **QUANTITY_DIGITS)
    quantity_unit = models.CharField(_("eenheid van de hoeveelheid"), max_length=10, choices=FactorUnit.choices)
    unit_weight_kg = models.DecimalField(
        _("gewicht per stuk (kg)"),
        null=True,
        blank=True,
        help_text=_("Nodig als de factor per kg is en je stuks telt."),
        **FACTOR_DIGITS,
    )
    unit_price_eur = models.DecimalField(
        _("prijs per eenheid (€)"),
        null=True,
        blank=True,
        help_text=_("Voor het effect in euro's."),
        **PRICE_DIGITS,
    )
    shared_factor = models.ForeignKey(
        ImpactFactor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gedeelde factor"),
    )
    own_factor = models.ForeignKey(
        OrganisationImpactFactor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eigen factor"),
    )
    # --- the snapshot of the factor as it was when chosen (or recalculated) ---
    item_nl = models.CharField(_("item van de factor"), max_length=200, blank=True)
    category_nl = models.CharField(_("productcategorie van de factor"), max_length=100, blank=True)
    unit = models.CharField(_("eenheid van de factor"), max_length=10, choices=FactorUnit.choices, blank=True)
    kg_co2e_per_unit = models.DecimalField(_("kg CO2-equivalent per eenheid"), null=True, blank=True, **FACTOR_DIGITS)
    kg_material_per_unit = models.DecimalField(_("kg materiaal per eenheid"), null=True, blank=True, **FACTOR_DIGITS)
    lifetime_years = models.DecimalField(_("levensduur in jaren"), null=True, blank=True, **LIFETIME_DIGITS)
    uncertainty_low = models.DecimalField(_("onzekerheid: laagste waarde"), null=True, blank=True, **FACTOR_DIGITS)
    uncertainty_high = models.DecimalField(_("onzekerheid: hoogste waarde"), null=True, blank=True, **FACTOR_DIGITS)
    uncertainty_percent = models.DecimalField(_("onzekerheid in procenten"), null=True, blank=True, **PERCENT_DIGITS)
    source_name = models.CharField(_("bron"), max_length=200, blank=True)
    source_url = models.CharField(_("link of vindplaats van de bron"), max_length=500, blank=True)
    source_year = models.PositiveSmallIntegerField(_("jaar van de bron"), null=True, blank=True)
    licence = models.CharField(_("licentie"), max_length=300, blank=True)
    system_boundary = models.CharField(_("systeemgrens"), max_length=30, choices=SystemBoundary.choices, blank=True)
    system_boundary_note = models.CharField(_("toelichting op de systeemgrens"), max_length=300, blank=True)
    snapshot_at = models.DateTimeField(_("factorwaarden vastgelegd op"), null=True, blank=True)
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

    @property
    def has_factor(self) -> bool:
        """Whether the line carries factor values (a snapshot); a line without one counts as "zonder factor"."""
        return bool(self.unit)

    @property
    def is_spend_based(self) -> bool:
        """Calculated with a factor per euro: a rough estimate ("grove schatting")."""
        return self.unit == FactorUnit.EURO

    @property
    def linked_factor(self):
        return self.own_factor if self.own_factor_id else self.shared_factor

    def snapshot_values(self) -> dict:
        return {name: getattr(self, name) for name in SNAPSHOT_FIELDS}

    def take_snapshot(self, factor, *, when=None) -> None:
        """Link ``factor`` (shared or own) and copy its values; ``None`` clears the factor."""
        from django.utils import timezone

        if factor is None:
            self.shared_factor = self.own_factor = None
            for name in SNAPSHOT_FIELDS:
                setattr(self, name, None if self._meta.get_field(name).null else "")
            self.snapshot_at = None
            return
        if factor.is_own:
            self.own_factor, self.shared_factor = factor, None
        else:
            self.shared_factor, self.own_factor = factor, None
        for name in SNAPSHOT_FIELDS:
            setattr(self, name, getattr(factor, name))
        self.snapshot_at = when or timezone.now()

    def differs_from(self, factor) -> bool:
        """Whether ``factor`` (as it is now) has other values than the snapshot."""
        return any(getattr(factor, name) != getattr(self, name) for name in SNAPSHOT_FIELDS)


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
