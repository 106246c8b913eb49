"""Application bootstrap: the QApplication, the kiosk's context, the main window.

Start must be fast (ready to scan in well under 2 s): the services, the supervisor console
and the input devices are imported only when the window is built.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QLoggingCategory, Qt
from PySide6.QtWidgets import QApplication

from kiosk.config import MODES, Settings
from kiosk.core.errors import KioskError
from kiosk.services.env import ServiceEnv
from kiosk.ui.i18n import Translations
from kiosk.ui.input.virtual_keyboard import LOG_RULES as KEYBOARD_LOG_RULES
from kiosk.ui.service_calls import KioskServices, load_services
from kiosk.ui.signals import Bridge
from kiosk.ui.theme import apply_theme
from kiosk.ui.workers import Worker

log = logging.getLogger("kiosk.ui")


@dataclass
class AppContext:
    """Everything the pages of one kiosk share.

    Attributes:
        env: database, settings, clock and kiosk id for service calls.
        mode: ``"gate"`` (staff), ``"self"`` (visitors) or ``"supervisor"``.
        translations: the UI language and its date/time formatting.
        bridge: app-wide signals.
        worker: the serial background lane for service calls.
        services: the check-in and look-up calls of the kiosk's pages (the real services
            unless given; tests may hand in a stand-in; None: not available).
    """

    env: ServiceEnv
    mode: str = "gate"
    translations: Translations = field(default_factory=lambda: Translations("zh"))
    bridge: Bridge = field(default_factory=Bridge)
    worker: Worker = field(default_factory=Worker)
    services: KioskServices | None = None
    last_fault: str = ""
    """The last fault's detail (time and full sentence) for the staff page; never shown to
    visitors."""

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}")
        if self.services is None:
            self.services = load_services()

    @property
    def settings(self) -> Settings:
        return self.env.settings

    @property
    def language(self) -> str:
        return self.translations.language

    def message(self, error: BaseException) -> str:
        """One sentence for a failed call, in the UI language; never a traceback. Visitors
        (self-service mode) are told what to do, staff what broke (see :mod:`kiosk.ui.faults`)."""
        from kiosk.ui import faults

        if not isinstance(error, KioskError):
            log.error("unexpected error in a background call", exc_info=error)
        if not isinstance(error, faults.VISITOR_SAFE):
            self.record_fault(error)
        if isinstance(error, KioskError) and (
            self.mode != "self" or isinstance(error, faults.VISITOR_SAFE)
        ):
            return self.translations.message(error.message, error.message_zh)
        return self.translations.message(
            "Something went wrong; nothing was changed. Please ask a member of staff.",
            "出现错误，未做任何更改。请联系工作人员。",
        )

    def record_fault(self, error: BaseException) -> None:
        """Keep a fault's detail for the staff page (and log it once)."""
        from kiosk.ui import faults

        text = faults.detail(error)
        log.warning("fault: %s", text)
        self.last_fault = f"{self.env.now():%H:%M} {text}"


def create_app(argv: Sequence[str] | None = None) -> QApplication:
    """The one QApplication, themed (fonts, sizes, style sheet)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setApplicationName("tour-kiosk")
    # QtMultimedia lists every optional codec library it cannot find; that is noise to staff.
    # The on-screen keyboard's loader threads must not call into Python (LOG_RULES says why).
    QLoggingCategory.setFilterRules(
        "qt.multimedia.symbolsresolver=false\nqt.multimedia.ffmpeg.info=false\n"
        + KEYBOARD_LOG_RULES
    )
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    apply_theme(app)
    return app


def install_excepthook(context: AppContext) -> None:
    """Log unexpected errors and show one sentence on the page instead of crashing."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("uncaught error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        with contextlib.suppress(Exception):  # the hook itself must never raise
            context.bridge.message.emit(context.message(value))

    sys.excepthook = hook


def run_app(
    env: ServiceEnv, mode: str, fullscreen: bool = False, screenshot: Path | None = None
) -> int:
    """Show the kiosk and run the event loop until it is closed; returns the exit code.

    Args:
        screenshot: save the first page there once start-up is done, then quit
            (:mod:`kiosk.ui.snapshot`); the exit code is 1 if no picture was saved.
    """
    from kiosk.ui.input.virtual_keyboard import keyboard_wanted, prepare
    from kiosk.ui.logs import log_platform, route_qt_messages, trace_native_crashes

    trace_native_crashes()
    route_qt_messages()
    # The keyboard's input method is chosen when the QApplication is made: decide it first.
    keyboard = prepare(keyboard_wanted(env.settings.on_screen_keyboard, mode))
    app = create_app()
    log_platform(app)
    from kiosk.ui.garbage import MainThreadCollector

    collector = MainThreadCollector(app)
    from kiosk.ui.main_window import MainWindow

    context = AppContext(env=env, mode=mode, translations=Translations(env.settings.language))
    install_excepthook(context)
    window = MainWindow(context)
    from kiosk.ui.ready import exit_when_ready_if_asked

    exit_when_ready_if_asked(window)
    if keyboard:  # docked once the kiosk is shown and ready to scan: start-up stays fast
        window.ready.connect(window.attach_keyboard)
    window.start(fullscreen=fullscreen)
    snapshot: dict[str, Any] = {}
    if screenshot is not None:
        from kiosk.ui.snapshot import save_when_ready

        save_when_ready(window, screenshot, snapshot)
    printers: list[Any] = []

    def start_printer() -> None:
        # Made once the kiosk is ready: it loads the badge modules in the background, which
        # would otherwise compete with the first paint for the CPU.
        if printers:
            return
        from kiosk.ui.badge_printer import BadgePrinter

        printers.append(BadgePrinter(env, context.bridge, window))

    window.ready.connect(start_printer)
    code = app.exec()
    window.shutdown()
    for printer in printers:
        printer.wait(5000)
    collector.stop()
    if screenshot is not None:
        page = snapshot.get("page", "first")
        if not snapshot.get("saved"):
            sys.stderr.write(f"kiosk: the {page} page could not be saved to {screenshot}.\n")
            return 1
        sys.stdout.write(f"Saved the {page} page to {screenshot}.\n")
    return int(code)
