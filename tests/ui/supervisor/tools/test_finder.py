"""Finding a booking on the staff tools page."""

from __future__ import annotations

from typing import Any

from tests.ui.supervisor.conftest import settle


def test_a_search_without_hits_says_so(qtbot: Any, make_console: Any) -> None:
    """Nothing matches: the table is empty and the page says "Nothing found."."""
    console = make_console()
    tools = console.pages["tools"]
    tools.finder.search("no such guest")
    settle(qtbot, console)
    assert tools.finder.results_model.rowCount() == 0
    assert tools.status.text() == "Nothing found."
    assert tools.booking.party is None


def test_tapping_a_hit_chooses_that_booking(qtbot: Any, make_console: Any) -> None:
    """Several hits wait for a tap; the tapped one is shown with its masked phone."""
    console = make_console()
    tools = console.pages["tools"]
    tools.finder.search("5678")
    settle(qtbot, console)
    model = tools.finder.results_model
    assert model.rowCount() > 1 and tools.booking.party is None
    row = next(i for i in range(model.rowCount()) if model.text(i, "code") == "FAMILY33")
    tools.finder.results_view.clicked.emit(model.index(row, 0))
    settle(qtbot, console)
    assert tools.booking.party is not None and tools.booking.party.code == "FAMILY33"
    assert "138****5678" in tools.booking.party_title.text()
