"""The endpoint table: every endpoint × every kind of token → the expected status.

A token reaches only its own organisation (another organisation's objects are 404,
its lists hold none of them), a revoked or expired token and no token get 401,
a token in the query string is refused (400), and a scope missing is 403.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

KINDS = ["read", "write", "both", "other", "revoked", "expired", "none", "query"]


def _lists(expect_other=200):
    return {
        "read": 200,
        "write": 403,
        "both": 200,
        "other": expect_other,
        "revoked": 401,
        "expired": 401,
        "none": 401,
        "query": 400,
    }


def _detail():
    return {**_lists(), "other": 404}


def _write():
    return {
        "read": 403,
        "write": 201,
        "both": 201,
        "other": 404,
        "revoked": 401,
        "expired": 401,
        "none": 401,
        "query": 400,
    }


ENDPOINTS = [
    ("api_v1:trajectories", lambda w: {}, "GET", _lists()),
    ("api_v1:trajectory", lambda w: {"trajectory_id": w.api_trajectory.pk}, "GET", _detail()),
    ("api_v1:trajectory_effect", lambda w: {"trajectory_id": w.api_trajectory.pk}, "GET", _detail()),
    ("api_v1:lessons", lambda w: {}, "GET", _lists()),
    ("api_v1:kpis", lambda w: {}, "GET", _lists()),
    ("api_v1:kpi", lambda w: {"kpi_id": w.api_kpi.pk}, "GET", _detail()),
    ("api_v1:targets", lambda w: {}, "GET", _lists()),
    ("api_v1:measurements", lambda w: {}, "GET", _lists()),
    ("api_v1:measurement_write", lambda w: {"kpi_id": w.api_kpi.pk}, "PUT", _write()),
    ("api_v1:criteria", lambda w: {}, "GET", _lists()),
    ("api_v1:trajectory_criteria", lambda w: {"trajectory_id": w.api_trajectory.pk}, "GET", _detail()),
]


def test_every_api_endpoint_is_in_the_table():
    from tests.access.test_access_table import named_patterns

    names = {name for name in named_patterns() if name.startswith("api_v1:")}
    assert names == {name for name, *_ in ENDPOINTS}


@pytest.mark.parametrize("name,kwargs,method,expect", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_endpoint_by_token_kind(name, kwargs, method, expect, api, world, tokens):
    url = reverse(name, kwargs=kwargs(world))
    failures = []
    for kind in KINDS:
        token = getattr(tokens, kind, None)
        target = url
        if kind == "query":
            target, token = f"{url}?token={tokens.both}", None
        if method == "GET":
            response = api.get(target, token)
        else:
            # A new period for each kind, so one kind's write cannot turn the next one's into a conflict.
            body = {"jaar": 2025 + KINDS.index(kind), "waarde": 5, "versie": 0}
            response = api.put(target, body, token)
        if response.status_code != expect[kind]:
            failures.append(f"{kind}: {response.status_code} (expected {expect[kind]})")
        elif response.status_code >= 400:
            payload = response.json()
            assert payload["status"] == response.status_code and payload["melding"], (kind, payload)
        if kind == "other" and response.status_code == 200:
            body = response.json()
            ids = {row.get("id") for row in body["resultaten"]}
            ids |= {row.get("kpi") for row in body["resultaten"] if not isinstance(row.get("kpi"), dict)}
            own = {world.api_trajectory.pk, world.api_kpi.pk}
            # Measurements and lessons have their own ids: _of_org_b below checks them.
            unrelated_ids = name in {"api_v1:measurements", "api_v1:lessons", "api_v1:criteria"}
            assert not (ids & own) or unrelated_ids, f"{name} leaked organisation A's rows"
            assert all(_of_org_b(row, world) for row in body["resultaten"]), name
    assert not failures, f"{name}: " + "; ".join(failures)


def _of_org_b(row, world) -> bool:
    from kpis.models import Kpi
    from learning.models import Lesson
    from procurement.models import Trajectory

    if "basisset" in row:  # a criterion: the base set, or organisation B's own
        from django.db.models import Q

        from criteria.models import Criterion

        own_or_base = Q(organisation__isnull=True) | Q(organisation=world.org_b)
        return Criterion.objects.filter(own_or_base, pk=row["id"]).exists()
    if "les" in row:
        return Lesson.objects.filter(trajectory__organisation=world.org_b, pk=row["id"]).exists()
    if "kpi" in row:
        return Kpi.objects.filter(organisation=world.org_b, pk=row["kpi"]).exists()
    if "titel" in row:
        return Trajectory.objects.filter(organisation=world.org_b, pk=row["id"]).exists()
    return Kpi.objects.filter(organisation=world.org_b, pk=row["id"]).exists()
