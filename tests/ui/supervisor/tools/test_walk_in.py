"""Walk-ins: the tours offered, with the service's free places, at the site's time."""

from __future__ import annotations

from typing import Any

from tests.ui.supervisor.conftest import settle


def test_tours_are_offered_at_the_sites_time_with_their_free_places(make_console: Any) -> None:
    """The 09:30 and 14:00 tours are listed as 09:30 and 14:00 (not in UTC)."""
    walk_ins = make_console().pages["tools"].walk_ins
    combo = walk_ins.walk_session_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert [text.split(" · ")[0] for text in texts] == ["09:30", "14:00"]
    assert texts[0].endswith("2 free")


def test_no_tour_chosen_registers_nobody(qtbot: Any, make_console: Any) -> None:
    """Without a tour in the list, "Register" explains instead of writing anything."""
    console = make_console()
    tools = console.pages["tools"]
    tools.walk_ins.walk_session_combo.clear()
    tools.walk_ins.register_walk_in()
    settle(qtbot, console)
    assert tools.status.text() == "No tour has free places now."
    assert tools.booking.party is None
