"""A kiosk of a hub that keeps the gate moving when the hub or the network does not.

While the hub answers within the budget it decides, exactly as a kiosk without a replica
would (row locks, exactly once), and the answer is mirrored into the kiosk's replica. When it
does not answer, the same use case runs on the replica (the same rules code, the same store
code, only another engine) and the decision is queued in the outbox under an idempotency key
before the replica's transaction commits. Only the first scan after a failure waits for the
budget; then the kiosk is offline until a probe finds the hub again (in the background for
the app, at most once per ``hub_probe_s`` for the command line). Back online, the outbox
drains in order, exactly once, and every conflict is recorded on the hub
(kiosk.services.hub_apply).

What may be done offline (README, "Several kiosks"): check-in (with staff overrides) and
check-out are queued; previews, searches and headcounts read the replica; undo is refused
with one sentence, because taking back a check-in that the hub may meanwhile have changed
could free a place or a group that is no longer free, and nobody would be told.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection
from sqlalchemy.engine import Engine

from kiosk.config import Settings, data_dir
from kiosk.core.clock import Clock
from kiosk.core.errors import KioskError
from kiosk.services.env import ServiceEnv
from kiosk.services.hub_apply import (
    ApplyResult,
    ConflictNote,
    Unappliable,
    apply_event,
    apply_in_savepoint,
    hold_event,
    lock_for_upload,
)
from kiosk.services.outbox_events import HubKeyJournal, OutboxJournal, lay_over
from kiosk.services.replica import PullReport, Replica
from kiosk.services.results import CheckInResult
from kiosk.store import hub as hub_sql
from kiosk.store import replica as replica_sql
from kiosk.store.changefeed import hub_id as read_hub_id
from kiosk.store.db import write_connection
from kiosk.store.hub_link import HubLink, HubUnavailable, LinkState, is_link_failure
from kiosk.store.migrate import upgrade
from kiosk.store.outbox import HELD, PENDING, UPLOADED, Outbox, OutboxEvent

log = logging.getLogger(__name__)
T = TypeVar("T")

UPLOAD_BATCH = 50
"""Events uploaded in one hub transaction, then marked in the outbox in one commit; a kiosk
killed in between uploads them again, and the hub's keys make that a no-op."""
UPLOAD_BUDGET_S = 15.0
HEARTBEAT_S = 10.0


class OfflineRefusal(KioskError):
    """A staff action that needs the hub, asked for while the hub does not answer."""


@dataclass(frozen=True)
class KioskLinkStatus:
    """What staff see about a kiosk's link to its hub."""

    kiosk_id: str
    online: bool
    offline_since: datetime | None
    pending: int
    held: int
    uploading: bool
    reason: str = ""
    replica_ready: bool = True
    other_hub_pending: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "kiosk": self.kiosk_id,
            "online": self.online,
            "offline_since": self.offline_since.isoformat() if self.offline_since else None,
            "pending": self.pending,
            "held": self.held,
            "uploading": self.uploading,
            "replica_ready": self.replica_ready,
            "other_hub_pending": self.other_hub_pending,
        }


@dataclass
class DrainReport:
    """What one drain of the outbox did."""

    uploaded: int = 0
    duplicates: int = 0
    held: int = 0
    conflicts: list[ConflictNote] = field(default_factory=list)
    reached_hub: bool = True
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "reached_hub": self.reached_hub,
            "uploaded": self.uploaded,
            "already_on_hub": self.duplicates,
            "held": self.held,
            "conflicts": [note.to_json() for note in self.conflicts],
        }


def kiosk_folder(kiosk_id: str, base: Path | None = None) -> Path:
    """Where a kiosk keeps its replica, outbox and link marker (one folder per kiosk id)."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", kiosk_id) or "_"
    return (base or data_dir()) / "kiosks" / safe


class LocalFirstKiosk:
    """The route of one kiosk of a hub (``ServiceEnv.route``), with its replica and outbox.

    Args:
        hub: the hub's engine (made with ``hub_budget_s``).
        settings: budget, probe and follow intervals.
        kiosk_id: the kiosk (its folder, its outbox keys).
        now: the kiosk's clock.
        folder: where its files live (default :func:`kiosk_folder`).
        background: the app: a background task follows the hub, probes it while it is down
            and drains the outbox (call :meth:`start`). Without it (the command line) the
            caller does that work in :meth:`decide` and :meth:`sync`.
    """

    def __init__(
        self,
        hub: Engine,
        settings: Settings,
        kiosk_id: str,
        *,
        now: Callable[[], datetime],
        folder: Path | None = None,
        background: bool = False,
    ) -> None:
        self.settings = settings
        self.kiosk_id = kiosk_id
        self.folder = folder or kiosk_folder(kiosk_id)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.background = background
        self._now = now
        self.outbox = Outbox(self.folder / "outbox.db", kiosk_id)
        self.link = HubLink(
            hub,
            budget_s=settings.hub_timeout_ms / 1000,
            probe_s=settings.hub_probe_s,
            now=now,
            marker=self.folder / "hub-link.json",
            background_probe=background,
        )
        self.replica = Replica(self.folder, hub.url.render_as_string(hide_password=True))
        self._drain_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_heartbeat = 0.0
        self._outage: tuple[datetime, datetime] | None = None
        self._previous_since: datetime | None = None
        self._connected_hub_id: str | None = None
        self._status_listeners: list[Callable[[KioskLinkStatus], None]] = []
        self._change_listeners: list[Callable[[PullReport], None]] = []
        self._hub_prepared = False
        self._previous_since = self.link.state.offline_since
        self.link.on_change(self._link_changed)
        if self.replica.open() is None:
            self._lay_over_pending()

    @classmethod
    def for_env(
        cls, env: ServiceEnv, *, background: bool = False, folder: Path | None = None
    ) -> LocalFirstKiosk:
        """The route for a kiosk whose ``env.engine`` is its hub."""
        return cls(
            env.engine,
            env.settings,
            env.kiosk_id,
            now=env.clock.now,
            folder=folder,
            background=background,
        )

    # -- the route ---------------------------------------------------------------------------

    def decide(
        self, env: ServiceEnv, action: str, run: Callable[[ServiceEnv], CheckInResult]
    ) -> CheckInResult:
        """Decide on the hub if it answers within the budget, else on the replica."""
        here = replace(env, route=None, journal=None, clock=Clock.fixed(env.now()))
        writes = action != "preview"
        key = self.outbox.next_key() if writes else None
        if self._hub_first():
            hub_env = replace(here, engine=self.link.engine)
            if key is not None:
                hub_env = replace(hub_env, journal=HubKeyJournal(key))
            try:
                result = self.link.call(lambda: run(hub_env))
            except HubUnavailable:
                pass
            else:
                if writes:
                    self._mirror(result)
                self._after_online()
                return result
        if action == "undo":
            raise OfflineRefusal(
                "Undoing a check-in needs the shared server, which does not answer now; "
                "nothing was changed. Try again when this kiosk is back online.",
                "撤销签到需要连接共享服务器，目前服务器无响应；未做任何更改。请在本终端恢复在线后重试。",
            )
        with self.replica.using() as engine:
            state = self.replica.state()
            assert state is not None
            local_env = replace(here, engine=engine)
            if key is not None:
                local_env = replace(
                    local_env, journal=OutboxJournal(self.outbox, key, state.hub_id)
                )
            result = run(local_env)
        if writes:
            self._notify_status()
        queued = key is not None and not result.needs_party
        return replace(result, offline=True, upload_key=key.text if queued and key else None)

    def read(self, fn: Callable[[Engine], T]) -> tuple[T, str]:
        """Run a read on the hub when it answers and has all of this kiosk's uploads, else
        on the replica; returns the answer and ``"hub"`` or ``"replica"``."""
        if self._hub_first():
            try:
                return self.link.call(lambda: fn(self.link.engine)), "hub"
            except HubUnavailable:
                pass
        with self.replica.using() as engine:
            return fn(engine), "replica"

    def run(self, env: ServiceEnv, work: Callable[[ServiceEnv], T]) -> T:
        """A short use case (a search, a badge's print record) where this kiosk works now.

        On the hub, under the deadline, while it answers and has all of this kiosk's
        uploads; else on the replica.
        """

        def on(engine: Engine) -> T:
            return work(replace(env, engine=engine, route=None, journal=None))

        answer, _where = self.read(on)
        return answer

    # -- following and uploading -------------------------------------------------------------

    def prepare_hub(self, *, force: bool = False) -> bool:
        """Whether the hub answers now; the first contact also brings its schema up to date.

        Args:
            force: try the hub even while the link is down and no probe is due yet.
        """
        if not (force or self.link.due()):
            return False
        if self._hub_prepared:
            return self.link.online or self.link.probe()
        try:
            self.link.call(lambda: upgrade(self.link.engine), budget_s=max(self.link.budget_s, 30))
        except HubUnavailable:
            return False
        self._hub_prepared = True
        return True

    def sync(
        self, on_uploaded: Callable[[OutboxEvent, ApplyResult], object] | None = None
    ) -> tuple[DrainReport, PullReport | None]:
        """Upload what waits and follow the hub, if it answers (the command line's ``outbox``).

        Returns the drain's report (``reached_hub`` false when the hub did not answer) and
        the pull's (None when there was none).
        """
        report = DrainReport(reached_hub=False)
        if not self.prepare_hub(force=True):
            return report, None
        try:
            report = self.drain(on_uploaded)
            pulled = self.pull()
            self.heartbeat(force=True)
        except HubUnavailable:
            report.reached_hub = False
            return report, None
        return report, pulled

    def pull(self) -> PullReport:
        """Follow the hub once (building the replica if there is none yet)."""
        report = self.replica.pull(self.link, self._overlay)
        if report.changed:
            for listener in list(self._change_listeners):
                with contextlib.suppress(Exception):
                    listener(report)
        return report

    def drain(
        self, on_uploaded: Callable[[OutboxEvent, ApplyResult], object] | None = None
    ) -> DrainReport:
        """Upload every pending event of this hub in order; each exactly once.

        Args:
            on_uploaded: told of each event the hub has applied (before it is marked here).

        Raises:
            HubUnavailable: the hub stopped answering (what was uploaded so far is marked).
        """
        began = time.perf_counter()
        report = DrainReport()
        with self._drain_lock:
            hub_id = self._hub_id()
            while True:
                events = self.outbox.events(state=PENDING, hub_id=hub_id, limit=UPLOAD_BATCH)
                if not events:
                    break
                results = self.link.call(
                    lambda batch=events: self._apply_batch(batch),  # type: ignore[misc]
                    budget_s=max(self.link.budget_s, UPLOAD_BUDGET_S),
                )
                marks: list[tuple[int, str, str, dict[str, Any]]] = []
                for event, result in zip(events, results, strict=True):
                    state = HELD if result.state == "held" else UPLOADED
                    marks.append((event.seq, state, self._now().isoformat(), result.to_json()))
                    report.conflicts.extend(result.conflicts)
                    if result.state == "held":
                        report.held += 1
                    elif result.state == "duplicate":
                        report.duplicates += 1
                    else:
                        report.uploaded += 1
                    if on_uploaded is not None:
                        on_uploaded(event, result)
                self.outbox.mark(marks)
        report.seconds = time.perf_counter() - began
        if report.uploaded or report.held or report.duplicates:
            log.info(
                "outbox drained: %d uploaded, %d already there, %d held, %d conflicts",
                report.uploaded,
                report.duplicates,
                report.held,
                len(report.conflicts),
            )
            self.heartbeat(force=True)
            self._notify_status()
        return report

    def heartbeat(self, *, force: bool = False) -> None:
        """Tell the hub this kiosk is alive and what it still has to upload (throttled)."""
        if not force and time.monotonic() - self._last_heartbeat < HEARTBEAT_S:
            return
        counts = self.outbox.counts()
        outage = self._outage
        report = hub_sql.KioskReport(
            kiosk_id=self.kiosk_id,
            last_contact_at=self._now(),
            pending_uploads=counts.pending,
            held_uploads=counts.held,
            uploaded_total=counts.uploaded,
            offline_since=outage[0] if outage else None,
            offline_until=outage[1] if outage else None,
        )

        def send() -> None:
            with write_connection(self.link.engine) as conn:
                hub_sql.report_kiosk(conn, report)

        self.link.call(send)
        self._last_heartbeat = time.monotonic()
        self._outage = None

    def status(self) -> KioskLinkStatus:
        state = self.link.state
        hub_id = self._known_hub_id()
        pending, held = self.outbox.waiting(hub_id)
        everything, _ = self.outbox.waiting() if hub_id is not None else (pending, held)
        return KioskLinkStatus(
            kiosk_id=self.kiosk_id,
            online=state.online,
            offline_since=state.offline_since,
            pending=pending,
            held=held,
            uploading=state.online and pending > 0,
            reason=state.reason,
            replica_ready=self.replica.ready,
            other_hub_pending=everything - pending,
        )

    def held_events(self) -> list[OutboxEvent]:
        return self.outbox.events(state=HELD)

    # -- the app's background task -----------------------------------------------------------

    def on_status(self, listener: Callable[[KioskLinkStatus], None]) -> None:
        """Call ``listener`` (from any thread) when online/offline or pending changes."""
        self._status_listeners.append(listener)

    def on_changes(self, listener: Callable[[PullReport], None]) -> None:
        """Call ``listener`` (from the background thread) after a pull that changed rows."""
        self._change_listeners.append(listener)

    def start(self) -> None:
        """Follow the hub, probe it while down and drain the outbox, in a background thread."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._follow, name="hub-follower", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=max(self.link.budget_s * 3, 5))
            self._thread = None

    def close(self) -> None:
        self.stop()
        self.link.close()
        self.replica.close()
        self.outbox.close()

    def _follow(self) -> None:
        follow_s = self.settings.hub_follow_ms / 1000
        wait = 0.0
        while not self._stop.wait(wait):
            try:
                if not self.link.online and not self.link.probe():
                    wait = self.settings.hub_probe_s
                    continue
                self.prepare_hub()
                if self.outbox.waiting()[0]:
                    self.drain()
                self.pull()
                self.heartbeat()
                wait = follow_s
            except HubUnavailable:
                wait = self.settings.hub_probe_s
            except Exception:  # never let the follower die; the log has the detail
                log.exception("following the hub failed")
                wait = self.settings.hub_probe_s

    # -- internals ---------------------------------------------------------------------------

    def _hub_first(self) -> bool:
        """Whether this decision should go to the hub first."""
        if not self.link.due():
            return False
        if self.background:
            # Until the follower has uploaded what this kiosk decided offline, the hub does
            # not know it: decide here, or the same visitor could be let in again.
            return self.link.online and self._pending() == 0
        if not self.prepare_hub():
            return False
        if self._pending() == 0:
            return True
        try:
            self.drain()
        except HubUnavailable:
            return False
        return self._pending() == 0

    def _pending(self) -> int:
        return self.outbox.waiting(self._known_hub_id())[0]

    def _after_online(self) -> None:
        if self.background:
            return
        try:
            self.pull()
            self.heartbeat()
        except HubUnavailable:
            pass
        except Exception:
            log.exception("following the hub after a decision failed")

    def _apply_batch(self, events: Sequence[OutboxEvent]) -> list[ApplyResult]:
        """Apply events in one hub transaction (locks first, in the one global order).

        First optimistically, without a savepoint per event; if any event fails (already
        on the hub, cannot be applied) the batch is rolled back and redone event by event,
        each in a savepoint, so one bad event is held and the others are applied.
        """
        now = self._now()
        try:
            with self.link.engine.connect() as conn, conn.begin():
                lock_for_upload(conn, events)
                return [apply_event(conn, event, now=now, locked=True) for event in events]
        except Exception as exc:
            if is_link_failure(exc):
                raise
        results: list[ApplyResult] = []
        with self.link.engine.connect() as conn, conn.begin():
            lock_for_upload(conn, events)
            for event in events:
                try:
                    results.append(apply_in_savepoint(conn, event, now=now, locked=True))
                except Exception as exc:
                    if is_link_failure(exc):
                        raise
                    reason = str(exc) if isinstance(exc, Unappliable) else _describe(exc)
                    log.warning("holding outbox event %s: %s", event.key, reason)
                    results.append(hold_event(conn, event, reason=reason, now=now))
        return results

    def _mirror(self, result: CheckInResult) -> None:
        """Copy the hub's answer for the party into the replica (best effort)."""
        if not result.visitors or result.session_id is None or not self.replica.ready:
            return
        rows = [
            {
                "id": v.id,
                "checked_in_at": v.checked_in_at,
                "checked_out_at": v.checked_out_at,
                "kiosk_id": v.kiosk_id,
                "group": v.group,
            }
            for v in result.visitors
        ]
        try:
            with self.replica.using() as engine, write_connection(engine) as conn:
                replica_sql.mirror_visitors(conn, rows, result.session_id)
        except Exception as exc:
            log.warning("mirroring a check-in into the replica failed: %s", exc)
            if "malformed" in str(exc) or "not a database" in str(exc):
                self.replica.mark_broken(str(exc))

    def _overlay(self, conn: Connection) -> None:
        hub_id = self._known_hub_id()
        lay_over(conn, self.outbox.events(state=PENDING, hub_id=hub_id, limit=1_000_000))

    def _lay_over_pending(self) -> None:
        """At start: a crash between the outbox and the replica commits loses nothing."""
        if self.outbox.waiting()[0] == 0:
            return
        with self.replica.using() as engine, write_connection(engine) as conn:
            self._overlay(conn)

    def _known_hub_id(self) -> str | None:
        """The hub's identity as last seen on it, else the replica's (no hub call)."""
        if self._connected_hub_id is not None:
            return self._connected_hub_id
        state = self.replica.state() if self.replica.ready else None
        return state.hub_id if state else None

    def _hub_id(self) -> str | None:
        """The identity of the hub this kiosk is connected to now (asked of the hub)."""

        def ask() -> str | None:
            with self.link.engine.connect() as conn:
                return read_hub_id(conn)

        self._connected_hub_id = self.link.call(ask)
        return self._connected_hub_id

    def _link_changed(self, state: LinkState) -> None:
        if state.online:
            since = self._previous_since
            if since is not None:
                self._outage = (since, self._now())
        else:
            self._previous_since = state.offline_since
        self._notify_status()

    def _notify_status(self) -> None:
        if not self._status_listeners:
            return
        try:
            status = self.status()
        except Exception:
            log.exception("reading the kiosk's status failed")
            return
        for listener in list(self._status_listeners):
            with contextlib.suppress(Exception):
                listener(status)


def _describe(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")
