"""Reporting by the supplier: periods, values in the KPI's unit, evidence files, and the contractmanager's review."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from kpis.models import Measurement
from procurement.views.trajectories import history_entries
from suppliers import evidence as evidence_checks
from suppliers import periods
from suppliers.models import Evidence, Invitation, Submission

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.fixture
def supplier_client(client, world):
    client.force_login(world.users["supplier"])
    return client


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    def _post(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return _post


def report_url(world, year=2025):
    return reverse("suppliers:report", args=[world.supplier_a.pk, world.supplier_kpi_a.pk, year])


# --- Periods ----------------------------------------------------------------------------


def test_periods_are_the_ended_contract_years_due_then_overdue(world):
    early_2026 = datetime.date(2026, 2, 1)
    entry = periods.kpi_periods(world.supplier_a, today=early_2026)[0]
    statuses = {p.year: p.status for p in entry.periods}
    # 2024 waits (the world's submission), 2025 is due until its deadline; 2026 has not ended.
    assert statuses == {2024: periods.WAITING, 2025: periods.DUE}
    late_2026 = datetime.date(2026, 6, 1)
    entry = periods.kpi_periods(world.supplier_a, today=late_2026)[0]
    assert {p.year: p.status for p in entry.periods}[2025] == periods.OVERDUE
    assert [t.year for t in entry.targets] == list(range(2023, 2029))


def invited_on(world, day: datetime.date) -> None:
    """As if every invitation of the world's supplier was sent on ``day``."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Invitation.objects.filter(supplier=world.supplier_a).update(created_at=moment)


def test_a_period_due_before_the_supplier_was_invited_is_not_late_for_them(world):
    invited = datetime.date(2026, 9, 1)  # 2025's usual deadline (1 April 2026) has passed
    invited_on(world, invited)
    period = {p.year: p for p in periods.kpi_periods(world.supplier_a, today=invited)[0].periods}[2025]
    assert period.status == periods.DUE and period.status_label == "Te rapporteren"
    assert period.deadline == invited + datetime.timedelta(days=90)  # SUPPLIER_REPORT_DAYS from the invitation
    assert period.deadline_note == "Je hebt 90 dagen vanaf je uitnodiging op 1 september 2026."
    # Once those days have passed, it is late after all.
    later = {p.year: p for p in periods.kpi_periods(world.supplier_a, today=datetime.date(2026, 12, 1))[0].periods}
    assert later[2025].status == periods.OVERDUE and "uitnodiging" in later[2025].deadline_note
    # A period whose usual deadline leaves more time keeps it, without a note.
    invited_on(world, datetime.date(2025, 12, 1))
    period = {p.year: p for p in periods.kpi_periods(world.supplier_a, today=datetime.date(2026, 1, 5))[0].periods}[
        2025
    ]
    assert period.deadline == periods.deadline_of(2025) and period.deadline_note == ""


def test_the_contract_page_tells_a_supplier_invited_today_why_a_past_period_is_not_late(supplier_client, world):
    today = timezone.localdate()
    year = max(y for y in periods.contract_years(world.supplier_kpi_a) if periods.deadline_of(y) < today)
    if year == 2024:
        pytest.skip("the world's 2024 period waits for review")
    invited_on(world, today)
    content = supplier_client.get(reverse("suppliers:contract", args=[world.supplier_a.pk])).content.decode()
    listed = content.split("Rapportageperiodes", 1)[1]
    row = listed.split(f'<th scope="row">{year}</th>', 1)[1].split("</tr>", 1)[0]
    assert "Te laat" not in row and "Te rapporteren" in row
    assert f"Je hebt 90 dagen vanaf je uitnodiging op {date_format(today, 'j F Y')}." in row


def test_a_year_with_an_official_measurement_is_done(world):
    Measurement.objects.create(kpi=world.supplier_kpi_a, year=2025, value=Decimal("1.8"))
    entry = periods.kpi_periods(world.supplier_a, today=datetime.date(2026, 2, 1))[0]
    assert {p.year: p.status for p in entry.periods}[2025] == periods.DONE


def test_the_contract_page_shows_targets_periods_and_own_submissions(supplier_client, world):
    content = supplier_client.get(reverse("suppliers:contract", args=[world.supplier_a.pk])).content.decode()
    assert world.supplier_kpi_a.name in content
    assert "Doel per jaar" in content
    assert report_url(world) in content
    assert "Wacht op beoordeling" in content  # the world's 2024 submission
    assert reverse("suppliers:evidence", args=[world.supplier_evidence_a.pk]) in content


@pytest.mark.parametrize("year", [2023, 2026, 2030, 2024])
def test_a_period_that_is_not_due_is_refused(supplier_client, world, year):
    # 2023 is the baseline, 2026 has not ended, 2030 is after the contract, 2024 already waits.
    response = supplier_client.post(report_url(world, year), {"value": "1,7"})
    assert response.status_code == 409
    assert "staat niet open" in response.content.decode()
    assert not world.supplier_a.submissions.filter(year=year, value=Decimal("1.7")).exists()


# --- Values and files ---------------------------------------------------------------------


def test_a_value_in_another_unit_is_refused_in_dutch(supplier_client, world):
    response = supplier_client.post(report_url(world), {"value": "1,7 ton"})
    assert response.status_code == 200
    assert "gemeten in kg, niet in ton" in response.content.decode()
    assert not world.supplier_a.submissions.filter(year=2025).exists()


def test_a_value_with_the_kpis_unit_is_accepted(supplier_client, post, world, mailoutbox):
    response = post(supplier_client, report_url(world), {"value": "1,7 kg", "note": "Gewogen"})
    assert response.status_code == 302
    submission = world.supplier_a.submissions.get(year=2025)
    assert submission.value == Decimal("1.7") and submission.status == Submission.Status.WAITING
    # The contractmanager is told, with a link and without the figures.
    assert [m.to for m in mailoutbox] == [["contractmanager@example.org"]]
    assert "1,7" not in mailoutbox[0].body
    assert reverse("suppliers:submission", args=[submission.pk]) in mailoutbox[0].body


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("rapport.pdf", PDF, "pdf"),
        ("foto.PNG", PNG, "png"),
        ("foto.jpeg", JPEG, "jpg"),
        ("cijfers.xlsx", None, "xlsx"),
        ("cijfers.csv", b"jaar;kg\n2025;1,7\n", "csv"),
        ("rapport.exe", PDF, "pdf"),  # the type is the content's; the name follows
    ],
)
def test_accepted_types_are_read_from_the_content(name, content, extension):
    content = xlsx_bytes() if content is None else content
    checked = evidence_checks.check_upload(SimpleUploadedFile(name, content))
    assert checked.extension == extension
    assert checked.name.endswith(f".{extension}")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leeg.pdf", b"", "is leeg"),
        ("programma.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 20, "geen PDF, XLSX, CSV, PNG of JPEG"),
        ("archief.xlsx", None, "geen PDF, XLSX, CSV, PNG of JPEG"),
        ("pagina.csv", b"\x00\x01\x02binary", "geen PDF, XLSX, CSV, PNG of JPEG"),
    ],
)
def test_wrong_files_are_refused_in_dutch(name, content, message):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("iets.txt", "geen spreadsheet")
        content = buffer.getvalue()
    with pytest.raises(Exception) as error:
        evidence_checks.check_upload(SimpleUploadedFile(name, content))
    assert message in " ".join(error.value.messages)


def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(supplier_client, world, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    upload = SimpleUploadedFile("groot.pdf", PDF + b"x" * 200)
    response = supplier_client.post(report_url(world), {"value": "1,7", "files": [upload]})
    assert response.status_code == 200
    assert "te groot" in response.content.decode()
    assert not world.supplier_a.submissions.filter(year=2025).exists()


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\evil.pdf", "evil.pdf"),
        ("<script>alert(1)</script>.pdf", "script.pdf"),  # "/" ends a path: only the last part counts
        ("<img src=x onerror=alert(1)>.pdf", "img_srcx_onerroralert1.pdf"),
        ("\x00\x1f.pdf", "bewijsstuk.pdf"),
        ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
        ('rapport"; filename="x.html.pdf', "rapport_filenamex.html.pdf"),
    ],
)
def test_hostile_names_are_sanitised(hostile, expected):
    assert evidence_checks.safe_name(hostile, "pdf") == expected


def test_evidence_is_stored_under_a_random_name_and_served_only_as_an_attachment(supplier_client, world):
    upload = SimpleUploadedFile("../weegrapport 2025.pdf", PDF)
    supplier_client.post(report_url(world), {"value": "1,7", "files": [upload]})
    item = Evidence.objects.filter(submission__supplier=world.supplier_a, submission__year=2025).get()
    assert item.name == "weegrapport_2025.pdf"
    assert "weegrapport" not in item.file.name and item.file.name.startswith("evidence/")
    response = supplier_client.get(reverse("suppliers:evidence", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content == PDF


@pytest.mark.parametrize("name", ["", "evidence/weg.pdf"])
def test_evidence_without_its_stored_file_is_not_found_never_an_error(supplier_client, world, name):
    # "" after an import without files; a name whose file is gone from the storage
    Evidence.objects.unscoped().filter(pk=world.supplier_evidence_a.pk).update(file=name)
    response = supplier_client.get(reverse("suppliers:evidence", args=[world.supplier_evidence_a.pk]))
    assert response.status_code == 404


# --- Review -----------------------------------------------------------------------------


def test_accepting_makes_the_value_the_official_measurement_marked_as_the_suppliers(client, post, world, mailoutbox):
    submission = world.supplier_submission_a
    client.force_login(world.users["contractmanager"])
    response = post(client, reverse("suppliers:submission", args=[submission.pk]), {"decision": "accept"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED
    measurement = submission.measurement
    assert measurement.value == Decimal("1.9") and measurement.year == 2024
    assert measurement.source.startswith("bron: leverancier")
    assert measurement.entered_by == world.users["contractmanager"]
    assert [m.to for m in mailoutbox] == [["supplier@example.org"]]
    # The supplier sees the outcome and the official figure.
    client.force_login(world.users["supplier"])
    content = client.get(reverse("suppliers:contract", args=[world.supplier_a.pk])).content.decode()
    assert "Geaccepteerd" in content and "Vastgesteld" in content
    # In the trajectory's history.
    kinds = {str(entry["kind"]) for entry in history_entries(world.supplier_contract_a)}
    assert "Inzending leverancier" in kinds


def test_returning_needs_a_comment_then_the_supplier_can_resubmit(client, post, world):
    submission = world.supplier_submission_a
    url = reverse("suppliers:submission", args=[submission.pk])
    client.force_login(world.users["contractmanager"])
    response = client.post(url, {"decision": "return", "comment": ""})
    assert "Schrijf waarom" in response.content.decode()
    post(client, url, {"decision": "return", "comment": "Het weegrapport mist."})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RETURNED
    assert not Measurement.objects.filter(kpi=world.supplier_kpi_a, year=2024).exists()
    client.force_login(world.users["supplier"])
    content = client.get(reverse("suppliers:contract", args=[world.supplier_a.pk])).content.decode()
    assert "Het weegrapport mist." in content
    response = client.post(report_url(world, 2024), {"value": "1,85", "note": "Met rapport"})
    assert response.status_code == 302
    assert world.supplier_a.submissions.filter(year=2024).count() == 2


def test_a_reviewed_submission_cannot_be_reviewed_again(client, world):
    submission = world.supplier_submission_a
    url = reverse("suppliers:submission", args=[submission.pk])
    client.force_login(world.users["contractmanager"])
    client.post(url, {"decision": "accept"})
    client.post(url, {"decision": "return", "comment": "Toch niet"})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED


def test_the_contract_page_query_count_does_not_grow_with_submissions(
    supplier_client, world, django_assert_max_num_queries
):
    url = reverse("suppliers:contract", args=[world.supplier_a.pk])
    for year in (2025,):
        Submission.objects.create(
            supplier=world.supplier_a, kpi=world.supplier_kpi_a, year=year, value=Decimal(1), status="returned"
        )
    with django_assert_max_num_queries(16):
        supplier_client.get(url)
    for _ in range(10):
        Submission.objects.create(
            supplier=world.supplier_a, kpi=world.supplier_kpi_a, year=2025, value=Decimal(1), status="returned"
        )
    with django_assert_max_num_queries(16):
        supplier_client.get(url)


def test_the_team_list_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.users["contractmanager"])
    url = reverse("suppliers:list", args=[world.supplier_contract_a.pk])
    with django_assert_max_num_queries(20):
        client.get(url)
