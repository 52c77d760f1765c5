"""The demo's notices, and the periodic commands moved onto the scheduler (the commands stay for runs by hand)."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from api.models import ApiRequest, ApiToken
from notifications import scheduler
from notifications.models import Kind, Notification, ScheduledJob

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_contract_ending_within_the_year_and_a_chef_who_sees_it(client):
    call_command("load_demo", stdout=StringIO())
    User = get_user_model()
    chef = User.objects.get(username="chef@voorbeeldstad.nl")
    notices = Notification.objects.for_user(chef)
    ending = notices.get(kind=Kind.CONTRACT_END, title__contains="Schoonmaak stadskantoor")
    assert ending.due <= timezone.localdate() + datetime.timedelta(days=366)
    supplier_kinds = {Kind.SUPPLIER_REPORT_DUE, Kind.SUPPLIER_REPORT_OVERDUE}
    reporter = User.objects.get(username="sanne@refurb-ict.example")
    assert Notification.objects.for_user(reporter).filter(kind__in=supplier_kinds).exists()
    client.force_login(chef)
    page = client.get(reverse("notifications:inbox")).text
    assert "Schoonmaak stadskantoor" in page and reverse("notifications:renew", args=[ending.pk]) in page
    # The follow-up started from the notice shows what the ending contract decided, measured and learned.
    follow_up = client.post(reverse("notifications:renew", args=[ending.pk])).url
    previous = client.get(follow_up).text.split('id="vorig-traject"')[1].split("</section>")[0]
    assert "R2" in previous and "Liter schoonmaakmiddel per jaar" in previous and "doseersystemen" in previous
    # Loading the demo again fires nothing twice (the notice now done: its contract was renewed).
    count = Notification.objects.unscoped().count()
    call_command("load_demo", stdout=StringIO())
    assert Notification.objects.unscoped().count() == count


def test_the_periodic_commands_are_jobs():
    assert {
        "notifications",
        "digests",
        "supplier_reminders",
        "benchmark",
        "prune_api_requests",
        "clearsessions",
        "axes_reset_logs",
        "prune_db_task_results",
    } <= set(scheduler.registered())


@pytest.mark.parametrize(
    ("backend", "ran"),
    [("django_tasks_db.DatabaseBackend", True), ("django.tasks.backends.immediate.ImmediateBackend", False)],
)
def test_finished_tasks_are_pruned_only_where_the_database_keeps_them(settings, backend, ran):
    """``make run`` runs tasks in the request (no database backend): the job says so instead of failing."""
    from notifications import jobs

    settings.TASKS = {"default": {"BACKEND": backend}}
    outcome = jobs.prune_task_results(timezone.now())
    assert ("Niets op te ruimen" not in outcome) is ran


def test_run_schedule_once_prunes_the_api_log_and_shows_the_next_run(world):
    now = timezone.now()
    token, _secret = ApiToken.issue(
        organisation=world.org_a,
        name="BI",
        scopes=["read"],
        expires_at=now + datetime.timedelta(days=30),
        created_by=None,
    )
    old = ApiRequest.objects.create(
        token=token, at=now - datetime.timedelta(days=400), method="GET", path="/x", status=200
    )
    out = StringIO()
    call_command("run_schedule", "--once", "--job", "prune_api_requests", stdout=out)
    assert "prune_api_requests" in out.getvalue()
    assert not ApiRequest.objects.unscoped().filter(pk=old.pk).exists()
    job = ScheduledJob.objects.get(name="prune_api_requests")
    assert job.last_state == "done" and job.next_due_at > now
    # A second process in the same period finds nothing to do.
    out = StringIO()
    call_command("run_schedule", "--once", "--job", "prune_api_requests", stdout=out)
    assert out.getvalue() == ""


def test_an_imported_copy_fires_its_own_deadlines_instead_of_the_stale_ones(
    world, tmp_path, django_capture_on_commit_callbacks
):
    from organisations.models import Organisation
    from procurement.models import Trajectory
    from tests.factories import start_trajectory
    from tests.production.test_backup import gamma_copy, run_import

    start_trajectory(world, title="Afloopt", contract_end=timezone.localdate() + datetime.timedelta(days=100))
    with django_capture_on_commit_callbacks(execute=True):
        run_import(tmp_path, gamma_copy(world), "--match-users-by-email")
    gamma = Organisation.objects.get(slug="gemeente-gamma")
    copied = Trajectory.objects.for_organisation(gamma).get(title="Afloopt")
    keys = set(
        Notification.objects.for_user(world.users["chef"])
        .filter(organisation=gamma, kind=Kind.CONTRACT_END)
        .values_list("object_key", flat=True)
    )
    assert f"trajectory:{copied.pk}" in keys
    assert all(Trajectory.objects.for_organisation(gamma).filter(pk=k.split(":")[1]).exists() for k in keys)
