"""Check-in → shown on another process's dashboard: how long a supervisor waits to see it.

This process checks visitors in (``check_in``, as a kiosk does) a few hundred milliseconds
apart. Two other processes watch the same database:

- the supervisor console (``python -m kiosk.ui.bench_ui live-dashboard``: the real console,
  offscreen, following commits live), which prints the moment its dashboard has painted
  counts that include each new event;
- the raw baseline (``python -m kiosk.bench.live raw-watch``): the same mechanism with
  nothing around it: bare ``sqlite3`` reading ``PRAGMA data_version`` as often as the kiosk
  does, or bare ``psycopg`` LISTENing for the kiosk's notifications.

A check-in's latency is from ``check_in`` returning (the kiosk shows its answer) to the first
line of the watcher whose change token includes the check-in's event. ``time.monotonic`` is
one clock for every process of the machine.
"""

from __future__ import annotations

import json
import os
import random
import select
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kiosk.bench.figures import Figure, not_measured, percentile

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

CHECKINS = 50
GAP_S = (0.2, 0.6)
"""Pause between two check-ins: a busy gate, and room to see each one separately."""
SETTLE_S = 5.0
"""How long the watchers get to show the last check-in."""
WATCH_S = 0.05
"""How often the raw SQLite watcher reads data_version (the kiosk's ``ChangeFeed`` default)."""
READY_TIMEOUT_S = 120


@dataclass
class _Watcher:
    """A child process printing ``{"t": monotonic, "token": event id}`` lines."""

    name: str
    process: subprocess.Popen[str]
    lines: list[dict[str, Any]] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)
    failure: str = ""

    def start_reading(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            if line.get("ready"):
                self.ready.set()
            elif "t" in line:
                self.lines.append(line)
        if not self.ready.is_set():
            self.failure = f"{self.name} ended before it was ready"
            self.ready.set()

    def shown_at(self, event_id: int) -> float | None:
        """When the watcher first showed counts including ``event_id``."""
        return next((ln["t"] for ln in list(self.lines) if ln["token"] >= event_id), None)

    def stop(self) -> str:
        self.process.terminate()
        try:
            _, error = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, error = self.process.communicate()
        return (error or "").strip()


def _spawn(name: str, command: list[str]) -> _Watcher:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    watcher = _Watcher(name, process)
    watcher.start_reading()
    return watcher


@dataclass(frozen=True)
class LiveResult:
    """Latencies (ms) of one run, the kiosk's dashboard and the raw watcher."""

    kiosk_ms: list[float]
    raw_ms: list[float]
    mode: str
    missed: int


def day_codes(db_url: str, count: int) -> tuple[list[tuple[str, datetime]], datetime]:
    """Unchecked, confirmed bookings of the first day, and the instant the dashboard shows
    (10 minutes before the day's first session, so the whole day is "today")."""
    from sqlalchemy import func, select

    from kiosk.config import Settings
    from kiosk.core.clock import local_day_bounds
    from kiosk.store.engine import make_engine
    from kiosk.store.models import Reservation, TourSession, Visitor, table_of

    reservation, session, visitor = (
        table_of(Reservation),
        table_of(TourSession),
        table_of(Visitor),
    )
    zone = Settings().zone
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            first = conn.execute(select(func.min(session.c.starts_at))).scalar_one()
            _, day_end = local_day_bounds(first, zone)
            admitted = select(visitor.c.reservation_id).where(visitor.c.checked_in_at.isnot(None))
            rows = conn.execute(
                select(reservation.c.code, session.c.starts_at)
                .join(session, session.c.id == reservation.c.session_id)
                .where(session.c.starts_at < day_end)
                .where(reservation.c.status == "confirmed")
                .where(reservation.c.id.not_in(admitted))
                .order_by(reservation.c.id)
            ).all()
    finally:
        engine.dispose()
    chosen = random.Random(11).sample(rows, min(count, len(rows)))
    return [(str(code), starts) for code, starts in chosen], first - timedelta(minutes=10)


def measure(db_url: str, *, checkins: int = CHECKINS) -> LiveResult:
    """Check in ``checkins`` bookings here while the dashboard and the raw watcher look on."""
    from kiosk.config import Settings
    from kiosk.core.clock import Clock
    from kiosk.services.checkin import check_in
    from kiosk.services.env import ServiceEnv
    from kiosk.store.engine import make_engine

    codes, shown_day = day_codes(db_url, checkins)
    if len(codes) < checkins:
        raise RuntimeError("not enough bookings left on the first day")
    dashboard = _spawn(
        "the dashboard",
        [sys.executable, "-m", "kiosk.ui.bench_ui", "live-dashboard", db_url,
         shown_day.isoformat()],
    )  # fmt: skip
    raw = _spawn("the raw watcher", [sys.executable, "-m", "kiosk.bench.live", "raw-watch", db_url])
    engine = make_engine(db_url)
    try:
        for watcher in (dashboard, raw):
            if not watcher.ready.wait(READY_TIMEOUT_S) or watcher.failure:
                raise RuntimeError(watcher.failure or f"{watcher.name} was not ready in time")
        settings = Settings(db_url=db_url)
        clock = Clock.fixed(shown_day)
        env = ServiceEnv(engine, settings, clock, "BENCH-LIVE")
        rng = random.Random(5)
        done: list[tuple[int, float]] = []
        for code, starts in codes:
            clock.set(starts - timedelta(minutes=10))
            result = check_in(env, code)
            finished = time.monotonic()
            if not result.admitted_ok or result.event_id is None:
                raise RuntimeError(f"a benchmark check-in was refused ({result.outcome.value})")
            done.append((result.event_id, finished))
            time.sleep(rng.uniform(*GAP_S))
        last = done[-1][0]
        deadline = time.monotonic() + SETTLE_S
        while time.monotonic() < deadline:
            if dashboard.shown_at(last) is not None and raw.shown_at(last) is not None:
                break
            time.sleep(0.05)
    finally:
        engine.dispose()
        errors = [dashboard.stop(), raw.stop()]
    mode = next((ln.get("mode", "") for ln in dashboard.lines if ln.get("mode")), "")
    kiosk_ms: list[float] = []
    raw_ms: list[float] = []
    missed = 0
    for event_id, finished in done:
        for watcher, samples in ((dashboard, kiosk_ms), (raw, raw_ms)):
            seen = watcher.shown_at(event_id)
            if seen is None:
                missed += 1
                samples.append(SETTLE_S * 1000)
            else:
                samples.append(max(seen - finished, 0.0) * 1000)
    if not dashboard.lines:
        raise RuntimeError(f"the dashboard showed nothing: {errors[0].splitlines()[-1:]}")
    return LiveResult(kiosk_ms, raw_ms, mode, missed)


def bench_live(db_url: str, key: str, backend: str, *, note: str = "") -> Figure:
    """The p95 figure for one backend (``not measured`` when the run fails)."""
    title = f"check-in → shown on another process's dashboard ({backend}), p95"
    label = (
        "bare sqlite3 PRAGMA data_version every 50 ms (p95)"
        if backend == "SQLite"
        else "bare psycopg LISTEN for the same notifications (p95)"
    )
    try:
        result = measure(db_url)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        return not_measured(key, title, label, "ms", str(exc), max_value=500)
    parts = [
        f"{len(result.kiosk_ms)} check-ins {GAP_S[0]}–{GAP_S[1]} s apart",
        f"p50 {percentile(result.kiosk_ms, 0.5):.0f} ms, max {max(result.kiosk_ms):.0f} ms",
        f"feed mode {result.mode or '?'}",
    ]
    if result.missed:
        parts.append(f"{result.missed} not shown within {SETTLE_S:.0f} s")
    if note:
        parts.append(note)
    return Figure(
        key,
        title,
        percentile(result.kiosk_ms, 0.95),
        percentile(result.raw_ms, 0.95),
        label,
        "ms",
        max_value=500,
        note="; ".join(parts),
    )


LIVE_SCHEMA = "kiosk_bench_live"
"""Where the PostgreSQL live figure keeps its data inside the database ``--db`` names."""


@contextmanager
def own_schema(db_url: str, schema: str = LIVE_SCHEMA) -> Iterator[str]:
    """A URL for ``db_url`` whose tables live in a fresh schema of their own, dropped after.

    The other hub figures then find the database as empty as it was given.
    """
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from kiosk.store.engine import make_engine

    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        url = make_url(db_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()


BENCH = ("The bench", "基准测试")
"""Who writes test data into a database given with ``--db`` (see :func:`open_empty_database`)."""


def open_empty_database(db_url: str, *, writer: tuple[str, str] = BENCH) -> Engine:
    """The database at ``db_url``, migrated, for test data (the caller disposes of it).

    Args:
        writer: what writes the data, in English and Chinese, for the refusal.

    Raises:
        InputError: the database already holds bookings; nothing was written to them.
    """
    from sqlalchemy import func, select

    from kiosk.core.errors import InputError
    from kiosk.store.engine import make_engine
    from kiosk.store.migrate import upgrade
    from kiosk.store.models import Reservation, table_of

    engine = make_engine(db_url)
    try:
        upgrade(engine)
        with engine.connect() as conn:
            existing = conn.execute(
                select(func.count()).select_from(table_of(Reservation))
            ).scalar_one()
    except BaseException:
        engine.dispose()
        raise
    if existing:
        engine.dispose()
        raise InputError(
            f"{writer[0]} writes test data: give it an empty database, "
            f"not one with {existing} reservations.",
            f"{writer[1]}会写入测试数据：请提供一个空数据库（此库已有 {existing} 条预约）。",
        )
    return engine


def import_into(db_url: str, reservations_csv: Path, roster_csv: Path) -> None:
    """Load a generated data set into an empty database (PostgreSQL for the bench).

    Raises:
        InputError: the database already holds bookings (the bench writes test data).
    """

    from kiosk.config import Settings
    from kiosk.core.clock import Clock
    from kiosk.services.env import ServiceEnv
    from kiosk.services.sync import sync_files

    settings = Settings(db_url=db_url)
    engine = open_empty_database(db_url)
    try:
        clock = Clock.fixed(datetime(2025, 4, 1, 9, 0, tzinfo=settings.zone))
        env = ServiceEnv(engine, settings, clock, "BENCH")
        sync_files(env, [roster_csv])
        sync_files(env, [reservations_csv])
    finally:
        engine.dispose()


# --- the raw watcher (a child process) -------------------------------------------------------


def _say(out: IO[str], **line: Any) -> None:
    out.write(json.dumps(line) + "\n")
    out.flush()


def raw_watch(db_url: str, out: IO[str] = sys.stdout) -> None:
    """Print when each change becomes visible, with nothing but the driver (until killed)."""
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        conn = sqlite3.connect(url.database or "", isolation_level=None)
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        _say(out, ready=True)
        while True:
            time.sleep(WATCH_S)
            now = conn.execute("PRAGMA data_version").fetchone()[0]
            if now != version:
                version = now
                token = conn.execute("SELECT coalesce(max(id), 0) FROM scan_event").fetchone()[0]
                _say(out, t=time.monotonic(), token=token)
    import psycopg

    from kiosk.store.changes import CHANNEL

    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as pg:
        pg.execute(f"LISTEN {CHANNEL}")
        _say(out, ready=True)
        while True:
            select.select([pg.fileno()], [], [], 1.0)
            for note in pg.notifies(timeout=0.01):
                _say(out, t=time.monotonic(), token=json.loads(note.payload)["e"])


def main(argv: Sequence[str]) -> int:
    if len(argv) != 2 or argv[0] != "raw-watch":
        raise SystemExit("usage: python -m kiosk.bench.live raw-watch DB_URL")
    raw_watch(argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
