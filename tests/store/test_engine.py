"""The engine factory: durable SQLite settings, and one clear sentence for every way to fail."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError

from kiosk.core.errors import DatabaseError
from kiosk.store.db import read_session, write_session
from kiosk.store.engine import SQLITE_BUSY_TIMEOUT_MS, check_connection, make_engine
from kiosk.store.migrate import upgrade
from kiosk.store.models import Guide, Visitor


def one_sentence(error: DatabaseError) -> str:
    """The message of a user-facing error, checked to be one plain line."""
    message = error.message
    assert "\n" not in message
    assert "Traceback" not in message and "sqlalchemy" not in message.lower()
    assert message.endswith(".")
    assert error.message_zh and error.message_zh != message
    return message


def closed_port() -> int:
    """A loopback port that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_sqlite_file_is_created_owner_only(tmp_path: Path) -> None:
    """A new database file (and missing folders) is created with mode 0600: personal data."""
    path = tmp_path / "new" / "folder" / "kiosk.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert path.exists()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        upgrade(engine)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        engine.dispose()


def test_sqlite_connections_are_durable_and_patient(sqlite_url: str) -> None:
    """Every connection has WAL, foreign keys, synchronous=FULL and a busy timeout."""
    engine = make_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            pragma = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
            }
        assert pragma == {
            "journal_mode": "wal",
            "foreign_keys": 1,
            "synchronous": 2,  # FULL: a check-in shown as done survives a power cut
            "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
        }
        assert SQLITE_BUSY_TIMEOUT_MS >= 5000
    finally:
        engine.dispose()


def test_foreign_keys_are_enforced(sqlite_url: str) -> None:
    """A visitor pointing at no reservation is rejected, not silently stored."""
    engine = make_engine(sqlite_url)
    upgrade(engine)
    try:
        with pytest.raises(IntegrityError), write_session(engine) as db:
            db.execute(
                insert(Visitor).values(reservation_id=999, session_id="NOPE", badge_code="X-1")
            )
    finally:
        engine.dispose()


def test_write_session_rolls_back_everything_on_error(db_url: str) -> None:
    """A failure halfway through a user action leaves nothing of it behind."""
    engine = make_engine(db_url)
    upgrade(engine)
    try:
        with pytest.raises(RuntimeError), write_session(engine) as db:
            db.execute(insert(Guide).values(name="Half done", languages="zh", phone=""))
            raise RuntimeError("printer on fire")
        with read_session(engine) as db:
            assert db.execute(select(Guide)).first() is None
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "url",
    ["not a url", "sqlite//kiosk.db", "", "postgresql+psycopg://user@host:notaport/db"],
)
def test_malformed_url_is_one_sentence(url: str) -> None:
    """A mistyped --db says how to write a database address."""
    with pytest.raises(DatabaseError) as caught:
        make_engine(url)
    assert "sqlite:///" in one_sentence(caught.value)


@pytest.mark.parametrize(
    "url", ["mysql://user:pw@localhost/kiosk", "postgresql+psycopg2://u@localhost/kiosk"]
)
def test_unsupported_backend_is_refused(url: str) -> None:
    """Only SQLite and PostgreSQL through psycopg 3 are served."""
    with pytest.raises(DatabaseError) as caught:
        make_engine(url)
    assert "not valid" in one_sentence(caught.value)


def test_unreachable_postgres_is_one_sentence_without_the_password() -> None:
    """A server that is down gives a sentence naming the address, with the password hidden."""
    url = f"postgresql+psycopg://kiosk:s3cret@127.0.0.1:{closed_port()}/kiosk"
    engine = make_engine(url)
    try:
        with pytest.raises(DatabaseError) as caught:
            upgrade(engine)
    finally:
        engine.dispose()
    message = one_sentence(caught.value)
    assert "cannot be reached" in message
    assert "s3cret" not in message and "s3cret" not in caught.value.message_zh


def test_corrupt_sqlite_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    """Random bytes where the database should be: one sentence, and the file stays as it was."""
    path = tmp_path / "kiosk.db"
    garbage = os.urandom(64 * 1024)
    path.write_bytes(garbage)
    engine = make_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(DatabaseError) as caught:
            upgrade(engine)
        with pytest.raises(DatabaseError):
            check_connection(engine)
    finally:
        engine.dispose()
    assert "kiosk.db" in one_sentence(caught.value)
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.db"]


def test_check_connection_accepts_a_healthy_database(db_url: str) -> None:
    """A working database passes the start-up check, the thorough one too."""
    engine = make_engine(db_url)
    try:
        check_connection(engine, thorough=True)
        with engine.connect() as conn:
            assert conn.execute(text("select 1")).scalar() == 1
    finally:
        engine.dispose()


def test_an_existing_world_readable_database_is_tightened_to_0600(tmp_path: Path) -> None:
    """A kiosk.db copied in with mode 0644 is owner-only once the kiosk opens it."""
    path = tmp_path / "copied.db"
    make_engine(f"sqlite:///{path}").dispose()
    path.chmod(0o644)
    make_engine(f"sqlite:///{path}").dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
