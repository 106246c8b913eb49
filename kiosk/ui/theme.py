"""Fonts, sizes and the style sheet: big targets, readable at arm's length, high contrast."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Literal

from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.paths import ASSETS

log = logging.getLogger("kiosk.ui")

FONTS_DIR = ASSETS / "fonts"
THEME_FILE = ASSETS / "theme" / "kiosk.qss"
FALLBACK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "DejaVu Sans")

MIN_TARGET_MM = 12.0
MIN_TARGET_PX = 64

DARK_TEXT = "#111111"
LIGHT_TEXT = "#FFFFFF"

Tone = Literal["ok", "attention", "refused"]
"""How an answer looks (and sounds): admitted, needs a look, refused."""

# Outcome tones: background, text on it. Text colours are chosen for contrast >= 4.5:1.
TONES: dict[Tone, tuple[str, str]] = {
    "ok": ("#1B5E20", LIGHT_TEXT),
    "attention": ("#FFB300", DARK_TEXT),
    "refused": ("#B71C1C", LIGHT_TEXT),
}


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes derived from the screen's density."""

    target_px: int
    body_px: int
    large_px: int
    huge_px: int
    small_px: int


def millimetres_to_px(mm: float, dpi: float) -> int:
    return round(mm / 25.4 * dpi)


def metrics_for(dpi: float) -> Metrics:
    """Sizes for a screen of ``dpi`` logical dots per inch (12 mm targets, >= 64 px)."""
    target = max(MIN_TARGET_PX, millimetres_to_px(MIN_TARGET_MM, dpi))
    body = max(24, round(target * 0.42))
    return Metrics(
        target_px=target,
        body_px=body,
        large_px=round(body * 1.6),
        huge_px=round(body * 2.4),
        small_px=max(20, round(body * 0.8)),
    )


def screen_metrics() -> Metrics:
    screen = QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
    return metrics_for(dpi)


def register_fonts(folder: Path = FONTS_DIR) -> list[str]:
    """Load every bundled .otf/.ttf so Chinese renders the same on every kiosk.

    Returns:
        the families found, bundled ones first, then the fallbacks.
    """
    families: list[str] = []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in (".otf", ".ttf"):
                continue
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id < 0:
                log.warning("font %s could not be loaded", path.name)
                continue
            for family in QFontDatabase.applicationFontFamilies(font_id):
                if family not in families:
                    families.append(family)
    for family in FALLBACK_FAMILIES:
        if family not in families:
            families.append(family)
    return families


def ensure_theme(app: QApplication) -> None:
    """Apply the theme once per application (the window may be built by a test's app)."""
    if not app.property("kiosk_themed"):
        apply_theme(app)


def apply_theme(app: QApplication, metrics: Metrics | None = None) -> Metrics:
    """Register fonts, set the application font and load the style sheet."""
    app.setProperty("kiosk_themed", True)
    metrics = metrics or screen_metrics()
    families = register_fonts()
    font = QFont()
    font.setFamilies(families)
    font.setPixelSize(metrics.body_px)
    app.setFont(font)
    app.setStyleSheet(style_sheet(metrics, families))
    return metrics


def style_sheet(metrics: Metrics, families: list[str]) -> str:
    """The theme file with its ``$name`` sizes filled in."""
    try:
        template = THEME_FILE.read_text(encoding="utf-8")
    except OSError:
        log.warning("theme %s missing; using Qt's default look", THEME_FILE)
        return ""
    family_list = ", ".join(f'"{family}"' for family in families)
    return Template(template).safe_substitute(
        families=family_list,
        target=metrics.target_px,
        body=metrics.body_px,
        large=metrics.large_px,
        huge=metrics.huge_px,
        small=metrics.small_px,
        half_target=metrics.target_px // 2,
    )


def readable_text_on(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (any colour Qt can read)."""
    # Imported here: the kiosk.badges package loads Pillow, which start-up does not need
    # (BadgePrinter loads it in the background once the window is up).
    from kiosk.badges.colour import BLACK, text_colour_on

    colour = QColor(background)
    if not colour.isValid():
        return DARK_TEXT
    rgb = (colour.red(), colour.green(), colour.blue())
    return DARK_TEXT if text_colour_on(rgb) == BLACK else LIGHT_TEXT


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property (``tone``) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
