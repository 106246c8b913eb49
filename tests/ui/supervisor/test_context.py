"""What the console's pages share: the operator's name, where files go, what changed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kiosk.core.changes import Change
from kiosk.ui.signals import Bridge
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.workers import Worker
from tests.ui.supervisor.conftest import Day


def test_staff_actions_are_logged_under_a_name(day: Day) -> None:
    """Without a named operator, staff actions are logged as "supervisor"."""
    context = ConsoleContext(day.env, Worker(), Worker())
    assert context.staff_env.operator == "supervisor"
    named = ConsoleContext(day.env.as_operator("Li"), Worker(), Worker())
    assert named.staff_env.operator == "Li"


def test_files_go_to_the_pdf_folder_setting(day: Day) -> None:
    """PDFs and exports go to the configured PDF folder."""
    context = ConsoleContext(day.env, Worker(), Worker())
    assert context.output_folder() == day.folder / "out"
    bare = replace(day.env, settings=replace(day.env.settings, pdf_dir=""))
    assert ConsoleContext(bare, Worker(), Worker()).output_folder().name == "exports"


def test_changes_reach_the_app_in_order(qtbot: Any, day: Day) -> None:
    """Each change is announced on the bridge; without a bridge nothing fails."""
    bridge = Bridge()
    seen: list[Change] = []
    bridge.data_changed.connect(seen.append)
    ConsoleContext(day.env, Worker(), Worker(), bridge=bridge).changed(
        Change.PROGRAM, Change.CHECKINS
    )
    assert seen == [Change.PROGRAM, Change.CHECKINS]
    ConsoleContext(day.env, Worker(), Worker()).changed(Change.PRINTING)
