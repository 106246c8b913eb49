"""A group for its guide: the group with guide and session, and the people it leads."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from kiosk.store.groups import GroupDetail, group_detail, members
from kiosk.store.models import TourGroup
from kiosk.store.party import admit, set_visitor_state
from tests.factories import SHANGHAI, Party, add_session
from tests.support.rows import visitor_ids

MORNING = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
IN_AT = datetime(2025, 2, 2, 9, 5, tzinfo=SHANGHAI)
OUT_AT = datetime(2025, 2, 2, 11, 35, tzinfo=SHANGHAI)


@pytest.fixture
def engine(database: Engine) -> Engine:
    """Two tours with groups A–D; parties pre-assigned to B in both, one cancelled."""
    add_session(
        database,
        "AM",
        starts_at=MORNING,
        guide_languages=("zh", "zh,en"),
        parties=(
            Party("ZZZZ0001", 2, names=["Zed", "Zia"], language="en", notes="wheelchair"),
            Party("PREB0002", 3, names=["Pat", "Pam", ""], group="B"),
            Party("CANB0003", 1, names=["Cat"], group="B", status="cancelled"),
            Party("AAAA0004", 1, names=["Ann"]),
        ),
    )
    add_session(
        database,
        "PM",
        starts_at=MORNING + timedelta(hours=5),
        parties=(Party("PMPB0005", 1, names=["Other"], group="B"),),
    )
    return database


def group_of(engine: Engine, session_id: str, letter: str) -> int:
    with engine.connect() as conn:
        value = conn.scalar(
            select(col(TourGroup.id))
            .where(col(TourGroup.session_id) == session_id)
            .where(col(TourGroup.letter) == letter)
        )
    assert value is not None
    return int(value)


def detail(engine: Engine, session_id: str, letter: str) -> GroupDetail:
    with engine.connect() as conn:
        found = group_detail(conn, group_of(engine, session_id, letter))
    assert found is not None
    return found


def test_group_detail_gives_guide_and_session(engine: Engine) -> None:
    """A group comes with its guide and its session's start and labels."""
    group_id = group_of(engine, "AM", "B")
    assert detail(engine, "AM", "B") == GroupDetail(
        id=group_id,
        letter="B",
        colour="#1976D2",
        capacity=15,
        meeting_point="Gate 2",
        guide="Guide AM-B",
        guide_languages="zh,en",
        session_id="AM",
        starts_at=MORNING,
        label_en="02 Feb 09:30",
        label_zh="02月02日 09:30 场",
    )


def test_group_detail_without_a_guide_or_of_no_group(engine: Engine) -> None:
    """A group without a guide has guide None; an unknown group id gives None."""
    with Session(engine) as db:
        extra = TourGroup(session_id="AM", letter="E")
        db.add(extra)
        db.commit()
        extra_id = extra.id
    assert extra_id is not None
    with engine.connect() as conn:
        found = group_detail(conn, extra_id)
        missing = group_detail(conn, extra_id + 1000)
    assert found is not None and (found.letter, found.guide, found.guide_languages) == (
        "E",
        None,
        None,
    )
    assert missing is None


def test_members_are_people_placed_in_the_group_in_or_out(engine: Engine) -> None:
    """People placed in the group are listed, including those who have left since."""
    zed = visitor_ids(engine, "ZZZZ0001")
    group_a = group_of(engine, "AM", "A")
    with engine.begin() as conn:
        admit(conn, zed, at=IN_AT, kiosk_id="K1", group_id=group_a)
        set_visitor_state(conn, zed[1:], {"checked_out_at": OUT_AT})
    with engine.connect() as conn:
        found = members(conn, detail(engine, "AM", "A"))
    assert [(m.code, m.seq, m.name, m.checked_in_at, m.checked_out_at) for m in found] == [
        ("ZZZZ0001", 1, "Zed", IN_AT, None),
        ("ZZZZ0001", 2, "Zia", IN_AT, OUT_AT),
    ]
    first = found[0]
    assert (first.party_size, first.contact_name, first.language) == (2, "Zed", "en")
    assert (first.accessibility, first.notes) == (True, "wheelchair")


def test_members_include_the_pre_assigned_still_to_come(engine: Engine) -> None:
    """Not-yet-arrived people pre-assigned here are listed; cancelled or other tours' are not."""
    with engine.connect() as conn:
        found = members(conn, detail(engine, "AM", "B"))
    assert [(m.code, m.seq) for m in found] == [("PREB0002", 1), ("PREB0002", 2), ("PREB0002", 3)]
    assert all(m.checked_in_at is None for m in found)


def test_a_pre_assigned_visitor_placed_elsewhere_leaves_the_list(engine: Engine) -> None:
    """Once a pre-assigned visitor is checked in to another group, they count there instead."""
    pat, pam, _ = visitor_ids(engine, "PREB0002")
    group_b, group_c = group_of(engine, "AM", "B"), group_of(engine, "AM", "C")
    with engine.begin() as conn:
        admit(conn, [pat], at=IN_AT, kiosk_id="K1", group_id=group_b)
        admit(conn, [pam], at=IN_AT, kiosk_id="K1", group_id=group_c)
    with engine.connect() as conn:
        in_b = members(conn, detail(engine, "AM", "B"))
        in_c = members(conn, detail(engine, "AM", "C"))
    assert [(m.code, m.seq, m.checked_in_at) for m in in_b] == [
        ("PREB0002", 1, IN_AT),
        ("PREB0002", 3, None),
    ]
    assert [(m.code, m.seq) for m in in_c] == [("PREB0002", 2)]


def test_members_come_by_party_code_then_seq(engine: Engine) -> None:
    """Parties are listed by code and their people by place in the party."""
    group_a = group_of(engine, "AM", "A")
    with engine.begin() as conn:
        admit(
            conn, visitor_ids(engine, "ZZZZ0001")[::-1], at=IN_AT, kiosk_id="K1", group_id=group_a
        )
        admit(conn, visitor_ids(engine, "AAAA0004"), at=IN_AT, kiosk_id="K1", group_id=group_a)
    with engine.connect() as conn:
        found = members(conn, detail(engine, "AM", "A"))
    assert [(m.code, m.seq) for m in found] == [("AAAA0004", 1), ("ZZZZ0001", 1), ("ZZZZ0001", 2)]


def test_an_empty_group_has_no_members(engine: Engine) -> None:
    """A group nobody is placed or pre-assigned in lists nobody."""
    with engine.connect() as conn:
        assert members(conn, detail(engine, "AM", "D")) == []
