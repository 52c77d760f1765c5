"""Trajectories (organisation-owned): the trajectory, its team, groeimodel, ambitieweb and phase records."""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from lib.history import attribute_change
from organisations.models import Department, Membership, Organisation, ProductCategory
from organisations.scoping import OrganisationScopedQuerySet, unscoped_access
from rladder.models import RStrategy

from ..cpv import validate_cpv_code
from ..review import PhaseReviewMixin
from .answers import Answer, AttentionCheck, sync_with_guidance
from .decisions import RDecision, RDecisionStep
from .guidance import AttentionPoint, GuidingQuestion, Phase

# The phase in which the tender is prepared and published (a stable key of the guidance).
TENDER_PHASE_SLUG = "circulair-aanbesteden"


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

    def open(self):
        """Not archived, and not ended by refusing the purchase (R0): still worked on or delivered."""
        return self.filter(archived_at__isnull=True).exclude(status=Trajectory.Status.AVOIDED)

    def involving(self, user):
        """Trajectories with the user on the team."""
        return self.filter(team__user=user)

    def reached_tender(self):
        """Trajectories that reached a tender or contract (the OCDS export).

        Their "Circulair aanbesteden" phase is under way or done, or a published
        tender is linked to them. A refused purchase (R0) never does.
        """
        tendering = PhaseRecord.objects.filter(
            trajectory=models.OuterRef("pk"),
            phase__slug=TENDER_PHASE_SLUG,
            status__in=[PhaseRecord.Status.IN_PROGRESS, PhaseRecord.Status.COMPLETED],
        )
        return self.exclude(status=Trajectory.Status.AVOIDED).filter(
            models.Exists(tendering) | models.Q(tender_reference__isnull=False)
        )

    def for_list(self):
        """Newest activity first, as the lists show them; page the result, then ``attach_progress``.

        No progress annotation here: counting the phases of every trajectory before the page is
        cut makes the query grow with the organisation (see ``Trajectory.attach_progress``).
        """
        return self.select_related("category", "department", "ambition", "chosen_strategy").order_by(
            "-updated_at", "-pk"
        )


class Trajectory(models.Model):
    """An inkooptraject: one procurement walked through the six phases."""

    # Set by the access helper that fetched it for a request: the viewer's membership.
    viewer_membership: Membership

    class Status(models.TextChoices):
        ACTIVE = "lopend", _("Lopend")
        COMPLETED = "afgerond", _("Afgerond")
        AVOIDED = "voorkomen", _("Inkoop voorkomen")

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

    class GppCriteria(models.TextChoices):
        """The EU code list ``gpp-criteria`` (eForms BT-805): which green procurement criteria are used."""

        EU = "eu", _("EU-criteria voor groene overheidsopdrachten (GPP)")
        NATIONAL = "nat", _("Nationale criteria (zoals de MVI-criteria)")
        OTHER = "other", _("Andere criteria voor groen inkopen")
        NONE = "none", _("Geen criteria voor groen inkopen")

    cpv_code = models.CharField(
        _("CPV-code"),
        max_length=10,
        blank=True,
        validators=[validate_cpv_code],
        help_text=_(
            "De hoofdcode uit de Common Procurement Vocabulary, bijvoorbeeld 30213100-6 (draagbare computers)."
        ),
    )
    gpp_criteria = models.CharField(
        _("criteria voor groen inkopen"),
        max_length=10,
        blank=True,
        choices=GppCriteria.choices,
        help_text=_("Welke criteria voor groen inkopen de aanbesteding gebruikt (eForms BT-805)."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
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
        indexes = [
            # Mijn trajecten: an organisation's trajectories newest activity first, read a page at a time.
            models.Index(fields=["organisation", "-updated_at", "-id"], name="trajectory_list_order"),
        ]
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

    @property
    def ocid(self) -> str:
        """The Open Contracting ID of the trajectory's contracting process (stable: prefix and number)."""
        return f"{settings.OCDS_OCID_PREFIX}-{self.pk}"

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
            if self.status == self.Status.AVOIDED:
                self._mark_avoided_phases_not_applicable()

    # --- state ------------------------------------------------------------

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_avoided(self) -> bool:
        return self.status == self.Status.AVOIDED

    def current_decision(self):
        """The newest R-decision (revisions are new rows), or None; ``has_r_decision`` learns from it."""
        decision = self.r_decisions.select_related("chosen_strategy", "phase", "created_by").first()
        self._has_r_decision = decision is not None
        return decision

    @staticmethod
    def attach_progress(trajectories) -> list:
        """Set ``completed_count`` and ``not_applicable_count`` on these (a page of) trajectories: one query."""
        trajectories = list(trajectories)
        counts = (
            PhaseRecord.objects.filter(trajectory__in=[t.pk for t in trajectories])
            .order_by()
            .values("trajectory_id")
            .annotate(
                completed=models.Count("pk", filter=models.Q(status=PhaseRecord.Status.COMPLETED)),
                not_applicable=models.Count("pk", filter=models.Q(status=PhaseRecord.Status.NOT_APPLICABLE)),
            )
        )
        by_trajectory = {row["trajectory_id"]: row for row in counts} if trajectories else {}
        for trajectory in trajectories:
            row = by_trajectory.get(trajectory.pk)
            trajectory.completed_count = row["completed"] if row else 0
            trajectory.not_applicable_count = row["not_applicable"] if row else 0
        return trajectories

    def has_r_decision(self) -> bool:
        """Asked once per instance (every phase's status asks it; recording a decision sets it)."""
        if not hasattr(self, "_has_r_decision"):
            self._has_r_decision = self.r_decisions.exists()
        return self._has_r_decision

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

    def record_activity(self) -> None:
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
            attribute_change(decision, user=user)
            decision.save()
            bulk_create_with_history(
                [
                    RDecisionStep(
                        decision=decision,
                        strategy=step["strategy"],
                        considered=step["considered"],
                        feasible=step["feasible"],
                        rationale=step["rationale"],
                    )
                    for step in steps
                ],
                RDecisionStep,
                default_user=user,
            )
            self._has_r_decision = True
            self.chosen_strategy = chosen
            attribute_change(self, user=user)
            if chosen.number == 0:
                self.refuse_purchase(user=user, avoided_spend=avoided_spend, save=False)
            elif self.status == self.Status.AVOIDED:
                self._reopen_after_refusal()
            self.save()
            from ..impact import follow_r_decision

            follow_r_decision(self, chosen, user=user)
            record = self.phases.filter(phase=phase).first()
            if record is not None:
                record.record_edit(user)
        return decision

    def refuse_purchase(self, *, user=None, avoided_spend=None, save: bool = True) -> None:
        """R0: niet inkopen. A success: the trajectory closes with the spend it avoided.

        Phases 2–5 become Niet van toepassing; Intern evalueren stays open.
        """
        self.status = self.Status.AVOIDED
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
            status=PhaseRecord.Status.NOT_APPLICABLE
        ):
            record.status = PhaseRecord.Status.NOT_APPLICABLE
            record.save()

    def _reopen_after_refusal(self) -> None:
        self.status = self.Status.ACTIVE
        self.avoided_spend = None
        self.closed_at = None
        for record in self.phases.filter(phase__in=self._avoided_phase_ids(), status=PhaseRecord.Status.NOT_APPLICABLE):
            record.status = PhaseRecord.Status.NOT_STARTED
            record.save()

    # --- closing ----------------------------------------------------------

    def complete_if_done(self) -> None:
        """Every phase Afgerond or Niet van toepassing: a running trajectory is afgerond."""
        if self.status != self.Status.ACTIVE:
            return
        done = {PhaseRecord.Status.COMPLETED, PhaseRecord.Status.NOT_APPLICABLE}
        statuses = set(self.phases.values_list("status", flat=True))
        if statuses and statuses <= done:
            self.status = self.Status.COMPLETED
            self.closed_at = timezone.now()
            self.save()

    def reopen_if_completed(self) -> None:
        if self.status == self.Status.COMPLETED:
            self.status = self.Status.ACTIVE
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

    # Set by the phase page: every phase record of the trajectory, for the phase navigation.
    all_records: list["PhaseRecord"]

    class Status(models.TextChoices):
        NOT_STARTED = "niet_gestart", _("Niet gestart")
        IN_PROGRESS = "bezig", _("Bezig")
        COMPLETED = "afgerond", _("Afgerond")
        NOT_APPLICABLE = "niet_van_toepassing", _("Niet van toepassing")

    class ReviewStatus(models.TextChoices):
        NONE = "", _("Niet aangeboden")
        IN_REVIEW = "in_review", _("Ter beoordeling")
        APPROVED = "approved", _("Goedgekeurd")
        CHANGES_REQUESTED = "changes_requested", _("Wijzigingen gevraagd")

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="phases", verbose_name=_("traject")
    )
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="records", verbose_name=_("fase"))
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.NOT_STARTED)
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
        indexes = [
            # The review queue and its count in the menu: only the phases waiting, oldest offer first.
            models.Index(
                fields=["offered_at", "id"],
                condition=models.Q(review_status="in_review"),
                name="phaserecord_review_queue",
            ),
        ]
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
        if self.status in (self.Status.COMPLETED, self.Status.NOT_APPLICABLE):
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
        return self.status == self.Status.COMPLETED

    @property
    def is_not_applicable(self) -> bool:
        return self.status == self.Status.NOT_APPLICABLE

    @property
    def is_in_review(self) -> bool:
        return self.review_status == self.ReviewStatus.IN_REVIEW

    @property
    def is_approved(self) -> bool:
        return self.review_status == self.ReviewStatus.APPROVED

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

    def record_edit(self, user, *, locked: bool = False) -> None:
        """Called on every change of the phase's answers or checks: Niet gestart becomes Bezig,
        and an approved phase loses its approval (back to Bezig, recorded). ``locked``: the
        caller holds the row lock (``lock_for_edit``) and the state is fresh."""
        self.answers_changed_after_approval(user, locked=locked)
        if self.status == self.Status.NOT_STARTED:
            self.status = self.Status.IN_PROGRESS
            attribute_change(self, user=user)
            self.save()
        self.trajectory.record_activity()

    def complete(self, user) -> None:
        """Heb je deze fase afgerond? Ja. Startoverleg needs the R-decision first."""
        self.ensure_open()
        if self.phase.order == 1 and not self.trajectory.has_r_decision():
            raise PhaseNotOpen(_("Leg eerst het R-besluit vast."))
        if self.status != self.Status.COMPLETED:
            self.status = self.Status.COMPLETED
            self.completed_at = timezone.now()
            self.completed_by = user
            attribute_change(self, user=user)
            self.save()
        self.trajectory.record_activity()
        self.trajectory.complete_if_done()

    def reopen(self, user) -> None:
        """Nee, ik kom later terug / Fase heropenen: an Afgerond phase is Bezig again."""
        if self.status == self.Status.COMPLETED:
            self.status = self.Status.IN_PROGRESS
            self.completed_at = None
            self.completed_by = None
            attribute_change(self, user=user)
            self.save()
            self.trajectory.record_activity()
            self.trajectory.reopen_if_completed()

    # --- answers and checks -------------------------------------------------

    def sync_items(self, guidance=None) -> tuple[list, list] | None:
        """Bring the phase's answers and checks in line with the guidance.

        New questions and attention points get a row; rows nobody touched yet
        follow edits of their question; untouched rows of removed questions go.
        What was answered keeps the question as it was asked. A completed or
        not-applicable phase is a record and is left as it is. Costs a fixed
        number of queries, however many questions there are.

        ``guidance``: the phase as ``phase_detail`` shows it, so its questions and points are not
        read twice. Returns (answers, checks) as ``answers()`` and ``checks()`` would, when
        nothing had to change; None when rows were written (or the phase is closed): read them.
        """
        if self.status in (self.Status.COMPLETED, self.Status.NOT_APPLICABLE):
            return None
        if guidance is not None:  # the phase with its questions (and their strategies) and points prefetched
            questions, points = guidance.questions.all(), guidance.attention_points.all()
        else:
            questions = GuidingQuestion.objects.filter(phase_id=self.phase_id).prefetch_related("strategies")
            points = AttentionPoint.objects.filter(phase_id=self.phase_id)
        answers = sync_with_guidance(Answer, self.trajectory_id, self.phase_id, questions, related=("updated_by",))
        checks = sync_with_guidance(AttentionCheck, self.trajectory_id, self.phase_id, points, related=("updated_by",))
        return (answers, checks) if answers is not None and checks is not None else None

    def answers(self):
        return Answer.objects.filter(trajectory_id=self.trajectory_id, phase_id=self.phase_id).select_related(
            "updated_by"
        )

    def checks(self):
        return AttentionCheck.objects.filter(trajectory_id=self.trajectory_id, phase_id=self.phase_id).select_related(
            "updated_by"
        )


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
