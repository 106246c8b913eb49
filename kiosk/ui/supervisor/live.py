"""Live headcounts: poll a cheap change token every second, re-read only when it moved.

The token (the newest scan event id) changes whenever any kiosk sharing the database logs a
scan or a staff action, so a check-in on another kiosk shows here within about a second.
Both the poll and the re-read run on a background lane; the UI thread only receives the
finished ``Headcount``. A slower full refresh lets clock-driven changes through (a window
closing turns "expected" into "no-show"; old scans leave the 10-minute kiosk counts).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from kiosk.services.env import ServiceEnv
from kiosk.services.headcount import change_token, headcount
from kiosk.services.results import Headcount
from kiosk.ui.workers import Worker

log = logging.getLogger("kiosk.ui")

POLL_MS = 1000
FULL_REFRESH_MS = 30_000


def load_headcount(env: ServiceEnv) -> Headcount:
    """Worker side: the headcount of today (the local day of the kiosk's clock)."""
    return headcount(env.engine, now=env.now(), zone=env.settings.zone, grace_after=env.grace_after)


class LiveFeed(QObject):
    """Emits a fresh ``Headcount`` whenever the database changed (or every 30 s).

    Signals:
        headcount_changed(Headcount): a new headcount.
        token_changed(int): the change token moved (pages with their own queries reload).
        failed(str): a poll failed (one English sentence; polling goes on).
    """

    headcount_changed = Signal(object)
    token_changed = Signal(int)
    failed = Signal(str)

    def __init__(
        self,
        env: ServiceEnv,
        reader: Worker,
        *,
        poll_ms: int = POLL_MS,
        full_refresh_ms: int = FULL_REFRESH_MS,
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
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)
        self.last: Headcount | None = None

    @property
    def token(self) -> int | None:
        return self._token

    def start(self) -> None:
        self.refresh()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def poll(self) -> None:
        """Ask for the token (skipped while the previous poll or load is still running)."""
        if self._busy:
            return
        self._busy = True
        self._reader.run(
            change_token, self._env.engine, on_done=self._got_token, on_error=self._error
        )

    def refresh(self) -> None:
        """Re-read the headcount now, whatever the token says."""
        if self._busy:
            self._token = None  # the running poll's answer will trigger a load
            return
        self._busy = True
        self._reader.run(load_headcount, self._env, on_done=self._loaded, on_error=self._error)

    def _got_token(self, token: int) -> None:
        stale = self._since_load.isValid() and self._since_load.elapsed() > self._full_refresh_ms
        if token == self._token and not stale:
            self._busy = False
            return
        self._reader.run(load_headcount, self._env, on_done=self._loaded, on_error=self._error)

    def _loaded(self, result: Headcount) -> None:
        self._busy = False
        self._since_load.start()
        moved = result.change_token != self._token
        self._token = result.change_token
        self.last = result
        self.headcount_changed.emit(result)
        if moved:
            self.token_changed.emit(result.change_token)

    def _error(self, error: BaseException) -> None:
        self._busy = False
        log.warning("live headcount poll failed: %s", error)
        self.failed.emit(str(error))
