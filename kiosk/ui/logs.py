"""What the app writes to ``kiosk.log`` beyond Python's own records: Qt's messages, native crashes.

At the gate, the log is all that is left of a fault: Qt's warnings (a printer plugin that fails,
a camera that vanishes, a platform plugin that cannot load) otherwise go to a terminal nobody
reads, and a crash inside Qt ends the process without a Python traceback. The command line
sets up the ``kiosk`` logger and its file (:func:`kiosk.cli._configure_logging`); the app
calls :func:`route_qt_messages` and :func:`trace_native_crashes` when it starts.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
from pathlib import Path
from typing import IO, Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

QT_LOGGER = "kiosk.qt"
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
# Kept open for the life of the process: faulthandler writes to its descriptor when Python
# itself can no longer run (so never to a stream that a log rotation might close).
_crash_file: IO[str] | None = None


def qt_message_to_log(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt message handler: every Qt message becomes a record of the ``kiosk.qt`` logger."""
    category = getattr(context, "category", None) or "qt"
    level = _LEVELS.get(kind, logging.WARNING)
    logging.getLogger(QT_LOGGER).log(level, "%s: %s", category, message)
    if kind == QtMsgType.QtFatalMsg:  # Qt aborts the process right after this call
        for handler in logging.getLogger("kiosk").handlers:
            handler.flush()
        if sys.stderr is not None:
            sys.stderr.write(f"kiosk: Qt stopped the program: {message} (details in kiosk.log)\n")


def route_qt_messages() -> Any:
    """Send Qt's own messages to the kiosk log instead of the terminal.

    Returns:
        The handler that was installed before (``None`` for Qt's default), so that a caller
        may restore it with ``qInstallMessageHandler``.
    """
    return qInstallMessageHandler(qt_message_to_log)


def log_platform(app: Any) -> None:
    """One line saying where the window goes: Qt version, platform plugin, screen size."""
    from PySide6.QtCore import qVersion

    screen = app.primaryScreen()
    size = screen.size() if screen is not None else None
    shown = f"{size.width()}x{size.height()}" if size is not None else "none"
    logging.getLogger("kiosk.ui").info(
        "Qt %s on the %s platform, screen %s", qVersion(), app.platformName(), shown
    )


def kiosk_log_path() -> Path | None:
    """The file the ``kiosk`` logger writes to, if the command line set one up."""
    for handler in logging.getLogger("kiosk").handlers:
        filename = getattr(handler, "baseFilename", None)
        if filename:
            return Path(filename)
    return None


def trace_native_crashes(path: Path | None = None) -> Path | None:
    """Make a segfault or abort write every thread's Python stack to the kiosk log.

    Args:
        path: the log file; by default the ``kiosk`` logger's file (none: nothing is done).

    Returns:
        The file the traces go to, or None. After the log rotates (at 2 MB) a trace still
        lands in the file that was current at start-up, renamed ``kiosk.log.1``.
    """
    global _crash_file
    target = path or kiosk_log_path()
    if target is None:
        return None
    try:
        crash_file = target.open("a", encoding="utf-8")
    except OSError:
        logging.getLogger("kiosk.ui").warning("native crash traces cannot go to %s", target)
        return None
    faulthandler.enable(file=crash_file, all_threads=True)
    if _crash_file is not None:
        _crash_file.close()
    _crash_file = crash_file
    return target
