"""The console's screenshot helper."""

from __future__ import annotations

from typing import Any

from tests.ui.supervisor.conftest import Day


def test_screenshots_render_every_page(qtbot: Any, day: Day) -> None:
    """The screenshot helper saves one PNG per page from a bare ServiceEnv."""
    from kiosk.ui.supervisor.console import PAGES
    from kiosk.ui.supervisor.screenshots import render

    paths = render(day.env, day.folder / "shots", size=(1280, 800))
    assert paths[0].name == "supervisor-dashboard.png"
    assert len(paths) == len(PAGES) and all(p.stat().st_size > 10_000 for p in paths)
