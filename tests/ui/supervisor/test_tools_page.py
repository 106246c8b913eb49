"""The staff tools page wires its panels: moves and phones on the chosen booking, walk-ins shown
and reprinted."""

from __future__ import annotations

from typing import Any

from tests.ui.supervisor.conftest import Day, choose, last_event, settle


def test_move_party_and_show_phone(qtbot: Any, day: Day, make_console: Any) -> None:
    """The family moves to group B; the full phone shows only with a reason, and is logged."""
    console = make_console()
    tools = choose(qtbot, console, "FAMILY33")
    mover = tools.party_actions.group_move
    assert {v.group for v in tools.booking.party.visitors} == {"A"}
    mover.group_combo.setCurrentIndex(mover.group_combo.findData("B"))
    mover.move_party()
    settle(qtbot, console)
    assert {v.group for v in tools.booking.party.visitors} == {"B"}
    assert "13812345678" not in tools.booking.party_title.text()
    tools.party_actions.reason_edit.setText("child lost")
    tools.party_actions.reveal_phone()
    settle(qtbot, console)
    assert "13812345678" in tools.booking.party_title.text()
    assert last_event(day).action == "reveal_phone"


def test_walk_in_and_reprint(qtbot: Any, day: Day, make_console: Any) -> None:
    """Two walk-ins fill the last places of the 09:30 tour; reprint asks the app to print."""
    console = make_console()
    tools = console.pages["tools"]
    walk_ins = tools.walk_ins
    index = walk_ins.walk_session_combo.findData("AM")
    assert "2 free" in walk_ins.walk_session_combo.itemText(index)
    walk_ins.walk_session_combo.setCurrentIndex(index)
    walk_ins.walk_size.set_value(2)
    walk_ins.walk_name.setText("张三")
    walk_ins.register_walk_in()
    settle(qtbot, console)
    party = tools.booking.party
    assert party is not None and party.code.startswith("WALK-")
    assert party.checked_in == 2
    with qtbot.waitSignal(console.context.bridge.print_requested) as asked:
        tools.party_actions.reprint()
    assert sorted(asked.args[0]) == sorted(v.id for v in party.visitors)


def test_the_tools_speak_chinese(make_console: Any) -> None:
    """With the console in Chinese every panel of the tools page is translated."""
    tools = make_console(language="zh").pages["tools"]
    assert tools.finder.search_button.text() == "搜索"
    assert tools.party_actions.check_in_button.text() == "签到"
    assert tools.party_actions.group_move.move_button.text() != "Move to group"
    assert tools.walk_ins.title() != "Walk-in"
    assert tools.manifests.title() != "Guide's manifest"
    assert tools.booking.party_title.text() == "请选择一个预约"
