"""Staff tools: find a booking and check in, override, undo, check out, reprint, move it;
register walk-ins; print a guide's manifest.

Actions that bypass a rule or show personal data (override, undo, move, showing a phone)
need a reason, which goes into the scan log with the operator's name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.changes import Change
from kiosk.services import checkin, lookup, reports, staff_actions
from kiosk.services.results import Headcount
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.documents import manifest_html, print_html
from kiosk.ui.supervisor.live import LiveFeed
from kiosk.ui.supervisor.models import PartyModel, ReservationsModel
from kiosk.ui.supervisor.widgets import set_text, table_view
from kiosk.ui.widgets.common import Page, button, label

COMBO_STYLE = "QComboBox { min-height: 64px; font-size: 22px; padding: 0 12px; }"


def manifest_pdf(
    context: ConsoleContext, group_id: int, pdf_path: Path | None, printer: str | None
) -> str:
    """Worker side: read a group's manifest now and print it."""
    manifest = reports.guide_manifest(context.env, group_id)
    document = manifest_html(manifest, site=context.env.settings.site_name)
    return print_html(document, pdf_path=pdf_path, printer_name=printer)


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


class ToolsPage(Page):
    """Search on the left, the chosen booking and its actions below; walk-ins and manifests
    on the right."""

    def __init__(self, context: ConsoleContext, feed: LiveFeed, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SupervisorTools")
        self._context = context
        self.party: lookup.PartyDetails | None = None
        self.revealed_phone = ""

        self.search_edit = QLineEdit()
        self.search_edit.returnPressed.connect(self.search)
        self.search_button = button("")
        self.search_button.clicked.connect(self.search)
        self.results_model = ReservationsModel(self)
        self.results_view = table_view(self.results_model, stretch=1)
        self.results_view.clicked.connect(self._result_clicked)
        self.party_title = label("", "PartyTitle")
        self.party_model = PartyModel(self)
        self.party_view = table_view(self.party_model, stretch=1)
        self.reason_edit = QLineEdit()
        self.check_in_button = button("")
        self.override_button = button("", "danger")
        self.undo_button = button("", "secondary")
        self.check_out_button = button("", "secondary")
        self.reprint_button = button("", "secondary")
        self.group_combo = QComboBox()
        self.group_combo.setStyleSheet(COMBO_STYLE)
        self.move_button = button("", "secondary")
        self.phone_button = button("", "secondary")
        self.check_in_button.clicked.connect(self.check_in)
        self.override_button.clicked.connect(self.override)
        self.undo_button.clicked.connect(self.undo)
        self.check_out_button.clicked.connect(self.check_out)
        self.reprint_button.clicked.connect(self.reprint)
        self.move_button.clicked.connect(self.move_party)
        self.phone_button.clicked.connect(self.reveal_phone)

        self.walk_in_box = QGroupBox()
        self.walk_session_combo = QComboBox()
        self.walk_session_combo.setStyleSheet(COMBO_STYLE)
        self.walk_size = Stepper(1, 20)
        self.walk_name = QLineEdit()
        self.walk_button = button("")
        self.walk_button.clicked.connect(self.register_walk_in)
        self.manifest_box = QGroupBox()
        self.manifest_combo = QComboBox()
        self.manifest_combo.setStyleSheet(COMBO_STYLE)
        self.manifest_print = button("", "secondary")
        self.manifest_pdf = button("", "secondary")
        self.manifest_print.clicked.connect(lambda: self.print_manifest())
        self.manifest_pdf.clicked.connect(lambda: self.save_manifest())
        self.status = label("", "Message")

        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.search_button)
        self.search_button.setMaximumWidth(220)
        actions = QGridLayout()
        actions.addWidget(self.check_in_button, 0, 0)
        actions.addWidget(self.override_button, 0, 1)
        actions.addWidget(self.undo_button, 0, 2)
        actions.addWidget(self.check_out_button, 0, 3)
        # Longer labels get two columns each, so no text is cut at 1280 px.
        actions.addWidget(self.reprint_button, 1, 0, 1, 2)
        actions.addWidget(self.phone_button, 1, 2, 1, 2)
        actions.addWidget(self.group_combo, 2, 0, 1, 2)
        actions.addWidget(self.move_button, 2, 2, 1, 2)
        for column in range(4):
            actions.setColumnStretch(column, 1)
        left = QVBoxLayout()
        left.addLayout(search_row)
        left.addWidget(self.results_view, 2)
        left.addWidget(self.party_title)
        left.addWidget(self.party_view, 2)
        left.addWidget(self.reason_edit)
        left.addLayout(actions)

        walk = QVBoxLayout(self.walk_in_box)
        walk.addWidget(self.walk_session_combo)
        walk.addWidget(self.walk_size)
        walk.addWidget(self.walk_name)
        walk.addWidget(self.walk_button)
        manifest = QVBoxLayout(self.manifest_box)
        manifest.addWidget(self.manifest_combo)
        row = QHBoxLayout()
        row.addWidget(self.manifest_print)
        row.addWidget(self.manifest_pdf)
        manifest.addLayout(row)
        right = QVBoxLayout()
        right.addWidget(self.walk_in_box)
        right.addWidget(self.manifest_box)
        right.addWidget(self.status)
        right.addStretch(1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        feed.headcount_changed.connect(self._headcount_changed)
        self._set_party_actions()
        self.retranslate_ui()

    # --- search and selection ----------------------------------------------------------------

    def search(self, text: str | None = None) -> None:
        if text is not None:
            self.search_edit.setText(text)
        query = self.search_edit.text().strip()
        self._context.reader.run(
            lookup.search_reservations,
            self._context.env,
            query,
            on_done=self._show_results,
            on_error=self._failed,
        )

    def _show_results(self, rows: list[Any]) -> None:
        self.results_model.set_rows(rows)
        if not rows:
            self._say(self.tr("Nothing found."))
        elif len(rows) == 1:
            self.select(rows[0].code)

    def _result_clicked(self, index: QModelIndex) -> None:
        self.select(self.results_model.row_at(index.row()).code)

    def select(self, code: str) -> None:
        """Show one booking and enable the actions on it."""
        self.revealed_phone = ""
        self._context.reader.run(
            lookup.party_details,
            self._context.env,
            code,
            on_done=self._show_party,
            on_error=self._failed,
        )

    def _show_party(self, party: lookup.PartyDetails) -> None:
        self.party = party
        self.party_model.set_rows(list(party.visitors))
        phone = self.revealed_phone or party.phone_masked
        set_text(
            self.party_title,
            f"{party.code} · {party.contact_name} · {phone} · {party.starts_at:%m-%d %H:%M} · "
            + self.tr("%1 of %2 in")
            .replace("%1", str(party.checked_in))
            .replace("%2", str(party.party_size)),
        )
        self._context.reader.run(
            lookup.session_groups,
            self._context.env,
            party.session_id,
            on_done=self._show_groups,
            on_error=self._failed,
        )
        self._set_party_actions()

    def _show_groups(self, groups: list[lookup.GroupRoom]) -> None:
        current = self.group_combo.currentData()
        self.group_combo.clear()
        for g in groups:
            guide = g.guide or "—"
            self.group_combo.addItem(f"{g.letter} · {guide} · {g.assigned}/{g.capacity}", g.letter)
        index = self.group_combo.findData(current)
        if index >= 0:
            self.group_combo.setCurrentIndex(index)

    def _set_party_actions(self) -> None:
        chosen = self.party is not None
        for widget in (
            self.check_in_button,
            self.override_button,
            self.undo_button,
            self.check_out_button,
            self.reprint_button,
            self.group_combo,
            self.move_button,
            self.phone_button,
        ):
            widget.setEnabled(chosen)

    # --- actions on the chosen booking ----------------------------------------------------------

    def _reason(self) -> str | None:
        reason = self.reason_edit.text().strip()
        if not reason:
            self._say(self.tr("Please type a reason first."))
            self.reason_edit.setFocus()
            return None
        return reason

    def _write(self, fn: Any, *args: Any, **kwargs: Any) -> None:
        """Run a staff action on the writer lane, then show its answer and reload the party."""
        code = self.party.code if self.party else None

        def call() -> Any:
            return fn(self._context.staff_env, *args, **kwargs)

        def done(result: Any) -> None:
            message = getattr(result, "message_en", None)
            if message is not None:
                self._say(self._context.sentence(result.message_en, result.message_zh))
            self._context.changed(Change.CHECKINS)
            if code:
                self.select(code)

        self._context.writer.run(call, on_done=done, on_error=self._failed)

    def check_in(self) -> None:
        if self.party:
            self._write(checkin.check_in, self.party.code)

    def override(self) -> None:
        reason = self._reason()
        if self.party and reason:
            self._write(checkin.check_in, self.party.code, override_reason=reason)

    def undo(self) -> None:
        reason = self._reason()
        if self.party and reason:
            self._write(checkin.undo_check_in, self.party.code, reason=reason)

    def check_out(self) -> None:
        if self.party:
            self._write(checkin.check_out, self.party.code)

    def move_party(self) -> None:
        letter = self.group_combo.currentData()
        if not (self.party and letter):
            return
        reason = self.reason_edit.text().strip()
        code = self.party.code

        def done(result: staff_actions.MoveResult) -> None:
            self._say(
                self.tr("Moved %1 people to group %2.")
                .replace("%1", str(result.moved))
                .replace("%2", result.group)
            )
            self._context.changed(Change.CHECKINS)
            self.select(code)

        env = self._context.staff_env
        self._context.writer.run(
            lambda: staff_actions.move_party(env, code, letter, reason=reason),
            on_done=done,
            on_error=self._failed,
        )

    def reveal_phone(self) -> None:
        reason = self._reason()
        if not (self.party and reason):
            return
        party = self.party
        env = self._context.staff_env

        def done(phone: str) -> None:
            self.revealed_phone = phone or "—"
            self._show_party(party)

        self._context.writer.run(
            lambda: staff_actions.reveal_phone(env, party.code, reason=reason),
            on_done=done,
            on_error=self._failed,
        )

    def reprint(self) -> None:
        """Ask the app's printing to badge everyone of the party who is checked in."""
        if not self.party:
            return
        ids = [v.id for v in self.party.visitors if v.checked_in_at is not None]
        if not ids:
            self._say(self.tr("Nobody of this booking is checked in."))
            return
        if self._context.bridge is not None:
            self._context.bridge.print_requested.emit(ids)
            self._say(self.tr("Badges sent to the printer: %n", "", len(ids)))
            return
        from kiosk.services.printing import print_visitor_badges
        from kiosk.ui.printing import sink_for

        env = self._context.staff_env

        def done(outcome: Any) -> None:
            if outcome.printed:
                self._say(self.tr("Badges printed: %n", "", len(ids)))
            elif outcome.skipped:
                self._say(self.tr("Badge printing is switched off on this kiosk."))
            else:
                self._say(self._context.sentence(outcome.error_en, outcome.error_zh))

        self._context.writer.run(
            lambda: print_visitor_badges(env, ids, sink_for(env.settings)),
            on_done=done,
            on_error=self._failed,
        )

    # --- walk-ins and manifests ------------------------------------------------------------------

    def _headcount_changed(self, result: Headcount) -> None:
        self._fill_combo(
            self.manifest_combo,
            [
                (
                    f"{s.starts_at:%H:%M} · {g.name} · {g.guide or '—'} · {g.count}/{g.capacity}",
                    g.id,
                )
                for s in result.sessions
                for g in s.groups
            ],
        )
        self._fill_combo(
            self.walk_session_combo,
            [
                (
                    f"{s.starts_at:%H:%M} · " + self.tr("%n free", "", _free_places(s)),
                    s.id,
                )
                for s in result.sessions
                if s.starts_at + self._context.env.grace_after >= result.at
            ],
        )

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        """Refill a combo only when its items changed, keeping the current choice."""
        current = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
        if current == items:
            return
        chosen = combo.currentData()
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(chosen)
        if index >= 0:
            combo.setCurrentIndex(index)

    def register_walk_in(self) -> None:
        session_id = self.walk_session_combo.currentData()
        if not session_id:
            self._say(self.tr("No tour has free places now."))
            return
        size = self.walk_size.value()
        name = self.walk_name.text().strip()
        env = self._context.staff_env

        def done(walk: staff_actions.WalkIn) -> None:
            result = walk.check_in
            text = self.tr("Walk-in %1 registered.").replace("%1", walk.code)
            if result is not None:
                text += " " + self._context.sentence(result.message_en, result.message_zh)
            self._say(text)
            self.walk_name.clear()
            self._context.changed(Change.PROGRAM, Change.CHECKINS)
            self.select(walk.code)

        self._context.writer.run(
            lambda: staff_actions.walk_in(env, session_id, size=size, name=name),
            on_done=done,
            on_error=self._failed,
        )

    def print_manifest(self, printer: str | None = None) -> None:
        group_id = self.manifest_combo.currentData()
        if group_id is None:
            return
        chosen = printer or self._context.env.settings.printer or None
        self._context.reader.run(
            manifest_pdf,
            self._context,
            int(group_id),
            None,
            chosen,
            on_done=self._printed,
            on_error=self._failed,
        )

    def save_manifest(self, path: Path | None = None) -> None:
        group_id = self.manifest_combo.currentData()
        if group_id is None:
            return
        now = self._context.env.now()
        target = path or self._context.output_folder() / f"manifest-{group_id}-{now:%H%M%S}.pdf"
        self._context.reader.run(
            manifest_pdf,
            self._context,
            int(group_id),
            target,
            None,
            on_done=self._printed,
            on_error=self._failed,
        )

    def _printed(self, where: str) -> None:
        self._say(self.tr("Done: %1").replace("%1", where))

    # --- messages ----------------------------------------------------------------------------

    def _failed(self, error: BaseException) -> None:
        self._say(self._context.message(error))

    def _say(self, text: str) -> None:
        set_text(self.status, text)

    def retranslate_ui(self) -> None:
        self.search_edit.setPlaceholderText(self.tr("Name, code or last 4 phone digits"))
        self.search_button.setText(self.tr("Search"))
        self.reason_edit.setPlaceholderText(
            self.tr("Reason (needed to override, undo, or show a phone number)")
        )
        self.check_in_button.setText(self.tr("Check in"))
        self.override_button.setText(self.tr("Override"))
        self.undo_button.setText(self.tr("Undo"))
        self.check_out_button.setText(self.tr("Check out"))
        self.reprint_button.setText(self.tr("Reprint badges"))
        self.move_button.setText(self.tr("Move to group"))
        self.phone_button.setText(self.tr("Show phone"))
        self.walk_in_box.setTitle(self.tr("Walk-in"))
        self.walk_name.setPlaceholderText(self.tr("Name (optional)"))
        self.walk_button.setText(self.tr("Register walk-in"))
        self.manifest_box.setTitle(self.tr("Guide's manifest"))
        self.manifest_print.setText(self.tr("Print"))
        self.manifest_pdf.setText(self.tr("Save as PDF"))
        if self.party is None:
            self.party_title.setText(self.tr("Choose a booking"))
        self.results_model.retranslate()
        self.party_model.retranslate()


def _free_places(session: Any) -> int:
    """Places left in a session (its capacity, else the sum of its groups' capacities)."""
    capacity = int(session.capacity or sum(g.capacity for g in session.groups))
    return max(capacity - int(session.booked), 0)
