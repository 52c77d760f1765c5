"""CSV/XLSX import (all or nothing, clear reasons) and exports with formula injection neutralised."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kpis.exchange import neutralise
from kpis.models import Measurement

from .factories import make_kpi, measure

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
