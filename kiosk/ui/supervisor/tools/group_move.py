"""Move the chosen booking's people to another group of their tour."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.core.changes import Change
from kiosk.services import lookup, staff_actions
from kiosk.ui.accessibility import describe
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.notice import Notice
from kiosk.ui.supervisor.widgets import refill_combo, touch_combo
from kiosk.ui.widgets.common import button


class GroupMove(QWidget):
    """The tour's groups (guide, how full) and a button that moves the party to the chosen one.

    Args:
        reason: the reason staff typed (optional for a move; logged with it).

    Signals:
        moved(): the party is in its new group.
    """

    moved = Signal()

    def __init__(
        self,
        context: ConsoleContext,
        notice: Notice,
        reason: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._notice = notice
        self._reason = reason
        self.party: lookup.PartyDetails | None = None
        self.group_combo = touch_combo()
        self.move_button = button("", "secondary")
        self.move_button.clicked.connect(lambda: self.move_party())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.group_combo, 1)
        layout.addWidget(self.move_button, 1)

    def set_party(self, party: lookup.PartyDetails | None) -> None:
        """Offer the groups of ``party``'s tour (None: nothing to move)."""
        self.party = party
        self.group_combo.setEnabled(party is not None)
        self.move_button.setEnabled(party is not None)
        if party is not None:
            self._context.reader.run(
                lookup.session_groups,
                self._context.env,
                party.session_id,
                on_done=self._show_groups,
                on_error=self._notice.fail,
            )

    def _show_groups(self, groups: list[lookup.GroupRoom]) -> None:
        refill_combo(
            self.group_combo,
            [
                (f"{g.letter} · {g.guide or '—'} · {g.assigned}/{g.capacity}", g.letter)
                for g in groups
            ],
        )

    def move_party(self) -> None:
        letter = self.group_combo.currentData()
        if not (self.party and letter):
            return
        code, reason, env = self.party.code, self._reason().strip(), self._context.staff_env

        def done(result: staff_actions.MoveResult) -> None:
            self._notice.say(
                self.tr("Moved %1 people to group %2.")
                .replace("%1", str(result.moved))
                .replace("%2", result.group)
            )
            self._context.changed(Change.CHECKINS)
            self.moved.emit()

        self._context.writer.run(
            lambda: staff_actions.move_party(env, code, str(letter), reason=reason),
            on_done=done,
            on_error=self._notice.fail,
        )

    def retranslate_ui(self) -> None:
        self.move_button.setText(self.tr("Move to group"))
        describe(self.group_combo, self.tr("Group"), self.tr("The group to move the party to."))
        describe(
            self.move_button, self.tr("Move to group"), self.tr("Moves the party to that group.")
        )
