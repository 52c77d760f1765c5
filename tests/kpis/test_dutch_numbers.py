"""Dutch number input in the KPI forms and the measurement grid: "10.000" is ten thousand, and says so."""

import json
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from kpis.models import Kpi, Measurement
from tests.factories import make_kpi

from .test_kpi_views import VALID

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_baseline_of_10_000_is_stored_as_ten_thousand_and_the_reading_is_reported(client, world):
    client.force_login(world.users["chef"])
    data = {**VALID, "baseline_value": "10.000", "goal_value": "1250.5", "margin_pct": "7,5"}
    response = client.post(reverse("kpis:kpi_create"), data)
    assert response.status_code == 302
    kpi = Kpi.objects.get(organisation=world.org_a, name=VALID["name"])
    assert (kpi.baseline_value, kpi.goal_value, kpi.margin_pct) == (Decimal(10000), Decimal("1250.5"), Decimal("7.5"))
    assert (
        "Zo zijn de getallen gelezen: Basiswaarde ‘10.000’ als 10.000; Doelwaarde ‘1250.5’ als 1.250,5."
        in messages_of(response)
    )


def test_a_redisplayed_kpi_form_shows_the_reading_next_to_the_field(client, world):
    client.force_login(world.users["chef"])
    response = client.post(reverse("kpis:kpi_create"), {**VALID, "baseline_value": "10.000", "goal_year": "2020"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_baseline_value-gelezen">gelezen als 10.000</span>' in html
    assert not Kpi.objects.filter(organisation=world.org_a, name=VALID["name"]).exists()


@pytest.mark.parametrize("text", ["1.2.3", "1234.567", "1e5", "NaN"])
def test_an_ambiguous_baseline_is_refused_beside_the_field_and_in_the_summary(client, world, text):
    client.force_login(world.users["chef"])
    response = client.post(reverse("kpis:kpi_create"), {**VALID, "baseline_value": text})
    assert response.status_code == 200
    assert response.context["form"].errors["baseline_value"] == ["Vul een getal in, bijvoorbeeld 10.000 of 12,5."]
    assert 'href="#id_baseline_value"' in response.content.decode()
    assert not Kpi.objects.filter(organisation=world.org_a, name=VALID["name"]).exists()


def test_a_margin_over_100_percent_is_refused(client, world):
    client.force_login(world.users["chef"])
    response = client.post(reverse("kpis:kpi_create"), {**VALID, "margin_pct": "150"})
    assert response.status_code == 200
    assert "margin_pct" in response.context["form"].errors


def test_a_target_override_reads_thousands(client, world):
    kpi = make_kpi(world.org_a)
    client.force_login(world.users["chef"])
    response = client.post(reverse("kpis:kpi_targets", args=[kpi.pk]), {"jaar_2026": "1.100", "reden": ""})
    assert response.status_code == 302
    assert kpi.overrides.get(year=2026).value == Decimal(1100)


def test_a_measurement_of_10_000_is_ten_thousand_and_the_row_says_how_it_was_read(client, world):
    kpi = make_kpi(world.org_a)
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"row": "2025-0", "r2025q0-value": "10.000", "r2025q0-version": "0"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert Measurement.objects.get(kpi=kpi, year=2025).value == Decimal(10000)
    html = response.content.decode()
    assert (
        '<span class="utrecht-form-field-description number-reading" id="r2025q0-gelezen">gelezen als 10.000</span>'
        in html
    )
    assert 'aria-describedby="r2025q0-gelezen"' in html
    assert json.loads(response["HX-Trigger"])["cc:status"]["message"] == "Meting 2025 opgeslagen."


def test_the_grid_without_javascript_reports_the_readings(client, world):
    kpi = make_kpi(world.org_a)
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"r2025q0-value": "1.250,5", "r2025q0-version": "0", "r2026q0-value": "12,5", "r2026q0-version": "0"},
    )
    assert response.status_code == 302
    values = dict(Measurement.objects.filter(kpi=kpi).values_list("year", "value"))
    assert values == {2025: Decimal("1250.5"), 2026: Decimal("12.5")}
    assert "Zo zijn de getallen gelezen: 2025 ‘1.250,5’ als 1.250,5." in messages_of(response)


def test_an_ambiguous_measurement_is_refused_and_nothing_is_saved(client, world):
    kpi = make_kpi(world.org_a)
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"row": "2025-0", "r2025q0-value": "1.2.3", "r2025q0-version": "0"},
        headers=HTMX,
    )
    assert "Vul een getal in, bijvoorbeeld 10.000 of 12,5." in response.content.decode()
    assert not Measurement.objects.filter(kpi=kpi).exists()
