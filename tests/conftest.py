"""Shared test set-up: the guidance content and a world of personas, made once.

The session database gets the guidance content and one organisation per side
of the access boundary: organisation A with one member per role, organisation
B with an outsider, plus a staff admin without membership. Each app adds the
objects its views need (see ``tests/access/rows_*.py``).

Transactional (browser) tests run last, because they empty the database after
each test; they restore a snapshot of this world (see ``tests/browser/snapshot.py``).
"""

import copy
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from tests.access.world import build_world, load_world

# The OpenID Connect provider of the single sign-on tests (session-scoped fixture ``oidc_provider``).
pytest_plugins = ["tests.oidc_provider"]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


_world_files: list[tuple] = []  # (storage, name) of the session world's stored files


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_guidance", "--force", verbosity=0)
        call_command("load_impact_factors", "--force", verbosity=0)
        build_world()
        world = load_world()
        _world_files.extend(
            (field.storage, field.name) for field in (world.theme_a.logo, world.supplier_evidence_a.file)
        )


@pytest.fixture(autouse=True)
def _world_files_stay(request):
    """A test may not delete the session world's stored files: storage is not rolled back with the database.

    The browser tests restore the world's rows, not its files; a file deleted here would fail them
    all, far from the test that deleted it.
    """
    yield
    gone = [name for storage, name in _world_files if not storage.exists(name)]
    assert not gone, f"{request.node.nodeid} deleted the session world's stored files {gone}"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the test settings' per-process memory cache).

    Cache keys made of history ids (the guidance stamp) would otherwise meet entries of an
    earlier test: its rows were rolled back, and the next test's rows get the same ids.
    """
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _ocds_exports_pass_lib_cove_ocds(monkeypatch):
    """Every OCDS package a test exports passes the Open Contracting Partnership's own checker
    (lib-cove-ocds, offline with the vendored schemas: tests/ocds_cove.py) with 0 errors and 0 warnings."""
    from procurement.ocds import export

    made = []
    build_package = export.build_package

    def recording(*args, **kwargs):
        package = build_package(*args, **kwargs)
        made.append(copy.deepcopy(package))
        return package

    monkeypatch.setattr(export, "build_package", recording)
    yield made
    if made:
        from tests.ocds_cove import cove_problems

        for package in made:
            problems = cove_problems(package)
            assert not problems, f"lib-cove-ocds finds, in an exported package: {problems}"


@pytest.fixture
def world(db) -> SimpleNamespace:
    """The personas and objects of the session world, fetched fresh for each test."""
    return load_world()


BROWSER_DIR = Path(__file__).parent / "browser"


def pytest_itemcollected(item):
    """Mark the browser tests as they are collected, so ``-m "not browser"`` deselects them."""
    if Path(str(item.path)).is_relative_to(BROWSER_DIR):
        item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser tests last: they empty the database; and after them the migration tests, which flush it.

    pytest-randomly shuffles before every other implementation of this hook; the stable sort here keeps
    its order within each group.
    """
    items.sort(
        key=lambda item: (
            item.get_closest_marker("migration") is not None,
            item.get_closest_marker("browser") is not None,
        )
    )


def pytest_terminal_summary(terminalreporter, config):
    """Repeat the random order's seed under the results, where a failure is read (also with ``-q``)."""
    seed = getattr(config.option, "randomly_seed", None)
    if config.pluginmanager.hasplugin("randomly") and isinstance(seed, int):
        terminalreporter.write_line(f"Random test order: rerun it with --randomly-seed={seed}")
