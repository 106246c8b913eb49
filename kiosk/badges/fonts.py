"""The bundled badge fonts: where they live, loaded once, sized fonts cached.

Every kiosk renders the same badge because the fonts ship in ``assets/fonts``. A text is drawn
in one font, the first of: the Noto Sans SC subset, the DejaVu Sans Latin subset (Ł, Č, Ş …),
the system's full Noto Sans CJK (rare hanzi). If none covers it, ``printable`` swaps the
missing characters for their unaccented letters so that no box ("tofu") is ever printed.
"""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Literal

from PIL import ImageFont

from kiosk.core.errors import ConfigError
from kiosk.paths import ASSETS

Weight = Literal["regular", "bold"]
FreeTypeFont = ImageFont.FreeTypeFont

BUNDLED_FONT_FILES: dict[Weight, str] = {
    "regular": "NotoSansSC-Regular-subset.otf",
    "bold": "NotoSansSC-Bold-subset.otf",
}

BUNDLED_LATIN_FILES: dict[Weight, str] = {
    "regular": "DejaVuSans-Latin-subset.ttf",
    "bold": "DejaVuSans-Bold-Latin-subset.ttf",
}

# Full CJK fonts a kiosk may have: (path, face index in the collection) per weight.
_SYSTEM_FALLBACKS: dict[Weight, tuple[tuple[str, int], ...]] = {
    "regular": (
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
        ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
        ("C:/Windows/Fonts/msyh.ttc", 0),
    ),
    "bold": (
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
        ("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 2),
        ("C:/Windows/Fonts/msyhbd.ttc", 0),
    ),
}

_PROBE_SIZE = 40
_ALWAYS_COVERED = frozenset(chr(code) for code in range(0x20, 0x7F))


def assets_dir() -> Path:
    """The program's ``assets/`` folder, in a checkout or inside an install (kiosk.paths)."""
    return ASSETS


def bundled_font_path(weight: Weight, *, latin: bool = False) -> Path:
    """Path of a bundled font file (CJK, or the Latin fallback); a clear error if missing."""
    files = BUNDLED_LATIN_FILES if latin else BUNDLED_FONT_FILES
    path = assets_dir() / "fonts" / files[weight]
    if not path.is_file():
        raise ConfigError(
            f"The badge font {path} is missing; reinstall the kiosk or run scripts/subset_font.py.",
            f"缺少胸卡字体 {path}，请重新安装或运行 scripts/subset_font.py。",
        )
    return path


@lru_cache(maxsize=8)
def _font_bytes(path: str) -> bytes:
    """Read a font file once per process; sized fonts are then made from memory."""
    return Path(path).read_bytes()


@lru_cache(maxsize=1024)
def _sized(path: str, index: int, size: int) -> FreeTypeFont:
    return ImageFont.truetype(
        io.BytesIO(_font_bytes(path)), size, index=index, layout_engine=ImageFont.Layout.BASIC
    )


def bundled_font(weight: Weight, size: int) -> FreeTypeFont:
    """The bundled font at ``size`` pixels, cached."""
    return _sized(str(bundled_font_path(weight)), 0, max(1, size))


@lru_cache(maxsize=2)
def _system_fallback(weight: Weight) -> tuple[str, int] | None:
    for path, index in _SYSTEM_FALLBACKS[weight]:
        if Path(path).is_file():
            return path, index
    return None


def _glyph_signature(font: FreeTypeFont, character: str) -> tuple[object, ...]:
    mask = font.getmask(character)
    return (mask.size, bytes(mask))


@lru_cache(maxsize=8)
def _notdef_signature(path: str, index: int) -> tuple[object, ...]:
    # U+10FFFD is a private-use code point no CJK font maps: it draws the .notdef box.
    return _glyph_signature(_sized(path, index, _PROBE_SIZE), "\U0010fffd")


@lru_cache(maxsize=65536)
def _has_glyph(path: str, index: int, character: str) -> bool:
    if character in _ALWAYS_COVERED or character.isspace():
        return True
    font = _sized(path, index, _PROBE_SIZE)
    return _glyph_signature(font, character) != _notdef_signature(path, index)


def _candidates(weight: Weight) -> list[tuple[str, int]]:
    candidates = [
        (str(bundled_font_path(weight)), 0),
        (str(bundled_font_path(weight, latin=True)), 0),
    ]
    fallback = _system_fallback(weight)
    if fallback is not None:
        candidates.append(fallback)
    return candidates


def covers(text: str, weight: Weight = "regular") -> bool:
    """Whether the bundled CJK font has a glyph for every character of ``text``."""
    path = str(bundled_font_path(weight))
    return all(_has_glyph(path, 0, character) for character in text)


@lru_cache(maxsize=4096)
def _choose(text: str, weight: Weight) -> tuple[str, int]:
    candidates = _candidates(weight)
    for path, index in candidates:
        if all(_has_glyph(path, index, character) for character in text):
            return path, index
    return candidates[0]


def font_for(text: str, weight: Weight, size: int) -> FreeTypeFont:
    """The font to draw ``text`` with (the first that covers it all), at ``size`` pixels."""
    path, index = _choose(text, weight)
    return _sized(path, index, max(1, size))


# Letters without a Unicode decomposition, spelled the way their languages transliterate them.
_TRANSLITERATIONS = {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ß": "ss"}


@lru_cache(maxsize=4096)
def printable(text: str, weight: Weight = "regular") -> str:
    """``text`` with characters no font can draw replaced, so that no box is printed.

    Accented letters lose their accents (keeps a mixed "Łukasz 王" readable), other
    characters that no font has become "?".
    """
    path, index = _choose(text, weight)
    if all(_has_glyph(path, index, character) for character in text):
        return text
    main_path = str(bundled_font_path(weight))
    result = []
    for character in text:
        if _has_glyph(main_path, 0, character):
            result.append(character)
            continue
        plain = _TRANSLITERATIONS.get(character) or "".join(
            part
            for part in unicodedata.normalize("NFKD", character)
            if not unicodedata.combining(part)
        )
        if plain and all(_has_glyph(main_path, 0, part) for part in plain):
            result.append(plain)
        else:
            result.append("?")
    return "".join(result)
