"""Stored dossier PDFs: made once per content version, then served from the "documents" storage.

The *content version* of a dossier is a hash of everything it shows: for each
kind of row it draws on (the trajectory, its answers, checks, comments, review
steps, team, groeimodel, R-decisions, ambitieweb, its organisation, category and
department, and what higher apps add through ``DOSSIER_VERSION_SOURCES``) the
newest history record, plus the *guidance version* (the newest history record of
the phases, questions and R-ladder content) and ``TEMPLATE_VERSION``. Every save
of one of those rows writes a history record (django-simple-history; the
autosave writes its own), deletes included, so any change gives another version.
The figures are correlated subqueries annotated on the trajectory query that the
access check makes anyway: no extra round trip.

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

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.module_loading import import_string

from lib.stored_files import storage
from lib.versions import latest_history
from organisations.models import Department, Organisation, ProductCategory
from rladder.models import AmbitionLevel, AmbitionTheme, RStrategy

from .models import (
    Answer,
    AttentionCheck,
    AttentionPoint,
    Comment,
    DossierDocument,
    GrowthStep,
    GuidingQuestion,
    ImpactLine,
    Phase,
    PhaseRecord,
    RDecision,
    ReviewEvent,
    TenderReference,
    Trajectory,
    TrajectoryAmbition,
    TrajectoryEffect,
    TrajectoryMember,
)

logger = logging.getLogger(__name__)

# Raise when the PDF's templates or CSS change, so every stored PDF is made again.
TEMPLATE_VERSION = "2026-11-30.1"
VERSION_PREFIX = "dossier_v_"


def version_sources() -> dict:
    """The annotations whose values make up a dossier's content version (one subquery each)."""
    own = {
        "trajectory": latest_history(Trajectory, id=OuterRef("pk")),
        "answers": latest_history(Answer, trajectory_id=OuterRef("pk")),
        "checks": latest_history(AttentionCheck, trajectory_id=OuterRef("pk")),
        "comments": latest_history(Comment, trajectory_id=OuterRef("pk")),
        "phases": latest_history(PhaseRecord, trajectory_id=OuterRef("pk")),
        "reviews": latest_history(ReviewEvent, phase_record__trajectory_id=OuterRef("pk")),
        "team": latest_history(TrajectoryMember, trajectory_id=OuterRef("pk")),
        "growth": latest_history(GrowthStep, trajectory_id=OuterRef("pk")),
        "decisions": latest_history(RDecision, trajectory_id=OuterRef("pk")),
        "ambition": latest_history(TrajectoryAmbition, trajectory_id=OuterRef("pk")),
        "organisation": latest_history(Organisation, id=OuterRef("organisation_id")),
        "category": latest_history(ProductCategory, id=OuterRef("category_id")),
        "department": latest_history(Department, id=OuterRef("department_id")),
        "impact_lines": latest_history(ImpactLine, trajectory_id=OuterRef("pk")),
        "effect": latest_history(TrajectoryEffect, trajectory_id=OuterRef("pk")),
        "tender": latest_history(TenderReference, trajectory_id=OuterRef("pk")),
    }
    for path in getattr(settings, "DOSSIER_VERSION_SOURCES", []):
        for name, expression in import_string(path)().items():
            own[f"x_{name}"] = expression
    guidance = {
        f"g_{model._meta.model_name}": latest_history(model)
        for model in (Phase, GuidingQuestion, AttentionPoint, RStrategy, AmbitionTheme, AmbitionLevel)
    }
    return {VERSION_PREFIX + name: expression for name, expression in {**own, **guidance}.items()}


def with_version(queryset):
    """``queryset`` of trajectories annotated with the parts of their dossier's content version."""
    return queryset.annotate(**version_sources())


# A key no trajectory has: compiled in, then found among the query's parameters and replaced per call.
_PK_MARKER = -7_654_321


@functools.cache
def _prepared_cursor_class():
    from psycopg import Cursor

    class PreparedCursor(Cursor):
        """Prepares what it runs; Django turns psycopg's preparing off for the connection (prepare_threshold)."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            connection = self.connection
            threshold, connection.prepare_threshold = connection.prepare_threshold, 0
            try:
                return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)
            finally:
                connection.prepare_threshold = threshold

    return PreparedCursor


def _planned_once_cursor(connection):
    """A cursor whose repeated statements PostgreSQL plans once per connection.

    Django binds parameters on the client, so PostgreSQL plans every statement anew; planning
    the download query (two dozen subqueries) took longer than running it. This psycopg cursor
    binds on the server and has its statements prepared, once per connection (psycopg keeps
    them); Django's cursor wrapper around it keeps query logging and execute wrappers. Other
    databases get their usual cursor.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = _prepared_cursor_class()(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


@dataclasses.dataclass(frozen=True)
class _Compiled:
    """A query compiled once with marker values, whose places among the parameters take each call's values.

    Building and compiling two dozen correlated subqueries costs the ORM more than
    running them; the SQL is the same for every trajectory but for its key.
    """

    sql: str
    params: tuple
    places: tuple[int, ...]
    names: list[str]
    prepared: bool  # planned once per connection on PostgreSQL (``_planned_once_cursor``)

    @classmethod
    def of(cls, query, markers: tuple, names: list[str], *, prepared: bool = False) -> "_Compiled":
        sql, params = query.query.sql_with_params()
        params = tuple(params)
        return cls(sql, params, tuple(params.index(marker) for marker in markers), names, prepared)

    def fetch_one(self, *values) -> tuple | None:
        params = list(self.params)
        for place, value in zip(self.places, values, strict=True):
            params[place] = value
        connection = connections[DEFAULT_DB_ALIAS]
        with _planned_once_cursor(connection) if self.prepared else connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchone()


@functools.cache
def _version_query(vendor: str) -> _Compiled:
    """The version parts of one trajectory, compiled once per process and database vendor."""
    names = sorted(version_sources())
    query = with_version(Trajectory.objects.unscoped().filter(pk=_PK_MARKER)).values_list(*names)
    return _Compiled.of(query, (_PK_MARKER,), names)


def version_parts(pk: int) -> dict:
    """The parts of the content version of trajectory ``pk`` (one query)."""
    compiled = _version_query(connections[DEFAULT_DB_ALIAS].vendor)
    row = compiled.fetch_one(pk)
    return dict(zip(compiled.names, row or [0] * len(compiled.names), strict=True))


def content_version(trajectory: Trajectory) -> str:
    """The dossier's content version: from the annotations of ``with_version``, or one query."""
    names = _version_query(connections[DEFAULT_DB_ALIAS].vendor).names
    if all(hasattr(trajectory, name) for name in names):
        parts = {name: getattr(trajectory, name) for name in names}
    else:
        parts = version_parts(trajectory.pk)
    return _hash(parts)


def _hash(parts: dict) -> str:
    values = [TEMPLATE_VERSION] + [f"{name[len(VERSION_PREFIX) :]}={parts[name] or 0}" for name in sorted(parts)]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:32]


# The newest PDF made, read with the version parts by ``stored_download``.
_NEWEST = ("version", "file", "size", "sha256", "finished_at")
_ORGANISATION_MARKER = -7_654_322


@dataclasses.dataclass(frozen=True)
class StoredDownload:
    slug: str
    file: str
    size: int
    sha256: str
    finished_at: datetime.datetime | None


@functools.cache
def _download_query(vendor: str) -> _Compiled:
    """A trajectory's slug, its version parts and its newest PDF made, compiled once per process."""
    newest = (
        DossierDocument.objects.unscoped()
        .filter(trajectory_id=OuterRef("pk"), status=DossierDocument.Status.READY)
        .order_by("-finished_at", "-pk")
    )
    annotations = {f"newest_{name}": Subquery(newest.values(name)[:1]) for name in _NEWEST}
    names = sorted(version_sources())
    query = (
        with_version(Trajectory.objects.unscoped().filter(organisation_id=_ORGANISATION_MARKER, pk=_PK_MARKER))
        .annotate(**annotations)
        .values_list("slug", *names, *annotations)
    )
    return _Compiled.of(query, (_ORGANISATION_MARKER, _PK_MARKER), names, prepared=True)


def stored_download(organisation_id: int, pk: int) -> StoredDownload | None:
    """The stored PDF of trajectory ``pk`` of this organisation when the dossier is unchanged since; else None.

    The fast path of a download: one query gives the trajectory (in the organisation:
    the same scope as ``get_trajectory_for_user``), its content version and its newest
    PDF made. None means: not found, or no PDF of this version yet; the caller then
    takes the full path, which answers 404 or makes the PDF.
    """
    compiled = _download_query(connections[DEFAULT_DB_ALIAS].vendor)
    names = compiled.names
    row = compiled.fetch_one(organisation_id, pk)
    if row is None:
        return None
    slug, parts, newest = row[0], dict(zip(names, row[1 : 1 + len(names)], strict=True)), row[1 + len(names) :]
    newest = dict(zip(_NEWEST, newest, strict=True))
    if not newest["file"] or newest["version"] != _hash(parts):
        return None
    finished_at = newest["finished_at"]
    if isinstance(finished_at, str):  # SQLite hands a cursor its column as text or naive, in UTC
        finished_at = datetime.datetime.fromisoformat(finished_at)
    if finished_at is not None and timezone.is_naive(finished_at):
        finished_at = finished_at.replace(tzinfo=datetime.UTC)
    return StoredDownload(slug, newest["file"], newest["size"] or 0, newest["sha256"], finished_at)


def current_document(trajectory: Trajectory, version: str) -> DossierDocument | None:
    return DossierDocument.objects.filter(trajectory=trajectory, version=version).first()


def _stale_before():
    return timezone.now() - timezone.timedelta(seconds=settings.DOCUMENT_RENDER_TIMEOUT)


def needs_request(document: DossierDocument | None) -> bool:
    """Whether a download of this version must (re)queue its PDF rather than wait or serve it."""
    if document is None or document.status in {DossierDocument.Status.FAILED, DossierDocument.Status.SUPERSEDED}:
        return True
    return document.is_pending and (document.started_at or document.requested_at) < _stale_before()


def request_document(trajectory: Trajectory, version: str, user) -> tuple[DossierDocument, bool]:
    """The document of ``version``, queued now if nobody asked for it yet (or it failed); (document, queued).

    Exactly one caller queues a version: the row is unique per (trajectory, version),
    and one that failed, was superseded or stalled (queued or running for longer than
    ``DOCUMENT_RENDER_TIMEOUT``: a worker that died) is claimed back with a conditional UPDATE.
    """
    try:
        with transaction.atomic():
            document = DossierDocument.objects.create(trajectory=trajectory, version=version, requested_by=user)
    except IntegrityError:
        document = DossierDocument.objects.get(trajectory=trajectory, version=version)
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
        pdf = html_to_pdf(render_pdf_html(trajectory))
    except Exception as exc:
        logger.exception("Dossier PDF %s failed", document_id)
        mine.update(status=DossierDocument.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        raise
    if _superseded(document, mine):
        return DossierDocument.Status.SUPERSEDED
    name = storage().save(
        f"dossiers/{trajectory.organisation_id}/{trajectory.pk}/{document.version}.pdf", ContentFile(pdf)
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
    if _hash(version_parts(document.trajectory_id)) == document.version:
        return False
    mine.update(status=DossierDocument.Status.SUPERSEDED, finished_at=timezone.now())
    return True


def prune(trajectory: Trajectory, keep: int | None = None) -> int:
    """Delete all but the newest ``keep`` (DOCUMENT_VERSIONS_KEPT) finished PDFs of ``trajectory``; the count."""
    keep = keep or settings.DOCUMENT_VERSIONS_KEPT
    finished = DossierDocument.objects.filter(
        trajectory=trajectory,
        status__in=[DossierDocument.Status.READY, DossierDocument.Status.FAILED, DossierDocument.Status.SUPERSEDED],
    ).order_by("-finished_at", "-pk")
    old = list(finished[keep:])
    for document in old:
        if document.file:
            storage().delete(document.file)
    DossierDocument.objects.filter(trajectory=trajectory, pk__in=[d.pk for d in old]).delete()
    return len(old)
