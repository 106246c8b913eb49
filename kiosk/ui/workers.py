"""Run service calls off the UI thread, one at a time, in the order they were asked for.

A single background thread serialises every database call of this kiosk: scans keep their
order, and SQLite never sees two writers from the same process. Results come back on the UI
thread through a queued signal, so callbacks may touch widgets.

Be careful: ``fn`` runs on the worker thread and must not call any UI routine.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, TypeVarTuple, cast

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger("kiosk.ui")

BUSY_AFTER_MS = 150
"""A call that takes longer than this shows the page's "working" state."""

Result = TypeVar("Result")
Args = TypeVarTuple("Args")


@dataclass
class _Pending:
    deliver: Callable[[object], None]
    on_error: Callable[[BaseException], None] | None
    busy_timer: QTimer | None


class _Job(QRunnable):
    def __init__(self, runner: Worker, job_id: int, call: Callable[[], object]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._runner = runner
        self._job_id = job_id
        self._call = call

    def run(self) -> None:
        try:
            result = self._call()
        except BaseException as exc:  # delivered to on_error on the UI thread
            self._runner.finished.emit(self._job_id, False, [exc])
        else:
            self._runner.finished.emit(self._job_id, True, [result])


class Worker(QObject):
    """One serial background lane for database, printing-queue and other slow calls.

    Signals:
        busy_changed(bool): true while a call has been running for more than
            ``BUSY_AFTER_MS`` (pages show their "working" state), false once none is.
    """

    finished = Signal(int, bool, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._busy = False
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        fn: Callable[[*Args], Result],
        *args: *Args,
        on_done: Callable[[Result], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        """Queue ``fn(*args)``; ``on_done(result)`` or ``on_error(exc)`` run on the UI thread."""
        job_id = next(self._ids)
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(self._set_busy_true)
        timer.start(BUSY_AFTER_MS)

        def deliver(result: object) -> None:
            # ``result`` is what ``fn`` returned on the worker thread: a ``Result``.
            if on_done is not None:
                on_done(cast(Result, result))

        self._pending[job_id] = _Pending(deliver, on_error, timer)
        self._pool.start(_Job(self, job_id, lambda: fn(*args)))
        return job_id

    @property
    def idle(self) -> bool:
        return not self._pending

    def wait_for_done(self, msecs: int = 5000) -> bool:
        """Block until every queued call ran (shutdown and tests only)."""
        return bool(self._pool.waitForDone(msecs))

    @Slot(int, bool, object)
    def _deliver(self, job_id: int, ok: bool, boxed: object) -> None:
        # The payload travels boxed in a list: a bare None through a queued ``object``
        # signal upsets PySide's reference counting.
        assert isinstance(boxed, list)
        payload = boxed[0]
        pending = self._pending.pop(job_id, None)
        if pending is None:
            return
        if pending.busy_timer is not None:
            pending.busy_timer.stop()
            pending.busy_timer.deleteLater()
        if not self._pending and self._busy:
            self._busy = False
            self.busy_changed.emit(False)
        try:
            if ok:
                pending.deliver(payload)
            else:
                assert isinstance(payload, BaseException)
                if pending.on_error is not None:
                    pending.on_error(payload)
                else:
                    log.error("background call failed", exc_info=payload)
        except Exception:  # a callback bug must not kill the event loop
            log.exception("callback of a background call failed")

    @Slot()
    def _set_busy_true(self) -> None:
        if self._pending and not self._busy:
            self._busy = True
            self.busy_changed.emit(True)
