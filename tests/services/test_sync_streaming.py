"""A streamed import (a file larger than its batch): all or nothing, repeats found, idempotent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Engine

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services import sync as sync_module
from kiosk.services.env import ServiceEnv
from kiosk.services.sync import RejectedRows, sync_files
from kiosk.store.engine import make_engine
from kiosk.store.imports import deferrable_indexes
from kiosk.store.migrate import upgrade
from kiosk.store.models import Reservation, ScanEvent, SyncRun, Visitor, table_of
from tests.factories import SHANGHAI, fresh_url

HEADER = "预约码,参观日期,入场时间,联系人,手机号,参观人数,语言,状态,备注,同行人\n"
BATCH = 50
ROWS = 400  # eight batches


@pytest.fixture
def db(db_url: str, empty_db: Path, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database on each backend: its URL."""
    if db_url.startswith("sqlite"):
        url = fresh_url(empty_db, tmp_path)
    else:
        url = db_url
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
    yield url


@pytest.fixture
def env(db: str) -> Iterator[ServiceEnv]:
    engine = make_engine(db)
    clock = Clock.fixed(datetime(2025, 2, 2, 9, 0, tzinfo=SHANGHAI))
    yield ServiceEnv(engine, Settings(), clock, "GATE-1")
    engine.dispose()


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 50 rows, so a file of a few hundred streams through several."""
    monkeypatch.setattr(sync_module, "BATCH_ROWS", BATCH)


def booking(number: int, *, size: int = 2, phone: str = "", hour: int = 9) -> str:
    return (
        f"C{number:07d},2025-02-02,{hour:02d}:30,联系人{number},{phone or f'138{number:08d}'},"
        f"{size},中文,已确认,,"
    )


def export(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8-sig")
    return path


def big_export(tmp_path: Path, name: str = "big.csv", rows: int = ROWS) -> Path:
    return export(tmp_path, name, [booking(n) for n in range(1, rows + 1)])


def counts(engine: Engine) -> tuple[int, int, int, int]:
    """Reservations, visitors, sync runs and scan events stored."""
    with engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            int(conn.execute(select(func.count()).select_from(table_of(model))).scalar_one())
            for model in (Reservation, Visitor, SyncRun, ScanEvent)
        )


def secondary_indexes(engine: Engine) -> set[str]:
    """Names of the deferrable indexes the database has now."""
    inspector = inspect(engine)
    names = {
        str(index["name"])
        for table in ("reservation", "visitor")
        for index in inspector.get_indexes(table)
    }
    return names & {str(index.name) for index in deferrable_indexes()}


ALL_SECONDARY = {str(index.name) for index in deferrable_indexes()}

CHILD = """
import sys, time
from datetime import datetime
from pathlib import Path
from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services import sync
from kiosk.services.env import ServiceEnv
from kiosk.store.engine import make_engine

sync.BATCH_ROWS = int(sys.argv[3])
engine = make_engine(sys.argv[1])
clock = Clock.fixed(datetime.fromisoformat("2025-02-02T09:00:00+08:00"))
env = ServiceEnv(engine, Settings(), clock, "GATE-1")

def progress(done, total):
    if total is None and done >= 3 * sync.BATCH_ROWS:
        print("written", done, flush=True)
        time.sleep(600)  # killed here, in the middle of the transaction

sync.sync_files(env, [Path(sys.argv[2])], progress=progress)
"""


def test_sigkill_in_the_middle_of_a_streamed_import_leaves_the_database_unchanged(
    db: str, tmp_path: Path
) -> None:
    """Killed after three batches were written, the import leaves no row and every index."""
    path = big_export(tmp_path)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, db, str(path), str(BATCH)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("written"), child.stderr.read() if child.stderr else line
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    engine = make_engine(db)
    try:
        assert counts(engine) == (0, 0, 0, 0)
        assert secondary_indexes(engine) == ALL_SECONDARY
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        env = ServiceEnv(engine, Settings(), Clock.fixed(datetime(2025, 2, 2, 9, tzinfo=SHANGHAI)))
        assert sync_files(env, [path]).added == ROWS  # and the file imports afterwards
    finally:
        engine.dispose()


def test_strict_with_a_bad_row_in_a_late_batch_writes_nothing(
    env: ServiceEnv, tmp_path: Path
) -> None:
    """A bad row in the last batch aborts all the batches written before it (--strict)."""
    lines = [booking(n) for n in range(1, ROWS + 1)]
    lines[ROWS - 10] = lines[ROWS - 10].replace(",2,中文", ",zwei,中文")
    path = export(tmp_path, "bad.csv", lines)
    with pytest.raises(RejectedRows) as caught:
        sync_files(env, [path], strict=True)
    assert [r["line"] for r in caught.value.report.rejected] == [ROWS - 10 + 2]
    assert counts(env.engine) == (0, 0, 0, 0)
    assert secondary_indexes(env.engine) == ALL_SECONDARY


def test_dry_run_of_a_streamed_import_writes_nothing(env: ServiceEnv, tmp_path: Path) -> None:
    """A dry run counts every batch's rows and leaves the database as it was."""
    report = sync_files(env, [big_export(tmp_path)], dry_run=True)
    assert report.added == ROWS
    assert report.sync_run_id is None
    assert counts(env.engine) == (0, 0, 0, 0)
    assert secondary_indexes(env.engine) == ALL_SECONDARY


def test_first_import_rebuilds_its_indexes_and_reimport_changes_nothing(
    env: ServiceEnv, tmp_path: Path
) -> None:
    """After a streamed first import the indexes are back; importing again is a no-op."""
    path = big_export(tmp_path)
    first = sync_files(env, [path])
    assert (first.added, first.rejected) == (ROWS, [])
    assert secondary_indexes(env.engine) == ALL_SECONDARY
    stored = counts(env.engine)
    assert stored[:2] == (ROWS, 2 * ROWS)
    again = sync_files(env, [path], full=True)
    assert (again.added, again.updated, again.cancelled, again.unchanged) == (0, 0, 0, ROWS)
    assert not again.changed
    assert counts(env.engine)[:2] == stored[:2]
    assert again.files[0].rows == ROWS


@pytest.mark.parametrize("first_import", [True, False], ids=["first-import", "later-import"])
def test_repeated_codes_across_batches_are_found_with_their_lines(
    env: ServiceEnv, tmp_path: Path, first_import: bool
) -> None:
    """A code repeated batches later: identical is ignored, different is rejected naming both
    lines; as the reader reports it within a batch."""
    if not first_import:
        sync_files(env, [export(tmp_path, "earlier.csv", [booking(9_000_000)])])
    lines = [booking(n) for n in range(1, ROWS + 1)]
    lines[20] = booking(4, phone="13700000000")  # line 22, in the batch of its first, line 5
    lines[150] = booking(1)  # identical to line 2
    lines[300] = booking(2, phone="13900000000")  # line 302: line 3's code, another phone
    lines[301] = booking(5, size=3)  # line 303: line 6's code, a bigger party
    report = sync_files(env, [export(tmp_path, "repeats.csv", lines)])
    assert [(r["line"], r["reason"]) for r in report.rejected] == [
        (22, "code C0000004 appears again on line 22 with different details (first on line 5)"),
        (302, "code C0000002 appears again on line 302 with different details (first on line 3)"),
        (303, "code C0000005 appears again on line 303 with different details (first on line 6)"),
    ]
    assert report.added == ROWS - 4
    assert report.files[0].rows == ROWS - 4
    with env.engine.connect() as conn:
        phone = conn.execute(
            select(table_of(Reservation).c.phone).where(table_of(Reservation).c.code == "C0000002")
        ).scalar_one()
    assert phone == "13800000002"  # the first row counts


@pytest.mark.parametrize("first_import", [True, False], ids=["first-import", "later-import"])
def test_code_of_an_earlier_file_is_refused_in_a_later_one(
    env: ServiceEnv, tmp_path: Path, first_import: bool
) -> None:
    """Two files of one sync giving the same code: the second file's row is refused."""
    if not first_import:
        sync_files(env, [export(tmp_path, "earlier.csv", [booking(9_000_000)])])
    one = big_export(tmp_path, "one.csv", rows=120)
    two = export(tmp_path, "two.csv", [booking(n) for n in range(115, 240)])
    report = sync_files(env, [one, two])
    assert [(r["file"], r["line"]) for r in report.rejected] == [
        ("two.csv", line) for line in range(2, 8)
    ]
    assert {r["reason"] for r in report.rejected} == {
        f"code C{n:07d} was already given by an earlier file" for n in range(115, 121)
    }
    assert report.added == 239


def test_full_sync_cancels_what_no_batch_listed(env: ServiceEnv, tmp_path: Path) -> None:
    """--full after a streamed import cancels exactly the bookings missing from every batch."""
    sync_files(env, [big_export(tmp_path)])
    fewer = export(tmp_path, "fewer.csv", [booking(n) for n in range(1, ROWS + 1) if n % 7])
    report = sync_files(env, [fewer], full=True)
    assert report.cancelled == ROWS // 7
    assert report.unchanged == ROWS - ROWS // 7
    with env.engine.connect() as conn:
        table = table_of(Reservation)
        cancelled = conn.execute(
            select(func.count()).where(table.c.status == "cancelled")
        ).scalar_one()
    assert cancelled == ROWS // 7
