"""Row locks on PostgreSQL: a second kiosk's lock on the same rows waits; SQLite takes none.

Waiting is shown with a real second connection: with a short ``lock_timeout`` it gives up
with "lock not available" while the first transaction is open, and with a long one it is seen
blocked in ``pg_locks`` and goes on as soon as the first commits.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Connection, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from kiosk.store.engine import make_engine
from kiosk.store.locks import lock_reservation, lock_session, lock_session_groups, needs_row_locks
from kiosk.store.migrate import upgrade
from tests.factories import SHANGHAI, Party, add_session, fresh_url
from tests.support.rows import reservation_of

WAIT_LIMIT_S = 20.0

Lock = Callable[[Connection], None]


def seed(engine: Engine) -> None:
    """Two sessions with groups, two parties in the first and one in the second."""
    add_session(engine, "S1", parties=(Party("AAAA1111", 2), Party("BBBB2222", 1)))
    add_session(
        engine,
        "S2",
        starts_at=datetime(2025, 2, 3, 9, 30, tzinfo=SHANGHAI),
        parties=(Party("CCCC3333", 1),),
    )


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    upgrade(engine)
    seed(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def holder(pg_engine: Engine) -> Iterator[Connection]:
    """A connection whose transaction stays open until the test commits it."""
    with pg_engine.connect() as conn:
        conn.begin()
        yield conn
        if conn.in_transaction():
            conn.rollback()


def try_lock_briefly(engine: Engine, lock: Lock) -> None:
    """Take a lock on a second connection, giving up after 200 ms of waiting (then re-raise)."""
    with engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL lock_timeout = '200ms'")
        lock(conn)


def assert_lock_not_available(engine: Engine, lock: Lock) -> None:
    with pytest.raises(OperationalError) as caught:
        try_lock_briefly(engine, lock)
    assert isinstance(caught.value.orig, psycopg.errors.LockNotAvailable)


def waiting_backends(engine: Engine) -> int:
    """How many connections of this database wait for a row lock right now."""
    with engine.connect() as conn:
        count = conn.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        ).scalar_one()
    return int(count)


def contend_in_thread(engine: Engine, lock: Lock) -> tuple[threading.Thread, threading.Event]:
    """Start a second kiosk taking ``lock`` (waiting up to 20 s); the event is set once it holds it."""
    holding = threading.Event()

    def contender() -> None:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(WAIT_LIMIT_S)}s'")
            lock(conn)
            holding.set()

    thread = threading.Thread(target=contender, daemon=True)
    thread.start()
    return thread, holding


def wait_until_blocked(engine: Engine, holding: threading.Event) -> None:
    """Return once the contender is seen waiting on a lock; fail if it got the lock instead."""
    deadline = time.monotonic() + WAIT_LIMIT_S
    while waiting_backends(engine) == 0:
        assert not holding.wait(0.02), "the second lock was granted while the first was held"
        assert time.monotonic() < deadline, "the second lock neither waited nor was granted"


def test_needs_row_locks_only_on_postgresql(pg_engine: Engine, sqlite_url: str) -> None:
    """PostgreSQL serialises writers by row locks; SQLite already has one writer at a time."""
    sqlite = make_engine(sqlite_url)
    try:
        with pg_engine.connect() as pg, sqlite.connect() as lite:
            assert needs_row_locks(pg) is True
            assert needs_row_locks(lite) is False
    finally:
        sqlite.dispose()


def test_a_locked_reservation_makes_a_second_lock_wait(
    pg_engine: Engine, holder: Connection
) -> None:
    """While one transaction holds a party, another kiosk's lock on it cannot be had."""
    party = reservation_of(pg_engine, "AAAA1111")
    lock_reservation(holder, party)
    assert_lock_not_available(pg_engine, lambda conn: lock_reservation(conn, party))


def test_a_locked_reservation_leaves_other_parties_free(
    pg_engine: Engine, holder: Connection
) -> None:
    """Locking one party does not hold up another party of the same session."""
    lock_reservation(holder, reservation_of(pg_engine, "AAAA1111"))
    other = reservation_of(pg_engine, "BBBB2222")
    try_lock_briefly(pg_engine, lambda conn: lock_reservation(conn, other))


def test_the_second_reservation_lock_goes_on_when_the_first_commits(
    pg_engine: Engine, holder: Connection
) -> None:
    """The second kiosk waits for the party, then gets it as soon as the first commits."""
    party = reservation_of(pg_engine, "AAAA1111")
    lock_reservation(holder, party)
    thread, holding = contend_in_thread(pg_engine, lambda conn: lock_reservation(conn, party))
    wait_until_blocked(pg_engine, holding)
    holder.commit()
    assert holding.wait(WAIT_LIMIT_S), "the second lock was not granted after the commit"
    thread.join(WAIT_LIMIT_S)


def test_locked_session_groups_make_a_second_lock_wait(
    pg_engine: Engine, holder: Connection
) -> None:
    """While one transaction places people in a session, another cannot lock its groups."""
    lock_session_groups(holder, "S1")
    assert_lock_not_available(pg_engine, lambda conn: lock_session_groups(conn, "S1"))


def lock_one_group(letter: str) -> Lock:
    """A lock on one group row of S1, taken directly."""

    def lock(conn: Connection) -> None:
        conn.execute(
            text("SELECT id FROM tour_group WHERE session_id = 'S1' AND letter = :l FOR UPDATE"),
            {"l": letter},
        )

    return lock


def test_locked_session_groups_hold_every_group_row(pg_engine: Engine, holder: Connection) -> None:
    """Each of the session's groups is locked, not just the first one."""
    lock_session_groups(holder, "S1")
    for letter in ("A", "D"):
        assert_lock_not_available(pg_engine, lock_one_group(letter))


def test_locked_session_groups_leave_other_sessions_free(
    pg_engine: Engine, holder: Connection
) -> None:
    """Placing people in one session does not hold up another session's check-ins."""
    lock_session_groups(holder, "S1")
    try_lock_briefly(pg_engine, lambda conn: lock_session_groups(conn, "S2"))


def test_the_second_groups_lock_goes_on_when_the_first_commits(
    pg_engine: Engine, holder: Connection
) -> None:
    """The second kiosk waits for the session's groups, then gets them after the commit."""
    lock_session_groups(holder, "S1")
    thread, holding = contend_in_thread(pg_engine, lambda conn: lock_session_groups(conn, "S1"))
    wait_until_blocked(pg_engine, holding)
    holder.commit()
    assert holding.wait(WAIT_LIMIT_S), "the second lock was not granted after the commit"
    thread.join(WAIT_LIMIT_S)


def test_a_locked_session_makes_a_second_lock_wait(pg_engine: Engine, holder: Connection) -> None:
    """Walk-ins counting one session's free places are serialised; another session is free."""
    lock_session(holder, "S1")
    assert_lock_not_available(pg_engine, lambda conn: lock_session(conn, "S1"))
    try_lock_briefly(pg_engine, lambda conn: lock_session(conn, "S2"))


def test_on_sqlite_the_locks_issue_no_statement(tmp_path: Path, empty_db: Path) -> None:
    """SQLite's writer already holds the database: the locks do nothing, not even begin."""
    engine = make_engine(fresh_url(empty_db, tmp_path))
    try:
        seed(engine)
        party = reservation_of(engine, "AAAA1111")
        with engine.connect() as conn:
            lock_reservation(conn, party)
            lock_session_groups(conn, "S1")
            lock_session(conn, "S1")
            assert not conn.in_transaction()
    finally:
        engine.dispose()
