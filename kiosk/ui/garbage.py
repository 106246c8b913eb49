"""Python's garbage collector, run on the UI thread only.

Automatic collection starts in whichever thread happens to allocate; when that is a worker
(the database lane, the printer thread) it can finalise Qt objects there, and Qt crashes the
process. So the app switches automatic collection off and collects from a timer on the UI
thread instead, generation by generation as the counts call for it (qutebrowser does the same).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

COLLECT_EVERY_MS = 1000


class MainThreadCollector(QObject):
    """Owns garbage collection while the app runs; :meth:`stop` hands it back to Python."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = COLLECT_EVERY_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        gc.disable()
        self._timer.start()

    def collect_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold; returns it (-1: none)."""
        counts = gc.get_count()
        generation = -1
        for index in range(len(self._thresholds)):
            if self._thresholds[index] and counts[index] > self._thresholds[index]:
                generation = index
        if generation >= 0:
            gc.collect(generation)
        return generation

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        gc.enable()
