"""Register a walk-in party for a tour that still has room, and check it in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.core.changes import Change
from kiosk.services import lookup, staff_actions
from kiosk.ui.accessibility import describe
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.notice import Notice
from kiosk.ui.supervisor.widgets import refill_combo, touch_combo
from kiosk.ui.widgets.common import button


class Stepper(QWidget):
    """A touch number picker: big − and + around the value."""

    def __init__(self, minimum: int = 1, maximum: int = 20, parent: QWidget | None = None):
        super().__init__(parent)
        self.minimum, self.maximum = minimum, maximum
        self._value = minimum
        self.minus = button("−", "key")
        self.plus = button("+", "key")
        self.shown = QLabel(str(minimum))
        self.shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shown.setMinimumWidth(64)
        self.shown.setObjectName("PageTitle")
        self.minus.clicked.connect(lambda: self.set_value(self._value - 1))
        self.plus.clicked.connect(lambda: self.set_value(self._value + 1))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.minus)
        layout.addWidget(self.shown)
        layout.addWidget(self.plus)

    def value(self) -> int:
        return self._value

    def set_value(self, value: int) -> None:
        self._value = max(self.minimum, min(self.maximum, value))
        self.shown.setText(str(self._value))


class WalkInPanel(QGroupBox):
    """Today's tours with their free places, a party size, an optional name, "Register".

    Signals:
        registered(str): the new booking's code (it is checked in already).
    """

    registered = Signal(str)

    def __init__(self, context: ConsoleContext, notice: Notice, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._notice = notice
        self.walk_session_combo = touch_combo()
        self.walk_size = Stepper(1, 20)
        self.walk_name = QLineEdit()
        self.walk_button = button("")
        self.walk_button.clicked.connect(lambda: self.register_walk_in())
        layout = QVBoxLayout(self)
        for widget in (self.walk_session_combo, self.walk_size, self.walk_name, self.walk_button):
            layout.addWidget(widget)

    def reload(self) -> None:
        """Read the tours that take walk-ins and their free places again."""
        self._context.reader.run(
            lookup.sessions_with_room,
            self._context.env,
            on_done=self._show_sessions,
            on_error=self._notice.fail,
        )

    def _show_sessions(self, sessions: list[lookup.SessionRoom]) -> None:
        refill_combo(
            self.walk_session_combo,
            [(f"{s.starts_at:%H:%M} · " + self.tr("%n free", "", s.free), s.id) for s in sessions],
        )

    def register_walk_in(self) -> None:
        session_id = self.walk_session_combo.currentData()
        if not session_id:
            self._notice.say(self.tr("No tour has free places now."))
            return
        size, name = self.walk_size.value(), self.walk_name.text().strip()
        env = self._context.staff_env

        def done(walk: staff_actions.WalkIn) -> None:
            result = walk.check_in
            text = self.tr("Walk-in %1 registered.").replace("%1", walk.code)
            if result is not None:
                text += " " + self._context.sentence(result.message_en, result.message_zh)
            self._notice.say(text)
            self.walk_name.clear()
            self._context.changed(Change.PROGRAM, Change.CHECKINS)
            self.registered.emit(walk.code)

        self._context.writer.run(
            lambda: staff_actions.walk_in(env, str(session_id), size=size, name=name),
            on_done=done,
            on_error=self._notice.fail,
        )

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Walk-in"))
        self.walk_name.setPlaceholderText(self.tr("Name (optional)"))
        self.walk_button.setText(self.tr("Register walk-in"))
        describe(self.walk_session_combo, self.tr("Tour"), self.tr("The tour the walk-ins join."))
        describe(self.walk_size.minus, self.tr("One fewer"), self.tr("One person fewer."))
        describe(self.walk_size.plus, self.tr("One more"), self.tr("One person more."))
        describe(self.walk_name, self.tr("Name (optional)"), self.tr("The walk-in's name."))
        describe(
            self.walk_button,
            self.tr("Register walk-in"),
            self.tr("Books and checks in the walk-in party."),
        )
