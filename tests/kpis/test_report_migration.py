"""The annual report becomes a stored document: old statuses and PDFs kept in the database survive."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lib.stored_files import storage
from organisations.models import Organisation

# Migrating needs a transactional test, whose end empties the database: such tests run last (tests/conftest.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.migration]

BEFORE = [("kpis", "0006_merge_20261130_1730")]
AFTER = [("kpis", "0008_annualreport_drop_old_pdf")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_old_reports_get_the_shared_statuses_and_their_pdf_moves_to_storage():
    # Its own organisation: the browser tests before it leave an empty database.
    org = Organisation.objects.create(name="Gemeente Migratie", slug="gemeente-migratie")
    old_apps = migrate(BEFORE)
    try:
        Report = old_apps.get_model("kpis", "AnnualReport")
        made = Report.objects.create(organisation_id=org.pk, year=2023, status="klaar", pdf=b"%PDF-1.7 oud")
        waiting = Report.objects.create(organisation_id=org.pk, year=2024, status="wachtrij")
        failed = Report.objects.create(organisation_id=org.pk, year=2022, status="mislukt")
        new_apps = migrate(AFTER)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    Report = new_apps.get_model("kpis", "AnnualReport")
    statuses = dict(Report.objects.filter(pk__in=[made.pk, waiting.pk, failed.pk]).values_list("pk", "status"))
    assert statuses == {made.pk: "ready", waiting.pk: "queued", failed.pk: "failed"}
    moved = Report.objects.get(pk=made.pk)
    with storage().open(moved.file, "rb") as file:
        assert file.read() == b"%PDF-1.7 oud"
    assert moved.size == len(b"%PDF-1.7 oud") and len(moved.sha256) == 64
