"""Staff actions on a chosen booking: check in, override with a reason, undo, check out."""

from __future__ import annotations

import json
from typing import Any

from tests.ui.supervisor.conftest import Day, choose, event_count, last_event, settle


def test_override_needs_a_reason_and_is_logged(qtbot: Any, day: Day, make_console: Any) -> None:
    """The 14:00 party is too early: no reason → nothing written; with one → admitted."""
    console = make_console()
    tools = choose(qtbot, console, "AFTN6666")
    before = event_count(day)
    tools.party_actions.override()
    settle(qtbot, console)
    assert tools.status.text() == "Please type a reason first."
    assert event_count(day) == before
    tools.party_actions.reason_edit.setText("tour bus arrived early")
    tools.party_actions.override()
    settle(qtbot, console)
    assert tools.booking.party.checked_in == 2
    event = last_event(day)
    assert (event.action, event.operator, event.outcome) == ("override", "supervisor", "ok")
    assert json.loads(event.detail)["reason"] == "tour bus arrived early"


def test_check_in_undo_and_check_out_from_the_tools(
    qtbot: Any, day: Day, make_console: Any
) -> None:
    """Staff check the solo visitor in, take it back with a reason, and check the pair out."""
    console = make_console()
    tools = choose(qtbot, console, "王小明")
    tools.party_actions.check_in()
    settle(qtbot, console)
    assert tools.booking.party.checked_in == 1
    tools.party_actions.reason_edit.setText("wrong person")
    tools.party_actions.undo()
    settle(qtbot, console)
    assert tools.booking.party.checked_in == 0
    assert last_event(day).action == "undo"
    tools = choose(qtbot, console, "PAIR2222")
    tools.party_actions.check_out()
    settle(qtbot, console)
    assert tools.booking.party.on_site == 0
