"""The organisation's theme in what the app sends: the dossier, annual report and resultatenkaart PDFs, review mails.

The PDFs stay archival (PDF/A-3a, checked with pikepdf by ``check_archival_pdf``) and draw in the
theme's primary colour; a changed theme gives the dossier another content version, so its stored
PDF is made again.
"""

import io
from decimal import Decimal

import pikepdf
import pytest
from django.urls import reverse
from django.utils import timezone

from kpis import reports
from kpis.models import AnnualReport
from organisations import theme
from organisations.models import OrganisationTheme
from procurement import dossier_pdfs, notifications
from procurement.models import Trajectory, TrajectoryMember
from tests.factories import complete_trajectory, decide, make_kpi, measure, phase_record, start_trajectory
from tests.production.test_pdf_conformance import check_archival_pdf

pytestmark = pytest.mark.django_db

PRIMARY = (0x00, 0x59, 0x4F)  # the world's theme of organisation A: #00594f


def fill_colours(data: bytes) -> set[tuple[int, int, int]]:
    """The RGB fill colours (0–255) a PDF's pages paint with."""
    found = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in {"rg", "RG"} and len(operands) == 3:
                    found.add(tuple(round(float(value) * 255) for value in operands))
    return found


def test_the_dossier_pdf_wears_the_theme_and_stays_archival(client, world):
    team = {world.users["inkoper"]: TrajectoryMember.TeamRole.INKOPER}
    trajectory = complete_trajectory(world.org_a, "Laptops", category=world.category_a, team=team)
    client.force_login(world.users["lezer"])
    response = client.get(reverse("procurement:dossier_pdf", args=[trajectory.pk]))
    data = b"".join(response.streaming_content)
    check_archival_pdf(data, title="Dossier: Laptops", author="Gemeente Alfa")
    assert PRIMARY in fill_colours(data)


def test_a_changed_theme_gives_the_dossier_a_new_version(world):
    pk = start_trajectory(world, title="Printers").pk
    before = dossier_pdfs.content_version(Trajectory.objects.for_organisation(world.org_a).get(pk=pk))
    world.theme_a.primary_color = "#154273"
    world.theme_a.save()
    assert dossier_pdfs.content_version(Trajectory.objects.for_organisation(world.org_a).get(pk=pk)) != before


def test_the_annual_report_wears_the_theme_and_stays_archival(world):
    kpi = make_kpi(world.org_a, name="Totaal kilogrammen")
    measure(kpi, 2025, 850)
    report = AnnualReport.objects.create(organisation=world.org_a, year=2025, requested_by=world.users["chef"])
    assert reports.generate(report.pk) == AnnualReport.Status.READY
    report.refresh_from_db()
    data = report.read()
    check_archival_pdf(data, title="Jaarverslag 2025 – Gemeente Alfa", author="Gemeente Alfa")
    assert PRIMARY in fill_colours(data)


def test_an_organisation_without_a_theme_gets_the_default_colours_in_its_pdfs(world):
    report = AnnualReport.objects.create(organisation=world.org_b, year=2025, requested_by=world.users["outsider"])
    reports.generate(report.pk)
    report.refresh_from_db()
    default = tuple(int(theme.DEFAULTS["primary_color"][i : i + 2], 16) for i in (1, 3, 5))
    colours = fill_colours(report.read())
    assert default in colours and PRIMARY not in colours


def test_the_resultatenkaart_wears_the_theme(client, world):
    refused = start_trajectory(world, title="Geen nieuwe printers", estimated_value=Decimal(25_000))
    decide(refused, world.users["inkoper"], r0="ja")
    client.force_login(world.users["lezer"])
    response = client.get(reverse("learning:results_card_pdf"), {"jaar": timezone.now().year})
    assert PRIMARY in fill_colours(response.content)


def test_the_review_mails_header_wears_the_theme(world, mailoutbox, django_capture_on_commit_callbacks):
    record = phase_record(start_trajectory(world, title="Werkplekken"))
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_phase_offered(record, world.users["inkoper"])
    assert mailoutbox
    (html, _type) = mailoutbox[0].alternatives[0]
    assert ".mail-header { background-color: #00594f; color: #ffffff;" in html
    assert '<div class="mail-header">Chef Circulair – Gemeente Alfa</div>' in html
    assert "mail-header" not in mailoutbox[0].body  # the text part stays plain


def test_a_hostile_stored_value_never_reaches_a_pdf_or_mail(world):
    # Seven characters: what a colour column holds on PostgreSQL too.
    OrganisationTheme.objects.unscoped().filter(pk=world.theme_a.pk).update(primary_color="}</styl")
    world.org_a.refresh_from_db()
    palette = world.org_a.theme_palette()
    assert palette["primary"] == theme.DEFAULTS["primary_color"]
    assert all(value.startswith("#") for name, value in palette.items() if name not in {"link_rgb", "font_family"})
