"""A trajectory's tender reference: the published tender (OCDS, e.g. from TenderNed) it is linked to."""

from datetime import UTC, datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.history import attribute_change
from organisations.scoping import OrganisationScopedQuerySet

# The dates a tender reference keeps (see TenderReference).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
DATE_FIELDS = ("release_date", "tender_start", "tender_end", "award_date", "contract_start", "contract_end")


class TenderReference(models.Model):
    """The tender a trajectory led to, as read from an uploaded OCDS release, record or package.

    Only what the team needs is kept (identifiers, title, value, dates, awarded
    suppliers, the buyer and the link back to the source); the uploaded file is
    not stored. A new upload replaces the reference.

    Its dates lie between ``EARLIEST`` and ``LATEST`` (1900–2199) (a constraint): a date that far out is a
    placeholder, not a date, and a datetime near year 1 or 9999 cannot be shown in local time.
    """

    trajectory = models.OneToOneField(
        "procurement.Trajectory",
        on_delete=models.CASCADE,
        related_name="tender_reference",
        verbose_name=_("traject"),
    )
    ocid = models.CharField(_("OCID"), max_length=200)
    release_id = models.CharField(_("release-id"), max_length=200, blank=True)
    release_date = models.DateTimeField(_("datum van de publicatie"), null=True, blank=True)
    tender_id = models.CharField(_("kenmerk aanbesteding"), max_length=200)
    title = models.CharField(_("titel"), max_length=500, blank=True)
    value = models.DecimalField(_("waarde"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("valuta"), max_length=3, blank=True)
    tender_start = models.DateTimeField(_("inschrijving open vanaf"), null=True, blank=True)
    tender_end = models.DateTimeField(_("inschrijving sluit op"), null=True, blank=True)
    award_id = models.CharField(_("id van de gunning"), max_length=200, blank=True)
    award_date = models.DateTimeField(_("datum van gunning"), null=True, blank=True)
    award_value = models.DecimalField(_("gunningswaarde"), max_digits=16, decimal_places=2, null=True, blank=True)
    # The file's contract, when it has one (an award alone is no contract); its period may come
    # from the tender's expected contract period otherwise.
    contract_id = models.CharField(_("id van het contract"), max_length=200, blank=True)
    contract_start = models.DateTimeField(_("start contract"), null=True, blank=True)
    contract_end = models.DateTimeField(_("einde contract"), null=True, blank=True)
    # [{"name": ..., "scheme": ..., "identifier": ...}], in the order of the file's awards.
    suppliers = models.JSONField(_("gegunde leveranciers"), default=list, blank=True)
    buyer_name = models.CharField(_("aanbestedende dienst"), max_length=500, blank=True)
    buyer_scheme = models.CharField(_("schema van de identificatie"), max_length=50, blank=True)
    buyer_identifier = models.CharField(_("identificatie aanbestedende dienst"), max_length=200, blank=True)
    source_url = models.URLField(_("bron"), max_length=1000, blank=True)
    # Dutch warnings of the import: schema faults in fields the app does not read, dates left out.
    import_warnings = models.JSONField(_("waarschuwingen bij het inlezen"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geïmporteerd door"),
    )
    imported_at = models.DateTimeField(_("geïmporteerd op"), auto_now=True)
    history = HistoricalRecords()

    organisation_path = "trajectory__organisation"
    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanbestedingsreferentie")
        verbose_name_plural = _("aanbestedingsreferenties")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    *(
                        Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": EARLIEST, f"{name}__lt": LATEST})
                        for name in DATE_FIELDS
                    )
                ),
                name="tender_reference_dates_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tender_id}: {self.title}" if self.title else self.tender_id

    @classmethod
    def link(cls, trajectory, fields: dict, *, user) -> "TenderReference":
        """Link (or re-link) the trajectory to a published tender, replacing an earlier reference."""
        with transaction.atomic():
            reference = cls.objects.filter(trajectory=trajectory).first() or cls(trajectory=trajectory)
            for name, value in fields.items():
                setattr(reference, name, value)
            reference.imported_by = user
            attribute_change(reference, user=user)
            reference.save()
            trajectory.record_activity()
        return reference

    def other_links(self):
        """Other trajectories of the organisation linked to the same tender (same ocid), oldest link first."""
        return (
            TenderReference.objects.filter(trajectory__organisation_id=self.trajectory.organisation_id, ocid=self.ocid)
            .exclude(pk=self.pk)
            .select_related("trajectory")
            .order_by("pk")
        )

    @property
    def supplier_names(self) -> list[str]:
        return [supplier.get("name") or supplier.get("identifier", "") for supplier in self.suppliers]
