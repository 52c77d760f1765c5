"""Stored dossier PDFs: one per trajectory and content version, made once (by the task worker)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.scoping import OrganisationScopedQuerySet


class DossierDocument(models.Model):
    """The PDF of a trajectory's dossier for one content version (see procurement/dossier_pdfs.py).

    The unique (trajectory, version) pair is what makes the PDF of a version be
    queued once: the request that creates the row queues the task, every other
    request finds the row and waits for it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Wordt gemaakt")
        READY = "ready", _("Klaar")
        FAILED = "failed", _("Mislukt")
        # The dossier changed while its PDF was queued or being made: nothing was stored.
        SUPERSEDED = "superseded", _("Vervangen door een nieuwere versie")

    trajectory = models.ForeignKey(
        "procurement.Trajectory", on_delete=models.CASCADE, related_name="documents", verbose_name=_("traject")
    )
    version = models.CharField(_("inhoudsversie"), max_length=64)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    # When a worker claimed it; also the claim's token: a worker finishes only its own claim.
    started_at = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    task_id = models.CharField(_("taak"), max_length=64, blank=True)
    # The name of the file in the "documents" storage, its size and its SHA-256 (the ETag).
    file = models.CharField(_("bestand"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    runs = models.PositiveIntegerField(_("keren gemaakt"), default=0)
    error = models.TextField(_("foutmelding"), blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("opgeslagen dossier-PDF")
        verbose_name_plural = _("opgeslagen dossier-PDF's")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "version"], name="one_dossier_pdf_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory_id}: {self.version} ({self.status})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}
