"""Supplier evidence the contractmanager opens: CSV formulas never run, and the upload limits agree, so a
full set of evidence files meets the form (a Dutch error beside the field) rather than a 413."""

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from suppliers import evidence
from suppliers.checks import check_evidence_fits_in_a_request
from suppliers.models import Evidence

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def report_url(world, year=2025):
    return reverse("suppliers:report", args=[world.supplier_a.pk, world.supplier_kpi_a.pk, year])


def test_formulas_in_a_csv_become_text_and_numbers_stay_numbers():
    content = (
        b"jaar;kg;opmerking\r\n"
        b'2025;-12,5;"=HYPERLINK(""https://evil.example"";""klik"")"\r\n'
        b"2026;+3.000;+cmd|' /C calc'!A0\r\n"
        b"2027;1e3;@SUM(A1:A2)\r\n"
        b'2028;7;"-2+3"\r\n'
        b'2029;8;" =1+1"\r\n'
        b'2030;9;"gewoon, tekst\nover twee regels"\r\n'
    )
    served = evidence.safe_csv(content).decode("utf-8-sig").split("\r\n")
    assert served[0] == "jaar;kg;opmerking"
    assert served[1] == '2025;-12,5;"\'=HYPERLINK(""https://evil.example"";""klik"")"'
    assert served[2] == "2026;+3.000;'+cmd|' /C calc'!A0"
    assert served[3] == "2027;1e3;'@SUM(A1:A2)"
    assert served[4] == "2028;7;'-2+3"
    assert served[5] == "2029;8;' =1+1"
    assert served[6] == '2030;9;"gewoon, tekst\nover twee regels"'


def test_a_csv_with_a_giant_cell_is_still_served_safely():
    content = ("a,b\r\n" + "=" + "x" * 200_000 + "\r\n").encode()
    served = evidence.safe_csv(content).decode("utf-8-sig")
    assert "\r\n'=" in served and "\n=" not in served


def test_csv_evidence_is_served_with_its_formulas_neutralised_and_stored_as_sent(client, world):
    client.force_login(world.users["supplier"])
    upload = SimpleUploadedFile("cijfers.csv", b"jaar,kg\n2025,1.7\n=1+cmd|' /C calc'!A0,x\n")
    assert client.post(report_url(world), {"value": "1,7", "files": [upload]}).status_code == 302
    item = Evidence.objects.filter(submission__supplier=world.supplier_a, submission__year=2025).get()
    with item.file.open("rb") as handle:
        assert b"\n=1+cmd" in handle.read()  # the evidence itself is kept as the supplier sent it
    client.force_login(world.users["contractmanager"])
    response = client.get(reverse("suppliers:evidence", args=[item.pk]))
    assert response["Content-Type"] == "text/csv"
    assert response.content.decode("utf-8-sig") == "jaar,kg\r\n2025,1.7\r\n'=1+cmd|' /C calc'!A0,x\r\n"


def test_the_request_limit_holds_a_full_set_of_evidence_files():
    assert settings.MAX_REQUEST_BODY_SIZE >= settings.EVIDENCE_MAX_FILES * settings.EVIDENCE_MAX_BYTES + 1024 * 1024
    assert check_evidence_fits_in_a_request() == []
    with override_settings(MAX_REQUEST_BODY_SIZE=10 * 1024 * 1024):
        (error,) = check_evidence_fits_in_a_request()
        assert error.id == "suppliers.E001"


def test_five_evidence_files_at_the_per_file_limit_are_accepted(client, world):
    client.force_login(world.users["supplier"])
    padding = b"x" * (settings.EVIDENCE_MAX_BYTES - len(PDF))
    files = [SimpleUploadedFile(f"rapport-{n}.pdf", PDF + padding) for n in range(settings.EVIDENCE_MAX_FILES)]
    body_size = settings.EVIDENCE_MAX_FILES * settings.EVIDENCE_MAX_BYTES
    assert body_size > 10 * 1024 * 1024  # more than the old request limit, which answered 413
    response = client.post(report_url(world), {"value": "1,7", "files": files})
    assert response.status_code == 302
    assert Evidence.objects.filter(submission__supplier=world.supplier_a, submission__year=2025).count() == 5


@override_settings(MAX_REQUEST_BODY_SIZE=2000)
def test_an_upload_over_the_request_limit_comes_back_with_a_dutch_error_beside_the_field(client, world):
    client.force_login(world.users["supplier"])
    before = list(world.supplier_a.submissions.values_list("pk", "year", "value"))
    files = [SimpleUploadedFile(f"rapport-{n}.pdf", PDF + b"x" * 1000) for n in range(3)]
    response = client.post(report_url(world), {"value": "1,7", "files": files})
    assert response.status_code == 303
    assert response["Location"] == report_url(world) + "?te_groot=1"
    page = client.get(response["Location"]).content.decode()
    assert "De bestanden waren samen te groot om te versturen" in page
    assert 'href="#id_files"' in page  # in the error summary, linked to the field
    field = re.search(r'<input[^>]*id="id_files"[^>]*>', page)
    assert field and 'aria-invalid="true"' in field.group(0) and "id_files_error" in field.group(0)
    assert 'id="id_files_error"' in page  # the message beside the field, named by the input
    assert list(world.supplier_a.submissions.values_list("pk", "year", "value")) == before  # nothing lost
    # Other pages keep the plain 413.
    other = client.post(reverse("suppliers:contract", args=[world.supplier_a.pk]), {"x": "y" * 3000})
    assert other.status_code == 413
