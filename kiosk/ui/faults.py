"""What a fault looks like to a visitor (what to do) and to staff (what broke).

A :class:`~kiosk.core.errors.DatabaseError` names the database's address and the driver's own
words: useful to staff and in the log, useless and revealing on a visitor's screen. Visitors,
and every result page, get a sentence that says what to do; the detail goes to the log and to
the staff page (:attr:`kiosk.ui.app.AppContext.last_fault`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kiosk.core.errors import InputError, KioskError, NotAvailableYet

log = logging.getLogger("kiosk.ui")

VISITOR_SAFE: tuple[type[KioskError], ...] = (InputError, NotAvailableYet)
"""Errors whose own sentence is about the person's input or the kiosk's features, never
about its insides: shown as they are."""


@dataclass(frozen=True)
class Sentence:
    """One sentence in both languages."""

    en: str
    zh: str


TRY_AGAIN = Sentence(
    "Check-in did not work this time, and nobody was checked in. "
    "Please try again, or ask a member of staff.",
    "本次签到未完成，没有为任何人签到。请重试，或联系工作人员。",
)
"""For a scan that failed: what the visitor can do."""

OUT_OF_SERVICE = Sentence(
    "This kiosk cannot check anyone in at the moment. Please ask a member of staff.",
    "本终端暂时无法签到，请联系工作人员。",
)
"""For a kiosk that stopped (its database cannot be used)."""


def for_visitors(error: BaseException, fallback: Sentence = TRY_AGAIN) -> Sentence:
    """What a visitor reads for ``error``: its own sentence if it is safe, else ``fallback``."""
    if isinstance(error, VISITOR_SAFE):
        return Sentence(error.message, error.message_zh)
    return fallback


def detail(error: BaseException) -> str:
    """The fault in full for staff and the log (a KioskError's sentence, else its type and
    text); one line."""
    text = error.message if isinstance(error, KioskError) else f"{type(error).__name__}: {error}"
    return " ".join(text.split())
