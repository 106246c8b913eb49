"""Application-wide event filters: the self-service lock and the idle watcher."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent

_USER_INPUT = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.KeyPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.Wheel,
    }
)


def is_escape_key(event: QKeyEvent) -> bool:
    """Esc, Alt+F4, Ctrl+Q, Ctrl+W (and Ctrl+Shift variants): ways out a visitor may try."""
    key = event.key()
    modifiers = event.modifiers()
    ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
    alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
    if key == Qt.Key.Key_Escape:
        return True
    if key == Qt.Key.Key_F4 and (alt or ctrl):
        return True
    return ctrl and key in (Qt.Key.Key_Q, Qt.Key.Key_W)


class SelfModeGuard(QObject):
    """Swallows the keys that would close or leave the window while in self-service mode.

    Signals:
        blocked(): an escape attempt was stopped (for the log and tests).
    """

    blocked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.active = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.active:
            return False
        if event.type() in (
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyRelease,
        ):
            assert isinstance(event, QKeyEvent)
            if is_escape_key(event):
                if event.type() == QEvent.Type.KeyPress:
                    self.blocked.emit()
                event.accept()
                return True
        return False


class IdleWatcher(QObject):
    """Restarts a countdown on every touch, click or key; at zero it emits ``idle``."""

    idle = Signal()

    def __init__(self, seconds: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(seconds, 1) * 1000)
        self.timer.timeout.connect(self.idle)

    def restart(self) -> None:
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _USER_INPUT:
            self.timer.start()
        return False
