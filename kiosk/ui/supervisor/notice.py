"""The one line where a console page says what happened: a notice, or why a call failed."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.widgets import set_text


class Notice(QLabel):
    """A page's (and its panels') single message line, in the console's language.

    Pass :meth:`fail` as a background call's ``on_error``: a ``KioskError`` shows its own
    sentence, anything else a plain one (the detail goes to the log, never to the screen).
    """

    def __init__(
        self, context: ConsoleContext, name: str = "Message", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.setObjectName(name)
        self.setWordWrap(True)

    def say(self, text: str) -> None:
        """Show a sentence that is already in the UI language."""
        set_text(self, text)

    def say_both(self, en: str, zh: str) -> None:
        """Show a service's two-language sentence in the console's language."""
        self.say(self._context.sentence(en, zh))

    def fail(self, error: BaseException) -> None:
        """Show why a call failed, in one sentence."""
        self.say(self._context.message(error))
