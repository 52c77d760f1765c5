"""Phase guidance and procurement trajectories."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chefcirculair.models import Department, Organisation, ProductCategory
from chefcirculair.scoping import OrganisationScopedQuerySet
from rladder.models import RStrategy

# --- Phase guidance (organisation-independent, admin-editable) -------------


class Phase(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    goal = models.TextField(_("doel"))
    stakeholders = models.TextField(_("betrokkenen"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("fase")
        verbose_name_plural = _("fasen")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("procurement:phase_guidance", args=[self.slug])


class PhaseItem(models.Model):
    """Common fields of the ordered content items of a phase."""

    key = models.SlugField(_("sleutel"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        abstract = True
        ordering = ["phase__order", "order"]


class AttentionPoint(PhaseItem):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="attention_points", verbose_name=_("fase"))
    text = models.TextField(_("tekst"))
    url = models.URLField(_("link"), blank=True)
    url_title = models.CharField(_("linktekst"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta(PhaseItem.Meta):
        verbose_name = _("aandachtspunt")
        verbose_name_plural = _("aandachtspunten")

    def __str__(self) -> str:
        return self.text[:80]


class ToolLink(PhaseItem):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="tools", verbose_name=_("fase"))
    title = models.CharField(_("titel"), max_length=300)
    url = models.URLField(_("link"), blank=True, help_text=_("Leeg laten als het adres nog niet bekend is."))
    history = HistoricalRecords()

    class Meta(PhaseItem.Meta):
        verbose_name = _("tool")
        verbose_name_plural = _("tools")

    def __str__(self) -> str:
        return self.title


class GuidingQuestionQuerySet(models.QuerySet):
    def generic(self):
        return self.filter(kind=GuidingQuestion.Kind.GENERIEK)

    def highest(self):
        return self.filter(kind=GuidingQuestion.Kind.HOOGSTE_R)


class GuidingQuestion(PhaseItem):
    class Kind(models.TextChoices):
        GENERIEK = "generiek", _("Hulpvraag generiek")
        HOOGSTE_R = "hoogste_r", _("Hulpvraag hoogste R-strategieën")

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="questions", verbose_name=_("fase"))
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("vraag"))
    strategies = models.ManyToManyField(
        RStrategy, blank=True, related_name="questions", verbose_name=_("R-strategieën")
    )
    history = HistoricalRecords(m2m_fields=[strategies])

    objects = GuidingQuestionQuerySet.as_manager()

    class Meta(PhaseItem.Meta):
        ordering = ["phase__order", "kind", "order"]
        verbose_name = _("hulpvraag")
        verbose_name_plural = _("hulpvragen")

    def __str__(self) -> str:
        return self.text[:80]


class Tip(PhaseItem):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="tips", verbose_name=_("fase"))
    text = models.TextField(_("tip"))
    history = HistoricalRecords()

    class Meta(PhaseItem.Meta):
        verbose_name = _("tip")
        verbose_name_plural = _("tips")

    def __str__(self) -> str:
        return self.text[:80]


class Inspiration(PhaseItem):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="inspirations", verbose_name=_("fase"))
    text = models.TextField(_("tekst"))
    url = models.URLField(_("link"), blank=True)
    history = HistoricalRecords()

    class Meta(PhaseItem.Meta):
        verbose_name = _("inspiratie / praktijkvoorbeeld")
        verbose_name_plural = _("inspiratie / praktijkvoorbeelden")

    def __str__(self) -> str:
        return self.text[:80]


# --- Trajectories (organisation-owned) -------------------------------------


class TrajectoryQuerySet(OrganisationScopedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Trajectory(models.Model):
    """An inkooptraject: one procurement walked through the six phases."""

    class Status(models.TextChoices):
        LOPEND = "lopend", _("Lopend")
        AFGEROND = "afgerond", _("Afgerond")
        VOORKOMEN = "voorkomen", _("Inkoop voorkomen")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="trajectories", verbose_name=_("organisatie")
    )
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    description = models.TextField(_("omschrijving van de behoefte"))
    category = models.ForeignKey(
        ProductCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("productcategorie"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("afdeling"),
    )
    estimated_value = models.DecimalField(
        _("geschatte contractwaarde (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    contract_start = models.DateField(_("verwachte start contract"), null=True, blank=True)
    contract_end = models.DateField(_("verwachte einde contract"), null=True, blank=True)
    ambition = models.ForeignKey(
        RStrategy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ambitie (R-strategie)"),
    )
    chosen_strategy = models.ForeignKey(
        RStrategy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gekozen R-strategie"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.LOPEND)
    avoided_spend = models.DecimalField(
        _("vermeden uitgaven (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    archived_at = models.DateTimeField(_("gearchiveerd op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatste activiteit"), auto_now=True)
    history = HistoricalRecords()

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("inkooptraject")
        verbose_name_plural = _("inkooptrajecten")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_trajectory_slug"),
            models.CheckConstraint(
                condition=models.Q(contract_end__isnull=True)
                | models.Q(contract_start__isnull=True)
                | models.Q(contract_end__gte=models.F("contract_start")),
                name="trajectory_contract_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_value__isnull=True) | models.Q(estimated_value__gte=0),
                name="trajectory_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TrajectoryMember(models.Model):
    class TeamRole(models.TextChoices):
        INTERNE_OPDRACHTGEVER = "interne_opdrachtgever", _("Interne opdrachtgever")
        INKOPER = "inkoper", _("Inkoper")
        CONTRACTMANAGER = "contractmanager", _("Contractmanager")
        CHEF_CIRCULAIR = "chef_circulair", _("Chef circulair")
        OTHER = "anders", _("Anders")

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="team", verbose_name=_("traject"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trajectory_roles", verbose_name=_("persoon")
    )
    role = models.CharField(_("rol in het traject"), max_length=30, choices=TeamRole.choices)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["role"]
        verbose_name = _("teamlid")
        verbose_name_plural = _("teamleden")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "user"], name="unique_team_member"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class GrowthStep(models.Model):
    """Groeimodel: the R-strategy the team plans for a contract year."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="growth_steps", verbose_name=_("traject")
    )
    year = models.PositiveSmallIntegerField(_("contractjaar"))
    strategy = models.ForeignKey(RStrategy, on_delete=models.PROTECT, related_name="+", verbose_name=_("R-strategie"))
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["year"]
        verbose_name = _("stap in het groeimodel")
        verbose_name_plural = _("groeimodel")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "year"], name="unique_growth_year"),
            models.CheckConstraint(condition=models.Q(year__gte=1), name="growth_year_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.strategy.code}"


class PhaseRecord(models.Model):
    """The state of one phase within one trajectory."""

    class Status(models.TextChoices):
        NIET_GESTART = "niet_gestart", _("Niet gestart")
        BEZIG = "bezig", _("Bezig")
        AFGEROND = "afgerond", _("Afgerond")
        NIET_VAN_TOEPASSING = "niet_van_toepassing", _("Niet van toepassing")

    class ReviewStatus(models.TextChoices):
        NONE = "", _("Niet aangeboden")
        TER_BEOORDELING = "ter_beoordeling", _("Ter beoordeling")
        GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
        WIJZIGINGEN_GEVRAAGD = "wijzigingen_gevraagd", _("Wijzigingen gevraagd")

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="phases", verbose_name=_("traject")
    )
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="records", verbose_name=_("fase"))
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.NIET_GESTART)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_status = models.CharField(
        _("beoordeling"), max_length=30, choices=ReviewStatus.choices, default=ReviewStatus.NONE, blank=True
    )
    offered_at = models.DateTimeField(_("aangeboden op"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    self_approved = models.BooleanField(
        _("goedgekeurd door iemand die zelf antwoorden gaf"),
        default=False,
        help_text=_("Alleen toegestaan als er geen andere beoordelaar in de organisatie is."),
    )
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["phase__order"]
        verbose_name = _("fase van een traject")
        verbose_name_plural = _("fasen van trajecten")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "phase"], name="unique_phase_record"),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory} – {self.phase.title}"


class Answer(models.Model):
    """The team's answer to one guiding question, with the question as it was asked."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        BEANTWOORD = "beantwoord", _("Beantwoord")
        NIET_VAN_TOEPASSING = "niet_van_toepassing", _("Niet van toepassing")

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="answers", verbose_name=_("traject")
    )
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+", verbose_name=_("fase"))
    question = models.ForeignKey(
        GuidingQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("hulpvraag"),
    )
    # Snapshot of the question when first answered: guidance edits never rewrite a dossier.
    question_text = models.TextField(_("vraag zoals gesteld"))
    question_kind = models.CharField(_("soort vraag"), max_length=10, choices=GuidingQuestion.Kind.choices)
    question_strategies = models.CharField(_("R-strategieën van de vraag"), max_length=50, blank=True)
    question_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text = models.TextField(_("antwoord"), blank=True, max_length=10_000)
    state = models.CharField(_("stand"), max_length=30, choices=State.choices, default=State.OPEN)
    na_reason = models.CharField(_("reden niet van toepassing"), max_length=1000, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["phase__order", "question_kind", "question_order", "pk"]
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "question"], name="unique_answer_per_question"),
        ]

    def __str__(self) -> str:
        return self.question_text[:80]


class AttentionCheck(models.Model):
    """An aandachtspunt ticked off (or not) by the team, with an optional note."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="attention_checks", verbose_name=_("traject")
    )
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+", verbose_name=_("fase"))
    point = models.ForeignKey(AttentionPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="checks")
    point_text = models.TextField(_("aandachtspunt zoals getoond"))
    point_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    checked = models.BooleanField(_("afgevinkt"), default=False)
    note = models.TextField(_("notitie"), blank=True, max_length=5000)
    version = models.PositiveIntegerField(_("versie"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["phase__order", "point_order", "pk"]
        verbose_name = _("afgevinkt aandachtspunt")
        verbose_name_plural = _("afgevinkte aandachtspunten")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "point"], name="unique_check_per_point"),
        ]

    def __str__(self) -> str:
        return self.point_text[:80]


class RDecision(models.Model):
    """One recording of the R-decision; revisions are new rows, the newest counts."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="r_decisions", verbose_name=_("traject")
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


class RDecisionStep(models.Model):
    """One rung of the ladder as weighed in an R-decision (R0, R1, R2)."""

    class Feasible(models.TextChoices):
        JA = "ja", _("Ja")
        DEELS = "deels", _("Deels")
        NEE = "nee", _("Nee")

    decision = models.ForeignKey(RDecision, on_delete=models.CASCADE, related_name="steps")
    strategy = models.ForeignKey(RStrategy, on_delete=models.PROTECT, related_name="+", verbose_name=_("R-strategie"))
    considered = models.BooleanField(_("overwogen"), default=True)
    feasible = models.CharField(_("haalbaar"), max_length=10, choices=Feasible.choices)
    rationale = models.TextField(_("onderbouwing"), max_length=5000)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["strategy__number"]
        verbose_name = _("trede van het R-besluit")
        verbose_name_plural = _("treden van het R-besluit")
        constraints = [
            models.UniqueConstraint(fields=["decision", "strategy"], name="unique_decision_step"),
        ]

    def __str__(self) -> str:
        return f"{self.strategy.code}: {self.get_feasible_display()}"
