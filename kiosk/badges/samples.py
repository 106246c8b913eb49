"""Fixed badges for printer test pages: no database, no clock, always the same page."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PIL import Image

from kiosk.badges.model import BadgeData, Language

TEST_PAGE_CODE = "KIOSK-PRINTER-TEST"
_SAMPLE_START = datetime(2025, 2, 2, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def printer_test_badge(language: Language = "zh") -> BadgeData:
    """A badge that exercises every element: Chinese and Latin text, band, marks and QR."""
    return BadgeData(
        tour_title="打印测试页 · Printer test page",
        starts_at=_SAMPLE_START,
        ends_at=_SAMPLE_START + timedelta(minutes=90),
        visitor_name="测试 Test 王小明",
        guest_index=1,
        party_size=1,
        group_letter="T",
        group_colour="#1E88E5",
        guide_name="李娜 Li Na",
        meeting_point="东门 East Gate",
        language=language,
        accessibility=True,
        badge_code=TEST_PAGE_CODE,
    )


def printer_test_images(preset: str = "62x100", *, mono: bool = False) -> list[Image.Image]:
    """A printer test page: one badge that uses every element, rendered for ``preset``."""
    from kiosk.badges.render import render_badge

    return [render_badge(printer_test_badge("zh"), preset, mono=mono)]
