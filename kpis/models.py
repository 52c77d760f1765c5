"""KPIs with yearly targets worked back from a goal, measurements and annual reports."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chefcirculair.models import Department, Organisation, ProductCategory
from chefcirculair.scoping import OrganisationScopedQuerySet
from procurement.models import Trajectory
from rladder.models import RStrategy

from . import targets as rules

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class KpiQuerySet(OrganisationScopedQuerySet):
    def organisation_wide(self):
        """KPIs of the organisation's programme (not the contract KPIs of one trajectory)."""
        return self.exclude(scope=Kpi.Scope.CONTRACT)

    def contract(self):
        return self.filter(scope=Kpi.Scope.CONTRACT)


class Kpi(models.Model):
    class Scope(models.TextChoices):
        ORGANISATIE = "organisatie", _("Hele organisatie")
        AFDELING = "afdeling", _("Afdeling")
        CATEGORIE = "categorie", _("Productcategorie")
        CONTRACT = "contract", _("Contract van een inkooptraject")

    class Direction(models.TextChoices):
        LOWER = rules.LOWER, _("Lager is beter")
        HIGHER = rules.HIGHER, _("Hoger is beter")

    class Rule(models.TextChoices):
        LINEAR = rules.LINEAR, _("Lineair: elk jaar dezelfde stap")
        PERCENTAGE = rules.PERCENTAGE, _("Vast percentage per jaar")

    class Aggregation(models.TextChoices):
        SUM = "som", _("Optellen (bijvoorbeeld kilogrammen, aantallen)")
        MEAN = "gemiddelde", _("Gemiddelde (bijvoorbeeld percentages)")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("organisatie")
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True, max_length=2000)
    unit = models.CharField(_("eenheid"), max_length=50, help_text=_("Bijvoorbeeld: kg, %, aantal, gebruikers per dag"))
    strategy = models.ForeignKey(
        RStrategy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kpis",
        verbose_name=_("R-strategie"),
        help_text=_("Leeg voor een uniforme KPI die voor alle R-strategieën geldt."),
    )
    scope = models.CharField(_("bereik"), max_length=20, choices=Scope.choices, default=Scope.ORGANISATIE)
    department = models.ForeignKey(
        Department, on_delete=models.RESTRICT, null=True, blank=True, related_name="kpis", verbose_name=_("afdeling")
    )
    category = models.ForeignKey(
        ProductCategory,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="kpis",
        verbose_name=_("productcategorie"),
    )
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, null=True, blank=True, related_name="kpis", verbose_name=_("traject")
    )
    direction = models.CharField(_("richting"), max_length=10, choices=Direction.choices, default=Direction.LOWER)
    baseline_value = models.DecimalField(_("basiswaarde"), max_digits=16, decimal_places=4)
    baseline_year = models.PositiveSmallIntegerField(_("basisjaar"), validators=YEAR_VALIDATORS)
    goal_value = models.DecimalField(_("doelwaarde"), max_digits=16, decimal_places=4)
    goal_year = models.PositiveSmallIntegerField(_("doeljaar"), validators=YEAR_VALIDATORS)
    rule = models.CharField(_("aanscherping per jaar"), max_length=20, choices=Rule.choices, default=Rule.LINEAR)
    margin_pct = models.DecimalField(
        _("marge (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "De doelband: hoeveel procent een meting slechter dan het doel mag zijn en toch binnen marge valt."
        ),
    )
    aggregation = models.CharField(
        _("metingen samenvoegen door"), max_length=20, choices=Aggregation.choices, default=Aggregation.SUM
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    objects = KpiQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPI's")
        constraints = [
            models.UniqueConstraint(
                "organisation", Coalesce("trajectory", models.Value(0)), "name", name="unique_kpi_name"
            ),
            models.CheckConstraint(
                condition=models.Q(goal_year__gt=models.F("baseline_year")), name="kpi_goal_after_baseline"
            ),
            models.CheckConstraint(
                condition=~models.Q(scope="contract") | models.Q(trajectory__isnull=False),
                name="kpi_contract_has_trajectory",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("kpis:kpi_detail", args=[self.pk])

    @property
    def is_contract(self) -> bool:
        return self.scope == self.Scope.CONTRACT

    @property
    def years(self) -> range:
        return range(self.baseline_year, self.goal_year + 1)

    def scope_label(self) -> str:
        target = {
            self.Scope.AFDELING: self.department,
            self.Scope.CATEGORIE: self.category,
            self.Scope.CONTRACT: self.trajectory,
        }.get(self.scope)
        return f"{self.get_scope_display()}: {target}" if target else str(self.get_scope_display())

    def contract_year(self, year: int) -> int:
        """Contract year 1 is the baseline year of a contract KPI."""
        return year - self.baseline_year + 1

    def targets(self, overrides: dict[int, Decimal] | None = None) -> list[rules.Target]:
        """The yearly targets; pass ``overrides`` to avoid a query when they were prefetched."""
        if overrides is None:
            overrides = {o.year: o.value for o in self.overrides.all()}
        return rules.compute_targets(
            self.baseline_value, self.baseline_year, self.goal_value, self.goal_year, self.rule, overrides
        )

    def yearly_change(self) -> Decimal:
        return rules.yearly_change(self.baseline_value, self.goal_value, self.goal_year - self.baseline_year, self.rule)

    def aggregate(self, values: list[Decimal]) -> Decimal:
        total = sum(values, Decimal(0))
        if self.aggregation == self.Aggregation.MEAN:
            return (total / len(values)).quantize(rules.QUANTUM)
        return total

    def realised(self, measurements, year: int, department_id: int | None = None) -> Decimal | None:
        """The realised value of a year from (prefetched) measurements.

        A whole-year figure wins over quarters; an organisation-wide figure wins
        over per-department or per-category figures, which are otherwise
        combined by the KPI's aggregation (sum or mean). With ``department_id``
        only that department's figures count.
        """
        rows = [m for m in measurements if m.year == year]
        if department_id is not None:
            rows = [m for m in rows if m.department_id == department_id]
        if not rows:
            return None
        whole_year = [m for m in rows if m.quarter == 0]
        rows = whole_year or rows
        if department_id is None:
            overall = [m for m in rows if m.department_id is None and m.category_id is None]
            rows = overall or rows
        if not whole_year:
            # Quarters: combine per scope first, then across scopes.
            by_scope: dict[tuple, list[Decimal]] = {}
            for m in rows:
                by_scope.setdefault((m.department_id, m.category_id), []).append(m.value)
            return self.aggregate([self.aggregate(values) for values in by_scope.values()])
        return self.aggregate([m.value for m in rows])


class TargetOverride(models.Model):
    """A yearly target set by hand instead of the computed one."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("KPI"))
    year = models.PositiveSmallIntegerField(_("jaar"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("doel"), max_digits=16, decimal_places=4)
    reason = models.CharField(_("reden"), max_length=500, blank=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["year"]
        verbose_name = _("aangepast jaardoel")
        verbose_name_plural = _("aangepaste jaardoelen")
        constraints = [models.UniqueConstraint(fields=["kpi", "year"], name="unique_target_override")]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.year} = {self.value}"


class Measurement(models.Model):
    """A realised value of a KPI in one period (year or quarter), optionally per department and category."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("KPI"))
    year = models.PositiveSmallIntegerField(_("jaar"), validators=YEAR_VALIDATORS)
    quarter = models.PositiveSmallIntegerField(
        _("kwartaal"),
        default=0,
        choices=[(0, _("Heel jaar")), (1, "K1"), (2, "K2"), (3, "K3"), (4, "K4")],
        validators=[MaxValueValidator(4)],
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name=_("afdeling"),
    )
    category = models.ForeignKey(
        ProductCategory,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name=_("productcategorie"),
    )
    value = models.DecimalField(_("waarde"), max_digits=16, decimal_places=4)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    note = models.TextField(_("toelichting"), blank=True, max_length=2000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingevoerd door"),
    )
    entered_at = models.DateTimeField(_("ingevoerd op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["year", "quarter", "pk"]
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        constraints = [
            # NULL department/category count as one scope ("hele organisatie"), on SQLite and PostgreSQL.
            models.UniqueConstraint(
                "kpi",
                "year",
                "quarter",
                Coalesce("department", models.Value(0)),
                Coalesce("category", models.Value(0)),
                name="unique_measurement_per_period_and_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.period_label} = {self.value}"

    @property
    def entered_by_name(self) -> str:
        user = self.entered_by
        return (user.get_full_name() or user.username) if user else "–"

    @property
    def period_label(self) -> str:
        return f"{self.year} K{self.quarter}" if self.quarter else str(self.year)


class AnnualReport(models.Model):
    """A jaarverslag for one year, generated by a background task."""

    class Status(models.TextChoices):
        WACHTRIJ = "wachtrij", _("In de wachtrij")
        BEZIG = "bezig", _("Wordt gemaakt")
        KLAAR = "klaar", _("Klaar")
        MISLUKT = "mislukt", _("Mislukt")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="annual_reports", verbose_name=_("organisatie")
    )
    year = models.PositiveSmallIntegerField(_("jaar"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WACHTRIJ)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    task_id = models.CharField(_("taak"), max_length=64, blank=True)
    html = models.TextField(_("inhoud (HTML)"), blank=True)
    pdf = models.BinaryField(_("PDF"), blank=True, default=b"")
    error = models.TextField(_("foutmelding"), blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("jaarverslag")
        verbose_name_plural = _("jaarverslagen")

    def __str__(self) -> str:
        return f"{self.organisation} – {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("kpis:report_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.KLAAR, self.Status.MISLUKT}
