"""Guess the text encoding of an export the way the files really come to us.

Excel on Chinese Windows saves "CSV" in GBK/GB18030 and "Unicode text" in UTF-16 LE with a BOM;
web platforms write UTF-8, with or without a BOM. We trust a BOM first, then a strict UTF-8
decode (random bytes almost never pass it), then GB18030 if the text is mostly Chinese, and only
then ask charset-normalizer.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable

from charset_normalizer import from_bytes

_SAMPLE_BYTES = 64 * 1024
_PREFERRED_ON_TIE = ("gb18030", "gbk", "gb2312", "cp1252")
_NORMALIZER_NAMES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "hz": "gb18030",
    "utf_8": "utf-8",
    "ascii": "utf-8",
}


class EncodingUnknown(Exception):
    """Raised when no encoding turns the bytes into sensible text."""


Chunks = Callable[[], Iterable[bytes]]
"""Reads the whole file afresh, a piece at a time (each call starts at the first byte)."""


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode an export's bytes.

    Returns:
        The text (without a BOM) and the encoding name we report: "utf-8", "utf-8-sig",
        "utf-16", "gb18030" or another Python codec name charset-normalizer chose.

    Raises:
        EncodingUnknown: the bytes are not text in any encoding we can tell.
    """
    codec, name = sniff_encoding(data[:_SAMPLE_BYTES], lambda: (data,))
    return data.decode(codec), name


def sniff_encoding(head: bytes, chunks: Chunks) -> tuple[str, str]:
    """Which codec decodes a whole file, without holding it whole (``decode_text``'s rules).

    Args:
        head: the file's first bytes (64 kB is plenty).
        chunks: the whole file in pieces; read again for each candidate codec.

    Returns:
        The Python codec that decodes every byte (it drops a BOM) and the name we report.

    Raises:
        EncodingUnknown: the bytes are not text in any encoding we can tell.
    """
    if head.startswith(codecs.BOM_UTF8):
        return _only_if_whole(chunks, "utf-8-sig"), "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _only_if_whole(chunks, "utf-16"), "utf-16"
    if _decodes(chunks, "utf-8"):
        return "utf-8", "utf-8"
    if _decodes(chunks, "gb18030") and _looks_chinese(head.decode("gb18030", errors="ignore")):
        return "gb18030", "gb18030"
    codec, name = _normalizer_choice(head)
    return _only_if_whole(chunks, codec), name


def _decodes(chunks: Chunks, codec: str) -> bool:
    """True when ``codec`` decodes every byte (checked piece by piece, nothing kept)."""
    try:
        decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        for chunk in chunks():
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _only_if_whole(chunks: Chunks, codec: str) -> str:
    if not _decodes(chunks, codec):
        raise EncodingUnknown(f"not {codec} throughout")
    return codec


def _looks_chinese(text: str) -> bool:
    """True when the non-ASCII characters are mostly common Chinese (GB2312) characters.

    Almost any Latin-1 text also "decodes" as GB18030, into rare characters outside GB2312;
    real Chinese exports use the common ones (and full-width punctuation) almost exclusively.
    """
    non_ascii = [ch for ch in text[:20000] if ord(ch) > 127]
    if not non_ascii:
        return False
    common = sum(1 for ch in non_ascii if _in_gb2312(ch))
    return common >= 0.8 * len(non_ascii)


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _normalizer_choice(head: bytes) -> tuple[str, str]:
    """charset-normalizer's codec for the sample, preferring what Excel writes on a tie."""
    matches = from_bytes(head[:_SAMPLE_BYTES])
    best = matches.best()
    if best is None:
        raise EncodingUnknown("no encoding fits")
    encoding = best.encoding
    for match in matches:
        # On a tie prefer what Excel writes: GBK on Chinese Windows, cp1252 on Western.
        tied = match.chaos <= best.chaos and match.coherence >= best.coherence
        if tied and match.encoding in _PREFERRED_ON_TIE:
            encoding = match.encoding
            break
    try:
        codec = codecs.lookup(encoding).name.replace("-", "_")
    except LookupError as exc:
        raise EncodingUnknown(str(exc)) from exc
    name = _NORMALIZER_NAMES.get(codec, codec)
    if name == "gb18030":
        codec = "gb18030"
    if name.startswith("utf_16"):
        name = "utf-16"
    return codec, name
