"""The ``kiosk`` program: the command line with the touchscreen app plugged in.

The two front ends (``kiosk.cli`` and ``kiosk.ui``) never import each other; this module sits
above both and lends the command line what only the app has: its window (``kiosk run``,
``kiosk demo``) and the Qt print spooler (``kiosk print``). Qt is imported only when one of
those is used, so every other command starts without it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.badges.sink import BadgeSink
    from kiosk.services.env import ServiceEnv


class QtFrontEnd:
    """The touchscreen app as the command line's :class:`~kiosk.cli.common.FrontEnd`."""

    def require_display(self) -> None:
        from kiosk.ui.display import require_display

        require_display()

    def run_window(
        self, env: ServiceEnv, mode: str, fullscreen: bool, screenshot: Path | None = None
    ) -> int:
        from kiosk.ui.app import run_app

        return run_app(env, mode, fullscreen, screenshot)

    def spooler(self, printer_name: str | None) -> BadgeSink:
        # Printing from a terminal needs no screen: Qt runs offscreen when there is none.
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from kiosk.ui.printing import SpoolerSink

        return SpoolerSink(printer_name)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kiosk`` console script."""
    from kiosk.cli import main as cli_main

    return cli_main(argv, front_end=QtFrontEnd())


if __name__ == "__main__":
    sys.exit(main())
