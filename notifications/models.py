"""Deadlines that reach people (Notification), their preferences and calendar feed, and the scheduler's state."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership, Organisation
from organisations.scoping import OrganisationScopedQuerySet
from procurement.models import Trajectory


class Kind(models.TextChoices):
    CONTRACT_END = "contract_end", _("Contract loopt af: heroverweeg de behoefte")
    GROWTH_STEP = "growth_step", _("Volgende stap in het groeimodel")
    SUPPLIER_REPORT_DUE = "supplier_report_due", _("Rapportage leverancier te doen")
    SUPPLIER_REPORT_OVERDUE = "supplier_report_overdue", _("Rapportage leverancier te laat")
    REVIEW_WAITING = "review_waiting", _("Fase wacht lang op beoordeling")
    TARGETS_TIGHTEN = "targets_tighten", _("Doelen worden op 1 januari strenger")
    MILESTONE = "milestone", _("Mijlpaal van een productstrategie")
    API_KEY_EXPIRES = "api_key_expires", _("API-sleutel verloopt")


SUPPLIER_KINDS = (Kind.SUPPLIER_REPORT_DUE, Kind.SUPPLIER_REPORT_OVERDUE)


class NotificationQuerySet(OrganisationScopedQuerySet):
    def for_user(self, user):
        """The user's own notifications (``still_relevant`` leaves out those of organisations they left)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user).scoped_by_user()

    def still_relevant(self):
        """Notifications of an organisation their person is still a member of, and a supplier's reporting deadlines."""
        member = Membership.objects.unscoped().filter(user=OuterRef("user"), organisation=OuterRef("organisation"))
        return self.filter(Q(Exists(member)) | Q(kind__in=SUPPLIER_KINDS))

    def wanted(self):
        """Leaves out the kinds their person switched off (MutedKind)."""
        muted = MutedKind.objects.filter(user=OuterRef("user"), kind=OuterRef("kind"))
        return self.exclude(Exists(muted))

    def open(self):
        """What their person still has to do: not done, still relevant, of a kind they want."""
        return self.filter(done_at__isnull=True).still_relevant().wanted()


class Notification(models.Model):
    """One deadline for one person: fires once and only once per (user, organisation, kind, object, due date)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("persoon")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("organisatie")
    )
    kind = models.CharField(_("soort"), max_length=40, choices=Kind.choices)
    object_key = models.CharField(_("waarover"), max_length=100)
    due = models.DateField(_("uiterste datum"))
    title = models.CharField(_("kop"), max_length=300)
    link = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    done_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        constraints = [
            # The organisation is part of the key: a copy of an organisation imported beside the original
            # (organisations.backup) has the same people and its own deadlines.
            models.UniqueConstraint(
                fields=["user", "organisation", "kind", "object_key", "due"], name="notification_fires_once"
            ),
        ]
        indexes = [models.Index(fields=["user", "due"], name="notification_user_due")]

    def __str__(self) -> str:
        return self.title


class NotificationSettings(models.Model):
    """Per organisation: how early the contract-end notice comes, how long a review may wait."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="notification_settings", verbose_name=_("organisatie")
    )
    contract_end_months = models.PositiveSmallIntegerField(
        _("maanden voor het einde van een contract"),
        default=12,
        validators=[
            MinValueValidator(1, _("Kies een aantal maanden van 1 tot en met 60.")),
            MaxValueValidator(60, _("Kies een aantal maanden van 1 tot en met 60.")),
        ],
        help_text=_(
            "Zoveel maanden voor het einde van een contract vraagt de app het team de behoefte te heroverwegen."
        ),
    )
    review_wait_days = models.PositiveSmallIntegerField(
        _("dagen dat een fase mag wachten op beoordeling"),
        default=14,
        validators=[MinValueValidator(1, _("Kies minstens 1 dag."))],
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("instellingen voor meldingen")
        verbose_name_plural = _("instellingen voor meldingen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_end_months__gte=1, contract_end_months__lte=60),
                name="notification_settings_months_range",
            ),
            models.CheckConstraint(condition=models.Q(review_wait_days__gte=1), name="notification_settings_days_min"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class Renewal(models.Model):
    """A trajectory started from the contract-end notice of an earlier one (its successor)."""

    previous = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="renewals", verbose_name=_("vorig traject")
    )
    trajectory = models.OneToOneField(
        Trajectory, on_delete=models.CASCADE, related_name="renewal_of", verbose_name=_("nieuw traject")
    )
    created_at = models.DateTimeField(_("gestart op"), auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("vervolgtraject")
        verbose_name_plural = _("vervolgtrajecten")

    def __str__(self) -> str:
        return f"{self.previous} → {self.trajectory}"


class Preference(models.Model):
    """A person's digest preference and calendar feed (not organisation-owned: it follows the person)."""

    class Digest(models.TextChoices):
        WEEKLY = "weekly", _("Wekelijks")
        DAILY = "daily", _("Dagelijks")
        OFF = "off", _("Uit")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("persoon"),
    )
    digest = models.CharField(_("overzicht per e-mail"), max_length=10, choices=Digest.choices, default=Digest.WEEKLY)
    feed_token = models.CharField(_("agenda-adres"), max_length=64, unique=True, null=True, blank=True)
    last_digest_on = models.DateField(_("laatste overzicht"), null=True, blank=True)

    class Meta:
        verbose_name = _("voorkeur voor meldingen")
        verbose_name_plural = _("voorkeuren voor meldingen")

    def __str__(self) -> str:
        return str(self.user)

    def new_feed_token(self) -> str:
        """A new secret calendar address; the old one stops working."""
        self.feed_token = secrets.token_urlsafe(32)
        self.save(update_fields=["feed_token"])
        return self.feed_token

    def revoke_feed(self) -> None:
        self.feed_token = None
        self.save(update_fields=["feed_token"])

    def feed_path(self) -> str:
        return reverse("notifications:feed", args=[self.feed_token]) if self.feed_token else ""


class MutedKind(models.Model):
    """A kind of notification a person switched off: it does not fire for them, show, or go into their digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="muted_notification_kinds",
        verbose_name=_("persoon"),
    )
    kind = models.CharField(_("soort"), max_length=40, choices=Kind.choices)

    class Meta:
        verbose_name = _("uitgezette soort melding")
        verbose_name_plural = _("uitgezette soorten meldingen")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="muted_kind_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"


class JobRun(models.Model):
    """One run of a scheduled job for one due time: the unique row is the lock (two processes never both run it)."""

    class State(models.TextChoices):
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    job = models.CharField(_("taak"), max_length=60)
    due_at = models.DateTimeField(_("gepland op"))
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.RUNNING)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=1)
    started_at = models.DateTimeField(_("gestart op"))
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    output = models.TextField(_("uitkomst"), blank=True)

    class Meta:
        ordering = ["-due_at", "job"]
        verbose_name = _("uitvoering van een taak")
        verbose_name_plural = _("uitvoeringen van taken")
        constraints = [models.UniqueConstraint(fields=["job", "due_at"], name="jobrun_once_per_due_time")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.due_at:%Y-%m-%d %H:%M}"


class ScheduledJob(models.Model):
    """A periodic job as staff see it in the admin: its last and next run (kept by the scheduler)."""

    name = models.CharField(_("taak"), max_length=60, unique=True)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    last_due_at = models.DateTimeField(_("laatst gepland"), null=True, blank=True)
    last_state = models.CharField(_("laatste status"), max_length=10, choices=JobRun.State.choices, blank=True)
    next_due_at = models.DateTimeField(_("volgende keer"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("geplande taak")
        verbose_name_plural = _("geplande taken")

    def __str__(self) -> str:
        return self.name
