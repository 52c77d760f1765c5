"""Phase guidance and procurement trajectories."""

import functools
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from chefcirculair.models import Department, Organisation, ProductCategory
from chefcirculair.scoping import OrganisationScopedQuerySet, unscoped_access
from rladder.models import RStrategy

from .review import PhaseReviewMixin

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


class EditConflict(Exception):
    """A save based on a version someone else has changed since: nothing was written."""

    def __init__(self, current, mine: dict, base_version: int):
        super().__init__(f"{current!r} changed since version {base_version}")
        self.current = current
        self.mine = mine
        self.base_version = base_version


class PhaseNotOpen(Exception):
    """The phase cannot be worked on (no R-decision yet, or not applicable)."""


class TrajectoryQuerySet(OrganisationScopedQuerySet):
    def for_user(self, user):
        """Trajectories of every organisation the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__memberships__user=user).scoped_by_user()

    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)

    def involving(self, user):
        """Trajectories with the user on the team."""
        return self.filter(team__user=user)

    def with_progress(self):
        """Annotate ``completed_count`` and ``not_applicable_count`` (one query for any number of rows)."""
        return self.annotate(
            completed_count=models.Count("phases", filter=models.Q(phases__status=PhaseRecord.Status.AFGEROND)),
            not_applicable_count=models.Count(
                "phases", filter=models.Q(phases__status=PhaseRecord.Status.NIET_VAN_TOEPASSING)
            ),
        )

    def for_list(self):
        return (
            self.select_related("category", "department", "ambition", "chosen_strategy")
            .with_progress()
            .order_by("-updated_at", "-pk")
        )


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
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("productcategorie"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.RESTRICT,
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

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("procurement:trajectory_detail", args=[self.pk])

    # --- creation ---------------------------------------------------------

    def _unique_slug(self) -> str:
        base = slugify(self.title)[:200] or "traject"
        slug, n = base, 1
        while Trajectory.objects.filter(organisation_id=self.organisation_id, slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    @classmethod
    def start(cls, *, organisation, created_by, team=(), growth=(), **fields) -> "Trajectory":
        """Open a trajectory with its team, groeimodel and a record for each of the six phases."""
        with transaction.atomic():
            trajectory = cls.objects.create(organisation=organisation, created_by=created_by, **fields)
            for user, role in team:
                TrajectoryMember.objects.create(trajectory=trajectory, user=user, role=role)
            for year, strategy, note in growth:
                GrowthStep.objects.create(trajectory=trajectory, year=year, strategy=strategy, note=note)
            trajectory.ensure_phase_records()
        return trajectory

    def ensure_phase_records(self) -> None:
        """A PhaseRecord for every phase (also phases an admin adds later)."""
        existing = set(self.phases.values_list("phase_id", flat=True))
        missing = [PhaseRecord(trajectory=self, phase=p) for p in Phase.objects.exclude(pk__in=existing)]
        if missing:
            # simple_history re-reads the new rows by their field values (an OR of this trajectory's rows).
            with unscoped_access():
                bulk_create_with_history(missing, PhaseRecord, ignore_conflicts=True)
            if self.status == self.Status.VOORKOMEN:
                self._mark_avoided_phases_not_applicable()

    # --- state ------------------------------------------------------------

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.LOPEND

    def current_decision(self):
        """The newest R-decision (revisions are new rows), or None."""
        return self.r_decisions.select_related("chosen_strategy", "phase", "created_by").first()

    def has_r_decision(self) -> bool:
        if hasattr(self, "_has_r_decision"):
            return self._has_r_decision
        return self.r_decisions.exists()

    def phase_records(self) -> list["PhaseRecord"]:
        """The six phase records in order, each knowing its displayed status (2 queries)."""
        records = list(self.phases.select_related("phase", "completed_by"))
        self._has_r_decision = self.r_decisions.exists()
        for record in records:
            record.trajectory = self
        return records

    # "Last activity" is shown and sorted on to the minute: an autosave within a minute of the
    # last recorded activity need not write the trajectory row again.
    ACTIVITY_RESOLUTION = timedelta(minutes=1)

    def touch(self) -> None:
        """Mark activity without a history row (the change itself is recorded on its own object)."""
        now = timezone.now()
        if self.updated_at is not None and timedelta(0) <= now - self.updated_at < self.ACTIVITY_RESOLUTION:
            return
        Trajectory.objects.filter(pk=self.pk, organisation_id=self.organisation_id).update(updated_at=now)
        self.updated_at = now

    # --- the R-decision ---------------------------------------------------

    def record_r_decision(self, *, user, phase, steps, fallback=None, summary="", avoided_spend=None) -> "RDecision":
        """Record (or revise) the R-decision: the highest feasible of R0–R2 wins.

        ``steps`` is a list of dicts with strategy, considered, feasible and
        rationale. R0 counts only when fully feasible (``ja``): "deels
        niet inkopen" still buys something. Without a feasible step the team
        names a lower strategy (``fallback``). Choosing R0 closes the
        trajectory as "Inkoop voorkomen"; revising away from R0 reopens it.
        """
        chosen = RDecision.choose(steps, fallback)
        if chosen is None:
            raise ValueError("No feasible strategy and no fallback")
        with transaction.atomic():
            decision = RDecision(trajectory=self, phase=phase, chosen_strategy=chosen, summary=summary, created_by=user)
            decision._history_user = user
            decision.save()
            RDecisionStep.objects.bulk_create(
                [
                    RDecisionStep(
                        decision=decision,
                        strategy=step["strategy"],
                        considered=step["considered"],
                        feasible=step["feasible"],
                        rationale=step["rationale"],
                    )
                    for step in steps
                ]
            )
            self._has_r_decision = True
            self.chosen_strategy = chosen
            self._history_user = user
            if chosen.number == 0:
                self.refuse_purchase(user=user, avoided_spend=avoided_spend, save=False)
            elif self.status == self.Status.VOORKOMEN:
                self._reopen_after_refusal()
            self.save()
            record = self.phases.filter(phase=phase).first()
            if record is not None:
                record.touch(user)
        return decision

    def refuse_purchase(self, *, user=None, avoided_spend=None, save: bool = True) -> None:
        """R0: niet inkopen. A success: the trajectory closes with the spend it avoided.

        Phases 2–5 become Niet van toepassing; Intern evalueren stays open.
        """
        self.status = self.Status.VOORKOMEN
        self.avoided_spend = avoided_spend if avoided_spend is not None else self.estimated_value
        self.closed_at = timezone.now()
        if save:
            with transaction.atomic():
                self.save()
                self._mark_avoided_phases_not_applicable()
        else:
            self._mark_avoided_phases_not_applicable()

    def _avoided_phase_ids(self):
        first, last = Phase.objects.order_by("order").first(), Phase.objects.order_by("order").last()
        return Phase.objects.exclude(pk__in=[first.pk, last.pk]).values("pk")

    def _mark_avoided_phases_not_applicable(self) -> None:
        for record in self.phases.filter(phase__in=self._avoided_phase_ids()).exclude(
            status=PhaseRecord.Status.NIET_VAN_TOEPASSING
        ):
            record.status = PhaseRecord.Status.NIET_VAN_TOEPASSING
            record.save()

    def _reopen_after_refusal(self) -> None:
        self.status = self.Status.LOPEND
        self.avoided_spend = None
        self.closed_at = None
        for record in self.phases.filter(
            phase__in=self._avoided_phase_ids(), status=PhaseRecord.Status.NIET_VAN_TOEPASSING
        ):
            record.status = PhaseRecord.Status.NIET_GESTART
            record.save()

    # --- closing ----------------------------------------------------------

    def complete_if_done(self) -> None:
        """Every phase Afgerond or Niet van toepassing: a running trajectory is afgerond."""
        if self.status != self.Status.LOPEND:
            return
        done = {PhaseRecord.Status.AFGEROND, PhaseRecord.Status.NIET_VAN_TOEPASSING}
        statuses = set(self.phases.values_list("status", flat=True))
        if statuses and statuses <= done:
            self.status = self.Status.AFGEROND
            self.closed_at = timezone.now()
            self.save()

    def reopen_if_completed(self) -> None:
        if self.status == self.Status.AFGEROND:
            self.status = self.Status.LOPEND
            self.closed_at = None
            self.save()

    def archive(self) -> None:
        """Archive (never a hard delete from the UI): read-only, out of the lists."""
        if self.archived_at is None:
            self.archived_at = timezone.now()
            self.save()

    def restore(self) -> None:
        if self.archived_at is not None:
            self.archived_at = None
            self.save()


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


class PhaseRecord(PhaseReviewMixin, models.Model):
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
    approved_content_version = models.CharField(
        _("goedgekeurde inhoudsversie"),
        max_length=64,
        blank=True,
        help_text=_("De versie van de antwoorden en aandachtspunten die is goedgekeurd."),
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

    def get_absolute_url(self) -> str:
        return reverse("procurement:phase_detail", args=[self.trajectory_id, self.phase.slug])

    @property
    def is_blocked(self) -> bool:
        """Kan nog niet starten: no R-decision yet and the phase comes after Startoverleg."""
        if self.status in (self.Status.AFGEROND, self.Status.NIET_VAN_TOEPASSING):
            return False
        return self.phase.order > 1 and not self.trajectory.has_r_decision()

    @property
    def display_status(self) -> str:
        return "kan_niet_starten" if self.is_blocked else self.status

    @property
    def display_status_label(self) -> str:
        return str(_("Kan nog niet starten")) if self.is_blocked else self.get_status_display()

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.AFGEROND

    @property
    def is_not_applicable(self) -> bool:
        return self.status == self.Status.NIET_VAN_TOEPASSING

    @property
    def is_editable(self) -> bool:
        """Whether the team may change answers and checks now (not while the phase is under review)."""
        return not (self.is_blocked or self.is_not_applicable or self.is_under_review)

    @property
    def not_editable_reason(self) -> str:
        if self.is_under_review and not (self.is_blocked or self.is_not_applicable):
            return self.under_review_message()
        return _("Deze fase kan nu niet worden bewerkt: %(status)s.") % {"status": self.display_status_label}

    def ensure_open(self) -> None:
        if not self.is_editable:
            raise PhaseNotOpen(self.display_status_label)

    def touch(self, user, *, locked: bool = False) -> None:
        """Called on every change of the phase's answers or checks: Niet gestart becomes Bezig,
        and an approved phase loses its approval (back to Bezig, recorded). ``locked``: the
        caller holds the row lock (``lock_for_edit``) and the state is fresh."""
        self.answers_changed_after_approval(user, locked=locked)
        if self.status == self.Status.NIET_GESTART:
            self.status = self.Status.BEZIG
            self._history_user = user
            self.save()
        self.trajectory.touch()

    def complete(self, user) -> None:
        """Heb je deze fase afgerond? Ja. Startoverleg needs the R-decision first."""
        self.ensure_open()
        if self.phase.order == 1 and not self.trajectory.has_r_decision():
            raise PhaseNotOpen(_("Leg eerst het R-besluit vast."))
        if self.status != self.Status.AFGEROND:
            self.status = self.Status.AFGEROND
            self.completed_at = timezone.now()
            self.completed_by = user
            self._history_user = user
            self.save()
        self.trajectory.touch()
        self.trajectory.complete_if_done()

    def reopen(self, user) -> None:
        """Nee, ik kom later terug / Fase heropenen: an Afgerond phase is Bezig again."""
        if self.status == self.Status.AFGEROND:
            self.status = self.Status.BEZIG
            self.completed_at = None
            self.completed_by = None
            self._history_user = user
            self.save()
            self.trajectory.touch()
            self.trajectory.reopen_if_completed()

    # --- answers and checks -------------------------------------------------

    def sync_items(self) -> None:
        """Bring the phase's answers and checks in line with the guidance.

        New questions and attention points get a row; rows nobody touched yet
        follow edits of their question; untouched rows of removed questions go.
        What was answered keeps the question as it was asked. A completed or
        not-applicable phase is a record and is left as it is. Costs a fixed
        number of queries, however many questions there are.
        """
        if self.status in (self.Status.AFGEROND, self.Status.NIET_VAN_TOEPASSING):
            return
        questions = list(GuidingQuestion.objects.filter(phase_id=self.phase_id).prefetch_related("strategies"))
        answers = {
            a.question_id: a for a in Answer.objects.filter(trajectory_id=self.trajectory_id, phase_id=self.phase_id)
        }
        new, changed = [], []
        for question in questions:
            snapshot = Answer.snapshot_of(question)
            answer = answers.get(question.pk)
            if answer is None:
                new.append(
                    Answer(trajectory_id=self.trajectory_id, phase_id=self.phase_id, question=question, **snapshot)
                )
            elif answer.is_untouched and any(getattr(answer, k) != v for k, v in snapshot.items()):
                for key, value in snapshot.items():
                    setattr(answer, key, value)
                changed.append(answer)
        if new:
            Answer.objects.bulk_create(new, ignore_conflicts=True)
        if changed:
            Answer.objects.filter(trajectory_id=self.trajectory_id).bulk_update(changed, list(Answer.snapshot_fields()))
        orphans = [a.pk for q, a in answers.items() if q is None and a.is_untouched]
        if orphans:
            Answer.objects.filter(trajectory_id=self.trajectory_id, pk__in=orphans).delete()

        points = list(AttentionPoint.objects.filter(phase_id=self.phase_id))
        checks = {
            c.point_id: c
            for c in AttentionCheck.objects.filter(trajectory_id=self.trajectory_id, phase_id=self.phase_id)
        }
        new_checks, changed_checks = [], []
        for point in points:
            check = checks.get(point.pk)
            if check is None:
                new_checks.append(
                    AttentionCheck(
                        trajectory_id=self.trajectory_id,
                        phase_id=self.phase_id,
                        point=point,
                        point_text=point.text,
                        point_order=point.order,
                    )
                )
            elif check.is_untouched and (check.point_text, check.point_order) != (point.text, point.order):
                check.point_text, check.point_order = point.text, point.order
                changed_checks.append(check)
        if new_checks:
            AttentionCheck.objects.bulk_create(new_checks, ignore_conflicts=True)
        if changed_checks:
            AttentionCheck.objects.filter(trajectory_id=self.trajectory_id).bulk_update(
                changed_checks, ["point_text", "point_order"]
            )
        orphan_checks = [c.pk for p, c in checks.items() if p is None and c.is_untouched]
        if orphan_checks:
            AttentionCheck.objects.filter(trajectory_id=self.trajectory_id, pk__in=orphan_checks).delete()

    def answers(self):
        return Answer.objects.filter(trajectory_id=self.trajectory_id, phase_id=self.phase_id).select_related(
            "updated_by"
        )

    def checks(self):
        return AttentionCheck.objects.filter(trajectory_id=self.trajectory_id, phase_id=self.phase_id).select_related(
            "updated_by"
        )


@functools.cache
def _history_manager(model):
    """The model's history manager, made once: simple-history builds a new manager class on every access."""
    return model.history


class VersionedEdit:
    """Optimistic locking for rows several people edit at once (answers, checks).

    A save states the version it was based on. If someone saved in between,
    the save is refused with :class:`EditConflict` unless it changes nothing
    (the same values, or values equal to the version it was based on, i.e.
    the editor did not touch this row). The claim of the next version is one
    conditional UPDATE, so two simultaneous saves cannot both win.
    """

    EDIT_FIELDS: tuple[str, ...] = ()
    INITIAL: dict = {}

    def edit_values(self) -> dict:
        return {name: getattr(self, name) for name in self.EDIT_FIELDS}

    @property
    def is_untouched(self) -> bool:
        return self.version == 1 and self.edit_values() == self.INITIAL

    def values_at(self, version: int) -> dict:
        record = self.history.filter(version=version).order_by("-history_date").first()
        if record is None:
            return dict(self.INITIAL)
        return {name: getattr(record, name) for name in self.EDIT_FIELDS}

    def apply_edit(self, *, user, values: dict, base_version: int) -> bool:
        """Save ``values`` made on ``base_version``; True when something changed.

        One conditional UPDATE claims the next version and writes the values,
        one INSERT records the history row. Inside a caller's transaction no
        savepoint is made: a refused claim raises only after the block, so the
        caller's transaction stays usable (a phase form saves many rows).
        """
        values = {name: values[name] for name in self.EDIT_FIELDS}
        if values == self.edit_values():
            return False
        if base_version != self.version and values == self.values_at(base_version):
            return False
        if base_version != self.version:
            raise EditConflict(self, values, base_version)
        model = type(self)
        now = timezone.now()
        with transaction.atomic(savepoint=False):
            claimed = model.objects.filter(pk=self.pk, trajectory_id=self.trajectory_id, version=base_version).update(
                **values, version=base_version + 1, updated_by=user, updated_at=now
            )
            if claimed:
                for name, value in values.items():
                    setattr(self, name, value)
                self.version = base_version + 1
                self.updated_by = user
                self.updated_at = now
                _history_manager(model).bulk_history_create([self], update=True, default_user=user, default_date=now)
        if not claimed:
            self.refresh_from_db()
            raise EditConflict(self, values, base_version)
        return True


class Answer(VersionedEdit, models.Model):
    """The team's answer to one guiding question, with the question as it was asked."""

    EDIT_FIELDS = ("text", "state", "na_reason")
    INITIAL = {"text": "", "state": "open", "na_reason": ""}

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

    @staticmethod
    def snapshot_fields() -> tuple[str, ...]:
        return ("question_text", "question_kind", "question_strategies", "question_order")

    @staticmethod
    def snapshot_of(question: GuidingQuestion) -> dict:
        """The question as it is asked now (strategies must be prefetched)."""
        return {
            "question_text": question.text,
            "question_kind": question.kind,
            "question_strategies": ",".join(s.code for s in sorted(question.strategies.all(), key=lambda s: s.number)),
            "question_order": question.order,
        }

    @property
    def strategy_codes(self) -> list[str]:
        return [code for code in self.question_strategies.split(",") if code]

    @property
    def is_highest(self) -> bool:
        return self.question_kind == GuidingQuestion.Kind.HOOGSTE_R

    @property
    def is_not_applicable(self) -> bool:
        return self.state == self.State.NIET_VAN_TOEPASSING

    @property
    def question_removed(self) -> bool:
        return self.question_id is None

    @staticmethod
    def state_for(text: str, not_applicable: bool) -> str:
        """The state follows from the answer: n.v.t. when marked so, beantwoord with text, else open."""
        if not_applicable:
            return Answer.State.NIET_VAN_TOEPASSING
        return Answer.State.BEANTWOORD if text.strip() else Answer.State.OPEN


class AttentionCheck(VersionedEdit, models.Model):
    """An aandachtspunt ticked off (or not) by the team, with an optional note."""

    EDIT_FIELDS = ("checked", "note")
    INITIAL = {"checked": False, "note": ""}

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

    @staticmethod
    def choose(steps, fallback=None):
        """The highest feasible considered step; R0 counts only when fully feasible.

        "Deels niet inkopen" still buys something, so R0 ``deels`` falls
        through to the next step; R1 and R2 count when (partly) feasible.
        """
        considered = sorted((s for s in steps if s["considered"]), key=lambda s: s["strategy"].number)
        for step in considered:
            feasible = step["feasible"]
            if feasible == RDecisionStep.Feasible.JA or (
                feasible == RDecisionStep.Feasible.DEELS and step["strategy"].number > 0
            ):
                return step["strategy"]
        return fallback

    @property
    def is_refusal(self) -> bool:
        return self.chosen_strategy.number == 0


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


# --- Review and comments ----------------------------------------------------


class ReviewEvent(models.Model):
    """One step in the review history of a phase: offered, decided, withdrawn."""

    class Kind(models.TextChoices):
        OFFERED = "offered", _("Ter beoordeling aangeboden")
        APPROVED = "approved", _("Goedgekeurd")
        CHANGES_REQUESTED = "changes_requested", _("Wijzigingen gevraagd")
        APPROVAL_WITHDRAWN = "approval_withdrawn", _("Goedkeuring ingetrokken")
        OFFER_WITHDRAWN = "offer_withdrawn", _("Teruggetrokken uit beoordeling")

    phase_record = models.ForeignKey(
        PhaseRecord, on_delete=models.CASCADE, related_name="review_events", verbose_name=_("fase van een traject")
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
        Trajectory, on_delete=models.CASCADE, related_name="comments", verbose_name=_("traject")
    )
    phase_record = models.ForeignKey(
        PhaseRecord, on_delete=models.CASCADE, related_name="comments", verbose_name=_("fase van een traject")
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


class TrajectoryAmbition(models.Model):
    """One theme of a trajectory's ambitieweb; it starts from its category's web."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="ambition_scores", verbose_name=_("traject")
    )
    theme = models.ForeignKey(
        "rladder.AmbitionTheme", on_delete=models.CASCADE, related_name="+", verbose_name=_("thema")
    )
    current = models.PositiveSmallIntegerField(_("huidig niveau"))
    ambition = models.PositiveSmallIntegerField(_("ambitieniveau"))
    deviation_reason = models.TextField(_("reden voor een lagere ambitie"), blank=True, max_length=2000)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["theme__order"]
        verbose_name = _("ambitieweb van een traject")
        verbose_name_plural = _("ambitiewebs van trajecten")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "theme"], name="unique_trajectory_theme"),
            models.CheckConstraint(
                condition=models.Q(current__gte=1, current__lte=3, ambition__gte=1, ambition__lte=3),
                name="trajectory_ambition_levels_1_to_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory}: {self.theme} {self.current} → {self.ambition}"
