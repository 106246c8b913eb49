"""A kiosk killed mid-write (power cut, OOM killer) loses nothing it reported as done."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.bench import dataset
from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services.env import ServiceEnv
from kiosk.services.sync import sync_files
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade

REPO = Path(__file__).resolve().parents[2]
BIG_EXPORT = 50_000


def _spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.children", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(child: subprocess.Popen[str], prefix: str, timeout: float = 60) -> list[str]:
    """Lines read until one starts with ``prefix`` (fails if the child ends first)."""
    assert child.stdout is not None
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    for line in child.stdout:
        seen.append(line.strip())
        if line.startswith(prefix):
            return seen
        assert time.monotonic() < deadline, f"no {prefix!r} line in {timeout} s"
    _, err = child.communicate()
    pytest.fail(f"child ended before {prefix!r}: {err.strip()[-500:]}")


def _kill(child: subprocess.Popen[str]) -> list[str]:
    """SIGKILL the child (it must still be running) and return what it had printed."""
    assert child.poll() is None, "the child finished before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    out, _ = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    return out.split()


def _migrated(path: Path) -> Path:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(scope="module")
def big_export(tmp_path_factory: pytest.TempPathFactory) -> dataset.Dataset:
    return dataset.generate(tmp_path_factory.mktemp("export"), BIG_EXPORT)


@pytest.mark.slow
def test_sigkill_during_a_big_sync_leaves_nothing_half_applied(
    tmp_path: Path, big_export: dataset.Dataset
) -> None:
    """Killed 0.3 s into a 50k-row sync: the file is intact and holds none or all of it."""
    db = _migrated(tmp_path / "kiosk.db")
    child = _spawn("sync", str(db), str(big_export.reservations_csv))
    _wait_for(child, "PROGRESS")
    time.sleep(0.3)
    assert "DONE" not in _kill(child)
    assert _integrity(db) == "ok"
    conn = sqlite3.connect(db)
    reservations = conn.execute("SELECT COUNT(*) FROM reservation").fetchone()[0]
    visitors = conn.execute("SELECT COUNT(*) FROM visitor").fetchone()[0]
    conn.close()
    assert (reservations, visitors) in ((0, 0), (BIG_EXPORT, big_export.visitors))


@pytest.fixture
def synced_db(tmp_path: Path) -> Iterator[Path]:
    data = dataset.generate(tmp_path / "export", 3000)
    db = _migrated(tmp_path / "kiosk.db")
    settings = Settings(db_url=f"sqlite:///{db}")
    engine = make_engine(settings.database_url)
    clock = Clock.fixed(datetime(2025, 4, 1, 9, 0, tzinfo=settings.zone))
    sync_files(ServiceEnv(engine, settings, clock), [data.roster_csv, data.reservations_csv])
    engine.dispose()
    yield db


@pytest.mark.slow
def test_sigkill_during_a_burst_of_check_ins_keeps_every_reported_one(synced_db: Path) -> None:
    """Every code the kiosk reported as admitted is checked in after the crash, whole party."""
    child = _spawn("checkins", str(synced_db))
    _wait_for(child, "STARTED")
    _wait_for(child, "")  # the first admitted code
    time.sleep(0.3)
    reported = [line for line in _kill(child) if line != "STARTED"]
    assert _integrity(synced_db) == "ok"
    conn = sqlite3.connect(synced_db)
    parties = {
        code: (size, inside)
        for code, size, inside in conn.execute(
            "SELECT r.code, r.party_size, COUNT(v.checked_in_at) FROM reservation r"
            " JOIN visitor v ON v.reservation_id = r.id GROUP BY r.id"
        )
    }
    conn.close()
    assert len(reported) >= 1
    for code in reported:
        size, inside = parties[code]
        assert inside == size, f"{code} was reported done but has {inside}/{size} inside"
    # No party is half in: the one being admitted at the kill is all in or not at all.
    assert all(inside in (0, size) for size, inside in parties.values())
