"""The app-wide signal bridge: one place where widgets that do not know each other meet.

Pages never hold references to each other; they emit or listen here, and
``MainWindow._connect_signals`` wires the rest.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.core.changes import Change


class Bridge(QObject):
    """Typed, documented app-wide signals.

    Signals:
        checked_in(CheckInResult): an answer that admitted people (ok/partial).
        data_changed(Change): something changed; the :class:`~kiosk.core.changes.Change`
            says what, so listeners refresh only what they show.
        message(str): a sentence for the person in front of the kiosk (already translated).
        print_requested(list): visitor ids whose badges should be printed now.
        print_status(str): ``"printing"``, ``"printed"``, ``"failed"`` or ``""`` (nothing to say).
        language_changed(str): the UI language switched to ``"zh"`` or ``"en"``.
        printer_status(object): what the print target reported at the last poll, a
            :class:`~kiosk.badges.sink.PrinterStatus`, or None when it reports nothing
            (no printing, the spooler's default printer).
        printer_settings_changed(): the printer settings were changed (and saved); the
            printer's status is asked for again at once.
    """

    checked_in = Signal(object)
    data_changed = Signal(Change)
    message = Signal(str)
    print_requested = Signal(list)
    print_status = Signal(str)
    language_changed = Signal(str)
    printer_status = Signal(object)
    printer_settings_changed = Signal()
