"""Every console table is a Qt model that passes Qt's model tester and updates in place."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.services import lookup, reports
from kiosk.services.headcount import headcount
from kiosk.ui.supervisor import models
from kiosk.ui.supervisor.table_model import COLOUR_ROLE, FRACTION_ROLE, ROW_ROLE, Column, RowsModel
from tests.factories import SHANGHAI
from tests.ui.supervisor.conftest import Day


@dataclass(frozen=True)
class Item:
    key: int
    text: str


def item_model() -> RowsModel:
    return RowsModel(
        [
            Column("key", lambda: "Key", lambda r: str(r.key)),
            Column("text", lambda: "Text", lambda r: r.text),
        ],
        key=lambda r: r.key,
    )


def model_rows(day: Day) -> dict[str, tuple[Any, list[Any]]]:
    """Each console model with real rows from the scripted day."""
    env = day.env
    counts = headcount(env.engine, now=env.now(), zone=SHANGHAI, grace_after=env.grace_after)
    session = counts.sessions[0]
    groups = list(session.groups)
    report = [{"file": "/tmp/x.csv", "line": 7, "reason": "party size is not a number"}]
    return {
        "sessions": (models.SessionsModel(), list(counts.sessions)),
        "groups": (models.GroupsModel(), groups),
        "kiosks": (
            models.KiosksModel(),
            [models.KioskLine(k, n) for k, n in counts.kiosks.items()],
        ),
        "roster": (models.RosterModel(), reports.roster(env)),
        "log": (models.ScanLogModel(), reports.scan_log(env)),
        "jobs": (models.PrintJobsModel(), reports.print_jobs(env)),
        "search": (models.ReservationsModel(), lookup.search_reservations(env, "Contact")),
        "party": (models.PartyModel(), list(lookup.party_details(env, "FAMILY33").visitors)),
        "report": (models.ReportLinesModel(), models.report_lines(report)),
    }


@pytest.mark.parametrize(
    "name", ["sessions", "groups", "kiosks", "roster", "log", "jobs", "search", "party", "report"]
)
def test_console_models_pass_the_qt_model_tester(qtmodeltester: Any, day: Day, name: str) -> None:
    """Filled, emptied and refilled, each model keeps Qt's model contract."""
    model, rows = model_rows(day)[name]
    model.set_rows(rows)
    qtmodeltester.check(model)
    model.set_rows(rows[:1])
    model.set_rows([])
    model.set_rows(rows)
    assert model.rowCount() == len(rows)
    if rows:
        assert model.data(model.index(0, 0), ROW_ROLE) == rows[0]


def test_changed_row_emits_data_changed_only(qtbot: Any, qtmodeltester: Any) -> None:
    """A changed value repaints one row: no reset, no inserts, no removals (no flicker)."""
    model = item_model()
    model.set_rows([Item(1, "a"), Item(2, "b"), Item(3, "c")])
    qtmodeltester.check(model)
    with (
        qtbot.assertNotEmitted(model.modelReset),
        qtbot.assertNotEmitted(model.rowsInserted),
        qtbot.assertNotEmitted(model.rowsRemoved),
        qtbot.waitSignal(model.dataChanged) as changed,
    ):
        model.set_rows([Item(1, "a"), Item(2, "B!"), Item(3, "c")])
    top_left, bottom_right = changed.args[0], changed.args[1]
    assert (top_left.row(), bottom_right.row()) == (1, 1)
    assert model.text(1, "text") == "B!"


def test_new_rows_are_inserted_where_they_belong(qtbot: Any, qtmodeltester: Any) -> None:
    """New keys are inserted in place and missing ones removed, without a reset."""
    model = item_model()
    model.set_rows([Item(1, "a"), Item(3, "c"), Item(4, "d")])
    qtmodeltester.check(model)
    with (
        qtbot.assertNotEmitted(model.modelReset),
        qtbot.waitSignal(model.rowsInserted) as inserted,
    ):
        model.set_rows([Item(1, "a"), Item(2, "b"), Item(3, "c")])
    assert (inserted.args[1], inserted.args[2]) == (1, 1)
    assert [model.text(i, "key") for i in range(model.rowCount())] == ["1", "2", "3"]


def test_newest_first_log_grows_at_the_top(qtbot: Any) -> None:
    """The audit log gains a new event as one insert at row 0."""
    model = item_model()
    model.set_rows([Item(5, "e"), Item(4, "d")])
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsInserted) as ins:
        model.set_rows([Item(7, "g"), Item(6, "f"), Item(5, "e"), Item(4, "d")])
    assert (ins.args[1], ins.args[2]) == (0, 1)


def test_reordered_rows_fall_back_to_a_reset(qtbot: Any) -> None:
    """Only a change of order (rare) resets the model; contents are then right."""
    model = item_model()
    model.set_rows([Item(1, "a"), Item(2, "b")])
    with qtbot.waitSignal(model.modelReset):
        model.set_rows([Item(2, "b"), Item(1, "a")])
    assert [model.text(i, "key") for i in range(2)] == ["2", "1"]


def test_group_fill_bar_roles_and_ready_text(day: Day) -> None:
    """The fill column carries count/capacity and the group colour for the bar delegate."""
    model, rows = model_rows(day)["groups"]
    model.set_rows(rows)
    fill = model.column_index("fill")
    first = rows[0]
    assert model.data(model.index(0, fill)) == f"{first.count}/{first.capacity}"
    assert model.data(model.index(0, fill), FRACTION_ROLE) == pytest.approx(
        first.count / first.capacity
    )
    assert model.data(model.index(0, fill), COLOUR_ROLE) == first.colour
    full = replace(first, count=first.capacity, ready_to_depart=True)
    model.set_rows([full, *rows[1:]])
    assert model.text(0, "ready") == "Ready"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None


def test_sync_report_lines_keep_file_line_and_reason() -> None:
    """Rejected rows show the file name (not the path), the line and the reason."""
    lines = models.report_lines(
        [
            {"file": "/data/export.csv", "line": 12, "reason": "unknown session"},
            {"code": "AB12", "kind": "cancel of a checked-in booking"},
        ]
    )
    assert (lines[0].file, lines[0].line, lines[0].reason) == (
        "export.csv",
        "12",
        "unknown session",
    )
    assert lines[1].reason == "code: AB12; kind: cancel of a checked-in booking"


def _keys(model: RowsModel) -> list[str]:
    return [model.text(i, "key") for i in range(model.rowCount())]


def test_upsert_inserts_new_rows_in_order_and_replaces_known_ones(
    qtbot: Any, qtmodeltester: Any
) -> None:
    """A live update touches only its rows: one insert where the order puts it, one repaint."""
    model = item_model()
    model.set_rows([Item(1, "a"), Item(3, "c"), Item(5, "e")])
    qtmodeltester.check(model)
    with (
        qtbot.assertNotEmitted(model.modelReset),
        qtbot.assertNotEmitted(model.rowsRemoved),
        qtbot.waitSignal(model.rowsInserted) as inserted,
        qtbot.waitSignal(model.dataChanged) as changed,
    ):
        model.upsert_rows([Item(4, "d"), Item(3, "C!")], order=lambda r: r.key)
    assert (inserted.args[1], inserted.args[2]) == (2, 2)
    assert (changed.args[0].row(), changed.args[1].row()) == (1, 1)
    assert _keys(model) == ["1", "3", "4", "5"] and model.text(1, "text") == "C!"


def test_upsert_moves_a_row_whose_place_changed(qtbot: Any, qtmodeltester: Any) -> None:
    """A row that now sorts elsewhere (a party moved to another group) moves, no reset."""
    model = item_model()
    model.set_rows([Item(1, "a"), Item(2, "b"), Item(3, "c")])
    qtmodeltester.check(model)
    with qtbot.assertNotEmitted(model.modelReset):
        model.upsert_rows([Item(1, "z")], order=lambda r: r.text)
    assert _keys(model) == ["2", "3", "1"]


def test_remove_keys_and_keep_first_take_rows_away(qtbot: Any, qtmodeltester: Any) -> None:
    """Visitors who left go; a log keeps only its newest lines; unknown keys are ignored."""
    model = item_model()
    model.set_rows([Item(k, str(k)) for k in (9, 8, 7, 6, 5)])
    qtmodeltester.check(model)
    with qtbot.assertNotEmitted(model.modelReset):
        model.remove_keys([8, 42])
        model.upsert_rows([Item(10, "10"), Item(11, "11")], order=lambda r: -r.key)
        model.keep_first(4)
    assert _keys(model) == ["11", "10", "9", "7"]
