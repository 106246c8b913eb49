"""What staff may do to the chosen booking: check in, override, undo, check out, reprint its
badges, show its phone number (moving it to another group is :mod:`.group_move`).

Actions that bypass a rule or show personal data (override, undo, showing a phone) need a
reason, which goes into the scan log with the operator's name.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.core.changes import Change
from kiosk.services import checkin, lookup, staff_actions
from kiosk.services.env import ServiceEnv
from kiosk.services.results import CheckInResult
from kiosk.ui.accessibility import describe
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.notice import Notice
from kiosk.ui.supervisor.tools.group_move import GroupMove
from kiosk.ui.supervisor.tools.reprint import reprint_badges
from kiosk.ui.widgets.common import button


class BookingActions(QWidget):
    """A reason field and the action buttons, enabled while a booking is chosen.

    Signals:
        changed(): an action changed the booking (show it again).
        phone_revealed(str): the full phone number staff asked for.
    """

    changed = Signal()
    phone_revealed = Signal(str)

    def __init__(self, context: ConsoleContext, notice: Notice, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._notice = notice
        self.party: lookup.PartyDetails | None = None
        self.reason_edit = QLineEdit()
        self.check_in_button = button("")
        self.override_button = button("", "danger")
        self.undo_button = button("", "secondary")
        self.check_out_button = button("", "secondary")
        self.reprint_button = button("", "secondary")
        self.phone_button = button("", "secondary")
        self.group_move = GroupMove(context, notice, self.reason_edit.text)
        self.group_move.moved.connect(self.changed)
        self._buttons = (
            (self.check_in_button, self.check_in),
            (self.override_button, self.override),
            (self.undo_button, self.undo),
            (self.check_out_button, self.check_out),
            (self.reprint_button, self.reprint),
            (self.phone_button, self.reveal_phone),
        )
        for widget, action in self._buttons:
            widget.clicked.connect(lambda _checked=False, act=action: act())
        grid = QGridLayout()
        for column, widget in enumerate(
            (self.check_in_button, self.override_button, self.undo_button, self.check_out_button)
        ):
            grid.addWidget(widget, 0, column)
            grid.setColumnStretch(column, 1)
        # Longer labels get two columns each, so no text is cut at 1280 px.
        grid.addWidget(self.reprint_button, 1, 0, 1, 2)
        grid.addWidget(self.phone_button, 1, 2, 1, 2)
        grid.addWidget(self.group_move, 2, 0, 1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.reason_edit)
        layout.addLayout(grid)
        self.set_party(None)

    def set_party(self, party: lookup.PartyDetails | None) -> None:
        """Act on ``party`` from now on (None: nothing chosen, every action off)."""
        self.party = party
        for widget, _action in self._buttons:
            widget.setEnabled(party is not None)
        self.group_move.set_party(party)

    def _reason(self) -> str | None:
        reason = self.reason_edit.text().strip()
        if not reason:
            self._notice.say(self.tr("Please type a reason first."))
            self.reason_edit.setFocus()
            return None
        return reason

    def _write(self, call: Callable[[ServiceEnv], CheckInResult]) -> None:
        """Run a check-in action on the writer lane; say its answer and show the booking again."""

        def done(result: CheckInResult) -> None:
            self._notice.say_both(result.message_en, result.message_zh)
            self._context.changed(Change.CHECKINS)
            self.changed.emit()

        env = self._context.staff_env
        self._context.writer.run(call, env, on_done=done, on_error=self._notice.fail)

    def check_in(self) -> None:
        if self.party:
            code = self.party.code
            self._write(lambda env: checkin.check_in(env, code))

    def override(self) -> None:
        reason = self._reason()
        if self.party and reason:
            code = self.party.code
            self._write(lambda env: checkin.check_in(env, code, override_reason=reason))

    def undo(self) -> None:
        reason = self._reason()
        if self.party and reason:
            code = self.party.code
            self._write(lambda env: checkin.undo_check_in(env, code, reason=reason))

    def check_out(self) -> None:
        if self.party:
            code = self.party.code
            self._write(lambda env: checkin.check_out(env, code))

    def reveal_phone(self) -> None:
        reason = self._reason()
        if not (self.party and reason):
            return
        code, env = self.party.code, self._context.staff_env
        self._context.writer.run(
            lambda: staff_actions.reveal_phone(env, code, reason=reason),
            on_done=self.phone_revealed.emit,
            on_error=self._notice.fail,
        )

    def reprint(self) -> None:
        """Badge everyone of the booking who is checked in."""
        if self.party:
            reprint_badges(self._context, self.party, self._notice)

    def retranslate_ui(self) -> None:
        self.reason_edit.setPlaceholderText(
            self.tr("Reason (needed to override, undo, or show a phone number)")
        )
        self.check_in_button.setText(self.tr("Check in"))
        self.override_button.setText(self.tr("Override"))
        self.undo_button.setText(self.tr("Undo"))
        self.check_out_button.setText(self.tr("Check out"))
        self.reprint_button.setText(self.tr("Reprint badges"))
        self.phone_button.setText(self.tr("Show phone"))
        describe(
            self.reason_edit,
            self.tr("Reason"),
            self.tr("Needed to override, undo, or show a phone number; it is logged."),
        )
        describe(self.check_in_button, self.tr("Check in"), self.tr("Checks the party in."))
        describe(
            self.override_button,
            self.tr("Override"),
            self.tr("Checks the party in despite a refusal, with the reason given."),
        )
        describe(self.undo_button, self.tr("Undo"), self.tr("Takes back the party's check-in."))
        describe(self.check_out_button, self.tr("Check out"), self.tr("Marks the party as left."))
        describe(
            self.reprint_button, self.tr("Reprint badges"), self.tr("Prints the party's badges.")
        )
        describe(
            self.phone_button,
            self.tr("Show phone"),
            self.tr("Shows the whole phone number once, with the reason logged."),
        )
        self.group_move.retranslate_ui()
