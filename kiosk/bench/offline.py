"""Benchmarks of a kiosk of a hub that does not answer, and of the way back.

* Offline scan → decision: the kiosk's replica (a copy of the benchmark's database) decides
  and the outbox queues the decision (fsynced), against a raw baseline that does the same
  two writes with bare ``sqlite3``.
* A dead hub: the first scan after the hub went silent (a proxy that holds the connection
  and forwards nothing) waits for the budget once; the scans after it never try the hub.
* Heal → converged (needs a PostgreSQL server, ``kiosk bench --db postgresql://…``): four
  kiosk processes each queue 250 check-ins while cut off; from the moment the network heals
  until every kiosk has uploaded and every replica counts what the hub counts. Baseline: the
  same four processes deciding 1,000 other check-ins online.
"""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any, Protocol

from kiosk.bench import dataset
from kiosk.bench.figures import Figure, not_measured, percentile
from kiosk.bench.storage import pick_codes
from kiosk.bench.tcp_proxy import TcpProxy

BUDGET_MS = 1000
DEAD_HUB_NEXT_SCANS = 50
CONVERGE_KIOSKS = 4
CONVERGE_PER_KIOSK = 250
CONVERGE_SIZE = 4000
STEP_TIMEOUT_S = 600
Progress = Callable[[str], None]


class _Queue(Protocol):
    def put(self, item: Any) -> None: ...

    def get(self, block: bool = ..., timeout: float | None = ...) -> Any: ...


@dataclass(frozen=True)
class OfflineFigures:
    p50: Figure
    p99: Figure
    first_scan: Figure
    next_scans: Figure


def _dead_hub() -> TcpProxy:
    """A "server" that accepts connections and never answers (a silent network)."""
    proxy = TcpProxy("127.0.0.1", 9).start()
    proxy.cut("blackhole")
    return proxy


def bench_offline_checkin(
    db_path: Path, *, scans: int, single_kiosk_p99_ms: float | None, warmup: int = 20
) -> OfflineFigures:
    """Offline check-ins on a replica of ``db_path`` after the hub went silent."""
    from kiosk.config import Settings
    from kiosk.core.clock import Clock
    from kiosk.services.checkin import check_in
    from kiosk.services.env import ServiceEnv
    from kiosk.services.local_first import LocalFirstKiosk
    from kiosk.store import replica as replica_sql
    from kiosk.store.engine import make_engine

    settings = Settings(hub_timeout_ms=BUDGET_MS, hub_probe_s=3600)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-offline-") as tmp:
        folder = Path(tmp)
        kiosk_folder = folder / "kiosk"
        kiosk_folder.mkdir()
        shutil.copyfile(db_path, kiosk_folder / "replica.db")
        engine = replica_sql.open_engine(kiosk_folder / "replica.db")
        with engine.begin() as conn:
            replica_sql.write_state(
                conn,
                replica_sql.ReplicaState("bench-hub", "bench", 1, _now_text(), None),
            )
        engine.dispose()
        dead = _dead_hub()
        hub = make_engine(
            f"postgresql+psycopg://bench@127.0.0.1:{dead.port}/bench", hub_budget_s=BUDGET_MS / 1000
        )
        codes = pick_codes(db_path, 2 * (scans + warmup + DEAD_HUB_NEXT_SCANS + 1), seed=23)
        half = len(codes) // 2
        kiosk_codes, raw_codes = codes[:half], codes[half : 2 * half]
        clock = Clock.fixed(kiosk_codes[0][1])
        route = LocalFirstKiosk(
            hub, settings, "BENCH-OFFLINE", now=clock.now, folder=kiosk_folder, background=True
        )
        env = ServiceEnv(hub, settings, clock, "BENCH-OFFLINE", route=route)
        raw_replica = _raw_connect(folder / "raw-replica.db", db_path)
        raw_outbox = _raw_outbox(folder / "raw-outbox.db")
        try:
            code, starts = kiosk_codes[0]
            clock.set(starts - timedelta(minutes=10))
            began = time.perf_counter()
            first = check_in(env, code)
            first_s = time.perf_counter() - began
            if not first.offline or route.link.online:
                raise RuntimeError("the dead hub was not noticed")
            next_ms: list[float] = []
            kiosk_ms: list[float] = []
            raw_ms: list[float] = []
            refused = 0
            pairs = zip(kiosk_codes[1:], raw_codes[1:], strict=False)
            for index, ((code, starts), (raw_code, raw_starts)) in enumerate(pairs):
                clock.set(starts - timedelta(minutes=10))
                began = time.perf_counter()
                result = check_in(env, code)
                elapsed = (time.perf_counter() - began) * 1000
                refused += not result.admitted_ok or not result.offline
                began = time.perf_counter()
                _raw_offline_checkin(raw_replica, raw_outbox, raw_code, raw_starts, index)
                raw_elapsed = (time.perf_counter() - began) * 1000
                if index < DEAD_HUB_NEXT_SCANS:
                    next_ms.append(elapsed)
                elif index >= DEAD_HUB_NEXT_SCANS + warmup:
                    kiosk_ms.append(elapsed)
                    raw_ms.append(raw_elapsed)
            pending = route.outbox.counts().pending
        finally:
            raw_replica.close()
            raw_outbox.close()
            route.close()
            hub.dispose()
            dead.stop()
    if refused:
        raise RuntimeError(f"{refused} offline benchmark check-ins were refused or went online")
    label = "sqlite3: select + update + commit on a copy, then an insert + commit (FULL) elsewhere"
    note = (
        f"{len(kiosk_ms)} scans on the replica with the hub silent; {pending} decisions queued"
        " in the outbox (synchronous=FULL)"
    )
    return OfflineFigures(
        Figure("offline_checkin_p50", "offline scan → decision (replica + outbox), p50",
               percentile(kiosk_ms, 0.5), percentile(raw_ms, 0.5), label + " (p50)", "ms",
               max_ratio=10, note=note),
        Figure("offline_checkin_p99", "offline scan → decision (replica + outbox), p99",
               percentile(kiosk_ms, 0.99), percentile(raw_ms, 0.99), label + " (p99)", "ms",
               max_value=5, max_ratio=10, note=note),
        Figure("dead_hub_first_scan", "first scan after the hub went silent (waits the budget)",
               first_s, BUDGET_MS / 1000, "the budget (hub_timeout_ms)", "s", max_ratio=1.2,
               note="a proxy that holds the connection open and forwards nothing"),
        Figure("dead_hub_next_scans", f"the {len(next_ms)} scans after it, p99 (hub not tried)",
               percentile(next_ms, 0.99), single_kiosk_p99_ms, "scan → decision p99 of a single "
               "kiosk without a hub (checkin_p99)", "ms", max_value=5, max_ratio=3),
    )  # fmt: skip


def _now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _raw_connect(path: Path, source: Path) -> sqlite3.Connection:
    shutil.copyfile(source, path)
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"):
        conn.execute(pragma)
    return conn


def _raw_outbox(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"):
        conn.execute(pragma)
    conn.execute("CREATE TABLE event (seq INTEGER PRIMARY KEY, key TEXT, payload TEXT)")
    return conn


def _raw_offline_checkin(
    replica: sqlite3.Connection, outbox: sqlite3.Connection, code: str, starts: datetime, n: int
) -> None:
    at = (starts - timedelta(minutes=10)).replace(tzinfo=None).isoformat(sep=" ")
    replica.execute("BEGIN IMMEDIATE")
    rid = replica.execute("SELECT id FROM reservation WHERE code = ?", (code,)).fetchone()[0]
    replica.execute(
        "UPDATE visitor SET checked_in_at = ?, kiosk_id = 'RAW' WHERE reservation_id = ?"
        " AND checked_in_at IS NULL",
        (at, rid),
    )
    outbox.execute("BEGIN IMMEDIATE")
    outbox.execute("INSERT INTO event VALUES (?, ?, ?)", (n, f"RAW:{n}", code))
    outbox.execute("COMMIT")
    replica.execute("COMMIT")


# --- heal → converged (PostgreSQL) ------------------------------------------------------------


@dataclass(frozen=True)
class _ConvergePlan:
    hub_url: str
    proxy_urls: tuple[str, ...]
    folder: str
    offline_codes: tuple[tuple[tuple[str, datetime], ...], ...]
    online_codes: tuple[tuple[tuple[str, datetime], ...], ...]


def bench_converge(hub_url: str, *, progress: Progress | None = None) -> Figure:
    """Heal → converged for 1,000 check-ins queued by 4 kiosks (see the module doc)."""
    say = progress or (lambda _text: None)
    from sqlalchemy.engine import make_url

    title = (
        f"heal → converged, {CONVERGE_KIOSKS * CONVERGE_PER_KIOSK:,} check-ins queued by "
        f"{CONVERGE_KIOSKS} kiosks"
    )
    baseline_label = "the same 4 kiosk processes deciding 1,000 other check-ins online"
    server = make_url(hub_url)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-converge-") as tmp:
        folder = Path(tmp)
        say(f"seeding the hub with {CONVERGE_SIZE:,} reservations")
        codes = _seed_hub(hub_url, folder)
        need = 2 * CONVERGE_KIOSKS * CONVERGE_PER_KIOSK
        if len(codes) < need:
            return not_measured("converge_1000", title, baseline_label, "s",
                                f"only {len(codes)} codes to scan", max_value=5)  # fmt: skip
        proxies = [
            TcpProxy(server.host or "127.0.0.1", server.port or 5432).start()
            for _ in range(CONVERGE_KIOSKS)
        ]
        try:
            urls = tuple(
                server.set(host=p.host, port=p.port).render_as_string(hide_password=False)
                for p in proxies
            )
            per = CONVERGE_PER_KIOSK
            plan = _ConvergePlan(
                hub_url, urls, str(folder),
                tuple(tuple(codes[i * per:(i + 1) * per]) for i in range(CONVERGE_KIOSKS)),
                tuple(tuple(codes[(CONVERGE_KIOSKS + i) * per:(CONVERGE_KIOSKS + i + 1) * per])
                      for i in range(CONVERGE_KIOSKS)),
            )  # fmt: skip
            say("4 kiosks: online baseline, then cut off, queue, heal, converge")
            online_s, converged_s, detail = _run_converge(plan, proxies)
        finally:
            for proxy in proxies:
                proxy.stop()
    return Figure("converge_1000", title, converged_s, online_s, baseline_label, "s",
                  max_value=5, note=detail)  # fmt: skip


def _seed_hub(hub_url: str, folder: Path) -> list[tuple[str, datetime]]:
    from sqlalchemy import select
    from sqlmodel import col

    from kiosk.bench.live import open_empty_database
    from kiosk.config import Settings
    from kiosk.core.clock import Clock
    from kiosk.services.env import ServiceEnv
    from kiosk.services.sync import sync_files
    from kiosk.store.models import Reservation, TourSession

    engine = open_empty_database(hub_url)
    try:
        data = dataset.generate(folder / "export", CONVERGE_SIZE)
        settings = Settings(db_url=hub_url)
        start = data.session_starts[0].replace(tzinfo=settings.zone) - timedelta(days=30)
        env = ServiceEnv(engine, settings, Clock.fixed(start), "BENCH")
        sync_files(env, [data.roster_csv])
        sync_files(env, [data.reservations_csv])
        with engine.connect() as conn:
            rows = conn.execute(
                select(col(Reservation.code), col(TourSession.starts_at))
                .join(TourSession, col(TourSession.id) == col(Reservation.session_id))
                .where(col(Reservation.status) == "confirmed")
                .order_by(col(Reservation.code))
            ).all()
    finally:
        engine.dispose()
    return [(str(code), starts) for code, starts in rows]


def _run_converge(plan: _ConvergePlan, proxies: list[TcpProxy]) -> tuple[float, float, str]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(CONVERGE_KIOSKS + 1)
    results = context.Queue()
    processes = [
        context.Process(target=_converge_kiosk, args=(plan, i, barrier, results), daemon=True)
        for i in range(CONVERGE_KIOSKS)
    ]
    for process in processes:
        process.start()
    try:
        barrier.wait(timeout=STEP_TIMEOUT_S)  # replicas built
        online_began = time.time()
        barrier.wait(timeout=STEP_TIMEOUT_S)  # online baseline done
        online_s = time.time() - online_began
        for proxy in proxies:
            proxy.cut("close")
        barrier.wait(timeout=STEP_TIMEOUT_S)  # cut: start queueing
        barrier.wait(timeout=STEP_TIMEOUT_S)  # queued
        for proxy in proxies:
            proxy.heal()
        healed = time.time()
        barrier.wait(timeout=STEP_TIMEOUT_S)  # healed: converge
        reports = [results.get(timeout=STEP_TIMEOUT_S) for _ in processes]
    except threading.BrokenBarrierError:
        # A kiosk failed and broke the barrier: report its reason, not the barrier's.
        failed = [results.get(timeout=30) for _ in processes if not results.empty()]
        errors = [r["error"] for r in failed if r.get("error")]
        raise RuntimeError(errors[0] if errors else "a kiosk process stopped") from None
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
    errors = [r["error"] for r in reports if r.get("error")]
    if errors:
        raise RuntimeError(errors[0])
    converged = max(r["converged_at"] for r in reports) - healed
    uploaded = sum(r["uploaded"] for r in reports)
    conflicts = sum(r["conflicts"] for r in reports)
    detail = (
        f"{uploaded} uploads, {conflicts} conflicts; each kiosk follows until its replica "
        "counts what the hub counts"
    )
    return online_s, converged, detail


def _converge_kiosk(plan: _ConvergePlan, index: int, barrier: Barrier, results: _Queue) -> None:
    """One kiosk process of the convergence benchmark (spawned)."""
    report: dict[str, Any] = {"kiosk": index, "uploaded": 0, "conflicts": 0, "converged_at": 0.0}
    _quiet_logs()
    try:
        from kiosk.config import Settings
        from kiosk.core.clock import Clock
        from kiosk.services.checkin import check_in
        from kiosk.services.env import ServiceEnv
        from kiosk.services.local_first import LocalFirstKiosk
        from kiosk.store.engine import make_engine

        settings = Settings(hub_timeout_ms=BUDGET_MS, hub_probe_s=3600)
        kiosk_id = f"BENCH-{index + 1}"
        hub = make_engine(plan.proxy_urls[index], hub_budget_s=BUDGET_MS / 1000)
        clock = Clock.fixed(plan.offline_codes[index][0][1])
        # As the app: decisions never wait for a pull (the app follows in the background).
        route = LocalFirstKiosk(
            hub,
            settings,
            kiosk_id,
            now=clock.now,
            folder=Path(plan.folder) / kiosk_id,
            background=True,
        )
        env = ServiceEnv(hub, settings, clock, kiosk_id, route=route)
        route.sync()
        barrier.wait(timeout=STEP_TIMEOUT_S)
        for code, starts in plan.online_codes[index]:
            clock.set(starts - timedelta(minutes=10))
            check_in(env, code)
        route.pull()  # what the app's follower has done by the time the network fails
        barrier.wait(timeout=STEP_TIMEOUT_S)
        barrier.wait(timeout=STEP_TIMEOUT_S)
        for code, starts in plan.offline_codes[index]:
            clock.set(starts - timedelta(minutes=10))
            if not check_in(env, code).offline:
                raise RuntimeError("a queued check-in went online")
        barrier.wait(timeout=STEP_TIMEOUT_S)
        barrier.wait(timeout=STEP_TIMEOUT_S)
        expected = 2 * CONVERGE_KIOSKS * CONVERGE_PER_KIOSK
        deadline = time.time() + STEP_TIMEOUT_S
        drained, _ = route.sync()  # upload everything, then follow the hub
        report["uploaded"] += drained.uploaded
        report["conflicts"] += len(drained.conflicts)
        while time.time() < deadline:
            if route.outbox.counts().pending == 0 and _admissions(route) == (expected, expected):
                report["converged_at"] = time.time()
                break
            time.sleep(0.05)
            route.pull()
        else:
            raise RuntimeError("the kiosk did not converge")
        route.close()
        hub.dispose()
    except Exception as exc:
        report["error"] = f"kiosk {index + 1}: {type(exc).__name__}: {exc}"
        barrier.abort()
    results.put(report)


def _admissions(route: Any) -> tuple[int, int]:
    """Admitting scan events of the benchmark's kiosks: on this kiosk's replica and on the hub.

    The replica has no scan log of the others, so it counts reservations with someone in.
    """
    from sqlalchemy import text

    query = text(
        "SELECT COUNT(DISTINCT reservation_id) FROM visitor WHERE kiosk_id LIKE 'BENCH-%'"
        " AND checked_in_at IS NOT NULL"
    )
    with route.replica.engine.connect() as conn:
        mine = int(conn.execute(query).scalar_one())
    with route.link.engine.connect() as conn:
        theirs = int(conn.execute(query).scalar_one())
    return mine, theirs


def _quiet_logs() -> None:
    """A spawned process has no log file: the kiosk's notes must not reach the terminal."""
    logging.getLogger("kiosk").addHandler(logging.NullHandler())
