"""Every POST endpoint of the access table, fed hostile form data by an allowed persona.

No input produces a 500, and a refused request (4xx, or a form re-rendered
with errors) writes nothing to any organisation-owned table or its history.
Generic over the access table, so endpoints that land later are fuzzed too;
field names come from the row's data and the page's own form.

Each example runs in a savepoint that is rolled back, so every example starts
from the same world; a refused one is checked by the statements it ran (no
INSERT, UPDATE or DELETE on those tables), and the whole test ends by
comparing every row with the snapshot taken before it.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from organisations.models import Organisation
from organisations.scoping import organisation_owned_models, unscoped_access
from tests.access.test_access_table import ROWS, _encode

from .strategies import as_query_dict, hostile_data

pytestmark = pytest.mark.django_db

PREFERENCE = ["inkoper", "chef", "opdrachtgever", "contractmanager", "adviseur", "lezer", "outsider", "staff"]
ALLOWED = {200, 201, 204, 302, 303}


def post_rows():
    for row in ROWS:
        if row.method == "GET":
            continue
        persona = next((p for p in PREFERENCE if row.expect.get(p) in ALLOWED), None)
        if persona is None and row.expect.get("anonymous") in ALLOWED:
            persona = "anonymous"
        if persona is not None:
            yield pytest.param(row, persona, id=f"{row.id} as {persona}")


class FieldNames(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        name = dict(attrs).get("name")
        if tag in {"input", "select", "textarea", "button"} and name and name != "csrfmiddlewaretoken":
            self.names.add(name)


def snapshot() -> dict:
    """Every row (all fields) of every organisation-owned table and its history, plus users and organisations."""
    state = {}
    with unscoped_access():
        for model in [Organisation, get_user_model(), *organisation_owned_models()]:
            state[model._meta.label] = list(model._default_manager.order_by("pk").values())
            history = getattr(model, "history", None)
            if history is not None and hasattr(history, "model"):
                state[f"{model._meta.label} history"] = history.model.objects.count()
    for rows in state.values():
        if isinstance(rows, list):
            for row in rows:
                row.pop("last_login", None)
    return state


WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def watched_tables() -> set[str]:
    """The tables ``snapshot`` compares: organisations, users, organisation-owned rows and their history."""
    tables = set()
    for model in [Organisation, get_user_model(), *organisation_owned_models()]:
        tables.add(model._meta.db_table)
        history = getattr(model, "history", None)
        if history is not None and hasattr(history, "model"):
            tables.add(history.model._meta.db_table)
    return tables


SAVEPOINT = re.compile(r'^\s*(SAVEPOINT|ROLLBACK TO SAVEPOINT|RELEASE SAVEPOINT)\s+"?(\w+)"?', re.IGNORECASE)


def writes(queries, tables: set[str]) -> list[str]:
    """The statements that wrote to ``tables`` and were not undone by a rollback to a savepoint.

    A view may write in a savepoint and roll it back (the measurement grid saves all rows or none:
    a conflict on a later row undoes the earlier ones): such a write changed nothing.
    """
    kept: list[str] = []
    opened: dict[str, int] = {}  # savepoint name -> how many writes were kept when it was opened
    for query in queries:
        sql = query["sql"]
        if savepoint := SAVEPOINT.match(sql):
            statement, name = savepoint.group(1).upper(), savepoint.group(2)
            if statement == "SAVEPOINT":
                opened[name] = len(kept)
            elif statement == "ROLLBACK TO SAVEPOINT" and name in opened:
                del kept[opened[name] :]
        elif (write := WRITE.match(sql)) and write.group(1) in tables:
            kept.append(sql)
    return kept


def refused(response) -> bool:
    """4xx, or a page that re-renders a form with its errors."""
    if 400 <= response.status_code < 500:
        return True
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode(errors="replace")
        return 'class="error-summary"' in body or 'aria-invalid="true"' in body or "<title>Fout:" in body
    return False


@pytest.mark.parametrize(("row", "persona"), list(post_rows()))
def test_hostile_posts_never_fail_and_refusals_change_nothing(row, persona, client, world):
    url = reverse(row.name, kwargs=row.kwargs(world))
    valid = row.data(world)
    names = set(valid)
    if persona != "anonymous":
        client.force_login(world.users[persona])
    page = client.get(url)
    if page.status_code == 200 and page.get("Content-Type", "").startswith("text/html"):
        parser = FieldNames()
        parser.feed(page.content.decode())
        names |= parser.names
    mutated_valid = hostile_data(names).map(lambda data: {**valid, **data})
    tables = watched_tables()
    before = snapshot()

    @given(data=st.one_of(hostile_data(names), mutated_valid), htmx=st.booleans())
    def run(data, htmx):
        with transaction.atomic():
            client.logout()
            if persona != "anonymous":
                client.force_login(world.users[persona])
            headers = {"HX-Request": "true"} if htmx or row.htmx else {}
            body = _encode(as_query_dict(data))
            with CaptureQueriesContext(connection) as queries:
                response = client.generic(
                    row.method, url, data=body, content_type="application/x-www-form-urlencoded", headers=headers
                )
            transaction.set_rollback(True)
        assert response.status_code < 500, f"{response.status_code} for {data!r}"
        if refused(response):
            written = writes(queries.captured_queries, tables)
            assert not written, f"a refused request ({response.status_code}) wrote {written[:3]} for {data!r}"

    run()
    assert snapshot() == before, "the examples did not leave the world as it was"


def test_writes_undone_by_a_rollback_to_a_savepoint_do_not_count():
    """A refused request may write inside a savepoint it rolls back; only kept writes count."""
    tables = {"kpis_measurement"}
    queries = [
        {"sql": 'SAVEPOINT "s1_x1"'},
        {"sql": 'INSERT INTO "kpis_measurement" ("value") VALUES (1)'},
        {"sql": 'ROLLBACK TO SAVEPOINT "s1_x1"'},
        {"sql": 'RELEASE SAVEPOINT "s1_x1"'},
        {"sql": 'SAVEPOINT "s1_x2"'},
        {"sql": 'UPDATE "kpis_measurement" SET "value" = 2'},
        {"sql": 'RELEASE SAVEPOINT "s1_x2"'},
        {"sql": 'DELETE FROM "other_table"'},
    ]
    assert writes(queries, tables) == ['UPDATE "kpis_measurement" SET "value" = 2']


def test_a_grid_save_that_conflicts_on_a_later_row_is_refused_and_writes_nothing(client, world):
    """The earlier fuzz flake: one new row and one stale row; the new row's INSERT is rolled back."""
    from kpis.models import Measurement

    kpi = world.kpi_a
    first, second = kpi.years[0], kpi.years[1]
    with unscoped_access():
        Measurement.objects.filter(kpi=kpi).delete()
        Measurement.objects.create(kpi=kpi, year=second, quarter=0, value=5, version=3, entered_by=world.users["chef"])
    client.force_login(world.users["chef"])
    data = {
        f"r{first}q0-version": "0",
        f"r{first}q0-value": "10",
        f"r{second}q0-version": "1",  # stale: the stored row is at version 3
        f"r{second}q0-value": "7",
    }
    with unscoped_access():
        before = list(Measurement.objects.filter(kpi=kpi).order_by("pk").values())
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("kpis:measurements", args=[kpi.pk]), data)
    assert refused(response)
    assert any(WRITE.match(q["sql"]) for q in queries.captured_queries), "the first row was written, then undone"
    assert not writes(queries.captured_queries, watched_tables())
    with unscoped_access():
        assert list(Measurement.objects.filter(kpi=kpi).order_by("pk").values()) == before


def test_there_are_post_endpoints_to_fuzz():
    assert list(post_rows())


def test_the_write_check_sees_what_a_saving_request_writes(client, world):
    """Guards the check above: a valid POST that saves shows up as writes to the watched tables."""
    row = next(r for r in ROWS if r.name == "rladder:milestones_edit" and r.method == "POST")
    client.force_login(world.users["chef"])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse(row.name, kwargs=row.kwargs(world)), row.data(world))
    assert response.status_code == 302
    written = writes(queries.captured_queries, watched_tables())
    assert any("milestone" in sql.lower() for sql in written)
