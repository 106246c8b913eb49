"""How many of the party are here (self and gate), or exactly who (gate, by name)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.accessibility import describe, spoken_text
from kiosk.ui.i18n import Translations
from kiosk.ui.widgets.common import Page, button, label

if TYPE_CHECKING:
    from kiosk.services.results import CheckInResult, VisitorInfo

NAME_COLUMNS = 3


@dataclass(frozen=True)
class PartyChoice:
    """Who of a party is here: a number of people (self-service), or, at the gate, exactly
    the people ticked by name (then ``visitor_ids`` is not empty)."""

    count: int
    visitor_ids: tuple[int, ...] = ()


class PartyPage(Page):
    """A big stepper (default: everyone still expected) and, in gate mode, name toggles.

    Signals:
        confirmed(PartyChoice): how many (self mode) or exactly who (gate) is here.
        cancelled(): back to Scan without checking anyone in.
    """

    confirmed = Signal(object)
    cancelled = Signal()

    def __init__(self, translations: Translations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PartyPage")
        self._translations = translations
        self._preview: CheckInResult | None = None
        self._gate_mode = False
        self._count = 1
        self._pending_visitors: list[VisitorInfo] = []
        self.name_buttons: list[QPushButton] = []

        self.title_label = label("", "PageTitle", centre=True)
        self.detail_label = label("", "Hint", centre=True)
        self.minus_button = button("−", "key")
        self.plus_button = button("+", "key")
        for key in (self.minus_button, self.plus_button):
            key.setObjectName("Stepper")
            key.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.count_label = label("", "BigNumber", wrap=False, centre=True)
        self.count_label.setMinimumWidth(220)
        self.of_label = label("", "Hint", centre=True)
        self.minus_button.clicked.connect(lambda: self.set_count(self._count - 1))
        self.plus_button.clicked.connect(lambda: self.set_count(self._count + 1))
        stepper = QHBoxLayout()
        stepper.addStretch(1)
        stepper.addWidget(self.minus_button)
        stepper.addWidget(self.count_label)
        stepper.addWidget(self.plus_button)
        stepper.addStretch(1)

        self.names_box = QWidget()
        self.names_grid = QGridLayout(self.names_box)
        self.names_grid.setContentsMargins(0, 0, 0, 0)
        self.names_grid.setSpacing(12)

        self.confirm_button = button("", "big")
        self.cancel_button = button("", "secondary")
        self.confirm_button.clicked.connect(self._confirm)
        self.cancel_button.clicked.connect(self.cancelled)
        actions = QHBoxLayout()
        actions.setSpacing(32)
        actions.addWidget(self.cancel_button, 1)
        actions.addWidget(self.confirm_button, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 40, 64, 32)
        layout.setSpacing(20)
        layout.addWidget(self.title_label)
        layout.addWidget(self.detail_label)
        layout.addStretch(1)
        layout.addLayout(stepper)
        layout.addWidget(self.of_label)
        layout.addWidget(self.names_box)
        layout.addStretch(1)
        layout.addLayout(actions)
        self.retranslate_ui()

    @property
    def count(self) -> int:
        return self._count

    @property
    def remaining(self) -> int:
        return (
            len(self._pending_visitors)
            if self._pending_visitors
            else (self._preview.remaining if self._preview is not None else 1)
        )

    def show_party(self, preview: CheckInResult, *, gate_mode: bool) -> None:
        """Ask about the party of ``preview`` (a CheckInResult that wrote nothing)."""
        self._preview = preview
        self._gate_mode = gate_mode
        self._pending_visitors = [v for v in preview.visitors if v.checked_in_at is None]
        self._build_name_buttons()
        self.set_count(self.remaining)
        self.retranslate_ui()

    def set_count(self, count: int) -> None:
        count = max(1, min(count, self.remaining))
        self._count = count
        for index, name_button in enumerate(self.name_buttons):
            name_button.setChecked(index < count)
        self._show_count()

    def selected_visitor_ids(self) -> list[int]:
        return [
            int(visitor.id)
            for visitor, name_button in zip(self._pending_visitors, self.name_buttons, strict=True)
            if name_button.isChecked()
        ]

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("How many of your party are here?"))
        self.cancel_button.setText(self.tr("Cancel"))
        preview = self._preview
        if preview is not None:
            detail = (
                self.tr("Booking %1 · %2 booked")
                .replace("%1", preview.code or "")
                .replace("%2", str(preview.party_size))
            )
            if preview.checked_in:
                detail += " · " + self.tr("%1 already checked in").replace(
                    "%1", str(preview.checked_in)
                )
            self.detail_label.setText(detail)
        self._mark_names()
        self._show_count()

    def _mark_names(self) -> None:
        # A tick as well as the colour: colour is never the only signal.
        if not self.name_buttons:
            return
        for visitor, name_button in zip(self._pending_visitors, self.name_buttons, strict=True):
            mark = "✓ " if name_button.isChecked() else "○ "
            name_button.setText(mark + self._name_of(visitor))
            describe(
                name_button,
                self._name_of(visitor),
                self.tr("Ticked: checked in now. Tap to change.")
                if name_button.isChecked()
                else self.tr("Not ticked: not checked in now. Tap to change."),
            )

    def _show_count(self) -> None:
        self.count_label.setText(str(self._count))
        self.of_label.setText(self.tr("of %1 still expected").replace("%1", str(self.remaining)))
        self.confirm_button.setText(
            self.tr("Check in %1 people").replace("%1", str(self._count))
            if self._count != 1
            else self.tr("Check in 1 person")
        )
        self.confirm_button.setEnabled(self._count >= 1)
        self.minus_button.setEnabled(self._count > 1)
        self.plus_button.setEnabled(self._count < self.remaining)
        describe(
            self.minus_button, self.tr("One fewer"), self.tr("One person fewer is checked in.")
        )
        describe(self.plus_button, self.tr("One more"), self.tr("One person more is checked in."))
        describe(
            self.count_label,
            self.tr("People checking in"),
            f"{self._count} {spoken_text(self.of_label.text())}",
        )
        describe(
            self.confirm_button,
            spoken_text(self.confirm_button.text()),
            self.tr("Checks in the people chosen and prints their badges."),
        )
        describe(
            self.cancel_button,
            self.tr("Cancel"),
            self.tr("Back to the scan page; nobody is checked in."),
        )
        describe(self, self.title_label.text(), self.detail_label.text())

    def _name_of(self, visitor: VisitorInfo) -> str:
        if visitor.name:
            return str(visitor.name)
        size = self._preview.party_size if self._preview is not None else 0
        return self.tr("Guest %1/%2").replace("%1", str(visitor.seq)).replace("%2", str(size))

    def _build_name_buttons(self) -> None:
        for old in self.name_buttons:
            self.names_grid.removeWidget(old)
            old.deleteLater()
        self.name_buttons = []
        if not self._gate_mode:
            self.names_box.hide()
            return
        for index, _visitor in enumerate(self._pending_visitors):
            name_button = button("", "toggle")
            name_button.setCheckable(True)
            name_button.toggled.connect(self._name_toggled)
            self.names_grid.addWidget(name_button, index // NAME_COLUMNS, index % NAME_COLUMNS)
            self.name_buttons.append(name_button)
        self.names_box.show()

    def _name_toggled(self, _checked: bool) -> None:
        self._mark_names()
        self._count = sum(1 for name_button in self.name_buttons if name_button.isChecked())
        self._show_count()

    def _confirm(self) -> None:
        if self._gate_mode and self.name_buttons:
            ids = self.selected_visitor_ids()
            if ids:
                self.confirmed.emit(PartyChoice(len(ids), tuple(ids)))
            return
        self.confirmed.emit(PartyChoice(self._count))
