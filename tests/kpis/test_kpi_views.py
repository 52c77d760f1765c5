"""KPI definitions: the form, the library prefill, overrides."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kpis.models import Kpi, TargetOverride
from tests.factories import make_kpi

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Kritieke grondstoffen",
    "unit": "kg",
    "scope": "organisatie",
    "direction": "lager",
    "baseline_value": "2.400,5",
    "baseline_year": "2024",
    "goal_value": "1200",
    "goal_year": "2030",
    "rule": "percentage",
    "margin_pct": "5",
    "aggregation": "som",
}


def test_chef_creates_a_kpi_with_a_dutch_decimal(client, world):
    client.force_login(world.users["chef"])
    response = client.post(reverse("kpis:kpi_create"), VALID)
    kpi = Kpi.objects.get(organisation=world.org_a, name="Kritieke grondstoffen")
    assert response.status_code == 302
    assert kpi.baseline_value == Decimal("2400.5")
    assert kpi.rule == Kpi.Rule.PERCENTAGE


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"goal_year": "2020"}, "goal_year", "Het doeljaar moet na het basisjaar liggen."),
        (
            {"goal_value": "3000"},
            "goal_value",
            "Bij ‘lager is beter’ moet de doelwaarde lager zijn dan de basiswaarde.",
        ),
        ({"baseline_value": "veel"}, "baseline_value", "Vul een getal in, bijvoorbeeld 10.000 of 12,5."),
        ({"scope": "afdeling"}, "department", "Kies de afdeling waarvoor deze KPI geldt."),
        (
            {"baseline_value": "0", "goal_value": "-1"},
            "rule",
            "Een vast percentage per jaar kan alleen met een basiswaarde en doelwaarde groter dan 0. Kies ‘Lineair’.",
        ),
    ],
)
def test_bad_input_gives_a_dutch_error_beside_the_field_and_saves_nothing(client, world, changes, field, message):
    client.force_login(world.users["chef"])
    response = client.post(reverse("kpis:kpi_create"), {**VALID, **changes})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert "<title>Fout:" in response.content.decode()
    assert not Kpi.objects.unscoped().filter(name="Kritieke grondstoffen").exists()


def test_duplicate_kpi_name_is_refused(client, world):
    make_kpi(world.org_a, name="Kritieke grondstoffen")
    client.force_login(world.users["chef"])
    response = client.post(reverse("kpis:kpi_create"), VALID)
    assert "Er is al een KPI met deze naam." in response.context["form"].errors["name"]


def test_a_department_of_another_organisation_cannot_be_chosen(client, world):
    other = world.org_b.departments.get()
    client.force_login(world.users["chef"])
    response = client.post(reverse("kpis:kpi_create"), {**VALID, "scope": "afdeling", "department": other.pk})
    assert response.status_code == 200
    assert "department" in response.context["form"].errors


def test_library_lists_the_seed_examples_and_the_uniform_kpis(client, world):
    client.force_login(world.users["chef"])
    content = client.get(reverse("kpis:library")).content.decode()
    for text in (
        "Aantal ingekochte leveringen en werken",
        "Aantal vermeden inkopen",
        "Percentage van de gebruikte tijd van een product",
        "Aantal gebruikers per uur/dag/maand",
        "Hoeveelheid grondstoffen (per stuk)",
        "Totaal aantal kilogrammen materiaal",
        "Kritieke grondstoffen",
    ):
        assert text in content


def test_picking_a_library_entry_prefills_the_form(client, world):
    client.force_login(world.users["chef"])
    response = client.get(reverse("kpis:kpi_create") + "?voorbeeld=kpi-r1-1")
    form = response.context["form"]
    assert form.initial["name"] == "Percentage van de gebruikte tijd van een product"
    assert form.initial["unit"] == "%"
    assert form.initial["direction"] == Kpi.Direction.HIGHER
    assert form.initial["strategy"].code == "R1"


def test_overrides_are_stored_marked_and_cleared(client, world):
    kpi = make_kpi(world.org_a)
    client.force_login(world.users["chef"])
    url = reverse("kpis:kpi_targets", args=[kpi.pk])
    response = client.post(url, {"jaar_2026": "850", "reden": "Nieuw contract pas in 2027"})
    assert response.status_code == 302
    override = TargetOverride.objects.get(kpi=kpi)
    assert (override.year, override.value) == (2026, Decimal(850))
    detail = client.get(reverse("kpis:kpi_detail", args=[kpi.pk])).content.decode()
    assert "(aangepast)" in detail
    client.post(url, {"jaar_2026": ""})
    assert not TargetOverride.objects.filter(kpi=kpi).exists()


def test_the_target_form_writes_a_count_without_the_word_aantal(client, world):
    kpi = make_kpi(world.org_a, unit="aantal")
    client.force_login(world.users["chef"])
    page = client.get(reverse("kpis:kpi_targets", args=[kpi.pk])).content.decode()
    assert "Berekend: 900. Leeg laten" in page and "900 aantal" not in page  # 2025 on the path 1000 → 400
    kpi.unit = "kg"
    kpi.save()
    assert "Berekend: 900 kg. Leeg laten" in client.get(reverse("kpis:kpi_targets", args=[kpi.pk])).content.decode()


def test_deleting_needs_the_confirmation(client, world):
    kpi = make_kpi(world.org_a)
    client.force_login(world.users["chef"])
    url = reverse("kpis:kpi_delete", args=[kpi.pk])
    assert client.post(url).status_code == 200
    assert Kpi.objects.unscoped().filter(pk=kpi.pk).exists()
    assert client.post(url, {"bevestig": "ja"}).status_code == 302
    assert not Kpi.objects.unscoped().filter(pk=kpi.pk).exists()


def test_wrong_method_is_405(client, world):
    client.force_login(world.users["chef"])
    assert client.put(reverse("kpis:kpi_create")).status_code == 405
    assert client.get(reverse("kpis:report_request")).status_code == 405
