"""Prints the badges of each admission on its own thread, never on the UI thread.

A separate single-thread pool from the database worker: a slow or dead printer must not hold
up the next check-in. The result page hears ``printing`` → ``printed`` / ``failed``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from kiosk.services.env import ServiceEnv
from kiosk.ui.signals import Bridge

if TYPE_CHECKING:
    from kiosk.services.printing import PrintOutcome

log = logging.getLogger(__name__)


def _load_badge_modules() -> None:
    """Load Pillow, qrcode and the badge code on the printer thread, after start-up.

    The first admission then neither waits for them to print nor (for the group colour's
    text, see ``theme.readable_text_on``) on the UI thread.
    """
    import kiosk.services.printing
    import kiosk.ui.printing  # noqa: F401


class _Done(QObject):
    finished = Signal(object)


class _PrintTask(QRunnable):
    def __init__(self, env: ServiceEnv, visitor_ids: list[int], done: _Done) -> None:
        super().__init__()
        self.env, self.visitor_ids, self.done = env, visitor_ids, done

    def run(self) -> None:
        # Imported here: Pillow, qrcode and QtPrintSupport stay out of the start-up path.
        from kiosk.services.printing import PrintOutcome, print_visitor_badges
        from kiosk.ui.printing import sink_for

        try:
            outcome = print_visitor_badges(self.env, self.visitor_ids, sink_for(self.env.settings))
        except Exception as exc:  # e.g. the database went away while recording the job
            log.exception("printing failed")
            outcome = PrintOutcome((), printed=False, error_en=str(exc))
        self.done.finished.emit(outcome)


class BadgePrinter(QObject):
    """Listens to ``bridge.print_requested`` and answers on ``bridge.print_status``."""

    def __init__(self, env: ServiceEnv, bridge: Bridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.env = env
        self.bridge = bridge
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._done = _Done(self)
        self._done.finished.connect(self._finished)
        bridge.print_requested.connect(self.print_badges)
        self.pool.start(_load_badge_modules)

    @Slot(list)
    def print_badges(self, visitor_ids: list[int]) -> None:
        if self.env.settings.print_target == "none" or not visitor_ids:
            return
        self.bridge.print_status.emit("printing")
        self.pool.start(_PrintTask(self.env, list(visitor_ids), self._done))

    def _finished(self, outcome: PrintOutcome) -> None:
        if outcome.skipped:
            self.bridge.print_status.emit("")
        elif outcome.printed:
            self.bridge.print_status.emit("printed")
        else:
            log.warning("badge printing failed: %s", outcome.error_en)
            self.bridge.print_status.emit("failed")

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
