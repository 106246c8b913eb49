"""On-screen keyboard with pinyin: Qt Virtual Keyboard docked under the kiosk's pages.

Qt Virtual Keyboard (in PySide6-Essentials, Pinyin included) is an *input context* plugin: with
``QT_IM_MODULE=qtvirtualkeyboard`` set before the QApplication exists, every Qt text field
talks to it. It offers two integrations; this module uses the *application* one:

* its *desktop* integration shows the keyboard in a separate top-level window that positions
  itself over the bottom of the screen. Under Wayland (``cage``, the kiosk's compositor) a
  client cannot place its own windows and a single-app kiosk shows one window at a time, and
  anywhere it covers whatever field sits at the bottom of the page;
* the *application* integration (``QT_VIRTUALKEYBOARD_DESKTOP_DISABLE=1``) puts the QML
  ``InputPanel`` into the program's own window. Here it lives in a ``QQuickWidget`` rendered by
  Qt Quick's software backend (no GPU or OpenGL needed, so it also runs offscreen for tests and
  screenshots), docked *below* the pages: when it opens, the page area shrinks instead of being
  covered, and a scroll area brings the focused field into view if the page cannot shrink.

Taps reach the field as the input context's events (text commits, and key events for Latin
letters, Backspace and Enter, with no timestamp), and the keyboard itself filters only the
focused field's events. The scanner (:class:`kiosk.ui.input.scanner.ScannerFilter`) filters
the whole application, so it sees a scanner's keys first and takes the burst whole; taps are
far slower than a scanner and pass through it as typing.

Privacy: pinyin learns the words chosen into a user dictionary (in the user's config folder)
and offers them to the next person. Every text field the keyboard serves is marked sensitive
(``Qt.ImhSensitiveData``: pinyin then leaves its user dictionary alone) and without predictions,
so one visitor's name is never offered to the next.

Setting ``on_screen_keyboard``: ``"auto"`` (default) shows it in self mode, and in other modes
when no physical keyboard is found; ``"on"`` always; ``"off"`` never. Decided at start
(:func:`keyboard_wanted`, then :func:`prepare` before the QApplication is made).
"""

from __future__ import annotations

import atexit
import logging
import math
import os
import re
import shutil
import struct
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QMainWindow,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # imported when a keyboard is made: Qt Quick costs ~0.1 s to load
    from PySide6.QtQuick import QQuickItem

log = logging.getLogger(__name__)

LOG_RULES = (
    "qt.qml.propertyCache.append=false\n"
    "qt.virtualkeyboard*.info=false\n"
    "qt.multimedia.symbolsresolver=false"
)
"""For ``QLoggingCategory.setFilterRules``. While the keyboard loads, its QML warns that a
member overrides another (``PopupList.contentWidth``) and QtMultimedia (for key clicks) lists
the audio libraries it cannot find. Neither says anything about the kiosk, and both are printed
from Qt's loader threads: a Python message handler (pytest-qt installs one) would wait there
for the interpreter, which the main thread holds while it loads the keyboard: a deadlock."""

KEYBOARD_SETTINGS = ("auto", "on", "off")
"""Values of the ``on_screen_keyboard`` setting."""

_ACCESSIBLE = {
    "zh": ("屏幕键盘", "点按按键输入；中文用拼音输入，再点选候选字。地球键切换中英文。"),
    "en": (
        "On-screen keyboard",
        "Tap keys to type; type Chinese in pinyin and tap a candidate. The globe key "
        "switches between Chinese and English.",
    ),
}
"""The keyboard's accessible name and description by UI language."""

LOCALES = {"zh": ("zh_CN", "en_US"), "en": ("en_US", "zh_CN")}
"""Keyboard languages for a UI language: the first is shown, the globe key switches."""

MAX_HEIGHT_SHARE = 0.45
"""The keyboard takes at most this share of the window's height (narrower keys if needed)."""

INPUT_METHOD_HINTS = Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
"""Added to every text field the keyboard serves: no learning, no word predictions."""

_IM_MODULE = "qtvirtualkeyboard"
_SCANNER_NAMES = re.compile(
    r"scan|barcode|bar code|honeywell|zebra|symbol|datalogic|newland|metrologic|opticon|"
    r"cipherlab|netum|inateck|eyoyo|tera|hid ?pos|handheld",
    re.IGNORECASE,
)
_NOT_KEYBOARDS = re.compile(
    r"virtual|xtest|uinput|ydotool|power button|sleep button|video bus|consumer control|"
    r"system control|yubikey|lid switch",
    re.IGNORECASE,
)
# Linux key codes of the 26 letters (KEY_Q..KEY_P, KEY_A..KEY_L, KEY_Z..KEY_M).
_LETTER_KEYS = (*range(16, 26), *range(30, 39), *range(44, 51))

KEYBOARD_BACKGROUND = "#263238"
"""The default keyboard style's background, also drawn beside a keyboard narrower than the
window (a wide window caps the keyboard's height, so its keys get narrower)."""

_QML = """
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Rectangle {
    id: root
    color: "%s"  // beside a keyboard narrower than the window
    property real maxHeight: 400
    property var locales: ["zh_CN", "en_US"]

    function applyLocales() {
        VirtualKeyboardSettings.activeLocales = locales
        VirtualKeyboardSettings.locale = locales[0]
    }
    onLocalesChanged: applyLocales()

    Component.onCompleted: {
        // The candidate row stays, empty or not: the pages above do not jump while typing.
        VirtualKeyboardSettings.wordCandidateList.alwaysVisible = true
        applyLocales()
    }

    InputPanel {
        id: panel
        objectName: "inputPanel"
        // The view takes the panel's height (the panel's height follows from its width).
        anchors.top: parent.top
        anchors.horizontalCenter: parent.horizontalCenter
        // Keys keep the style's proportions: a wide window gets a keyboard capped in height.
        width: keyboard.style
               ? Math.min(root.width, root.maxHeight * keyboard.style.keyboardDesignWidth
                                      / keyboard.style.keyboardDesignHeight)
               : root.width
    }
}
"""


# --- deciding and preparing (before the QApplication exists) ---------------------------------


def keyboard_wanted(
    setting: str,
    mode: str,
    *,
    keyboards: Callable[[], Sequence[str] | None] | None = None,
) -> bool:
    """Whether this kiosk shows the on-screen keyboard.

    Args:
        setting: ``on_screen_keyboard``: ``"on"``, ``"off"`` or ``"auto"`` (anything else
            counts as ``"auto"``).
        mode: the kiosk's mode; self-service kiosks always get it under ``"auto"``.
        keyboards: lists physical keyboards, or None when it cannot tell (default:
            :func:`physical_keyboards`). Not knowing counts as having one.
    """
    if setting == "on":
        return True
    if setting == "off":
        return False
    if mode == "self":
        return True
    found = (keyboards or physical_keyboards)()
    return found is not None and not found


def physical_keyboards(devices: Path = Path("/proc/bus/input/devices")) -> list[str] | None:
    """Names of the physical keyboards attached, or None where that cannot be read.

    Linux only (the kernel's input device list, whatever the display server). A device counts
    when it has most letter keys and its name is not a barcode scanner's: a keyboard-wedge
    scanner is a USB keyboard to the system, and one is attached to every gate kiosk. Scanners
    with unusual names count as keyboards: set ``on_screen_keyboard = "on"`` for those kiosks.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        text = devices.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return parse_input_devices(text)


def parse_input_devices(text: str) -> list[str]:
    """Keyboards in the text of ``/proc/bus/input/devices`` (see :func:`physical_keyboards`)."""
    found: list[str] = []
    word_bits = struct.calcsize("l") * 8
    for block in text.split("\n\n"):
        name = ""
        handlers = ""
        keys = ""
        for line in block.splitlines():
            if line.startswith("N: Name="):
                name = line[len("N: Name=") :].strip().strip('"')
            elif line.startswith("H: Handlers="):
                handlers = line
            elif line.startswith("B: KEY="):
                keys = line[len("B: KEY=") :]
        if "kbd" not in handlers.split("=")[-1].split() or not keys:
            continue
        if _SCANNER_NAMES.search(name) or _NOT_KEYBOARDS.search(name):
            continue
        bits = 0
        for index, word in enumerate(reversed(keys.split())):
            try:
                bits |= int(word, 16) << (index * word_bits)
            except ValueError:
                break
        letters = sum(1 for code in _LETTER_KEYS if bits >> code & 1)
        if letters >= 20:
            found.append(name)
    return found


def prepare(enabled: bool) -> bool:
    """Load the keyboard's input method; call before the QApplication is created.

    Sets ``QT_IM_MODULE=qtvirtualkeyboard`` and the application integration, and switches Qt
    Quick to its software renderer. Add :data:`LOG_RULES` to the application's logging rules.

    Returns:
        Whether the keyboard will work (False if disabled, or if the QApplication exists).
    """
    if not enabled:
        return False
    if QGuiApplication.instance() is not None:
        log.warning("the on-screen keyboard must be prepared before the application starts")
        return os.environ.get("QT_IM_MODULE") == _IM_MODULE
    os.environ["QT_IM_MODULE"] = _IM_MODULE
    os.environ["QT_VIRTUALKEYBOARD_DESKTOP_DISABLE"] = "1"
    # The variable, not QQuickWindow.setGraphicsApi: importing Qt Quick here would cost the
    # kiosk's start about 0.1 s; the keyboard sets the API itself when it is made.
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    return True


def _use_software_rendering() -> None:
    """Qt Quick draws with the CPU: no GPU, OpenGL or Vulkan needed (cage, offscreen, VMs)."""
    from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

    if QQuickWindow.sceneGraphBackend() != "software":
        QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)


def input_method_loaded() -> bool:
    """Whether this process's QApplication was made with the keyboard's input method."""
    return os.environ.get("QT_IM_MODULE") == _IM_MODULE


# --- the keyboard ----------------------------------------------------------------------------


class VirtualKeyboard(QWidget):
    """The keyboard, as a widget to dock at the bottom of a window (see :func:`attach`).

    Hidden until a text field takes the focus; then it shows (a tap on a field is enough) and
    hides again when the focus leaves text fields or the keyboard's own hide key is tapped.

    Args:
        parent: the usual QWidget parent.
        language: ``"zh"`` (pinyin first) or ``"en"`` (Latin first).
    """

    shown = Signal(bool)
    """The keyboard appeared (True) or went away (False)."""

    def __init__(self, parent: QWidget | None = None, *, language: str = "zh") -> None:
        from PySide6.QtQuickWidgets import QQuickWidget

        super().__init__(parent)
        self.setObjectName("virtualKeyboard")
        self._language = language
        _use_software_rendering()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = QQuickWidget(self)
        self.view.setObjectName("virtualKeyboardView")
        # Taps must never take the focus from the field being typed into.
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.view.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        self.view.setClearColor(QColor(KEYBOARD_BACKGROUND))
        self.view.setInitialProperties({"locales": list(_locales_for(language))})
        self.view.setSource(QUrl.fromLocalFile(str(_qml_file())))
        if self.view.status() == QQuickWidget.Status.Error:
            errors = "; ".join(error.toString() for error in self.view.errors())
            log.error("the on-screen keyboard did not load: %s", errors)
        layout.addWidget(self.view)
        self.set_language(language)
        self.panel = self._find_panel()
        self.hide()
        if self.panel is None:
            return
        self.panel.heightChanged.connect(self._fit_height)
        QGuiApplication.inputMethod().visibleChanged.connect(self._sync_visibility)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._fit_height()

    def _find_panel(self) -> QQuickItem | None:
        from PySide6.QtQuick import QQuickItem

        root = self.view.rootObject()
        if root is None:
            return None
        panel = root.findChild(QQuickItem, "inputPanel")
        return panel if isinstance(panel, QQuickItem) else None

    @property
    def available(self) -> bool:
        """Whether the keyboard loaded and its input method is active in this process."""
        return self.panel is not None and input_method_loaded()

    @property
    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> None:
        """Show pinyin first for ``"zh"``, Latin letters first otherwise (the globe switches)."""
        self._language = language
        name, description = _ACCESSIBLE.get(language, _ACCESSIBLE["en"])
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)
        root = self.view.rootObject()
        if root is not None:
            root.setProperty("locales", list(_locales_for(language)))

    def set_max_height(self, pixels: float) -> None:
        """Cap the keyboard's height (keys get narrower rather than taller)."""
        root = self.view.rootObject()
        if root is not None:
            root.setProperty("maxHeight", float(pixels))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        window = self.window()
        if window is not None and window is not self:
            self.set_max_height(window.height() * MAX_HEIGHT_SHARE)

    def _fit_height(self) -> None:
        if self.panel is not None:
            self.view.setFixedHeight(max(1, math.ceil(self.panel.height())))

    def _sync_visibility(self) -> None:
        visible = QGuiApplication.inputMethod().isVisible() and self.available
        if visible == self.isVisible():
            return
        self.setVisible(visible)
        self.shown.emit(visible)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A tap on a text field shows the keyboard at once (Qt waits for a second tap)."""
        if new is None or not _is_text_field(new):
            return
        new.setInputMethodHints(new.inputMethodHints() | INPUT_METHOD_HINTS)
        QGuiApplication.inputMethod().update(Qt.InputMethodQuery.ImHints)
        QGuiApplication.inputMethod().show()


def _locales_for(language: str) -> tuple[str, str]:
    return LOCALES.get(language, LOCALES["en"])


def _is_text_field(widget: QWidget) -> bool:
    if not widget.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled):
        return False
    read_only = widget.property("readOnly")
    return not (isinstance(read_only, bool) and read_only)


_QML_FILES: list[Path] = []


def _qml_file() -> Path:
    """The panel's QML, written once per process to a temporary folder removed at exit."""
    if not _QML_FILES:
        folder = tempfile.mkdtemp(prefix="kiosk-keyboard-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = Path(folder) / "virtual_keyboard.qml"
        path.write_text(_QML % KEYBOARD_BACKGROUND, encoding="utf-8")
        _QML_FILES.append(path)
    return _QML_FILES[0]


# --- docking ---------------------------------------------------------------------------------


class KeyboardDock(QObject):
    """Keeps the focused field in view above the docked keyboard.

    Attributes:
        keyboard: the keyboard.
        scroll: the scroll area the window's pages now live in.
    """

    def __init__(self, window: QMainWindow, keyboard: VirtualKeyboard, scroll: QScrollArea) -> None:
        super().__init__(window)
        self.keyboard = keyboard
        self.scroll = scroll
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.reveal_focus)
        # Bound methods (not lambdas): Qt drops these connections when the dock goes away.
        keyboard.shown.connect(self._schedule)
        QGuiApplication.inputMethod().cursorRectangleChanged.connect(self._schedule)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._schedule)

    def _schedule(self, *_args: object) -> None:
        self._timer.start()

    def reveal_focus(self) -> None:
        """Scroll the pages so the focused field is fully visible above the keyboard."""
        focus = QApplication.focusWidget()
        page = self.scroll.widget()
        if focus is None or page is None or not page.isAncestorOf(focus):
            return
        self.scroll.ensureWidgetVisible(focus, 0, 16)

    def field_visible(self, field: QWidget) -> bool:
        """Whether ``field`` lies wholly in the visible part of the pages (for tests)."""
        viewport = self.scroll.viewport()
        top_left = field.mapTo(viewport, QPoint(0, 0))
        return viewport.rect().contains(field.rect().translated(top_left))


def attach(window: QMainWindow, *, language: str = "zh") -> KeyboardDock | None:
    """Dock the keyboard under ``window``'s pages; None if the input method is not loaded.

    The window's central widget moves into a frameless, resizable scroll area above the
    keyboard: while the keyboard is closed nothing looks different; while it is open the pages
    get the space above it, and the focused field is scrolled into view.

    Args:
        window: the main window, with its central widget already set.
        language: the UI language (``"zh"`` or ``"en"``); call
            ``dock.keyboard.set_language`` when it changes.
    """
    if not input_method_loaded():
        return None
    pages = window.takeCentralWidget()
    container = QWidget(window)
    container.setObjectName("keyboardDockContainer")
    layout = QVBoxLayout(container)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    scroll = QScrollArea(container)
    scroll.setObjectName("keyboardDockPages")
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
    # A finger drags the pages when they do not fit above the keyboard (taps still tap).
    QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    if pages is not None:
        scroll.setWidget(pages)
    keyboard = VirtualKeyboard(container, language=language)
    layout.addWidget(scroll, 1)
    layout.addWidget(keyboard, 0)
    window.setCentralWidget(container)
    return KeyboardDock(window, keyboard, scroll)
