"""Badge test data: one builder with sensible defaults, overridable per test."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.badges import BadgeData

SHANGHAI = ZoneInfo("Asia/Shanghai")

NAMES = {
    "chinese_30": "欧阳" + "明" * 28,
    "latin_80": (
        "Bartholomew Alexander Montgomery-Fitzgerald Wolfeschlegelsteinhausen " + "X" * 40
    )[:80],
    "empty": None,
    "blank": "   ",
    "short_chinese": "王芳",
    "short_latin": "Li Na",
}


def make_badge(**overrides: Any) -> BadgeData:
    """A Chinese-language badge for group A; any field can be overridden."""
    fields: dict[str, Any] = {
        "tour_title": "工厂参观 · 总装车间",
        "starts_at": datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI),
        "ends_at": datetime(2025, 2, 2, 11, 0, tzinfo=SHANGHAI),
        "visitor_name": "王小明",
        "guest_index": 2,
        "party_size": 3,
        "group_letter": "A",
        "group_colour": "#D32F2F",
        "guide_name": "李娜",
        "meeting_point": "东门访客中心 2 号门",
        "language": "zh",
        "accessibility": True,
        "badge_code": "V7K2-9QXM-4HTP",
    }
    fields.update(overrides)
    return BadgeData(**fields)
