"""Repair codes that a US-layout keyboard-wedge scanner typed through a French or German layout.

A wedge scanner does not send characters: it sends *key positions* (USB HID usages) plus Shift, as
if a person had pressed them on a US keyboard. The computer turns those positions into characters
with its own keyboard layout, so on a French (AZERTY) kiosk ``K7M4`` arrives as ``Kè?'`` and on a
German (QWERTZ) one ``/r/`` arrives as ``-r-``. Because the damage follows the physical keys, it
can be undone exactly: the tables below list, key by key, what US, French and German layouts put
on each position, and :func:`repair` maps every character back to the US character of its key.

Dead keys (``^`` and ``¨`` on AZERTY, ``^ ´ ``\\` on QWERTZ) type nothing on their own; the next
letter then comes out accented (``=A`` typed through QWERTZ gives ``Á``). :func:`repair` undoes
such accented letters too. A US scanner never presses AltGr, so AltGr characters never appear.

Pure and total: nothing here raises on any input text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from kiosk.core.scan import parse_scan

Layout = Literal["azerty", "qwertz"]
"""A keyboard layout a US-layout scanner may be typing through."""

LAYOUTS: Final[tuple[Layout, ...]] = ("azerty", "qwertz")
"""Layouts tried by :func:`guess_and_repair`, in order of preference."""

# Each layout as rows of physical keys, unshifted and shifted, in the same key order: the number
# row, the top letter row (ending with the key US has its backslash on: the ISO key left of Enter
# reads the same HID position on Linux and Windows), the home row and the bottom row.
_US_ROWS: Final = (
    ("`1234567890-=", "~!@#$%^&*()_+"),
    ("qwertyuiop[]\\", "QWERTYUIOP{}|"),
    ("asdfghjkl;'", 'ASDFGHJKL:"'),
    ("zxcvbnm,./", "ZXCVBNM<>?"),
)
# French AZERTY (Windows "French" / XKB "fr"). The shifted key left of 1 types nothing on Windows
# and "~" on some XKB variants; "~" keeps the table one-to-one.
_AZERTY_ROWS: Final = (
    ("²&é\"'(-è_çà)=", "~1234567890°+"),
    ("azertyuiop^$*", "AZERTYUIOP¨£µ"),
    ("qsdfghjklmù", "QSDFGHJKLM%"),
    ("wxcvbn,;:!", "WXCVBN?./§"),
)
# German QWERTZ (Windows "German" / XKB "de").
_QWERTZ_ROWS: Final = (
    ("^1234567890ß´", '°!"§$%&/()=?`'),
    ("qwertzuiopü+#", "QWERTZUIOPÜ*'"),
    ("asdfghjklöä", "ASDFGHJKLÖÄ"),
    ("yxcvbnm,.-", "YXCVBNM;:_"),
)

# Dead keys of each layout, by the spacing character they type when followed by a space, with the
# combining mark they add to the next letter.
_DEAD_KEYS: Final[Mapping[Layout, Mapping[str, str]]] = {
    "azerty": {"^": "\u0302", "¨": "\u0308"},
    "qwertz": {"^": "\u0302", "´": "\u0301", "`": "\u0300"},
}


def _key_table(rows: Iterable[tuple[str, str]]) -> dict[str, str]:
    """US character → character the same key and Shift state type in ``rows``."""
    table = {" ": " "}
    for (us_plain, us_shift), (plain, shift) in zip(_US_ROWS, rows, strict=True):
        table.update(zip(us_plain, plain, strict=True))
        table.update(zip(us_shift, shift, strict=True))
    return table


def _composed_table(layout: Layout, typed: Mapping[str, str]) -> dict[str, str]:
    """Accented letter → the two US characters (dead key, letter) that type it."""
    us_for_typed = {out: us for us, out in typed.items()}
    table: dict[str, str] = {}
    for spacing, mark in _DEAD_KEYS[layout].items():
        for base, us_base in us_for_typed.items():
            if not (base.isascii() and base.isalpha()):
                continue
            composed = unicodedata.normalize("NFC", base + mark)
            if len(composed) == 1:
                table[composed] = us_for_typed[spacing] + us_base
    return table


_TYPED: Final[Mapping[Layout, Mapping[str, str]]] = {
    "azerty": _key_table(_AZERTY_ROWS),
    "qwertz": _key_table(_QWERTZ_ROWS),
}
_REPAIR: Final[Mapping[Layout, Mapping[str, str]]] = {
    layout: {
        **{out: us for us, out in typed.items()},
        **_composed_table(layout, typed),
    }
    for layout, typed in _TYPED.items()
}


def mistype(text: str, layout: Layout, *, compose_dead_keys: bool = False) -> str:
    """What a US-layout scanner sending ``text`` produces on a computer set to ``layout``.

    The inverse of :func:`repair`; used by tests and by the benchmark to make realistic input.

    Args:
        text: what the scanner means to send; characters a US keyboard cannot type pass through.
        layout: the computer's keyboard layout.
        compose_dead_keys: if true, a dead key followed by a letter that it can accent comes out
            as the accented letter (what a real system does); otherwise every dead key types its
            spacing accent on its own.

    Returns:
        The text as the kiosk would receive it.
    """
    typed = _TYPED[layout]
    dead = _DEAD_KEYS[layout]
    out: list[str] = []
    pending_mark: str | None = None
    for ch in text:
        produced = typed.get(ch, ch)
        if pending_mark is not None:
            composed = unicodedata.normalize("NFC", produced + pending_mark)
            pending_mark = None
            if produced.isascii() and produced.isalpha() and len(composed) == 1:
                out[-1] = composed
                continue
        out.append(produced)
        if compose_dead_keys and produced in dead:
            pending_mark = dead[produced]
    return "".join(out)


def repair(text: str, layout: Layout) -> str:
    """Undo what typing through ``layout`` did to a US-layout scanner's text.

    Args:
        text: the characters received.
        layout: the layout they were typed through.

    Returns:
        The text the scanner meant. Characters the layout cannot produce from a US key are kept.
    """
    table = _REPAIR[layout]
    return "".join(table.get(ch, ch) for ch in text)


def looks_like_scan(text: str) -> bool:
    """Whether ``text`` has the shape of something a ticket QR holds (a code, URL or ticket)."""
    return parse_scan(text).kind in ("code", "signed_ticket")


def guess_and_repair(
    text: str,
    valid: Callable[[str], bool] = looks_like_scan,
    layouts: Iterable[Layout] = LAYOUTS,
) -> str:
    """Return ``text`` as typed if it is valid, else its first valid repair, else ``text``.

    The kiosk cannot know which layout the operating system is set to, so it tries them: text
    that is fine as typed is never changed, and a repair is taken only when it turns garbage
    (``Kè?'AéXP``) into something valid (``K7M4Q2XP``).

    Args:
        text: what the scanner typed.
        valid: says whether a candidate is acceptable; the default checks the shape of a code,
            URL or signed ticket. Pass a database lookup to also catch swaps that keep the shape
            (``Z`` and ``Y`` on QWERTZ). Its exceptions propagate.
        layouts: the layouts to try, in order of preference.

    Returns:
        The best reading of the scan.
    """
    if valid(text):
        return text
    for layout in layouts:
        candidate = repair(text, layout)
        if candidate != text and valid(candidate):
            return candidate
    return text


# --- repair by evidence: candidates for an unknown code ---------------------------------------

KioskLayout = Literal["auto", "us", "azerty", "qwertz"]
"""The ``scanner_layout`` setting: the kiosk's keyboard layout as far as scans are concerned.

``"auto"`` (the default): unknown; an unknown code is tried against :func:`layout_candidates`
and admitted only if exactly one exists. ``"us"``: scans arrive as sent, never repaired.
``"azerty"``/``"qwertz"``: the kiosk is known to use that layout with a US-layout scanner, so
every scan is repaired directly (:func:`repair_known_layout`) before it is looked up.
"""

KIOSK_LAYOUTS: Final[tuple[KioskLayout, ...]] = ("auto", "us", "azerty", "qwertz")

RepairKind = Literal["kiosk", "kiosk_digits_kept", "scanner"]
"""How a candidate arose: the kiosk's layout turned a US scanner's keys into other characters
(``"kiosk"``); the same, with digits that arrived intact (an AZERTY kiosk with Caps Lock on, or
a scanner that sends digits from the keypad); or a scanner set to that layout typed on a
US-layout kiosk (``"scanner"``)."""


@dataclass(frozen=True, slots=True)
class LayoutCandidate:
    """One code the scanner may have meant.

    Attributes:
        text: the candidate, as the scanner meant it.
        layout: the layout that explains the damage.
        kind: how the damage arose (see :data:`RepairKind`).
    """

    text: str
    layout: Layout
    kind: RepairKind


def repair_known_layout(text: str, setting: KioskLayout) -> str:
    """The direct repair when the ``scanner_layout`` setting names the kiosk's layout.

    Args:
        text: what the scanner typed, as received (before any upper-casing).
        setting: the setting; ``"auto"`` and ``"us"`` leave the text as it is.

    Returns:
        The text the scanner meant.
    """
    if setting in LAYOUTS:
        return repair(text, setting)
    return text


def layout_candidates(
    text: str, layouts: Iterable[Layout] = LAYOUTS
) -> tuple[LayoutCandidate, ...]:
    """The codes a keyboard-layout mix-up could have turned into ``text``, most likely first.

    Each layout gives at most three readings: the kiosk's layout garbled a US scanner's keys
    (QWERTZ swaps Y and Z and moves the symbol keys; AZERTY swaps A/Q and Z/W, moves M and
    needs Shift for digits), the same with the digits intact, or a scanner set to that layout
    typed on a US kiosk. ``text`` itself and duplicates are left out, so a few candidates at
    most come back; the caller looks them all up and trusts a repair only if exactly one
    exists (:func:`unique_repair`).

    Args:
        text: the scan as received, before upper-casing (AZERTY's ``é`` and ``è`` are digits).
        layouts: the layouts to consider.
    """
    received = _undo_upper_casing(text)
    seen = {text}
    found: list[LayoutCandidate] = []

    def add(candidate: str, layout: Layout, kind: RepairKind) -> None:
        if candidate not in seen:
            seen.add(candidate)
            found.append(LayoutCandidate(candidate, layout, kind))

    for layout in layouts:
        add(repair(received, layout), layout, "kiosk")
        table = _REPAIR[layout]
        add(
            "".join(ch if ch.isdigit() else table.get(ch, ch) for ch in received),
            layout,
            "kiosk_digits_kept",
        )
    for layout in layouts:
        add(mistype(received, layout), layout, "scanner")
    return tuple(found)


def unique_repair(
    text: str,
    existing: Callable[[Sequence[str]], Iterable[str]],
    layouts: Iterable[Layout] = LAYOUTS,
) -> LayoutCandidate | None:
    """The one layout repair of an unknown code that exists, or None if none or several do.

    Args:
        text: the unknown scan as received.
        existing: given candidate codes, returns those of them that exist, as given (one
            database query, e.g. ``SELECT code FROM reservation WHERE code IN (...)`` over
            the candidates normalised as the store keeps codes, mapped back). Its exceptions
            propagate.
        layouts: the layouts to consider.

    Returns:
        The candidate whose code exists, if exactly one distinct code does; a repair that two
        codes could explain admits nobody.
    """
    candidates = layout_candidates(text, layouts)
    if not candidates:
        return None
    hits = set(existing([candidate.text for candidate in candidates]))
    matching = [candidate for candidate in candidates if candidate.text in hits]
    if len({candidate.text for candidate in matching}) != 1:
        return None
    return matching[0]


# Upper-casing (by a normaliser, or Caps Lock) turns AZERTY's unshifted digit keys é è ç à ù
# into capitals no key types; the scanner never sends them, so they can only be those keys.
_UNUPPER: Final = str.maketrans({"É": "é", "È": "è", "Ç": "ç", "À": "à", "Ù": "ù"})


def _undo_upper_casing(text: str) -> str:
    return text.translate(_UNUPPER)
