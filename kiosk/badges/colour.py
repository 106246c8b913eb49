"""Colour arithmetic for the group band: which text colour stays readable on it."""

from __future__ import annotations

RGB = tuple[int, int, int]
BLACK: RGB = (0, 0, 0)
WHITE: RGB = (255, 255, 255)


def parse_hex(colour: str) -> RGB:
    """``"#RRGGBB"`` to an (r, g, b) tuple."""
    value = colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance (0 black … 1 white) of an sRGB colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(channel) for channel in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: RGB, second: RGB) -> float:
    """WCAG contrast ratio between two colours (1 … 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background: RGB) -> RGB:
    """Black or white, whichever contrasts more with ``background``."""
    if contrast_ratio(background, BLACK) >= contrast_ratio(background, WHITE):
        return BLACK
    return WHITE


def to_hex(rgb: RGB) -> str:
    """An (r, g, b) tuple to ``"#RRGGBB"``."""
    return "#{:02X}{:02X}{:02X}".format(*rgb)
