"""Keyboard-wedge scanner input that needs no focused field.

A wedge scanner is a keyboard that types very fast: a burst of keys a few milliseconds apart,
usually ended by Enter or Tab. :class:`ScannerFilter` watches every key press of the application,
holds back printable keys while it decides, and then either

* recognises a scan (a fast burst ended by Enter/Tab, or a longer burst ended by a pause), emits
  :attr:`ScannerFilter.scanned` and drops those keys, so they never land in a focused field; or
* recognises a person (keys further apart than a scanner ever types) and replays the held keys,
  in order, to the widget they were meant for. A person's key shows up at most one pause
  (:attr:`ScannerFilter.pause_ms`) late.

Key timing comes from the platform's event timestamps when it has them (they stay true while
the UI thread is busy), otherwise from a monotonic clock.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent

from kiosk.core.keyboard_layouts import guess_and_repair, looks_like_scan
from kiosk.ui.input.dedupe import DUPLICATE_WINDOW_S, DuplicateGate

log = logging.getLogger(__name__)

_TERMINATOR_KEYS = frozenset(
    {Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value, Qt.Key.Key_Tab.value}
)
_MODIFIER_KEYS = frozenset(
    key.value
    for key in (
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_Hyper_L,
        Qt.Key.Key_Hyper_R,
        Qt.Key.Key_Mode_switch,
        Qt.Key.Key_unknown,  # only when it carries no text
    )
)
_DEAD_KEY_RANGE = range(Qt.Key.Key_Dead_Grave.value, 0x0100129F + 1)
_SHORTCUT_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


@dataclass(slots=True)
class _HeldEvent:
    receiver: QObject
    event: QEvent


class ScannerFilter(QObject):
    """Application-wide event filter that turns wedge-scanner bursts into :attr:`scanned` texts.

    Install with ``app.installEventFilter(scanner_filter)``. The emitted text is cleaned of
    terminators and, if it was typed through an AZERTY or QWERTZ layout, repaired (see
    :mod:`kiosk.core.keyboard_layouts`); the same text twice within ``duplicate_window_s`` is
    emitted once.

    Args:
        parent: the usual QObject parent.
        max_key_gap_ms: keys at most this far apart belong to one burst (scanners: 2–20 ms;
            people: 100–300 ms).
        pause_ms: a burst with no key for this long is over.
        min_terminated_length: a burst ended by Enter/Tab needs at least this many characters.
        min_pause_length: a burst ended by a pause needs at least this many characters (scanners
            set up without a terminator).
        duplicate_window_s: the same scan again within this many seconds is dropped.
        clock: monotonic seconds, for events without a timestamp and for duplicates.
        valid: what a good scan looks like, used to choose a keyboard-layout repair; ``None``
            turns repair off. Settable later through :attr:`valid`.
    """

    scanned = Signal(str)
    """A complete scan (repaired, not a duplicate). Connect to ``MainWindow.handle_scan``."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        max_key_gap_ms: float = 35.0,
        pause_ms: int = 80,
        min_terminated_length: int = 4,
        min_pause_length: int = 6,
        duplicate_window_s: float = DUPLICATE_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
        valid: Callable[[str], bool] | None = looks_like_scan,
    ) -> None:
        super().__init__(parent)
        self.max_key_gap_ms = max_key_gap_ms
        self.pause_ms = pause_ms
        self.min_terminated_length = min_terminated_length
        self.min_pause_length = min_pause_length
        self.terminator_grace_ms = 3.0 * pause_ms
        """A lone Enter/Tab this soon after a scan belongs to it (a late end, or CR+LF): swallowed."""
        self.valid = valid
        self._clock = clock
        self._gate = DuplicateGate(duplicate_window_s, clock)
        self._enabled = True
        self._replaying = False
        self._held: list[_HeldEvent] = []
        self._text: list[str] = []
        self._last_key_ms = 0.0
        self._last_scan_end_ms: float | None = None
        self._fault_logged = False
        self._pause_timer = QTimer(self)
        self._pause_timer.setSingleShot(True)
        self._pause_timer.setInterval(pause_ms)
        self._pause_timer.timeout.connect(self._on_pause)

    # -- public API -------------------------------------------------------------------------

    def setEnabled(self, enabled: bool) -> None:
        """Stop (or resume) capturing; while stopped every key goes where Qt sends it."""
        if not enabled:
            self._end_as_typing()
        self._enabled = enabled

    def isEnabled(self) -> bool:
        return self._enabled

    def feed_text(self, text: str) -> bool:
        """Hand in a whole scan from a serial or HID-POS scanner (no keys involved).

        Trailing CR/LF/Tab are dropped; repair and duplicate rules are the same as for keys.

        Returns:
            Whether :attr:`scanned` was emitted.
        """
        return self._emit(text)

    def reset_duplicates(self) -> None:
        """Let the next scan through even if it repeats the last one (e.g. after a page change)."""
        self._gate.reset()

    # -- event filter -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hold, swallow or pass one event; never raises (a broken event passes through)."""
        if self._replaying or not self._enabled:
            return False
        try:
            event_type = event.type()
            if event_type == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._on_key_press(watched, event)
            if event_type == QEvent.Type.InputMethod and isinstance(event, QInputMethodEvent):
                return self._on_input_method(watched, event)
        except Exception:
            if not self._fault_logged:
                log.exception("scanner filter let a key event through after an error")
                self._fault_logged = True
            self._give_back_or_drop()
        return False

    def _event_ms(self, event: QKeyEvent) -> float:
        stamp = event.timestamp()
        return float(stamp) if stamp > 0 else self._clock() * 1000.0

    def _on_key_press(self, watched: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        text = event.text()
        if key in _MODIFIER_KEYS and not text:
            return False  # Shift between a scanner's capitals must not end its burst.
        now = self._event_ms(event)
        if event.isAutoRepeat():
            self._end_as_typing()
            return False
        if key in _TERMINATOR_KEYS and not event.modifiers() & _SHORTCUT_MODIFIERS:
            return self._on_terminator(now)
        if key in _DEAD_KEY_RANGE and not text:
            if self._text and self._continues_burst(now):
                self._hold(watched, event, "", now)
                return True
            return False
        if _is_printable(text) and not event.modifiers() & _SHORTCUT_MODIFIERS:
            if self._text and not self._continues_burst(now):
                self._end_burst()
            self._hold(watched, event, text, now)
            return True
        self._end_as_typing()  # arrows, Backspace, shortcuts: a person is at the keyboard.
        return False

    def _on_input_method(self, watched: QObject, event: QInputMethodEvent) -> bool:
        """An accented letter composed from a dead key arrives as a commit, mid-burst."""
        commit = event.commitString()
        if self._text and commit and not event.preeditString() and _is_printable(commit):
            self._hold(watched, event, commit, self._last_key_ms)
            return True
        return False

    def _on_terminator(self, now: float) -> bool:
        if self._text and len("".join(self._text)) >= self.min_terminated_length:
            text = "".join(self._text)
            self._drop_burst()
            self._last_scan_end_ms = now
            self._emit(text)
            return True
        if (
            not self._text
            and self._last_scan_end_ms is not None
            and 0.0 <= now - self._last_scan_end_ms <= self.terminator_grace_ms
        ):
            self._last_scan_end_ms = None
            return True
        self._end_as_typing()
        return False

    def _continues_burst(self, now: float) -> bool:
        return 0.0 <= now - self._last_key_ms <= self.max_key_gap_ms

    def _hold(self, watched: QObject, event: QEvent, text: str, now: float) -> None:
        self._held.append(_HeldEvent(watched, event.clone()))
        if text:
            self._text.append(text)
        self._last_key_ms = now
        self._pause_timer.start()

    # -- ending a burst ---------------------------------------------------------------------

    def _on_pause(self) -> None:
        try:
            self._end_burst()
        except Exception:
            log.exception("scanner filter failed to end a burst")
            self._give_back_or_drop()

    def _end_burst(self) -> None:
        """The burst is over without a terminator: a scan if long enough, else a person."""
        text = "".join(self._text)
        if len(text) >= self.min_pause_length:
            self._last_scan_end_ms = self._last_key_ms
            self._drop_burst()
            self._emit(text)
        else:
            self._end_as_typing()

    def _end_as_typing(self) -> None:
        """Give the held keys back to the widgets they were meant for, in order."""
        held = self._held
        self._drop_burst()
        if not held:
            return
        self._replaying = True
        try:
            for item in held:
                if shiboken6.isValid(item.receiver):
                    QCoreApplication.sendEvent(item.receiver, item.event)
        finally:
            self._replaying = False

    def _give_back_or_drop(self) -> None:
        """After an error: return held keys to a person if possible, never raise."""
        try:
            self._end_as_typing()
        except Exception:
            self._drop_burst()

    def _drop_burst(self) -> None:
        self._pause_timer.stop()
        self._held = []
        self._text = []

    def _emit(self, raw: str) -> bool:
        text = raw.strip("\r\n\t")
        if not text:
            return False
        if self.valid is not None:
            try:
                text = guess_and_repair(text, self.valid)
            except Exception:
                log.exception("scan validator failed; the scan goes on as typed")
        if not self._gate.admit(text):
            log.debug("duplicate scan dropped")
            return False
        self.scanned.emit(text)
        return True


def _is_printable(text: str) -> bool:
    return bool(text) and text.isprintable()
