"""Suppliers of a contract, their accounts and invitations, their KPI submissions with evidence.

A supplier is a party of one contract (a trajectory), never a member of the
organisation: a supplier user has no Membership, so every organisation access
helper answers 404 for them. What a supplier user may see is decided here:
the contracts of the suppliers whose invitation they accepted and that was
not revoked (``Supplier.objects.for_supplier_user``).
"""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kpis.models import Kpi, Measurement
from lib.history import attribute_change
from organisations.scoping import OrganisationScopedQuerySet
from procurement.models import Trajectory

from .storage import evidence_storage

KVK_VALIDATOR = RegexValidator(r"^\d{8}$", _("Een KvK-nummer bestaat uit precies 8 cijfers."))
INVITATION_DAYS = 7
INVITATION_SALT = "suppliers.invitation"


class SupplierQuerySet(OrganisationScopedQuerySet):
    def for_supplier_user(self, user):
        """The supplier parties (contracts) this user reports for: an accepted invitation that was not revoked."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        active = Invitation.objects.unscoped().filter(
            supplier=models.OuterRef("pk"), accepted_by=user, revoked_at__isnull=True
        )
        return (
            self.scoped_by_user()
            .filter(models.Exists(active))
            .filter(trajectory__in=Trajectory.objects.unscoped().open())
        )


class Supplier(models.Model):
    """A supplier company as a party of one contract (a trajectory that reached a contract)."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="suppliers", verbose_name=_("traject")
    )
    name = models.CharField(_("bedrijfsnaam"), max_length=200)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, validators=[KVK_VALIDATOR])
    contact_name = models.CharField(_("contactpersoon"), max_length=200)
    contact_email = models.EmailField(_("e-mailadres contactpersoon"))
    created_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)
    history = HistoricalRecords()

    objects = SupplierQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("leverancier")
        verbose_name_plural = _("leveranciers")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "kvk_number"], name="unique_supplier_per_contract")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("suppliers:contract", args=[self.pk])

    def contract_kpis(self):
        return Kpi.objects.filter(trajectory_id=self.trajectory_id, scope=Kpi.Scope.CONTRACT).select_related("strategy")


class SupplierAccount(models.Model):
    """Marks a user as a supplier's person: the company (by KvK-nummer) the account belongs to.

    Not organisation-owned: one account may report for the same company on
    contracts of several organisations, each through its own invitation.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supplier_account", verbose_name=_("gebruiker")
    )
    company_name = models.CharField(_("bedrijfsnaam"), max_length=200)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, validators=[KVK_VALIDATOR])
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("leveranciersaccount")
        verbose_name_plural = _("leveranciersaccounts")

    def __str__(self) -> str:
        return f"{self.user} ({self.company_name})"


class InvitationError(Exception):
    """An invitation link that cannot be used; the message is shown to the visitor."""


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    """A signed, single-use link (valid INVITATION_DAYS days) for a supplier's contact person.

    Accepting it grants the account access to the contract; revoking it ends
    the access again (or makes a pending link useless).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Verstuurd")
        ACCEPTED = "accepted", _("Geaccepteerd")
        EXPIRED = "expired", _("Verlopen")
        REVOKED = "revoked", _("Ingetrokken")

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("leverancier")
    )
    email = models.EmailField(_("e-mailadres"))
    # The secret part of the link (with the pk). Not unique: an organisation imported as a copy keeps it,
    # and its links still name the original's pk.
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uitgenodigd door"),
    )
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supplier_invitations",
        verbose_name=_("geaccepteerd door"),
    )
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["nonce"])  # the secret stays out of the history

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self) -> str:
        return f"{self.email} ({self.supplier})"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = self.created_at + datetime.timedelta(days=INVITATION_DAYS)
        super().save(*args, **kwargs)

    @property
    def status(self) -> str:
        if self.revoked_at:
            return self.Status.REVOKED
        if self.accepted_at:
            return self.Status.ACCEPTED
        if timezone.now() >= self.expires_at:
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def can_revoke(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.ACCEPTED}

    def token(self) -> str:
        return signing.dumps({"i": self.pk, "n": self.nonce}, salt=INVITATION_SALT, compress=True)

    def get_link(self) -> str:
        return settings.SITE_URL + reverse("suppliers:accept_invitation", args=[self.token()])

    @classmethod
    def from_token(cls, token: str) -> "Invitation":
        """The usable invitation of a link, or InvitationError with a Dutch reason."""
        try:
            data = signing.loads(token, salt=INVITATION_SALT, max_age=datetime.timedelta(days=INVITATION_DAYS))
        except signing.SignatureExpired:
            raise InvitationError(_("Deze uitnodiging is verlopen. Vraag de contractmanager om een nieuwe.")) from None
        except signing.BadSignature:
            raise InvitationError(
                _("Deze link is niet geldig. Controleer of je de hele link uit de e-mail gebruikt.")
            ) from None
        invitation = (
            cls.objects.unscoped()
            .select_related("supplier__trajectory__organisation")
            .filter(pk=data.get("i"), nonce=data.get("n"))
            .first()
            if isinstance(data, dict) and data.get("n")
            else None
        )
        if invitation is None:
            raise InvitationError(_("Deze link is niet geldig. Controleer of je de hele link uit de e-mail gebruikt."))
        status = invitation.status
        if status == cls.Status.REVOKED:
            raise InvitationError(_("Deze uitnodiging is ingetrokken. Neem contact op met de contractmanager."))
        if status == cls.Status.ACCEPTED:
            raise InvitationError(_("Deze uitnodiging is al gebruikt. Log in met je account."))
        if status == cls.Status.EXPIRED:
            raise InvitationError(_("Deze uitnodiging is verlopen. Vraag de contractmanager om een nieuwe."))
        return invitation

    def accept(self, user) -> None:
        """Grant ``user`` access to the contract; single use, also when two requests race."""
        with transaction.atomic():
            fresh = Invitation.objects.unscoped().select_for_update().get(pk=self.pk)
            if fresh.status != self.Status.PENDING:
                raise InvitationError(_("Deze uitnodiging is al gebruikt of niet meer geldig."))
            fresh.accepted_at, fresh.accepted_by = timezone.now(), user
            attribute_change(fresh, user=user)
            fresh.save(update_fields=["accepted_at", "accepted_by"])
        self.accepted_at, self.accepted_by = fresh.accepted_at, user

    def revoke(self, user) -> None:
        self.revoked_at = timezone.now()
        attribute_change(self, user=user)
        self.save(update_fields=["revoked_at"])


class SubmissionQuerySet(OrganisationScopedQuerySet):
    def waiting(self):
        return self.filter(status=Submission.Status.WAITING)


class Submission(models.Model):
    """A value the supplier reports for one contract KPI and year, waiting for the contractmanager."""

    # Set by the access helper that fetched it for a request: whether the viewer may accept or return it.
    can_review: bool

    class Status(models.TextChoices):
        WAITING = "waiting", _("Wacht op beoordeling")
        ACCEPTED = "accepted", _("Geaccepteerd")
        RETURNED = "returned", _("Teruggestuurd")

    organisation_path = "supplier__trajectory__organisation"

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("leverancier")
    )
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="supplier_submissions", verbose_name=_("KPI"))
    year = models.PositiveSmallIntegerField(_("jaar"))
    value = models.DecimalField(_("waarde"), max_digits=16, decimal_places=4)
    note = models.TextField(_("toelichting"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WAITING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    review_comment = models.TextField(_("opmerking bij beoordeling"), blank=True, max_length=2000)
    measurement = models.ForeignKey(
        Measurement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supplier_submissions",
        verbose_name=_("meting"),
    )
    history = HistoricalRecords()

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("inzending")
        verbose_name_plural = _("inzendingen")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "kpi", "year"],
                condition=models.Q(status="waiting"),
                name="one_waiting_submission_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.year}: {self.value}"

    def get_absolute_url(self) -> str:
        return reverse("suppliers:submission", args=[self.pk])

    @property
    def source_label(self) -> str:
        return _("bron: leverancier %(name)s (inzending %(pk)s)") % {"name": self.supplier.name, "pk": self.pk}

    def accept(self, user) -> Measurement:
        """The value becomes the official whole-year measurement of the KPI, marked as the supplier's."""
        with transaction.atomic():
            measurement = (
                Measurement.objects.filter(
                    kpi_id=self.kpi_id, year=self.year, quarter=0, department__isnull=True, category__isnull=True
                )
                .select_for_update()
                .first()
            )
            if measurement is None:
                measurement = Measurement(kpi_id=self.kpi_id, year=self.year, quarter=0)
            else:
                measurement.version += 1
            measurement.value = self.value
            measurement.source = str(self.source_label)[:300]
            measurement.note = self.note
            measurement.entered_by = user
            attribute_change(measurement, user=user)
            measurement.save()
            self.status = self.Status.ACCEPTED
            self.reviewed_by, self.reviewed_at = user, timezone.now()
            self.measurement = measurement
            attribute_change(self, user=user)
            self.save()
        return measurement

    def return_to_supplier(self, user, comment: str) -> None:
        self.status = self.Status.RETURNED
        self.reviewed_by, self.reviewed_at = user, timezone.now()
        self.review_comment = comment
        attribute_change(self, user=user)
        self.save()


def evidence_path(instance, filename: str) -> str:
    """A random name under the organisation's folder; the (sanitised) original name is kept in the row."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"evidence/{secrets.token_hex(16)}.{extension}"


class Evidence(models.Model):
    """An evidence file of a submission, stored through the "evidence" storage, served by an access-checked view."""

    organisation_path = "submission__supplier__trajectory__organisation"

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("inzending")
    )
    file = models.FileField(_("bestand"), upload_to=evidence_path, storage=evidence_storage, max_length=200)
    name = models.CharField(_("bestandsnaam"), max_length=150)
    content_type = models.CharField(_("soort"), max_length=100)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("suppliers:evidence", args=[self.pk])


class Reminder(models.Model):
    """A reminder that was sent, so running the reminders again sends nothing new.

    ``kind`` is "due" or "overdue" for a supplier's period (kpi and year set),
    or "digest" for the weekly digest of a contract (``year``/``week``: the ISO week).
    """

    class Kind(models.TextChoices):
        DUE = "due", _("Periode te rapporteren")
        OVERDUE = "overdue", _("Periode te laat")
        DIGEST = "digest", _("Wekelijks overzicht")

    organisation_path = "supplier__trajectory__organisation"

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    year = models.PositiveSmallIntegerField()
    week = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            models.UniqueConstraint(
                "supplier",
                "kind",
                Coalesce("kpi", models.Value(0)),
                "year",
                "week",
                name="one_reminder_per_period_or_week",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.supplier} {self.year}"


class Message(models.Model):
    """A message in the thread of one contract between the supplier and the contract team."""

    organisation_path = "supplier__trajectory__organisation"

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="messages", verbose_name=_("leverancier")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("afzender")
    )
    from_supplier = models.BooleanField(_("van de leverancier"))
    text = models.TextField(_("bericht"), max_length=4000)
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")

    def __str__(self) -> str:
        return self.text[:50]


class Proposal(models.Model):
    """An improvement proposal by the supplier (less material, take-back, sharing …), evaluated by the team."""

    class Status(models.TextChoices):
        OPEN = "open", _("Wacht op beoordeling")
        ACCEPTED = "accepted", _("Aangenomen")
        DECLINED = "declined", _("Afgewezen")

    organisation_path = "supplier__trajectory__organisation"

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("leverancier")
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("voorstel"), max_length=4000)
    strategy = models.ForeignKey(
        "rladder.RStrategy", on_delete=models.PROTECT, related_name="+", verbose_name=_("R-strategie")
    )
    expected_effect = models.TextField(_("verwacht effect"), max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reason = models.TextField(_("motivering"), blank=True, max_length=2000)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("verbetervoorstel")
        verbose_name_plural = _("verbetervoorstellen")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("suppliers:proposal", args=[self.pk])

    def decide(self, user, *, accepted: bool, reason: str) -> None:
        self.status = self.Status.ACCEPTED if accepted else self.Status.DECLINED
        self.decided_by, self.decided_at, self.reason = user, timezone.now(), reason
        attribute_change(self, user=user)
        self.save()
