"""``kiosk bench --soak``: many kiosks and a dashboard on one database, then an audit.

Each simulated kiosk is its own process (``spawn``) with its own engine, as on the gate. Once a
second (jittered) it scans a code from a shared pool; part of every second's scans go to one
"hot" code that all kiosks pick alike, so two or more kiosks really do scan the same booking
at the same moment. A few scans are check-outs and staff undos, which let a party be admitted
again later and keep the races going for the whole run. A dashboard process polls
``change_token`` every half second and recounts heads when it changes.

On PostgreSQL the kiosks are kiosks of a hub, as in the app (a replica, an outbox, a
follower in the background), each behind its own TCP proxy, and the soak has a partition
phase: during the middle third every other kiosk is cut off (half of them by a silent
network, half by closed connections) and keeps scanning on its replica; healed, every
outbox drains before the audit.

The audit afterwards reads only the database: replaying the append-only scan log, no visitor
may be admitted twice without an undo in between, every admission a kiosk was told about must
be in the log with the same people, and the visitors' ``checked_in_at`` must match the replay.
Every check-in decided offline must have been uploaded (else it is *lost*), and every person
it showed green must have been admitted by it on the hub or be named in a conflict of its
upload (else it is an *unflagged double*).
"""

from __future__ import annotations

import logging
import multiprocessing
import random
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any, Protocol

from kiosk.bench import dataset
from kiosk.bench.figures import percentile
from kiosk.bench.tcp_proxy import TcpProxy
from kiosk.core.rules import Outcome

Progress = Callable[[str], None]

HOT_SHARE = 0.25
"""Share of each second's scans that go to the code every kiosk picks alike."""
CHECKOUT_SHARE = 0.06
UNDO_SHARE = 0.04
PARTIAL_SHARE = 0.10
"""Share of check-ins that admit one person only (``count=1``: partial for bigger parties)."""
BADGE_SHARE = 0.10
"""Share of scans that are a visitor's badge code instead of the booking code."""
JITTER_S = 0.2
DASHBOARD_POLL_S = 0.5
READY_TIMEOUT_S = 180
HUB_BUDGET_MS = 500
DRAIN_TIMEOUT_S = 120
MIN_SIZE = 800
"""The data set must reach the third and fourth sessions, whose windows are open."""
OPEN_SESSION_INDEX = 2
MINUTES_INTO_SESSION = 5
ADMITTING_ACTIONS = frozenset({"checkin", "override"})


class _Queue(Protocol):
    def put(self, item: Any) -> None: ...

    def get(self, block: bool = ..., timeout: float | None = ...) -> Any: ...


@dataclass(frozen=True)
class SoakPlan:
    """What every process of one soak needs; picklable, so it crosses ``spawn``."""

    db_url: str
    kiosks: int
    seconds: int
    site_start: datetime
    codes: tuple[str, ...]
    badge_codes: tuple[str, ...]
    seed: int = 20250425
    hot_share: float = HOT_SHARE
    proxy_urls: tuple[str, ...] = ()
    """One URL per kiosk through its own proxy: the kiosks are kiosks of a hub (partition)."""
    kiosk_folder: str = ""
    """Where kiosks of a hub keep their replicas and outboxes (one folder per kiosk)."""


@dataclass(frozen=True)
class Scan:
    """One scan as the kiosk saw it: what it did, the answer, and how long it took."""

    tick: int
    action: str
    code: str
    outcome: str
    event_id: int | None
    visitor_ids: tuple[int, ...]
    ms: float
    offline: bool = False
    upload_key: str | None = None


@dataclass
class KioskLog:
    """Everything one kiosk process saw."""

    kiosk_id: str
    scans: list[Scan] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class DashboardLog:
    """What the dashboard process measured while the kiosks scanned."""

    polls: int = 0
    token_ms: list[float] = field(default_factory=list)
    headcount_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Audit:
    """What the database says after the run."""

    events: int = 0
    admitting_events: int = 0
    admitted_visitors: int = 0
    doubled: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    phantom: list[str] = field(default_factory=list)
    unflagged_doubles: list[str] = field(default_factory=list)
    offline_scans: int = 0
    uploaded: int = 0
    conflicts: int = 0


@dataclass
class SoakReport:
    """Figures and verdicts of one soak."""

    backend: str
    kiosks: int
    seconds: int
    scans: int
    scans_per_second: float
    actions: dict[str, int]
    outcomes: dict[str, int]
    collisions: int
    audit: Audit
    errors: list[str]
    checkin_ms: dict[str, float]
    all_scans_ms: dict[str, float]
    headcount_ms: dict[str, float]
    token_ms: dict[str, float]
    dashboard_polls: int
    headcounts: int
    wall_seconds: float
    note: str = ""
    partition: dict[str, Any] = field(default_factory=dict)
    """The cut: which kiosks, how, from and until which second (empty without a hub)."""

    @property
    def passed(self) -> bool:
        """No doubled, lost, phantom or unflagged check-in and no error anywhere."""
        audit = self.audit
        return not (
            audit.doubled or audit.lost or audit.phantom or audit.unflagged_doubles or self.errors
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["passed"] = self.passed
        data["audit"] = {
            "events": self.audit.events,
            "admitting_events": self.audit.admitting_events,
            "admitted_visitors": self.audit.admitted_visitors,
            "doubled": len(self.audit.doubled),
            "lost": len(self.audit.lost),
            "phantom": len(self.audit.phantom),
            "unflagged_doubles": len(self.audit.unflagged_doubles),
            "offline_scans": self.audit.offline_scans,
            "uploaded": self.audit.uploaded,
            "conflicts": self.audit.conflicts,
            "examples": (
                self.audit.doubled
                + self.audit.lost
                + self.audit.phantom
                + self.audit.unflagged_doubles
            )[:10],
        }
        data["errors"] = len(self.errors)
        data["error_examples"] = self.errors[:10]
        return data


# --- the parent: seed, start, wait, audit ---------------------------------------------------


def run_soak(
    *,
    kiosks: int,
    seconds: int,
    db_url: str | None = None,
    size: int = 2000,
    hot_share: float = HOT_SHARE,
    progress: Progress | None = None,
    partition: bool = True,
) -> SoakReport:
    """Seed a database, run ``kiosks`` kiosks and a dashboard for ``seconds``, audit it.

    Args:
        kiosks: number of kiosk processes.
        seconds: how long each kiosk scans (one scan a second).
        db_url: an empty database (PostgreSQL expected); None makes a temporary SQLite file.
        size: reservations in the generated data set (at least ``MIN_SIZE``).
        hot_share: share of each second's scans that go to the code all kiosks pick alike.
        progress: called with a short line before each phase.
        partition: on PostgreSQL, run the kiosks as kiosks of a hub behind proxies and cut
            every other one off during the middle third (see the module doc).

    Raises:
        InputError: the database already holds reservations (the soak writes test data).
    """
    say = progress or (lambda _text: None)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kiosk-soak-") as tmp:
        folder = Path(tmp)
        note = ""
        if db_url is None:
            db_url = f"sqlite:///{folder / 'soak.db'}"
            note = (
                "No --db given: a temporary SQLite file was used; pass a PostgreSQL URL "
                "for the multi-kiosk figures."
            )
        say(f"seeding {size:,} reservations")
        plan = replace(
            seed(db_url, folder, kiosks=kiosks, seconds=seconds, size=size), hot_share=hot_share
        )
        hub = partition and db_url.startswith("postgresql") and kiosks >= 2
        proxies = _proxies(db_url, kiosks) if hub else []
        try:
            if proxies:
                plan = replace(
                    plan,
                    proxy_urls=tuple(_through(p, db_url) for p in proxies),
                    kiosk_folder=str(folder / "kiosks"),
                )
            cut = _partition_plan(kiosks, seconds) if proxies else {}
            say(f"{kiosks} kiosks and a dashboard for {seconds} s on {_backend(db_url)}"
                + (f"; kiosks {', '.join(cut['kiosks'])} cut off from second {cut['from']} to "
                   f"{cut['until']}" if cut else ""))  # fmt: skip
            logs, dashboard = _run_processes(plan, proxies, cut)
        finally:
            for proxy in proxies:
                proxy.stop()
        say("auditing the scan log")
        audit = audit_database(db_url, logs)
    report = _report(plan, logs, dashboard, audit, time.perf_counter() - started, note)
    report.partition = cut
    return report


def _proxies(db_url: str, count: int) -> list[TcpProxy]:
    from sqlalchemy.engine import make_url

    server = make_url(db_url)
    return [TcpProxy(server.host or "127.0.0.1", server.port or 5432).start() for _ in range(count)]


def _through(proxy: TcpProxy, db_url: str) -> str:
    from sqlalchemy.engine import make_url

    return (
        make_url(db_url).set(host=proxy.host, port=proxy.port).render_as_string(hide_password=False)
    )


def _partition_plan(kiosks: int, seconds: int) -> dict[str, Any]:
    """Every other kiosk is cut off for the middle third: half silently, half loudly."""
    cut = [index for index in range(kiosks) if index % 2 == 1]
    return {
        "kiosks": [_kiosk_id(index) for index in cut],
        "modes": {_kiosk_id(i): "blackhole" if n % 2 == 0 else "close" for n, i in enumerate(cut)},
        "indexes": cut,
        "from": seconds // 3,
        "until": 2 * seconds // 3,
    }


def _kiosk_id(index: int) -> str:
    return f"SOAK-{index + 1:02d}"


def seed(db_url: str, folder: Path, *, kiosks: int, seconds: int, size: int) -> SoakPlan:
    """Import a generated data set into an empty database and pick the codes to scan."""
    from sqlalchemy import select
    from sqlmodel import col

    from kiosk.config import Settings
    from kiosk.core.clock import Clock
    from kiosk.services.env import ServiceEnv
    from kiosk.services.sync import sync_files
    from kiosk.store.models import Reservation, TourSession, Visitor

    size = max(size, MIN_SIZE)
    settings = Settings(db_url=db_url)
    from kiosk.bench.live import open_empty_database

    engine = open_empty_database(db_url, writer=("The soak", "压力测试"))
    try:
        data = dataset.generate(folder / "export", size)
        zone = settings.zone
        site_start = data.session_starts[OPEN_SESSION_INDEX].replace(tzinfo=zone) + timedelta(
            minutes=MINUTES_INTO_SESSION
        )
        env = ServiceEnv(engine, settings, Clock.fixed(site_start - timedelta(days=30)), "SOAK")
        sync_files(env, [data.roster_csv])
        sync_files(env, [data.reservations_csv])
        window_start = site_start - timedelta(minutes=settings.grace_after_min)
        window_end = site_start + timedelta(minutes=settings.window_opens_min)
        with engine.connect() as conn:
            open_sessions = (
                select(col(TourSession.id))
                .where(col(TourSession.starts_at) >= window_start)
                .where(col(TourSession.starts_at) <= window_end)
            )
            code_list = tuple(
                conn.execute(
                    select(col(Reservation.code))
                    .where(col(Reservation.session_id).in_(open_sessions))
                    .order_by(col(Reservation.code))
                ).scalars()
            )
            badges = tuple(
                conn.execute(
                    select(col(Visitor.badge_code))
                    .where(col(Visitor.session_id).in_(open_sessions))
                    .order_by(col(Visitor.badge_code))
                ).scalars()
            )
    finally:
        engine.dispose()
    return SoakPlan(db_url, kiosks, seconds, site_start, code_list, badges)


def _run_processes(
    plan: SoakPlan, proxies: Sequence[TcpProxy] = (), cut: dict[str, Any] | None = None
) -> tuple[list[KioskLog], DashboardLog]:
    """Start every process, release them together, and collect what each one saw."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(plan.kiosks + 2)
    results = context.Queue()
    processes = [
        context.Process(target=kiosk_main, args=(plan, index, barrier, results), daemon=True)
        for index in range(plan.kiosks)
    ]
    processes.append(
        context.Process(target=dashboard_main, args=(plan, barrier, results), daemon=True)
    )
    for process in processes:
        process.start()
    logs: list[KioskLog] = []
    dashboard = DashboardLog()
    try:
        barrier.wait(timeout=READY_TIMEOUT_S)
        if cut:
            _schedule_partition(proxies, cut, time.time())
        deadline = time.monotonic() + plan.seconds + READY_TIMEOUT_S
        for _ in processes:
            item = results.get(timeout=max(1.0, deadline - time.monotonic()))
            if isinstance(item, DashboardLog):
                dashboard = item
            else:
                logs.append(item)
    except Exception as exc:  # a process died or hung: report it, never hang the command
        dashboard.errors.append(f"soak did not finish: {type(exc).__name__}: {exc}")
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
    logs.sort(key=lambda log: log.kiosk_id)
    return logs, dashboard


def _schedule_partition(proxies: Sequence[TcpProxy], cut: dict[str, Any], began: float) -> None:
    """Cut the chosen kiosks' proxies at ``from`` seconds and heal them at ``until``."""

    def run() -> None:
        _sleep_until(began + cut["from"])
        for index in cut["indexes"]:
            proxies[index].cut(cut["modes"][_kiosk_id(index)])
        _sleep_until(began + cut["until"])
        for index in cut["indexes"]:
            proxies[index].heal()

    threading.Thread(target=run, name="soak-partition", daemon=True).start()


# --- the children ----------------------------------------------------------------------------


def kiosk_main(plan: SoakPlan, index: int, barrier: Barrier, results: _Queue) -> None:
    """One kiosk: its own engine and clock, one scan a second, every answer recorded."""
    log = KioskLog(_kiosk_id(index))
    _quiet_logs()
    route: Any = None
    try:
        from kiosk.config import Settings
        from kiosk.core.clock import Clock
        from kiosk.services.checkin import check_in, check_out, undo_check_in
        from kiosk.services.env import ServiceEnv
        from kiosk.services.local_first import LocalFirstKiosk, OfflineRefusal
        from kiosk.store.engine import make_engine

        settings = Settings(
            db_url=plan.db_url,
            kiosk_id=log.kiosk_id,
            hub_timeout_ms=HUB_BUDGET_MS,
            hub_probe_s=1,
            hub_follow_ms=1000,
        )
        clock = Clock(settings.zone, plan.site_start)
        if plan.proxy_urls:
            engine = make_engine(plan.proxy_urls[index], hub_budget_s=HUB_BUDGET_MS / 1000)
            route = LocalFirstKiosk(
                engine,
                settings,
                log.kiosk_id,
                now=clock.now,
                folder=Path(plan.kiosk_folder) / log.kiosk_id,
                background=True,
            )
            route.sync()  # the replica, before the start
            route.start()
        else:
            engine = make_engine(plan.db_url)
            engine.connect().close()  # connect before the start, not inside the first scan
    except Exception:
        log.errors.append(traceback.format_exc(limit=3))
        barrier.abort()
        results.put(log)
        return
    try:
        barrier.wait(timeout=READY_TIMEOUT_S)
        began = time.time()
        clock.set(plan.site_start)
        env = ServiceEnv(engine, settings, clock, log.kiosk_id, operator="soak", route=route)
        rng = random.Random(plan.seed * 1000 + index)
        for tick in range(plan.seconds):
            _sleep_until(began + tick + rng.uniform(0, JITTER_S))
            action, code, count = _choose(plan, tick, rng)
            started = time.perf_counter()
            try:
                if action == "checkout":
                    result = check_out(env, code)
                elif action == "undo":
                    result = undo_check_in(env, code, reason="soak")
                else:
                    result = check_in(env, code, count=count)
            except OfflineRefusal:
                # Undo needs the hub: refused with a sentence while cut off, nothing written.
                elapsed = (time.perf_counter() - started) * 1000
                log.scans.append(Scan(tick, action, code, "refused_offline", None, (), elapsed))
                continue
            except Exception as exc:
                log.errors.append(f"{log.kiosk_id} {action} {code}: {type(exc).__name__}: {exc}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            admitted = tuple(v.id for v in result.visitors) if result.admitted_ok else ()
            log.scans.append(
                Scan(
                    tick,
                    action,
                    code,
                    result.outcome,
                    result.event_id,
                    admitted,
                    elapsed,
                    result.offline,
                    result.upload_key,
                )
            )
        if route is not None:
            _drain_everything(route, log)
    except Exception:
        log.errors.append(traceback.format_exc(limit=3))
    finally:
        if route is not None:
            route.close()
        engine.dispose()
        results.put(log)


def _drain_everything(route: Any, log: KioskLog) -> None:
    """After the run: upload until nothing waits (the network has healed by now)."""
    route.stop()
    deadline = time.monotonic() + DRAIN_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            route.sync()
        except Exception as exc:  # noted below if it never drains
            last = f"{type(exc).__name__}: {exc}"
        else:
            last = ""
        status = route.status()
        if status.pending == 0:
            return
        time.sleep(0.5)
    log.errors.append(f"{log.kiosk_id}: outbox not drained ({route.status().pending} left) {last}")


def dashboard_main(plan: SoakPlan, barrier: Barrier, results: _Queue) -> None:
    """The supervisor's console: poll the change token, recount heads when it moves."""
    log = DashboardLog()
    try:
        from kiosk.config import Settings
        from kiosk.core.clock import Clock
        from kiosk.services.headcount import change_token, headcount
        from kiosk.store.engine import make_engine

        settings = Settings(db_url=plan.db_url)
        engine = make_engine(plan.db_url)
        engine.connect().close()
    except Exception:
        log.errors.append(traceback.format_exc(limit=3))
        barrier.abort()
        results.put(log)
        return
    try:
        barrier.wait(timeout=READY_TIMEOUT_S)
        began = time.time()
        clock = Clock(settings.zone, plan.site_start)
        grace = timedelta(minutes=settings.grace_after_min)
        last_token = -1
        poll = 0
        # One poll past the kiosks' last second, so the final scans are counted too.
        while poll * DASHBOARD_POLL_S <= plan.seconds + 1:
            _sleep_until(began + poll * DASHBOARD_POLL_S)
            poll += 1
            try:
                started = time.perf_counter()
                token = change_token(engine)
                log.token_ms.append((time.perf_counter() - started) * 1000)
                if token != last_token:
                    started = time.perf_counter()
                    headcount(engine, now=clock.now(), zone=settings.zone, grace_after=grace)
                    log.headcount_ms.append((time.perf_counter() - started) * 1000)
                    last_token = token
            except Exception as exc:
                log.errors.append(f"dashboard: {type(exc).__name__}: {exc}")
        log.polls = poll
    except Exception:
        log.errors.append(traceback.format_exc(limit=3))
    finally:
        engine.dispose()
        results.put(log)


def _choose(plan: SoakPlan, tick: int, rng: random.Random) -> tuple[str, str, int | None]:
    """This second's action and code: a share goes to the code every kiosk picks alike."""
    if rng.random() < plan.hot_share:
        code = random.Random(plan.seed * 7919 + tick).choice(plan.codes)
    elif plan.badge_codes and rng.random() < BADGE_SHARE:
        code = rng.choice(plan.badge_codes)
    else:
        code = rng.choice(plan.codes)
    roll = rng.random()
    if roll < CHECKOUT_SHARE:
        return "checkout", code, None
    if roll < CHECKOUT_SHARE + UNDO_SHARE:
        return "undo", code, None
    return "checkin", code, 1 if rng.random() < PARTIAL_SHARE else None


def _sleep_until(instant: float) -> None:
    delay = instant - time.time()
    if delay > 0:
        time.sleep(delay)


# --- the audit ------------------------------------------------------------------------------


def audit_database(db_url: str, logs: Sequence[KioskLog]) -> Audit:
    """Replay the scan log and compare it with the visitors and with what kiosks were told."""
    from sqlalchemy import select
    from sqlmodel import col

    from kiosk.store.engine import make_engine
    from kiosk.store.models import ScanEvent, Visitor

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            events = conn.execute(
                select(
                    col(ScanEvent.id),
                    col(ScanEvent.action),
                    col(ScanEvent.outcome),
                    col(ScanEvent.visitor_ids),
                ).order_by(col(ScanEvent.id))
            ).all()
            checked_in = {
                int(visitor or 0)
                for visitor in conn.execute(
                    select(col(Visitor.id)).where(col(Visitor.checked_in_at).isnot(None))
                ).scalars()
            }
    finally:
        engine.dispose()
    audit = Audit(events=len(events))
    admitted_by: dict[int, int] = {}  # visitor id -> event that admitted them
    logged: dict[int, tuple[str, tuple[int, ...]]] = {}
    for row_id, action, outcome, visitor_ids in events:
        event_id = int(row_id or 0)
        ids = tuple(int(part) for part in visitor_ids.split(",") if part)
        logged[event_id] = (outcome, ids)
        if action in ADMITTING_ACTIONS and Outcome.admits_text(outcome):
            audit.admitting_events += 1
            for visitor in ids:
                if visitor in admitted_by:
                    audit.doubled.append(
                        f"visitor {visitor} admitted by event {admitted_by[visitor]} "
                        f"and again by event {event_id}"
                    )
                admitted_by[visitor] = event_id
        elif action == "undo" and outcome == "undone":
            for visitor in ids:
                admitted_by.pop(visitor, None)
    audit.admitted_visitors = len(admitted_by)
    for visitor in sorted(set(admitted_by) - checked_in):
        audit.lost.append(f"visitor {visitor} admitted by event {admitted_by[visitor]} is not in")
    for visitor in sorted(checked_in - set(admitted_by)):
        audit.phantom.append(f"visitor {visitor} is in without an admitting event")
    told = 0
    _audit_offline(db_url, logs, audit)
    for log in logs:
        for scan in log.scans:
            if scan.offline:
                if Outcome.admits_text(scan.outcome):
                    told += 1
                continue
            if scan.outcome == "refused_offline":
                continue
            if scan.event_id is None:
                audit.lost.append(f"{log.kiosk_id} got {scan.outcome} without a logged event")
                continue
            if Outcome.admits_text(scan.outcome):
                told += 1
            if logged.get(scan.event_id) != (scan.outcome, scan.visitor_ids) and scan.action in (
                ADMITTING_ACTIONS
            ):
                audit.lost.append(
                    f"{log.kiosk_id} was told {scan.outcome} {scan.visitor_ids} (event "
                    f"{scan.event_id}), the log says {logged.get(scan.event_id)}"
                )
    if logs and told != audit.admitting_events:
        audit.phantom.append(
            f"kiosks were told of {told} admissions, the log holds {audit.admitting_events}"
        )
    return audit


def _audit_offline(db_url: str, logs: Sequence[KioskLog], audit: Audit) -> None:
    """Every offline decision uploaded; every person it showed green applied or in conflict."""
    offline = [(log.kiosk_id, scan) for log in logs for scan in log.scans if scan.offline]
    audit.offline_scans = len(offline)
    if not offline:
        return
    from sqlalchemy import select

    from kiosk.store.engine import make_engine
    from kiosk.store.hub_models import AppliedEvent, Conflict
    from kiosk.store.models import ScanEvent, table_of

    applied_t, conflict_t, event_t = table_of(AppliedEvent), table_of(Conflict), table_of(ScanEvent)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            applied = {
                str(key): (str(state), event)
                for key, state, event in conn.execute(
                    select(applied_t.c.key, applied_t.c.state, applied_t.c.scan_event_id)
                )
            }
            applied_visitors = {
                int(event_id): {int(v) for v in visitors.split(",") if v}
                for event_id, visitors in conn.execute(
                    select(event_t.c.id, event_t.c.visitor_ids).where(
                        event_t.c.id.in_([e for _, e in applied.values() if e is not None])
                    )
                )
            }
            flagged: dict[str, set[int]] = {}
            for key, visitor in conn.execute(
                select(conflict_t.c.event_key, conflict_t.c.visitor_id)
            ):
                flagged.setdefault(str(key), set()).add(int(visitor) if visitor else 0)
            audit.conflicts = sum(len(v) for v in flagged.values())
    finally:
        engine.dispose()
    for kiosk_id, scan in offline:
        found = applied.get(scan.upload_key or "")
        if found is None:
            audit.lost.append(f"{kiosk_id} decided {scan.code} offline; never uploaded")
            continue
        audit.uploaded += 1
        state, event_id = found
        if state == "held":
            audit.lost.append(f"{kiosk_id} {scan.code} ({scan.upload_key}) is held on the hub")
            continue
        done = applied_visitors.get(event_id or 0, set())
        for visitor in scan.visitor_ids:
            if visitor not in done and visitor not in flagged.get(scan.upload_key or "", set()):
                audit.unflagged_doubles.append(
                    f"{kiosk_id} showed visitor {visitor} green offline ({scan.upload_key}); "
                    "the hub neither admitted them by it nor recorded a conflict"
                )


# --- the report -----------------------------------------------------------------------------


def _report(
    plan: SoakPlan,
    logs: Sequence[KioskLog],
    dashboard: DashboardLog,
    audit: Audit,
    wall_seconds: float,
    note: str,
) -> SoakReport:
    scans = [scan for log in logs for scan in log.scans]
    by_tick_code: Counter[tuple[int, str]] = Counter((s.tick, s.code) for s in scans)
    errors = [error for log in logs for error in log.errors] + dashboard.errors
    if len(logs) != plan.kiosks:
        errors.append(f"{plan.kiosks - len(logs)} kiosk process(es) never reported")
    return SoakReport(
        backend=_backend(plan.db_url),
        kiosks=plan.kiosks,
        seconds=plan.seconds,
        scans=len(scans),
        scans_per_second=round(len(scans) / plan.seconds, 1) if plan.seconds else 0.0,
        actions=dict(Counter(s.action for s in scans)),
        outcomes=dict(Counter(s.outcome for s in scans).most_common()),
        collisions=sum(1 for n in by_tick_code.values() if n > 1),
        audit=audit,
        errors=errors,
        checkin_ms=_spread([s.ms for s in scans if s.action == "checkin"]),
        all_scans_ms=_spread([s.ms for s in scans]),
        headcount_ms=_spread(dashboard.headcount_ms),
        token_ms=_spread(dashboard.token_ms),
        dashboard_polls=dashboard.polls,
        headcounts=len(dashboard.headcount_ms),
        wall_seconds=round(wall_seconds, 1),
        note=note,
    )


def _spread(samples: Sequence[float]) -> dict[str, float]:
    if not samples:
        return {}
    return {
        "n": len(samples),
        "p50": round(percentile(samples, 0.5), 2),
        "p99": round(percentile(samples, 0.99), 2),
        "max": round(max(samples), 2),
    }


def _backend(db_url: str) -> str:
    return "PostgreSQL" if db_url.startswith("postgresql") else "SQLite"


def _quiet_logs() -> None:
    """A spawned process has no log file: the kiosk's notes must not reach the terminal."""
    logging.getLogger("kiosk").addHandler(logging.NullHandler())
