"""The dossier's content version is made of what its sections declare they read.

A stored dossier PDF is served again as long as the content version is the same, so every
table a dossier reads must be among its sections' declared reads: otherwise a change there
would leave an outdated PDF in the archive. These tests render every demo dossier while
capturing its SQL and compare.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext

from organisations.models import Organisation
from procurement import dossier_pdfs
from procurement.dossier import build_dossier, dossier_queryset, render_pdf_html
from procurement.extensions import dossier_sections
from procurement.models import Trajectory

pytestmark = pytest.mark.django_db

TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"([a-z0-9_]+)"', re.IGNORECASE)


@pytest.fixture
def demo_dossiers(django_db_blocker):
    call_command("load_demo", verbosity=0)
    organisation = Organisation.objects.get(slug="gemeente-voorbeeldstad")
    return list(Trajectory.objects.for_organisation(organisation).order_by("pk"))


def declared_tables() -> set[str]:
    tables = set()
    for read in dossier_pdfs.reads():
        meta = read.model._meta
        tables.add(meta.db_table)
        # A many-to-many table is written with the row that owns it (its save writes the history record).
        tables |= {field.remote_field.through._meta.db_table for field in meta.many_to_many}
    return tables


def render_both(trajectory) -> None:
    fresh = dossier_queryset().unscoped().get(pk=trajectory.pk)
    render_to_string("procurement/includes/dossier_content.html", build_dossier(fresh))
    render_pdf_html(fresh)


def test_every_table_a_dossier_reads_is_a_declared_source_of_its_version(demo_dossiers):
    assert len(demo_dossiers) >= 4
    read = set()
    for trajectory in demo_dossiers:
        with CaptureQueriesContext(connection) as captured:
            render_both(trajectory)
        read |= {table for query in captured.captured_queries for table in TABLE.findall(query["sql"])}
    assert {"procurement_answer", "kpis_measurement", "suppliers_proposal", "auth_user"} <= read  # a full demo
    assert read - declared_tables() == set()


def test_every_template_a_dossier_renders_is_in_its_layout_digest(demo_dossiers):
    rendered = set()

    def collect(sender, template, **kwargs):
        rendered.add(template.name)

    template_rendered.connect(collect)
    try:
        for trajectory in demo_dossiers:
            render_pdf_html(dossier_queryset().unscoped().get(pk=trajectory.pk))
    finally:
        template_rendered.disconnect(collect)
    rendered.discard(None)  # templates made from strings inside tags
    assert rendered - set(dossier_pdfs.layout_sources()) == set()


def test_a_changed_name_of_a_person_in_the_dossier_gives_a_new_version(demo_dossiers):
    trajectory = next(t for t in demo_dossiers if t.team.exists())
    before = dossier_pdfs.content_version(trajectory)
    member = trajectory.team.select_related("user").first().user
    member.last_name = "Anders"
    member.save()
    assert dossier_pdfs.content_version(trajectory) != before


def test_a_login_changes_no_version(client, demo_dossiers):
    trajectory = next(t for t in demo_dossiers if t.team.exists())
    before = dossier_pdfs.content_version(trajectory)
    user = trajectory.team.select_related("user").first().user
    user.set_password("een-lang-wachtwoord-2026")
    user.save()
    before = dossier_pdfs.content_version(trajectory)
    assert client.login(username=user.username, password="een-lang-wachtwoord-2026")
    user.refresh_from_db()
    assert user.last_login is not None  # recorded, without a history row
    assert dossier_pdfs.content_version(trajectory) == before


def test_another_layout_gives_every_dossier_a_new_version(demo_dossiers, monkeypatch):
    trajectory = demo_dossiers[0]
    before = dossier_pdfs.content_version(trajectory)
    sources = dossier_pdfs.layout_sources()
    changed = {**sources, dossier_pdfs.PDF_TEMPLATE: sources[dossier_pdfs.PDF_TEMPLATE] + "<!-- -->"}
    monkeypatch.setattr(dossier_pdfs, "layout_sources", lambda: changed)
    dossier_pdfs.layout_digest.cache_clear()
    try:
        assert dossier_pdfs.content_version(trajectory) != before
    finally:
        monkeypatch.undo()
        dossier_pdfs.layout_digest.cache_clear()
    assert dossier_pdfs.content_version(trajectory) == before


def test_every_section_declares_reads_and_a_template(demo_dossiers):
    for section in dossier_sections:
        assert section.reads, section.id
        assert section.template in dossier_pdfs.layout_sources(), section.id


def test_users_keep_history_but_not_their_password_or_last_login():
    history = get_user_model().history.model
    fields = {field.name for field in history._meta.get_fields()}
    assert "first_name" in fields and "password" not in fields and "last_login" not in fields
