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


# --- the document describes what is sent and what is accepted ------------------------------


def _document(client) -> dict:
    return client.get(reverse("api:schema")).json()


def _accepts(prop: dict) -> list[dict]:
    """The alternatives of a property's schema (anyOf or itself)."""
    return prop.get("anyOf", [prop])


def test_every_decimal_sent_is_declared_a_json_number(client):
    """The answers carry decimals as JSON numbers (rendering.dumps): the document must say number, never string."""
    from api import schemas

    components = _document(client)["components"]["schemas"]
    checked = 0
    for name, model in vars(schemas).items():
        if not (isinstance(model, type) and issubclass(model, schemas.Schema) and name.endswith("Out")):
            continue
        for field_name, field in model.model_fields.items():
            if "Decimal" not in repr(field.annotation):
                continue
            types = {alt.get("type") for alt in _accepts(components[name]["properties"][field_name])}
            assert types - {"null"} == {"number"}, (name, field_name, types)
            assert ("null" in types) == ("None" in repr(field.annotation)), (name, field_name)
            checked += 1
    assert checked >= 29


def test_the_page_size_limit_is_in_the_document(client):
    document = _document(client)
    lists = [op for methods in document["paths"].values() for op in methods.values() if op.get("parameters")]
    per_page = [p for op in lists for p in op["parameters"] if p["name"] == "per_pagina"]
    assert len(per_page) == 7
    assert all(p["schema"]["maximum"] == 200 and p["schema"]["minimum"] == 1 for p in per_page)


def test_the_rules_of_a_measurement_are_in_the_document(client):
    body = _document(client)["components"]["schemas"]["MeasurementIn"]
    assert body["additionalProperties"] is False
    fields = body["properties"]
    assert (fields["jaar"]["minimum"], fields["jaar"]["maximum"]) == (1990, 2100)
    assert "looptijd van de KPI" in fields["jaar"]["description"]
    assert (fields["kwartaal"]["minimum"], fields["kwartaal"]["maximum"], fields["kwartaal"]["default"]) == (0, 4, 0)
    number, null = _accepts(fields["waarde"])
    assert number == {"type": "number", "minimum": 0, "maximum": 999999999999.9999, "multipleOf": 0.0001}
    assert null == {"type": "null"}, "text is not accepted, so the document does not offer it"
    assert "null" in fields["waarde"]["description"] and "204" in fields["waarde"]["description"]
    assert fields["versie"]["maximum"] == 2**31 - 1
    for name in ("afdeling", "categorie"):
        assert _accepts(fields[name])[0]["minimum"] == 1


ENGLISH_VALUES = {"in_review", "approved", "changes_requested", "reference", "realised", "cradle_to_gate", "other"}


def test_every_enumeration_is_listed_in_dutch(client):
    """Enumerations are components with their values; no stored English value is one of them."""
    document = _document(client)
    components = document["components"]["schemas"]
    enumerations = {name: s["enum"] for name, s in components.items() if "enum" in s}
    assert {
        "TrajectoryStatus",
        "PhaseStatus",
        "ReviewStatus",
        "Feasibility",
        "TeamRole",
        "RStrategy",
        "KpiScope",
        "Direction",
        "TighteningRule",
        "Aggregation",
        "Scenario",
        "Unit",
        "SystemBoundary",
        "LessonKind",
    } <= set(enumerations)
    assert enumerations["ReviewStatus"] == ["niet_aangeboden", "ter_beoordeling", "goedgekeurd", "wijzigingen_gevraagd"]
    assert enumerations["Scenario"] == ["referentie", "plan", "gerealiseerd"]
    values = {value for enum in enumerations.values() for value in enum}
    assert not values & ENGLISH_VALUES
    refs = {
        (name, field): prop
        for name, s in components.items()
        for field, prop in s.get("properties", {}).items()
        if any("$ref" in alt for alt in _accepts(prop))
    }
    for field in [("PhaseOut", "beoordeling"), ("ImpactLineOut", "scenario"), ("FactorSnapshotOut", "systeemgrens")]:
        assert field in refs, field
    status = next(p for p in document["paths"]["/api/v1/trajecten/"]["get"]["parameters"] if p["name"] == "status")
    assert _accepts(status["schema"])[0]["$ref"].endswith("/TrajectoryStatus"), "the filter takes the same words"


def test_the_mapping_of_stored_values_covers_every_choice():
    """Each stored choice has an API value and each API value comes from a stored choice (or is derived)."""
    from api import data, schemas
    from kpis.models import Kpi
    from learning.models import Lesson
    from procurement.models import PhaseRecord, RDecisionStep, Scenario, Trajectory, TrajectoryMember
    from rladder.models import FactorUnit, SystemBoundary

    pairs = [
        (data.TRAJECTORY_STATUS, Trajectory.Status, schemas.TrajectoryStatus),
        (data.PHASE_STATUS, PhaseRecord.Status, schemas.PhaseStatus),
        (data.REVIEW_STATUS, PhaseRecord.ReviewStatus, schemas.ReviewStatus),
        (data.FEASIBLE, RDecisionStep.Feasible, schemas.Feasibility),
        (data.TEAM_ROLE, TrajectoryMember.TeamRole, schemas.TeamRole),
        (data.KPI_SCOPE, Kpi.Scope, schemas.KpiScope),
        (data.DIRECTION, Kpi.Direction, schemas.Direction),
        (data.RULE, Kpi.Rule, schemas.TighteningRule),
        (data.AGGREGATION, Kpi.Aggregation, schemas.Aggregation),
        (data.SCENARIO, Scenario, schemas.Scenario),
        (data.UNIT, FactorUnit, schemas.Unit),
        (data.SYSTEM_BOUNDARY, SystemBoundary, schemas.SystemBoundary),
        (data.LESSON_KIND, Lesson.Kind, schemas.LessonKind),
    ]
    for mapping, stored, api in pairs:
        assert set(mapping) == set(stored.values), stored
        derived = {schemas.PhaseStatus.CANNOT_START} if api is schemas.PhaseStatus else set()
        assert set(mapping.values()) | derived == {member.value for member in api}, api
        assert len(set(mapping.values())) == len(mapping), f"{api.__name__}: two stored values, one word"


def test_reference_page_lists_the_values_and_the_rules(client):
    html = client.get(reverse("api:reference")).content.decode()
    assert 'id="waarden-ReviewStatus"' in html and '<code translate="no">ter_beoordeling</code>' in html
    assert '<code translate="no">grondstof_tot_fabriekspoort</code>' in html
    assert "niet_aangeboden | ter_beoordeling | goedgekeurd | wijzigingen_gevraagd" in html, "inline at the field"
    assert "ook als je bron of toelichting meestuurt" in html, "what null does, as it behaves"
    assert "Een queryparameter die een adres niet kent" in html and "405" in html
