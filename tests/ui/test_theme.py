"""The theme's sizes and contrast."""

from __future__ import annotations

from kiosk.ui.theme import metrics_for, readable_text_on
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = OFFSCREEN_NOISE


def test_touch_targets_are_at_least_12_mm_and_64_px():
    """Buttons are 12 mm on a dense screen and never under 64 px; body text is >= 24 px."""
    assert metrics_for(96).target_px == 64
    assert metrics_for(300).target_px == round(12 / 25.4 * 300)
    assert metrics_for(96).body_px >= 24


def test_group_letter_colour_contrasts():
    """The group letter is white on dark colours and black on light ones."""
    assert readable_text_on("#D32F2F") == "#FFFFFF"
    assert readable_text_on("#FFEB3B") == "#111111"
