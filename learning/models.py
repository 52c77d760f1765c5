"""Lessons, the organisation's sharing settings, the search index and the benchmark snapshot."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Membership, Organisation
from organisations.scoping import OrganisationScopedQuerySet
from procurement.models.guidance import Phase
from rladder.models import RStrategy

# The fewest organisations a benchmark figure may be based on; below it nothing is shown.
BENCHMARK_MIN_ORGANISATIONS = 5


class LearningSettings(models.Model):
    """What an organisation shares with other organisations (set by the chef circulair)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="learning_settings", verbose_name=_("organisatie")
    )
    show_name_on_shared_lessons = models.BooleanField(
        _("naam van de organisatie tonen bij gedeelde lessen"),
        default=False,
        help_text=_("Zonder vinkje staan gedeelde lessen er als “een andere organisatie”."),
    )
    benchmark_opt_in = models.BooleanField(
        _("meedoen aan de anonieme benchmark"),
        default=False,
        help_text=_(
            "Je organisatie levert per productcategorie en jaar cijfers aan de benchmark: geen namen, geen teksten."
        ),
    )
    benchmark_opt_in_at = models.DateTimeField(_("meedoen sinds"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("instellingen voor delen en vergelijken")
        verbose_name_plural = _("instellingen voor delen en vergelijken")

    def __str__(self) -> str:
        return str(self.organisation)

    @classmethod
    def for_organisation(cls, organisation) -> "LearningSettings":
        """The organisation's settings (unsaved defaults when it never set them)."""
        found = cls.objects.filter(organisation=organisation).first()
        return found or cls(organisation=organisation)


class LessonQuerySet(OrganisationScopedQuerySet):
    def shared(self):
        """Shared lessons of every organisation: the one cross-organisation read, on purpose."""
        return self.unscoped().filter(shared=True, trajectory__archived_at__isnull=True)

    def visible_to(self, organisation):
        """What a member of ``organisation`` may read: its own lessons and every shared lesson."""
        own = Q(trajectory__organisation=organisation)
        shared = Q(shared=True, trajectory__archived_at__isnull=True)
        return self.unscoped().filter(own | shared)

    def for_list(self):
        return self.select_related(
            "trajectory__organisation__learning_settings", "trajectory__category", "phase", "strategy"
        )


class Lesson(models.Model):
    """A lesson from Intern evalueren: what went well, what could be better, a tip for next time."""

    # Set by the access helper that fetched it for a request: the viewer's membership.
    viewer_membership: Membership
    # Set by the lesson views, for the viewer's organisation: see is_own(), source_name() and shows_owner().
    is_own_lesson: bool
    source: str
    shows_title: bool

    class Kind(models.TextChoices):
        WENT_WELL = "goed", _("Wat ging goed")
        TO_IMPROVE = "beter", _("Wat kan beter")
        TIP = "tip", _("Tip voor een volgend traject")

    trajectory = models.ForeignKey(
        "procurement.Trajectory", on_delete=models.CASCADE, related_name="lessons", verbose_name=_("traject")
    )
    kind = models.CharField(_("soort les"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("les"), max_length=2000)
    phase = models.ForeignKey(
        Phase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fase waar de les over gaat"),
    )
    strategy = models.ForeignKey(
        RStrategy, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("R-strategie")
    )
    shared = models.BooleanField(
        _("delen met andere organisaties"),
        default=False,
        help_text=_("Andere organisaties kunnen de les lezen, met de categorie, fase en R-strategie."),
    )
    highlighted = models.BooleanField(
        _("uitlichten op de resultatenkaart"),
        default=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("les")
        verbose_name_plural = _("lessen")
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="lesson_text_not_empty")]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def category(self):
        """The category is the trajectory's: a lesson inherits it."""
        return self.trajectory.category

    def is_own(self, organisation) -> bool:
        return self.trajectory.organisation_id == organisation.pk

    def shows_owner(self, organisation) -> bool:
        """Whether the viewer may see who the lesson is from (and its trajectory's title, which may name them)."""
        owner = self.trajectory.organisation
        if owner.pk == organisation.pk:
            return True
        try:
            return owner.learning_settings.show_name_on_shared_lessons
        except LearningSettings.DoesNotExist:
            return False

    def source_name(self, organisation) -> str:
        """Who the lesson is from, as the viewer may see it."""
        if self.shows_owner(organisation):
            return self.trajectory.organisation.name
        return str(_("Een andere organisatie"))


class SearchEntry(models.Model):
    """One searchable text: a trajectory, an answer, an R-decision, a review comment, a lesson or guidance.

    Kept in step by ``learning.indexing`` (on save, after the transaction commits) and rebuilt by
    ``manage.py rebuild_search_index``. On PostgreSQL the table has a stored, generated
    ``vector`` column (Dutch configuration, title weighted above body) with a GIN index: see the
    migration. It is not a model field, so SQLite keeps the same table without it; there ``stems``
    holds the same Dutch stems of title, place and body (``learning.stemming``), and stays empty
    on PostgreSQL.
    """

    class Kind(models.TextChoices):
        TRAJECTORY = "traject", _("Trajecten")
        ANSWER = "antwoord", _("Antwoorden")
        DECISION = "besluit", _("R-besluiten")
        COMMENT = "opmerking", _("Opmerkingen bij beoordelingen")
        LESSON = "les", _("Lessen")
        GUIDELINE = "richtlijn", _("Richtlijn")
        CRITERION = "criterium", _("Criteria en clausules")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=100, help_text="The source row, e.g. procurement.answer:12")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    trajectory = models.ForeignKey(
        "procurement.Trajectory", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    shared = models.BooleanField(default=False)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    place = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=500)
    stems = models.TextField(blank=True, default="", editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("zoekindex-regel")
        verbose_name_plural = _("zoekindex")
        constraints = [models.UniqueConstraint(fields=["key"], name="unique_search_entry_key")]
        indexes = [models.Index(fields=["organisation", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"


class BenchmarkRun(models.Model):
    """One computation of the benchmark (the snapshot the page reads)."""

    computed_at = models.DateTimeField(auto_now_add=True)
    organisation_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-computed_at", "-pk"]
        verbose_name = _("benchmarkberekening")
        verbose_name_plural = _("benchmarkberekeningen")

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M}"


class BenchmarkFigure(models.Model):
    """The distribution of one metric over the opted-in organisations, per category and year.

    Only written when at least ``BENCHMARK_MIN_ORGANISATIONS`` organisations contribute: a
    figure below the threshold does not exist, so no filter can show it.
    """

    run = models.ForeignKey(BenchmarkRun, on_delete=models.CASCADE, related_name="figures")
    category_key = models.CharField(max_length=200)
    category_name = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()
    metric = models.CharField(max_length=40)
    contributors = models.PositiveIntegerField()
    p25 = models.DecimalField(max_digits=12, decimal_places=4)
    median = models.DecimalField(max_digits=12, decimal_places=4)
    p75 = models.DecimalField(max_digits=12, decimal_places=4)

    class Meta:
        ordering = ["category_name", "-year", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["run", "category_key", "year", "metric"], name="unique_benchmark_figure"),
            models.CheckConstraint(
                condition=Q(contributors__gte=BENCHMARK_MIN_ORGANISATIONS), name="benchmark_figure_threshold"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category_name} {self.year} {self.metric}"


class BenchmarkValue(models.Model):
    """One organisation's own value of a metric (shown to that organisation only, marked in its chart)."""

    run = models.ForeignKey(BenchmarkRun, on_delete=models.CASCADE, related_name="values")
    # Derived data of one snapshot, computed again by every run and deleted with it: not part of an
    # organisation's backup. The key is nullable so the backup registry and the scoping safety net (which
    # follow an organisation's owning, non-null keys) leave it out; the page always filters on it.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("organisatie")
    )
    category_key = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()
    metric = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=12, decimal_places=4)
    # The quartiles this organisation is shown: those of the other contributors, without its own value
    # (learning.benchmark explains the rule).
    others_p25 = models.DecimalField(max_digits=12, decimal_places=4)
    others_median = models.DecimalField(max_digits=12, decimal_places=4)
    others_p75 = models.DecimalField(max_digits=12, decimal_places=4)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "organisation", "category_key", "year", "metric"], name="unique_benchmark_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category_key} {self.year} {self.metric}"
