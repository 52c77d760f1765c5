"""Hypothesis drives the JSON API: any body, any query, never a 500, always a JSON answer.

A refused write (any 4xx) leaves the measurements exactly as they were.
"""

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpis.models import Measurement
from tests.api.conftest import issue
from tests.factories import make_kpi

from .strategies import NASTY_TEXT

pytestmark = pytest.mark.django_db

FIELDS = ["jaar", "kwartaal", "afdeling", "categorie", "waarde", "bron", "toelichting", "versie"]
JSON_VALUE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | NASTY_TEXT
    | st.text(max_size=50),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=5,
)
PLAUSIBLE = {
    "jaar": st.integers(min_value=2020, max_value=2032),
    "kwartaal": st.integers(min_value=-1, max_value=5),
    "waarde": st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str) | st.integers(-5, 10**6),
    "versie": st.integers(min_value=-1, max_value=3),
}
BODY = st.one_of(
    # Mostly sensible bodies with one field hostile: they reach the grid's own rules.
    st.fixed_dictionaries(
        {},
        optional={name: PLAUSIBLE.get(name, JSON_VALUE) | JSON_VALUE for name in FIELDS},
    ),
    st.dictionaries(st.sampled_from([*FIELDS, "eenheid", "id", "__proto__"]), JSON_VALUE, max_size=9),
    JSON_VALUE,
)
RAW = st.one_of(BODY.map(lambda body: json.dumps(body).encode()), st.binary(max_size=200))
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(raw=RAW)
def test_measurement_write_never_fails_with_a_500(client, world, settings, raw):
    settings.API_RATE_LIMIT_PER_MINUTE = 10**6  # Hypothesis sends more than a token's minute allows
    kpi = make_kpi(world.org_a, name="Fuzz") if not hasattr(world, "fuzz_kpi") else world.fuzz_kpi
    world.fuzz_kpi = kpi
    if not hasattr(world, "fuzz_secret"):
        world.fuzz_secret = issue(world.org_a, world.users["chef"], ["read", "measurements:write"])[1]
    before = list(Measurement.objects.filter(kpi=kpi).order_by("pk").values())
    response = client.generic(
        "PUT",
        reverse("api_v1:measurement_write", kwargs={"kpi_id": kpi.pk}),
        data=raw,
        content_type="application/json",
        headers={"Authorization": f"Bearer {world.fuzz_secret}"},
    )
    assert response.status_code in {200, 201, 204, 400, 409, 413}, response.content
    if response.status_code >= 400:
        payload = response.json()
        assert payload["status"] == response.status_code and payload["melding"]
        assert list(Measurement.objects.filter(kpi=kpi).order_by("pk").values()) == before


QUERY_NAMES = st.sampled_from(["jaar", "categorie", "afdeling", "status", "pagina", "per_pagina", "kpi", "kwartaal"])
QUERY = st.dictionaries(QUERY_NAMES, NASTY_TEXT | st.text(max_size=20) | st.integers(-5, 10**12).map(str), max_size=4)
LISTS = ["api_v1:trajectories", "api_v1:kpis", "api_v1:targets", "api_v1:measurements", "api_v1:lessons"]


@SETTINGS
@given(name=st.sampled_from(LISTS), query=QUERY)
def test_list_queries_never_fail_with_a_500(client, world, settings, name, query):
    settings.API_RATE_LIMIT_PER_MINUTE = 10**6  # Hypothesis sends more than a token's minute allows
    if not hasattr(world, "fuzz_secret"):
        world.fuzz_secret = issue(world.org_a, world.users["chef"], ["read"])[1]
    response = client.get(reverse(name), query, headers={"Authorization": f"Bearer {world.fuzz_secret}"})
    assert response.status_code in {200, 400}, (query, response.content)
    assert response.json()


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/api/v1/trajecten/", {"afdeling": "9" * 26}),
        ("/api/v1/metingen/", {"kpi": str(2**63)}),
        ("/api/v1/trajecten/" + "9" * 26 + "/", {}),
        ("/api/v1/kpis/" + str(2**63) + "/", {}),
    ],
    ids=["filter", "kpi-filter", "trajectory-path", "kpi-path"],
)
def test_an_id_larger_than_any_key_is_refused_in_dutch_not_a_500(client, world, url, query):
    secret = issue(world.org_a, world.users["chef"], ["read"])[1]
    response = client.get(url, query, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code in {400, 404}, response.content
    assert response.json()["melding"]
