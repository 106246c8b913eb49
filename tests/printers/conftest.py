"""Helpers for the label-printer tests: real badges and reading their QR back off a capture."""

from __future__ import annotations

import zxingcpp
from PIL import Image, ImageChops

from kiosk.badges import render_badge
from kiosk.badges.model import Preset
from tests.badges.sample_data import make_badge


def badges(preset: Preset, *codes: str) -> list[Image.Image]:
    """Mono badges for ``codes`` at the printer's preset, one visitor each."""
    return [
        render_badge(make_badge(badge_code=code, guest_index=index), preset.name, mono=True)
        for index, code in enumerate(codes, start=1)
    ]


def qr_codes(image: Image.Image) -> list[str]:
    """What a scanner reads off a printed label."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [result.text for result in found]


def same_dots(printed: Image.Image, badge: Image.Image, left: int = 0) -> bool:
    """Whether the printed dots at ``left`` are exactly the badge's black pixels."""
    width, height = badge.size
    area = printed.convert("1").crop((left, 0, left + width, height))
    return ImageChops.difference(area, badge.convert("1")).getbbox() is None
