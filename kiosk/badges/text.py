"""Fitting text into a box: shrink to a minimum size, wrap, then ellipsize.

Widths come from per-character advances measured once at a reference size and scaled, so a
layout costs a few dictionary look-ups per probe instead of a FreeType call per candidate size.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from kiosk.badges.fonts import FreeTypeFont, Weight, font_for

Box = tuple[int, int, int, int]
Align = Literal["left", "center"]

ELLIPSIS = "…"
_REFERENCE_SIZE = 200
# Ink extent of a line relative to its size: CJK ideographs and accented capitals reach ~1.01 em
# above the baseline, Latin descenders ~0.24 em below.
ASCENT = 1.03
DESCENT = 0.27
LINE_PITCH = 1.24


@dataclass(frozen=True)
class FittedText:
    """Lines and a pixel size chosen for a text, not yet placed."""

    text: str
    lines: tuple[str, ...]
    weight: Weight
    size: int
    truncated: bool

    @property
    def height(self) -> int:
        """Height of the slot the lines need (first ascent to last descent)."""
        return slot_height(self.size, len(self.lines))

    @property
    def font(self) -> FreeTypeFont:
        """The font (bundled, or system fallback for rare characters) at the chosen size."""
        return font_for(self.text, self.weight, self.size)

    def width(self) -> int:
        """Widest line's advance in pixels."""
        font = self.font
        return max((round(font.getlength(line)) for line in self.lines), default=0)


def slot_height(size: int, line_count: int) -> int:
    """Pixels a block of ``line_count`` lines at ``size`` needs."""
    if line_count == 0:
        return 0
    return round(size * (ASCENT + DESCENT + LINE_PITCH * (line_count - 1)))


@lru_cache(maxsize=65536)
def _reference_advance(font: FreeTypeFont, character: str) -> float:
    # ``font`` is a cached object (fonts._sized), so identity hashing is stable.
    return float(font.getlength(character))


def _is_wide(character: str) -> bool:
    return unicodedata.east_asian_width(character) in ("W", "F")


def _tokens(text: str) -> list[str]:
    """Split where a line may break: after spaces, around CJK characters."""
    tokens: list[str] = []
    current = ""
    for character in text:
        if _is_wide(character):
            if current:
                tokens.append(current)
                current = ""
            tokens.append(character)
        elif character == " ":
            tokens.append(current + character)
            current = ""
        else:
            current += character
    if current:
        tokens.append(current)
    return tokens


class _Measure:
    """Widths of strings in one font at any size, from cached reference advances."""

    def __init__(self, text: str, weight: Weight) -> None:
        self.font = font_for(text, weight, _REFERENCE_SIZE)

    def width(self, string: str, size: int) -> float:
        total = sum(_reference_advance(self.font, character) for character in string)
        return total * size / _REFERENCE_SIZE


def _wrap(measure: _Measure, text: str, size: int, max_width: int) -> list[str]:
    """Greedy wrap; a token wider than a line is split by character."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        candidate = line + token
        if measure.width(candidate.rstrip(), size) <= max_width:
            line = candidate
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        if measure.width(token.rstrip(), size) <= max_width:
            line = token.lstrip()
            continue
        for character in token:
            if measure.width((line + character).rstrip(), size) <= max_width or not line:
                line += character
            else:
                lines.append(line.rstrip())
                line = character.lstrip()
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _ellipsize(measure: _Measure, line: str, size: int, max_width: int) -> str:
    """Cut ``line`` so that it plus an ellipsis fits ``max_width``."""
    cut = line.rstrip()
    while cut and measure.width(cut + ELLIPSIS, size) > max_width:
        cut = cut[:-1].rstrip()
    return cut + ELLIPSIS


def fit_text(
    text: str,
    *,
    weight: Weight,
    max_width: int,
    max_height: int,
    max_size: int,
    min_size: int,
    max_lines: int = 1,
) -> FittedText:
    """Largest size in [min_size, max_size] at which ``text`` fits; else ellipsize at min_size.

    Args:
        text: the text; newlines and runs of spaces are collapsed.
        weight: regular or bold.
        max_width: pixels every line must fit in.
        max_height: pixels the block of lines must fit in (lines are dropped below min_size).
        max_size: preferred (largest) size in pixels.
        min_size: smallest readable size; below it the text is cut with an ellipsis.
        max_lines: how many lines the text may wrap to.
    """
    text = " ".join(text.split())
    measure = _Measure(text, weight)
    max_width = max(1, max_width - 1)  # leave one pixel for hinting rounding
    min_size = max(1, min(min_size, max_size))

    def lines_at(size: int) -> list[str] | None:
        allowed = max_lines
        while allowed > 1 and slot_height(size, allowed) > max_height:
            allowed -= 1
        if slot_height(size, 1) > max_height:
            return None
        lines = _wrap(measure, text, size, max_width)
        return lines if len(lines) <= allowed else None

    low, high = min_size, max_size
    best: tuple[int, list[str]] | None = None
    while low <= high:
        middle = (low + high) // 2
        lines = lines_at(middle)
        if lines is not None:
            best = (middle, lines)
            low = middle + 1
        else:
            high = middle - 1
    if best is not None:
        size, lines = best
        return _verified(text, weight, tuple(lines), size, max_width, truncated=False)

    size = min_size
    allowed = max_lines
    while allowed > 1 and slot_height(size, allowed) > max_height:
        allowed -= 1
    while slot_height(size, 1) > max_height and size > 1:
        size -= 1
    lines = _wrap(measure, text, size, max_width)
    kept = lines[:allowed]
    kept[-1] = _ellipsize(measure, kept[-1], size, max_width)
    return _verified(text, weight, tuple(kept), size, max_width, truncated=True)


def _verified(
    text: str, weight: Weight, lines: tuple[str, ...], size: int, max_width: int, *, truncated: bool
) -> FittedText:
    """Check the real ink width (hinting can differ from scaled advances) and shrink if needed."""
    fitted = FittedText(text, lines, weight, size, truncated)
    while size > 1:
        font = fitted.font
        widest = max(font.getbbox(line, anchor="ls")[2] for line in lines)
        if widest <= max_width:
            break
        size -= 1
        fitted = FittedText(text, lines, weight, size, truncated)
    return fitted


@dataclass(frozen=True)
class PlacedText:
    """A fitted text at its place on the badge: what the renderer draws and tests check."""

    role: str
    lines: tuple[str, ...]
    weight: Weight
    size: int
    fill: str
    origins: tuple[tuple[int, int], ...]
    box: Box
    truncated: bool
    source_text: str

    @property
    def font(self) -> FreeTypeFont:
        """The font to draw the lines with."""
        return font_for(self.source_text, self.weight, self.size)


def place(
    fitted: FittedText,
    *,
    role: str,
    x: int,
    y: int,
    width: int,
    fill: str,
    align: Align = "left",
) -> PlacedText:
    """Put a fitted text with its first line's slot top at ``y``; return its ink box too."""
    font = fitted.font
    size = fitted.size
    origins: list[tuple[int, int]] = []
    left, top, right, bottom = 10**9, 10**9, -(10**9), -(10**9)
    for index, line in enumerate(fitted.lines):
        baseline = y + round(size * (ASCENT + LINE_PITCH * index))
        line_left = x
        if align == "center":
            line_left = x + (width - round(font.getlength(line))) // 2
        origins.append((line_left, baseline))
        bbox = font.getbbox(line, anchor="ls")
        if bbox[2] > bbox[0]:
            left = min(left, line_left + int(bbox[0]))
            right = max(right, line_left + int(bbox[2]))
            top = min(top, baseline + int(bbox[1]))
            bottom = max(bottom, baseline + int(bbox[3]))
    if right < left:  # nothing visible: an empty box at the slot
        left = right = x
        top = bottom = y
    return PlacedText(
        role=role,
        lines=fitted.lines,
        weight=fitted.weight,
        size=size,
        fill=fill,
        origins=tuple(origins),
        box=(left, top, right, bottom),
        truncated=fitted.truncated,
        source_text=fitted.text,
    )
