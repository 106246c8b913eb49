"""Fonts, sizes and the style sheet: big targets, readable at arm's length, high contrast.

Staff can switch a *large text* mode (the ``large_text`` setting, and a toggle on the staff
page): every text grows by :data:`LARGE_TEXT_SCALE` and ``high-contrast.qss`` goes on top of the
theme (black on white, thicker borders, no grey text). Widgets that size their own texts
(the result page, the supervisor console) ask :func:`scaled_px` for each size.
"""

from __future__ import annotations

import logging
import re
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
HIGH_CONTRAST_FILE = ASSETS / "theme" / "high-contrast.qss"
LARGE_TEXT_SCALE = 1.3
"""How much larger every text is in large-text mode (a 24 px body becomes 31 px)."""
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


def metrics_for(dpi: float, *, text_scale: float = 1.0) -> Metrics:
    """Sizes for a screen of ``dpi`` logical dots per inch (12 mm targets, >= 64 px).

    Args:
        dpi: the screen's logical density.
        text_scale: every text size times this (:data:`LARGE_TEXT_SCALE` in large-text mode);
            touch targets stay as they are (a 64 px button holds a 31 px line).
    """
    base_target = max(MIN_TARGET_PX, millimetres_to_px(MIN_TARGET_MM, dpi))
    body = round(max(24, round(base_target * 0.42)) * text_scale)
    return Metrics(
        target_px=base_target,
        body_px=body,
        large_px=round(body * 1.6),
        huge_px=round(body * 2.4),
        small_px=max(20, round(body * 0.8)),
    )


def screen_metrics(text_scale: float = 1.0) -> Metrics:
    screen = QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
    return metrics_for(dpi, text_scale=text_scale)


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


def apply_theme(
    app: QApplication, metrics: Metrics | None = None, *, large_text: bool | None = None
) -> Metrics:
    """Register fonts, set the application font and load the style sheet.

    Args:
        app: the application.
        metrics: sizes to use (default: from the screen, scaled for large text).
        large_text: switch large-text, high-contrast mode on or off (default: keep the mode
            the application is in; off at first).
    """
    if large_text is None:
        large_text = large_text_on(app)
    app.setProperty("kiosk_large_text", large_text)
    metrics = metrics or screen_metrics(LARGE_TEXT_SCALE if large_text else 1.0)
    families = app.property("kiosk_font_families")
    if not app.property("kiosk_themed") or not isinstance(families, list):
        families = register_fonts()
        app.setProperty("kiosk_font_families", families)
    app.setProperty("kiosk_themed", True)
    font = QFont()
    font.setFamilies(families)
    font.setPixelSize(metrics.body_px)
    app.setFont(font)
    app.setStyleSheet(style_sheet(metrics, families, high_contrast=large_text))
    return metrics


def large_text_on(app: QApplication | None = None) -> bool:
    """Whether the application shows large text with high contrast."""
    app = app or _application()
    return app is not None and bool(app.property("kiosk_large_text"))


def set_large_text(app: QApplication, on: bool) -> bool:
    """Switch large-text, high-contrast mode; returns whether anything changed.

    Every widget then receives a font change (widgets that size their own texts in a style
    sheet of their own re-apply it then, with :func:`scale_font_sizes`).
    """
    if large_text_on(app) == on and app.property("kiosk_themed"):
        return False
    apply_theme(app, large_text=on)
    return True


def text_scale(app: QApplication | None = None) -> float:
    """The factor every text size is multiplied by now."""
    return LARGE_TEXT_SCALE if large_text_on(app) else 1.0


def scaled_px(px: int, app: QApplication | None = None) -> int:
    """A text size in pixels, as large-text mode wants it now."""
    return round(px * text_scale(app))


def scale_font_sizes(style: str, app: QApplication | None = None) -> str:
    """A widget's own style sheet with every ``font-size: Npx`` as large-text mode wants it."""
    scale = text_scale(app)
    if scale == 1.0:
        return style
    return _FONT_SIZE.sub(lambda m: f"font-size: {round(int(m.group(1)) * scale)}px", style)


_FONT_SIZE = re.compile(r"font-size:\s*(\d+)px")


def _application() -> QApplication | None:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else None


def style_sheet(metrics: Metrics, families: list[str], *, high_contrast: bool = False) -> str:
    """The theme file with its ``$name`` sizes filled in (and the high-contrast layer)."""
    try:
        template = THEME_FILE.read_text(encoding="utf-8")
    except OSError:
        log.warning("theme %s missing; using Qt's default look", THEME_FILE)
        return ""
    if high_contrast:
        try:
            template += "\n" + HIGH_CONTRAST_FILE.read_text(encoding="utf-8")
        except OSError:
            log.warning("theme %s missing: large text without contrast", HIGH_CONTRAST_FILE)
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
