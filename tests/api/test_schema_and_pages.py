"""The OpenAPI schema is valid OpenAPI 3, the Dutch reference page shows every endpoint, and the token pages work."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openapi_spec_validator import validate

from api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_schema_is_valid_openapi_3(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")
    paths = set(document["paths"])
    assert {"/api/v1/trajecten/", "/api/v1/metingen/", "/api/v1/kpis/{kpi_id}/metingen/"} <= paths
    assert document["components"]["securitySchemes"], "the bearer token is described"
    put = document["paths"]["/api/v1/kpis/{kpi_id}/metingen/"]["put"]
    assert {"200", "201", "204", "400", "401", "403", "404", "409", "413", "429"} <= set(put["responses"])


def test_schema_paths_are_the_real_urls(client, world):
    document = client.get(reverse("api:schema")).json()
    assert reverse("api_v1:trajectories") in document["paths"]
    assert reverse("api_v1:kpi", kwargs={"kpi_id": 7}).replace("7", "{kpi_id}") in document["paths"]


def test_reference_page_lists_every_endpoint_in_dutch(client):
    response = client.get(reverse("api:reference"))
    assert response.status_code == 200
    html = response.content.decode()
    document = json.loads(client.get(reverse("api:schema")).content)
    for path in document["paths"]:
        assert path in html
    assert "Authorization: Bearer" in html and "If-None-Match" in html
    assert "<script" not in html.split("</nav>", 1)[-1].split("<footer", 1)[0], "the reference needs no script"


def test_chef_creates_a_token_and_sees_the_secret_once(client, world):
    client.force_login(world.users["chef"])
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = client.post(reverse("api:token_create"), {"name": "Excel", "scopes": ["read"], "expires_on": day})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    assert secret in response.content.decode()
    token = ApiToken.objects.get(organisation=world.org_a, name="Excel")
    assert token.scopes == ["read"] and secret not in token.secret_hash
    assert timezone.localtime(token.expires_at).date().isoformat() > day
    listing = client.get(reverse("api:tokens")).content.decode()
    detail = client.get(reverse("api:token_detail", kwargs={"pk": token.pk})).content.decode()
    assert "Excel" in listing and secret not in listing and secret not in detail
    assert client.get(reverse("api_v1:kpis"), headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert "Nog niet gebruikt" not in client.get(reverse("api:tokens")).content.decode().split("Excel", 1)[1][:400]


@pytest.mark.parametrize(
    "data,field",
    [
        ({"name": "", "scopes": ["read"], "expires_on": "2099-01-01"}, "name"),
        ({"name": "X", "scopes": [], "expires_on": "2099-01-01"}, "scopes"),
        ({"name": "X", "scopes": ["admin"], "expires_on": "2099-01-01"}, "scopes"),
        ({"name": "X", "scopes": ["read"], "expires_on": "2000-01-01"}, "expires_on"),
        ({"name": "X", "scopes": ["read"], "expires_on": "2099-01-01"}, "expires_on"),
        ({"name": "X", "scopes": ["read"], "expires_on": "morgen"}, "expires_on"),
    ],
)
def test_token_form_errors_in_dutch(client, world, data, field):
    client.force_login(world.users["chef"])
    response = client.post(reverse("api:token_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ApiToken.objects.filter(organisation=world.org_a, name="X").exists()


def test_revoked_token_stops_working_and_shows_as_revoked(client, world):
    client.force_login(world.users["chef"])
    token, secret = ApiToken.issue(
        organisation=world.org_a,
        name="Weg",
        scopes=["read"],
        expires_at=timezone.now() + datetime.timedelta(days=1),
        created_by=world.users["chef"],
    )
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get(reverse("api_v1:kpis"), headers=headers).status_code == 200
    response = client.post(reverse("api:token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302
    assert client.get(reverse("api_v1:kpis"), headers=headers).status_code == 401
    detail = client.get(reverse("api:token_detail", kwargs={"pk": token.pk})).content.decode()
    assert "Ingetrokken" in detail and "GET /api/v1/kpis/" in detail
    token.refresh_from_db()
    assert token.revoked_by == world.users["chef"]
    assert token.history.filter(revoked_at__isnull=False).exists()


def test_outsider_cannot_see_or_revoke_another_organisations_token(client, world):
    client.force_login(world.users["outsider"])
    pk = world.api_token.pk
    assert client.get(reverse("api:token_detail", kwargs={"pk": pk})).status_code == 404
    assert client.post(reverse("api:token_revoke", kwargs={"pk": pk})).status_code == 404
    world.api_token.refresh_from_db()
    assert world.api_token.revoked_at is None
