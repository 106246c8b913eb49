"""Staff actions: moving a party, walk-ins, revealing a phone; each leaves an audit event."""

from __future__ import annotations

import json

import pytest

from kiosk.core.errors import InputError
from kiosk.services import lookup, staff_actions
from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from tests.services.conftest import events, group_of


def test_move_party_moves_checked_in_people_and_logs_it(env: ServiceEnv) -> None:
    """The family moves from A to B at once; the event names operator, target and reason."""
    check_in(env, "FAMILY33")
    assert group_of(env, "FAMILY33") == {"A"}
    result = staff_actions.move_party(env, "family33", "b", reason="guide speaks their dialect")
    assert (result.group, result.moved, result.from_groups) == ("B", 3, ("A",))
    assert group_of(env, "FAMILY33") == {"B"}
    last = events(env)[-1]
    assert (last.action, last.operator, last.kiosk_id, last.outcome) == (
        "move",
        "Mia",
        "SUP-1",
        "moved",
    )
    assert json.loads(last.detail) == {
        "to": "B",
        "from": ["A"],
        "reason": "guide speaks their dialect",
    }


def test_move_party_refuses_a_group_without_room(env: ServiceEnv) -> None:
    """Group B (4 places) holds the pair and a pre-assigned solo: the family of 3 does not fit."""
    check_in(env, "PAIR2222")
    staff_actions.move_party(env, "PAIR2222", "B")
    check_in(env, "PRE44444")
    check_in(env, "FAMILY33")
    before = len(events(env))
    with pytest.raises(InputError, match="room for 1"):
        staff_actions.move_party(env, "FAMILY33", "B")
    assert group_of(env, "FAMILY33") == {"A"}
    assert len(events(env)) == before


def test_move_party_to_an_unknown_group_is_refused(env: ServiceEnv) -> None:
    """A letter the session does not have is one clear sentence."""
    with pytest.raises(InputError, match="no group Z"):
        staff_actions.move_party(env, "SOLO1111", "Z")


def test_walk_in_registers_and_admits_into_a_session_with_room(env: ServiceEnv) -> None:
    """A walk-in gets a WALK- code, takes the last place, is checked in and placed in a group."""
    walk = staff_actions.walk_in(env, "AM", size=1, name="张三", phone="13900001111")
    assert walk.code.startswith("WALK-")
    assert walk.check_in is not None and walk.check_in.outcome == "ok"
    details = lookup.party_details(env, walk.code)
    assert details.checked_in == 1 and details.visitors[0].group is not None
    assert lookup.sessions_with_room(env)[0].free == 0
    assert details.phone_masked == "139****1111"
    assert [e.action for e in events(env)][-2:] == ["walk_in", "checkin"]


def test_walk_in_refused_when_the_session_is_full(env: ServiceEnv) -> None:
    """The 8-place tour has 7 booked: a party of 2 is refused and nothing is written."""
    with pytest.raises(InputError, match="1 free places"):
        staff_actions.walk_in(env, "AM", size=2)
    assert events(env) == []
    rooms = {r.id: r.free for r in lookup.sessions_with_room(env)}
    assert rooms == {"AM": 1}


def test_reveal_phone_needs_a_reason_and_is_logged_without_the_number(env: ServiceEnv) -> None:
    """The full number is returned; the log has the reason but never the number."""
    with pytest.raises(InputError):
        staff_actions.reveal_phone(env, "FAMILY33", reason="  ")
    assert staff_actions.reveal_phone(env, "FAMILY33", reason="child lost") == "13812345678"
    (event,) = events(env)
    assert event.action == "reveal_phone" and event.operator == "Mia"
    assert "child lost" in event.detail
    assert "13812345678" not in event.detail + event.input_hint + event.visitor_ids


def test_staff_actions_only_append_to_the_scan_log(env: ServiceEnv) -> None:
    """Earlier events stay exactly as written after more staff actions."""
    check_in(env, "FAMILY33")
    first = [(e.id, e.action, e.outcome, e.detail) for e in events(env)]
    staff_actions.move_party(env, "FAMILY33", "B")
    staff_actions.reveal_phone(env, "FAMILY33", reason="call")
    staff_actions.walk_in(env, "AM", size=1, admit=False)
    after = [(e.id, e.action, e.outcome, e.detail) for e in events(env)]
    assert after[: len(first)] == first
    assert [a for _, a, _, _ in after[len(first) :]] == ["move", "reveal_phone", "walk_in"]
