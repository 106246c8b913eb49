"""Turn whatever a scanner, camera or keyboard produced into one clean, classified input.

Two steps, both pure and total (they never raise):

* :func:`normalise_scan` cleans the text: it deletes control and invisible characters
  (keyboard-wedge ``\\r``/``\\n``/``\\t`` included, C1 controls, zero-width characters, the
  BOM, private-use and unassigned code points), turns any run of the remaining whitespace
  (spaces, no-break and ideographic spaces) into one space, trims, applies Unicode NFC and
  cuts the result to :data:`MAX_SCAN_LENGTH` characters. It does **not** change case, because
  a URL may carry case-sensitive parts.
* :func:`parse_scan` says what the text is: a reservation/badge/pretix code (returned upper-cased,
  so codes match case-insensitively; the store keeps upper-cased copies), a signed ticket, nothing
  at all, or something invalid.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

from kiosk.core.tickets import TICKET_PREFIX

MAX_SCAN_LENGTH = 512
"""Cleaned scans are cut to this many characters; a scan that reaches it is rejected as invalid."""

TRUNCATION_MARK = "\u2026"
"""Last character of a scan that :func:`normalise_scan` had to cut."""

MAX_CODE_LENGTH = 64
"""Longest bare code accepted (pretix secrets are 32, Eventbrite barcodes about 20)."""

CODE_QUERY_KEYS = ("code", "c", "reservation", "r", "secret", "badge")
"""URL query parameters that may carry a code, in the order they are tried."""

TICKET_QUERY_KEYS = ("ticket", "t")
"""URL query parameters that may carry a signed ticket."""

EVENTBRITE_BARCODE_SUFFIX = "001"
"""An Eventbrite ticket's barcode is the order number, the attendee number and this."""

MIN_ATTENDEE_NUMBER_DIGITS = 8
"""Eventbrite attendee numbers are long (ten digits and more); shorter digit runs are not
tried as one, so a mistyped short code never reads as somebody's ticket."""


def eventbrite_barcode(order: str, attendee_number: str) -> str:
    """The barcode Eventbrite prints on an attendee's ticket."""
    return f"{order}{attendee_number}{EVENTBRITE_BARCODE_SUFFIX}"


def may_be_attendee_number(code: str) -> bool:
    """Whether a typed code could be an Eventbrite attendee number on its own."""
    return code.isascii() and code.isdigit() and len(code) >= MIN_ATTENDEE_NUMBER_DIGITS


CODE_PATH_MARKERS = frozenset({"r", "c", "code", "reservation", "b", "badge", "checkin"})
"""A URL path segment after one of these (``…/r/CODE``) is the code."""

ScanKind = Literal["code", "signed_ticket", "empty", "invalid"]

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_CODE_RE = re.compile(rf"[A-Za-z0-9_-]{{1,{MAX_CODE_LENGTH}}}")
_TICKET_RE = re.compile(re.escape(TICKET_PREFIX) + r"[A-Za-z2-7]+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ScanInput:
    """What one scan turned out to be.

    Attributes:
        kind: ``"code"`` (look ``code`` up as a reservation, badge or pretix secret),
            ``"signed_ticket"`` (verify ``ticket`` with :func:`kiosk.core.tickets.verify_ticket`),
            ``"empty"`` (nothing but noise: ignore quietly) or ``"invalid"`` (tell the user).
        code: the code candidate, upper-cased; set only for ``"code"``.
        ticket: the signed ticket text as scanned; set only for ``"signed_ticket"``.
    """

    kind: ScanKind
    code: str | None = None
    ticket: str | None = None


EMPTY_SCAN = ScanInput("empty")
INVALID_SCAN = ScanInput("invalid")


def _clean(raw: str) -> str:
    """Everything :func:`normalise_scan` does except the length cut."""
    visible = "".join(ch for ch in raw if unicodedata.category(ch) not in _INVISIBLE_CATEGORIES)
    composed = unicodedata.normalize("NFC", visible)
    return " ".join(composed.split())


def normalise_scan(raw: str) -> str:
    """Clean raw scanner or keyboard text without changing its meaning.

    Never raises. The result has no control or invisible characters, no leading, trailing or
    repeated whitespace, is NFC, has at most :data:`MAX_SCAN_LENGTH` characters, and
    ``normalise_scan(normalise_scan(x)) == normalise_scan(x)``.

    Args:
        raw: the text exactly as received (may be anything, including lone surrogates).

    Returns:
        The cleaned text, case unchanged. Text that was too long comes back cut to exactly
        :data:`MAX_SCAN_LENGTH` characters ending in :data:`TRUNCATION_MARK`, which
        :func:`parse_scan` reports as invalid.
    """
    cleaned = _clean(raw)
    if len(cleaned) > MAX_SCAN_LENGTH:
        # Keep the length at the limit (so parse_scan still sees "too long") and end on a
        # visible mark rather than on a space that a second pass would trim.
        cleaned = cleaned[: MAX_SCAN_LENGTH - 1] + TRUNCATION_MARK
    return cleaned


def parse_scan(text: str) -> ScanInput:
    """Classify a scan; accepts raw or already normalised text (normalising is idempotent).

    Accepted forms:

    * a bare code: ASCII letters, digits, ``-`` and ``_`` (1–64 characters; inner spaces are
      dropped and full-width characters typed with a Chinese IME are folded to ASCII);
    * a URL carrying a code: ``…/r/CODE``, ``…?code=CODE`` (also ``c``, ``reservation``, ``r``,
      ``secret``, ``badge``), with or without a scheme;
    * a signed ticket (``KT1.`` + base32), bare or in a URL (``…/t/KT1.…`` or ``?t=KT1.…``).

    Anything at least :data:`MAX_SCAN_LENGTH` characters long is invalid (it may have been cut).

    Returns:
        A :class:`ScanInput`; never raises.
    """
    cleaned = _clean(text)
    if not cleaned:
        return EMPTY_SCAN
    if len(cleaned) >= MAX_SCAN_LENGTH:
        return INVALID_SCAN
    folded = _fold_width(cleaned)
    if _TICKET_RE.fullmatch(folded):
        return ScanInput("signed_ticket", ticket=folded)
    if "/" in folded or "?" in folded:
        return _parse_url(folded)
    return _code_or_invalid(folded.replace(" ", ""))


def _fold_width(text: str) -> str:
    """Fold full-width ASCII (``ＡＢＣ１２３``) to plain ASCII; keep other text as it is."""
    if text.isascii():
        return text
    folded = unicodedata.normalize("NFKC", text)
    return folded if folded.isascii() else text


def _code_or_invalid(candidate: str) -> ScanInput:
    if _CODE_RE.fullmatch(candidate):
        return ScanInput("code", code=candidate.upper())
    return INVALID_SCAN


def _parse_url(text: str) -> ScanInput:
    """Find a ticket or code inside a URL (scheme optional)."""
    if "://" not in text and not text.startswith("/"):
        text = "https://" + text  # "tours.example.com/r/CODE" typed without a scheme
    try:
        parts = urlsplit(text)
    except ValueError:
        return INVALID_SCAN
    query = {key.lower(): value.strip() for key, value in parse_qsl(parts.query)}
    for key in TICKET_QUERY_KEYS:
        if key in query and _TICKET_RE.fullmatch(query[key]):
            return ScanInput("signed_ticket", ticket=query[key])
    segments = [unquote(segment).strip() for segment in parts.path.split("/") if segment.strip()]
    for segment in segments:
        if _TICKET_RE.fullmatch(segment):
            return ScanInput("signed_ticket", ticket=segment)
    for key in CODE_QUERY_KEYS:
        if key in query:
            return _code_or_invalid(query[key])
    for marker, value in pairwise(segments):
        if marker.lower() in CODE_PATH_MARKERS:
            return _code_or_invalid(value)
    return INVALID_SCAN
