"""``--screenshot FILE``: start the kiosk, save its first page as a picture, and quit.

For whoever sets a kiosk up from afar (and for the install smoke tests): it proves the
program, its data files, fonts and database all work on this machine, and shows what a
visitor would see, without anyone standing at the screen.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

log = logging.getLogger("kiosk.ui")

POLL_MS = 50
READY_TIMEOUT_S = 30.0


def page_name(page: Any) -> str:
    """``ScanPage`` -> ``"scan"``; what the saved picture shows, in one word."""
    name = type(page).__name__
    return (name.removesuffix("Page") or name).lower()


def save_when_ready(window: Any, path: Path, outcome: dict[str, Any]) -> None:
    """Once the window's start-up work is done, save it to ``path`` and quit the app.

    "Done" is: the mode's home page (or the fault page) is showing and the background lane
    has answered every start-up call (the current tour, the integrity check).

    Args:
        window: the started :class:`kiosk.ui.main_window.MainWindow`.
        path: a ``.png`` (or any format Qt writes) to save.
        outcome: filled with ``page`` and ``saved`` (bool) for the caller's message.
    """
    began = time.monotonic()

    def attempt() -> None:
        page = window.current_page()
        settled = window.context.worker.idle and page in (window.home_page(), window.message_page)
        if not settled and time.monotonic() - began < READY_TIMEOUT_S:
            QTimer.singleShot(POLL_MS, attempt)
            return
        outcome["page"] = page_name(page)
        path.parent.mkdir(parents=True, exist_ok=True)
        outcome["saved"] = bool(settled and window.grab().save(str(path)))
        if not outcome["saved"]:
            log.error("screenshot of the %s page not saved to %s", outcome["page"], path)
        window.quit_app()

    QTimer.singleShot(0, attempt)
