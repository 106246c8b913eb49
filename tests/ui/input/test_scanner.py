"""The keyboard-wedge scanner filter: bursts are scans, people's typing reaches the field."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.keyboard_layouts import LAYOUTS, Layout, mistype
from kiosk.ui.input import ScannerFilter

CODE = "K7M4Q2XP"
TICKET_URL = "https://tickets.example.com/r/K7M4Q2XP"
SCANNER_GAP_MS = 4
PERSON_GAP_MS = 150
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


class FakeClock:
    """Monotonic seconds that only move when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _key_for(text: str) -> int:
    if text == " ":
        return Qt.Key.Key_Space.value
    if len(text) == 1 and ord(text.upper()) < 0x1_0000:
        return ord(text.upper())  # Qt key codes of Latin-1 characters are their capitals.
    return Qt.Key.Key_unknown.value


def key_event(
    text: str,
    at_ms: int,
    *,
    key: int | None = None,
    modifiers: Qt.KeyboardModifier = NO_MODIFIER,
    autorepeat: bool = False,
) -> QKeyEvent:
    event = QKeyEvent(
        QEvent.Type.KeyPress,
        _key_for(text) if key is None else key,
        modifiers,
        0,
        0,
        0,
        text,
        autorepeat,
        1,
    )
    event.setTimestamp(at_ms)
    return event


def send(target: QObject, event: QEvent) -> None:
    QCoreApplication.sendEvent(target, event)


class Keyboard:
    """Types into a widget with explicit key timestamps, like a scanner or a person would."""

    def __init__(self, target: QLineEdit) -> None:
        self.target = target
        self.now_ms = 50_000

    def type(self, text: str, gap_ms: int) -> None:
        for ch in text:
            self.now_ms += gap_ms
            send(self.target, key_event(ch, self.now_ms))

    def press(self, key: Qt.Key, text: str = "", gap_ms: int = SCANNER_GAP_MS) -> None:
        self.now_ms += gap_ms
        send(self.target, key_event(text, self.now_ms, key=key.value))

    def scan(self, text: str, terminator: Qt.Key | None = Qt.Key.Key_Return) -> None:
        self.now_ms += 1_000
        self.type(text, SCANNER_GAP_MS)
        if terminator is not None:
            self.press(terminator, "\r" if terminator != Qt.Key.Key_Tab else "\t")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def line_edit(qtbot: QtBot) -> Iterator[QLineEdit]:
    """The focused first of two fields in an active window (so Tab would move the focus)."""
    window = QWidget()
    field, next_field = QLineEdit(window), QLineEdit(window)
    next_field.move(0, 40)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=2_000)
    yield field


@pytest.fixture
def scanner(qapp: QApplication, clock: FakeClock) -> Iterator[ScannerFilter]:
    scanner_filter = ScannerFilter(clock=clock)
    qapp.installEventFilter(scanner_filter)
    yield scanner_filter
    qapp.removeEventFilter(scanner_filter)


@pytest.fixture
def scans(scanner: ScannerFilter) -> list[str]:
    received: list[str] = []
    scanner.scanned.connect(received.append)
    return received


@pytest.fixture
def keyboard(line_edit: QLineEdit) -> Keyboard:
    return Keyboard(line_edit)


@pytest.mark.parametrize("terminator", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab])
def test_fast_burst_with_terminator_is_one_scan_and_never_reaches_the_field(
    qtbot: QtBot,
    scans: list[str],
    keyboard: Keyboard,
    line_edit: QLineEdit,
    terminator: Qt.Key,
) -> None:
    """A scanner's burst ending in Enter/Tab is emitted, and the focused field stays empty."""
    with qtbot.assertNotEmitted(line_edit.returnPressed):
        keyboard.scan(CODE, terminator)
    assert scans == [CODE]
    assert line_edit.text() == ""
    assert line_edit.hasFocus()


def test_scan_through_the_window_system_needs_no_focused_receiver(
    scans: list[str], line_edit: QLineEdit
) -> None:
    """Keys arriving the real way (window first, real timestamps) are caught before any widget."""
    window = line_edit.window().windowHandle()
    for ch in CODE:
        QTest.keyClick(window, Qt.Key(_key_for(ch)))  # types lower case: no Shift
    QTest.keyClick(window, Qt.Key.Key_Return)
    assert scans == [CODE.lower()]
    assert line_edit.text() == ""


def test_person_typing_through_the_window_reaches_the_focused_field(
    qtbot: QtBot, scans: list[str], line_edit: QLineEdit
) -> None:
    """Held keys that first reached the window are replayed there and land in the focused field."""
    window = line_edit.window().windowHandle()
    for index, ch in enumerate("4821"):
        send(window, key_event(ch, 10_000 + index * PERSON_GAP_MS))
    qtbot.waitUntil(lambda: line_edit.text() == "4821", timeout=2_000)
    assert scans == []


def test_burst_ended_by_a_pause_is_a_scan(
    qtbot: QtBot, scanner: ScannerFilter, keyboard: Keyboard, line_edit: QLineEdit
) -> None:
    """A scanner set up without a terminator is recognised when its keys stop coming."""
    with qtbot.waitSignal(scanner.scanned, timeout=2_000) as signal:
        keyboard.scan("K7M4Q2", terminator=None)
    assert signal.args == ["K7M4Q2"]
    assert line_edit.text() == ""


def test_late_enter_after_a_pause_ended_scan_is_swallowed(
    qtbot: QtBot, scanner: ScannerFilter, keyboard: Keyboard, line_edit: QLineEdit
) -> None:
    """An Enter that arrives just after the pause already ended the scan does not press anything."""
    with qtbot.waitSignal(scanner.scanned, timeout=2_000):
        keyboard.scan("K7M4Q2", terminator=None)
    with qtbot.assertNotEmitted(line_edit.returnPressed):
        keyboard.press(Qt.Key.Key_Return, "\r", gap_ms=120)


def test_person_typing_reaches_the_field_in_order(
    qtbot: QtBot, scans: list[str], keyboard: Keyboard, line_edit: QLineEdit
) -> None:
    """Keys a person types slowly all land in the focused field, in order, and Enter works."""
    keyboard.type("Zhang Wei 4821", PERSON_GAP_MS)
    with qtbot.waitSignal(line_edit.returnPressed, timeout=2_000):
        keyboard.press(Qt.Key.Key_Return, "\r", gap_ms=PERSON_GAP_MS)
    assert line_edit.text() == "Zhang Wei 4821"
    assert scans == []


def test_short_fast_burst_is_typing_not_a_scan(
    qtbot: QtBot, scans: list[str], keyboard: Keyboard, line_edit: QLineEdit
) -> None:
    """Three quick keys and Enter (a person rolling keys) reach the field instead of scanning."""
    with qtbot.waitSignal(line_edit.returnPressed, timeout=2_000):
        keyboard.scan("AB1")
    assert line_edit.text() == "AB1"
    assert scans == []


def test_short_burst_without_terminator_is_given_back_after_the_pause(
    qtbot: QtBot, scans: list[str], keyboard: Keyboard, line_edit: QLineEdit
) -> None:
    """Held keys that turn out not to be a scan are replayed into the field."""
    keyboard.scan("ABCDE", terminator=None)
    qtbot.waitUntil(lambda: line_edit.text() == "ABCDE", timeout=2_000)
    assert scans == []


def test_editing_key_releases_held_keys_before_acting(
    scans: list[str], keyboard: Keyboard, line_edit: QLineEdit
) -> None:
    """Backspace right after two quick keys deletes the second one, as the person meant."""
    keyboard.type("xy", SCANNER_GAP_MS)
    keyboard.press(Qt.Key.Key_Backspace, "\b")
    assert line_edit.text() == "x"
    assert scans == []


def test_auto_repeated_key_passes_straight_through(scans: list[str], line_edit: QLineEdit) -> None:
    """A held-down key's repeats are a person's, delivered at once."""
    send(line_edit, key_event("a", 10_000, autorepeat=True))
    assert line_edit.text() == "a"
    assert scans == []


def test_same_code_within_two_seconds_is_one_scan(
    scans: list[str], keyboard: Keyboard, clock: FakeClock
) -> None:
    """A double read is one scan; the same code again after 2 s counts again."""
    keyboard.scan(CODE)
    clock.now += 1.5
    keyboard.scan(CODE)
    assert scans == [CODE]
    clock.now += 1.0
    keyboard.scan(CODE)
    assert scans == [CODE, CODE]


def test_different_codes_within_two_seconds_are_two_scans(
    scans: list[str], keyboard: Keyboard, clock: FakeClock
) -> None:
    """Two visitors' codes scanned back to back are both handled."""
    keyboard.scan(CODE)
    clock.now += 0.3
    keyboard.scan("Q9R8S7T6")
    assert scans == [CODE, "Q9R8S7T6"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_scan_typed_through_a_foreign_layout_is_repaired(
    scans: list[str], keyboard: Keyboard, layout: Layout
) -> None:
    """A ticket URL a US scanner typed through AZERTY/QWERTZ arrives as the real URL."""
    keyboard.scan(mistype(TICKET_URL, layout))
    assert scans == [TICKET_URL]


def test_shift_presses_inside_a_burst_do_not_break_it(scans: list[str], keyboard: Keyboard) -> None:
    """Scanners press Shift for capitals; those key events must not end the burst."""
    keyboard.now_ms += 1_000
    for ch in CODE:
        if ch.isupper():
            keyboard.press(Qt.Key.Key_Shift, gap_ms=1)
        keyboard.type(ch, SCANNER_GAP_MS)
    keyboard.press(Qt.Key.Key_Return, "\r")
    assert scans == [CODE]


def test_dead_key_and_composed_letter_inside_a_burst(
    scans: list[str], keyboard: Keyboard, line_edit: QLineEdit
) -> None:
    """``?code=ABC`` through QWERTZ (``=`` is a dead key that accents the A) is still one scan."""
    keyboard.now_ms += 1_000
    keyboard.type("_code", SCANNER_GAP_MS)
    keyboard.press(Qt.Key.Key_Dead_Acute)
    commit = QInputMethodEvent()
    commit.setCommitString("Á")
    send(line_edit, commit)
    keyboard.type("BC", SCANNER_GAP_MS)
    keyboard.press(Qt.Key.Key_Return, "\r")
    assert scans == ["?code=ABC"]
    assert line_edit.text() == ""


def test_whole_strings_from_serial_scanners(scanner: ScannerFilter, scans: list[str]) -> None:
    """feed_text emits a scan without its line ending, once per duplicate window."""
    assert scanner.feed_text(CODE + "\r\n")
    assert not scanner.feed_text(CODE)
    assert not scanner.feed_text("\r\n")
    assert scans == [CODE]


def test_disabled_filter_lets_everything_through(
    scanner: ScannerFilter, scans: list[str], keyboard: Keyboard, line_edit: QLineEdit
) -> None:
    """With capture off (e.g. a staff search page) a burst is plain typing."""
    scanner.setEnabled(False)
    keyboard.scan(CODE)
    assert line_edit.text() == CODE
    assert scans == []


def test_failing_validator_still_delivers_the_scan(
    scanner: ScannerFilter, scans: list[str], keyboard: Keyboard
) -> None:
    """A database lookup that breaks during repair must not lose the scan."""

    def broken_lookup(text: str) -> bool:
        raise RuntimeError("database gone")

    scanner.valid = broken_lookup
    keyboard.scan(CODE)
    assert scans == [CODE]


_SPECIAL_KEYS = [
    Qt.Key.Key_Return,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Shift,
    Qt.Key.Key_Backspace,
    Qt.Key.Key_Dead_Circumflex,
    Qt.Key.Key_unknown,
    Qt.Key.Key_Escape,
]
_raw_key_events = st.tuples(
    st.one_of(st.integers(0, 2**31 - 1), st.sampled_from([k.value for k in _SPECIAL_KEYS])),
    st.text(max_size=3),
    st.integers(0, 2**31 - 1),
    st.booleans(),
    st.integers(0, 2**40),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=st.lists(st.one_of(_raw_key_events, st.text(max_size=3)), max_size=12))
def test_broken_key_events_never_raise_or_jam_the_scanner(
    scanner: ScannerFilter,
    scans: list[str],
    line_edit: QLineEdit,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    events: list[tuple[int, str, int, bool, int] | str],
) -> None:
    """Random key codes, texts, modifiers, repeats, timestamps and IME commits are all survived."""
    latest_ms = int(clock.now * 1000)
    with caplog.at_level(logging.ERROR, logger="kiosk.ui.input"):
        for item in events:
            if isinstance(item, str):
                commit = QInputMethodEvent()
                commit.setCommitString(item)
                send(line_edit, commit)
                continue
            key, text, modifiers, autorepeat, stamp = item
            event = key_event(
                text,
                stamp,
                key=key,
                modifiers=Qt.KeyboardModifier(modifiers),
                autorepeat=autorepeat,
            )
            latest_ms = max(latest_ms, stamp)
            send(line_edit, event)
        keyboard = Keyboard(line_edit)
        keyboard.now_ms = latest_ms
        clock.now += 10.0
        keyboard.scan(CODE)
    assert scans[-1:] == [CODE]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    scans.clear()
    line_edit.clear()
