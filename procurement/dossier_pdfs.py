"""Stored dossier PDFs: made once per content version, then served from the "documents" storage.

The *content version* of a dossier says whether it changed: a hash of the newest history
id of every kind of row its sections read (``DossierSection.reads``, lib/versions.py), of
the templates that lay it out (``layout_digest``) and of the language it is written in
with that language's catalogue (``catalogue_digest``): the requester's language, so a
Dutch and an English PDF are two versions, each stored under its own name and never
served for the other. Every save and delete of those rows writes a history record, so
any change gives another content version. The parts are
correlated subqueries, annotated on the trajectory query the view makes anyway.

A request for an unchanged dossier is served from storage. For a new version
one ``DossierDocument`` row is created (unique per trajectory and version, so
the PDF is queued once however many people ask) and ``make_dossier_pdf`` runs
on the task worker, or in the request when no worker runs (``TASK_WORKER``).
After each new PDF the trajectory keeps its newest ``DOCUMENT_VERSIONS_KEPT``.
"""

import contextlib
import dataclasses
import datetime
import functools
import hashlib
import json
import logging
import re
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.template import Engine
from django.utils import timezone

from lib import language as languages
from lib.stored_files import storage
from lib.versions import Reads, annotations

from .extensions import dossier_sections
from .models import DossierDocument, Trajectory

logger = logging.getLogger(__name__)

PREFIX = "dossier_reads_"
PDF_TEMPLATE = "procurement/dossier_pdf.html"
_INCLUDED = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def reads() -> list:
    """Every kind of row the dossier's sections read, once each."""
    found: dict[str, Reads] = {}
    for section in dossier_sections:
        for read in section.reads:
            found.setdefault(read.name, read)
    return list(found.values())


def with_version(queryset):
    """``queryset`` of trajectories annotated with the parts of their dossier's content version."""
    return queryset.annotate(**annotations(reads(), PREFIX))


def _names() -> list[str]:
    return sorted(PREFIX + read.name for read in reads())


# Cached: the templates ship with the code and are fixed for the life of the process.
@functools.cache
def layout_digest() -> str:
    """A digest of the templates the PDF is made from: another layout makes every stored PDF again."""
    digest = hashlib.sha256()
    for name, source in sorted(layout_sources().items()):
        digest.update(f"{name}\0{source}\0".encode())
    return digest.hexdigest()[:16]


# Cached: the compiled catalogues ship with the code and are fixed for the life of the process.
@functools.cache
def catalogue_digest(language: str) -> str:
    """A digest of the app's compiled catalogue of ``language``: new translations make its stored PDFs again."""
    digest = hashlib.sha256(language.encode())
    for base in settings.LOCALE_PATHS:
        path = Path(base) / language / "LC_MESSAGES" / "django.mo"
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def layout_sources() -> dict[str, str]:
    """The source of every template of the PDF: its own, its sections', and what they include (followed down)."""
    sources: dict[str, str] = {}
    todo = sorted({PDF_TEMPLATE, *section_templates()})
    while todo:
        name = todo.pop()
        if name not in sources:
            sources[name] = Engine.get_default().get_template(name).source
            todo.extend(_INCLUDED.findall(sources[name]))
    return sources


def section_templates() -> set[str]:
    """The templates the dossier's sections render with."""
    return {section.template for section in dossier_sections}


def version_parts(pk: int) -> dict:
    """The parts of the content version of trajectory ``pk`` (one query)."""
    row = with_version(Trajectory.objects.unscoped().filter(pk=pk)).values(*_names()).first()
    return row or dict.fromkeys(_names(), 0)


def content_version(trajectory: Trajectory, language: str | None = None) -> str:
    """The dossier's content version in ``language`` (default: the active one).

    From the annotations of ``with_version``, or one query.
    """
    language = language or languages.current()
    names = _names()
    if all(hasattr(trajectory, name) for name in names):
        return _hash({name: getattr(trajectory, name) for name in names}, language)
    return _hash(version_parts(trajectory.pk), language)


def _hash(parts: dict, language: str) -> str:
    values = [layout_digest(), f"language={language}", catalogue_digest(language)]
    values += [f"{name.removeprefix(PREFIX)}={parts[name] or 0}" for name in sorted(parts)]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:32]


# What the download needs of the newest PDF made, read with the version parts by ``stored_download``.
_NEWEST = ("content_version", "file", "size", "sha256", "finished_at")


@dataclasses.dataclass(frozen=True)
class StoredDownload:
    slug: str
    file: str
    size: int
    sha256: str
    finished_at: datetime.datetime | None


def stored_download(organisation_id: int, pk: int, language: str | None = None) -> StoredDownload | None:
    """The stored PDF in ``language`` of trajectory ``pk`` of this organisation when the dossier is unchanged since.

    The fast path of a download: one query gives the trajectory (in the organisation:
    the same scope as ``get_trajectory_for_user``), its content version and its newest
    PDF made in that language (default: the active one). None means: not found, or no PDF
    of this version yet; the caller then takes the full path, which answers 404 or makes the PDF.
    """
    language = language or languages.current()
    newest = (
        DossierDocument.objects.unscoped()
        .filter(trajectory_id=OuterRef("pk"), status=DossierDocument.Status.READY, language=language)
        .order_by("-finished_at", "-pk")
    )
    trajectory = (
        with_version(Trajectory.objects.unscoped().filter(organisation_id=organisation_id, pk=pk))
        .annotate(**{f"pdf_{name}": Subquery(newest.values(name)[:1]) for name in _NEWEST})
        .only("slug")
        .first()
    )
    if trajectory is None or not trajectory.pdf_file:
        return None
    if trajectory.pdf_content_version != content_version(trajectory, language):
        return None
    return StoredDownload(
        trajectory.slug,
        trajectory.pdf_file,
        trajectory.pdf_size or 0,
        trajectory.pdf_sha256,
        trajectory.pdf_finished_at,
    )


def current_document(trajectory: Trajectory, version: str) -> DossierDocument | None:
    return DossierDocument.objects.filter(trajectory=trajectory, content_version=version).first()


def _stale_before():
    return timezone.now() - timezone.timedelta(seconds=settings.DOCUMENT_RENDER_TIMEOUT)


def needs_request(document: DossierDocument | None) -> bool:
    """Whether a download of this version must (re)queue its PDF rather than wait or serve it."""
    if document is None or document.status in {DossierDocument.Status.FAILED, DossierDocument.Status.SUPERSEDED}:
        return True
    return document.is_pending and (document.started_at or document.requested_at) < _stale_before()


def request_document(
    trajectory: Trajectory, version: str, user, language: str | None = None
) -> tuple[DossierDocument, bool]:
    """The document of ``version`` in ``language`` (default: the active one), queued now if nobody asked for it yet.

    Returns (document, queued): queued when this call queued it (also again after it failed).

    Exactly one caller queues a version: the row is unique per (trajectory, version),
    and one that failed, was superseded or stalled (queued or running for longer than
    ``DOCUMENT_RENDER_TIMEOUT``: a worker that died) is claimed back with a conditional UPDATE.
    """
    language = language or languages.current()
    try:
        with transaction.atomic():
            document = DossierDocument.objects.create(
                trajectory=trajectory, content_version=version, language=language, requested_by=user
            )
    except IntegrityError:
        document = DossierDocument.objects.get(trajectory=trajectory, content_version=version)
        stale = _stale_before()
        retried = (
            DossierDocument.objects.filter(pk=document.pk, trajectory=trajectory)
            .filter(
                Q(status__in=[DossierDocument.Status.FAILED, DossierDocument.Status.SUPERSEDED])
                | Q(status=DossierDocument.Status.RUNNING, started_at__lt=stale)
                | Q(status=DossierDocument.Status.QUEUED, requested_at__lt=stale)
            )
            .update(
                status=DossierDocument.Status.QUEUED,
                error="",
                requested_by=user,
                requested_at=timezone.now(),
                started_at=None,
            )
        )
        if not retried:
            return document, False
        document.refresh_from_db()
    _start(document)
    return document, True


def _start(document: DossierDocument) -> None:
    from .tasks import make_dossier_pdf

    if not settings.TASK_WORKER:
        # No worker runs (`make run`, tests): make it now, in the request. A failure is
        # recorded on the document (and logged) and shown on the status page.
        with contextlib.suppress(Exception):
            make_dossier_pdf.call(document.pk)
        document.refresh_from_db()
        return

    def enqueue():
        result = make_dossier_pdf.enqueue(document.pk)
        DossierDocument.objects.filter(pk=document.pk, trajectory_id=document.trajectory_id).update(
            task_id=str(result.id)
        )

    transaction.on_commit(enqueue)


def make(document_id: int) -> str:
    """Render and store the PDF of one DossierDocument (the task body); prune older versions.

    A queued document is claimed by setting its ``started_at``; that moment is also the
    claim's token, so a worker that was given up on (see ``request_document``) cannot
    overwrite the work of the one that took over. The PDF shows the dossier as it is
    when it is rendered, so the content version is read before and after rendering:
    when the dossier changed meanwhile nothing is stored under the older version
    (SUPERSEDED), and the next download asks for the PDF of the newer one.
    """
    from .dossier import dossier_queryset, html_to_pdf, render_pdf_html

    document = DossierDocument.objects.unscoped().get(pk=document_id)
    own = DossierDocument.objects.filter(pk=document.pk, trajectory_id=document.trajectory_id)
    started = timezone.now()
    claimed = own.filter(status=DossierDocument.Status.QUEUED).update(
        status=DossierDocument.Status.RUNNING, started_at=started
    )
    if not claimed:
        return document.status  # made (or being made) already: never twice
    mine = own.filter(status=DossierDocument.Status.RUNNING, started_at=started)
    if _superseded(document, mine):
        return DossierDocument.Status.SUPERSEDED
    try:
        trajectory = dossier_queryset().unscoped().get(pk=document.trajectory_id)
        pdf = html_to_pdf(render_pdf_html(trajectory, language=document.language))
    except Exception as exc:
        logger.exception("Dossier PDF %s failed", document_id)
        mine.update(status=DossierDocument.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        raise
    if _superseded(document, mine):
        return DossierDocument.Status.SUPERSEDED
    name = storage().save(
        f"dossiers/{trajectory.organisation_id}/{trajectory.pk}/{document.content_version}-{document.language}.pdf",
        ContentFile(pdf),
    )
    finished = mine.update(
        status=DossierDocument.Status.READY,
        file=name,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        finished_at=timezone.now(),
        error="",
        runs=F("runs") + 1,
    )
    if not finished:
        # Given up on while rendering, and taken over: the other claim stores the PDF.
        storage().delete(name)
        return DossierDocument.Status.SUPERSEDED
    prune(trajectory)
    return DossierDocument.Status.READY


def _superseded(document: DossierDocument, mine) -> bool:
    """Whether the dossier changed since ``document``'s version; if so, ``mine`` (its claim) is marked SUPERSEDED."""
    if _hash(version_parts(document.trajectory_id), document.language) == document.content_version:
        return False
    mine.update(status=DossierDocument.Status.SUPERSEDED, finished_at=timezone.now())
    return True


def prune(trajectory: Trajectory, keep: int | None = None) -> int:
    """Delete all but the newest ``keep`` (DOCUMENT_VERSIONS_KEPT) finished PDFs per language of ``trajectory``.

    Returns how many were deleted.
    """
    keep = keep or settings.DOCUMENT_VERSIONS_KEPT
    finished = DossierDocument.objects.filter(
        trajectory=trajectory,
        status__in=[DossierDocument.Status.READY, DossierDocument.Status.FAILED, DossierDocument.Status.SUPERSEDED],
    ).order_by("-finished_at", "-pk")
    old = [document for language in languages.codes() for document in finished.filter(language=language)[keep:]]
    for document in old:
        if document.file:
            storage().delete(document.file)
    DossierDocument.objects.filter(trajectory=trajectory, pk__in=[d.pk for d in old]).delete()
    return len(old)
