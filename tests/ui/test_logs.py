"""Qt's own messages and native crashes end up in kiosk.log, where staff and support look."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import qInstallMessageHandler, qWarning

from kiosk.ui.logs import QT_LOGGER, route_qt_messages

_CRASH = """
import ctypes, sys
from pathlib import Path
from kiosk.ui.logs import trace_native_crashes
log = Path(sys.argv[1])
log.write_text("2025-02-02 09:10:00 INFO kiosk: started\\n")
assert trace_native_crashes(log) == log
def scan_handler():
    ctypes.string_at(0)  # a native crash, as a faulty driver or Qt plugin would cause
scan_handler()
"""


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_qt_warnings_become_kiosk_log_records() -> None:
    """A Qt warning goes to the kiosk.qt logger (and so to kiosk.log) at WARNING level."""
    records = _Records()
    logger = logging.getLogger(QT_LOGGER)
    logger.addHandler(records)
    previous = route_qt_messages()
    try:
        qWarning("printer plugin could not be loaded")
    finally:
        qInstallMessageHandler(previous)  # give pytest-qt its own handler back
        logger.removeHandler(records)
    [record] = records.records
    assert record.levelno == logging.WARNING
    assert record.getMessage().endswith("printer plugin could not be loaded")


def test_a_native_crash_leaves_its_python_stack_in_the_log(tmp_path: Path) -> None:
    """A segfault appends the crashing thread's stack (the function names) to kiosk.log."""
    log = tmp_path / "kiosk.log"
    done = subprocess.run(
        [sys.executable, "-c", _CRASH, str(log)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    text = log.read_text(encoding="utf-8")
    assert text.startswith("2025-02-02 09:10:00 INFO kiosk: started\n")
    assert "Fatal Python error: Segmentation fault" in text
    assert "scan_handler" in text
