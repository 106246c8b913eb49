"""Show and log as little personal data as the job needs.

Phone numbers and names are masked on screen; scan inputs (which may be bearer secrets such as
pretix position secrets) go into the scan log as a digest plus a short hint, never in clear.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

DIGEST_HEX_CHARS = 16
"""Length of :func:`digest_secret` output: 64 bits, plenty to correlate log lines."""

_CN_COUNTRY_PREFIX = re.compile(r"^(?:\+|00)86(?=\d{11}$)")
_SEPARATORS = re.compile(r"[\s\-().\[\]/]")
_DIGEST_DOMAIN = b"kiosk-scan-digest-v1\x00"


def mask_phone(phone: str | None) -> str:
    """Mask a phone number for display: ``"13812345678"`` → ``"138****5678"``.

    Never shows more than the first 3 and last 4 digits, and shows less of short numbers:
    11+ digits keep 3 + 4, 7–10 digits keep the last 4, 5–6 digits keep the last 2, shorter
    numbers are fully masked. A Chinese ``+86``/``0086`` prefix is dropped (it tells nothing);
    another international number keeps its ``+``. Separators are dropped. Text without digits
    comes back as ``"****"`` (blank as ``""``).
    """
    if phone is None or not phone.strip():
        return ""
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", phone))
    international = False
    if _CN_COUNTRY_PREFIX.match(text):
        text = _CN_COUNTRY_PREFIX.sub("", text, count=1)
    elif text.startswith("+"):
        international = True
    elif text.startswith("00"):
        international, text = True, text[2:]
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits:
        return "****"
    count = len(digits)
    if count >= 11:
        shown_head, shown_tail = 3, 4
    elif count >= 7:
        shown_head, shown_tail = 0, 4
    elif count >= 5:
        shown_head, shown_tail = 0, 2
    else:
        shown_head, shown_tail = 0, 0
    hidden = count - shown_head - shown_tail
    masked = digits[:shown_head] + "*" * hidden + digits[count - shown_tail :]
    return ("+" + masked) if international else masked


def mask_name(name: str | None) -> str:
    """Mask a person's name for shared screens, keeping enough to recognise oneself.

    Chinese names keep the family name: ``"王小明"`` → ``"王**"``. Latin names keep the first
    word and initials of the others: ``"Ada Lovelace"`` → ``"Ada L."``; one word keeps its
    initial: ``"Madonna"`` → ``"M."``. Blank → ``""``.
    """
    if name is None:
        return ""
    words = name.split()
    if not words:
        return ""
    if any(_is_cjk(ch) for ch in words[0]):
        joined = "".join(words)
        return joined[0] + "*" * (len(joined) - 1)
    if len(words) == 1:
        return words[0][0] + "."
    return " ".join([words[0], *(word[0] + "." for word in words[1:])])


def _is_cjk(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK ", "HANGUL", "HIRAGANA", "KATAKANA"))


def digest_secret(text: str, key: bytes | None = None) -> str:
    """A stable, non-reversible tag for a scan input, for logs (16 hex digits).

    The same input always gives the same tag, so a log can show that two scans were the same
    code without storing the code. Short codes can be guessed by brute force from a plain hash,
    so pass a per-installation ``key`` (HMAC-SHA256) where the log leaves the building.
    """
    data = text.encode("utf-8", "surrogatepass")
    if key is None:
        digest = hashlib.sha256(_DIGEST_DOMAIN + data).hexdigest()
    else:
        digest = hmac.new(key, data, hashlib.sha256).hexdigest()
    return digest[:DIGEST_HEX_CHARS]


def hint(text: str) -> str:
    """A few characters of a secret so a person can recognise it: ``"ABCD1234"`` → ``"AB…34"``.

    Shows at most 3 characters at each end and never more than half of the text; texts under
    4 characters show nothing but ``"…"``. Non-printable characters show as ``"?"``.
    """
    visible = "".join(ch if ch.isprintable() else "?" for ch in text)
    shown = min(3, len(visible) // 4)
    if shown == 0:
        return "…" if visible else ""
    return f"{visible[:shown]}…{visible[-shown:]}"
