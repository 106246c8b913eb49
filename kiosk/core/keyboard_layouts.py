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
from collections.abc import Callable, Iterable, Mapping
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
