"""One scan, from text to answer: the double-read gate, the decision on the worker, the party
question, and the badges of an admission.

The window decides *whether* a scan is taken (the database is ready, no staff page is open)
and shows what the flow answers; the flow owns everything in between. Service calls run on
the app's serial worker, so scans keep their order.
"""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QObject, Signal

from kiosk.core.changes import Change
from kiosk.core.errors import NotAvailableYet
from kiosk.core.rules import ActionOutcome
from kiosk.services.results import CheckInResult
from kiosk.ui import faults
from kiosk.ui.app import AppContext
from kiosk.ui.input.dedupe import DuplicateGate
from kiosk.ui.pages.party_page import PartyChoice

log = logging.getLogger("kiosk.ui")

DUPLICATE_SCAN_MS = 1500
"""The same text again within this time is a double read of one scan, not a second scan."""

NOT_AVAILABLE = NotAvailableYet("Check-in is not available on this kiosk.", "本终端暂不能签到。")


def error_result(message_en: str, message_zh: str) -> CheckInResult:
    """The answer shown for a call that failed: red, nobody admitted."""
    return CheckInResult(outcome=ActionOutcome.ERROR, message_en=message_en, message_zh=message_zh)


def failure_result(error: BaseException) -> CheckInResult:
    """A failed decision as an answer that says what to do.

    The result page shows it in every mode, so it never carries the fault's detail (a
    database address, a driver's message): that goes to the log here, and to the staff page.
    """
    if not isinstance(error, faults.VISITOR_SAFE):
        log.error("scan failed: %s", faults.detail(error), exc_info=error)
    sentence = faults.for_visitors(error)
    return error_result(sentence.en, sentence.zh)


class ScanFlow(QObject):
    """Turns accepted scans into answers; at most one scan is pending at a time.

    Signals:
        party_needed(CheckInResult): several people of the party may still come in; ask who
            is here (a preview: nothing was written), then call :meth:`choose_party`.
        answered(CheckInResult): the scan's final answer: admitted, refused, or an error
            stand-in (outcome ``error``).
        print_requested(list): ids of the visitors just admitted, whose badges to print
            (emitted after ``answered``).
    """

    party_needed = Signal(object)
    answered = Signal(object)
    print_requested = Signal(list)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        # One gate for every source together (scanner, camera, keypad, search): a code that
        # two of them deliver at once is one scan.
        self.gate = DuplicateGate(DUPLICATE_SCAN_MS / 1000)
        self._pending: str | None = None

    @property
    def pending(self) -> str | None:
        """The scan being decided or waiting for the party question, if any."""
        return self._pending

    def submit(self, raw: str) -> bool:
        """Decide one scan; False when it was a double read of the previous one."""
        if not self.gate.admit(raw):
            return False
        services = self._context.services
        if services is None:
            self._answer(failure_result(NOT_AVAILABLE))
            return True
        self._pending = raw
        self._context.worker.run(
            partial(services.check_in, ask_party=True),
            self._context.env,
            raw,
            on_done=partial(self._decided, raw),
            on_error=self._failed,
        )
        return True

    def choose_party(self, choice: PartyChoice) -> bool:
        """Check in who of the pending party is here; False when no party is pending."""
        raw, self._pending = self._pending, None
        services = self._context.services
        if raw is None or services is None:
            return False
        if choice.visitor_ids:
            call = partial(services.check_in, visitor_ids=list(choice.visitor_ids))
        else:
            call = partial(services.check_in, count=choice.count)
        self._context.worker.run(
            call, self._context.env, raw, on_done=self._answer, on_error=self._failed
        )
        return True

    def forget(self) -> None:
        """Drop a pending scan (the kiosk went back to its home page)."""
        self._pending = None

    def _decided(self, raw: str, result: CheckInResult) -> None:
        if raw != self._pending:
            return  # a newer scan replaced this one while it was being decided
        if result.needs_party:
            self.party_needed.emit(result)
            return
        self._pending = None
        self._answer(result)

    def _failed(self, error: BaseException) -> None:
        self._pending = None
        if not isinstance(error, faults.VISITOR_SAFE):
            if self._context.mode != "self":  # staff see why (the fault is kept for them too)
                self._context.bridge.message.emit(self._context.message(error))
            else:
                self._context.record_fault(error)
        self._answer(failure_result(error))

    def _answer(self, result: CheckInResult) -> None:
        self.answered.emit(result)
        if not (result.outcome.admits and result.admitted > 0):
            return
        bridge = self._context.bridge
        bridge.checked_in.emit(result)
        bridge.data_changed.emit(Change.CHECKINS)
        visitor_ids = [visitor.id for visitor in result.visitors]
        if visitor_ids:
            self.print_requested.emit(visitor_ids)
