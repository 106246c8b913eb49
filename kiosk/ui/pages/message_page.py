"""A full-screen fault (the database cannot be opened): both languages, no traceback."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.accessibility import describe
from kiosk.ui.theme import TONES
from kiosk.ui.widgets.common import OutcomeIcon, Page, button, label


class MessagePage(Page):
    """Shows a KioskError in Chinese and English with "Try again" (and "Close" for staff).

    Signals:
        retry(), close_app()
    """

    retry = Signal()
    close_app = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessagePage")
        background, foreground = TONES["refused"]
        self.setStyleSheet(
            f"#MessagePage {{ background: {background}; }}"
            f" #MessagePage QLabel {{ color: {foreground}; }}"
        )
        self.icon = OutcomeIcon()
        self.icon.set_kind("refused", foreground)
        self.icon.setFixedSize(140, 140)
        self.zh_label = label("", "PageTitle")
        self.en_label = label("", "PageTitle")
        self.retry_button = button("", "secondary")
        self.close_button = button("", "secondary")
        self.retry_button.clicked.connect(self.retry)
        self.close_button.clicked.connect(self.close_app)
        actions = QHBoxLayout()
        actions.addWidget(self.retry_button)
        actions.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 64, 64, 48)
        layout.setSpacing(24)
        layout.addWidget(self.icon)
        layout.addWidget(self.zh_label)
        layout.addWidget(self.en_label)
        layout.addStretch(1)
        layout.addLayout(actions)
        self.retranslate_ui()

    def show_error(self, message_en: str, message_zh: str, *, can_close: bool) -> None:
        self.zh_label.setText(message_zh)
        self.en_label.setText(message_en)
        self.close_button.setVisible(can_close)
        describe(self, "出现问题 / A problem", f"{message_zh} {message_en}")

    def retranslate_ui(self) -> None:
        # Shown before any language is chosen, so both languages are on the buttons.
        self.retry_button.setText("重试 / Try again")
        self.close_button.setText("关闭 / Close")
        describe(self.retry_button, "重试 / Try again", "再试一次 / Tries once more to start.")
        describe(self.close_button, "关闭 / Close", "关闭签到程序 / Quits the kiosk program.")
