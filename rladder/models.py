"""The R-ladder (PBL 2017, R0–R9) and, per organisation, product strategies."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.numbers import DecimalDigits
from lib.translated import translated
from organisations.scoping import OrganisationScopedQuerySet

HIGHEST_MAX_NUMBER = 2  # R0, R1 and R2 are "de hoogste R-strategieën"
QUANTITY_DIGITS: DecimalDigits = {"max_digits": 18, "decimal_places": 4}


class RStrategyQuerySet(models.QuerySet):
    def highest(self):
        return self.filter(number__lte=HIGHEST_MAX_NUMBER)


class RStrategyTexts:
    """The texts of RStrategy in the active language (lib/translated.py), shared with its history."""

    summary = translated("summary")
    definition = translated("definition")


class RStrategy(RStrategyTexts, models.Model):
    class Group(models.TextChoices):
        SMARTER_USE = "slimmer", _("Slimmer productgebruik en -fabricage")
        LONGER_LIFE = "levensduur", _("Levensduur verlengen van product en onderdelen")
        USEFUL_APPLICATION = "nuttig", _("Nuttig toepassen van materialen")

    code = models.CharField(_("code"), max_length=3, unique=True, help_text=_("R0 tot en met R9"))
    number = models.PositiveSmallIntegerField(_("trede"), unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    name_en = models.CharField(_("naam (Engels)"), max_length=100)
    summary_nl = models.CharField(_("kern"), max_length=200, help_text=_("Bijvoorbeeld: Product overbodig maken"))
    summary_en = models.CharField(_("kern (Engels)"), max_length=200, blank=True)
    definition_nl = models.TextField(_("definitie"))
    definition_en = models.TextField(_("definitie (Engels)"), blank=True)
    group = models.CharField(_("groep"), max_length=20, choices=Group.choices)
    six_step_code = models.CharField(
        _("code op de 6-stappenladder"),
        max_length=3,
        help_text=_("De code op de R1–R6-ladder van RVO en CircuLaw, waar R1 = Refuse + Rethink."),
    )
    history = HistoricalRecords(bases=[RStrategyTexts, models.Model])

    objects = RStrategyQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("R-strategie")
        verbose_name_plural = _("R-strategieën")

    def __str__(self) -> str:
        return f"{self.code} {self.name_nl}"

    @property
    def is_highest(self) -> bool:
        return self.number <= HIGHEST_MAX_NUMBER

    @property
    def label(self) -> str:
        return f"{self.code} – {self.name_en} ({self.name_nl})"

    def natural_key(self):
        return (self.code,)


class KpiExampleTexts:
    """The texts of KpiExample in the active language (lib/translated.py), shared with its history."""

    text = translated("text")


class KpiExample(KpiExampleTexts, models.Model):
    """The seed's examples of KPIs per R-strategy ("Opstellen van KPI's")."""

    key = models.SlugField(_("sleutel"), max_length=100, unique=True)
    strategy = models.ForeignKey(
        RStrategy, on_delete=models.CASCADE, related_name="kpi_examples", verbose_name=_("R-strategie")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text_nl = models.CharField(_("voorbeeld"), max_length=300)
    text_en = models.CharField(_("voorbeeld (Engels)"), max_length=300, blank=True)
    history = HistoricalRecords(bases=[KpiExampleTexts, models.Model])

    class Meta:
        ordering = ["strategy__number", "order"]
        verbose_name = _("voorbeeld-KPI")
        verbose_name_plural = _("voorbeeld-KPI's")

    def __str__(self) -> str:
        return f"{self.strategy.code}: {self.text}"


# --- Product strategies (organisation-owned, one per product category) ------


class Kraljic(models.TextChoices):
    """The four quadrants of the Kraljic matrix: impact on result × supply risk."""

    STRATEGIC = "strategisch", _("Strategisch")
    LEVERAGE = "hefboom", _("Hefboom")
    BOTTLENECK = "knelpunt", _("Knelpunt")
    ROUTINE = "routine", _("Routine")


# What circularity one may expect of the market per quadrant (after the CAoS tool:
# "A Kraljic matrix-based tool to facilitate circular procurement").
KRALJIC_EXPECTATIONS: dict[str, Promise] = {
    Kraljic.STRATEGIC: _(
        "Hoge impact en een hoog leveringsrisico: werk met enkele leveranciers in een langdurig partnerschap aan "
        "de hoogste R-strategieën. Verlang R1 (delen, product als dienst) of R2 (minder materiaal), met afspraken "
        "over terugname en een groeimodel in het contract."
    ),
    Kraljic.LEVERAGE: _(
        "Hoge impact en een laag leveringsrisico: er is genoeg aanbod, dus je kunt veel vragen. Stel circulariteit "
        "als eis en gunningscriterium (R2 tot en met R4: minder materiaal, hergebruik, reparatie) en laat "
        "leveranciers met elkaar concurreren op circulariteit."
    ),
    Kraljic.BOTTLENECK: _(
        "Lage impact maar een hoog leveringsrisico: zeker stellen van levering gaat voor. Verminder de afhankelijkheid "
        "door minder te gebruiken (R0, R2) en de levensduur te verlengen (R3 tot en met R5: hergebruik, reparatie, "
        "refurbishment)."
    ),
    Kraljic.ROUTINE: _(
        "Lage impact en een laag leveringsrisico: houd het eenvoudig. Bundel en standaardiseer, koop minder of niet "
        "(R0), en gebruik bestaande MVI-criteria en keurmerken in plaats van maatwerk."
    ),
}


class Level(models.TextChoices):
    LOW = "laag", _("Laag")
    HIGH = "hoog", _("Hoog")


def interpolate(start: Decimal | None, goal: Decimal | None, step: int, steps: int) -> Decimal | None:
    """The value ``step`` of ``steps`` on a straight line from ``start`` to ``goal``, to whole kilograms."""
    if start is None or goal is None or steps <= 0:
        return None
    value = start + (goal - start) * Decimal(step) / Decimal(steps)
    return value.quantize(Decimal(1))


class ProductStrategyQuerySet(OrganisationScopedQuerySet):
    pass


class ProductStrategy(models.Model):
    """Where a product category stands on the R-ladder and where it goes in ten years."""

    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        ADOPTED = "vastgesteld", _("Vastgesteld")
        UNDER_REVISION = "in_herziening", _("In herziening")

    class GoalBasis(models.TextChoices):
        ORGANISATION = "organisatie", _("Doel van de eigen organisatie")
        RIJK = "rijk", _("Doel van het Rijk (Nationaal Programma Circulaire Economie)")

    category = models.OneToOneField(
        "chefcirculair.ProductCategory",
        on_delete=models.CASCADE,
        related_name="strategy",
        verbose_name=_("productcategorie"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eigenaar"),
    )
    # Nulmeting
    baseline_date = models.DateField(_("datum nulmeting"))
    baseline_strategy = models.ForeignKey(
        RStrategy, on_delete=models.PROTECT, related_name="+", verbose_name=_("huidige R-strategie")
    )
    baseline_description = models.TextField(_("beschrijving van de nulmeting"), blank=True, max_length=5000)
    baseline_tool = models.CharField(_("gebruikte tool"), max_length=200, blank=True)
    # Kraljic position
    impact = models.CharField(_("impact op het resultaat"), max_length=10, choices=Level.choices, blank=True)
    supply_risk = models.CharField(_("leveringsrisico"), max_length=10, choices=Level.choices, blank=True)
    # Starting at the top of the ladder: what R0, R1 and R2 would mean for this category.
    r0_consideration = models.TextField(_("R0 Refuse: kan het (deels) zonder?"), blank=True, max_length=3000)
    r1_consideration = models.TextField(
        _("R1 Rethink: kan het intensiever of gedeeld worden gebruikt?"), blank=True, max_length=3000
    )
    r2_consideration = models.TextField(_("R2 Reduce: kan het met minder materiaal?"), blank=True, max_length=3000)
    # The goal ten years ahead
    goal_year = models.PositiveSmallIntegerField(_("doeljaar"))
    goal_strategy = models.ForeignKey(
        RStrategy, on_delete=models.PROTECT, related_name="+", verbose_name=_("doel (R-strategie)")
    )
    goal_description = models.TextField(_("beschrijving van het doel"), blank=True, max_length=5000)
    goal_basis = models.CharField(
        _("gebaseerd op"), max_length=20, choices=GoalBasis.choices, default=GoalBasis.ORGANISATION
    )
    # The goal in the units of the nulmeting in volumes (per year, in the goal year)
    goal_kg_material = models.DecimalField(_("doel: kg materiaal per jaar"), null=True, blank=True, **QUANTITY_DIGITS)
    goal_kg_co2e = models.DecimalField(_("doel: kg CO2-equivalent per jaar"), null=True, blank=True, **QUANTITY_DIGITS)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    objects = ProductStrategyQuerySet.as_manager()

    class Meta:
        ordering = ["category__name"]
        verbose_name = _("productstrategie")
        verbose_name_plural = _("productstrategieën")

    def __str__(self) -> str:
        return str(self.category)

    @property
    def kraljic(self) -> str | None:
        if not (self.impact and self.supply_risk):
            return None
        high_impact, high_risk = self.impact == Level.HIGH, self.supply_risk == Level.HIGH
        if high_impact:
            return Kraljic.STRATEGIC if high_risk else Kraljic.LEVERAGE
        return Kraljic.BOTTLENECK if high_risk else Kraljic.ROUTINE

    @property
    def kraljic_label(self) -> str | Promise:
        return Kraljic(self.kraljic).label if self.kraljic else ""

    @property
    def kraljic_expectation(self) -> str | Promise:
        return KRALJIC_EXPECTATIONS[self.kraljic] if self.kraljic else ""

    def expected_for_year(self, year: int, milestones=None) -> RStrategy:
        """The rung the category should stand on in ``year``: the latest milestone reached, else the nulmeting."""
        milestones = self.milestones.all() if milestones is None else milestones
        expected = self.baseline_strategy
        for milestone in sorted(milestones, key=lambda m: m.year):
            if milestone.year <= year:
                expected = milestone.target
        if year >= self.goal_year:
            expected = self.goal_strategy
        return expected

    def baseline_totals(self, lines=None):
        """The nulmeting in volumes: kg material and kg CO2e per year of the lines (``factor_lines.Totals``)."""
        from .factor_lines import totals

        lines = self.baseline_lines.all() if lines is None else lines
        return totals(line.figures for line in lines)

    def propose_milestones(self, strategies=None, baseline=None) -> list[dict]:
        """Backcasting: yearly milestones from the goal back to the nulmeting.

        One milestone per year after the nulmeting up to and including the goal
        year; the rung is the nulmeting moved evenly towards the goal, so the
        list is ordered, never goes down the ladder and ends at the goal.
        """
        strategies = strategies or {s.number: s for s in RStrategy.objects.all()}
        start_year = self.baseline_date.year
        years = self.goal_year - start_year
        if years <= 0:
            return []
        start, goal = self.baseline_strategy.number, self.goal_strategy.number
        steps = max(start - goal, 0)
        proposal = []
        start_material = baseline.kg_material if baseline else None
        start_co2e = baseline.kg_co2e if baseline else None
        for index in range(1, years + 1):
            # round half up, so the climb starts early rather than late
            number = start - (steps * index * 2 + years) // (2 * years)
            strategy = strategies[number]
            proposal.append(
                {
                    "year": start_year + index,
                    "strategy": strategy,
                    "kg_material": interpolate(start_material, self.goal_kg_material, index, years),
                    "kg_co2e": interpolate(start_co2e, self.goal_kg_co2e, index, years),
                    "description": _("In %(year)s werkt de categorie op %(code)s %(name)s: %(summary)s.")
                    % {
                        "year": start_year + index,
                        "code": strategy.code,
                        "name": strategy.name_nl,
                        "summary": strategy.summary.rstrip(".").lower(),
                    },
                }
            )
        return proposal


class Milestone(models.Model):
    """A tussendoel on the way to the goal, worked back from it (backcasting)."""

    strategy = models.ForeignKey(
        ProductStrategy, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("productstrategie")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    target = models.ForeignKey(RStrategy, on_delete=models.PROTECT, related_name="+", verbose_name=_("R-strategie"))
    description = models.TextField(_("wat moet dan waar zijn"), max_length=3000)
    kg_material = models.DecimalField(_("kg materiaal per jaar"), null=True, blank=True, **QUANTITY_DIGITS)
    kg_co2e = models.DecimalField(_("kg CO2-equivalent per jaar"), null=True, blank=True, **QUANTITY_DIGITS)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["year"]
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "year"], name="unique_milestone_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.target.code}"


# --- Ambitiewebs ---------------------------------------------------------------

LEVEL_MIN, LEVEL_MAX = 1, 3
LEVEL_RANGE = models.Q(current__gte=LEVEL_MIN, current__lte=LEVEL_MAX, ambition__gte=LEVEL_MIN, ambition__lte=LEVEL_MAX)


class AmbitionThemeTexts:
    """The texts of AmbitionTheme in the active language (lib/translated.py), shared with its history."""

    name = translated("name")
    description = translated("description")


class AmbitionTheme(AmbitionThemeTexts, models.Model):
    """A theme of the ambitieweb (by default the six MVOI themes); admin-editable."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    name_nl = models.CharField(_("naam"), max_length=100)
    name_en = models.CharField(_("naam (Engels)"), max_length=100, blank=True)
    description_nl = models.TextField(_("toelichting"), blank=True)
    description_en = models.TextField(_("toelichting (Engels)"), blank=True)
    active = models.BooleanField(_("in gebruik"), default=True)
    history = HistoricalRecords(bases=[AmbitionThemeTexts, models.Model])

    class Meta:
        ordering = ["order", "name_nl"]
        verbose_name = _("thema van het ambitieweb")
        verbose_name_plural = _("thema's van het ambitieweb")

    def __str__(self) -> str:
        return self.name


class AmbitionLevelTexts:
    """The texts of AmbitionLevel in the active language (lib/translated.py), shared with its history."""

    name = translated("name")
    definition = translated("definition")


class AmbitionLevel(AmbitionLevelTexts, models.Model):
    """The definition of ambition level 1, 2 or 3; admin-editable."""

    number = models.PositiveSmallIntegerField(_("niveau"), unique=True)
    name_nl = models.CharField(_("naam"), max_length=100)
    name_en = models.CharField(_("naam (Engels)"), max_length=100, blank=True)
    definition_nl = models.TextField(_("definitie"))
    definition_en = models.TextField(_("definitie (Engels)"), blank=True)
    history = HistoricalRecords(bases=[AmbitionLevelTexts, models.Model])

    class Meta:
        ordering = ["number"]
        verbose_name = _("ambitieniveau")
        verbose_name_plural = _("ambitieniveaus")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=LEVEL_MIN, number__lte=LEVEL_MAX), name="ambition_level_1_to_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class AmbitionWeb(models.Model):
    """An ambitieweb: the organisation's generic web (no category) or a category's web."""

    organisation = models.ForeignKey(
        "chefcirculair.Organisation", on_delete=models.CASCADE, related_name="ambition_webs"
    )
    category = models.OneToOneField(
        "chefcirculair.ProductCategory",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ambition_web",
        verbose_name=_("productcategorie"),
    )
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ambitieweb")
        verbose_name_plural = _("ambitiewebs")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(category__isnull=True), name="one_generic_web"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.category or _('generiek')}"


class AmbitionScore(models.Model):
    """One theme of an ambitieweb: the current level and the ambition."""

    web = models.ForeignKey(AmbitionWeb, on_delete=models.CASCADE, related_name="scores")
    theme = models.ForeignKey(AmbitionTheme, on_delete=models.CASCADE, related_name="+", verbose_name=_("thema"))
    current = models.PositiveSmallIntegerField(_("huidig niveau"))
    ambition = models.PositiveSmallIntegerField(_("ambitieniveau"))
    deviation_reason = models.TextField(_("reden voor een lagere ambitie"), blank=True, max_length=2000)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["theme__order"]
        verbose_name = _("score op het ambitieweb")
        verbose_name_plural = _("scores op ambitiewebs")
        constraints = [
            models.UniqueConstraint(fields=["web", "theme"], name="unique_web_theme"),
            models.CheckConstraint(condition=LEVEL_RANGE, name="ambition_score_levels_1_to_3"),
        ]

    def __str__(self) -> str:
        return f"{self.theme}: {self.current} → {self.ambition}"


# --- Impact factors (shared reference data, and per organisation) -------------


class FactorUnit(models.TextChoices):
    PIECE = "stuk", _("stuk")
    KG = "kg", _("kg")
    M2 = "m2", _("m²")
    KM = "km", _("km")
    KWH = "kwh", _("kWh")
    EURO = "euro", _("euro")


class SystemBoundary(models.TextChoices):
    CRADLE_TO_GATE = "cradle_to_gate", _("Van grondstof tot fabriekspoort (cradle-to-gate)")
    CRADLE_TO_GRAVE = "cradle_to_grave", _("Hele levenscyclus (cradle-to-grave)")
    CRADLE_TO_GRAVE_EXCL_USE = (
        "cradle_to_grave_excl_use",
        _("Hele levenscyclus zonder gebruiksfase (cradle-to-grave, zonder gebruik)"),
    )
    WELL_TO_WHEEL = "well_to_wheel", _("Verbranding plus winning en transport van brandstof (well-to-wheel)")
    OPERATIONAL = "operational", _("Alleen directe uitstoot bij opwekking of gebruik")
    OTHER = "other", _("Anders (zie toelichting)")


FACTOR_DIGITS: DecimalDigits = {"max_digits": 18, "decimal_places": 6}
LIFETIME_DIGITS: DecimalDigits = {"max_digits": 5, "decimal_places": 1}
PERCENT_DIGITS: DecimalDigits = {"max_digits": 5, "decimal_places": 1}


class FactorValues(models.Model):
    """What a factor says: shared by the shared factors and an organisation's own ones.

    Unknown values are NULL (shown as "onbekend"), never 0: zero would claim no effect.
    """

    category_nl = models.CharField(
        _("productcategorie"), max_length=100, help_text=_("Bijvoorbeeld: ICT-hardware, Catering.")
    )
    item_nl = models.CharField(_("item"), max_length=200, help_text=_("Bijvoorbeeld: Laptop (14 inch)."))
    unit = models.CharField(_("eenheid"), max_length=10, choices=FactorUnit.choices)
    kg_co2e_per_unit = models.DecimalField(_("kg CO2-equivalent per eenheid"), null=True, blank=True, **FACTOR_DIGITS)
    kg_material_per_unit = models.DecimalField(_("kg materiaal per eenheid"), null=True, blank=True, **FACTOR_DIGITS)
    lifetime_years = models.DecimalField(
        _("levensduur in jaren"),
        null=True,
        blank=True,
        help_text=_("Alleen waar het ertoe doet, bijvoorbeeld bij apparaten en meubilair."),
        **LIFETIME_DIGITS,
    )
    source_name = models.CharField(_("bron"), max_length=200, blank=True)
    source_url = models.CharField(
        _("link of vindplaats van de bron"),
        max_length=500,
        blank=True,
        help_text=_("Een webadres of een pad in een repository."),
    )
    source_year = models.PositiveSmallIntegerField(_("jaar van de bron"), null=True, blank=True)
    licence = models.CharField(_("licentie"), max_length=300, blank=True)
    system_boundary = models.CharField(_("systeemgrens"), max_length=30, choices=SystemBoundary.choices, blank=True)
    system_boundary_note = models.CharField(_("toelichting op de systeemgrens"), max_length=300, blank=True)
    uncertainty_low = models.DecimalField(
        _("onzekerheid: laagste waarde (kg CO2e per eenheid)"), null=True, blank=True, **FACTOR_DIGITS
    )
    uncertainty_high = models.DecimalField(
        _("onzekerheid: hoogste waarde (kg CO2e per eenheid)"), null=True, blank=True, **FACTOR_DIGITS
    )
    uncertainty_percent = models.DecimalField(
        _("onzekerheid in procenten (plus of min)"), null=True, blank=True, **PERCENT_DIGITS
    )
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.item_nl} ({self.get_unit_display()})"

    @property
    def is_spend_based(self) -> bool:
        """A factor per euro: the rough fallback when only an amount is known ("grove schatting")."""
        return self.unit == FactorUnit.EURO

    @property
    def has_uncertainty(self) -> bool:
        return self.uncertainty_percent is not None or (
            self.uncertainty_low is not None and self.uncertainty_high is not None
        )

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        low, high = self.uncertainty_low, self.uncertainty_high
        if (low is None) != (high is None):
            raise ValidationError(
                {
                    "uncertainty_high" if high is None else "uncertainty_low": _(
                        "Vul beide grenzen van de bandbreedte in."
                    )
                }
            )
        if low is not None and high is not None and low > high:
            raise ValidationError({"uncertainty_high": _("De hoogste waarde is kleiner dan de laagste.")})


class ImpactFactorQuerySet(models.QuerySet["ImpactFactor"]):
    def effective_for(self, organisation) -> list:
        """The factors that count in ``organisation``: its own ones, and every shared one it did not override.

        Two queries, whatever the number of factors. The items are ImpactFactor
        or OrganisationImpactFactor objects, ordered by category and item.
        """
        own = list(OrganisationImpactFactor.objects.for_organisation(organisation).select_related("overrides"))
        overridden = {f.overrides_id for f in own if f.overrides_id}
        shared = [f for f in self if f.pk not in overridden]
        return sorted([*shared, *own], key=lambda f: (f.category_nl.lower(), f.item_nl.lower()))


class ImpactFactor(FactorValues):
    """A shared impact factor (reference data, loaded by ``load_impact_factors``, edited in the admin)."""

    key = models.SlugField(_("sleutel"), max_length=100, unique=True)
    history = HistoricalRecords()

    objects = ImpactFactorQuerySet.as_manager()

    class Meta:
        ordering = ["category_nl", "item_nl"]
        verbose_name = _("impactfactor")
        verbose_name_plural = _("impactfactoren")

    is_own = False


class OrganisationImpactFactor(FactorValues):
    """A factor of one organisation: its own estimate, or an override of a shared factor (which then wins)."""

    organisation = models.ForeignKey(
        "chefcirculair.Organisation",
        on_delete=models.CASCADE,
        related_name="impact_factors",
        verbose_name=_("organisatie"),
    )
    overrides = models.ForeignKey(
        ImpactFactor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="overrides",
        verbose_name=_("vervangt de gedeelde factor"),
    )
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["category_nl", "item_nl"]
        verbose_name = _("eigen impactfactor")
        verbose_name_plural = _("eigen impactfactoren")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "overrides"],
                condition=models.Q(overrides__isnull=False),
                name="one_override_per_factor_per_organisation",
            )
        ]

    is_own = True


# --- Factor lines: a quantity times an impact factor, with a snapshot of its values -------


# The factor values a line copies when its factor is chosen (names as on FactorValues).
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
PRICE_DIGITS: DecimalDigits = {"max_digits": 16, "decimal_places": 4}


class FactorLine(models.Model):
    """A quantity times an impact factor, keeping the factor's values as they were when chosen.

    The one idea behind a line of the nulmeting (``BaselineLine``, per year) and a
    line of a trajectory's reference, plan or realisation (``procurement.ImpactLine``,
    over the contract term). The concrete model declares ``quantity`` (its label names
    the period). A line keeps a snapshot of its factor's values (like answers keep
    their question text): a later edit of the factor never changes it;
    ``take_snapshot`` copies them again on purpose ("herberekenen met de huidige
    factoren"). The arithmetic is in ``rladder.factor_lines``.
    """

    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    description = models.CharField(
        _("omschrijving"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: laptops voor alle medewerkers.")
    )
    quantity_unit = models.CharField(_("eenheid van de hoeveelheid"), max_length=10, choices=FactorUnit.choices)
    unit_weight_kg = models.DecimalField(
        _("gewicht per stuk (kg)"),
        null=True,
        blank=True,
        help_text=_("Nodig als de factor per kg is en je stuks telt."),
        **FACTOR_DIGITS,
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

    class Meta:
        abstract = True

    @property
    def has_factor(self) -> bool:
        """Whether the line carries factor values (a snapshot); a line without one counts as "zonder factor"."""
        return bool(self.unit)

    @property
    def is_spend_based(self) -> bool:
        """Calculated with a factor per euro: a rough estimate ("grove schatting")."""
        return self.unit == FactorUnit.EURO

    @property
    def figures(self):
        """kg material, kg CO2e (with its range) and euros of the line (``factor_lines.LineFigures``)."""
        from .factor_lines import line_figures

        return line_figures(self)

    def links(self, factor) -> bool:
        """Whether the line links exactly ``factor`` (shared or own; no query)."""
        if factor.is_own:
            return self.own_factor_id == factor.pk
        return self.shared_factor_id == factor.pk and not self.own_factor_id

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

    def is_stale(self, factor) -> bool:
        """Whether ``factor``, the one the line's link counts as now (``factor_lines.current_factor``), is another
        factor (an override added since) or has other values than the snapshot; never for no factor."""
        if factor is None:
            return False
        return not self.links(factor) or any(getattr(factor, name) != getattr(self, name) for name in SNAPSHOT_FIELDS)


# --- Nulmeting in volumes: a category's yearly quantities times impact factors -------


class BaselineLineQuerySet(OrganisationScopedQuerySet):
    pass


class BaselineLine(FactorLine):
    """One line of a category's nulmeting: a yearly quantity of an item, times its impact factor."""

    strategy = models.ForeignKey(
        ProductStrategy, on_delete=models.CASCADE, related_name="baseline_lines", verbose_name=_("productstrategie")
    )
    quantity = models.DecimalField(_("hoeveelheid per jaar"), **QUANTITY_DIGITS)
    # Four decimals, as the column has had since the nulmeting in volumes came (a trajectory's line has six).
    unit_weight_kg = models.DecimalField(_("gewicht per stuk (kg)"), null=True, blank=True, **QUANTITY_DIGITS)
    history = HistoricalRecords()

    objects = BaselineLineQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("regel van de nulmeting")
        verbose_name_plural = _("regels van de nulmeting")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="baseline_quantity_not_negative"),
            models.CheckConstraint(
                condition=models.Q(unit_weight_kg__isnull=True) | models.Q(unit_weight_kg__gte=0),
                name="baseline_unit_weight_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.description or self.item_nl or str(_("regel zonder factor"))
