"""A kiosk's link to its hub: every hub call runs under the kiosk's own deadline.

A network cut can be loud (connection refused, reset) or silent: a router or proxy that
keeps the socket open and forwards nothing. Neither libpq's connect timeout nor a server-side
statement timeout notices the silent kind, so each call runs on a worker thread while the
caller waits at most the budget. When the budget runs out the link is declared down and the
socket of every hub connection is shut down under the stuck worker: it fails at once, the
pool forgets the connections, and the server ends the orphaned transaction itself
(``idle_in_transaction_session_timeout``, see kiosk.store.engine.hub_connect_args).

The link also remembers being down. Only the first call after a failure waits for the
budget; until the next probe is due (``probe_s``) the kiosk does not try the hub at all.
A command-line kiosk is a new process for every command, so the link keeps that memory in a
small marker file in the kiosk's data folder.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from kiosk.core.errors import DatabaseError

log = logging.getLogger(__name__)
T = TypeVar("T")

WORKERS = 4


class HubUnavailable(DatabaseError):
    """The hub did not answer within the budget, or the connection to it failed."""


@dataclass(frozen=True)
class LinkState:
    """Whether the hub answers, and since when it has not (site time)."""

    online: bool
    offline_since: datetime | None = None
    reason: str = ""
    """The last failure, for staff and the log (never for visitors)."""


def is_link_failure(exc: BaseException) -> bool:
    """True for faults that mean "the hub cannot be reached", not "the request was wrong"."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, HubUnavailable | PoolTimeout | TimeoutError):
            return True
        if isinstance(current, DBAPIError):
            # A replica's own SQLite fault (busy, disk full) is no reason to call the hub down.
            from_psycopg = type(current.orig).__module__.startswith("psycopg")
            return bool(
                current.connection_invalidated
                or (from_psycopg and isinstance(current, OperationalError))
            )
        if type(current).__module__.startswith("psycopg") and type(current).__name__ in (
            "OperationalError",
            "InterfaceError",
        ):
            return True
        if isinstance(current, ConnectionError):
            return True
        current = current.__cause__ or current.__context__
    return False


class HubLink:
    """Calls into the hub with a deadline, and the memory of the hub being down.

    Args:
        engine: the hub's engine (``make_engine(url, hub_budget_s=…)``).
        budget_s: how long one call may take before the hub counts as down.
        probe_s: while down, how long to wait before trying the hub again.
        marker: a file that keeps "down since" across processes (None: memory only).
        now: the kiosk's clock, for "offline since" shown to staff.
        background_probe: a background task probes the hub, so callers never do
            (:meth:`due` stays false while down).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        budget_s: float,
        probe_s: float,
        now: Callable[[], datetime],
        marker: Path | None = None,
        background_probe: bool = False,
    ) -> None:
        self.engine = engine
        self.budget_s = budget_s
        self.probe_s = probe_s
        self.background_probe = background_probe
        self._now = now
        self._marker = marker
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="hub")
        self._connections: weakref.WeakSet[Any] = weakref.WeakSet()
        self._state = LinkState(online=True)
        self._last_failure = 0.0
        self._listeners: list[Callable[[LinkState], None]] = []
        event.listen(engine, "connect", self._remember_connection)
        self._read_marker()

    # -- state -------------------------------------------------------------------------

    @property
    def state(self) -> LinkState:
        return self._state

    @property
    def online(self) -> bool:
        return self._state.online

    def due(self) -> bool:
        """Whether a caller should try the hub now (always while it answers)."""
        if self._state.online:
            return True
        if self.background_probe:
            return False
        return time.time() - self._last_failure >= self.probe_s

    def on_change(self, listener: Callable[[LinkState], None]) -> None:
        """Call ``listener(state)`` whenever the link goes down or comes back."""
        self._listeners.append(listener)

    def mark_online(self) -> None:
        with self._lock:
            changed = not self._state.online
            self._state = LinkState(online=True)
            if self._marker is not None:
                with contextlib.suppress(FileNotFoundError):
                    self._marker.unlink()
        if changed:
            log.info("hub answers again")
            self._notify()

    def mark_offline(self, reason: str) -> None:
        with self._lock:
            changed = self._state.online
            since = self._state.offline_since if not changed else self._now()
            self._state = LinkState(online=False, offline_since=since, reason=reason)
            self._last_failure = time.time()
            self._write_marker()
        if changed:
            log.warning("hub unreachable, working offline: %s", reason)
            self._notify()

    # -- calls -------------------------------------------------------------------------

    def call(self, fn: Callable[[], T], *, budget_s: float | None = None) -> T:
        """Run ``fn`` (which talks to the hub) with a deadline.

        Link faults and the deadline mark the link down and raise HubUnavailable; any other
        error of ``fn`` propagates unchanged (the hub answered).
        """
        budget = self.budget_s if budget_s is None else budget_s
        future: Future[T] = self._executor.submit(fn)
        try:
            result = future.result(timeout=budget)
        except FutureTimeout:
            reason = f"no answer within {budget:g} s"
            self.abandon_connections()
            self.mark_offline(reason)
            raise self._unavailable(reason) from None
        except BaseException as exc:
            if is_link_failure(exc):
                reason = _first_line(exc)
                self.mark_offline(reason)
                raise self._unavailable(reason) from exc
            raise
        self.mark_online()
        return result

    def probe(self, *, budget_s: float | None = None) -> bool:
        """One cheap round trip; True when the hub answered (the link is then up)."""

        def ping() -> None:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))

        try:
            self.call(ping, budget_s=budget_s)
        except HubUnavailable:
            return False
        return True

    def abandon_connections(self) -> None:
        """Cut every hub connection under whoever is waiting on it (a worker past its budget).

        The stuck call fails at once; pooled connections fail their next ping and are
        replaced, so the next call connects afresh.
        """
        for connection in list(self._connections):
            with contextlib.suppress(Exception):  # closed, lost or never connected: fine
                fd = connection.pgconn.socket
                dup = socket.socket(fileno=os.dup(fd))
                try:
                    dup.shutdown(socket.SHUT_RDWR)
                finally:
                    dup.close()
        with contextlib.suppress(Exception):
            self.engine.dispose()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    # -- internals -------------------------------------------------------------------------

    def _remember_connection(self, dbapi_connection: Any, _record: Any) -> None:
        self._connections.add(dbapi_connection)

    def _unavailable(self, reason: str) -> HubUnavailable:
        url = self.engine.url.render_as_string(hide_password=True)
        return HubUnavailable(
            f"The shared server at {url} does not answer ({reason}); this kiosk works "
            "offline from its own copy.",
            f"共享服务器 {url} 无响应（{reason}）；本终端正在使用本地副本离线工作。",
        )

    def _notify(self) -> None:
        for listener in list(self._listeners):
            try:
                listener(self._state)
            except Exception:  # a listener's fault must not break the link
                log.exception("link listener failed")

    def _read_marker(self) -> None:
        if self._marker is None:
            return
        try:
            data = json.loads(self._marker.read_text(encoding="utf-8"))
            since = datetime.fromisoformat(data["offline_since"])
            self._last_failure = float(data["last_failure"])
            self._state = LinkState(False, since, str(data.get("reason", "")))
        except (OSError, ValueError, KeyError, TypeError):
            return

    def _write_marker(self) -> None:
        if self._marker is None:
            return
        state = self._state
        data = {
            "offline_since": state.offline_since.isoformat() if state.offline_since else None,
            "last_failure": self._last_failure,
            "reason": state.reason,
        }
        temporary = self._marker.with_name(self._marker.name + ".tmp")
        with contextlib.suppress(OSError):
            self._marker.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(data), encoding="utf-8")
            os.replace(temporary, self._marker)


def _first_line(exc: BaseException) -> str:
    text_ = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return (text_[0] if text_ else type(exc).__name__).rstrip(".")
