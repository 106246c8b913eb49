"""The chosen booking: who is in it, in which group, who is checked in and out."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.services import lookup
from kiosk.ui.accessibility import describe
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.models import PartyModel
from kiosk.ui.supervisor.notice import Notice
from kiosk.ui.supervisor.widgets import set_text, table_view
from kiosk.ui.widgets.common import label


class BookingView(QWidget):
    """A title line (code, contact, masked phone, tour, how many in) over the party's people.

    Signals:
        shown(PartyDetails): a booking was (re)loaded and is on screen.
    """

    shown = Signal(object)

    def __init__(self, context: ConsoleContext, notice: Notice, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._notice = notice
        self.party: lookup.PartyDetails | None = None
        self.revealed_phone = ""
        self.party_title = label("", "PartyTitle")
        self.party_model = PartyModel(self)
        self.party_view = table_view(self.party_model, stretch=1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.party_title)
        layout.addWidget(self.party_view, 1)

    def select(self, code: str) -> None:
        """Load and show one booking (its full phone number hidden again)."""
        self.revealed_phone = ""
        self._context.reader.run(
            lookup.party_details,
            self._context.env,
            code,
            on_done=self._show,
            on_error=self._notice.fail,
        )

    def reload(self) -> None:
        """Read the shown booking again (after an action changed it)."""
        if self.party is not None:
            self.select(self.party.code)

    def show_phone(self, phone: str) -> None:
        """Show the full phone number a staff member asked for (with a reason)."""
        self.revealed_phone = phone or "—"
        self._show_title()

    def _show(self, party: lookup.PartyDetails) -> None:
        self.party = party
        self.party_model.set_rows(list(party.visitors))
        self._show_title()
        self.shown.emit(party)

    def _show_title(self) -> None:
        party = self.party
        if party is None:
            self.party_title.setText(self.tr("Choose a booking"))
            return
        phone = self.revealed_phone or party.phone_masked
        set_text(
            self.party_title,
            f"{party.code} · {party.contact_name} · {phone} · {party.starts_at:%m-%d %H:%M} · "
            + self.tr("%1 of %2 in")
            .replace("%1", str(party.checked_in))
            .replace("%2", str(party.party_size)),
        )

    def retranslate_ui(self) -> None:
        self._show_title()
        describe(self.party_view, self.tr("Party"), self.tr("Each person of the booking."))
        self.party_model.retranslate()
