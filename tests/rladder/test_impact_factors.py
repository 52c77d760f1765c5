"""Impact factors: the loader, unknown values, the effective-factor rule, the pages and the export."""

import csv
import io
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from rladder.impact_factors import read_factors
from rladder.models import FactorUnit, ImpactFactor, OrganisationImpactFactor, SystemBoundary

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "impact-factors.csv"
SHARED = Path(settings.BASE_DIR).parent.parent / "shared" / "data" / "impact-factors.csv"


def load(*args, path: Path = FIXTURE) -> str:
    out = StringIO()
    call_command("load_impact_factors", "--file", str(path), *args, stdout=out)
    return out.getvalue()


def csv_rows() -> list[dict]:
    with FIXTURE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


# --- the loader ----------------------------------------------------------------


def test_every_row_of_the_csv_is_loaded_with_exact_decimals():
    rows = csv_rows()
    assert len(rows) == 49
    assert ImpactFactor.objects.count() == len(rows)
    for row in rows:
        factor = ImpactFactor.objects.get(key=row["key"])
        assert factor.category_nl == row["category_nl"] and factor.item_nl == row["item_nl"]
        assert factor.kg_co2e_per_unit == Decimal(row["kg_co2e_per_unit"])
        expected = Decimal(row["kg_material_per_unit"]) if row["kg_material_per_unit"] else None
        assert factor.kg_material_per_unit == expected
        assert factor.source_name == row["source_name"] and factor.licence == row["licence"]
        assert factor.source_year == int(row["year"])
        assert factor.system_boundary != SystemBoundary.OTHER, row["key"]
    laptop = ImpactFactor.objects.get(key="ict_laptop_14")
    assert (laptop.unit, laptop.kg_co2e_per_unit, laptop.kg_material_per_unit) == (
        "stuk",
        Decimal("239.1"),
        Decimal("1.62"),
    )
    assert laptop.system_boundary == SystemBoundary.CRADLE_TO_GRAVE_EXCL_USE
    assert ImpactFactor.objects.get(key="geb_beton").kg_co2e_per_unit == Decimal("0.11875")


@pytest.mark.skipif(not SHARED.exists(), reason="the shared data folder is not mounted")
def test_the_project_copy_is_the_shared_starter_set():
    assert FIXTURE.read_bytes() == SHARED.read_bytes()


def test_unknown_values_stay_null_and_spend_based_factors_are_per_euro():
    computers = ImpactFactor.objects.get(key="ict_eur_computers")
    assert computers.kg_material_per_unit is None
    assert computers.unit == FactorUnit.EURO and computers.is_spend_based
    assert computers.lifetime_years is None and computers.uncertainty_percent is None
    assert ImpactFactor.objects.filter(kg_material_per_unit=0).count() == 0
    assert not ImpactFactor.objects.get(key="ict_laptop_14").is_spend_based


def test_an_unchanged_file_is_skipped_so_admin_edits_survive():
    load("--force")
    ImpactFactor.objects.filter(key="ict_laptop_14").update(kg_co2e_per_unit=Decimal("250"))
    assert "up to date" in load()
    assert ImpactFactor.objects.get(key="ict_laptop_14").kg_co2e_per_unit == Decimal("250")
    assert "49 rows" in load("--force")
    assert ImpactFactor.objects.get(key="ict_laptop_14").kg_co2e_per_unit == Decimal("239.1")


def test_loading_twice_creates_nothing_new():
    load("--force")
    ids = set(ImpactFactor.objects.values_list("pk", flat=True))
    assert "0 new, 49 updated, 0 removed" in load("--force")
    assert set(ImpactFactor.objects.values_list("pk", flat=True)) == ids


def test_a_changed_file_updates_by_key_removes_dropped_rows_and_leaves_organisation_factors(tmp_path, world):
    load("--force")
    laptop = ImpactFactor.objects.get(key="ict_laptop_14")
    dropped = ImpactFactor.objects.get(key="verv_trein")
    override = OrganisationImpactFactor.objects.create(
        organisation=world.org_a, overrides=dropped, category_nl="Vervoer", item_nl="Trein (NS)", unit="km"
    )
    rows = [r for r in csv_rows() if r["key"] != "verv_trein"]
    rows[0] = {**rows[0], "kg_co2e_per_unit": "240.5", "kg_material_per_unit": ""}
    out = load(path=write_csv(tmp_path / "factors.csv", rows))
    assert "48 rows (0 new, 48 updated, 1 removed)" in out
    laptop.refresh_from_db()
    assert laptop.kg_co2e_per_unit == Decimal("240.5") and laptop.kg_material_per_unit is None
    assert not ImpactFactor.objects.filter(key="verv_trein").exists()
    override.refresh_from_db()
    assert override.overrides is None and override.item_nl == "Trein (NS)"
    assert laptop.history.count() >= 2  # the admin's history records loader changes too
    load("--force")


def test_a_file_with_bad_rows_reports_every_one_and_changes_nothing(tmp_path):
    rows = csv_rows()
    rows[2] = {**rows[2], "kg_co2e_per_unit": "1,5"}
    rows[5] = {**rows[5], "unit": "liter"}
    rows[7] = {**rows[7], "kg_material_per_unit": "-3"}
    before = ImpactFactor.objects.get(key=rows[2]["key"]).kg_co2e_per_unit
    with pytest.raises(CommandError) as excinfo:
        load(path=write_csv(tmp_path / "bad.csv", rows))
    message = str(excinfo.value)
    assert "3 row(s) cannot be loaded" in message
    assert "line 4" in message and "line 7" in message and "line 9" in message
    assert ImpactFactor.objects.get(key=rows[2]["key"]).kg_co2e_per_unit == before


def test_reading_refuses_missing_columns():
    with pytest.raises(Exception, match="missing columns"):
        read_factors(b"key,item_nl\nx,y\n")


# --- the effective factors ---------------------------------------------------------


def test_an_override_wins_only_in_its_own_organisation(world):
    laptop = ImpactFactor.objects.get(key="ict_laptop_14")
    override = OrganisationImpactFactor.objects.create(
        organisation=world.org_a,
        overrides=laptop,
        category_nl=laptop.category_nl,
        item_nl="Laptop (14 inch), eigen leverancier",
        unit="stuk",
        kg_co2e_per_unit=Decimal("180"),
    )
    own = OrganisationImpactFactor.objects.create(
        organisation=world.org_a, category_nl="Meubilair", item_nl="Bureaustoel", unit="stuk"
    )
    in_a = ImpactFactor.objects.effective_for(world.org_a)
    in_b = ImpactFactor.objects.effective_for(world.org_b)
    assert override in in_a and own in in_a and laptop not in in_a
    assert laptop in in_b and override not in in_b and own not in in_b
    shared_in_b = [f for f in in_b if isinstance(f, ImpactFactor)]
    assert len(shared_in_b) == ImpactFactor.objects.count()
    assert len([f for f in in_a if isinstance(f, ImpactFactor)]) == ImpactFactor.objects.count() - 1


def test_effective_factors_take_two_queries(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        ImpactFactor.objects.effective_for(world.org_a)


# --- the pages -------------------------------------------------------------------


def test_the_sources_page_lists_every_factor_with_dutch_numbers_and_attribution(client):
    content = client.get(reverse("rladder:sources")).content.decode()
    for factor in ImpactFactor.objects.all():
        assert factor.item_nl in content.replace("&#x27;", "'")
    assert "239,1" in content and "0,11875" in content
    assert "onbekend" in content and "grove schatting" in content
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in content
    assert "Boavizta environmental footprint data, ODbL" in content
    assert "Source : ADEME, Agribalyse 3.1.1" in content
    assert "Vermeden = referentie − plan." in content
    assert reverse("kpis:factor_export", args=["csv"]) in content


def test_the_sources_page_is_linked_from_every_page(client):
    assert reverse("rladder:sources") in client.get("/").content.decode()


def test_the_sources_page_query_budget_is_flat_in_the_number_of_factors(client):
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("rladder:sources"))
    ImpactFactor.objects.bulk_create(
        ImpactFactor(key=f"extra_{n}", category_nl=f"Extra {n % 7}", item_nl=f"Item {n}", unit="kg") for n in range(60)
    )
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("rladder:sources")).status_code == 200
    assert len(many) == len(few) <= 5


def test_the_factor_list_query_budget_is_flat(client, world):
    client.force_login(world.users["lezer"])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("rladder:factor_list"))
    for n in range(20):
        OrganisationImpactFactor.objects.create(
            organisation=world.org_a, category_nl="Extra", item_nl=f"Item {n}", unit="kg"
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("rladder:factor_list")).status_code == 200
    assert len(many) == len(few)


def test_the_programme_page_links_the_factors(client, world):
    client.force_login(world.users["lezer"])
    assert reverse("rladder:factor_list") in client.get(reverse("rladder:programme")).content.decode()


VALID = {"item_nl": "Werkbroek", "category_nl": "Bedrijfskleding en textiel", "unit": "stuk"}


def test_the_chef_adds_a_factor_typed_the_dutch_way(client, world):
    client.force_login(world.users["chef"])
    data = {**VALID, "kg_co2e_per_unit": "1.250,5", "kg_material_per_unit": "0,45", "uncertainty_percent": "30"}
    response = client.post(reverse("rladder:factor_create"), data)
    assert response.status_code == 302
    factor = OrganisationImpactFactor.objects.get(organisation=world.org_a, item_nl="Werkbroek")
    assert factor.kg_co2e_per_unit == Decimal("1250.5") and factor.kg_material_per_unit == Decimal("0.45")
    assert factor.uncertainty_percent == Decimal(30) and factor.overrides is None
    assert factor.history.count() == 1
    content = client.get(reverse("rladder:factor_list")).content.decode()
    assert "1.250,5" in content and "± 30%" in content


def test_an_empty_value_is_stored_as_unknown_not_zero(client, world):
    client.force_login(world.users["chef"])
    assert client.post(reverse("rladder:factor_create"), VALID).status_code == 302
    factor = OrganisationImpactFactor.objects.get(organisation=world.org_a, item_nl="Werkbroek")
    assert factor.kg_co2e_per_unit is None and factor.kg_material_per_unit is None
    assert "onbekend" in client.get(reverse("rladder:factor_list")).content.decode()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("kg_co2e_per_unit", "12,5kg", "Vul een getal in, bijvoorbeeld 10.000 of 12,5."),
        ("kg_material_per_unit", "-3", "Vul een getal van 0 of meer in."),
        ("uncertainty_high", "1.2.3", "Vul een getal in, bijvoorbeeld 10.000 of 12,5."),
    ],
)
def test_bad_numbers_get_a_dutch_error_beside_the_field_and_in_the_summary(client, world, field, typed, message):
    client.force_login(world.users["chef"])
    response = client.post(reverse("rladder:factor_create"), {**VALID, field: typed})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    content = response.content.decode()
    assert 'id="error-summary"' in content and content.count(message) >= 2
    assert not OrganisationImpactFactor.objects.filter(organisation=world.org_a, item_nl="Werkbroek").exists()


def test_an_uncertainty_range_needs_both_ends_in_order(client, world):
    client.force_login(world.users["chef"])
    response = client.post(reverse("rladder:factor_create"), {**VALID, "uncertainty_low": "5", "uncertainty_high": "2"})
    assert response.context["form"].errors["uncertainty_high"] == ["De hoogste waarde is kleiner dan de laagste."]
    response = client.post(reverse("rladder:factor_create"), {**VALID, "uncertainty_low": "5"})
    assert response.context["form"].errors["uncertainty_high"] == ["Vul beide grenzen van de bandbreedte in."]


def test_an_override_starts_from_the_shared_values_and_then_wins(client, world):
    client.force_login(world.users["chef"])
    url = reverse("rladder:factor_create") + "?vervangt=ict_laptop_14"
    response = client.get(url)
    assert response.context["form"].initial["kg_co2e_per_unit"] == Decimal("239.1")
    data = {**VALID, "item_nl": "Laptop (14 inch)", "unit": "stuk", "kg_co2e_per_unit": "200"}
    assert client.post(url, data).status_code == 302
    override = OrganisationImpactFactor.objects.get(organisation=world.org_a, overrides__key="ict_laptop_14")
    assert override.kg_co2e_per_unit == Decimal(200)
    assert client.get(url).url == reverse("rladder:factor_edit", args=[override.pk])  # one override per factor
    assert override in ImpactFactor.objects.effective_for(world.org_a)


def test_an_unknown_shared_key_is_a_404(client, world):
    client.force_login(world.users["chef"])
    assert client.get(reverse("rladder:factor_create") + "?vervangt=bestaat-niet").status_code == 404


def test_the_chef_edits_and_deletes_an_own_factor(client, world):
    client.force_login(world.users["chef"])
    factor = world.factor_a
    response = client.post(reverse("rladder:factor_edit", args=[factor.pk]), {**VALID, "kg_co2e_per_unit": "0,25"})
    assert response.status_code == 302
    factor.refresh_from_db()
    assert factor.kg_co2e_per_unit == Decimal("0.25")
    assert client.post(reverse("rladder:factor_delete", args=[factor.pk])).status_code == 200  # no confirmation
    assert OrganisationImpactFactor.objects.filter(organisation=world.org_a, pk=factor.pk).exists()
    assert client.post(reverse("rladder:factor_delete", args=[factor.pk]), {"bevestig": "ja"}).status_code == 302
    assert not OrganisationImpactFactor.objects.filter(organisation=world.org_a, pk=factor.pk).exists()


def test_another_organisations_factor_is_a_404(client, world):
    client.force_login(world.users["outsider"])
    for name in ("rladder:factor_edit", "rladder:factor_delete"):
        assert client.get(reverse(name, args=[world.factor_a.pk])).status_code == 404
    assert world.factor_a.item_nl not in client.get(reverse("rladder:factor_list")).content.decode()


def test_user_text_is_escaped(client, world):
    client.force_login(world.users["chef"])
    evil = '<script>alert("x")</script>'
    data = {**VALID, "item_nl": evil, "source_name": evil, "source_url": 'javascript:alert("x")', "licence": evil}
    assert client.post(reverse("rladder:factor_create"), data).status_code == 302
    content = client.get(reverse("rladder:factor_list")).content.decode()
    assert evil not in content and "&lt;script&gt;" in content
    assert 'href="javascript:' not in content


# --- the export ------------------------------------------------------------------


def test_the_csv_export_has_every_factor_with_its_source_and_dutch_decimals(client):
    response = client.get(reverse("kpis:factor_export", args=["csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == ImpactFactor.objects.count()
    laptop = next(r for r in rows if r["sleutel"] == "ict_laptop_14")
    assert laptop["kg co2e per eenheid"] == "239,1" and laptop["bron"] == "Boavizta environmental footprint data"
    assert laptop["licentie"].startswith("ODbL-1.0")
    computers = next(r for r in rows if r["sleutel"] == "ict_eur_computers")
    assert computers["kg materiaal per eenheid"] == "" and computers["grove schatting (per euro)"] == "ja"


def test_the_export_neutralises_formulas(client):
    ImpactFactor.objects.create(
        key="formule", category_nl="=cmd|' /C calc'!A0", item_nl="@SUM(A1)", unit="kg", source_name="+1", note="-2"
    )
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("kpis:factor_export", args=["csv"])).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    row = next(r for r in rows if r[0] == "formule")
    assert row[1] == "'=cmd|' /C calc'!A0" and row[2] == "'@SUM(A1)" and row[13] == "'+1" and row[17] == "'-2"
    response = client.get(reverse("kpis:factor_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=1, column=14).value == "bron"
    values = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "'@SUM(A1)" in values
    assert not any(v.startswith(("=", "+", "@")) for v in values)
    assert any(isinstance(cell.value, int | float) for row in sheet.iter_rows(min_row=2) for cell in row)


def test_an_unknown_export_format_is_a_404(client):
    assert client.get(reverse("kpis:factor_export", args=["pdf"])).status_code == 404
