"""Live headcounts: follow every kiosk's commits and recount only what they changed.

A :class:`~kiosk.ui.live_changes.LiveChanges` thread hears each commit as it happens
(PostgreSQL LISTEN/NOTIFY, SQLite ``data_version``). A batch of check-ins recounts only the
sessions they concern and merges them into the last headcount; the roster and the audit log
update the rows the batch names (``rows_changed``). When a batch cannot say what changed (a
sync, a lost connection), everything is reloaded (``reload_needed``).

Polling the change token (the newest scan event id) is the fallback: without a live feed, or
while it cannot reach the database, the token is read every ``poll_ms``. Either way a full
refresh every 30 s lets clock-driven changes through (a window closing turns "expected" into
"no-show"; old scans leave the 10-minute kiosk counts).

All reads run on a background lane; the UI thread only receives finished results.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from kiosk.core.changes import Change
from kiosk.services.changes import ChangeBatch, ChangeNote
from kiosk.services.env import ServiceEnv
from kiosk.services.headcount import change_token, headcount
from kiosk.services.results import Headcount
from kiosk.ui.live_changes import LiveChanges
from kiosk.ui.workers import Worker

log = logging.getLogger("kiosk.ui")

POLL_MS = 1000
"""How often the change token is read while commits do not arrive live."""
FULL_REFRESH_MS = 30_000
FOLLOW_COMMITS = True
"""Follow commits as they happen (False: poll only). Read when a feed is made."""


def load_headcount(env: ServiceEnv) -> Headcount:
    """Worker side: the headcount of today (the local day of the kiosk's clock)."""
    return headcount(env.engine, now=env.now(), zone=env.settings.zone, grace_after=env.grace_after)


def load_session_counts(env: ServiceEnv, session_ids: Sequence[str]) -> Headcount:
    """Worker side: the counts of these sessions only, and the kiosks' recent scans."""
    return headcount(
        env.engine,
        now=env.now(),
        zone=env.settings.zone,
        grace_after=env.grace_after,
        session_ids=list(session_ids),
    )


def merge_counts(shown: Headcount, fresh: Headcount) -> Headcount:
    """``shown`` with the sessions that ``fresh`` recounted replaced (others kept as they are)."""
    by_id = {s.id: s for s in fresh.sessions}
    return replace(
        shown,
        at=fresh.at,
        sessions=tuple(by_id.get(s.id, s) for s in shown.sessions),
        kiosks=fresh.kiosks,
        change_token=max(shown.change_token, fresh.change_token),
    )


class LiveFeed(QObject):
    """Emits fresh counts and row changes whenever the database changed.

    Args:
        env: database, settings and clock.
        reader: the background lane for the reads.
        poll_ms: how often the change token is read while there is no live feed
            (default :data:`POLL_MS`).
        full_refresh_ms: how often everything is recounted anyway (clock-driven changes).
        live: follow commits as they happen (False: poll only; default
            :data:`FOLLOW_COMMITS`).

    Signals:
        headcount_changed(Headcount): new counts (merged: sessions nothing touched are kept).
        token_changed(int): the change token moved (pages with their own queries reload).
        rows_changed(ChangeBatch): these changes are known one by one: update their rows.
        reload_needed(): something changed that no batch describes: reload all rows.
        failed(str): a read failed (one English sentence; the feed goes on).
    """

    headcount_changed = Signal(object)
    token_changed = Signal(int)
    rows_changed = Signal(object)
    reload_needed = Signal()
    failed = Signal(str)

    def __init__(
        self,
        env: ServiceEnv,
        reader: Worker,
        *,
        poll_ms: int | None = None,
        full_refresh_ms: int = FULL_REFRESH_MS,
        live: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._env = env
        self._reader = reader
        self._token: int | None = None
        self._busy = False
        self._full_refresh_ms = full_refresh_ms
        self._since_load = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS if poll_ms is None else poll_ms)
        self._timer.timeout.connect(self.poll)
        self._pending: list[ChangeNote] = []
        self._reload_pending = False
        self._announce_reload = False
        self.live: LiveChanges | None = None
        if FOLLOW_COMMITS if live is None else live:
            self.live = LiveChanges(env.engine, parent=self)
            self.live.changed.connect(self.apply)
        self.last: Headcount | None = None

    @property
    def token(self) -> int | None:
        return self._token

    @property
    def following(self) -> bool:
        """True while commits arrive as they happen (no polling needed)."""
        return self.live is not None and self.live.mode != ""

    def start(self) -> None:
        if self.live is not None:
            self.live.start()
        self.refresh()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self.live is not None:
            self.live.stop()

    def poll(self) -> None:
        """Ask for the token (skipped while a read runs, and while commits arrive live)."""
        if self._busy:
            return
        if self.following and not self._stale():
            return
        self._busy = True
        self._reader.run(
            change_token, self._env.engine, on_done=self._got_token, on_error=self._error
        )

    def refresh(self) -> None:
        """Re-read the headcount now, whatever the token says."""
        if self._busy:
            self._reload_pending = True  # done as soon as the running read is
            return
        self._busy = True
        self._reader.run(load_headcount, self._env, on_done=self._loaded, on_error=self._error)

    def apply(self, batch: ChangeBatch) -> None:
        """Take in a batch of changes (from the live feed, or a test)."""
        if batch.everything or Change.PROGRAM in batch.changes or self.last is None:
            # A walk-in, a sync or a purge changes bookings: every count may move.
            self._reload_pending = True
            self._announce_reload = True
        else:
            self._pending.extend(batch.notes)
        self._next()

    # --- reads and their answers --------------------------------------------------------------

    def _next(self) -> None:
        """Start the next read that changes asked for, unless one is running."""
        if self._busy:
            return
        if self._reload_pending:
            self._reload_pending = False
            self._pending.clear()
            self.refresh()
            return
        if not self._pending:
            return
        notes, self._pending = tuple(self._pending), []
        batch = ChangeBatch(notes)
        shown = {s.id for s in self.last.sessions} if self.last is not None else set()
        sessions = sorted(batch.session_ids & shown)
        self._busy = True
        self._reader.run(
            load_session_counts,
            self._env,
            sessions,
            on_done=lambda fresh: self._recounted(batch, fresh),
            on_error=self._error,
        )

    def _recounted(self, batch: ChangeBatch, fresh: Headcount) -> None:
        self._busy = False
        if self.last is None:  # pragma: no cover - a batch waits for the first load
            self._reload_pending = True
        else:
            merged = merge_counts(self.last, fresh)
            moved = merged.change_token != self._token
            self._token = merged.change_token
            self.last = merged
            self.headcount_changed.emit(merged)
            self.rows_changed.emit(batch)
            if moved:
                self.token_changed.emit(merged.change_token)
        self._next()

    def _stale(self) -> bool:
        return self._since_load.isValid() and self._since_load.elapsed() > self._full_refresh_ms

    def _got_token(self, token: int) -> None:
        if token == self._token and not self._stale():
            self._busy = False
            self._next()
            return
        if token != self._token:
            self._announce_reload = True
        self._reader.run(load_headcount, self._env, on_done=self._loaded, on_error=self._error)

    def _loaded(self, result: Headcount) -> None:
        self._busy = False
        self._since_load.start()
        moved = result.change_token != self._token
        reload = self._announce_reload or (moved and self._token is not None)
        self._announce_reload = False
        self._token = result.change_token
        self.last = result
        self.headcount_changed.emit(result)
        if moved:
            self.token_changed.emit(result.change_token)
        if reload:
            self.reload_needed.emit()
        self._next()

    def _error(self, error: BaseException) -> None:
        self._busy = False
        log.warning("live headcount failed: %s", error)
        self.failed.emit(str(error))
        self._next()
