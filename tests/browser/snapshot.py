"""A snapshot of the whole database, restored before each browser test instead of building the world again.

Browser tests are transactional: what they write is committed, and every table is emptied after
each. Building the guidance and the world again took 1.5 to 3 s a test, and Django's flush
(TRUNCATE of every table, then recreating content types and permissions) up to 2 s more on
PostgreSQL. Now the first browser test of a test process keeps a snapshot of the session's
world, every browser test starts from it restored, and the tables are emptied with DELETE.
The restored database is the snapshot row for row, ids, content types and history included;
sequences are set past the restored ids on PostgreSQL. PostgreSQL copies the tables with COPY
(exact for every column type); SQLite reads and inserts them.
"""

from django.apps import apps
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction


def _models() -> list:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _tables() -> list[str]:
    return sorted({model._meta.db_table for model in _models()})


def take() -> dict:
    """Every table's rows as they are now."""
    quote = connection.ops.quote_name
    snapshot = {}
    with connection.cursor() as cursor:
        for table in _tables():
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                    snapshot[table] = b"".join(bytes(chunk) for chunk in copy)
            else:
                cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608  # nosec B608 - model tables
                columns = [column[0] for column in cursor.description]
                snapshot[table] = (columns, cursor.fetchall())
    return snapshot


def _delete_all(cursor, tables) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for table in tables:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608  # nosec B608 - model tables


def empty() -> None:
    """Delete every row of every table (a flush without TRUNCATE and without post_migrate)."""
    with connection.constraint_checks_disabled(), transaction.atomic(), connection.cursor() as cursor:
        _delete_all(cursor, _tables())


def restore(snapshot: dict) -> None:
    """Make every table hold exactly the snapshot's rows, whatever it held before."""
    quote = connection.ops.quote_name
    with connection.constraint_checks_disabled(), transaction.atomic(), connection.cursor() as cursor:
        _delete_all(cursor, snapshot)
        for table, data in snapshot.items():
            if connection.vendor == "postgresql":
                if data:
                    with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                        copy.write(data)
                continue
            columns, rows = data
            if rows:
                names = ", ".join(map(quote, columns))
                values = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({values})"  # noqa: S608  # nosec B608
                cursor.executemany(sql, rows)
        for statement in connection.ops.sequence_reset_sql(no_style(), _models()):
            cursor.execute(statement)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    cache.clear()
