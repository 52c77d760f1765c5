"""Stored dossier PDFs: made once per content version, served from storage, made by the task worker."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lib.stored_files import storage
from procurement import dossier_pdfs
from procurement.impact import refresh_effect
from procurement.models import (
    Comment,
    DossierDocument,
    GuidingQuestion,
    ImpactLine,
    Scenario,
    TenderReference,
    Trajectory,
)
from rladder.models import FactorUnit
from tests.factories import complete_trajectory

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(monkeypatch):
    """WeasyPrint is not what is tested here: a tiny PDF per call, and the calls counted."""
    calls = []

    def fake(html):
        calls.append(html)
        return b"%PDF-1.7 test " + str(len(calls)).encode()

    monkeypatch.setattr("procurement.dossier.html_to_pdf", fake)
    return calls


@pytest.fixture
def run_worker(monkeypatch):
    """`manage.py db_worker --batch`: every queued task through the database backend, then exit."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)

    return run


def body(response) -> bytes:
    # Reading the test client's stream closes the response (a direct close() would fire
    # request_finished and close the test's database connection on PostgreSQL).
    content = b"".join(response.streaming_content)
    return content


def pdf_url(trajectory) -> str:
    return reverse("procurement:dossier_pdf", args=[trajectory.pk])


def status_url(trajectory) -> str:
    return reverse("procurement:dossier_pdf_status", args=[trajectory.pk])


def test_an_unchanged_dossier_is_made_once_and_then_served_from_storage(client, world, made):
    trajectory = world.review_trajectory_a
    client.force_login(world.users["lezer"])
    first = client.get(pdf_url(trajectory))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"].startswith('attachment; filename="dossier-')
    assert body(first) == b"%PDF-1.7 test 1"
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified
    assert first["Cache-Control"] == "private, no-cache"

    second = client.get(pdf_url(trajectory))
    assert body(second) == b"%PDF-1.7 test 1" and second["ETag"] == etag
    assert second["Last-Modified"] == modified and second["Content-Disposition"] == first["Content-Disposition"]
    assert second["Content-Length"] == first["Content-Length"] == str(len(b"%PDF-1.7 test 1"))
    assert len(made) == 1
    document = DossierDocument.objects.get(trajectory=trajectory)
    assert document.is_ready and document.runs == 1 and storage().exists(document.file)

    # The browser's copy is current: 304 without a body.
    assert client.get(pdf_url(trajectory), headers={"If-None-Match": etag}).status_code == 304
    assert client.get(pdf_url(trajectory), headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    assert client.get(pdf_url(trajectory), headers={"If-Modified-Since": modified}).status_code == 304
    assert body(client.get(pdf_url(trajectory), headers={"If-None-Match": '"other"'})) == b"%PDF-1.7 test 1"
    assert len(made) == 1


def test_every_change_the_dossier_shows_gives_a_new_version(world):
    trajectory = complete_trajectory(world.org_a, "Versies", category=world.category_a)
    seen = set()

    def version():
        fresh = Trajectory.objects.for_organisation(world.org_a).get(pk=trajectory.pk)
        value = dossier_pdfs.content_version(fresh)
        assert value not in seen
        seen.add(value)

    version()
    answer = trajectory.answers.first()
    values = {**answer.edit_values(), "text": "Nieuw antwoord"}
    answer.apply_edit(user=world.users["inkoper"], values=values, base_version=answer.version)
    version()
    record = trajectory.phases.first()
    comment = Comment.objects.create(trajectory=trajectory, phase_record=record, author=None, body="Hoi")
    version()
    comment.delete()
    version()
    trajectory.title = "Versies, herzien"
    trajectory.save()
    version()
    world.category_a.name = "Andere naam"
    world.category_a.save()
    version()
    line = ImpactLine.objects.create(
        trajectory=trajectory, scenario=Scenario.REFERENCE, quantity=120, quantity_unit=FactorUnit.PIECE
    )
    refresh_effect(trajectory)
    version()
    line.quantity = 80
    line.save()
    version()
    TenderReference.objects.create(trajectory=trajectory, ocid="ocds-test-1", tender_id="T-1", title="Aanbesteding")
    version()
    question = GuidingQuestion.objects.first()
    question.text = "Herschreven"
    question.save()  # guidance: unanswered questions are shown from it
    version()
    # Nothing changed: the same version again.
    assert dossier_pdfs.content_version(Trajectory.objects.for_organisation(world.org_a).get(pk=trajectory.pk)) in seen


def test_with_a_worker_the_pdf_is_queued_once_and_the_page_polls(
    client, world, made, run_worker, settings, django_capture_on_commit_callbacks
):
    settings.TASK_WORKER = True
    trajectory = world.review_trajectory_a
    client.force_login(world.users["inkoper"])
    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.get(pdf_url(trajectory))
    assert waiting.status_code == 200 and waiting["Content-Type"].startswith("text/html")
    page = waiting.content.decode()
    assert "Het dossier wordt gemaakt…" in page
    assert f'data-hx-get="{status_url(trajectory)}" data-hx-trigger="every 2s"' in page
    assert 'aria-live="polite"' in page and f'href="{status_url(trajectory)}">Ververs nu</a>' in page
    assert made == []  # nothing rendered in the request

    # Others asking for the same version (and the dossier page) wait for the same task.
    client.force_login(world.users["chef"])
    with django_capture_on_commit_callbacks(execute=True):
        assert "Het dossier wordt gemaakt…" in client.get(pdf_url(trajectory)).content.decode()
    dossier_page = client.get(reverse("procurement:dossier", args=[trajectory.pk])).content.decode()
    assert "Het dossier wordt gemaakt…" in dossier_page
    document = DossierDocument.objects.get(trajectory=trajectory)
    assert DBTaskResult.objects.count() == 1 and str(DBTaskResult.objects.get().id) == document.task_id
    partial = client.get(status_url(trajectory), headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="dossier-pdf-status"') and "every 2s" in partial

    run_worker()

    document.refresh_from_db()
    assert document.is_ready and document.runs == 1 and len(made) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    partial = client.get(status_url(trajectory), headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in partial and "Het dossier is klaar." in partial and pdf_url(trajectory) in partial
    assert body(client.get(pdf_url(trajectory))) == b"%PDF-1.7 test 1"


def test_no_duplicate_task_for_one_version(world, made, settings, django_capture_on_commit_callbacks):
    settings.TASK_WORKER = True
    trajectory = Trajectory.objects.for_organisation(world.org_a).get(pk=world.review_trajectory_a.pk)
    version = dossier_pdfs.content_version(trajectory)
    with django_capture_on_commit_callbacks(execute=True):
        first, queued_first = dossier_pdfs.request_document(trajectory, version, world.users["inkoper"])
        second, queued_second = dossier_pdfs.request_document(trajectory, version, world.users["chef"])
    assert (queued_first, queued_second) == (True, False) and first.pk == second.pk
    assert DossierDocument.objects.filter(trajectory=trajectory).count() == 1
    assert DBTaskResult.objects.count() == 1
    # A task delivered twice still makes the PDF once.
    assert dossier_pdfs.make(first.pk) == DossierDocument.Status.READY
    assert dossier_pdfs.make(first.pk) == DossierDocument.Status.READY
    first.refresh_from_db()
    assert first.runs == 1 and len(made) == 1


def test_a_failed_pdf_is_shown_and_can_be_asked_again(client, world, monkeypatch):
    def broken(html):
        raise RuntimeError("kapot")

    monkeypatch.setattr("procurement.dossier.html_to_pdf", broken)
    trajectory = world.review_trajectory_a
    client.force_login(world.users["inkoper"])
    page = client.get(pdf_url(trajectory)).content.decode()
    assert "Het maken van de PDF is mislukt." in page and f'href="{pdf_url(trajectory)}">Probeer het opnieuw' in page
    monkeypatch.setattr("procurement.dossier.html_to_pdf", lambda html: b"%PDF-1.7 fixed")
    assert body(client.get(pdf_url(trajectory))) == b"%PDF-1.7 fixed"
    assert DossierDocument.objects.get(trajectory=trajectory).is_ready


def test_old_versions_are_pruned(client, world, made, settings):
    settings.DOCUMENT_VERSIONS_KEPT = 2
    trajectory = world.review_trajectory_a
    client.force_login(world.users["inkoper"])
    files = []
    for n in range(4):
        trajectory.description = f"Versie {n}"
        trajectory.save()
        body(client.get(pdf_url(trajectory)))
        files.append(DossierDocument.objects.filter(trajectory=trajectory).first().file)
    kept = DossierDocument.objects.filter(trajectory=trajectory)
    assert [d.file for d in kept] == files[:1:-1]
    assert [storage().exists(name) for name in files] == [False, False, True, True]


def test_serving_a_stored_pdf_takes_the_same_queries_whatever_the_dossier_size(
    client, world, made, django_assert_max_num_queries
):
    small = Trajectory.objects.create(organisation=world.org_a, title="Klein", slug="klein", description="-")
    big = complete_trajectory(world.org_a, "Groot", category=world.category_a, department=world.department_a)
    client.force_login(world.users["lezer"])
    for trajectory in (small, big):
        body(client.get(pdf_url(trajectory)))  # made and stored
    counts = []
    for trajectory in (small, big):
        with django_assert_max_num_queries(12) as captured:
            assert body(client.get(pdf_url(trajectory))).startswith(b"%PDF")
        counts.append(len(captured))
    assert counts[0] == counts[1]


def _queued(world, settings, django_capture_on_commit_callbacks):
    settings.TASK_WORKER = True
    trajectory = Trajectory.objects.for_organisation(world.org_a).get(pk=world.review_trajectory_a.pk)
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = dossier_pdfs.request_document(trajectory, dossier_pdfs.content_version(trajectory), None)
    return trajectory, document


def test_a_dossier_changed_while_queued_is_not_stored_under_the_older_version(
    client, world, made, settings, django_capture_on_commit_callbacks
):
    trajectory, document = _queued(world, settings, django_capture_on_commit_callbacks)
    Comment.objects.create(
        trajectory=trajectory, phase_record=trajectory.phases.first(), author=None, body="Nog een opmerking"
    )

    assert dossier_pdfs.make(document.pk) == DossierDocument.Status.SUPERSEDED
    document.refresh_from_db()
    assert document.status == DossierDocument.Status.SUPERSEDED and not document.file and made == []
    # The next download asks for the PDF of the dossier as it is now.
    client.force_login(world.users["inkoper"])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(pdf_url(trajectory)).content.decode()
    assert "Het dossier wordt gemaakt…" in page
    assert DossierDocument.objects.filter(trajectory=trajectory).count() == 2


def test_a_dossier_changed_while_being_rendered_is_not_stored(
    world, monkeypatch, settings, django_capture_on_commit_callbacks
):
    trajectory, document = _queued(world, settings, django_capture_on_commit_callbacks)

    def render_while_someone_edits(html):
        Comment.objects.create(
            trajectory=trajectory, phase_record=trajectory.phases.first(), author=None, body="Tijdens het maken"
        )
        return b"%PDF-1.7 stale"

    monkeypatch.setattr("procurement.dossier.html_to_pdf", render_while_someone_edits)
    assert dossier_pdfs.make(document.pk) == DossierDocument.Status.SUPERSEDED
    document.refresh_from_db()
    assert document.status == DossierDocument.Status.SUPERSEDED and not document.file and document.runs == 0


def test_a_pdf_stalled_by_a_dead_worker_is_offered_again_and_made_once(
    client, world, made, settings, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    trajectory, document = _queued(world, settings, django_capture_on_commit_callbacks)
    # A worker claimed it and died: "running" since long before the render timeout.
    long_ago = timezone.now() - timezone.timedelta(seconds=settings.DOCUMENT_RENDER_TIMEOUT + 1)
    DossierDocument.objects.unscoped().filter(pk=document.pk).update(
        status=DossierDocument.Status.RUNNING, started_at=long_ago
    )
    client.force_login(world.users["inkoper"])
    status = client.get(status_url(trajectory), headers={"HX-Request": "true"}).content.decode()
    assert "duurt veel langer dan normaal" in status and "every 2s" not in status
    assert f'href="{pdf_url(trajectory)}">Probeer het opnieuw' in status

    with django_capture_on_commit_callbacks(execute=True):
        assert "Het dossier wordt gemaakt…" in client.get(pdf_url(trajectory)).content.decode()
    document.refresh_from_db()
    assert document.status == DossierDocument.Status.QUEUED and document.started_at is None
    assert DBTaskResult.objects.count() == 2  # queued again
    assert dossier_pdfs.make(document.pk) == DossierDocument.Status.READY
    assert dossier_pdfs.make(document.pk) == DossierDocument.Status.READY  # the first task delivered late
    document.refresh_from_db()
    assert document.runs == 1 and len(made) == 1


def test_a_worker_given_up_on_does_not_overwrite_the_one_that_took_over(
    world, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    trajectory, document = _queued(world, settings, django_capture_on_commit_callbacks)

    def slow_render(html):
        # While this worker renders, it is given up on and another worker takes over and finishes.
        late = timezone.now() - timezone.timedelta(seconds=settings.DOCUMENT_RENDER_TIMEOUT + 1)
        DossierDocument.objects.unscoped().filter(pk=document.pk).update(started_at=late)
        monkeypatch.setattr("procurement.dossier.html_to_pdf", lambda html: b"%PDF-1.7 second")
        dossier_pdfs.request_document(trajectory, document.content_version, None)
        assert dossier_pdfs.make(document.pk) == DossierDocument.Status.READY
        return b"%PDF-1.7 first"

    folder = f"dossiers/{trajectory.organisation_id}/{trajectory.pk}"
    before = set(storage().listdir(folder)[1]) if storage().exists(folder) else set()
    monkeypatch.setattr("procurement.dossier.html_to_pdf", slow_render)
    assert dossier_pdfs.make(document.pk) == DossierDocument.Status.SUPERSEDED
    document.refresh_from_db()
    assert document.is_ready and document.runs == 1
    with storage().open(document.file, "rb") as file:
        assert file.read() == b"%PDF-1.7 second"
    # The given-up worker's file is deleted: the one new file is the other worker's.
    assert set(storage().listdir(folder)[1]) - before == {document.file.rsplit("/", 1)[1]}


def test_an_unchanged_download_reads_the_trajectory_its_version_and_its_pdf_in_one_query(
    client, world, made, django_assert_max_num_queries
):
    trajectory = world.review_trajectory_a
    client.force_login(world.users["lezer"])
    body(client.get(pdf_url(trajectory)))  # made and stored
    with django_assert_max_num_queries(12) as captured:
        assert body(client.get(pdf_url(trajectory))) == b"%PDF-1.7 test 1"
    reads = [q["sql"] for q in captured if "procurement_trajectory" in q["sql"] or "dossierdocument" in q["sql"]]
    assert len(reads) == 1

    # Changed since: the full path, which makes the PDF of the new version.
    Comment.objects.create(trajectory=trajectory, phase_record=trajectory.phases.first(), author=None, body="Nieuw")
    assert body(client.get(pdf_url(trajectory))) == b"%PDF-1.7 test 2"
    assert body(client.get(pdf_url(trajectory))) == b"%PDF-1.7 test 2" and len(made) == 2


def test_the_fast_path_never_serves_another_organisations_pdf(client, world, made):
    trajectory = world.review_trajectory_a
    client.force_login(world.users["lezer"])
    body(client.get(pdf_url(trajectory)))
    client.force_login(world.users["outsider"])
    assert client.get(pdf_url(trajectory)).status_code == 404
    assert dossier_pdfs.stored_download(world.org_b.pk, trajectory.pk) is None
    assert dossier_pdfs.stored_download(world.org_a.pk, trajectory.pk) is not None


def test_the_dossier_shows_awarded_suppliers_with_or_without_an_identifier(client, world):
    trajectory = world.review_trajectory_a
    TenderReference.objects.create(
        trajectory=trajectory,
        ocid="ocds-test-2",
        tender_id="T-2",
        suppliers=[{"name": "Refurb BV"}, {"identifier": "12345678", "scheme": "NL-KVK"}],
    )
    client.force_login(world.users["lezer"])
    response = client.get(reverse("procurement:dossier", args=[trajectory.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<li>Refurb BV</li>" in page and "12345678" in page and "NL-KVK 12345678" in page


def test_the_dossier_renders_when_the_people_in_it_were_deleted(client, world):
    """Accounts go when people leave; what they did stays in the record, as "onbekend"."""
    from django.contrib.auth import get_user_model

    from procurement.models import ReviewEvent

    trajectory = world.review_trajectory_a
    gone = get_user_model().objects.create_user("vertrokken", "vertrokken@example.org", "x")
    Trajectory.objects.for_organisation(world.org_a).filter(pk=trajectory.pk).update(created_by=gone)
    record = trajectory.phases.first()
    Comment.objects.create(trajectory=trajectory, phase_record=record, author=gone, body="Mijn laatste opmerking")
    ReviewEvent.objects.create(phase_record=record, kind=ReviewEvent.Kind.OFFERED, actor=gone)
    TenderReference.objects.create(trajectory=trajectory, ocid="ocds-test-3", tender_id="T-3", imported_by=gone)
    gone.delete()
    client.force_login(world.users["lezer"])
    response = client.get(reverse("procurement:dossier", args=[trajectory.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mijn laatste opmerking" in page and "onbekend" in page
