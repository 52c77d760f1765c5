"""Stored dossier PDFs: one per trajectory and content version, made once (by the task worker)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.stored_files import StoredDocument
from organisations.scoping import OrganisationScopedQuerySet


class DossierDocument(StoredDocument):
    """The PDF of a trajectory's dossier for one content version (see procurement/dossier_pdfs.py).

    The unique (trajectory, content_version) pair is what makes the PDF of a version be
    queued once: the request that creates the row queues the task, every other
    request finds the row and waits for it. The content version includes the
    ``language`` the PDF is written in (its requester's), so a Dutch and an English
    PDF of the same dossier are two documents, never served one for the other.
    """

    trajectory = models.ForeignKey(
        "procurement.Trajectory", on_delete=models.CASCADE, related_name="documents", verbose_name=_("traject")
    )
    content_version = models.CharField(_("inhoudsversie"), max_length=64)
    language = models.CharField(_("taal"), max_length=10, choices=settings.LANGUAGES, default="nl")
    runs = models.PositiveIntegerField(_("keren gemaakt"), default=0)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("opgeslagen dossier-PDF")
        verbose_name_plural = _("opgeslagen dossier-PDF's")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "content_version"], name="one_dossier_pdf_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory_id}: {self.content_version} ({self.status})"
