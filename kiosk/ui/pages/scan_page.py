"""The idle page: scan prompt, current session, clock, language switch, manual entry, search."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.accessibility import describe
from kiosk.ui.i18n import Translations
from kiosk.ui.widgets.common import LongPressButton, Page, button, label

if TYPE_CHECKING:
    from kiosk.services.lookup import SessionInfo


class ScanPage(Page):
    """ "Scan your QR code", with what a visitor or staff member needs around it.

    Signals:
        language_toggled(): the 中文 / English button was pressed.
        enter_code(): open the keypad.
        search(): open the search page (gate mode only).
        staff_clicked(), staff_long_pressed(): the discreet corner button.
    """

    language_toggled = Signal()
    enter_code = Signal()
    search = Signal()
    staff_clicked = Signal()
    staff_long_pressed = Signal()

    def __init__(self, translations: Translations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ScanPage")
        self._translations = translations
        self._session: SessionInfo | None = None
        self._now: datetime | None = None
        self._site_title = ("", "")

        header = QWidget()
        header.setObjectName("Header")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title_label = label("", "HeaderTitle", wrap=False)
        self.session_label = label("", "SessionLabel")
        self.clock_label = label("", "Clock", wrap=False)
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.date_label = label("", "SessionLabel", wrap=False)
        self.date_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.language_button = button("", "header")
        self.language_button.setMinimumWidth(180)
        self.language_button.setMaximumWidth(240)
        left = QVBoxLayout()
        left.addWidget(self.title_label)
        left.addWidget(self.session_label)
        right = QVBoxLayout()
        right.addWidget(self.clock_label)
        right.addWidget(self.date_label)
        header_row = QHBoxLayout(header)
        header_row.setContentsMargins(32, 16, 32, 16)
        header_row.addLayout(left, 1)
        header_row.addLayout(right)
        header_row.addSpacing(24)
        header_row.addWidget(self.language_button)

        self.arrow_label = label("▼", "Prompt", centre=True)
        self.prompt_label = label("", "Prompt", centre=True)
        self.prompt_sub_label = label("", "PromptSub", centre=True)
        self.camera_view: QWidget | None = None

        self.enter_code_button = button("", "secondary")
        self.search_button = button("", "secondary")
        self.staff_button = LongPressButton("")
        self.staff_button.setMinimumSize(160, 64)
        self.enter_code_button.clicked.connect(self.enter_code)
        self.search_button.clicked.connect(self.search)
        self.language_button.clicked.connect(self.language_toggled)
        self.staff_button.clicked.connect(self.staff_clicked)
        self.staff_button.long_pressed.connect(self.staff_long_pressed)

        actions = QHBoxLayout()
        actions.setContentsMargins(64, 0, 64, 0)
        actions.setSpacing(32)
        actions.addWidget(self.enter_code_button)
        actions.addWidget(self.search_button)

        bottom = QHBoxLayout()
        bottom.setContentsMargins(16, 0, 16, 8)
        self.kiosk_label = label("", "Hint", wrap=False)
        bottom.addWidget(self.kiosk_label)
        bottom.addStretch(1)
        bottom.addWidget(self.staff_button)

        body = QVBoxLayout()
        body.setContentsMargins(48, 24, 48, 24)
        body.addStretch(1)
        body.addWidget(self.prompt_label)
        body.addWidget(self.prompt_sub_label)
        body.addWidget(self.arrow_label)
        body.addStretch(1)
        body.addLayout(actions)

        self._body = body
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        self.retranslate_ui()

    def attach_camera_view(self, view: QWidget) -> None:
        """Show the camera preview under the prompt (only when the kiosk has a camera)."""
        view.setFixedSize(360, 270)
        self.camera_view = view
        self._body.insertWidget(3, view, 0, Qt.AlignmentFlag.AlignHCenter)

    def set_mode(self, mode: str) -> None:
        self.search_button.setVisible(mode == "gate")

    def set_site_title(self, title_en: str, title_zh: str) -> None:
        self._site_title = (title_en, title_zh)
        self._show_title()

    def set_kiosk_id(self, kiosk_id: str) -> None:
        self.kiosk_label.setText(kiosk_id)

    def set_session(self, session: SessionInfo | None) -> None:
        """Show the session whose check-in is open now or comes next today (None: none)."""
        self._session = session
        self._show_session()

    def set_now(self, now: datetime) -> None:
        self._now = now
        self.clock_label.setText(self._translations.time_text(now, seconds=True))
        self.date_label.setText(self._translations.date_text(now))

    def retranslate_ui(self) -> None:
        self.prompt_label.setText(self.tr("Scan your QR code"))
        self.prompt_sub_label.setText(self.tr("Hold the code from your booking under the scanner."))
        self.enter_code_button.setText(self.tr("Enter code"))
        self.search_button.setText(self.tr("Search"))
        self.staff_button.setText(self.tr("Staff"))
        # The switch names the *other* language, in that language.
        other = "English" if self._translations.language == "zh" else "中文"
        self.language_button.setText(other)
        describe(
            self.language_button,
            self.tr("Switch to English") if other == "English" else self.tr("Switch to Chinese"),
            self.tr("Shows every text in the other language."),
        )
        describe(
            self.enter_code_button,
            self.tr("Enter code"),
            self.tr("Type the booking code on large keys when the QR code will not scan."),
        )
        describe(
            self.search_button,
            self.tr("Search"),
            self.tr("Find a booking by name, pinyin or the last four digits of the phone."),
        )
        describe(
            self.staff_button,
            self.tr("Staff"),
            self.tr("Staff menu, after the staff PIN. In self-service mode, hold it pressed."),
        )
        describe(
            self,
            self.tr("Scan your QR code"),
            self.tr("Hold the code from your booking under the scanner."),
        )
        self._show_title()
        self._show_session()
        if self._now is not None:
            self.set_now(self._now)

    def _show_title(self) -> None:
        title_en, title_zh = self._site_title
        text = self._translations.message(title_en, title_zh)
        self.title_label.setText(text or self.tr("Tour check-in"))

    def _show_session(self) -> None:
        session = self._session
        if session is None:
            self.session_label.setText(self.tr("No tour open for check-in right now"))
            return
        name = self._translations.message(session.label_en, session.label_zh)
        start = self._translations.time_text(session.starts_at)
        end = self._translations.time_text(session.ends_at)
        text = self.tr("Checking in: %1 (%2–%3)")
        self.session_label.setText(
            text.replace("%1", name or start).replace("%2", start).replace("%3", end)
        )
