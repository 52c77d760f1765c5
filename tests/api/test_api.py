"""The JSON API: contents, pagination and filters, ETags, writing measurements, errors, limits and records."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.models import ApiRequest, ApiToken
from api.schemas import KpiPage, MeasurementOut, MeasurementPage, TargetPage, TrajectoryOut, TrajectoryPage
from kpis.models import Kpi, Measurement
from organisations.models import Department, Membership, Role
from procurement.models import Trajectory
from tests.factories import FEASIBLE, decide, make_kpi, measure, start_trajectory

pytestmark = pytest.mark.django_db

TRAJECTORIES = reverse("api_v1:trajectories")
MEASUREMENTS = reverse("api_v1:measurements")


def write_url(kpi):
    return reverse("api_v1:measurement_write", kwargs={"kpi_id": kpi.pk})


# --- reading ----------------------------------------------------------------------


def test_trajectory_shows_phases_decision_and_team_without_email(api, world, tokens):
    trajectory = start_trajectory(world, title="Printers delen")
    decide(trajectory, world.users["inkoper"], summary="Delen kan", r0=FEASIBLE.NO, r1=FEASIBLE.YES)
    response = api.get(reverse("api_v1:trajectory", kwargs={"trajectory_id": trajectory.pk}), tokens.read)
    assert response.status_code == 200
    body = response.json()
    TrajectoryOut.model_validate(body)
    assert body["titel"] == "Printers delen"
    assert body["r_besluit"]["strategie"] == "R1"
    assert [step["strategie"] for step in body["r_besluit"]["treden"]] == ["R0", "R1", "R2"]
    assert len(body["fasen"]) == 6 and body["fasen"][0]["fase"] == "startoverleg"
    assert {member["rol"] for member in body["team"]} >= {"inkoper", "interne_opdrachtgever"}
    assert "@" not in response.content.decode(), "no e-mail address leaves through the API"
    assert body["geschatte_waarde"] == 100000  # a JSON number, not a string


def test_lists_validate_against_their_schemas(api, world, tokens):
    kpi = make_kpi(world.org_a, name="Schema-KPI")
    measure(kpi, 2025, "12.5")
    for url, schema in [
        (TRAJECTORIES, TrajectoryPage),
        (reverse("api_v1:kpis"), KpiPage),
        (reverse("api_v1:targets"), TargetPage),
        (MEASUREMENTS, MeasurementPage),
    ]:
        response = api.get(url, tokens.read)
        assert response.status_code == 200, url
        schema.model_validate(response.json())


def test_decimals_are_exact_json_numbers(api, world, tokens):
    kpi = make_kpi(world.org_a, name="Exact")
    measure(kpi, 2025, "0.1")
    measure(kpi, 2026, "12345678901.2345")
    raw = api.get(f"{MEASUREMENTS}?kpi={kpi.pk}", tokens.read).content.decode()
    assert '"waarde": 0.1,' in raw and '"waarde": 12345678901.2345,' in raw
    values = [row["waarde"] for row in json.loads(raw, parse_float=Decimal)["resultaten"]]
    assert values == [Decimal("0.1"), Decimal("12345678901.2345")]


def test_targets_show_the_goal_and_what_was_realised(api, world, tokens):
    kpi = make_kpi(world.org_a, name="Doelen")
    measure(kpi, 2025, 800)
    body = api.get(f"{reverse('api_v1:targets')}?kpi={kpi.pk}&jaar=2025", tokens.read).json()
    assert body["aantal"] == 1
    row = body["resultaten"][0]
    assert row["jaar"] == 2025 and row["doel"] == 900 and row["gerealiseerd"] == 800


def test_pagination_and_filters(api, world, tokens):
    department = Department.objects.create(organisation=world.org_a, name="Facilitair")
    first = start_trajectory(world, title="Eerste", department=department)
    start_trajectory(world, title="Tweede", department=department)
    url = f"{TRAJECTORIES}?afdeling={department.pk}&per_pagina=1"
    body = api.get(url, tokens.read).json()
    assert body["aantal"] == 2 and len(body["resultaten"]) == 1
    assert body["resultaten"][0]["id"] == first.pk
    assert "pagina=2" in body["volgende"] and body["vorige"] is None
    second = api.get(body["volgende"], tokens.read).json()
    assert second["resultaten"][0]["titel"] == "Tweede" and second["volgende"] is None
    assert api.get(f"{TRAJECTORIES}?afdeling={department.pk}&status=voorkomen", tokens.read).json()["aantal"] == 0
    assert api.get(f"{TRAJECTORIES}?afdeling={department.pk}&pagina=9", tokens.read).json()["resultaten"] == []
    years = api.get(f"{TRAJECTORIES}?afdeling={department.pk}&jaar=2000", tokens.read).json()
    assert years["aantal"] == 0


def test_list_etag_gives_304_until_something_changes(api, world, tokens):
    kpi = make_kpi(world.org_a, name="ETag")
    url = f"{MEASUREMENTS}?kpi={kpi.pk}"
    first = api.get(url, tokens.read)
    etag = first["ETag"]
    assert etag and first["Cache-Control"] == "private, no-cache"
    again = api.get(url, tokens.read, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    measure(kpi, 2025, 1)
    changed = api.get(url, tokens.read, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


# --- writing measurements -------------------------------------------------------------


def test_write_create_edit_conflict_and_delete(api, world, tokens):
    kpi = make_kpi(world.org_a, name="Schrijven")
    url = write_url(kpi)
    created = api.put(url, {"jaar": 2025, "waarde": 12.5, "bron": "Leverancier", "versie": 0}, tokens.write)
    assert created.status_code == 201, created.content
    row = MeasurementOut.model_validate(created.json())
    assert row.versie == 1 and row.waarde == Decimal("12.5")
    stored = Measurement.objects.get(kpi=kpi, year=2025)
    assert stored.value == Decimal("12.5") and stored.entered_by == world.users["chef"]

    edited = api.put(url, {"jaar": 2025, "waarde": 13, "versie": 1}, tokens.write)
    assert edited.status_code == 200 and edited.json()["versie"] == 2

    stale = api.put(url, {"jaar": 2025, "waarde": 99, "versie": 1}, tokens.write)
    assert stale.status_code == 409
    assert stale.json()["huidige"]["versie"] == 2 and stale.json()["huidige"]["waarde"] == 13
    assert Measurement.objects.get(kpi=kpi, year=2025).value == 13

    unchanged = api.put(url, {"jaar": 2025, "waarde": 13, "versie": 2}, tokens.write)
    assert unchanged.status_code == 200 and unchanged.json()["versie"] == 2

    new_again = api.put(url, {"jaar": 2025, "waarde": 1, "versie": 0}, tokens.write)
    assert new_again.status_code == 409, "versie 0 for a period that has a measurement is stale"

    deleted = api.put(url, {"jaar": 2025, "waarde": None, "versie": 2}, tokens.write)
    assert deleted.status_code == 204
    assert not Measurement.objects.filter(kpi=kpi, year=2025).exists()
    gone = api.put(url, {"jaar": 2025, "waarde": 5, "versie": 2}, tokens.write)
    assert gone.status_code == 409 and gone.json()["huidige"] is None


def test_write_per_department_and_quarter(api, world, tokens):
    kpi = make_kpi(world.org_a, name="Per afdeling")
    response = api.put(
        write_url(kpi),
        {"jaar": 2026, "kwartaal": 3, "afdeling": world.department_a.pk, "waarde": 4, "versie": 0},
        tokens.write,
    )
    assert response.status_code == 201
    assert response.json()["afdeling"] == {"id": world.department_a.pk, "naam": "Inkoop"}
    assert Measurement.objects.get(kpi=kpi, year=2026, quarter=3).department == world.department_a


BAD_BODIES = [
    ({"jaar": 2025, "waarde": -1, "versie": 0}, "waarde"),
    ({"jaar": 2025, "waarde": "veel", "versie": 0}, "waarde"),
    ({"jaar": 2025, "waarde": "10.000,5", "versie": 0}, "waarde"),
    ({"jaar": 2025, "waarde": 1e20, "versie": 0}, "waarde"),
    ({"jaar": 2025, "waarde": 1.123456, "versie": 0}, "waarde"),
    ({"jaar": 2025, "waarde": True, "versie": 0}, "waarde"),
    ({"jaar": "twintig", "waarde": 1, "versie": 0}, "jaar"),
    ({"jaar": 2025, "waarde": 1, "versie": -1}, "versie"),
    ({"jaar": 2025, "waarde": 1}, "versie"),
    ({"jaar": 2025, "kwartaal": 5, "waarde": 1, "versie": 0}, "kwartaal"),
    ({"jaar": 2025, "waarde": 1, "versie": 0, "eenheid": "kg"}, "eenheid"),
    ({"jaar": 2025, "waarde": 1, "versie": 0, "bron": "x" * 301}, "bron"),
    ({"jaar": 2040, "waarde": 1, "versie": 0}, "jaar"),
    ({"jaar": 2023, "waarde": 1, "versie": 0}, "jaar"),
    ({"jaar": 2025, "waarde": "13", "versie": 0}, "waarde"),
    ({"jaar": 2025, "waarde": "12.5", "versie": 0}, "waarde"),
    ({"jaar": "2025", "waarde": 1, "versie": 0}, "jaar"),
    ({"jaar": 2025, "waarde": 1, "versie": True}, "versie"),
    ({"jaar": 2025, "waarde": 1, "versie": 2**31}, "versie"),
    ({"jaar": 2025, "waarde": 1, "versie": 0, "afdeling": 2**63}, "afdeling"),
    ({"jaar": 2025, "waarde": 1, "versie": 0, "categorie": 0}, "categorie"),
    ({"jaar": 2025, "waarde": 1, "versie": 0, "bron": 12}, "bron"),
]


@pytest.mark.parametrize("body,field", BAD_BODIES)
def test_bad_bodies_get_a_dutch_400_naming_the_field(api, world, tokens, body, field):
    kpi = make_kpi(world.org_a, name="Slecht")
    response = api.put(write_url(kpi), body, tokens.write)
    assert response.status_code == 400, response.content
    payload = response.json()
    assert payload["status"] == 400 and "verzoek" in payload["melding"]
    assert field in {error["veld"] for error in payload["fouten"]}, payload
    assert all(error["melding"] for error in payload["fouten"])
    assert not Measurement.objects.filter(kpi=kpi).exists()


@pytest.mark.parametrize(
    "raw", [b"{", b"", b"[]", b'"tekst"', b"null", b'{"jaar": NaN}', '{"jaar": 2025, "waarde": \u00e9}'.encode()]
)
def test_malformed_json_is_a_400(api, world, tokens, raw):
    kpi = make_kpi(world.org_a, name="Kapot")
    response = api.put(write_url(kpi), raw, tokens.write, raw=True)
    assert response.status_code == 400
    assert response.json()["melding"]


def test_department_of_another_organisation_is_refused(api, world, tokens):
    kpi = make_kpi(world.org_a, name="Vreemde afdeling")
    other = world.org_b.departments.first()
    response = api.put(write_url(kpi), {"jaar": 2025, "afdeling": other.pk, "waarde": 1, "versie": 0}, tokens.write)
    assert response.status_code == 400
    assert response.json()["fouten"][0]["veld"] == "afdeling"


def test_department_kpi_refuses_a_department(api, world, tokens):
    kpi = make_kpi(world.org_a, name="Afdelings-KPI", scope=Kpi.Scope.DEPARTMENT, department=world.department_a)
    body = {"jaar": 2025, "afdeling": world.department_a.pk, "waarde": 1, "versie": 0}
    assert api.put(write_url(kpi), body, tokens.write).status_code == 400


def test_huge_body_is_a_413(api, world, tokens, settings):
    settings.API_MAX_BODY_BYTES = 1024
    kpi = make_kpi(world.org_a, name="Groot")
    body = {"jaar": 2025, "waarde": 1, "versie": 0, "toelichting": "x" * 2000}
    response = api.put(write_url(kpi), body, tokens.write)
    assert response.status_code == 413 and "te groot" in response.json()["melding"]


def test_body_over_the_site_limit_is_json_too(api, world, tokens, settings):
    settings.MAX_REQUEST_BODY_SIZE = 100
    kpi = make_kpi(world.org_a, name="Heel groot")
    response = api.put(write_url(kpi), {"jaar": 2025, "waarde": 1, "versie": 0, "bron": "x" * 200}, tokens.write)
    assert response.status_code == 413 and response["Content-Type"] == "application/json"


def test_unknown_addresses_under_the_api_are_json(api, tokens):
    response = api.get("/api/v1/bestaat-niet/", tokens.read)
    assert response.status_code == 404 and response.json()["melding"] == "Niet gevonden."
    response = api.get("/api/v1/trajecten/abc/", tokens.read)
    assert response.status_code == 400 and response.json()["fouten"][0]["veld"] == "trajectory_id"
    assert api.get("/api/v1/trajecten/999999/", tokens.read).json()["melding"] == "Niet gevonden."


def test_bad_query_parameters_are_a_400(api, tokens):
    for query in ["jaar=twee", "pagina=0", "per_pagina=500", "status=weg", "afdeling=x"]:
        response = api.get(f"{TRAJECTORIES}?{query}", tokens.read)
        assert response.status_code == 400, query
        assert response.json()["fouten"], query


# --- tokens: header only, limits, records -----------------------------------------


@pytest.mark.parametrize("query", ["token={}", "access_token={}", "x={}", "sleutel=iets"])
def test_token_in_query_string_is_refused(api, tokens, query):
    response = api.get(f"{TRAJECTORIES}?{query.format(tokens.read)}", tokens.read)
    assert response.status_code == 400
    assert "header" in response.json()["melding"]


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer cc_nope", "Token {}", "Basic {}", "Bearer {}x"])
def test_bad_authorization_headers_are_a_401(client, tokens, header):
    response = client.get(TRAJECTORIES, headers={"Authorization": header.format(tokens.read)} if header else {})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["melding"]


def test_session_is_not_enough(client, world):
    client.force_login(world.users["chef"])
    assert client.get(TRAJECTORIES).status_code == 401


@pytest.fixture
def mid_minute(monkeypatch):
    """The rate limits count in fixed one-minute windows: a clock that stays 10 s into one, so that a
    slow run never sees its requests fall into two windows."""
    from accounts import security

    monkeypatch.setattr(security, "_clock", lambda: 1_800_000_010.0)


def test_rate_limit_per_token(api, tokens, settings, mid_minute):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    statuses = [api.get(TRAJECTORIES, tokens.read).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api.get(TRAJECTORIES, tokens.read)
    assert int(refused["Retry-After"]) == 50 and "hoogstens 3" in refused.json()["melding"]
    assert api.get(TRAJECTORIES, tokens.both).status_code == 200, "the limit is per token"


def test_wrong_tokens_are_limited_per_address(api, settings, mid_minute):
    settings.API_BAD_TOKEN_LIMIT_PER_MINUTE = 2
    statuses = [api.get(TRAJECTORIES, f"cc_{'a' * 12}_guess{n}").status_code for n in range(3)]
    assert statuses == [401, 401, 429]


def test_every_request_with_a_token_is_recorded(api, world, tokens):
    token = ApiToken.objects.get(organisation=world.org_a, name="lezen")
    api.get(TRAJECTORIES, tokens.read)
    api.put(write_url(world.api_kpi), {"jaar": 2025, "waarde": 1, "versie": 0}, tokens.read)
    revoked = ApiToken.objects.get(organisation=world.org_a, name="ingetrokken")
    api.get(TRAJECTORIES, tokens.revoked)
    rows = list(ApiRequest.objects.filter(token=token).order_by("pk").values_list("method", "path", "status"))
    assert rows == [("GET", TRAJECTORIES, 200), ("PUT", write_url(world.api_kpi), 403)]
    assert ApiRequest.objects.filter(token=revoked).get().status == 401
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_last_use_is_written_once_a_minute_and_every_request_is_logged(api, world, tokens):
    """ "Laatst gebruikt" is shown to the minute: a client polling often does not write the token each time."""
    token = ApiToken.objects.get(organisation=world.org_a, name="lezen")
    api.get(TRAJECTORIES, tokens.read)
    first = ApiToken.objects.get(organisation=world.org_a, pk=token.pk).last_used_at
    api.get(TRAJECTORIES, tokens.read)
    assert ApiToken.objects.get(organisation=world.org_a, pk=token.pk).last_used_at == first
    assert ApiRequest.objects.filter(token=token).count() == 2

    ApiToken.objects.filter(organisation=world.org_a, pk=token.pk).update(
        last_used_at=first - datetime.timedelta(seconds=61)
    )
    api.get(TRAJECTORIES, tokens.read)
    assert ApiToken.objects.get(organisation=world.org_a, pk=token.pk).last_used_at > first


def test_token_stops_when_its_maker_is_no_longer_chef(api, world, tokens):
    assert api.get(TRAJECTORIES, tokens.read).status_code == 200
    Membership.objects.filter(organisation=world.org_a, user=world.users["chef"]).update(role=Role.INKOPER)
    response = api.get(TRAJECTORIES, tokens.read)
    assert response.status_code == 401 and "chef circulair" in response.json()["melding"]


def test_secret_is_stored_hashed(world, tokens):
    token = ApiToken.objects.get(organisation=world.org_a, name="lezen")
    secret = tokens.read
    assert secret.startswith(f"cc_{token.prefix}_")
    assert secret.split("_", 2)[2] not in token.secret_hash and len(token.secret_hash) == 64
    assert token.matches(secret.split("_", 2)[2]) and not token.matches("iets anders")


# --- query budget ----------------------------------------------------------------------


def _queries(api, token, count) -> int:
    api.get(f"{TRAJECTORIES}?pagina=999", token)  # this minute's rate-limit counter exists from here on
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"{TRAJECTORIES}?per_pagina=200", token)
    assert response.status_code == 200
    assert response.json()["aantal"] >= count
    return len(queries)


def test_trajectory_list_query_budget_is_flat_from_10_to_100(api, world, tokens):
    for _ in range(10):
        decide(start_trajectory(world), world.users["inkoper"], r2=FEASIBLE.YES)
    at_10 = _queries(api, tokens.read, 10)
    for _ in range(90):
        start_trajectory(world)
    at_100 = _queries(api, tokens.read, 100)
    assert at_100 == at_10, (at_10, at_100)
    assert at_100 <= 16


def test_other_lists_query_budget_is_flat(api, world, tokens):
    def count(url):
        api.get(url, tokens.read)  # this minute's rate-limit counter exists (seeding may cross a minute)
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url, tokens.read).status_code == 200
        return len(queries)

    urls = [reverse("api_v1:kpis"), reverse("api_v1:targets"), MEASUREMENTS]
    before = [count(url) for url in urls]
    for n in range(25):
        kpi = make_kpi(world.org_a, name=f"Budget {n}")
        measure(kpi, 2025, n)
    assert [count(url) for url in urls] == before


def test_trajectories_of_other_organisations_never_show(api, world, tokens):
    Trajectory.start(organisation=world.org_b, created_by=world.users["outsider"], title="B's traject", description=".")
    titles = {row["titel"] for row in api.get(f"{TRAJECTORIES}?per_pagina=200", tokens.read).json()["resultaten"]}
    assert "B's traject" not in titles


# --- effect and lessons -------------------------------------------------------------------

LESSONS = reverse("api_v1:lessons")


def effect_url(trajectory):
    return reverse("api_v1:trajectory_effect", kwargs={"trajectory_id": trajectory.pk})


def _with_effect(trajectory):
    from procurement.models import ImpactLine, TrajectoryEffect

    TrajectoryEffect.objects.create(
        trajectory=trajectory,
        term_years=Decimal(4),
        first_year=2026,
        planned_kg_material=Decimal("65.5"),
        planned_kg_co2e=Decimal(9564),
        planned_kg_co2e_low=Decimal(8000),
        planned_kg_co2e_high=Decimal(11000),
        planned_eur=Decimal(38000),
        lines_without_factor=1,
    )
    ImpactLine.objects.create(
        trajectory=trajectory,
        scenario="reference",
        description="Nieuwe laptops",
        quantity=Decimal(100),
        quantity_unit="stuk",
        unit="stuk",
        kg_co2e_per_unit=Decimal("300.5"),
        kg_material_per_unit=Decimal(2),
        source_name="RIVM Milieudatabase",
        source_url="https://example.org/rivm",
        source_year=2024,
        licence="CC BY 4.0",
        system_boundary="cradle_to_gate",
    )
    ImpactLine.objects.create(
        trajectory=trajectory, scenario="plan", description="Nog uitzoeken", quantity=5, quantity_unit="kg"
    )


def test_trajectory_carries_its_stored_effect(api, world, tokens):
    with_effect, without = start_trajectory(world, title="Met effect"), start_trajectory(world, title="Zonder")
    _with_effect(with_effect)
    detail = api.get(reverse("api_v1:trajectory", kwargs={"trajectory_id": with_effect.pk}), tokens.read).json()
    TrajectoryOut.model_validate(detail)
    effect = detail["effect"]
    assert effect["looptijd_jaren"] == 4 and effect["eerste_jaar"] == 2026
    assert effect["gepland_kg_co2e"] == 9564 and effect["gepland_kg_materiaal"] == 65.5
    assert effect["gerealiseerd_kg_co2e"] is None and effect["regels_zonder_factor"] == 1
    rows = {row["id"]: row for row in api.get(f"{TRAJECTORIES}?per_pagina=200", tokens.read).json()["resultaten"]}
    assert rows[with_effect.pk]["effect"] == effect and rows[without.pk]["effect"] is None


def test_effect_endpoint_lists_lines_with_their_factor_source(api, world, tokens):
    from api.schemas import TrajectoryEffectOut

    trajectory = start_trajectory(world, title="Laptops")
    _with_effect(trajectory)
    response = api.get(effect_url(trajectory), tokens.read)
    assert response.status_code == 200
    body = response.json()
    TrajectoryEffectOut.model_validate(body)
    assert body["traject"] == {"id": trajectory.pk, "titel": "Laptops"}
    assert body["effect"]["gepland_euro"] == 38000
    reference, plan = body["regels"]
    assert reference["scenario"] == "referentie" and reference["hoeveelheid"] == 100
    assert reference["factor"]["systeemgrens"] == "grondstof_tot_fabriekspoort" and plan["scenario"] == "plan"
    assert reference["factor"]["bron"] == "RIVM Milieudatabase" and reference["factor"]["bron_jaar"] == 2024
    assert reference["factor"]["kg_co2e_per_eenheid"] == 300.5 and reference["factor"]["eigen_factor"] is False
    assert plan["factor"] is None
    empty = api.get(effect_url(start_trajectory(world)), tokens.read).json()
    assert empty["effect"] is None and empty["regels"] == []


def test_effect_of_another_organisation_is_404(api, world, tokens):
    theirs = Trajectory.start(organisation=world.org_b, created_by=world.users["outsider"], title="B", description=".")
    _with_effect(theirs)
    response = api.get(effect_url(theirs), tokens.read)
    assert response.status_code == 404 and response.json()["melding"]
    assert api.get(reverse("api_v1:trajectory", kwargs={"trajectory_id": theirs.pk}), tokens.read).status_code == 404


def _lesson(trajectory, text, **fields):
    from learning.models import Lesson

    return Lesson.objects.create(trajectory=trajectory, kind=fields.pop("kind", "tip"), text=text, **fields)


def test_lessons_are_the_organisations_own_with_filters(api, world, tokens):
    from api.schemas import LessonPage
    from procurement.models import Phase
    from rladder.models import RStrategy

    category = world.category_a
    ours = start_trajectory(world, title="Meubilair", category=category)
    other = start_trajectory(world, title="Schoonmaak")
    evaluate = Phase.objects.order_by("-order").first()
    r2 = RStrategy.objects.get(code="R2")
    first = _lesson(ours, "Vroeg de markt vragen", kind="goed", phase=evaluate, strategy=r2)
    second = _lesson(other, "Te laat begonnen", kind="beter", shared=True)
    theirs = Trajectory.start(organisation=world.org_b, created_by=world.users["outsider"], title="B", description=".")
    _lesson(theirs, "B gedeeld: deel fietsen", shared=True)
    _lesson(theirs, "B intern")

    body = api.get(f"{LESSONS}?per_pagina=200", tokens.read).json()
    LessonPage.model_validate(body)
    texts = {row["les"] for row in body["resultaten"]}
    assert {"Vroeg de markt vragen", "Te laat begonnen"} <= texts
    assert not any(text.startswith("B ") for text in texts), "another organisation's lessons never show"
    row = next(row for row in body["resultaten"] if row["id"] == first.pk)
    assert row["soort"] == "goed" and row["soort_label"] == "Wat ging goed"
    assert row["traject"] == {"id": ours.pk, "titel": "Meubilair"}
    assert row["categorie"]["id"] == category.pk and row["fase"] == evaluate.slug and row["strategie"] == "R2"

    def ids(query):
        return {row["id"] for row in api.get(f"{LESSONS}?{query}", tokens.read).json()["resultaten"]}

    assert ids(f"categorie={category.pk}") >= {first.pk} and second.pk not in ids(f"categorie={category.pk}")
    assert ids("r=R2") == {first.pk} and ids("r=r2") == {first.pk}
    assert ids(f"fase={evaluate.slug}") == {first.pk}
    assert ids("r=R9") == set()
    for bad in ("r=R10", "r=%00", "fase=%00", "fase=Evalu%C3%A9ren"):
        refused = api.get(f"{LESSONS}?{bad}", tokens.read)
        assert refused.status_code == 400 and refused.json()["fouten"][0]["veld"] in {"r", "fase"}, bad


def test_lessons_etag_gives_304_until_a_lesson_changes(api, world, tokens):
    trajectory = start_trajectory(world)
    _lesson(trajectory, "Eerste les")
    first = api.get(LESSONS, tokens.read)
    etag = first["ETag"]
    assert api.get(LESSONS, tokens.read, **{"If-None-Match": etag}).status_code == 304
    _lesson(trajectory, "Tweede les")
    changed = api.get(LESSONS, tokens.read, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_lessons_and_effects_query_budget_is_flat_from_10_to_100(api, world, tokens):
    def count(url):
        api.get(url, tokens.read)  # this minute's rate-limit counter exists (seeding may cross a minute)
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url, tokens.read).status_code == 200
        return len(queries)

    trajectory = start_trajectory(world)
    urls = [f"{LESSONS}?per_pagina=200", effect_url(trajectory), f"{TRAJECTORIES}?per_pagina=200"]

    def add(n):
        from procurement.models import ImpactLine

        for i in range(n):
            _lesson(trajectory, f"Les {i}", phase=None)
            ImpactLine.objects.create(trajectory=trajectory, scenario="plan", quantity=i, quantity_unit="kg")
            _with_effect(start_trajectory(world))

    add(10)
    at_10 = [count(url) for url in urls]
    add(90)
    assert [count(url) for url in urls] == at_10


# --- the document and the behaviour agree ---------------------------------------------------


def _operations(client):
    """Every operation of the OpenAPI document as (method, path template)."""
    document = client.get(reverse("api:schema")).json()
    return [(method.upper(), path) for path, methods in document["paths"].items() for method in methods]


def _url(path, world):
    return path.replace("{trajectory_id}", str(world.api_trajectory.pk)).replace("{kpi_id}", str(world.api_kpi.pk))


def _call(api, method, url, token, query=""):
    if method == "PUT":
        return api.put(f"{url}{query}", {"jaar": 2025, "waarde": 1, "versie": 0}, token)
    return api.get(f"{url}{query}", token)


def test_every_operation_refuses_an_unknown_query_parameter_by_name(api, client, world, tokens):
    """A misspelled filter is refused (400 naming it), never silently ignored; nothing is written."""
    operations = _operations(client)
    assert len(operations) == 11
    for method, path in operations:
        response = _call(api, method, _url(path, world), tokens.both, "?satus=lopend")
        assert response.status_code == 400, (method, path, response.content)
        body = response.json()
        assert "satus" in body["melding"] and [error["veld"] for error in body["fouten"]] == ["satus"], path
    assert not Measurement.objects.filter(kpi=world.api_kpi, year=2025).exists()
    known = api.get(f"{TRAJECTORIES}?status=lopend&jaar=2025&pagina=1&per_pagina=10", tokens.read)
    assert known.status_code == 200


def test_a_misspelled_filter_never_returns_everything(api, world, tokens):
    department = Department.objects.create(organisation=world.org_a, name="Wagenpark")
    start_trajectory(world, department=department)
    response = api.get(f"{TRAJECTORIES}?afdelingen={department.pk}", tokens.read)
    assert response.status_code == 400 and "afdelingen" in response.json()["melding"]
    assert "afdeling" in response.json()["melding"], "the message names what the list does know"


def test_more_than_200_per_page_is_refused_naming_the_parameter(api, tokens):
    response = api.get(f"{MEASUREMENTS}?per_pagina=201", tokens.read)
    assert response.status_code == 400
    assert response.json()["fouten"] == [{"veld": "per_pagina", "melding": "Vul een waarde van 200 of minder in."}]
    assert api.get(f"{MEASUREMENTS}?per_pagina=200", tokens.read).status_code == 200


@pytest.mark.parametrize("method", ["OPTIONS", "POST", "DELETE", "PATCH"])
def test_a_method_an_address_does_not_have_is_a_json_405_with_allow(client, tokens, method):
    response = client.generic(method, TRAJECTORIES, headers={"Authorization": f"Bearer {tokens.read}"})
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json" and response["Allow"] == "GET"
    body = response.json()
    assert body["status"] == 405 and body["fouten"] == [] and method in body["melding"] and "GET" in body["melding"]


def test_options_on_the_write_address_names_put(client, world):
    response = client.options(write_url(world.api_kpi))
    assert response.status_code == 405 and response["Allow"] == "PUT"
    assert response.json()["melding"] == "Dit adres kent de methode OPTIONS niet, alleen PUT."


def test_null_deletes_the_measurement_even_with_a_note(api, world, tokens):
    """What the reference says: `waarde` null deletes (204); bron and toelichting are then not kept."""
    kpi = make_kpi(world.org_a, name="Verwijderen met toelichting")
    measure(kpi, 2025, 12, version=3)
    body = {"jaar": 2025, "waarde": None, "versie": 3, "bron": "Leverancier", "toelichting": "Dubbel ingevoerd"}
    response = api.put(write_url(kpi), body, tokens.write)
    assert response.status_code == 204, response.content
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_null_for_a_period_without_a_measurement_is_a_204_and_creates_nothing(api, world, tokens):
    kpi = make_kpi(world.org_a, name="Niets te verwijderen")
    for body in [
        {"jaar": 2026, "waarde": None, "versie": 0},
        {"jaar": 2026, "kwartaal": 2, "waarde": None, "versie": 0, "toelichting": "Geen levering"},
    ]:
        response = api.put(write_url(kpi), body, tokens.write)
        assert response.status_code == 204, (body, response.content)
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_null_with_a_stale_version_is_a_conflict(api, world, tokens):
    kpi = make_kpi(world.org_a, name="Verouderd verwijderen")
    measure(kpi, 2025, 12, version=4)
    response = api.put(write_url(kpi), {"jaar": 2025, "waarde": None, "versie": 3}, tokens.write)
    assert response.status_code == 409 and response.json()["huidige"]["versie"] == 4
    assert Measurement.objects.filter(kpi=kpi).exists()


def test_a_measurement_written_as_text_is_refused_in_dutch(api, world, tokens):
    kpi = make_kpi(world.org_a, name="Tekst")
    response = api.put(write_url(kpi), {"jaar": 2025, "waarde": "12.5", "versie": 0}, tokens.write)
    assert response.status_code == 400
    message = "Stuur een JSON-getal met een punt voor decimalen, bijvoorbeeld 12.5 (geen tekst)."
    assert response.json()["fouten"] == [{"veld": "waarde", "melding": message}]
    written = api.put(write_url(kpi), {"jaar": 2025.0, "waarde": 12.5, "versie": 0.0}, tokens.write)
    assert written.status_code == 201, "2025.0 is the JSON number 2025"


# --- one language in the values -----------------------------------------------------------


def test_values_are_dutch_in_every_answer(api, world, tokens):
    from procurement.models import PhaseRecord

    trajectory = start_trajectory(world, title="In review")
    decide(trajectory, world.users["inkoper"], r0=FEASIBLE.NO, r1=FEASIBLE.PARTLY)
    PhaseRecord.objects.filter(trajectory=trajectory, phase__order=1).update(
        review_status=PhaseRecord.ReviewStatus.IN_REVIEW
    )
    PhaseRecord.objects.filter(trajectory=trajectory, phase__order=2).update(
        review_status=PhaseRecord.ReviewStatus.CHANGES_REQUESTED
    )
    _with_effect(trajectory)
    body = api.get(reverse("api_v1:trajectory", kwargs={"trajectory_id": trajectory.pk}), tokens.read).json()
    assert [phase["beoordeling"] for phase in body["fasen"][:3]] == [
        "ter_beoordeling",
        "wijzigingen_gevraagd",
        "niet_aangeboden",
    ]
    assert body["status"] == "lopend" and body["fasen"][0]["status"] in {"niet_gestart", "bezig"}
    assert [step["haalbaar"] for step in body["r_besluit"]["treden"]][:2] == ["nee", "deels"]
    lines = api.get(effect_url(trajectory), tokens.read).json()["regels"]
    assert [line["scenario"] for line in lines] == ["referentie", "plan"]
    assert [line["eenheid_hoeveelheid"] for line in lines] == ["stuk", "kg"]
    blocked = api.get(reverse("api_v1:trajectory", kwargs={"trajectory_id": start_trajectory(world).pk}), tokens.read)
    phases = blocked.json()["fasen"]
    assert phases[1]["status"] == "kan_niet_starten" and phases[1]["status_label"] == "Kan nog niet starten"
    kpi = api.get(reverse("api_v1:kpi", kwargs={"kpi_id": world.api_kpi.pk}), tokens.read).json()
    assert (kpi["bereik"], kpi["samenvoegen"]) == ("organisatie", "som")


def test_filters_take_the_same_dutch_values(api, world, tokens):
    department = Department.objects.create(organisation=world.org_a, name="Stadsbeheer")
    start_trajectory(world, department=department)
    assert api.get(f"{TRAJECTORIES}?afdeling={department.pk}&status=lopend", tokens.read).json()["aantal"] == 1
    assert api.get(f"{TRAJECTORIES}?afdeling={department.pk}&status=afgerond", tokens.read).json()["aantal"] == 0
    make_kpi(world.org_a, name="Afdeling", scope=Kpi.Scope.DEPARTMENT, department=department)
    rows = api.get(f"{reverse('api_v1:kpis')}?bereik=afdeling&afdeling={department.pk}", tokens.read).json()
    assert [row["naam"] for row in rows["resultaten"]] == ["Afdeling"]
    assert api.get(f"{reverse('api_v1:kpis')}?bereik=department", tokens.read).status_code == 400


# --- never an e-mail address --------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def test_a_team_member_without_a_name_is_onbekend_never_their_email(api, client, world, tokens):
    from django.contrib.auth import get_user_model

    nameless = get_user_model().objects.create_user(username="zonder.naam@alfa.nl", email="zonder.naam@alfa.nl")
    Membership.objects.create(organisation=world.org_a, user=nameless, role=Role.INKOPER)
    trajectory = start_trajectory(world, title="Naamloos", team=[(nameless, "contractmanager")])
    detail = api.get(reverse("api_v1:trajectory", kwargs={"trajectory_id": trajectory.pk}), tokens.read)
    assert [member["naam"] for member in detail.json()["team"]] == ["onbekend"]
    listed = api.get(f"{TRAJECTORIES}?per_pagina=200", tokens.read).json()["resultaten"]
    assert [row["team"] for row in listed if row["id"] == trajectory.pk] == [detail.json()["team"]]
    # Every operation of the document, with this trajectory and the world's KPI.
    for method, path in _operations(client):
        url = path.replace("{trajectory_id}", str(trajectory.pk)).replace("{kpi_id}", str(world.api_kpi.pk))
        response = _call(api, method, url, tokens.both, "?per_pagina=200" if "{" not in path else "")
        assert response.status_code < 400, (path, response.content)
        assert not EMAIL.search(response.content.decode()), (path, EMAIL.search(response.content.decode()))


# --- numbers --------------------------------------------------------------------------------


def test_numbers_are_json_numbers_with_the_stored_digits(api, world, tokens):
    """Up to 15 significant digits exactly (all a person enters); whole numbers at any size."""
    kpi = make_kpi(world.org_a, name="Cijfers")
    for year, value in [(2024, "0.0001"), (2025, "999999999.9999"), (2026, "123.45"), (2027, "999999999999")]:
        measure(kpi, year, value)
    raw = api.get(f"{MEASUREMENTS}?kpi={kpi.pk}", tokens.read).content.decode()
    for text in ["0.0001", "999999999.9999", "123.45", "999999999999"]:
        assert f'"waarde": {text},' in raw, text
    values = [row["waarde"] for row in json.loads(raw, parse_float=Decimal)["resultaten"]]
    assert values == [Decimal("0.0001"), Decimal("999999999.9999"), Decimal("123.45"), 999999999999]
