"""The OCDS pages pass axe; a bad upload shows the error summary, a good one the linked tender."""

import json
import re

from playwright.sync_api import expect

from .conftest import assert_accessible, follow, login


def test_ocds_pages_have_no_accessibility_violations(page, world):
    login(page, "chef", world.password)
    trajectory = world.ocds_trajectory_a
    for path in [
        "/programma/ocds/",
        "/programma/organisatie/",
        f"/trajecten/{trajectory.pk}/aanbesteding/",
        f"/trajecten/{trajectory.pk}/dossier/",
    ]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


SUPPLIER = {"id": "s1", "name": "Circulaire Laptops BV"}


def test_linking_a_tender_shows_errors_then_the_tender(page, world, tmp_path):
    login(page, "inkoper", world.password)
    trajectory = world.ocds_trajectory_a
    page.goto(f"/trajecten/{trajectory.pk}/aanbesteding/")
    bad = tmp_path / "niet-ocds.json"
    bad.write_text('{"hallo": "wereld"}')
    page.get_by_label("OCDS-bestand").set_input_files(str(bad))
    follow(page.get_by_role("button", name="Aanbesteding koppelen"))
    expect(page).to_have_title(re.compile(r"^Fout: "))
    expect(page.get_by_role("alert")).to_contain_text("geen OCDS")
    assert_accessible(page)
    good = tmp_path / "release.json"
    good.write_text(
        json.dumps(
            {
                "ocid": "ocds-tn0001-42",
                "id": "42-1",
                "date": "2027-02-01T10:00:00+01:00",
                "tag": ["award"],
                "initiationType": "tender",
                "tender": {"id": "42", "title": "Levering laptops"},
                "parties": [{**SUPPLIER, "roles": ["supplier"]}],
                "awards": [{"id": "a1", "status": "active", "suppliers": [SUPPLIER]}],
            }
        )
    )
    page.get_by_label("OCDS-bestand").set_input_files(str(good))
    follow(page.get_by_role("button", name="Aanbesteding koppelen"))
    expect(page.get_by_text("Circulaire Laptops BV")).to_be_visible()
    assert_accessible(page)


def test_a_file_with_faults_in_unread_fields_is_linked_with_its_warnings(page, world, tmp_path):
    login(page, "inkoper", world.password)
    trajectory = world.ocds_trajectory_a
    page.goto(f"/trajecten/{trajectory.pk}/aanbesteding/")
    lenient = tmp_path / "release.json"
    lenient.write_text(
        json.dumps(
            {
                "ocid": "ocds-tn0001-43",
                "id": "43-1",
                "date": "2027-02-01T10:00:00+01:00",
                "tag": ["tender"],
                "tender": {"id": "43", "title": "Meubilair", "items": [{"id": "1", "quantity": "veel"}]},
            }
        )
    )
    page.get_by_label("OCDS-bestand").set_input_files(str(lenient))
    follow(page.get_by_role("button", name="Aanbesteding koppelen"))
    warnings = page.get_by_role("region", name="Afwijkingen van OCDS in het bestand")
    expect(warnings).to_contain_text("InitiationType: ontbreekt, maar is verplicht")
    expect(warnings).to_contain_text("Aanbesteding → artikel 1 → aantal (tender/items/0/quantity)")
    assert_accessible(page)
