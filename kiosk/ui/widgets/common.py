"""Building blocks every page uses; thin and free of service calls."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from kiosk.ui.theme import readable_text_on, repolish


def button(text: str = "", role: str = "", *, parent: QWidget | None = None) -> QPushButton:
    """A touch button; ``role`` picks its look in the style sheet (secondary, key, toggle …)."""
    widget = QPushButton(text, parent)
    if role:
        widget.setProperty("role", role)
    # Tab reaches it (keyboard-only use); a tap never takes the focus from a text field, and
    # a scanner's burst never "clicks" it (the scanner filter takes the keys and their Enter).
    widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return widget


def label(text: str = "", name: str = "", *, wrap: bool = True, centre: bool = False) -> QLabel:
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    if centre:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


class Page(QWidget):
    """A full-screen page: re-reads its texts when the language changes.

    Subclasses implement ``retranslate_ui`` with their own ``self.tr`` calls (Qt's
    translation context is the class name, so ``tr`` must not be called here).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

    def retranslate_ui(self) -> None:  # pragma: no cover - every page overrides it
        pass

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class LongPressButton(QPushButton):
    """A discreet button that fires only after being held (staff exit from self-service).

    Signals:
        long_pressed(): emitted once the button has been held for ``hold_ms``.
    """

    long_pressed = Signal()

    def __init__(self, text: str = "", hold_ms: int = 2000, parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setProperty("role", "corner")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hold_ms)
        self._timer.timeout.connect(self.long_pressed)
        self.pressed.connect(self._timer.start)
        self.released.connect(self._timer.stop)


class OutcomeIcon(QWidget):
    """A circle with ✓, ! or ✕ drawn with QPainter: colour is never the only signal."""

    KINDS = ("ok", "attention", "refused")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind = "ok"
        self._colour = QColor("#FFFFFF")
        self.setMinimumSize(QSize(120, 120))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    @property
    def kind(self) -> str:
        return self._kind

    def set_kind(self, kind: str, colour: str) -> None:
        self._kind = kind if kind in self.KINDS else "refused"
        self._colour = QColor(colour)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(160, 160)

    def paintEvent(self, _event: QEvent) -> None:
        side = min(self.width(), self.height())
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self._colour, side * 0.08)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        inset = side * 0.06
        painter.drawEllipse(box.adjusted(inset, inset, -inset, -inset))
        x, y, s = box.x(), box.y(), side

        def at(fx: float, fy: float) -> QPointF:
            return QPointF(x + fx * s, y + fy * s)

        pen.setWidthF(s * 0.1)
        painter.setPen(pen)
        if self._kind == "ok":
            path = QPainterPath(at(0.28, 0.52))
            path.lineTo(at(0.44, 0.68))
            path.lineTo(at(0.73, 0.36))
            painter.drawPath(path)
        elif self._kind == "attention":
            painter.drawLine(at(0.5, 0.26), at(0.5, 0.58))
            painter.drawPoint(at(0.5, 0.75))
        else:
            painter.drawLine(at(0.34, 0.34), at(0.66, 0.66))
            painter.drawLine(at(0.66, 0.34), at(0.34, 0.66))
        painter.end()


class GroupBadge(QLabel):
    """The group letter, big, on the group's colour, with a contrast-aware text colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GroupBadge")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(QSize(150, 150))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def show_group(self, letter: str, colour: str | None) -> None:
        background = colour or "#607D8B"
        text = readable_text_on(background)
        self.setText(letter)
        self.setStyleSheet(
            f"QLabel#GroupBadge {{ background: {background}; color: {text};"
            " border: 4px solid #FFFFFF; border-radius: 16px;"
            " font-size: 110px; font-weight: bold; }"
        )
        repolish(self)
