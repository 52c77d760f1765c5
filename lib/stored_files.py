"""Stored documents (PDFs): made by a background task, kept in the "documents" storage, served as downloads.

Apps store files they made once (a dossier PDF per content version, an annual
report) through ``storage()``, i.e. ``storages["documents"]`` (a directory under
DATA_DIR by default; every app server must see the same one), and keep what they
know of each in a model built on ``StoredDocument``: one status vocabulary for the
job, and the file's name, size and SHA-256. ``serve`` streams such a file with an
ETag and Last-Modified, and answers a matching ``If-None-Match`` /
``If-Modified-Since`` with 304 Not Modified.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.http import HttpRequest, HttpResponseNotModified, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header, http_date, parse_etags, parse_http_date_safe
from django.utils.translation import gettext_lazy as _


def storage():
    return storages["documents"]


class StoredDocument(models.Model):
    """A document made once by a task (abstract: the dossier PDF, the annual report build on it).

    ``started_at`` is also the worker's claim: a worker finishes only the document it claimed.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Wordt gemaakt")
        READY = "ready", _("Klaar")
        FAILED = "failed", _("Mislukt")
        # What it was made of changed while it was queued or being made: nothing was stored.
        SUPERSEDED = "superseded", _("Vervangen door een nieuwere versie")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    started_at = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    task_id = models.CharField(_("taak"), max_length=64, blank=True)
    # The name of the file in the "documents" storage, its size and its SHA-256 (the ETag).
    file = models.CharField(_("bestand"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def is_finished(self) -> bool:
        return not self.is_pending

    def read(self) -> bytes:
        with storage().open(self.file, "rb") as file:
            return file.read()


def _not_modified(request: HttpRequest, etag: str, last_modified) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        # Weak comparison (RFC 9110 13.1.2): a proxy may have weakened our ETag.
        tags = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and last_modified is not None and int(last_modified.timestamp()) <= since


def _chunks(name: str, chunk_size: int = 64 * 1024):
    # The file is opened when the server starts sending and closed when it stops (or gives up):
    # a response that is never sent (a HEAD, a test) holds no open file.
    with storage().open(name, "rb") as file:
        while chunk := file.read(chunk_size):
            yield chunk


def serve(request: HttpRequest, name: str, *, filename: str, etag: str, last_modified, size: int) -> HttpResponseBase:
    """The stored file ``name`` as a streamed PDF attachment, or 304 when the client has this version."""
    quoted = f'"{etag}"'
    response: HttpResponseBase
    if _not_modified(request, quoted, last_modified):
        response = HttpResponseNotModified()
    else:
        response = StreamingHttpResponse(_chunks(name), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, filename)
        if size:
            response["Content-Length"] = str(size)
    response["ETag"] = quoted
    response["Cache-Control"] = "private, no-cache"
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response
