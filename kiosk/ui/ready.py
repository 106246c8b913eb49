"""``KIOSK_EXIT_WHEN_READY=1``: quit as soon as the kiosk is ready to scan (start-up timing).

``kiosk bench`` starts ``kiosk run`` with this switch and times how long the new process takes
until it prints ``READY``: the window has prepared its database, shown its home page and
painted it once.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.ui.main_window import MainWindow

EXIT_WHEN_READY_ENV = "KIOSK_EXIT_WHEN_READY"
READY_LINE = "READY"


def exit_when_ready_if_asked(window: MainWindow) -> None:
    """With ``KIOSK_EXIT_WHEN_READY=1`` set, make ``window`` paint, say READY and quit once ready."""
    if os.environ.get(EXIT_WHEN_READY_ENV) != "1":
        return

    def ready() -> None:
        window.grab()  # the first page, painted
        sys.stdout.write(READY_LINE + "\n")
        sys.stdout.flush()
        window.quit_app()

    window.ready.connect(ready)
