"""The app-wide signal bridge: one place where widgets that do not know each other meet.

Pages never hold references to each other; they emit or listen here, and
``MainWindow._connect_signals`` wires the rest.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Bridge(QObject):
    """Typed, documented app-wide signals.

    Signals:
        checked_in(object): a ``CheckInResult`` that admitted people (ok/partial).
        data_changed(str): something in the database changed; the argument says what
            (``"checkin"``, ``"sync"``, ``"print"`` …) so listeners refresh only what they show.
        message(str): a sentence for the person in front of the kiosk (already translated).
        print_requested(list): visitor ids whose badges should be printed now.
        print_status(str): ``"printing"``, ``"printed"``, ``"failed"`` or ``""`` (nothing to say).
        language_changed(str): the UI language switched to ``"zh"`` or ``"en"``.
    """

    checked_in = Signal(object)
    data_changed = Signal(str)
    message = Signal(str)
    print_requested = Signal(list)
    print_status = Signal(str)
    language_changed = Signal(str)
