"""KPIs with yearly targets worked back from a goal, measurements and annual reports."""

from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.stored_files import StoredDocument
from organisations.models import Department, Membership, Organisation, ProductCategory
from organisations.scoping import OrganisationScopedQuerySet
from procurement.models import Trajectory, VersionedEdit
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
    # Set by the access helper that fetched it for a request: the viewer's membership.
    viewer_membership: Membership

    class Scope(models.TextChoices):
        ORGANISATION = "organisatie", _("Hele organisatie")
        DEPARTMENT = "afdeling", _("Afdeling")
        CATEGORY = "categorie", _("Productcategorie")
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

    class Source(models.TextChoices):
        MEASUREMENTS = "metingen", _("Metingen: ingevoerd of geïmporteerd")
        TRAJECTORIES = "trajecten", _("Berekend uit trajecten: het effect van de circulaire keuzes")

    class EffectMeasure(models.TextChoices):
        KG_MATERIAL = "kg_material", _("kg materiaal vermeden per jaar")
        KG_CO2E = "kg_co2e", _("kg CO2-equivalent vermeden per jaar")
        EUR = "eur", _("euro's vermeden per jaar")

    class EffectBasis(models.TextChoices):
        PLANNED = "planned", _("Gepland (referentie min plan)")
        REALISED = "realised", _("Gerealiseerd (referentie min wat is gerealiseerd)")

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
    scope = models.CharField(_("bereik"), max_length=20, choices=Scope.choices, default=Scope.ORGANISATION)
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
    source = models.CharField(
        _("bron van de cijfers"), max_length=20, choices=Source.choices, default=Source.MEASUREMENTS
    )
    effect_measure = models.CharField(_("berekend cijfer"), max_length=20, choices=EffectMeasure.choices, blank=True)
    effect_basis = models.CharField(
        _("gepland of gerealiseerd"), max_length=20, choices=EffectBasis.choices, default=EffectBasis.REALISED
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
            models.CheckConstraint(
                condition=~models.Q(source="trajecten") | ~models.Q(effect_measure=""),
                name="kpi_from_trajectories_has_measure",
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
    def from_trajectories(self) -> bool:
        """Its values are calculated from the trajectories' effects, not measured ("bron: berekend uit trajecten")."""
        return self.source == self.Source.TRAJECTORIES

    @property
    def years(self) -> range:
        return range(self.baseline_year, self.goal_year + 1)

    def scope_label(self) -> str:
        targets: dict[str, models.Model | None] = {
            self.Scope.DEPARTMENT: self.department,
            self.Scope.CATEGORY: self.category,
            self.Scope.CONTRACT: self.trajectory,
        }
        target = targets.get(self.scope)
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

    def realised(self, year: int, department_id: int | None = None) -> Decimal | None:
        """The realised value of a year (one query; see MeasurementQuerySet.realised for the rules)."""
        return Measurement.objects.realised([self], department_id).values[self.pk].get(year)


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


class Realised(NamedTuple):
    """What MeasurementQuerySet.realised returns, per KPI id."""

    values: dict[int, dict[int, Decimal]]  # KPI id → year → realised value (years without figures left out)
    notes: dict[int, list[str]]  # KPI id → the distinct notes of ``notes_year``, in period order


# Up to this many KPIs the grouped query selects them by id; more (a dashboard) take the whole organisation.
REALISED_BY_ID_LIMIT = 20


class MeasurementQuerySet(OrganisationScopedQuerySet):
    def realised(self, kpis, department_id: int | None = None, *, notes_year: int | None = None) -> Realised:
        """The realised value per year of each of these KPIs (of one organisation), in one grouped query.

        The one place that decides what a KPI realised (the KPI, its page,
        the dashboard, the annual report and the export all ask here):

        - a whole-year figure wins over quarters;
        - an organisation-wide figure wins over per-department or
          per-category figures, which are otherwise combined by the KPI's
          aggregation (sum or mean); quarters are combined per scope first,
          then across scopes;
        - with ``department_id`` only that department's figures count, except
          for department KPIs (their own measurements belong to their department).

        The database sums per KPI, year and scope, so Python sees one row per
        group instead of every measurement, and the query is the same for 3
        KPIs or 300. With ``notes_year`` the distinct notes of that year's
        counted measurements come along (one more grouping column). The query
        selects by the KPIs' organisation (and by their ids when there are
        few), whatever this queryset was filtered on.
        """
        kpi_by_id = {k.pk: k for k in kpis}
        if not kpi_by_id:
            return Realised({}, {})
        calculated = [k for k in kpi_by_id.values() if k.source == Kpi.Source.TRAJECTORIES]
        if calculated:
            # Fed from the trajectories' stored effects (one query), never from measurements.
            measured = self.realised(
                [k for k in kpi_by_id.values() if k not in calculated], department_id, notes_year=notes_year
            )
            from .effects import effect_rows, kpi_values

            rows = effect_rows(calculated[0].organisation_id)
            values, notes = dict(measured.values), dict(measured.notes)
            for kpi in calculated:
                values[kpi.pk] = kpi_values(kpi, rows, department_id)
                notes[kpi.pk] = []
            return Realised(values, notes)
        organisation_ids = {k.organisation_id for k in kpi_by_id.values()}
        if len(organisation_ids) != 1:
            raise ValueError("realised() takes the KPIs of one organisation")
        groups = _realised_groups(self.db, organisation_ids.pop(), kpi_by_id, department_id, notes_year)
        # (kpi, year) → scope → [whole, overall, total, count]; a scope split by its notes is merged again.
        per_kpi_year: dict[tuple[int, int], dict[tuple, list]] = {}
        noted: dict[int, list[tuple[int, int, str]]] = {}
        for row in groups:
            kpi_id, year, total, count = row["kpi_id"], row["year"], row["total"], row["count"]
            if kpi_id not in kpi_by_id:
                continue
            key = (row["whole_year"], row["organisation_wide"], row["scope_department"], row["scope_category"])
            group = per_kpi_year.setdefault((kpi_id, year), {}).get(key)
            if group is None:
                per_kpi_year[kpi_id, year][key] = [key[0], key[1], total, count]
            else:
                group[2] += total
                group[3] += count
            if row["year_note"]:
                noted.setdefault(kpi_id, []).append((row["first_quarter"], row["first_pk"], row["year_note"]))
        realised: dict[int, dict[int, Decimal]] = {pk: {} for pk in kpi_by_id}
        for (kpi_id, year), scopes in sorted(per_kpi_year.items()):
            kpi = kpi_by_id[kpi_id]
            organisation_wide = department_id is None or kpi.scope == Kpi.Scope.DEPARTMENT
            realised[kpi_id][year] = _combine(kpi, list(scopes.values()), organisation_wide)
        notes = {pk: list(dict.fromkeys(note for _q, _pk, note in sorted(noted.get(pk, ())))) for pk in kpi_by_id}
        return Realised(realised, notes)


def _realised_groups(alias: str, organisation_id: int, kpi_by_id: dict, department_id, notes_year):
    """The counted measurements summed per KPI, year and scope: the rows ``_combine`` decides from.

    A scope is "the whole year" (every whole-year figure) or one department and
    category's quarters; ``organisation_wide`` marks figures for the whole
    organisation. With ``notes_year`` the rows of that year are split by note.
    """
    counted = Measurement.objects.unscoped().using(alias).filter(kpi__organisation_id=organisation_id)
    if len(kpi_by_id) <= REALISED_BY_ID_LIMIT:
        counted = counted.filter(kpi_id__in=sorted(kpi_by_id))
    if department_id is not None:
        # That department's figures only; a department KPI's own figures are its department's.
        counted = counted.filter(models.Q(department_id=department_id) | models.Q(kpi__scope=Kpi.Scope.DEPARTMENT))
    whole_year = models.Q(quarter=0)
    text = models.TextField()
    note: models.Expression
    if notes_year is None:
        note = models.Value("", output_field=text)
    else:
        note = models.Case(models.When(year=notes_year, then="note"), default=models.Value(""), output_field=text)
    return (
        counted.order_by()
        .values(
            "kpi_id",
            "year",
            whole_year=models.ExpressionWrapper(whole_year, output_field=models.BooleanField()),
            organisation_wide=models.ExpressionWrapper(
                models.Q(department__isnull=True, category__isnull=True), output_field=models.BooleanField()
            ),
            scope_department=models.Case(
                models.When(whole_year, then=None), default="department_id", output_field=models.IntegerField()
            ),
            scope_category=models.Case(
                models.When(whole_year, then=None), default="category_id", output_field=models.IntegerField()
            ),
            year_note=note,
        )
        .annotate(
            total=models.Sum("value"),
            count=models.Count("pk"),
            first_quarter=models.Min("quarter"),
            first_pk=models.Min("pk"),
        )
    )


def _combine(kpi: Kpi, groups: list[list], organisation_wide: bool) -> Decimal:
    """One year's realised value from its [whole, overall, total, count] groups (see MeasurementQuerySet.realised).

    The value has a measurement's four decimals (a mean is rounded to them).
    """
    mean = kpi.aggregation == Kpi.Aggregation.MEAN
    whole_year = [g for g in groups if g[0]]
    counted = whole_year or groups
    if organisation_wide:
        counted = [g for g in counted if g[1]] or counted
    if whole_year:
        # Whole-year figures: their sum, or the mean of every one of them.
        total = sum((g[2] for g in counted), Decimal(0))
        value = total / sum(g[3] for g in counted) if mean else total
    else:
        # Quarters: combined within each scope first, then across the scopes.
        value = kpi.aggregate([(g[2] / g[3]).quantize(rules.QUANTUM) if mean else g[2] for g in counted])
    return value.quantize(rules.QUANTUM)


class Measurement(VersionedEdit, models.Model):
    """A realised value of a KPI in one period (year or quarter), optionally per department and category.

    The grid edits it like an answer: :class:`VersionedEdit` refuses a save based on a stale version.
    """

    EDIT_FIELDS = ("value", "source", "note")
    INITIAL = {"value": None, "source": "", "note": ""}
    EDITED_BY = "entered_by"
    EDITED_AT = "entered_at"

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

    objects = MeasurementQuerySet.as_manager()

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

    def edit_scope(self) -> dict:
        return {"kpi_id": self.kpi_id}

    @property
    def entered_by_name(self) -> str:
        user = self.entered_by
        return (user.get_full_name() or user.username) if user else "–"

    @property
    def period_label(self) -> str:
        return f"{self.year} K{self.quarter}" if self.quarter else str(self.year)


class AnnualReport(StoredDocument):
    """A jaarverslag for one year, made by a background task: its HTML shown on the page, its PDF stored.

    Written in the ``language`` of who asked for it (Dutch unless they chose English).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="annual_reports", verbose_name=_("organisatie")
    )
    year = models.PositiveSmallIntegerField(_("jaar"), validators=YEAR_VALIDATORS)
    html = models.TextField(_("inhoud (HTML)"), blank=True)
    language = models.CharField(_("taal"), max_length=10, choices=settings.LANGUAGES, default="nl")

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("jaarverslag")
        verbose_name_plural = _("jaarverslagen")

    def __str__(self) -> str:
        return f"{self.organisation} – {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("kpis:report_detail", args=[self.pk])
