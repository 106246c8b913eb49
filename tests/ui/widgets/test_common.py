"""The pages' building blocks: the staff corner button, the outcome icon, the group badge."""

from __future__ import annotations

from kiosk.ui.widgets.common import GroupBadge, LongPressButton, OutcomeIcon
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = OFFSCREEN_NOISE


def test_long_press_fires_only_when_held(qtbot):
    """A tap does nothing; holding the button past its time fires ``long_pressed``."""
    corner = LongPressButton("Staff", hold_ms=50)
    qtbot.addWidget(corner)
    with qtbot.assertNotEmitted(corner.long_pressed, wait=100):
        corner.pressed.emit()
        corner.released.emit()
    with qtbot.waitSignal(corner.long_pressed, timeout=1000):
        corner.pressed.emit()


def test_unknown_icon_kinds_draw_the_refusal(qtbot):
    """An icon asked for a kind it does not know shows ✕, never a misleading ✓."""
    icon = OutcomeIcon()
    qtbot.addWidget(icon)
    icon.set_kind("attention", "#111111")
    assert icon.kind == "attention"
    icon.set_kind("mystery", "#111111")
    assert icon.kind == "refused"


def test_group_badge_text_stays_readable_on_its_colour(qtbot):
    """The letter is white on dark red and black on yellow."""
    badge = GroupBadge()
    qtbot.addWidget(badge)
    badge.show_group("A", "#D32F2F")
    assert badge.text() == "A" and "color: #FFFFFF" in badge.styleSheet()
    badge.show_group("B", "#FFEB3B")
    assert "color: #111111" in badge.styleSheet()
