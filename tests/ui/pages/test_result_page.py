"""The result page: each outcome's colour, icon and words, who goes where, the countdown."""

from __future__ import annotations

import pytest

from kiosk.services.results import CheckInResult
from tests.ui.conftest import OFFSCREEN_NOISE, scan, wait_idle
from tests.ui.fakes import FakeServices, result_with

pytestmark = OFFSCREEN_NOISE


ALL_OUTCOMES = [
    ("ok", {}, "ok"),
    ("ok", {"provisional": True}, "attention"),
    ("partial", {}, "attention"),
    ("already_checked_in", {}, "attention"),
    ("too_early", {}, "attention"),
    ("unknown", {}, "refused"),
    ("invalid_signature", {}, "refused"),
    ("cancelled", {}, "refused"),
    ("wrong_day", {}, "refused"),
    ("too_late", {}, "refused"),
]


@pytest.mark.parametrize(("outcome", "fields", "tone"), ALL_OUTCOMES)
def test_every_outcome_has_colour_icon_and_words(qtbot, make_window, outcome, fields, tone):
    """Each outcome code maps to its tone, a matching icon, a title and the service message."""
    window = make_window()
    window.context.services = FakeServices(result_with(outcome, **fields))
    scan(qtbot, window, "X")
    page = window.result_page
    assert (page.tone, page.icon.kind) == (tone, tone)
    assert page.title_label.text() not in ("", "Please ask a member of staff")
    assert page.message_label.text() == f"{outcome} en"
    window.set_language("zh")
    assert page.message_label.text() == f"{outcome} 中文"


def test_ok_result_shows_group_guide_meeting_point_and_names(qtbot, make_window):
    """The admitted visitor sees the group letter, the guide, the meeting point and the name."""
    window = make_window()
    scan(qtbot, window, "SOLO2345")
    page = window.result_page
    assert page.badges[0].isVisibleTo(page)
    assert page.badges[0].text() == "A"
    details = page.group_texts[0].text()
    assert "Guide S1-A" in details and "Gate 1" in details
    assert "王小明" in page.names_label.text()


def test_result_returns_to_scan_by_itself(qtbot, make_window):
    """The result goes away after its countdown, without a touch."""
    window = make_window()
    scan(qtbot, window, "NOPE2222")
    for _ in range(20):
        if window.current_page() is not window.result_page:
            break
        window.result_page._tick()
    assert window.current_page() is window.scan_page


def test_staff_action_results_render(qtbot, make_window):
    """An answer that is no admission (a check-out) renders in the ok tone."""
    window = make_window()
    stand_in = CheckInResult(
        outcome="checked_out",
        message_en="Bye",
        message_zh="再见",
        code="C",
        contact_name="",
        party_size=1,
        checked_in=0,
        admitted=0,
        provisional=False,
        visitors=(),
    )
    window.show_result(stand_in)
    assert window.result_page.tone == "ok"
    wait_idle(qtbot, window)
