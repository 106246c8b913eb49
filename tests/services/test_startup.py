"""Opening a kiosk's database: upgrade what is there, report its state, find a damaged file."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from kiosk.core.errors import DatabaseError
from kiosk.services.startup import integrity_problem, open_database, prepare_database
from kiosk.store.migrate import alembic_config, current_revision, head_revision

_PAGE_SIZE = slice(16, 18)
_PAGE_COUNT = slice(28, 32)


@pytest.fixture
def new_db(db_url: str) -> Iterator[Engine]:
    """An engine on a new, empty database of each backend."""
    engine = open_database(db_url)
    yield engine
    engine.dispose()


def add_an_unused_page(path: Path) -> None:
    """Damage a closed SQLite file: one more page that no table, index or free list owns."""
    data = bytearray(path.read_bytes())
    (page_size,) = struct.unpack(">H", data[_PAGE_SIZE])
    (pages,) = struct.unpack(">I", data[_PAGE_COUNT])
    assert len(data) == pages * page_size, "the file should hold every page (no WAL left)"
    data += bytes(page_size)
    data[_PAGE_COUNT] = struct.pack(">I", pages + 1)
    path.write_bytes(bytes(data))


def test_open_database_neither_reads_nor_builds_a_schema(sqlite_url: str, tmp_path: Path) -> None:
    """Opening makes no tables: the SQLite file is only reserved, empty and owner-only."""
    engine = open_database(sqlite_url)
    try:
        path = tmp_path / "kiosk.db"
        assert path.stat().st_size == 0
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_open_database_refuses_an_unsupported_address() -> None:
    """A URL for a backend the kiosk does not serve is one sentence, not a driver traceback."""
    with pytest.raises(DatabaseError) as caught:
        open_database("mysql://kiosk@localhost/tours")
    assert "not valid" in caught.value.message
    assert caught.value.message_zh != caught.value.message


def test_an_empty_database_is_upgraded_and_reported_empty(new_db: Engine) -> None:
    """The first start finds nothing, builds the newest schema, and says it was empty."""
    assert prepare_database(new_db) == "empty"
    assert current_revision(new_db) == head_revision()
    assert {"reservation", "visitor", "scan_event"} <= set(inspect(new_db).get_table_names())


def test_a_second_start_finds_the_schema_current(new_db: Engine) -> None:
    """Preparing an up-to-date database reports "current" and keeps its rows."""
    prepare_database(new_db)
    with new_db.begin() as conn:
        conn.execute(text("INSERT INTO guide (name, languages, phone) VALUES ('Mia', 'zh', '')"))
    assert prepare_database(new_db) == "current"
    with new_db.connect() as conn:
        assert conn.execute(text("SELECT name FROM guide")).scalars().all() == ["Mia"]


def test_an_older_schema_is_upgraded_and_reported_older(new_db: Engine) -> None:
    """A database one migration behind is brought up to date and reported "older"."""
    prepare_database(new_db)
    config = alembic_config()
    with new_db.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "-1")
    assert prepare_database(new_db) == "older"
    assert current_revision(new_db) == head_revision()


def test_a_schema_from_a_newer_release_is_refused(new_db: Engine) -> None:
    """A database written by a later release is not touched: one sentence says to update."""
    prepare_database(new_db)
    with new_db.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'from_the_future'"))
    with pytest.raises(DatabaseError) as caught:
        prepare_database(new_db)
    assert "newer version" in caught.value.message
    assert current_revision(new_db) == "from_the_future"


def test_a_sound_database_has_no_integrity_problem(new_db: Engine) -> None:
    """A freshly prepared database passes the full-file check (PostgreSQL always does)."""
    prepare_database(new_db)
    assert integrity_problem(new_db) is None


def test_a_damaged_file_is_named_by_the_integrity_check(tmp_path: Path, empty_db: Path) -> None:
    """A file with a page nobody owns gets SQLite's verdict naming the page, not None."""
    path = tmp_path / "damaged.db"
    shutil.copyfile(empty_db, path)
    with sqlite3.connect(path) as probe:
        pages = int(probe.execute("PRAGMA page_count").fetchone()[0])
    add_an_unused_page(path)
    engine = open_database(f"sqlite:///{path}")
    try:
        problem = integrity_problem(engine)
    finally:
        engine.dispose()
    assert problem is not None
    assert f"Page {pages + 1}" in problem and "never used" in problem
