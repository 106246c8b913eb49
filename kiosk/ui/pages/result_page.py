"""Full-screen outcome: colour, icon and words together, then who, which group, where to go."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.rules import ActionOutcome, Outcome
from kiosk.services.results import CheckInResult, VisitorInfo
from kiosk.ui.accessibility import describe
from kiosk.ui.i18n import Translations
from kiosk.ui.theme import TONES, Tone, scaled_px
from kiosk.ui.widgets.common import GroupBadge, OutcomeIcon, Page, button, label

OK_TONE = frozenset({Outcome.OK, ActionOutcome.CHECKED_OUT})
ATTENTION_TONE = frozenset(
    {Outcome.PARTIAL, Outcome.TOO_EARLY, Outcome.ALREADY_CHECKED_IN, ActionOutcome.NOT_CHECKED_IN}
)
# Everything else (unknown, invalid_signature, cancelled, wrong_day, too_late …) is refused.
SHOWS_GROUPS = frozenset({Outcome.ALREADY_CHECKED_IN, ActionOutcome.CHECKED_OUT})
"""Besides admissions: outcomes whose people still need their group (where to go)."""

RETURN_AFTER_S = {"ok": 6, "attention": 9, "refused": 10}
"""Seconds the result stays up before the page goes back to Scan by itself."""

MAX_GROUPS_SHOWN = 2


def tone_of(result: CheckInResult) -> Tone:
    """``"ok"``, ``"attention"`` or ``"refused"`` for an answer."""
    if result.outcome in OK_TONE:
        return "attention" if result.provisional else "ok"
    if result.outcome in ATTENTION_TONE:
        return "attention"
    return "refused"


class ResultPage(Page):
    """Shows one ``CheckInResult``; re-renders it when the language changes.

    Signals:
        done(): the visitor tapped "Done" or the countdown ran out.
    """

    done = Signal()

    def __init__(self, translations: Translations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ResultPage")
        self._translations = translations
        self._result: CheckInResult | None = None
        self._print_state = ""
        self._seconds_left = 0
        self._gate_mode = True

        self.icon = OutcomeIcon()
        self.icon.setFixedSize(150, 150)
        self.title_label = label("", "ResultTitle")
        self.message_label = label("", "ResultMessage")
        self.booking_label = label("", "ResultDetail")
        top = QHBoxLayout()
        top.setSpacing(32)
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        texts.addWidget(self.title_label)
        texts.addWidget(self.message_label)
        texts.addWidget(self.booking_label)
        top.addLayout(texts, 1)

        self.groups_box = QWidget()
        self.groups_layout = QGridLayout(self.groups_box)
        self.groups_layout.setContentsMargins(0, 0, 0, 0)
        self.groups_layout.setHorizontalSpacing(24)
        self.groups_layout.setVerticalSpacing(12)
        self.badges: list[GroupBadge] = []
        self.group_texts: list[QLabel] = []
        for row in range(MAX_GROUPS_SHOWN):
            badge = GroupBadge()
            text = label("", "ResultDetail")
            self.groups_layout.addWidget(badge, row, 0)
            self.groups_layout.addWidget(text, row, 1)
            badge.hide()
            text.hide()
            self.badges.append(badge)
            self.group_texts.append(text)
        self.groups_layout.setColumnStretch(1, 1)

        self.names_label = label("", "ResultDetail")
        self.print_label = label("", "ResultDetail")
        self.countdown_label = label("", "ResultHint", wrap=False)
        self.done_button = button("", "secondary")
        self.done_button.setMaximumWidth(360)
        self.done_button.clicked.connect(self._finish)
        bottom = QHBoxLayout()
        bottom.addWidget(self.print_label, 1)
        bottom.addWidget(self.countdown_label)
        bottom.addSpacing(24)
        bottom.addWidget(self.done_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(56, 40, 56, 32)
        layout.setSpacing(20)
        layout.addLayout(top)
        layout.addWidget(self.groups_box)
        layout.addWidget(self.names_label)
        layout.addStretch(1)
        layout.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self.retranslate_ui()

    # --- what the main window calls ---------------------------------------------------------

    @property
    def result(self) -> CheckInResult | None:
        return self._result

    @property
    def tone(self) -> str:
        return str(self.property("tone") or "")

    def show_result(self, result: CheckInResult, *, gate_mode: bool) -> None:
        """Render ``result`` and start the countdown back to Scan."""
        self._result = result
        self._gate_mode = gate_mode
        self._print_state = ""
        tone = tone_of(result)
        self.setProperty("tone", tone)
        background, foreground = TONES[tone]
        self.setStyleSheet(
            f"#ResultPage {{ background: {background}; }}"
            f" #ResultPage QLabel {{ color: {foreground}; }}"
            f" #ResultTitle {{ font-size: {scaled_px(58)}px; font-weight: bold; }}"
            f" #ResultMessage {{ font-size: {scaled_px(36)}px; }}"
            f" #ResultDetail {{ font-size: {scaled_px(30)}px; }}"
        )
        self.icon.set_kind(tone, foreground)
        self._seconds_left = RETURN_AFTER_S[tone]
        self._timer.start()
        self._render()

    def set_print_status(self, state: str) -> None:
        """``"printing"``, ``"printed"``, ``"failed"`` or ``""``."""
        self._print_state = state
        self._render_print()

    def stop(self) -> None:
        self._timer.stop()

    # --- rendering ----------------------------------------------------------------------------

    def spoken_text(self) -> str:
        """The answer as one text to read aloud: title, sentence, then where to go."""
        if self._result is None:
            return ""
        parts = [self.title_label.text(), self.message_label.text()]
        for text in self.group_texts:
            if not text.isHidden():
                parts.append(text.text().replace("\n", self._pause()))
        return self._pause().join(part.strip() for part in parts if part.strip())

    def _pause(self) -> str:
        return "。" if self._translations.language == "zh" else ". "

    def retranslate_ui(self) -> None:
        self.done_button.setText(self.tr("Done"))
        describe(self.done_button, self.tr("Done"), self.tr("Back to the scan page now."))
        self._render()

    def _render(self) -> None:
        result = self._result
        if result is None:
            return
        self.title_label.setText(self._title(result))
        self.message_label.setText(self._translations.message(result.message_en, result.message_zh))
        booking = ""
        if result.code:
            booking = self.tr("Booking %1").replace("%1", result.code)
            if self._gate_mode and result.contact_name:
                booking += " · " + result.contact_name
            if result.party_size:
                booking += " · " + self.tr("%1 of %2 checked in").replace(
                    "%1", str(result.checked_in)
                ).replace("%2", str(result.party_size))
        self.booking_label.setText(booking)
        self.booking_label.setVisible(bool(booking))
        self._render_groups(result)
        self._render_names(result)
        self._render_print()
        self._render_countdown()
        tone_names = {
            "ok": self.tr("Checked in"),
            "attention": self.tr("Please note"),
            "refused": self.tr("Not checked in"),
        }
        describe(self.icon, tone_names.get(self.icon.kind, ""))
        describe(self, self.title_label.text(), self.spoken_text())

    def _title(self, result: CheckInResult) -> str:
        titles: dict[Outcome | ActionOutcome, str] = {
            Outcome.OK: self.tr("Welcome! Checked in"),
            Outcome.PARTIAL: self.tr("Checked in: part of the party"),
            Outcome.ALREADY_CHECKED_IN: self.tr("Already checked in"),
            Outcome.TOO_EARLY: self.tr("Too early to check in"),
            Outcome.TOO_LATE: self.tr("Check-in has closed"),
            Outcome.WRONG_DAY: self.tr("Not today's booking"),
            Outcome.CANCELLED: self.tr("Booking cancelled"),
            Outcome.PAYMENT_PENDING: self.tr("Payment pending"),
            Outcome.UNKNOWN: self.tr("Booking not found"),
            Outcome.INVALID_SIGNATURE: self.tr("Ticket not valid"),
            ActionOutcome.CHECKED_OUT: self.tr("Checked out"),
            ActionOutcome.NOT_CHECKED_IN: self.tr("Not checked in"),
        }
        if result.outcome.admits and result.provisional:
            return self.tr("Checked in provisionally: staff will confirm")
        return titles.get(result.outcome, self.tr("Please ask a member of staff"))

    def _render_groups(self, result: CheckInResult) -> None:
        groups: dict[str, VisitorInfo] = {}
        if result.outcome.admits or result.outcome in SHOWS_GROUPS:
            for visitor in result.visitors:
                if visitor.group and visitor.group not in groups:
                    groups[visitor.group] = visitor
        shown = list(groups.values())[:MAX_GROUPS_SHOWN]
        for index, (badge, text) in enumerate(zip(self.badges, self.group_texts, strict=True)):
            if index >= len(shown):
                badge.hide()
                text.hide()
                continue
            visitor = shown[index]
            group = visitor.group or ""
            badge.show_group(group, visitor.colour)
            lines = [self.tr("Group %1").replace("%1", group)]
            lines.append(
                self.tr("Guide: %1").replace("%1", visitor.guide or self.tr("to be announced"))
            )
            if visitor.meeting_point:
                lines.append(self.tr("Meeting point: %1").replace("%1", visitor.meeting_point))
            text.setText("\n".join(lines))
            badge.show()
            text.show()
        self.groups_box.setVisible(bool(shown))

    def _render_names(self, result: CheckInResult) -> None:
        visitors = result.visitors
        outcome = result.outcome
        if not visitors or not (outcome.admits or outcome is Outcome.ALREADY_CHECKED_IN):
            self.names_label.hide()
            return
        names = [self._name_of(visitor, result.party_size) for visitor in visitors]
        joined = ("、" if self._translations.language == "zh" else ", ").join(names)
        if outcome.admits:
            joined = self.tr("Checked in: %1").replace("%1", joined)
        self.names_label.setText(joined)
        self.names_label.show()

    def _name_of(self, visitor: VisitorInfo, party_size: int) -> str:
        if visitor.name:
            return visitor.name
        return self.tr("Guest %1/%2").replace("%1", str(visitor.seq)).replace("%2", str(party_size))

    def _render_print(self) -> None:
        texts = {
            "printing": self.tr("Printing badges…"),
            "printed": self.tr("Badges printed: please take them"),
            "failed": self.tr("Printer problem: staff will reprint your badges"),
        }
        text = texts.get(self._print_state, "")
        self.print_label.setText(text)
        self.print_label.setVisible(bool(text))

    def _render_countdown(self) -> None:
        self.countdown_label.setText(
            self.tr("Back to start in %1 s").replace("%1", str(max(self._seconds_left, 0)))
        )

    def _tick(self) -> None:
        self._seconds_left -= 1
        self._render_countdown()
        if self._seconds_left <= 0:
            self._finish()

    def _finish(self) -> None:
        self._timer.stop()
        self.done.emit()
