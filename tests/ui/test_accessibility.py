"""Any visitor: named controls in both languages, the keyboard alone, large text, spoken
results, and faults that tell visitors what to do instead of what broke."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.services.lookup import ReservationSummary
from kiosk.store.engine import make_engine
from kiosk.sync.preview import FilePreview
from kiosk.ui.accessibility import interactive_widgets, unnamed
from kiosk.ui.input.speech import Speaker
from kiosk.ui.theme import LARGE_TEXT_SCALE, large_text_on
from tests.factories import SHANGHAI
from tests.ui.conftest import OFFSCREEN_NOISE, scan, type_pin
from tests.ui.input.multimedia import ignore_multimedia_noise

pytestmark = [OFFSCREEN_NOISE, ignore_multimedia_noise]

# Names that are the same in both languages: codes, digits and letters of keys, proper names.
SAME_IN_BOTH = re.compile(r"^([A-Z0-9]{1,8}|[\W\d_]*|李华|李雷|English|中文|.*/.*)$")


def every_page_filled(window) -> None:
    """Put every page in the state where it shows all its controls."""
    scan(window.qtbot, window, "FAMILY34")  # the party page's name toggles
    window.go_home()
    window.search_page.set_results(
        [
            ReservationSummary(
                "SOLO2345",
                "王小明",
                "138****5678",
                "S1",
                datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI),
                1,
                0,
                "confirmed",
                reason="pinyin_initials",
                matched="王小明",
            )
        ]
    )
    window.supervisor_page.ensure_console()
    console = window.supervisor_page.console
    console.pages["sync"].mapping.show_preview(
        FilePreview("museum.csv", 1, ["Buchungs-Nr.", "Name"], [["M-1", "Anna"]], {0: "code"})
    )


def names(window) -> dict[QWidget, tuple[str, str]]:
    return {
        widget: (widget.accessibleName(), widget.accessibleDescription())
        for widget in interactive_widgets(window)
    }


def test_every_control_of_every_page_is_named_and_described_in_both_languages(qtbot, make_window):
    """Kiosk pages and every console page: each control has a name and a description, in
    English and again in Chinese after the switch."""
    window = make_window(mode="gate", language="en")
    window.qtbot = qtbot
    every_page_filled(window)
    english = names(window)
    assert len(english) > 100  # keypads, both PIN pads, the console's pages
    assert unnamed(window) == []
    assert [w for w, (_, description) in english.items() if not description] == []

    window.set_language("zh")
    console = window.supervisor_page.console
    qtbot.waitUntil(lambda: console.nav_buttons["dashboard"].text() == "人数统计", timeout=3000)
    chinese = names(window)
    assert unnamed(window) == []
    assert [w for w, (_, description) in chinese.items() if not description] == []
    untranslated = [
        name
        for widget, (name, _) in english.items()
        if chinese.get(widget, ("",))[0] == name
        and re.search(r"[A-Za-z]{2,}", name)
        and not SAME_IN_BOTH.match(name)
    ]
    assert untranslated == []
    assert window.scan_page.search_button.accessibleName() == "查找预约"
    assert "拼音" in window.search_page.query_edit.accessibleDescription()


def test_results_are_named_described_and_rows_read_out(qtbot, make_window):
    """The result page names its outcome and describes the answer in full; a search row
    reads out as one sentence with the reason it matched."""
    window = make_window(mode="gate", language="en")
    scan(qtbot, window, "SOLO2345")
    page = window.result_page
    assert page.accessibleName() == "Welcome! Checked in"
    assert page.message_label.text() in page.accessibleDescription()
    assert page.icon.accessibleName() == "Checked in"
    window.search_page.set_results(
        [
            ReservationSummary(
                "PAIR4567",
                "Chloé Martin",
                "+44 **** 0876",
                "S1",
                datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI),
                2,
                0,
                "confirmed",
                reason="name_typo",
                matched="Jürgen Weber",
            )
        ]
    )
    model = window.search_page.model
    sentence = model.data(model.index(0, 0), Qt.ItemDataRole.AccessibleDescriptionRole)
    assert "Booking PAIR4567" in sentence
    assert "found by: Name, 1 typo · Jürgen Weber" in sentence
    window.set_language("zh")
    sentence = model.data(model.index(0, 0), Qt.ItemDataRole.AccessibleDescriptionRole)
    assert "姓名（相差一个字母）" in sentence


def press(key: Qt.Key, text: str = "") -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    QTest.keyClick(focus, key, Qt.KeyboardModifier.NoModifier)


def test_a_keyboard_alone_checks_a_visitor_in(qtbot, make_window):
    """Tab from the scan page reaches the buttons in reading order, Space opens the keypad,
    the code is typed and Enter checks the party in."""
    window = make_window(mode="gate", language="en")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.scan_page, timeout=2000)
    order = []
    for _ in range(4):
        press(Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    page = window.scan_page
    assert order == [
        page.language_button,
        page.enter_code_button,
        page.search_button,
        page.staff_button,
    ]
    press(Qt.Key.Key_Backtab)
    press(Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is page.enter_code_button
    press(Qt.Key.Key_Space)
    assert window.current_page() is window.keypad_page
    for char in "solo2345":
        QTest.keyClick(QApplication.focusWidget(), char)
    assert window.keypad_page.code == "SOLO2345"
    with qtbot.waitSignal(window.result_shown, timeout=5000) as shown:
        press(Qt.Key.Key_Return)
    assert shown.args[0].outcome == "ok"


def test_staff_switch_large_text_and_high_contrast(qtbot, make_window):
    """The staff page's toggle makes every text larger (the result page's too) and black on
    white; switched off, sizes come back."""
    window = make_window(mode="gate", language="en")
    app = QApplication.instance()
    normal = app.font().pixelSize()
    scan(qtbot, window, "SOLO2345")
    normal_title = window.result_page.title_label.font().pixelSize()
    window.supervisor_page.ensure_console()  # built before the switch: it follows it
    console = window.supervisor_page.console
    assert "font-size: 22px" in console.styleSheet()
    window.go_home()
    window.open_staff_menu()
    from tests.ui.conftest import STAFF_PIN

    type_pin(window, STAFF_PIN)
    assert window.current_page() is window.staff_page
    toggle = window.staff_page.large_text_button
    assert not toggle.isChecked()
    toggle.click()
    try:
        assert large_text_on()
        assert app.font().pixelSize() == round(normal * LARGE_TEXT_SCALE)
        assert "#000000" in app.styleSheet()
        assert window.staff_page.title_label.font().pixelSize() > normal * 1.5
        assert "font-size: 29px" in console.styleSheet()  # the console's own 22 px × 1.3
        assert "On:" in toggle.accessibleDescription()
        window.go_home()
        window.scan_gate.reset()
        scan(qtbot, window, "FAMILY34")
        window.go_home()
        window.scan_gate.reset()
        scan(qtbot, window, "SOLO2345")
        assert window.result_page.title_label.font().pixelSize() == round(normal_title * 1.3)
    finally:
        window.assist.set_large_text(False)
    assert app.font().pixelSize() == normal
    assert "font-size: 22px" in console.styleSheet()


def test_large_text_setting_applies_at_start(qtbot, make_window):
    """``large_text = true`` starts the kiosk in large text; the staff toggle shows it."""
    app = QApplication.instance()
    normal = app.font().pixelSize()
    window = make_window(mode="gate", language="en", large_text=True)
    try:
        assert app.font().pixelSize() == round(normal * LARGE_TEXT_SCALE)
        window._show_staff_page()
        assert window.staff_page.large_text_button.isChecked()
    finally:
        window.assist.set_large_text(False)


class RecordingSpeaker(Speaker):
    """Qt's mock engine (English voices only), with every request kept."""

    def __init__(self) -> None:
        super().__init__(engine="mock")
        self.asked: list[tuple[str, str]] = []

    def say(self, text: str, language: str) -> bool:
        self.asked.append((text, language))
        return super().say(text, language)


def test_self_service_results_are_spoken_in_the_visitors_language(qtbot, make_window):
    """A visitor who chose English hears the result in English; after switching to Chinese,
    in Chinese (silent here: the mock engine has no Chinese voice, and nothing fails)."""
    window = make_window(mode="self", language="en")
    speaker = RecordingSpeaker()
    window.assist._speaker = speaker
    with qtbot.waitSignal(speaker.spoken, timeout=3000) as spoken:
        scan(qtbot, window, "SOLO2345")
    assert spoken.args == ["en"]
    text, language = speaker.asked[-1]
    assert language == "en"
    assert text.startswith("Welcome! Checked in")
    assert "Group A" in text
    window.go_home()
    assert not speaker.speaking
    window.set_language("zh")
    scan(qtbot, window, "NOPE2345")
    text, language = speaker.asked[-1]
    assert language == "zh"
    assert text.startswith("未找到预约")


def test_gate_results_are_not_spoken_unless_switched_on(qtbot, make_window):
    """Staff at the gate hear the tones only; ``speak_results = "on"`` speaks there too."""
    window = make_window(mode="gate", language="en")
    speaker = RecordingSpeaker()
    window.assist._speaker = speaker
    scan(qtbot, window, "SOLO2345")
    assert speaker.asked == []
    window.assist.speak_setting = "on"
    window.scan_gate.reset()
    scan(qtbot, window, "NOPE2345")
    assert speaker.asked and speaker.asked[-1][1] == "en"


# --- faults: visitors told what to do ---------------------------------------------------------

DOWN_URL = "postgresql+psycopg://kiosk:secret@127.0.0.1:9/kiosk"
"""A PostgreSQL server that is not there (the discard port refuses connections)."""
TECHNICAL = re.compile(r"127\.0\.0\.1|postgresql|psycopg|secret|connection|refused|:9/", re.I)


def shown_texts(page: QWidget) -> str:
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page))


def test_self_service_kiosk_with_its_database_down_shows_what_to_do(qtbot, make_window):
    """A database that goes away mid-day: the visitor's result page and the full-screen stop
    say what to do, never the address or the driver's words; staff find them on the staff
    page."""
    window = make_window(mode="self", language="en")
    env = window.context.env
    down = make_engine(DOWN_URL)
    window.context.env = replace(env, engine=down)
    try:
        result = scan(qtbot, window, "SOLO2345")
        assert result.outcome == "error"
        text = shown_texts(window.result_page)
        assert "try again" in text
        assert not TECHNICAL.search(text), text
        assert not TECHNICAL.search(window.result_page.accessibleDescription())
        assert "127.0.0.1" in window.context.last_fault

        window._prepare_database()  # "Try again" on the stop page, with the server still down
        assert window.current_page() is window.message_page
        stop = shown_texts(window.message_page)
        assert "ask a member of staff" in stop and "请联系工作人员" in stop
        assert not TECHNICAL.search(stop), stop
        assert window.message_page.close_button.isHidden()  # no way out for visitors

        window._show_staff_page()
        assert "127.0.0.1" in window.staff_page.problem_label.text()
    finally:
        window.context.env = env
        down.dispose()


def test_gate_staff_see_the_detail_on_the_stop_page(qtbot, make_window):
    """At the gate the stop page names the fault for staff (who can close the program)."""
    window = make_window(mode="gate", language="en")
    env = window.context.env
    down = make_engine(DOWN_URL)
    window.context.env = replace(env, engine=down)
    try:
        window._prepare_database()
        assert window.current_page() is window.message_page
        assert "127.0.0.1" in shown_texts(window.message_page)
        assert not window.message_page.close_button.isHidden()
    finally:
        window.context.env = env
        down.dispose()
