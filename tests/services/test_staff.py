"""Staff tools: moving a party, walk-ins, revealing a phone, and the console's read queries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.core.errors import InputError
from kiosk.services import lookup, reports, staff_actions
from kiosk.services.checkin import check_in, check_out, undo_check_in
from kiosk.services.env import ServiceEnv
from kiosk.store.engine import make_engine
from kiosk.store.models import ScanEvent, TourGroup, Visitor
from tests.factories import SHANGHAI, Party, add_session, fresh_url

NOW = datetime(2025, 2, 2, 9, 10, tzinfo=SHANGHAI)


@pytest.fixture
def env(tmp_path: Path, empty_db: Path) -> Iterator[ServiceEnv]:
    """The 09:30 tour with small groups (A, B of 4) and a tour tomorrow, clock at 09:10."""
    engine = make_engine(fresh_url(empty_db, tmp_path))
    add_session(
        engine,
        "AM",
        groups=2,
        group_size=4,
        parties=(
            Party("FAMILY33", 3, names=["李华", "李雷", ""], phone="13812345678"),
            Party("PAIR2222", 2, names=["Ada Lovelace", "Bob"]),
            Party("SOLO1111", 1, names=["王小明"]),
            Party("PRE44444", 1, names=["预分配"], group="B"),
        ),
    )
    add_session(
        engine,
        "TOMORROW",
        starts_at=datetime(2025, 2, 3, 9, 30, tzinfo=SHANGHAI),
        parties=(Party("NEXT7777", 1),),
    )
    yield ServiceEnv(engine, Settings(), Clock.fixed(NOW), kiosk_id="SUP-1", operator="Mia")
    engine.dispose()


def events(env: ServiceEnv) -> list[ScanEvent]:
    with Session(env.engine) as db:
        return list(db.exec(select(ScanEvent).order_by(ScanEvent.id)))  # type: ignore[arg-type]


def group_of(env: ServiceEnv, code: str) -> set[str | None]:
    details = lookup.party_details(env, code)
    return {v.group for v in details.visitors}


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


def test_roster_lists_only_people_on_site_today(env: ServiceEnv) -> None:
    """Checked-out, undone and never-arrived people are not on the evacuation roster."""
    check_in(env, "FAMILY33")
    check_in(env, "PAIR2222")
    check_in(env, "SOLO1111")
    check_out(env, "PAIR2222-1")
    undo_check_in(env, "SOLO1111", reason="mistake")
    entries = reports.roster(env)
    assert [(e.code, e.seq) for e in entries] == [
        ("FAMILY33", 1),
        ("FAMILY33", 2),
        ("FAMILY33", 3),
        ("PAIR2222", 2),
    ]
    assert entries[2].display_name == "李华 (3/3)"
    assert [(e.group, e.guide) for e in entries] == [("A", "Guide AM-A")] * 3 + [
        ("B", "Guide AM-B")
    ]
    assert entries[0].phone_masked == "138****5678"


def test_scan_log_filters_by_kiosk_outcome_and_time(env: ServiceEnv) -> None:
    """The audit log answers "what did kiosk X refuse since 09:05", newest first."""
    check_in(env, "FAMILY33")
    other = ServiceEnv(env.engine, env.settings, Clock.fixed(NOW + timedelta(minutes=5)), "GATE-2")
    check_in(other, "NOPE0000")
    check_in(other, "SOLO1111")
    assert [e.outcome for e in reports.scan_log(env)] == ["ok", "unknown", "ok"]
    refused = reports.scan_log(env, kiosk_id="GATE-2", outcome="unknown")
    assert len(refused) == 1 and refused[0].input_hint and refused[0].reservation_code is None
    later = reports.scan_log(env, since=NOW + timedelta(minutes=1))
    assert {e.kiosk_id for e in later} == {"GATE-2"}
    kiosks, outcomes, actions = reports.scan_log_facets(env)
    assert kiosks == ["GATE-2", "SUP-1"] and "unknown" in outcomes and actions == ["checkin"]


def test_guide_manifest_lists_group_members_and_expected_preassigned(env: ServiceEnv) -> None:
    """Group B's sheet shows the pre-assigned party before it arrives, then as arrived."""
    with Session(env.engine) as db:
        group_b = db.exec(select(TourGroup).where(TourGroup.letter == "B")).first()
        assert group_b is not None and group_b.id is not None
    manifest = reports.guide_manifest(env, group_b.id)
    assert (manifest.group, manifest.guide, manifest.meeting_point) == ("B", "Guide AM-B", "Gate 2")
    assert [(m.code, m.checked_in_at) for m in manifest.members] == [("PRE44444", None)]
    check_in(env, "PRE44444")
    manifest = reports.guide_manifest(env, group_b.id)
    assert manifest.on_site == 1
    with pytest.raises(InputError):
        reports.guide_manifest(env, 9999)


def test_arrivals_are_cumulative_per_five_minutes(env: ServiceEnv) -> None:
    """The chart's curve starts at the window opening and ends now, never going down."""
    env.clock.set(datetime(2025, 2, 2, 8, 50, tzinfo=SHANGHAI))
    check_in(env, "FAMILY33")
    env.clock.set(datetime(2025, 2, 2, 9, 2, tzinfo=SHANGHAI))
    check_in(env, "SOLO1111")
    env.clock.set(NOW)
    points = reports.arrivals(env, "AM")
    assert points[0] == (datetime(2025, 2, 2, 8, 45, tzinfo=SHANGHAI), 0)
    assert points[-1] == (NOW, 4)
    counts = [n for _, n in points]
    assert counts == sorted(counts)
    assert dict(points)[datetime(2025, 2, 2, 8, 50, tzinfo=SHANGHAI)] == 3
    assert reports.arrivals(env, "NO-SUCH") == []


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


def test_party_details_shows_each_person_with_group(env: ServiceEnv) -> None:
    """The staff page sees names, badge codes and groups of one booking."""
    check_in(env, "PAIR2222", count=1)
    details = lookup.party_details(env, "pair2222")
    assert (details.party_size, details.checked_in, details.on_site) == (2, 1, 1)
    assert [(v.badge_code, v.group) for v in details.visitors] == [
        ("PAIR2222-1", "A"),
        ("PAIR2222-2", None),
    ]
    with pytest.raises(InputError):
        lookup.party_details(env, "NOPE")
    rooms = lookup.session_groups(env, "AM")
    assert [(g.letter, g.assigned, g.free) for g in rooms] == [("A", 1, 3), ("B", 0, 4)]


def test_print_jobs_are_listed_newest_first(env: ServiceEnv) -> None:
    """The printer page lists jobs with the badge they print and why one failed."""
    from kiosk.store.models import PrintJob

    check_in(env, "SOLO1111")
    with Session(env.engine) as db:
        visitor = db.exec(select(Visitor).where(Visitor.badge_code == "SOLO1111-1")).one()
        for status, reason in (("printed", ""), ("failed", "out of labels")):
            db.add(
                PrintJob(
                    visitor_id=visitor.id or 0,
                    created_at=NOW,
                    updated_at=NOW,
                    status=status,
                    reason=reason,
                )
            )
        db.commit()
    jobs = reports.print_jobs(env)
    assert [(j.status, j.reason, j.badge_code) for j in jobs] == [
        ("failed", "out of labels", "SOLO1111-1"),
        ("printed", "", "SOLO1111-1"),
    ]
