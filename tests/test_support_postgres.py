"""The PostgreSQL test server really serves, restarts, and cleans up after itself."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from tests.support.postgres import (
    PG_URL_ENV,
    FreshDatabases,
    PostgresServer,
    PostgresUnavailable,
    start_postgres,
)


def _select_one(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            value: int = connection.execute(sa.text("select 1")).scalar_one()
            return value
    finally:
        engine.dispose()


def _database_names(server: PostgresServer) -> set[str]:
    engine = sa.create_engine(server.admin_url)
    try:
        with engine.connect() as connection:
            return set(connection.execute(sa.text("select datname from pg_database")).scalars())
    finally:
        engine.dispose()


@pytest.fixture
def managed_server(pg_server: PostgresServer) -> Iterator[PostgresServer]:
    """The shared server, for tests that stop it; always handed back running."""
    if not pg_server.managed:
        pytest.skip(f"the server in {PG_URL_ENV} is not ours to stop")
    yield pg_server
    pg_server.ensure_running()


def test_created_database_answers_sqlalchemy_queries(pg_server: PostgresServer) -> None:
    """A database made by create_database is reachable at the URL it returns."""
    url = pg_server.create_database("support_select_one")
    try:
        assert make_url(url).database == "support_select_one"
        assert make_url(url).drivername == "postgresql+psycopg"
        assert _select_one(url) == 1
    finally:
        pg_server.drop_database("support_select_one")


def test_connections_work_again_after_restart(managed_server: PostgresServer) -> None:
    """After a restart old connections fail, and new ones (or a pre-pinging pool) work again."""
    url = managed_server.create_database("support_restart")
    engine = sa.create_engine(url, pool_pre_ping=True)
    stale = sa.create_engine(url)
    try:
        with stale.connect() as connection:
            connection.execute(sa.text("select 1"))
        with engine.connect() as connection:
            connection.execute(sa.text("select 1"))

        managed_server.restart()

        with pytest.raises(OperationalError), stale.connect() as connection:
            connection.execute(sa.text("select 1"))
        with engine.connect() as connection:
            assert connection.execute(sa.text("select 1")).scalar_one() == 1
        assert _select_one(url) == 1
    finally:
        engine.dispose()
        stale.dispose()
        managed_server.drop_database("support_restart")


def test_stopped_server_refuses_connections_until_started(
    managed_server: PostgresServer,
) -> None:
    """A stopped server refuses logins (a database fault), and start brings the data back."""
    url = managed_server.create_database("support_stop")
    try:
        managed_server.stop()
        assert not managed_server.running
        with pytest.raises(OperationalError):
            _select_one(url)
        managed_server.start()
        assert _select_one(url) == 1
    finally:
        managed_server.ensure_running()
        managed_server.drop_database("support_stop")


def test_template_copies_tables_and_rows(pg_server: PostgresServer) -> None:
    """A database made from a template starts with the template's tables and rows."""
    template_url = pg_server.create_database("support_template")
    try:
        engine = sa.create_engine(template_url)
        with engine.begin() as connection:
            connection.execute(sa.text("create table visitor (name text)"))
            connection.execute(sa.text("insert into visitor values ('李雷')"))
        engine.dispose()

        copy_url = pg_server.create_database("support_copy", template="support_template")
        engine = sa.create_engine(copy_url)
        with engine.connect() as connection:
            names = connection.execute(sa.text("select name from visitor")).scalars().all()
        engine.dispose()
        assert names == ["李雷"]
    finally:
        pg_server.drop_database("support_copy")
        pg_server.drop_database("support_template")


def test_drop_database_closes_open_connections(pg_server: PostgresServer) -> None:
    """A test that forgets to close its connection still gets its database dropped."""
    url = pg_server.create_database("support_drop")
    forgotten = psycopg.connect(url.replace("+psycopg", ""), autocommit=True)
    try:
        forgotten.execute("select 1")
        pg_server.drop_database("support_drop")
        assert "support_drop" not in _database_names(pg_server)
        with pytest.raises(psycopg.OperationalError):
            forgotten.execute("select 1")
    finally:
        forgotten.close()


def test_odd_database_names_are_refused(pg_server: PostgresServer) -> None:
    """Names are identifiers, never SQL: a quote or a space is refused before reaching SQL."""
    with pytest.raises(ValueError, match="database name"):
        pg_server.create_database('x"; drop database postgres; --')


def test_fresh_databases_are_distinct_empty_and_dropped_after(pg_server: PostgresServer) -> None:
    """Each take() gives a new empty database; give_back() drops it."""
    databases = FreshDatabases(pg_server)
    try:
        first, second = databases.take(), databases.take()
        assert first != second
        engine = sa.create_engine(pg_server.url_for(second))
        with engine.connect() as connection:
            tables = connection.execute(
                sa.text("select count(*) from pg_tables where schemaname = 'public'")
            ).scalar_one()
        engine.dispose()
        assert tables == 0
        databases.give_back(first)
        databases.give_back(second)
    finally:
        databases.close()
    assert not {first, second} & _database_names(pg_server)


def test_pg_url_is_an_empty_database_of_its_own(pg_url: str, pg_server: PostgresServer) -> None:
    """The pg_url fixture points at a database other than the maintenance one, with no tables."""
    assert make_url(pg_url).database != make_url(pg_server.admin_url).database
    engine = sa.create_engine(pg_url)
    with engine.connect() as connection:
        assert sa.inspect(connection).get_table_names() == []
    engine.dispose()


def test_db_url_runs_on_both_backends_and_marks_postgres(
    db_url: str, request: pytest.FixtureRequest
) -> None:
    """db_url gives SQLite and PostgreSQL in turn; only the PostgreSQL run carries the marker."""
    backend = make_url(db_url).get_backend_name()
    expected_backend = {"sqlite": "sqlite", "postgres": "postgresql"}[request.node.callspec.id]
    assert backend == expected_backend
    marked = request.node.get_closest_marker("postgres") is not None
    assert marked == (backend == "postgresql")
    assert _select_one(db_url) == 1


def test_url_in_environment_is_used_and_never_stopped(
    pg_server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With KIOSK_TEST_PG_URL set, that server is used and refuses to be stopped by tests."""
    monkeypatch.setenv(PG_URL_ENV, pg_server.admin_url.replace("+psycopg", ""))
    borrowed = start_postgres()
    try:
        assert not borrowed.managed
        assert borrowed.admin_url == pg_server.admin_url
        with pytest.raises(PostgresUnavailable, match="only a throwaway"):
            borrowed.restart()
        url = borrowed.create_database("support_borrowed")
        assert _select_one(url) == 1
        borrowed.drop_database("support_borrowed")
    finally:
        borrowed.cleanup()
    assert _select_one(pg_server.admin_url) == 1


def test_unreachable_url_in_environment_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    """A KIOSK_TEST_PG_URL nobody answers gives a sentence naming the variable, not a hang."""
    monkeypatch.setenv(PG_URL_ENV, "postgresql://postgres@127.0.0.1:1/postgres")
    with pytest.raises(PostgresUnavailable, match=f"{PG_URL_ENV} is set but"):
        start_postgres()


@pytest.mark.slow
def test_throwaway_cluster_is_removed_by_cleanup(pg_server: PostgresServer) -> None:
    """A second throwaway cluster runs beside the first and leaves no process or files behind."""
    if not pg_server.managed:
        pytest.skip(f"{PG_URL_ENV} is set: no throwaway cluster is started")
    own = start_postgres()
    folder = own.folder
    try:
        assert own.admin_url != pg_server.admin_url
        assert make_url(own.admin_url).host == "127.0.0.1"
        assert _select_one(own.admin_url) == 1
    finally:
        own.cleanup()
    assert folder is not None
    assert not folder.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(own.admin_url.replace("+psycopg", ""), connect_timeout=3).close()
