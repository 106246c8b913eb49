"""Badge layouts and rendering (Pillow + qrcode, no Qt): one badge per admitted visitor."""

from __future__ import annotations

from kiosk.badges.layout import BadgeLayout, display_name, layout_badge, session_time_text
from kiosk.badges.model import PRESETS, BadgeData, Preset, get_preset
from kiosk.badges.output import write_pdf, write_png
from kiosk.badges.pdf_sink import PdfFolderSink
from kiosk.badges.printing_errors import PrintError
from kiosk.badges.render import render_badge

__all__ = [
    "PRESETS",
    "BadgeData",
    "BadgeLayout",
    "PdfFolderSink",
    "Preset",
    "PrintError",
    "display_name",
    "get_preset",
    "layout_badge",
    "render_badge",
    "session_time_text",
    "write_pdf",
    "write_png",
]
