"""The party page: how many are here (self-service), or exactly who (gate)."""

from __future__ import annotations

from tests.ui.conftest import OFFSCREEN_NOISE, scan

pytestmark = OFFSCREEN_NOISE


def test_party_page_admits_the_chosen_number(qtbot, make_window):
    """A party of three asks how many are here; choosing 2 admits two and reports partial."""
    window = make_window(mode="self")
    preview = scan(qtbot, window, "FAMILY34")
    assert window.current_page() is window.party_page
    assert preview.party_size == 3
    party = window.party_page
    assert party.count == 3  # default: everyone
    party.minus_button.click()
    assert party.count == 2
    with qtbot.waitSignal(window.result_shown, timeout=5000) as blocker:
        party.confirm_button.click()
    result = blocker.args[0]
    assert result.outcome == "partial"
    assert result.admitted == 2
    assert window.result_page.tone == "attention"
    assert not party.names_box.isVisibleTo(party)  # visitors do not pick names


def test_gate_party_page_picks_visitors_by_name(qtbot, make_window):
    """Gate staff untick one name; exactly the ticked visitors are admitted."""
    window = make_window(mode="gate")
    scan(qtbot, window, "FAMILY34")
    party = window.party_page
    assert len(party.name_buttons) == 3
    assert all(button.text().startswith("✓") for button in party.name_buttons)
    party.name_buttons[0].click()  # untick 李华
    assert party.name_buttons[0].text().startswith("○")
    assert party.count == 2
    with qtbot.waitSignal(window.result_shown, timeout=5000) as blocker:
        party.confirm_button.click()
    names = [visitor.name for visitor in blocker.args[0].visitors]
    assert "李华" not in names and "李雷" in names
