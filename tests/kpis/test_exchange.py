"""CSV/XLSX import (all or nothing, clear reasons) and exports with formula injection neutralised."""

import csv
import io
import re
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kpis.exchange import ImportFileError, import_measurements, neutralise
from kpis.models import Measurement
from tests.factories import make_kpi, measure

pytestmark = pytest.mark.django_db


def csv_file(text: str, name="metingen.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="metingen.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def kpi(world):
    return make_kpi(world.org_a)


@pytest.fixture
def chef(client, world):
    client.force_login(world.users["chef"])
    return client


def post(client, upload):
    return client.post(reverse("kpis:import"), {"file": upload})


def test_a_valid_csv_with_semicolons_and_decimal_commas_is_imported(chef, world, kpi):
    upload = csv_file(
        "kpi;jaar;kwartaal;afdeling;waarde;eenheid;bron\n"
        f"{kpi.name};2024;;;1000;kg;Nulmeting\n"
        f"{kpi.name};2025;2;Inkoop;450,5;kg;Leverancier\n"
    )
    response = post(chef, upload)
    assert response.status_code == 302
    rows = list(Measurement.objects.filter(kpi=kpi).values_list("year", "quarter", "department", "value"))
    assert rows == [(2024, 0, None, Decimal(1000)), (2025, 2, world.department_a.pk, Decimal("450.5"))]


def test_one_bad_row_imports_nothing_and_every_bad_row_is_listed_with_its_reason(chef, world, kpi):
    measure(kpi, 2024, 1000)
    upload = csv_file(
        "kpi,jaar,waarde,eenheid,categorie\n"
        f"{kpi.name},2025,900,kg,\n"  # fine
        f"{kpi.name},2025,veel,kg,\n"  # not a number
        f"{kpi.name},2026,800,liter,\n"  # unit mismatch
        f"{kpi.name},2040,800,kg,\n"  # outside the KPI's years
        f"{kpi.name},2024,990,kg,\n"  # already measured
        f"{kpi.name},2025,910,kg,\n"  # duplicate of line 2
        "Onbekend,2025,1,kg,\n"  # unknown KPI
        f"{kpi.name},2027,1,kg,Schoenen\n"  # unknown category
    )
    response = post(chef, upload)
    assert response.status_code == 200
    errors = dict(response.context["result"].errors)
    assert set(errors) == {3, 4, 5, 6, 7, 8, 9}
    assert "de waarde ‘veel’: Vul een getal in, bijvoorbeeld 10.000 of 12,5." in errors[3]
    assert "de eenheid ‘liter’ past niet bij de KPI (verwacht: kg)" in errors[4]
    assert "het jaar 2040 valt buiten de looptijd van de KPI (2024–2030)" in errors[5]
    assert "er is al een meting voor deze KPI in deze periode en dit bereik" in errors[6]
    assert "dezelfde KPI, periode en bereik staan ook op regel 2" in errors[7]
    assert "onbekende KPI ‘Onbekend’" in errors[8]
    assert "onbekende productcategorie ‘Schoenen’" in errors[9]
    assert Measurement.objects.filter(kpi=kpi).count() == 1
    content = response.content.decode()
    assert "Er is niets geïmporteerd: 7 regels kloppen niet" in content
    assert "<title>Fout:" in content


def test_an_xlsx_file_is_imported(chef, kpi):
    upload = xlsx_file([["KPI", "Jaar", "Waarde"], [kpi.name, 2025, 912.25], [kpi.pk, 2026, 800]])
    assert post(chef, upload).status_code == 302
    assert sorted(Measurement.objects.filter(kpi=kpi).values_list("year", "value")) == [
        (2025, Decimal("912.25")),
        (2026, Decimal(800)),
    ]


def test_wrong_columns_are_a_clear_error(chef, kpi):
    response = post(chef, csv_file("naam;jaartal;waarde\nx;2025;1\n"))
    errors = response.context["form"].errors["file"]
    assert errors[0].startswith("De kolommen kloppen niet (ontbrekend: kpi, jaar; onbekend: naam, jaartal)")
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_a_file_that_is_not_csv_or_xlsx_is_refused(chef):
    response = post(chef, SimpleUploadedFile("metingen.pdf", b"%PDF-1.7"))
    assert response.context["form"].errors["file"] == ["Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)."]


def test_a_broken_xlsx_is_refused(chef):
    response = post(chef, SimpleUploadedFile("metingen.xlsx", b"not a zip"))
    assert response.context["form"].errors["file"] == ["Dit is geen geldig Excel-bestand (.xlsx)."]


@override_settings(KPI_IMPORT_MAX_BYTES=100)
def test_a_too_large_file_is_refused(chef, kpi):
    response = post(chef, csv_file("kpi;jaar;waarde\n" + f"{kpi.name};2025;1\n" * 20))
    assert "Het bestand is te groot" in response.context["form"].errors["file"][0]
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_a_kpi_of_another_organisation_is_unknown(chef, world):
    other = make_kpi(world.org_b, name="Beta-KPI")
    response = post(chef, csv_file(f"kpi;jaar;waarde\n{other.pk};2025;1\n"))
    assert "onbekende KPI" in dict(response.context["result"].errors)[2]
    assert not Measurement.objects.filter(kpi=other).exists()


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_escapes_formula_starts(text):
    assert neutralise(text) == "'" + text


def test_neutralise_leaves_plain_text_and_numbers_alone():
    assert neutralise("Kilogram") == "Kilogram"
    assert neutralise(Decimal("-5")) == Decimal("-5")
    assert neutralise(2025) == 2025


def test_csv_export_escapes_formulas_but_keeps_negative_numbers(client, world):
    kpi = make_kpi(
        world.org_a, name="=cmd|' /C calc'!A0", direction="hoger", baseline_value=Decimal(-10), goal_value=Decimal(10)
    )
    measure(kpi, 2025, -5, note="@evil")
    client.force_login(world.users["lezer"])
    response = client.get(reverse("kpis:export", args=["metingen", "csv"]))
    assert response["Content-Disposition"].startswith('attachment; filename="metingen-gemeente-alfa-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if r[0].startswith("'="))
    assert row[0] == "'=cmd|' /C calc'!A0"
    assert row[5] == "-5"
    assert row[8] == "'@evil"


def test_xlsx_export_stores_formulas_as_text(client, world):
    make_kpi(world.org_a, name="=1+1")
    client.force_login(world.users["chef"])
    for what in ("kpis", "doelen", "metingen"):
        response = client.get(reverse("kpis:export", args=[what, "xlsx"]))
        assert response.status_code == 200
    response = client.get(reverse("kpis:export", args=["kpis", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=1+1" in names
    assert all(not str(cell.value).startswith("=") for row in sheet.iter_rows() for cell in row if cell.value)


def test_export_round_trips_through_import(client, world, kpi):
    measure(kpi, 2025, "912.5", source="Spendanalyse")
    client.force_login(world.users["chef"])
    exported = client.get(reverse("kpis:export", args=["metingen", "csv"])).content
    Measurement.objects.filter(kpi__organisation=world.org_a).delete()
    # The export's extra columns are informative; drop them for the re-import.
    lines = list(csv.reader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))
    text = "\n".join(";".join(line[:9]) for line in lines)
    assert post(client, csv_file(text)).status_code == 302
    assert Measurement.objects.get(kpi=kpi).value == Decimal("912.5")


def test_unknown_export_is_404(client, world):
    client.force_login(world.users["chef"])
    assert client.get(reverse("kpis:export", args=["wachtwoorden", "csv"])).status_code == 404
    assert client.get(reverse("kpis:export", args=["kpis", "pdf"])).status_code == 404


# --- Dutch numbers in the import ------------------------------------------------


def test_the_import_reads_dutch_numbers_and_reports_how(chef, kpi):
    upload = csv_file(
        f'kpi;jaar;waarde\n{kpi.name};2025;10.000\n{kpi.name};2026;"1.250,5"\n{kpi.name};2027;12,5\n{kpi.name};2028;1250.5\n'
    )
    response = post(chef, upload)
    assert response.status_code == 302
    values = dict(Measurement.objects.filter(kpi=kpi).values_list("year", "value"))
    assert values == {2025: Decimal(10000), 2026: Decimal("1250.5"), 2027: Decimal("12.5"), 2028: Decimal("1250.5")}
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert (
        "Zo zijn de getallen met punten of spaties gelezen (een komma is het decimaalteken): "
        "regel 2: ‘10.000’ als 10.000; regel 3: ‘1.250,5’ als 1.250,5; regel 5: ‘1250.5’ als 1.250,5."
    ) in messages


def test_numeric_xlsx_cells_stay_as_they_are_and_text_cells_follow_the_dutch_rule(chef, kpi):
    upload = xlsx_file([["kpi", "jaar", "waarde"], [kpi.name, 2025, 10.5], [kpi.name, 2026, "10.000"]])
    assert post(chef, upload).status_code == 302
    values = dict(Measurement.objects.filter(kpi=kpi).values_list("year", "value"))
    assert values == {2025: Decimal("10.5"), 2026: Decimal(10000)}


def test_an_ambiguous_number_fails_its_row_and_the_report_shows_the_readings(chef, kpi):
    response = post(chef, csv_file(f"kpi;jaar;waarde\n{kpi.name};2025;1.2.3\n{kpi.name};2026;2.500\n"))
    assert response.status_code == 200
    result = response.context["result"]
    assert result.errors == [(2, "de waarde ‘1.2.3’: Vul een getal in, bijvoorbeeld 10.000 of 12,5.")]
    assert result.readings == [(3, "2.500", "2.500")]
    assert "Zo zijn de getallen gelezen" in response.content.decode()
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_bron_and_toelichting_have_the_limits_of_the_grid_form(chef, kpi):
    upload = csv_file(f"kpi;jaar;waarde;bron;toelichting\n{kpi.name};2025;1;{'b' * 301};{'t' * 2001}\n")
    response = post(chef, upload)
    [(line, reason)] = response.context["result"].errors
    assert line == 2
    assert reason.startswith("de bron: ") and "300" in reason
    assert "de toelichting: " in reason and "2000" in reason
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_an_empty_value_is_still_refused(chef, kpi):
    response = post(chef, csv_file(f"kpi;jaar;waarde;bron\n{kpi.name};2025;;Nulmeting\n"))
    assert response.context["result"].errors == [(2, "de waarde is leeg")]


# --- hostile files: refused quickly, in Dutch, with memory flat --------------------

BIG_DIMENSION = b'<dimension ref="A1:XFD1048576"/>'


def _rewrite_xlsx(data: bytes, change) -> bytes:
    """The workbook with each member passed through ``change(name, content) -> content``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info.filename)))
    return buffer.getvalue()


def _workbook_bytes(rows) -> bytes:
    return xlsx_file(rows).read()


def _huge_dimension(name, content, far_row=False):
    if name != "xl/worksheets/sheet1.xml":
        return content
    content = re.sub(rb"<dimension ref=\"[^\"]*\"\s*/>", BIG_DIMENSION, content)
    assert BIG_DIMENSION in content
    if far_row:
        far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        content = content.replace(b"</sheetData>", far + b"</sheetData>")
    return content


def _peak_memory(function):
    tracemalloc.start()
    try:
        result = function()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_sheet_declaring_a_huge_dimension_is_read_row_by_row(world, kpi):
    data = _rewrite_xlsx(_workbook_bytes([["kpi", "jaar", "waarde"], [kpi.name, 2025, 5]]), _huge_dimension)
    result, peak = _peak_memory(lambda: import_measurements(world.org_a, "metingen.xlsx", data, world.users["chef"]))
    assert (result.errors, result.created) == ([], 1)
    assert peak < 40 * 1024 * 1024


def test_a_sheet_running_to_the_last_excel_row_is_refused_in_dutch_and_writes_nothing(world, kpi):
    data = _rewrite_xlsx(
        _workbook_bytes([["kpi", "jaar", "waarde"], [kpi.name, 2025, 5]]),
        lambda name, content: _huge_dimension(name, content, far_row=True),
    )

    def run():
        with pytest.raises(ImportFileError) as refused:
            import_measurements(world.org_a, "metingen.xlsx", data, world.users["chef"])
        return str(refused.value)

    message, peak = _peak_memory(run)
    assert message.startswith("Het werkblad loopt door tot voorbij regel 100000.")
    assert peak < 40 * 1024 * 1024
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_a_sheet_with_too_many_columns_is_refused(world, kpi):
    data = _workbook_bytes([["kpi", "jaar", "waarde"], [kpi.name, 2025, 5, *([None] * 47), "x"]])
    with pytest.raises(ImportFileError, match="Het bestand heeft meer dan 50 kolommen"):
        import_measurements(world.org_a, "metingen.xlsx", data, world.users["chef"])


def _zip_bomb(data: bytes, megabytes: int) -> bytes:
    """The workbook plus a member of ``megabytes`` zeros: it unpacks large but is a few kB packed."""
    buffer = io.BytesIO(data)
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/image1.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(chunk)
    return buffer.getvalue()


@pytest.fixture
def openpyxl_never_opens(monkeypatch):
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl must not see this file")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_zip_bomb_is_refused_before_openpyxl_sees_it(chef, world, kpi, openpyxl_never_opens):
    data = _zip_bomb(_workbook_bytes([["kpi", "jaar", "waarde"], [kpi.name, 2025, 5]]), megabytes=30)
    assert len(data) < 200 * 1024
    response = post(chef, SimpleUploadedFile("metingen.xlsx", data))
    assert response.context["form"].errors["file"] == [
        "Dit Excel-bestand is uitgepakt te groot (meer dan 25 MB). Sla alleen de metingen op in een nieuw bestand."
    ]
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_a_workbook_with_very_many_parts_is_refused_before_openpyxl_sees_it(world, kpi, openpyxl_never_opens):
    buffer = io.BytesIO(_workbook_bytes([["kpi", "jaar", "waarde"], [kpi.name, 2025, 5]]))
    with zipfile.ZipFile(buffer, "a") as archive:
        for number in range(300):
            archive.writestr(f"xl/media/part{number}.bin", b"")
    with pytest.raises(ImportFileError, match="uitgepakt te groot"):
        import_measurements(world.org_a, "metingen.xlsx", buffer.getvalue(), world.users["chef"])
    assert not Measurement.objects.filter(kpi=kpi).exists()


@override_settings(KPI_IMPORT_MAX_BYTES=20 * 1024 * 1024)
def test_a_csv_line_of_10_mb_is_refused_in_dutch(world, kpi):
    data = ("kpi;jaar;waarde\n" + f"{kpi.name};2025;1;" + "x" * (10 * 1024 * 1024) + "\n").encode()

    def run():
        with pytest.raises(ImportFileError) as refused:
            import_measurements(world.org_a, "metingen.csv", data, world.users["chef"])
        return str(refused.value)

    message, peak = _peak_memory(run)
    assert message == "Regel 2 is langer dan 20000 tekens. Is dit wel een bestand met metingen?"
    assert peak < 80 * 1024 * 1024  # the decoded text itself, and not much more
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_a_csv_with_10000_columns_is_refused_in_dutch(world, kpi):
    data = ("kpi;jaar;waarde" + ";" * 10_000 + f"\n{kpi.name};2025;1\n").encode()
    with pytest.raises(ImportFileError, match="Het bestand heeft meer dan 50 kolommen"):
        import_measurements(world.org_a, "metingen.csv", data, world.users["chef"])
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_a_csv_with_too_many_rows_stops_at_the_limit(world, kpi, monkeypatch):
    monkeypatch.setattr("kpis.exchange.MAX_ROWS", 3)
    data = ("kpi;jaar;waarde\n" + f"{kpi.name};2025;1\n" * 4).encode()
    with pytest.raises(ImportFileError, match="Het bestand heeft meer dan 3 regels"):
        import_measurements(world.org_a, "metingen.csv", data, world.users["chef"])


def test_an_oversized_upload_is_refused_by_the_reader_too(world, kpi):
    data = b"kpi;jaar;waarde\n" + b"x" * (3 * 1024 * 1024)
    with pytest.raises(ImportFileError, match="Het bestand is te groot: hoogstens 2 MB."):
        import_measurements(world.org_a, "metingen.csv", data, world.users["chef"])


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_measurement_export_never_shows_an_email_address(client, world, kpi, kind):
    """Who entered a measurement is named (or "onbekend"), never by user name: that is an e-mail address."""
    from django.contrib.auth import get_user_model

    nameless = get_user_model().objects.create_user(username="invoer@alfa.nl", email="invoer@alfa.nl")
    measure(kpi, 2025, 1, entered_by=nameless)
    measure(kpi, 2026, 2, entered_by=world.users["chef"])
    client.force_login(world.users["chef"])
    response = client.get(reverse("kpis:export", args=["metingen", kind]))
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    else:
        rows = [list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    column = rows[0].index("ingevoerd door")
    names = [row[column] for row in rows[1:] if row[0] == kpi.name]
    assert names == ["onbekend", world.users["chef"].get_full_name()]
    assert not any("@" in str(cell) for row in rows for cell in row if cell)
