"""Import and export of an organisation's own criteria: CSV, XLSX, JSON; hostile files; all or nothing."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from criteria import exchange
from criteria.models import Criterion
from kpis.exchange import ImportFileError

from .test_models import make

pytestmark = pytest.mark.django_db

HEADER = "code;titel;soort;r;tekst;verificatie;categorieen;ambitie\n"
GOOD = 'IMP-1;Eerste;eis;R1;Ten minste [aantal] stuks.;Lijst.;"ICT-hardware; Catering";2\n'


def csv(*lines) -> bytes:
    return (HEADER + "".join(lines)).encode()


def test_a_csv_adds_and_changes_own_criteria(world):
    existing = make(world.org_a, code="IMP-2")
    result = exchange.import_criteria(
        world.org_a, "c.csv", csv(GOOD, "IMP-2;Gewijzigd;gunningscriterium;R2;Nieuwe tekst.;Bewijs.;;\n")
    )
    assert result.errors == [] and (result.created, result.changed) == (1, 1)
    new = Criterion.objects.get(organisation=world.org_a, code="IMP-1")
    assert new.category_names == ["ICT-hardware", "Catering"] and new.ambition == 2
    existing.refresh_from_db()
    assert existing.title == "Gewijzigd" and existing.version == 2


def test_one_wrong_row_imports_nothing_and_names_the_row(world):
    result = exchange.import_criteria(
        world.org_a,
        "c.csv",
        csv(GOOD, "IMP-3;Fout;geen-soort;R99;Tekst;;;\n", "imp-1;Dubbel;eis;R1;T;B;;\n"),
    )
    rows = {number for number, _message in result.errors}
    assert rows == {3, 4}
    assert any("R-strategie" in message for _n, message in result.errors)
    assert not Criterion.objects.filter(code__startswith="IMP-").exists()


def test_a_base_code_is_refused(world):
    make(code="IMP-BASIS")
    result = exchange.import_criteria(world.org_a, "c.csv", csv("IMP-BASIS;X;eis;R1;T;B;;\n"))
    assert result.errors and "basisset" in result.errors[0][1]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("c.exe", b"MZ", "Kies een CSV-bestand"),
        ("c.csv", b"", "leeg"),
        ("c.csv", b"code;titel\nX;Y\n", "kolommen kloppen niet"),
        ("c.csv", b"\xff\xfe\x00garbage", ""),
        ("c.json", b"{not json", "geen geldige JSON"),
        ("c.json", b'{"code": "X"}', "JSON-lijst"),
        ("c.json", b'[{"code": {"diep": [1]}}]', "geneste"),
        ("c.json", b'[{"code": "X", "wachtwoord": "x"}]', "onbekende velden"),
        ("c.json", b"[" + b"[" * 100_000 + b"]" * 100_000 + b"]", ""),
        ("c.json", b"[]", "geen criteria"),
    ],
)
def test_hostile_files_are_refused_with_a_dutch_reason(world, name, data, message):
    with pytest.raises(ImportFileError) as refused:
        exchange.import_criteria(world.org_a, name, data)
    assert message in str(refused.value)


def test_too_many_rows_and_a_zip_bomb_are_refused(world):
    rows = "".join(f"IMP-{i};T;eis;R1;T;B;;\n" for i in range(exchange.MAX_ROWS + 1))
    with pytest.raises(ImportFileError, match="meer dan"):
        exchange.import_criteria(world.org_a, "c.csv", csv(rows))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (30 * 1024 * 1024))
    with pytest.raises(ImportFileError):
        exchange.import_criteria(world.org_a, "c.xlsx", bomb.getvalue())
    with override_settings(KPI_IMPORT_MAX_BYTES=100), pytest.raises(ImportFileError, match="te groot"):
        exchange.import_criteria(world.org_a, "c.json", b"[" + b" " * 200 + b"]")


def test_export_round_trips_in_every_format_and_neutralises_formulas(world):
    make(world.org_a, code="EXP-1", title='=HYPERLINK("http://x")', categories="ICT-hardware\nCatering")
    for fmt in ("csv", "xlsx", "json"):
        data = exchange.export(world.org_a, fmt)
        if fmt == "xlsx":
            rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
            assert next(row for row in rows if row[0] == "EXP-1")[1].startswith("'=")
        if fmt == "json":
            row = next(row for row in json.loads(data) if row["code"] == "EXP-1")
            assert row["categorieen"] == "ICT-hardware; Catering"
        Criterion.objects.filter(organisation=world.org_a, code="EXP-1").update(title="Anders")
        result = exchange.import_criteria(world.org_a, f"criteria.{fmt}", data)
        assert result.errors == [], (fmt, result.errors)
        assert Criterion.objects.get(organisation=world.org_a, code="EXP-1").title.endswith('HYPERLINK("http://x")')


def test_the_import_page_shows_the_rows_and_refuses_other_organisations_nothing(client, world):
    client.force_login(world.users["chef"])
    url = reverse("criteria:import")
    upload = SimpleUploadedFile("c.csv", csv("IMP-9;T;eis;R77;T;B;;\n"))
    response = client.post(url, {"file": upload})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Er is niets geïmporteerd" in page and "R-strategie" in page
    response = client.post(url, {"file": SimpleUploadedFile("c.csv", csv(GOOD))})
    assert response.status_code == 302
    assert Criterion.objects.filter(organisation=world.org_a, code="IMP-1").exists()
    assert not Criterion.objects.filter(organisation=world.org_b, code="IMP-1").exists()
