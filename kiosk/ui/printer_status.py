"""The kiosk's print target as the app sees it: one sink per printer, its status polled.

A label printer has one connection and one lock (:class:`~kiosk.printers.LabelPrinterSink`):
the status poll, the admissions' badges, the test print and the Printer page's retries must
all go through the same sink object, or a poll would open a second connection while a job
prints. :func:`current_sink` hands out that one object per printer for the whole process.

:class:`PrinterMonitor` asks it how it is every few seconds on its own thread (never the UI
thread, never behind a print job: a label sink answers with the last status while it
prints). Staff see the sentence (out of labels, cover open, offline …); the technical detail
(status bytes, addresses, errors) goes to the log only.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal

from kiosk.badges.sink import BadgeSink, PrinterStatus
from kiosk.config import Settings
from kiosk.core.errors import KioskError

log = logging.getLogger("kiosk.ui")

POLL_MS = 2000
"""How often the printer is asked; a fault shows on screen within about this long."""
NO_PRINTING = "none"
_LABEL_TARGETS = ("brother_ql", "zpl")
_MAX_SINKS = 8

_sinks: dict[tuple[str, str, str, str], BadgeSink] = {}
_sinks_lock = threading.Lock()


def current_sink(settings: Settings) -> BadgeSink | None:
    """The sink the settings name (None: no printing); one object per label printer.

    Callable from any thread. Changed printer settings give the new printer's sink.

    Raises:
        KioskError: settings no sink can be made from (no address, unknown model …).
    """
    from kiosk.ui.printing import sink_for

    target = settings.print_target
    if target not in _LABEL_TARGETS:
        return sink_for(settings)
    key = (target, settings.printer, settings.printer_model, settings.printer_label)
    with _sinks_lock:
        sink = _sinks.get(key)
        if sink is None:
            sink = sink_for(settings)
            assert sink is not None  # a label target always has one
            if len(_sinks) >= _MAX_SINKS:
                _sinks.clear()  # addresses tried and dropped on the Printer page
            _sinks[key] = sink
        return sink


def settings_problem(error: KioskError) -> PrinterStatus:
    """Printer settings that name no usable printer, as a status staff can act on."""
    return PrinterStatus(
        ready=False,
        problem="error",
        message_en=error.message,
        message_zh=error.message_zh,
        detail="printer settings",
    )


def read_status(settings: Settings) -> PrinterStatus | None:
    """Worker side: what the print target says now (None: it reports nothing)."""
    try:
        sink = current_sink(settings)
        return None if sink is None else sink.status()
    except KioskError as exc:
        return settings_problem(exc)
    except Exception:  # a driver's surprise: staff get a sentence, the log the detail
        log.exception("reading the printer's status failed")
        return PrinterStatus(
            ready=False,
            problem="error",
            message_en="The printer's status cannot be read; see the log.",
            message_zh="无法读取打印机状态，详情请查看日志。",
            detail="status failed",
        )


class _Answer(QObject):
    ready = Signal(object)


class _StatusTask(QRunnable):
    def __init__(self, settings: Settings, answer: _Answer) -> None:
        super().__init__()
        self.settings, self.answer = settings, answer

    def run(self) -> None:
        self.answer.ready.emit(read_status(self.settings))


class PrinterMonitor(QObject):
    """Asks the print target for its status every ``poll_ms``, off the UI thread.

    Nothing is asked while printing is off (``print_target = "none"``).

    Signals:
        polled(object): after every poll, the :class:`PrinterStatus` (or None: the target
            reports nothing, or printing is off).
        became_ready(): a poll found the printer ready after it was not (or the first time).
    """

    polled = Signal(object)
    became_ready = Signal()

    def __init__(
        self,
        settings_of: Callable[[], Settings],
        *,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings_of = settings_of
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._answer = _Answer(self)
        self._answer.ready.connect(self._answered, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll_now)
        self._busy = False
        self._again = False
        self._ready: bool | None = None
        self.last: PrinterStatus | None = None

    def start(self) -> None:
        self._timer.start()
        self.poll_now()

    def stop(self) -> None:
        self._timer.stop()

    def wait(self, msecs: int = 10000) -> bool:
        """Let a running poll finish (app exit and tests)."""
        return self._pool.waitForDone(msecs)

    def poll_now(self) -> None:
        """Ask now (a poll already running is followed by another one)."""
        if self._busy:
            self._again = True
            return
        settings = dataclasses.replace(self._settings_of())  # read on the UI thread: whole
        if settings.print_target == NO_PRINTING:
            self._answered(None)
            return
        self._busy = True
        self._pool.start(_StatusTask(settings, self._answer))

    def _answered(self, status: PrinterStatus | None) -> None:
        self._busy = False
        if status != self.last:
            self._log(status)
        self.last = status
        self.polled.emit(status)
        ready = None if status is None else status.ready
        if ready and self._ready is not True:
            self.became_ready.emit()
        self._ready = ready
        if self._again:
            self._again = False
            self.poll_now()

    def _log(self, status: PrinterStatus | None) -> None:
        if status is None:
            log.info("printer status: not reported")
        elif status.ready:
            log.info("printer status: ready (%s)", status.detail)
        else:
            log.warning("printer status: %s (%s)", status.problem, status.detail)
