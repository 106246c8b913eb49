"""Database and file faults: one clear sentence, never a half-done check-in or sync."""

from __future__ import annotations

import contextlib
import errno
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

import kiosk.services.sync as sync_service
from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.core.errors import DatabaseError, InputError
from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from kiosk.services.sync import sync_files
from kiosk.store import engine as engine_module
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from kiosk.store.models import Reservation, ScanEvent, Visitor
from tests.factories import SHANGHAI, Party, add_session
from tests.support.postgres import PostgresServer

START = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
AT_GATE = START - timedelta(minutes=10)
CODES = [f"CODE{n:04d}" for n in range(120)]


def _prepared(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    add_session(engine, "S1", starts_at=START, group_size=60, parties=[Party(c, 2) for c in CODES])
    return engine


def _env(engine: Engine) -> ServiceEnv:
    return ServiceEnv(engine, Settings(), Clock.fixed(AT_GATE), "GATE-1")


def _state(engine: Engine) -> tuple[int, int]:
    """(visitors checked in, scan events logged)."""
    with Session(engine) as db:
        inside = db.scalar(select(func.count()).where(Visitor.checked_in_at.isnot(None)))  # type: ignore[union-attr]
        events = db.scalar(select(func.count()).select_from(ScanEvent))
    return int(inside or 0), int(events or 0)


# --- a database locked longer than the busy timeout ------------------------------------------


def test_check_in_behind_a_long_lock_fails_cleanly(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another connection holding the write lock past the timeout: DatabaseError, nothing done."""
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 200)
    engine = _prepared(sqlite_url)
    before = _state(engine)
    blocker = sqlite3.connect(tmp_path / "kiosk.db", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseError, match="busy with another kiosk; try again"):
            check_in(_env(engine), CODES[0])
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert _state(engine) == before
    assert check_in(_env(engine), CODES[0]).outcome == "ok"
    assert _state(engine) == (before[0] + 2, before[1] + 1)


# --- PostgreSQL restarted under a running kiosk -----------------------------------------------


def test_postgres_restart_under_a_running_engine(pg_server: PostgresServer, pg_url: str) -> None:
    """Check-ins during a restart either happen or raise DatabaseError; the next one works."""
    if not pg_server.managed:
        pytest.skip("the PostgreSQL server is not ours to restart")
    engine = _prepared(pg_url)
    env = _env(engine)
    assert check_in(env, CODES[0]).outcome == "ok"  # the pool now holds live connections
    outcomes: dict[str, str] = {}
    restarted = threading.Event()

    def scan_through_the_restart() -> None:
        for code in CODES[1:-1]:
            try:
                outcomes[code] = check_in(env, code).outcome
            except DatabaseError:
                outcomes[code] = "error"
                time.sleep(0.05)
            if restarted.is_set():
                return

    worker = threading.Thread(target=scan_through_the_restart)
    worker.start()
    try:
        pg_server.restart()
    finally:
        restarted.set()
        worker.join(timeout=60)
    assert not worker.is_alive()
    with Session(engine) as db:
        inside = dict(
            db.execute(
                select(Reservation.code, func.count(Visitor.checked_in_at))
                .join(Visitor, Visitor.reservation_id == Reservation.id)  # type: ignore[arg-type]
                .group_by(Reservation.code)
            ).all()
        )
    for code, outcome in outcomes.items():
        expected = 2 if outcome == "ok" else 0
        assert inside[code] == expected, f"{code}: {outcome} but {inside[code]} inside"
    assert "error" in outcomes.values(), "no check-in met the restart"
    assert check_in(env, CODES[-1]).outcome == "ok"
    engine.dispose()


# --- the disk under the SQLite file is full ----------------------------------------------------


@contextlib.contextmanager
def _tiny_tmpfs(folder: Path) -> Iterator[bool]:
    """A 4 MB tmpfs at ``folder`` if this process may mount one (root in a container)."""
    folder.mkdir()
    mounted = (
        shutil.which("mount") is not None
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    chunk = b"\0" * 4096
    with filler.open("wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(chunk)
    with pytest.raises(OSError) as info, (folder / "probe").open("wb", buffering=0) as probe:
        probe.write(chunk)
    assert info.value.errno == errno.ENOSPC
    return filler


def _limit_pages(engine: Engine, path: Path) -> None:
    """Fallback: cap the database at its size and fill the scan log's last page.

    The next check-in then needs a new page, which fails like a full disk (SQLITE_FULL).
    """

    @event.listens_for(engine, "connect")
    def _cap(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    engine.dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    for size in (2000, 200, 0):
        with contextlib.suppress(sqlite3.OperationalError):
            while True:
                conn.execute(
                    "INSERT INTO scan_event (at, kiosk_id, operator, action, input_digest,"
                    " input_hint, outcome, visitor_ids, detail) VALUES"
                    " ('2025-01-01 00:00:00', 'F', '', 'filler', '', '', '', '', ?)",
                    ("x" * size,),
                )
    conn.close()


def test_disk_full_check_in_reports_it_and_writes_nothing(tmp_path: Path) -> None:
    """A full disk: DatabaseError saying the disk is full, and no partial check-in."""
    with _tiny_tmpfs(tmp_path / "disk") as mounted:
        url = f"sqlite:///{tmp_path / 'disk' / 'kiosk.db'}"
        engine = _prepared(url)
        if not mounted:
            _limit_pages(engine, tmp_path / "disk" / "kiosk.db")
        before = _state(engine)
        if mounted:
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            engine.dispose()
            filler = _fill(tmp_path / "disk")
        with pytest.raises(DatabaseError, match=r"disk under the database is full"):
            check_in(_env(engine), CODES[0])
        engine.dispose()
        if mounted:
            filler.unlink()
        reopened = make_engine(url)
        assert _state(reopened) == before
        with reopened.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        reopened.dispose()


# --- an export that vanishes while a sync reads it ---------------------------------------------


def test_export_vanishing_during_sync_is_an_input_error_and_changes_nothing(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second export is deleted while the first is read: InputError, nothing imported."""
    engine = make_engine(sqlite_url)
    upgrade(engine)
    samples = Path(__file__).resolve().parents[2] / "db" / "samples"
    roster = shutil.copy(samples / "roster.csv", tmp_path / "roster.csv")
    reservations = shutil.copy(samples / "reservations.csv", tmp_path / "reservations.csv")
    real_read = sync_service.read_export

    def read_then_lose_the_other(path: Path, **kwargs: Any) -> Any:
        parsed = real_read(path, **kwargs)
        Path(reservations).unlink(missing_ok=True)
        return parsed

    monkeypatch.setattr(sync_service, "read_export", read_then_lose_the_other)
    env = ServiceEnv(engine, Settings(), Clock.fixed(AT_GATE))
    with pytest.raises(InputError, match=r"reservations\.csv"):
        sync_files(env, [Path(roster), Path(reservations)])
    with Session(engine) as db:
        assert db.scalar(select(func.count()).select_from(Reservation)) == 0
        assert db.scalar(select(func.count()).select_from(ScanEvent)) == 0
