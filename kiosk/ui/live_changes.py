"""Changes committed by any kiosk, delivered to the UI thread as a Qt signal.

The Qt side of :class:`kiosk.services.changes.ChangeFeed`: a thread of its own waits on the
feed (LISTEN on PostgreSQL, ``data_version`` on SQLite, polling as the fallback) and emits each
batch; Qt queues it to the thread the receivers live in. When the database cannot be read,
the thread says so, waits and opens the feed again, and the first batch after that asks for a
full reload (whatever changed meanwhile was not seen).
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal
from sqlalchemy.engine import Engine

from kiosk.core.errors import KioskError
from kiosk.services.changes import ChangeBatch, ChangeFeed

log = logging.getLogger("kiosk.ui")

STEP_S = 0.25
"""How long one wait on the feed lasts: the longest ``stop`` waits for the thread."""
RETRY_S = 2.0
"""Pause before opening the feed again after the database could not be read."""


class _Emitter(QObject):
    """Carries the thread's signals: owned by the thread, never deleted while it emits.

    Connected to :class:`LiveChanges`' own signals, which Qt queues to the UI thread and
    drops once the receiver is gone, so a window closing under the thread is harmless.
    """

    changed = Signal(object)
    mode_changed = Signal(str)
    failed = Signal(str)


class LiveChanges(QObject):
    """Follows the change feed of one database until stopped (or destroyed).

    Signals:
        changed(ChangeBatch): something was committed (by any process, this one included).
        mode_changed(str): ``listen``, ``data_version`` or ``poll``; ``""`` while the
            database cannot be read.
        failed(str): the feed could not be read (one English sentence; it retries).
    """

    changed = Signal(object)
    mode_changed = Signal(str)
    failed = Signal(str)

    def __init__(
        self, engine: Engine, *, listen: bool = True, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._listen = listen
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._mode = ""
        self.opened = threading.Event()
        """Set once the feed is open (changes committed after this are seen)."""
        self._emitter: _Emitter | None = None
        self.mode_changed.connect(self._remember_mode)

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop = threading.Event()
        # Destroyed without stop() (a window closed by its parent): the thread ends too.
        self.destroyed.connect(self._stop.set)
        self._emitter = emitter = _Emitter()
        emitter.changed.connect(self.changed)
        emitter.mode_changed.connect(self.mode_changed)
        emitter.failed.connect(self.failed)
        follower = _Follower(self._engine, self._listen, self._stop, self.opened, emitter)
        self._thread = threading.Thread(target=follower.run, name="kiosk-live-changes", daemon=True)
        self._thread.start()

    def stop(self, wait_s: float = 2.0) -> None:
        """Stop following; returns once the thread ended (at most ``wait_s``)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(wait_s)
            self._thread = None

    def _remember_mode(self, mode: str) -> None:
        self._mode = mode


class _Follower:
    """The thread's side: everything it touches is its own or thread-safe."""

    def __init__(
        self,
        engine: Engine,
        listen: bool,
        stop: threading.Event,
        opened: threading.Event,
        emitter: _Emitter,
    ) -> None:
        self.engine, self.listen, self.stop, self.opened = engine, listen, stop, opened
        self.emitter = emitter
        self.mode = ""

    def run(self) -> None:
        first = True
        while not self.stop.is_set():
            try:
                with ChangeFeed(self.engine, listen=self.listen) as feed:
                    self.opened.set()
                    if not first:
                        self.emitter.changed.emit(
                            ChangeBatch(everything=True, reason="the database is back")
                        )
                    first = False
                    self.follow(feed)
            except KioskError as exc:
                self.fail(exc.message)
            except Exception as exc:  # a driver's own error: say it and try again
                log.warning("live changes stopped", exc_info=exc)
                self.fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    def follow(self, feed: ChangeFeed) -> None:
        while not self.stop.is_set():
            if feed.mode != self.mode:
                self.set_mode(feed.mode)
            batch = feed.wait(STEP_S)
            if batch is not None and not self.stop.is_set():
                if batch.everything:
                    log.info("live changes: reload everything (%s)", batch.reason)
                self.emitter.changed.emit(batch)

    def fail(self, message: str) -> None:
        self.opened.clear()
        self.set_mode("")
        if not self.stop.is_set():
            self.emitter.failed.emit(message)
        self.stop.wait(RETRY_S)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.emitter.mode_changed.emit(mode)
