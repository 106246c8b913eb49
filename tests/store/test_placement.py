"""The placement join: each visitor with booking, session, group and guide, filtered and ordered."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from kiosk.store.models import TourGroup, Visitor
from kiosk.store.placement import Placement, placements
from tests.factories import SHANGHAI, Party, add_session
from tests.support.rows import reservation_of, visitor_ids

MORNING = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
AFTERNOON = datetime(2025, 2, 2, 14, 0, tzinfo=SHANGHAI)
TOMORROW = datetime(2025, 2, 3, 9, 30, tzinfo=SHANGHAI)
IN_AT = datetime(2025, 2, 2, 9, 5, tzinfo=SHANGHAI)
OUT_AT = datetime(2025, 2, 2, 11, 40, tzinfo=SHANGHAI)


@pytest.fixture
def engine(database: Engine) -> Engine:
    """Three tours written out of start order, parties out of code order; some people placed.

    In the morning: ZED (3, two in, one of them out since) and ALPHA (1, in, in a group
    without a guide). Afternoon: MID (2, nobody in). Tomorrow: NEXT (1).
    """
    add_session(database, "PM", starts_at=AFTERNOON, parties=(Party("MID00002", 2),))
    add_session(database, "NEXT", starts_at=TOMORROW, parties=(Party("NEXT0001", 1),))
    add_session(
        database,
        "AM",
        starts_at=MORNING,
        guide_languages=("zh,en",),
        parties=(
            Party("ZED00003", 3, names=["Zoe", "Zack", ""], phone="13800000003", language="en"),
            Party("ALPHA001", 1, names=["Al"], notes="wheelchair"),
        ),
    )
    with Session(database) as db:
        db.add(TourGroup(session_id="AM", letter="E", colour="#000000", meeting_point="Hall"))
        db.commit()
    zed = visitor_ids(database, "ZED00003")
    with database.begin() as conn:
        group_b, group_e = conn.scalars(
            select(col(TourGroup.id))
            .where(col(TourGroup.session_id) == "AM")
            .where(col(TourGroup.letter).in_(["B", "E"]))
            .order_by(col(TourGroup.letter))
        ).all()
        conn.execute(
            update(Visitor)
            .where(col(Visitor.id).in_(zed[:2]))
            .values(group_id=group_b, checked_in_at=IN_AT, kiosk_id="GATE-1")
        )
        conn.execute(update(Visitor).where(col(Visitor.id) == zed[1]).values(checked_out_at=OUT_AT))
        conn.execute(
            update(Visitor)
            .where(col(Visitor.id).in_(visitor_ids(database, "ALPHA001")))
            .values(group_id=group_e, checked_in_at=IN_AT, kiosk_id="GATE-2")
        )
    return database


def who(found: list[Placement]) -> list[str]:
    return [f"{p.code}/{p.seq}" for p in found]


EVERYONE = ["ALPHA001/1", "ZED00003/1", "ZED00003/2", "ZED00003/3", "MID00002/1", "MID00002/2"]


def test_everyone_by_session_start_then_code_then_seq(engine: Engine) -> None:
    """With no filter: the earliest tour first, parties by code, people by place in the party."""
    with engine.connect() as conn:
        found = placements(conn)
    assert who(found) == [*EVERYONE, "NEXT0001/1"]


def test_a_placed_visitor_carries_booking_session_group_and_guide(engine: Engine) -> None:
    """A checked-in visitor has their party's facts, the tour's times and group and guide."""
    first = visitor_ids(engine, "ZED00003")[0]
    with engine.connect() as conn:
        (found,) = placements(conn, visitor_ids=[first])
    assert (found.visitor_id, found.seq, found.name, found.badge_code) == (
        first,
        1,
        "Zoe",
        "ZED00003-1",
    )
    assert (found.checked_in_at, found.checked_out_at, found.kiosk_id) == (IN_AT, None, "GATE-1")
    assert (found.reservation_id, found.code) == (reservation_of(engine, "ZED00003"), "ZED00003")
    assert (found.contact_name, found.phone, found.party_size) == ("Zoe", "13800000003", 3)
    assert (found.language, found.status, found.accessibility) == ("en", "confirmed", False)
    assert (found.session_id, found.starts_at, found.ends_at) == (
        "AM",
        MORNING,
        MORNING + timedelta(minutes=120),
    )
    assert (found.group, found.colour, found.meeting_point) == ("B", "#1976D2", "Gate 2")
    assert (found.guide, found.guide_languages) == ("Guide AM-B", "zh,en")
    assert found.group_id is not None


def test_an_unplaced_visitor_has_no_group_fields(engine: Engine) -> None:
    """Someone not yet in a group comes with None for the group, colour, point and guide."""
    with engine.connect() as conn:
        (found,) = placements(conn, visitor_ids=visitor_ids(engine, "NEXT0001"))
    group_fields = (
        found.group_id,
        found.group,
        found.colour,
        found.meeting_point,
        found.guide,
        found.guide_languages,
    )
    assert group_fields == (None,) * 6
    assert (found.code, found.session_id, found.starts_at) == ("NEXT0001", "NEXT", TOMORROW)


def test_a_group_without_a_guide_still_names_the_group(engine: Engine) -> None:
    """A visitor in a guideless group has the group's letter and point, and guide None."""
    with engine.connect() as conn:
        (found,) = placements(conn, reservation_id=reservation_of(engine, "ALPHA001"))
    assert (found.group, found.meeting_point, found.guide, found.accessibility) == (
        "E",
        "Hall",
        None,
        True,
    )


def test_only_the_given_visitors(engine: Engine) -> None:
    """``visitor_ids`` keeps those people, in the usual order; an empty list keeps nobody."""
    wanted = [visitor_ids(engine, "MID00002")[1], visitor_ids(engine, "ZED00003")[2]]
    with engine.connect() as conn:
        found = placements(conn, visitor_ids=wanted)
        none = placements(conn, visitor_ids=[])
    assert who(found) == ["ZED00003/3", "MID00002/2"]
    assert none == []


def test_only_one_party_or_one_session(engine: Engine) -> None:
    """``reservation_id`` keeps one party; ``session_id`` one tour."""
    with engine.connect() as conn:
        party = placements(conn, reservation_id=reservation_of(engine, "MID00002"))
        tour = placements(conn, session_id="AM")
    assert who(party) == ["MID00002/1", "MID00002/2"]
    assert who(tour) == EVERYONE[:4]


def test_a_window_of_session_starts_includes_its_start_and_excludes_its_end(
    engine: Engine,
) -> None:
    """``starts_from`` is inclusive and ``starts_before`` exclusive, as a day's bounds are."""
    with engine.connect() as conn:
        from_afternoon = placements(conn, starts_from=AFTERNOON)
        before_afternoon = placements(conn, starts_before=AFTERNOON)
        today = placements(
            conn,
            starts_from=datetime(2025, 2, 2, tzinfo=SHANGHAI),
            starts_before=datetime(2025, 2, 3, tzinfo=SHANGHAI),
        )
    assert who(from_afternoon) == ["MID00002/1", "MID00002/2", "NEXT0001/1"]
    assert who(before_afternoon) == EVERYONE[:4]
    assert who(today) == EVERYONE


def test_checked_in_keeps_everyone_who_came_and_on_site_those_still_here(engine: Engine) -> None:
    """``checked_in`` includes people who have left since; ``on_site`` does not."""
    with engine.connect() as conn:
        came = placements(conn, checked_in=True)
        here = placements(conn, on_site=True)
        here_too = placements(conn, checked_in=True, on_site=True)
    assert who(came) == ["ALPHA001/1", "ZED00003/1", "ZED00003/2"]
    assert who(here) == ["ALPHA001/1", "ZED00003/1"]
    assert here_too == here
    assert came[2].checked_out_at == OUT_AT


def test_filters_combine(engine: Engine) -> None:
    """Several filters keep only the visitors meeting all of them."""
    with engine.connect() as conn:
        found = placements(
            conn, session_id="AM", reservation_id=reservation_of(engine, "ZED00003"), on_site=True
        )
        nobody = placements(conn, session_id="PM", checked_in=True)
    assert who(found) == ["ZED00003/1"]
    assert nobody == []
