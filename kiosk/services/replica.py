"""A kiosk's replica of its hub: built once, then followed by a cursor (kiosk.store.changefeed).

The replica is never trusted blindly. A file that cannot be read, belongs to another hub
(the hub's identity differs) or is ahead of the hub's history (a restored server) is set
aside and rebuilt from the hub; a rebuild is written to a new file and swapped in whole, so
the kiosk keeps deciding on the old copy meanwhile. After every pull the kiosk's own decisions
that the hub does not have yet are laid over the pulled rows (kiosk.services.outbox_events).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.engine import Engine

from kiosk.core.errors import DatabaseError
from kiosk.store import changefeed
from kiosk.store import replica as replica_sql
from kiosk.store.db import write_connection
from kiosk.store.hub_link import HubLink, HubUnavailable
from kiosk.store.migrate import schema_state, upgrade
from kiosk.store.replica import ReplicaState

log = logging.getLogger(__name__)

PULL_BUDGET_S = 30.0
"""A pull streams what changed; a big sync on the hub may take this long to follow."""
REBUILD_BUDGET_S = 300.0

Overlay = Callable[[Connection], object]
"""Lays the kiosk's not yet uploaded decisions over the replica (in the pull's transaction)."""


@dataclass(frozen=True)
class PullReport:
    """What one pull did."""

    rows: int
    deleted: int
    rebuilt: bool
    reason: str = ""
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return self.rebuilt or self.rows > 0 or self.deleted > 0


class Replica:
    """The replica file of one kiosk and its engine (safe to share between threads)."""

    def __init__(self, folder: Path, hub_label: str) -> None:
        self.folder = folder
        self.path = folder / "replica.db"
        self.hub_label = hub_label
        self._engine: Engine | None = None
        self._lock = threading.RLock()
        self._broken: str | None = None

    # -- opening ----------------------------------------------------------------------------

    def open(self, *, thorough: bool = False) -> str | None:
        """Open the file if it can serve; returns why not (it must be rebuilt) or None.

        Args:
            thorough: also read the whole file (SQLite ``quick_check``).
        """
        with self._lock:
            problem = replica_sql.problem(self.path)
            if problem is None and thorough:
                problem = replica_sql.deep_problem(self.path)
            if problem is None:
                engine = replica_sql.open_engine(self.path)
                try:
                    state = schema_state(engine)
                except Exception as exc:
                    state = f"unreadable ({exc})"
                if state != "current":
                    engine.dispose()
                    problem = f"schema {state}"
                else:
                    self._swap_engine(engine)
            self._broken = problem
            if problem is not None and problem != "missing":
                log.warning(
                    "replica %s cannot be used (%s); it will be rebuilt", self.path, problem
                )
            return problem

    @property
    def ready(self) -> bool:
        """Whether there is a trusted replica to decide on."""
        return self._engine is not None and self._broken is None

    @property
    def engine(self) -> Engine:
        if self._engine is None or self._broken is not None:
            raise DatabaseError(
                "This kiosk has no usable copy of the shared database yet; connect it to the "
                "server once so it can make one.",
                "本终端尚无可用的共享数据库副本；请先连接一次服务器以建立副本。",
            )
        return self._engine

    def state(self) -> ReplicaState | None:
        if not self.ready:
            return None
        with self.engine.connect() as conn:
            return replica_sql.read_state(conn)

    def mark_broken(self, reason: str) -> None:
        """Stop trusting the file (a read found it damaged); the next pull rebuilds it."""
        with self._lock:
            self._broken = reason
        log.warning("replica %s marked for rebuild: %s", self.path, reason)

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    @contextmanager
    def using(self) -> Iterator[Engine]:
        """Hold the replica for one decision (a rebuild waits until it is done)."""
        with self._lock:
            yield self.engine

    # -- following the hub -----------------------------------------------------------------

    def pull(self, link: HubLink, overlay: Overlay) -> PullReport:
        """Bring the replica up to the hub (rebuilding it when needed); runs under the link.

        Raises:
            HubUnavailable: the hub did not answer (the replica is unchanged).
        """
        began = time.perf_counter()
        state = self.state()
        if state is None:
            reason = self._broken or "missing"
            return self.rebuild(link, overlay, reason=reason, began=began)
        counts = changefeed.ChangeCounts()
        verdict: list[str] = []

        def follow() -> None:
            with link.engine.connect() as hub, hub.begin():
                cursor = changefeed.begin_snapshot(hub)
                hub_id = changefeed.hub_id(hub)
                if hub_id != state.hub_id:
                    verdict.append(f"belongs to another hub ({state.hub_id}, hub is {hub_id})")
                    return
                if cursor < state.cursor:
                    verdict.append(f"ahead of the hub's history ({state.cursor} > {cursor})")
                    return
                with self._lock, write_connection(self.engine) as local:
                    replica_sql.defer_foreign_keys(local)
                    removed = changefeed.deletions(hub, state.cursor)
                    for table_name, keys in removed.items():
                        counts.deleted += changefeed.delete_rows(local, table_name, keys)
                    mine = replica_sql.local_codes(local)
                    for table in changefeed.REPLICATED:
                        for chunk in changefeed.changed_rows(hub, table, state.cursor):
                            if table.name == "reservation" and mine:
                                replica_sql.drop_local_bookings(
                                    local, [row[1] for row in chunk if row[1] in mine]
                                )
                            changefeed.upsert_rows(local, table, chunk)
                            counts.rows[table.name] = counts.rows.get(table.name, 0) + len(chunk)
                    if counts.total:
                        overlay(local)
                    if counts.total or cursor != state.cursor:
                        replica_sql.set_cursor(local, cursor, _stamp())

        try:
            link.call(follow, budget_s=max(link.budget_s, PULL_BUDGET_S))
        except HubUnavailable:
            raise
        except Exception as exc:  # the replica could not take the changes: start afresh
            log.warning("pull failed, rebuilding the replica", exc_info=True)
            verdict.append(f"cannot apply the hub's changes ({type(exc).__name__}: {exc})")
        if verdict:
            return self.rebuild(link, overlay, reason=verdict[0], began=began)
        return PullReport(
            sum(counts.rows.values()), counts.deleted, False, seconds=time.perf_counter() - began
        )

    def rebuild(
        self, link: HubLink, overlay: Overlay, *, reason: str, began: float | None = None
    ) -> PullReport:
        """Copy the hub whole into a new file and swap it in (the old one is set aside)."""
        began = time.perf_counter() if began is None else began
        log.info("building the replica of %s in %s (%s)", self.hub_label, self.path, reason)
        self.folder.mkdir(parents=True, exist_ok=True)
        fresh = self.folder / "replica.db.new"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{fresh}{suffix}").unlink(missing_ok=True)
        engine = replica_sql.open_engine(fresh)
        rows = 0
        try:
            upgrade(engine)

            def copy() -> int:
                copied = 0
                with link.engine.connect() as hub, hub.begin():
                    cursor = changefeed.begin_snapshot(hub)
                    hub_id = changefeed.hub_id(hub)
                    if hub_id is None:
                        raise DatabaseError(
                            "The shared server's database has no hub identity; run "
                            "`kiosk db upgrade` against it.",
                            "共享服务器的数据库缺少标识，请对其运行 `kiosk db upgrade`。",
                        )
                    with write_connection(engine) as local:
                        replica_sql.defer_foreign_keys(local)
                        for table in changefeed.REPLICATED:
                            for chunk in changefeed.changed_rows(hub, table, None):
                                changefeed.insert_rows(local, table, chunk)
                                copied += len(chunk)
                        replica_sql.write_state(
                            local,
                            ReplicaState(hub_id, self.hub_label, cursor, _stamp(), _stamp()),
                        )
                        overlay(local)
                return copied

            rows = link.call(copy, budget_s=max(link.budget_s, REBUILD_BUDGET_S))
        finally:
            engine.dispose()
        with self._lock:
            self.close()
            if self._broken not in (None, "missing"):
                replica_sql.set_aside(self.path, "untrusted")
            replica_sql.put_in_place(fresh, self.path)
            self._swap_engine(replica_sql.open_engine(self.path))
            self._broken = None
        return PullReport(rows, 0, True, reason, time.perf_counter() - began)

    def _swap_engine(self, engine: Engine) -> None:
        if self._engine is not None:
            with contextlib.suppress(Exception):
                self._engine.dispose()
        self._engine = engine


def _stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
