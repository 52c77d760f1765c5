"""The chosen criteria in the OCDS export: ``tender.circularity.criteria`` of the project's extension.

Every package exported here also passes lib-cove-ocds with the extension (the autouse fixture in
tests/conftest.py), so the extension's schema and the export agree.
"""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from criteria.models import ChosenCriterion, Criterion
from procurement.ocds.schema import validation_errors
from rladder.models import RStrategy
from tests.factories import complete_trajectory

pytestmark = pytest.mark.django_db


def criterion(code, type_, text, weight_strategy="R2"):
    return Criterion.objects.create(
        code=code,
        title=f"Titel {code}",
        type=type_,
        strategy=RStrategy.objects.get(code=weight_strategy),
        text=text,
        evidence="Leveringsoverzicht per kwartaal.",
        status=Criterion.Status.PUBLISHED,
    )


@pytest.fixture
def tendered(world):
    users = world.users
    return complete_trajectory(
        world.org_a,
        team={users["inkoper"]: "inkoper"},
        contract_start=date(2031, 1, 1),
        contract_end=date(2035, 1, 1),
        cpv_code="30213100-6",
    )


def choose(trajectory, code, type_, text, values=None, weight=None):
    chosen = ChosenCriterion.choose(trajectory, criterion(code, type_, text))
    chosen.values = values or {}
    chosen.weight = weight
    chosen.save()
    return chosen


def release(client, trajectory) -> dict:
    response = client.get(reverse("procurement:ocds_release", args=[trajectory.pk]))
    assert response.status_code == 200
    package = json.loads(response.content)
    assert list(validation_errors(package, "release-package")) == []
    return package["releases"][0]


def test_the_release_names_each_chosen_criterion_by_code_and_version_with_the_filled_text(client, world, tendered):
    choose(tendered, "OCDS-EIS", "eis", "Ten minste [percentage] % is refurbished.", {"percentage": "75"})
    award = choose(tendered, "OCDS-GUN", "gunningscriterium", "Garantie in jaren.", weight=Decimal("20.50"))
    award_base = Criterion.objects.get(code="OCDS-GUN")
    award_base.text = "Een nieuwe tekst."
    award_base.save()  # version 2 of the library criterion; the trajectory keeps version 1
    client.force_login(world.users["lezer"])
    criteria = release(client, tendered)["tender"]["circularity"]["criteria"]
    assert criteria == [
        {
            "id": "OCDS-EIS",
            "version": 1,
            "type": "technicalSpecification",
            "title": "Titel OCDS-EIS",
            "description": "Ten minste 75 % is refurbished.",
            "strategy": {"code": "R2", "name": RStrategy.objects.get(code="R2").name_nl},
            "verification": "Leveringsoverzicht per kwartaal.",
        },
        {
            "id": "OCDS-GUN",
            "version": award.version,
            "type": "awardCriterion",
            "title": "Titel OCDS-GUN",
            "description": "Garantie in jaren.",
            "strategy": {"code": "R2", "name": RStrategy.objects.get(code="R2").name_nl},
            "verification": "Leveringsoverzicht per kwartaal.",
            "weight": 20.5,
        },
    ]
    assert award.version == 1 and award_base.version == 2


def test_a_trajectory_without_chosen_criteria_has_no_criteria_field(client, world, tendered):
    client.force_login(world.users["lezer"])
    assert "criteria" not in release(client, tendered)["tender"]["circularity"]


def test_every_type_has_an_ocds_code_in_the_extension():
    from criteria.models import Type
    from criteria.ocds import OCDS_TYPES
    from procurement.ocds.schema import extension_file

    schema = json.loads(extension_file("release-schema.json"))
    allowed = schema["definitions"]["CircularCriterion"]["properties"]["type"]["enum"]
    assert sorted(OCDS_TYPES.values()) == sorted(allowed) and set(OCDS_TYPES) == set(Type)


def test_the_year_package_reads_the_criteria_in_a_flat_number_of_queries(
    client, world, tendered, django_assert_max_num_queries
):
    client.force_login(world.users["chef"])
    url = reverse("procurement:ocds_year", args=[2031])
    choose(tendered, "FLAT-1", "eis", "Tekst een.")
    with django_assert_max_num_queries(20) as one:
        assert client.get(url).status_code == 200
    for n in range(2, 6):
        choose(tendered, f"FLAT-{n}", "contractbepaling", "Nog een clausule.")
    other = complete_trajectory(
        world.org_a,
        "Tweede",
        team={world.users["inkoper"]: "inkoper"},
        contract_start=date(2031, 3, 1),
        contract_end=date(2034, 3, 1),
    )
    choose(other, "FLAT-9", "eis", "Tekst negen.")
    with django_assert_max_num_queries(len(one.captured_queries)):
        package = json.loads(client.get(url).content)
    assert sorted(len(r["tender"]["circularity"]["criteria"]) for r in package["releases"]) == [1, 5]
