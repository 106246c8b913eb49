"""The on-screen keyboard typed by tapping, offscreen, in a process of its own.

Qt loads an input method once, when the QApplication is made, from ``QT_IM_MODULE``; the test
session's QApplication is made without one. ``test_virtual_keyboard.py`` therefore runs this
file in a fresh pytest process (``KIOSK_TEST_VIRTUAL_KEYBOARD=1``), where :func:`prepare` runs
before pytest-qt makes the QApplication, as the kiosk does at start. Run it alone with::

    KIOSK_TEST_VIRTUAL_KEYBOARD=1 .venv/bin/python -m pytest tests/ui/input/virtual_keyboard_cases.py

``KIOSK_TEST_SCREENSHOTS=1`` as well writes the keyboard pictures into docs/screenshots.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

if os.environ.get("KIOSK_TEST_VIRTUAL_KEYBOARD") != "1":
    pytest.skip("runs in its own process, from test_virtual_keyboard.py", allow_module_level=True)

from PySide6.QtCore import QLoggingCategory

from kiosk.ui.input import virtual_keyboard

assert virtual_keyboard.prepare(True), "prepare() must run before the QApplication exists"
QLoggingCategory.setFilterRules(virtual_keyboard.LOG_RULES)  # as the kiosk's create_app does

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, QRect, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QKeyEvent  # noqa: E402
from PySide6.QtQuick import QQuickItem  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot  # noqa: E402

from kiosk.paths import ROOT  # noqa: E402
from kiosk.ui.input import ScannerFilter  # noqa: E402
from kiosk.ui.input.virtual_keyboard import KeyboardDock, attach  # noqa: E402
from kiosk.ui.search_model import COLUMNS  # noqa: E402

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    # Qt Virtual Keyboard's own QML, on a QLineEdit (a widget has no bindable properties):
    r"QQmlExpression: Expression .*Keyboard\.qml:\d+:\d+ depends on non-bindable properties",
    r"^\s*QLineEdit::echoMode$",
    # Pinyin makes its user dictionary folder in a fresh config folder (once per machine):
    r"PinyinDecoderService::init\(\): creating directory for user dictionary",
    r"^Couldn't (load|resolve) .* (library|symbols)$",
)

TAP_GAP_MS = 60
"""A quick person's taps, slower than any scanner (ScannerFilter: at most 35 ms apart)."""


# --- a window with the keyboard docked -------------------------------------------------------


class Kiosk:
    """A main window with a text field at the bottom of a tall page, keyboard docked."""

    def __init__(self, qtbot: QtBot, language: str, size: tuple[int, int] = (800, 600)) -> None:
        self.window = QMainWindow()
        page = QWidget()
        layout = QVBoxLayout(page)
        self.top_field = QLineEdit()
        self.button = QPushButton("Back")
        layout.addWidget(self.top_field)
        layout.addWidget(self.button)
        for row in range(10):
            label = QLabel(f"row {row}")
            label.setMinimumHeight(30)  # the page cannot shrink below ~400 px
            layout.addWidget(label)
        self.field = QLineEdit()
        self.field.setObjectName("nameField")
        layout.addWidget(self.field)
        self.window.setCentralWidget(page)
        self.window.resize(*size)
        qtbot.addWidget(self.window)
        self.window.show()
        qtbot.waitExposed(self.window)
        dock = attach(self.window, language=language)
        assert dock is not None
        self.dock: KeyboardDock = dock
        self.keyboard = dock.keyboard
        self.qtbot = qtbot

    def focus(self, field: QLineEdit) -> None:
        field.setFocus(Qt.FocusReason.MouseFocusReason)
        self.qtbot.waitUntil(self.keyboard.isVisible, timeout=3_000)
        QTest.qWait(50)

    # -- tapping, as a finger does ----------------------------------------------------------

    def keys(self) -> dict[str, QQuickItem]:
        """Visible keys by their label (letters) and by Qt key code (``"0x1000003"``)."""
        found: dict[str, QQuickItem] = {}
        for item in _items(self.keyboard.view.rootObject()):
            meta = item.metaObject()
            if meta.indexOfProperty("key") < 0 or meta.indexOfProperty("text") < 0:
                continue
            if item.width() <= 0 or not item.isVisible():
                continue
            if text := _string_property(item, "text"):
                found.setdefault(text, item)
            found.setdefault(hex(int(item.property("key"))), item)
        return found

    def candidates(self) -> dict[str, QQuickItem]:
        """The pinyin candidates on show, by their text."""
        found: dict[str, QQuickItem] = {}
        for item in _items(self.keyboard.view.rootObject()):
            if not item.metaObject().className().startswith("SelectionListItem"):
                continue
            if not item.isVisible():
                continue
            for child in _items(item):
                text = _string_property(child, "text")
                if text:
                    found.setdefault(text, item)
        return found

    def tap(self, item: QQuickItem) -> None:
        centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
        QTest.mouseClick(
            self.keyboard.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre
        )
        QTest.qWait(TAP_GAP_MS)

    def tap_keys(self, text: str) -> None:
        """Tap each character's key, with Shift when the keyboard's case differs (it starts a
        name in capitals by itself)."""
        for char in text:
            key = self.keys()[" " if char == " " else char.lower()]
            if char.isalpha() and bool(key.property("uppercased")) != char.isupper():
                self.tap(self.keys()[hex(Qt.Key.Key_Shift.value)])
                key = self.keys()[char.lower()]
            self.tap(key)

    def pick(self, word: str) -> None:
        self.qtbot.waitUntil(lambda: word in self.candidates(), timeout=3_000)
        self.tap(self.candidates()[word])

    def close(self) -> None:
        self.field.clearFocus()
        QTest.qWait(20)


def _items(root: QQuickItem | None) -> Iterator[QQuickItem]:
    if root is None:
        return
    for child in root.childItems():
        yield child
        yield from _items(child)


def _string_property(item: QQuickItem, name: str) -> str:
    """A QString property's value, or "" (never reads a property that is not a string)."""
    meta = item.metaObject()
    index = meta.indexOfProperty(name)
    if index < 0 or meta.property(index).typeName() != "QString":
        return ""
    value = item.property(name)
    return value if isinstance(value, str) else ""


@pytest.fixture
def kiosk_zh(qtbot: QtBot) -> Iterator[Kiosk]:
    kiosk = Kiosk(qtbot, "zh")
    yield kiosk
    kiosk.close()


@pytest.fixture
def kiosk_en(qtbot: QtBot) -> Iterator[Kiosk]:
    kiosk = Kiosk(qtbot, "en")
    yield kiosk
    kiosk.close()


# --- typing ----------------------------------------------------------------------------------


def test_the_input_method_is_the_virtual_keyboard(kiosk_en: Kiosk) -> None:
    """The keyboard loaded, and a field it serves learns nothing and predicts nothing."""
    assert kiosk_en.keyboard.available
    kiosk_en.focus(kiosk_en.field)
    hints = kiosk_en.field.inputMethodHints()
    assert hints & Qt.InputMethodHint.ImhSensitiveData
    assert hints & Qt.InputMethodHint.ImhNoPredictiveText


def test_a_latin_name_typed_by_tapping_keys(kiosk_en: Kiosk) -> None:
    """Tapping C-h-l-o-e, space, Shift, M-a-r-t-i-n fills the field with the name."""
    kiosk_en.focus(kiosk_en.field)
    kiosk_en.tap_keys("Chloe Martin")
    assert kiosk_en.field.text() == "Chloe Martin"


def test_a_chinese_name_typed_by_pinyin_and_candidate_choice(kiosk_zh: Kiosk) -> None:
    """Tapping w-a-n-g, choosing 王, then x-i-a-o-m-i-n-g and choosing 小明 types 王小明."""
    kiosk_zh.focus(kiosk_zh.field)
    kiosk_zh.tap_keys("wang")
    assert kiosk_zh.field.text() == ""  # still composing: pinyin is not text yet
    kiosk_zh.pick("王")
    assert kiosk_zh.field.text() == "王"
    kiosk_zh.tap_keys("xiaoming")
    kiosk_zh.pick("小明")
    assert kiosk_zh.field.text() == "王小明"


def test_backspace_and_enter_keys_work(kiosk_en: Kiosk, qtbot: QtBot) -> None:
    """The keyboard's Backspace deletes and its Enter submits the field."""
    kiosk_en.focus(kiosk_en.field)
    kiosk_en.tap_keys("Zoex")
    kiosk_en.tap(kiosk_en.keys()[hex(Qt.Key.Key_Backspace.value)])
    assert kiosk_en.field.text() == "Zoe"
    with qtbot.waitSignal(kiosk_en.field.returnPressed, timeout=2_000):
        kiosk_en.tap(kiosk_en.keys()[hex(Qt.Key.Key_Return.value)])


def test_the_keyboard_follows_the_ui_language(kiosk_zh: Kiosk) -> None:
    """Switched to English, the same taps type Latin letters instead of composing pinyin, and
    the keyboard's accessible name follows."""
    assert kiosk_zh.keyboard.accessibleName() == "屏幕键盘"
    kiosk_zh.keyboard.set_language("en")
    assert kiosk_zh.keyboard.accessibleName() == "On-screen keyboard"
    assert kiosk_zh.keyboard.accessibleDescription()
    kiosk_zh.focus(kiosk_zh.field)
    QTest.qWait(100)
    kiosk_zh.tap_keys("wang")
    assert kiosk_zh.field.text() == "wang"
    assert kiosk_zh.candidates() == {}


# --- never covering the field ----------------------------------------------------------------


def _in_window(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("size", [(800, 600), (1280, 800), (1024, 1280)])
def test_the_keyboard_opens_below_the_field_never_over_it(
    qtbot: QtBot, size: tuple[int, int]
) -> None:
    """Whatever the screen, the field typed into stays wholly visible above the keyboard."""
    kiosk = Kiosk(qtbot, "zh", size)
    kiosk.focus(kiosk.field)
    qtbot.waitUntil(lambda: kiosk.dock.field_visible(kiosk.field), timeout=2_000)
    keyboard = _in_window(kiosk.keyboard)
    assert not keyboard.intersects(_in_window(kiosk.field))
    assert keyboard.bottom() == kiosk.window.height() - 1  # docked at the bottom edge
    assert keyboard.height() <= size[1] * virtual_keyboard.MAX_HEIGHT_SHARE + 60
    kiosk.close()


def test_the_keyboard_closes_when_the_focus_leaves_text_fields(kiosk_zh: Kiosk) -> None:
    """Tapping a button takes the keyboard away, and the page gets its space back."""
    kiosk_zh.focus(kiosk_zh.field)
    kiosk_zh.button.setFocus()
    kiosk_zh.qtbot.waitUntil(lambda: not kiosk_zh.keyboard.isVisible(), timeout=2_000)
    assert not QGuiApplication.inputMethod().isVisible()


# --- the scanner and the keyboard ------------------------------------------------------------


@pytest.fixture
def scanner(qapp: QApplication) -> Iterator[ScannerFilter]:
    scanner_filter = ScannerFilter(duplicate_window_s=0.0)
    qapp.installEventFilter(scanner_filter)
    yield scanner_filter
    qapp.removeEventFilter(scanner_filter)


def _scan(target: QWidget, text: str, start_ms: int = 900_000) -> None:
    """A wedge scanner's burst: keys 4 ms apart, with real timestamps, ended by Enter."""
    for index, char in enumerate([*text, "\r"]):
        key = Qt.Key.Key_Return.value if char == "\r" else ord(char.upper())
        event = QKeyEvent(
            QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, 0, 0, 0, char, False, 1
        )
        event.setTimestamp(start_ms + 4 * index)
        QCoreApplication.sendEvent(target, event)


def test_taps_pass_the_scanner_as_typing(kiosk_en: Kiosk, scanner: ScannerFilter) -> None:
    """Keys tapped on screen reach the field in order and are never taken for a scan."""
    scans: list[str] = []
    scanner.scanned.connect(scans.append)
    kiosk_en.focus(kiosk_en.field)
    kiosk_en.tap_keys("Chloe")
    kiosk_en.tap(kiosk_en.keys()[hex(Qt.Key.Key_Return.value)])
    kiosk_en.qtbot.waitUntil(lambda: kiosk_en.field.text() == "Chloe", timeout=2_000)
    QTest.qWait(200)
    assert scans == []


def test_a_scan_during_pinyin_composition_arrives_whole(
    kiosk_zh: Kiosk, scanner: ScannerFilter
) -> None:
    """A burst while pinyin is composing is one scan; no key leaks into the field or the
    composition, which carries on afterwards."""
    scans: list[str] = []
    scanner.scanned.connect(scans.append)
    kiosk_zh.focus(kiosk_zh.field)
    kiosk_zh.tap_keys("wang")
    _scan(kiosk_zh.field, "HXUYSRQXLE")
    assert scans == ["HXUYSRQXLE"]
    QTest.qWait(200)
    assert kiosk_zh.field.text() == ""
    kiosk_zh.pick("王")
    assert kiosk_zh.field.text() == "王"


def test_a_scan_with_the_keyboard_open_and_no_composition(
    kiosk_en: Kiosk, scanner: ScannerFilter
) -> None:
    """With the keyboard open on an empty field, a scan is taken whole and the field stays
    empty."""
    scans: list[str] = []
    scanner.scanned.connect(scans.append)
    kiosk_en.focus(kiosk_en.field)
    _scan(kiosk_en.field.window().windowHandle(), "K7M4Q2XP")  # the real way: window first
    assert scans == ["K7M4Q2XP"]
    QTest.qWait(200)
    assert kiosk_en.field.text() == ""


# --- pictures ----------------------------------------------------------------------------------


NAMES_LIKE_XIAOMING = (
    ("WXM10001", ["王小明", "王磊"]),
    ("WXM10002", ["吴晓明"]),
    ("WXM10003", ["魏晓明"]),
    ("WXM10005", ["王晓敏", "陈静"]),
)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_kiosk_window_searches_by_touch(qtbot: QtBot, kiosk_env, make_window, language: str):
    """In the kiosk's own window the keyboard docks under the pages after start; on the
    search page, pinyin with a chosen candidate (zh) or initials (en) find 王小明 with the
    reason, the field stays above the keyboard, and the keyboard follows the UI language.
    Writes the keyboard pictures (1280×800)."""
    from tests.factories import SHANGHAI, Party, add_session

    add_session(
        kiosk_env.engine,
        "S9",
        starts_at=datetime(2025, 2, 2, 10, 30, tzinfo=SHANGHAI),
        parties=tuple(
            Party(code, len(names), names=names, phone=f"1391234{index:04d}")
            for index, (code, names) in enumerate(NAMES_LIKE_XIAOMING)
        ),
    )
    window = make_window(mode="gate", language=language)
    window.resize(1280, 800)
    assert window.attach_keyboard()
    assert window.attach_keyboard()  # once only
    dock = window.assist.dock
    assert dock is not None and dock.keyboard.language == language
    window.show_search()
    search = window.search_page
    kiosk = Kiosk.__new__(Kiosk)
    kiosk.window, kiosk.dock, kiosk.keyboard, kiosk.qtbot = window, dock, dock.keyboard, qtbot
    kiosk.field = search.query_edit
    kiosk.focus(search.query_edit)
    if language == "zh":
        kiosk.tap_keys("wang")
        kiosk.pick("王")
        kiosk.tap_keys("xiao")  # composing the given name: candidates on show
        qtbot.waitUntil(lambda: "小" in kiosk.candidates(), timeout=3_000)
        reason = "姓名开头"
    else:
        kiosk.tap_keys("wxm")
        reason = "Pinyin initials"
    model = search.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=5_000)
    names = [model.data(model.index(row, 1)) for row in range(model.rowCount())]
    assert "王小明" in names
    row = names.index("王小明")
    assert model.data(model.index(row, COLUMNS.index("reason"))).startswith(reason)
    QTest.qWait(300)
    assert dock.field_visible(search.query_edit)
    folder = tmp_path_for(qtbot)
    assert window.grab().save(str(folder / f"keyboard-{language}.png"))
    other = "en" if language == "zh" else "zh"
    window.set_language(other)
    assert dock.keyboard.language == other
    search.query_edit.clearFocus()


def tmp_path_for(qtbot: QtBot) -> Path:
    """docs/screenshots with KIOSK_TEST_SCREENSHOTS=1, else a temporary folder."""
    if os.environ.get("KIOSK_TEST_SCREENSHOTS") == "1":
        return ROOT / "docs" / "screenshots"
    return Path(tempfile.mkdtemp(prefix="keyboard-shots-"))
