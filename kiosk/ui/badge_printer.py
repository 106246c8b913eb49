"""Prints the badges of each admission on its own thread, never on the UI thread.

A separate single-thread pool from the database worker: a slow or dead printer must not hold
up the next check-in. The result page hears ``printing`` → ``printed`` / ``failed``.

The printer's status is polled meanwhile (:class:`~kiosk.ui.printer_status.PrinterMonitor`)
and told to the app on ``bridge.printer_status``. When a label printer refuses badges before
anything was sent (out of labels, cover open, offline) their jobs wait; once the printer
reports ready again they print by themselves ("clearing it prints"), each exactly once.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from kiosk.core.changes import Change
from kiosk.core.errors import KioskError
from kiosk.services.env import ServiceEnv
from kiosk.ui.printer_status import POLL_MS, PrinterMonitor, current_sink
from kiosk.ui.signals import Bridge

if TYPE_CHECKING:
    from kiosk.badges.sink import PrinterStatus
    from kiosk.services.printing import PrintOutcome

log = logging.getLogger(__name__)


def _load_badge_modules() -> None:
    """Load Pillow, qrcode and the badge code on the printer thread, after start-up.

    The first admission then neither waits for them to print nor (for the group colour's
    text, see ``theme.readable_text_on``) on the UI thread.
    """
    import kiosk.services.printing
    import kiosk.ui.printing  # noqa: F401


def print_admission(env: ServiceEnv, visitor_ids: Sequence[int]) -> PrintOutcome:
    """Worker side: an admission's badges on the configured printer; faults are recorded.

    Printer settings that name no usable printer still record the jobs (failed, with the
    sentence), so staff can print them from the Printer page once the settings are right.
    """
    from kiosk.badges.model import PRESETS
    from kiosk.services.printing import PrintOutcome, finish_jobs, print_visitor_badges, queue_jobs

    settings = env.settings
    try:
        sink = current_sink(settings)
    except KioskError as exc:
        preset = settings.badge_size if settings.badge_size in PRESETS else next(iter(PRESETS))
        printer = settings.printer or settings.print_target
        job_ids = queue_jobs(env, visitor_ids, printer=printer, preset=preset)
        finish_jobs(env, job_ids, error=exc.message)
        return PrintOutcome(
            tuple(job_ids), printed=False, error_en=exc.message, error_zh=exc.message_zh
        )
    return print_visitor_badges(env, visitor_ids, sink, hold_on_fault=True)


def print_waiting(env: ServiceEnv) -> PrintOutcome:
    """Worker side: the jobs that waited for the printer, now that it is ready."""
    from kiosk.services.printing import print_waiting_jobs

    return print_waiting_jobs(env, current_sink(env.settings))


class _Done(QObject):
    finished = Signal(object)


class _Task(QRunnable):
    def __init__(
        self, call: Callable[[ServiceEnv], PrintOutcome], env: ServiceEnv, done: _Done
    ) -> None:
        super().__init__()
        self.call, self.env, self.done = call, env, done

    def run(self) -> None:
        from kiosk.services.printing import PrintOutcome

        try:
            outcome = self.call(self.env)
        except Exception as exc:  # e.g. the database went away while recording the job
            log.exception("printing failed")
            outcome = PrintOutcome((), printed=False, error_en=str(exc))
        self.done.finished.emit(outcome)


class BadgePrinter(QObject):
    """Listens to ``bridge.print_requested`` and answers on ``bridge.print_status``.

    Also polls the printer (``bridge.printer_status``), prints waiting jobs when it is ready
    again, and says ``bridge.data_changed(Change.PRINTING)`` after every job it ran.

    Args:
        poll_ms: how often the printer's status is asked.
    """

    def __init__(
        self,
        env: ServiceEnv,
        bridge: Bridge,
        parent: QObject | None = None,
        *,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self.env = env
        self.bridge = bridge
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._done = _Done(self)
        self._done.finished.connect(self._finished)
        self._waiting_done = _Done(self)
        self._waiting_done.finished.connect(self._waiting_finished)
        self._maybe_waiting = True  # jobs left waiting by an earlier run print once it is ready
        self._waiting_run = False
        # Not ``lambda: self.env…``: a cycle through self would leave this object (and the
        # bridge it holds) to the garbage collector, which may run on any thread.
        self.monitor = PrinterMonitor(lambda: env.settings, poll_ms=poll_ms, parent=self)
        self.monitor.polled.connect(self._polled)
        self.monitor.became_ready.connect(self._became_ready)
        bridge.print_requested.connect(self.print_badges)
        bridge.printer_settings_changed.connect(self._settings_changed)
        self.pool.start(_load_badge_modules)
        self.monitor.start()

    def _snapshot(self) -> ServiceEnv:
        """The env with a copy of the settings as they are now (the Printer page may change
        them on the UI thread while a job runs)."""
        return dataclasses.replace(self.env, settings=dataclasses.replace(self.env.settings))

    @Slot(list)
    def print_badges(self, visitor_ids: list[int]) -> None:
        if self.env.settings.print_target == "none" or not visitor_ids:
            return
        self.bridge.print_status.emit("printing")
        ids = list(visitor_ids)
        task = _Task(lambda env: print_admission(env, ids), self._snapshot(), self._done)
        self.pool.start(task)

    def _finished(self, outcome: PrintOutcome) -> None:
        if outcome.skipped:
            self.bridge.print_status.emit("")
            return
        if outcome.printed:
            self.bridge.print_status.emit("printed")
        else:
            log.warning("badge printing failed: %s", outcome.error_en)
            self.bridge.print_status.emit("failed")
        if outcome.waiting:
            self._maybe_waiting = True
            self.monitor.poll_now()  # the fault shows on the staff pages at once
        self.bridge.data_changed.emit(Change.PRINTING)

    def _polled(self, status: PrinterStatus | None) -> None:
        self.bridge.printer_status.emit(status)
        if status is not None and status.ready and self._maybe_waiting:
            self.print_waiting_jobs()

    def _became_ready(self) -> None:
        self._maybe_waiting = True

    def _settings_changed(self) -> None:
        self._maybe_waiting = True  # waiting jobs go to the printer now chosen
        self.monitor.poll_now()

    def print_waiting_jobs(self) -> None:
        """Send the jobs that wait for the printer (after the running jobs, one run at a time)."""
        if self._waiting_run or self.env.settings.print_target == "none":
            return
        self._waiting_run = True
        self.pool.start(_Task(print_waiting, self._snapshot(), self._waiting_done))

    def _waiting_finished(self, outcome: PrintOutcome) -> None:
        self._waiting_run = False
        self._maybe_waiting = not outcome.skipped and (outcome.printed or outcome.waiting)
        if outcome.skipped:
            return
        if outcome.printed:
            log.info("printed %d waiting badge(s)", len(outcome.job_ids))
        else:
            log.warning("waiting badges not printed: %s", outcome.error_en)
        self.bridge.data_changed.emit(Change.PRINTING)

    def wait(self, msecs: int = 30000) -> bool:
        """Stop polling and let the running jobs finish (app exit and tests)."""
        self.monitor.stop()
        return self.monitor.wait(msecs) and self.pool.waitForDone(msecs)
