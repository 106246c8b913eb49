"""Fixtures shared by every test: an isolated environment, SQLite and real PostgreSQL databases.

The environment is fixed at import, before any test module imports Qt or reads settings, so a
developer's own kiosk settings, database or display never leak into a run.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from tests.support.postgres import (
    FreshDatabases,
    PostgresServer,
    PostgresUnavailable,
    start_postgres,
)

REQUIRE_SERVICES_ENV = "KIOSK_REQUIRE_SERVICES"
# Test-run switches that are not kiosk settings and so survive the KIOSK_* clean-up below.
_TEST_SWITCHES = ("KIOSK_TEST_", REQUIRE_SERVICES_ENV)


def _isolate_environment() -> None:
    """Headless Qt, no KIOSK_* overrides, and a settings file and data folders that do not exist."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    for key in list(os.environ):
        if key.startswith("KIOSK_") and not key.startswith(_TEST_SWITCHES):
            del os.environ[key]
    home = Path(tempfile.mkdtemp(prefix="kiosk-tests-"))
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    os.environ["KIOSK_CONFIG"] = str(home / "no-such-settings" / "kiosk.toml")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ["XDG_DATA_HOME"] = str(home / "data")


_isolate_environment()


def services_required() -> bool:
    """CI sets KIOSK_REQUIRE_SERVICES=1 so a missing server fails the run instead of skipping."""
    return os.environ.get(REQUIRE_SERVICES_ENV) == "1"


def skip_or_fail(reason: str) -> NoReturn:
    """Skip a test whose service is missing on a developer machine; fail it in CI.

    Also at a test module's top, where a library it needs cannot be imported: the whole
    module is skipped (or fails).
    """
    if services_required():
        pytest.fail(f"{reason} ({REQUIRE_SERVICES_ENV}=1)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the whole run (``KIOSK_TEST_PG_URL`` or a throwaway one)."""
    try:
        server = start_postgres()
    except PostgresUnavailable as exc:
        skip_or_fail(f"PostgreSQL is not available: {exc}")
    yield server
    server.cleanup()


@pytest.fixture(scope="session")
def _fresh_pg_databases(pg_server: PostgresServer) -> Iterator[FreshDatabases]:
    databases = FreshDatabases(pg_server)
    yield databases
    databases.close()


@pytest.fixture
def pg_url(_fresh_pg_databases: FreshDatabases, pg_server: PostgresServer) -> Iterator[str]:
    """SQLAlchemy URL of a new, empty PostgreSQL database of this test's own, dropped after it."""
    name = _fresh_pg_databases.take()
    yield pg_server.url_for(name)
    _fresh_pg_databases.give_back(name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """SQLAlchemy URL of a SQLite file (not yet created) in this test's temporary folder."""
    return f"sqlite:///{tmp_path}/kiosk.db"


@pytest.fixture(params=["sqlite", "postgres"], ids=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Run the test once on SQLite and once on PostgreSQL; SQLite runs even without a server."""
    fixture = "sqlite_url" if request.param == "sqlite" else "pg_url"
    url: str = request.getfixturevalue(fixture)
    return url


def _uses_postgres(item: pytest.Item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    if "pg_server" in fixtures:
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("db_url") == "postgres"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs PostgreSQL, so ``-m 'not postgres'`` leaves them out.

    They are ``slow`` too (a server to start, a fresh database each): the quick loop
    ``-m 'not slow'`` runs every backend-neutral test on SQLite; the full run takes both.
    """
    for item in items:
        if _uses_postgres(item):
            item.add_marker(pytest.mark.postgres)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite file made once per run; tests copy it (tests.factories.fresh_url)."""
    from kiosk.store.engine import make_engine
    from kiosk.store.migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "empty.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path
