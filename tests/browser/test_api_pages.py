"""The API pages pass axe: the token pages (made, shown once, revoked) and the Dutch API reference."""

from playwright.sync_api import expect

from .conftest import assert_accessible, follow, login


def test_chef_makes_and_revokes_a_token_and_reads_the_reference(page, world):
    login(page, "chef", world.password)
    page.goto("/programma/")
    follow(page.get_by_role("link", name="API-sleutels"))
    assert_accessible(page)
    follow(page.get_by_role("link", name="Sleutel maken"))
    assert_accessible(page)
    page.get_by_label("Naam").fill("Power BI bestuur")
    expiry = page.get_by_label("Verloopt op")
    valid_day = expiry.input_value()
    expiry.fill("2099-01-01")  # too far ahead: the error summary
    follow(page.get_by_role("button", name="Sleutel maken"))
    expect(page.get_by_role("alert")).to_contain_text("hoogstens een jaar vooruit")
    assert_accessible(page)
    page.get_by_label("Verloopt op").fill(valid_day)
    follow(page.get_by_role("button", name="Sleutel maken"))
    secret = page.get_by_label("De sleutel").input_value()
    assert secret.startswith("cc_")
    assert_accessible(page)
    follow(page.get_by_role("link", name="Naar de API-sleutels"))
    expect(page.get_by_role("row", name="Power BI bestuur")).to_contain_text("Nog niet gebruikt")
    assert secret not in page.content()
    follow(page.get_by_role("link", name="Power BI bestuur"))
    assert_accessible(page)
    follow(page.get_by_role("button", name="Sleutel intrekken"))
    expect(page.get_by_role("row", name="Power BI bestuur")).to_contain_text("Ingetrokken")
    page.goto("/api/")
    expect(page.get_by_role("heading", name="API van Chef Circulair")).to_be_visible()
    expect(page.get_by_role("link", name="GET /api/v1/trajecten/", exact=True)).to_be_visible()
    assert_accessible(page)
