"""What makes the kiosk usable by touch alone and by any visitor, for one window: the docked
on-screen keyboard, results read aloud, and large text with high contrast.

The window creates one :class:`Assist` and calls it at three moments: a result is shown
(:meth:`Assist.result_shown`), the UI language changed (:meth:`Assist.set_language`), and
after its first paint (:meth:`Assist.attach_keyboard`, when the keyboard was prepared before
the QApplication was made: see :func:`kiosk.ui.input.virtual_keyboard.prepare`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

from kiosk.ui.theme import large_text_on, set_large_text

if TYPE_CHECKING:
    from kiosk.ui.input.speech import Speaker
    from kiosk.ui.input.virtual_keyboard import KeyboardDock

log = logging.getLogger("kiosk.ui")


class Assist(QObject):
    """Keyboard dock, speech and text size of one kiosk window.

    Args:
        window: the main window (the keyboard docks under its pages).
        speak_setting: the ``speak_results`` setting (``auto`` speaks in self-service mode).
        speaker: the speaker to use (tests hand in one on Qt's mock engine); by default one
            is made on the first result to speak, choosing this machine's engine.
    """

    def __init__(
        self,
        window: QMainWindow,
        *,
        speak_setting: str = "auto",
        speaker: Speaker | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self.speak_setting = speak_setting
        self._speaker = speaker
        self.dock: KeyboardDock | None = None
        self._language = "zh"

    # -- keyboard -------------------------------------------------------------------------------

    def attach_keyboard(self, language: str) -> bool:
        """Dock the on-screen keyboard under the pages, once; False where it was not prepared
        (setting off, or a physical keyboard and not self-service)."""
        if self.dock is not None:
            return True
        from kiosk.ui.input.virtual_keyboard import attach, input_method_loaded

        if not input_method_loaded():
            return False
        try:
            self.dock = attach(self._window, language=language)
        except Exception:  # the kiosk works without it (a physical keyboard, the keypad page)
            log.exception("the on-screen keyboard could not be docked")
            return False
        if self.dock is None or not self.dock.keyboard.available:
            log.warning("the on-screen keyboard is not available (its QML did not load)")
            return False
        # The pages moved into the dock's scroll area: show them now, not at the next turn of
        # the event loop (a frame drawn meanwhile, or --screenshot, would be blank).
        pages = self.dock.scroll.widget()
        for widget in (self._window.centralWidget(), self.dock.scroll, pages):
            if widget is not None and self._window.isVisible():
                widget.show()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # laid out, too
        log.info("on-screen keyboard docked (%s first)", language)
        return True

    def set_language(self, language: str) -> None:
        """The keyboard shows pinyin first for Chinese, Latin letters first for English."""
        self._language = language
        if self.dock is not None:
            self.dock.keyboard.set_language(language)

    # -- speech ---------------------------------------------------------------------------------

    @property
    def speaker(self) -> Speaker:
        if self._speaker is None:
            from kiosk.ui.input.speech import Speaker

            self._speaker = Speaker(self)
        return self._speaker

    def speaks_in(self, mode: str) -> bool:
        from kiosk.ui.input.speech import speech_wanted

        return speech_wanted(self.speak_setting, mode)

    def result_shown(self, text: str, language: str, mode: str) -> bool:
        """Read a result aloud in the visitor's language where this kiosk speaks; silent (and
        quiet) where it cannot. Returns whether speaking started."""
        if not self.speaks_in(mode):
            return False
        try:
            return self.speaker.say(text, language)
        except Exception:  # never let speech stand between a visitor and the answer
            log.exception("speaking the result failed")
            return False

    def stop_speaking(self) -> None:
        if self._speaker is not None:
            self._speaker.stop()

    # -- text size ------------------------------------------------------------------------------

    @staticmethod
    def large_text() -> bool:
        return large_text_on()

    @staticmethod
    def set_large_text(on: bool) -> bool:
        """Large text with high contrast on or off for the whole application."""
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return False
        return set_large_text(app, on)
