"""The dashboard: the current tour's numbers, its groups, and switching tours."""

from __future__ import annotations

from typing import Any

from tests.ui.supervisor.conftest import settle


def test_dashboard_shows_the_current_tour_at_a_glance(make_console: Any) -> None:
    """Booked 8, in 5, on site 4, expected 3; the English pair went to the English guide's B."""
    dashboard = make_console().pages["dashboard"]
    numbers = {name: tile.number.text() for name, tile in dashboard.tiles.items()}
    assert numbers == {
        "booked": "8",
        "checked_in": "5",
        "on_site": "4",
        "expected": "3",
        "no_show": "0",
    }
    assert "check-in open" in dashboard.session_title.text()
    groups = dashboard.groups_model
    assert [groups.text(i, "fill") for i in range(2)] == ["3/5", "2/5"]
    assert [groups.text(i, "ready") for i in range(2)] == ["Gathering", "Gathering"]
    assert dashboard.chart.last_value() == 5
    assert dashboard.kiosks_model.text(0, "kiosk") == "GATE-1"


def test_tapping_another_tour_switches_the_dashboard(qtbot: Any, make_console: Any) -> None:
    """Choosing the 14:00 tour shows its 2 booked and empty groups."""
    console = make_console()
    dashboard = console.pages["dashboard"]
    dashboard.choose_session("PM")
    settle(qtbot, console)
    assert dashboard.tiles["booked"].number.text() == "2"
    assert dashboard.tiles["checked_in"].number.text() == "0"
    assert "not open yet" in dashboard.session_title.text()
