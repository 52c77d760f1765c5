"""The criteria endpoints: the organisation's library and a trajectory's chosen criteria, scoped by the token."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.schemas import ChosenCriterionPage, CriterionPage
from criteria.models import ChosenCriterion
from tests.criteria.test_models import make
from tests.factories import start_trajectory

pytestmark = pytest.mark.django_db


def test_the_library_is_the_base_set_and_the_organisations_own(api, world, tokens):
    base = make(code="API-BASIS")
    adapted = make(code="API-AANGEPAST")
    adapted.adapt(world.org_a, title="Onze versie")
    make(world.org_a, code="API-ALFA")
    make(world.org_b, code="API-BETA")
    body = api.get(f"{reverse('api_v1:criteria')}?per_pagina=200&zoek=herbruikbaar", tokens.read).json()
    CriterionPage.model_validate(body)
    rows = {row["code"]: row for row in body["resultaten"]}
    assert {"API-BASIS", "API-ALFA", "API-AANGEPAST"} <= set(rows) and "API-BETA" not in rows
    assert rows["API-AANGEPAST"]["titel"] == "Onze versie" and rows["API-AANGEPAST"]["aangepast_van"] == adapted.pk
    assert rows["API-BASIS"]["variabelen"] == ["percentage"] and rows["API-BASIS"]["id"] == base.pk
    assert api.get(f"{reverse('api_v1:criteria')}?r=R9", tokens.read).json()["resultaten"] == []
    assert api.get(f"{reverse('api_v1:criteria')}?soort=x&onbekend=1", tokens.read).status_code == 400


def test_a_trajectorys_chosen_criteria_with_filled_text_and_weight(api, world, tokens):
    trajectory = start_trajectory(world)
    chosen = ChosenCriterion.choose(trajectory, make(code="API-GUN", type="gunningscriterium"))
    chosen.fill_in({"percentage": Decimal("10000")}, Decimal("12.5"), revision=0)
    url = reverse("api_v1:trajectory_criteria", args=[trajectory.pk])
    body = api.get(url, tokens.read).json()
    ChosenCriterionPage.model_validate(body)
    (row,) = body["resultaten"]
    assert row["code"] == "API-GUN" and row["versie"] == 1 and row["tekst"].startswith("Ten minste 10.000 %")
    assert Decimal(str(row["weging"])) == Decimal("12.5") and row["waarden"] == {"percentage": "10000"}


def test_the_criteria_query_budget_is_flat(api, world, tokens):
    trajectory = start_trajectory(world)
    urls = [f"{reverse('api_v1:criteria')}?per_pagina=200", reverse("api_v1:trajectory_criteria", args=[trajectory.pk])]

    def count(url):
        api.get(url, tokens.read)
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url, tokens.read).status_code == 200
        return len(queries)

    def add(n, start):
        for i in range(start, start + n):
            criterion = make(code=f"API-Q-{i}")
            ChosenCriterion.choose(trajectory, criterion)
            criterion.adapt(world.org_a)

    add(5, 0)
    at_5 = [count(url) for url in urls]
    add(40, 5)
    assert [count(url) for url in urls] == at_5
