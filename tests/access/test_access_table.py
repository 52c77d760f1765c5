"""Every named URL of the project is in the access table, and keeps to it."""

import pytest
from django.apps import apps
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .table import Row
from .world import PERSONAS, READER_TEAM_PERSONAS, REQUEST_ORDER, app_modules

pytestmark = pytest.mark.django_db

ROWS: list[Row] = [row for module in app_modules() for row in getattr(module, "ROWS", [])]


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_named_url_is_in_the_access_table():
    covered = {row.name for row in ROWS}
    missing = sorted(set(named_patterns()) - covered)
    assert missing == [], f"URL patterns without a row in the access table: {missing}"


def test_every_row_states_every_persona():
    for row in ROWS:
        assert set(row.expect) == set(PERSONAS), row.id


# A team role never grants more than the organisation role, so on pages that only read, one reader with a
# team role stands for all of them; every one of them is asked on every request that writes.
GET_READERS = {"lezer_contractmanager", "adviseur_inkoper"}


def personas_to_ask(row: Row) -> list[str]:
    if row.method != "GET":
        return REQUEST_ORDER
    return [p for p in REQUEST_ORDER if p not in READER_TEAM_PERSONAS or p in GET_READERS]


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_access(row: Row, client, world):
    url = reverse(row.name, kwargs=row.kwargs(world))
    headers = {"HX-Request": "true"} if row.htmx else {}
    failures = []
    for persona in personas_to_ask(row):
        client.logout()
        if persona != "anonymous":
            client.force_login(world.users[persona])
        before = _fingerprint() if _refused(row, persona) else None
        if row.method == "GET":
            response = client.get(url, headers=headers)
        else:
            response = client.generic(
                row.method, url, data=_encode(row.data(world)), content_type=_FORM, headers=headers
            )
        expected = row.expect[persona]
        if _refused(row, persona) and (changed := _changed_tables(before, _fingerprint())):
            failures.append(f"{persona}: refused ({response.status_code}) but wrote to {changed}")
        if response.status_code != expected:
            failures.append(f"{persona}: {response.status_code} (expected {expected})")
        elif _must_redirect_to_login(row, persona) and "/account/inloggen/" not in response["Location"]:
            failures.append(f"{persona}: redirected to {response['Location']}, not to the login page")
    assert not failures, f"{row.id}: " + "; ".join(failures)


def _refused(row: Row, persona: str) -> bool:
    """A write this persona may not make: sent to the login page, or answered 403, 404 or 405."""
    if row.method == "GET":
        return False
    expected = row.expect[persona]
    return expected in {403, 404, 405} or (expected == 302 and _must_redirect_to_login(row, persona))


# Bookkeeping a refused request may write: sessions, login throttling, rate-limit counters, the API's request log.
BOOKKEEPING = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
BOOKKEEPING_MODELS = {"accounts.ratelimitcounter", "api.apirequest"}


def _fingerprint() -> dict[str, tuple]:
    """Per table of the project's models: its row count and, for history tables, the newest history id.

    Every save and delete of a model with history writes a history row, so a refused request that
    changed, added or deleted any such row shows here; tables without history show added or deleted rows.
    """
    parts = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in BOOKKEEPING or model._meta.label_lower in BOOKKEEPING_MODELS or model._meta.proxy:
            continue
        quoted = connection.ops.quote_name(table)
        newest = f"MAX({connection.ops.quote_name('history_id')})" if _is_history(model) else "0"
        parts[table] = f"SELECT COUNT(*), {newest} FROM {quoted}"  # noqa: S608 - table names from model metadata
    sql = " UNION ALL ".join(f"SELECT '{table}', * FROM ({query}) AS t" for table, query in sorted(parts.items()))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {table: (count, newest) for table, count, newest in cursor.fetchall()}


def _is_history(model) -> bool:
    return any(field.name == "history_id" for field in model._meta.fields)


def _changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(table for table in after if before.get(table) != after[table])


def _must_redirect_to_login(row: Row, persona: str) -> bool:
    """Anonymous 302s go to the login page, except where everyone is redirected."""
    return persona == "anonymous" and row.expect[persona] == 302 and row.expect != dict.fromkeys(PERSONAS, 302)


_FORM = "application/x-www-form-urlencoded"


def _encode(data: dict) -> str:
    from django.utils.http import urlencode

    return urlencode(data, doseq=True)
