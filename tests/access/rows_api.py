"""Access rows of the api app: the token pages (the chef circulair only), the reference and the schema (public),
and the JSON endpoints, which take no session at all: every persona without a token gets 401.

What a token may reach is the endpoint table in tests/api/test_endpoint_access.py.
"""

import datetime

from django.utils import timezone

from api.models import ApiToken, Scope

from .table import Row, managers, public

TOKEN_NAME = "Power BI"


def own_org(profile: dict) -> dict:
    """A page about the active organisation: the outsider (chef of B) sees B's."""
    return {**profile, "outsider": profile["chef"]}


def build(world) -> None:
    ApiToken.issue(
        organisation=world.org_a,
        name=TOKEN_NAME,
        scopes=[Scope.READ],
        expires_at=timezone.now() + datetime.timedelta(days=30),
        created_by=world.users["chef"],
    )


def load(world) -> None:
    world.api_token = ApiToken.objects.get(organisation=world.org_a, name=TOKEN_NAME)
    # The world's own trajectory and KPI of organisation A (rows_procurement, rows_kpis).
    world.api_trajectory = world.trajectory_a
    world.api_kpi = world.kpi_a


def _token_data(world) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=30)
    return {"name": "Contractbeheer", "scopes": ["read", "measurements:write"], "expires_on": day.isoformat()}


ROWS = [
    Row("api:tokens", own_org(managers())),
    Row("api:token_create", own_org(managers())),
    Row("api:token_create", own_org(managers()), method="POST", data=_token_data),
    Row("api:token_detail", managers(), kwargs=lambda w: {"pk": w.api_token.pk}),
    Row("api:token_revoke", managers(302), method="POST", kwargs=lambda w: {"pk": w.api_token.pk}),
    Row("api:reference", public()),
    Row("api:schema", public()),
    # The JSON API takes no session: a logged-in browser without a token is refused like anyone.
    Row("api_v1:trajectories", public(401)),
    Row("api_v1:trajectory", public(401), kwargs=lambda w: {"trajectory_id": w.api_trajectory.pk}),
    Row("api_v1:trajectory_effect", public(401), kwargs=lambda w: {"trajectory_id": w.api_trajectory.pk}),
    Row("api_v1:lessons", public(401)),
    Row("api_v1:criteria", public(401)),
    Row("api_v1:trajectory_criteria", public(401), kwargs=lambda w: {"trajectory_id": w.api_trajectory.pk}),
    Row("api_v1:kpis", public(401)),
    Row("api_v1:kpi", public(401), kwargs=lambda w: {"kpi_id": w.api_kpi.pk}),
    Row("api_v1:targets", public(401)),
    Row("api_v1:measurements", public(401)),
    Row(
        "api_v1:measurement_write",
        public(401),
        method="PUT",
        kwargs=lambda w: {"kpi_id": w.api_kpi.pk},
        data=lambda w: {"jaar": "2025", "waarde": "1", "versie": "0"},
    ),
]
