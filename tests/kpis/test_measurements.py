"""The measurement grid: autosave per row, conflicts (409 with htmx, side by side without), all or nothing."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from kpis.models import Measurement
from tests.factories import make_kpi, measure

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def kpi(world):
    return make_kpi(world.org_a)


def test_grid_has_a_labelled_input_per_period_and_a_live_status(client, world, kpi):
    client.force_login(world.users["chef"])
    content = client.get(reverse("kpis:measurements", args=[kpi.pk])).content.decode()
    assert content.count('name="r2025q0-value"') == 1
    assert '<label class="visually-hidden" for="r2025q0-value">Waarde 2025</label>' in content
    assert 'aria-live="polite"' in content
    assert 'data-hx-trigger="change"' in content


def test_htmx_autosave_creates_one_row_and_reports_it(client, world, kpi):
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"row": "2025-0", "r2025q0-value": "912,5", "r2025q0-source": "Spendanalyse", "r2025q0-version": "0"},
        headers=HTMX,
    )
    assert response.status_code == 200
    measurement = Measurement.objects.get(kpi=kpi, year=2025)
    assert measurement.value == Decimal("912.5")
    assert measurement.version == 1
    assert measurement.entered_by == world.users["chef"]
    content = response.content.decode()
    assert content.lstrip().startswith('<tr id="rij-2025-0"')
    assert 'name="r2025q0-version" value="1"' in content
    event = json.loads(response["HX-Trigger"])["cc:status"]
    assert event["message"] == "Meting 2025 opgeslagen."
    assert response["Vary"].count("HX-Request") == 1


def test_a_stale_version_is_a_409_with_both_values_side_by_side(client, world, kpi):
    measure(kpi, 2025, 900, version=2, entered_by=world.users["inkoper"])
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"row": "2025-0", "r2025q0-value": "880", "r2025q0-version": "1"},
        headers=HTMX,
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "Jouw invoer" in content and "880" in content and "900" in content
    # The next save carries the stored version, so saving again overwrites on purpose.
    assert 'name="r2025q0-version" value="2"' in content
    assert Measurement.objects.get(kpi=kpi, year=2025).value == Decimal(900)
    response = client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"row": "2025-0", "r2025q0-value": "880", "r2025q0-version": "2"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert Measurement.objects.get(kpi=kpi, year=2025).value == Decimal(880)


def test_without_javascript_a_conflict_saves_nothing_and_shows_the_rows_side_by_side(client, world, kpi):
    measure(kpi, 2025, 900, version=3)
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"r2025q0-value": "880", "r2025q0-version": "1", "r2026q0-value": "700", "r2026q0-version": "0"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Fout:" in content
    assert "Er is een probleem: er is niets opgeslagen" in content
    assert "Iemand anders heeft deze meting intussen gewijzigd." in content
    assert not Measurement.objects.filter(kpi=kpi, year=2026).exists()


def test_without_javascript_all_changed_rows_are_saved(client, world, kpi):
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"r2025q0-value": "950", "r2025q0-version": "0", "r2026q0-value": "", "r2026q0-version": "0"},
    )
    assert response.status_code == 302
    assert list(Measurement.objects.filter(kpi=kpi).values_list("year", "value")) == [(2025, Decimal(950))]


def test_a_non_numeric_value_is_a_dutch_error_and_nothing_is_saved(client, world, kpi):
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"row": "2025-0", "r2025q0-value": "veel", "r2025q0-version": "0"},
        headers=HTMX,
    )
    assert "Vul een getal in, bijvoorbeeld 10.000 of 12,5." in response.content.decode()
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_a_period_outside_the_kpi_is_404(client, world, kpi):
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"row": "2040-0", "r2040q0-value": "1", "r2040q0-version": "0"},
        headers=HTMX,
    )
    assert response.status_code == 404


def test_emptying_a_value_deletes_the_measurement(client, world, kpi):
    measure(kpi, 2025, 900)
    client.force_login(world.users["chef"])
    client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"row": "2025-0", "r2025q0-value": "", "r2025q0-version": "1"},
        headers=HTMX,
    )
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_measurements_per_department_are_separate_rows(client, world, kpi):
    measure(kpi, 2025, 900)
    client.force_login(world.users["chef"])
    client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"afdeling": world.department_a.pk, "row": "2025-0", "r2025q0-value": "120", "r2025q0-version": "0"},
        headers=HTMX,
    )
    assert Measurement.objects.filter(kpi=kpi, year=2025).count() == 2


def test_the_database_refuses_a_duplicate_for_the_same_period_and_scope(world, kpi):
    from django.db import IntegrityError, transaction

    measure(kpi, 2025, 900)
    with pytest.raises(IntegrityError), transaction.atomic():
        measure(kpi, 2025, 800)


def test_contractmanager_of_the_team_enters_contract_kpi_measurements(client, world):
    client.force_login(world.users["contractmanager"])
    kpi = world.contract_kpi_a
    response = client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"row": "2025-0", "r2025q0-value": "52", "r2025q0-version": "0"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert Measurement.objects.get(kpi=kpi, year=2025).value == Decimal(52)


def test_realised_value_prefers_whole_year_and_organisation_wide_figures(world, kpi):
    dep = world.department_a
    measure(kpi, 2025, 100, department=dep, quarter=1)
    measure(kpi, 2025, 50, department=dep, quarter=2)
    assert kpi.realised(2025) == Decimal(150)
    measure(kpi, 2025, 400, department=dep)
    assert kpi.realised(2025) == Decimal(400)
    measure(kpi, 2025, 900)
    assert kpi.realised(2025) == Decimal(900)
    assert kpi.realised(2025, dep.pk) == Decimal(400)


def test_the_grid_uses_the_one_optimistic_lock_of_answers_and_checks():
    from procurement.models import VersionedEdit

    assert issubclass(Measurement, VersionedEdit)
    assert Measurement.EDIT_FIELDS == ("value", "source", "note")


def test_two_saves_on_the_same_version_cannot_both_win(client, world, kpi):
    measure(kpi, 2025, 900, version=1)
    client.force_login(world.users["chef"])
    url = reverse("kpis:measurements", args=[kpi.pk])
    first = client.post(url, {"row": "2025-0", "r2025q0-value": "880", "r2025q0-version": "1"}, headers=HTMX)
    second = client.post(url, {"row": "2025-0", "r2025q0-value": "870", "r2025q0-version": "1"}, headers=HTMX)
    assert (first.status_code, second.status_code) == (200, 409)
    measurement = Measurement.objects.get(kpi=kpi, year=2025)
    assert (measurement.value, measurement.version, measurement.entered_by) == (Decimal(880), 2, world.users["chef"])
    assert [h.value for h in measurement.history.order_by("history_date")] == [Decimal(900), Decimal(880)]


def test_saving_the_whole_grid_leaves_rows_someone_else_changed_but_i_did_not_touch(client, world, kpi):
    row = measure(kpi, 2025, 900, version=1)
    row.apply_edit(
        user=world.users["inkoper"], values={"value": Decimal(905), "source": "", "note": ""}, base_version=1
    )
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        # 2025 still carries what the page showed (900, version 1); only 2026 is new.
        {"r2025q0-value": "900", "r2025q0-version": "1", "r2026q0-value": "700", "r2026q0-version": "0"},
    )
    assert response.status_code == 302
    assert dict(Measurement.objects.filter(kpi=kpi).values_list("year", "value")) == {
        2025: Decimal(905),
        2026: Decimal(700),
    }


def test_deleting_a_measurement_someone_else_changed_is_a_conflict(client, world, kpi):
    measure(kpi, 2025, 900, version=2)
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("kpis:measurements", args=[kpi.pk]),
        {"row": "2025-0", "r2025q0-value": "", "r2025q0-version": "1"},
        headers=HTMX,
    )
    assert response.status_code == 409
    assert Measurement.objects.get(kpi=kpi, year=2025).value == Decimal(900)
