"""Name search as gate staff use it: pinyin, initials, a typo, a companion's name, a code or the
last phone digits, ranked with the reason; on SQLite and PostgreSQL, and kept fresh as
bookings are added, re-imported or erased."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from kiosk.core.errors import NotReady
from kiosk.core.search import search_keys
from kiosk.services import search
from kiosk.services.env import ServiceEnv
from kiosk.services.lookup import ReservationSummary
from kiosk.services.purge import purge_personal_data
from kiosk.services.search import find_bookings, start_warm_up, warm_up
from kiosk.services.staff_actions import walk_in
from kiosk.store.models import Reservation
from tests.factories import SHANGHAI, Party, add_session
from tests.services.conftest import STARTS, make_env

YESTERDAY = datetime(2025, 2, 1, 9, 30, tzinfo=SHANGHAI)
TOMORROW = datetime(2025, 2, 3, 9, 30, tzinfo=SHANGHAI)

PARTIES = (
    Party("WANG2345", 1, names=["王小明"], phone="13812345678"),
    Party("ZENG3456", 2, names=["曾小贤", "胡一菲"], phone="13900001111"),
    Party("PAIR4567", 2, names=["Chloé Martin", "Jürgen Weber"], phone="+44 7700 900876"),
    Party("OUYA5678", 1, names=["欧阳娜娜"], phone="13655556666"),
    Party("WXYZ6789", 1, names=["王晓雨"], phone="13677778888"),
    Party("GONE7890", 1, names=["王小明"], phone="13500002222", status="cancelled"),
)


@pytest.fixture
def env(engine: Engine) -> ServiceEnv:
    """Today's 09:30 tour with the parties above; 王小明 booked yesterday and tomorrow too."""
    add_session(engine, "TODAY", starts_at=STARTS, parties=PARTIES)
    add_session(
        engine,
        "YST",
        starts_at=YESTERDAY,
        parties=(Party("OLD12345", 1, names=["王小明"], phone="13811112222"),),
    )
    add_session(
        engine,
        "TMR",
        starts_at=TOMORROW,
        parties=(Party("NEXT2345", 1, names=["Chloe Martins"], phone="13122223333"),),
    )
    return make_env(engine)


def found(env: ServiceEnv, query: str) -> list[tuple[str, str, str]]:
    return [(row.code, row.reason, row.matched) for row in find_bookings(env, query)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("wang xiao ming", ("WANG2345", "pinyin_full", "王小明")),
        ("wangxiaoming", ("WANG2345", "pinyin_full", "王小明")),
        ("Xiaoming Wang", ("WANG2345", "name_exact", "王小明")),  # written the Western way
        ("wxm", ("WANG2345", "pinyin_initials", "王小明")),
        ("wangxm", ("WANG2345", "pinyin_mixed", "王小明")),
        ("王小明", ("WANG2345", "name_exact", "王小明")),
        ("王小", ("WANG2345", "name_prefix", "王小明")),
        ("zeng xiao xian", ("ZENG3456", "pinyin_full", "曾小贤")),  # 曾 as a surname: zeng
        ("zxx", ("ZENG3456", "pinyin_initials", "曾小贤")),
        ("hyf", ("ZENG3456", "pinyin_initials", "胡一菲")),  # a companion's name
        ("ouyang", ("OUYA5678", "pinyin_full", "欧阳娜娜")),
        ("chloe martin", ("PAIR4567", "name_exact", "Chloé Martin")),
        ("CHLOÉ MARTIN", ("PAIR4567", "name_exact", "Chloé Martin")),
        ("Chloe Martn", ("PAIR4567", "name_typo", "Chloé Martin")),
        ("jurgen", ("PAIR4567", "name_prefix", "Jürgen Weber")),
        ("5678", ("WANG2345", "phone", "")),
        ("13812345678", ("WANG2345", "phone", "")),
        ("pair4567", ("PAIR4567", "code", "PAIR4567")),
        ("PAIR45", ("PAIR4567", "code_prefix", "PAIR4567")),
    ],
)
def test_search_cases(env: ServiceEnv, query: str, first: tuple[str, str, str]) -> None:
    """Each way staff say a name finds the booking first, with the reason and the name as
    stored."""
    assert found(env, query)[0] == first


def test_no_false_hits(env: ServiceEnv) -> None:
    """Initials, syllables and typos that belong to nobody find nobody."""
    assert found(env, "wxy")[:1] == [("WXYZ6789", "pinyin_initials", "王晓雨")]
    assert [code for code, *_ in found(env, "wxy")] == ["WXYZ6789"]
    for query in ("lxm", "zhang", "Chloe Marten Smith", "9999", "x", "", "   "):
        assert found(env, query) == [], query


def test_todays_bookings_come_first_then_the_others(env: ServiceEnv) -> None:
    """The same name booked on three days: today's first; a cancelled one is listed, marked."""
    rows = find_bookings(env, "wxm")
    assert [row.code for row in rows][:1] == ["WANG2345"]
    assert {row.code for row in rows} >= {"WANG2345", "GONE7890", "OLD12345"}
    assert [row.session_id for row in rows].index("YST") > 1
    gone = next(row for row in rows if row.code == "GONE7890")
    assert gone.status == "cancelled"


def test_a_hit_is_what_staff_need_and_no_more(env: ServiceEnv) -> None:
    """Code, masked phone, session start in site time, party, how many are in, every name."""
    (row, *_) = find_bookings(env, "zeng xiao xian")
    assert row == ReservationSummary(
        code="ZENG3456",
        contact_name="曾小贤",
        phone_masked="139****1111",
        session_id="TODAY",
        starts_at=STARTS,
        party_size=2,
        checked_in=0,
        status="confirmed",
        reason="pinyin_full",
        matched="曾小贤",
        names=("曾小贤", "胡一菲"),
    )
    assert row.starts_at.tzinfo is not None and row.starts_at.utcoffset() == STARTS.utcoffset()


def test_a_walk_in_is_found_at_the_next_keystroke(env: ServiceEnv) -> None:
    """A booking added after the index was built is found without rebuilding it."""
    assert warm_up(env) == 8
    walk_in(env, "TODAY", size=1, name="Zoë Lambert", admit=False)
    assert [reason for _, reason, _ in found(env, "zoe lambert")] == ["name_exact"]


def test_the_index_is_built_on_a_thread_of_its_own(env: ServiceEnv) -> None:
    """The search page starts the build and returns; once built, typing finds people."""
    builder = start_warm_up(env)
    assert builder.name == "search-index" and builder.daemon
    builder.join(timeout=60)
    assert not builder.is_alive()
    assert found(env, "wxm")[0] == ("WANG2345", "pinyin_initials", "王小明")


def test_a_search_while_the_index_is_first_built_says_so_at_once(env: ServiceEnv) -> None:
    """While another thread builds the index, a search does not wait (the kiosk's worker
    would hold up scans): one sentence in both languages; afterwards the search works."""
    live = search._live(env.engine)
    # live.lock held here: the build under way on the search-index thread.
    with live.lock, pytest.raises(NotReady) as caught:
        find_bookings(env, "wxm")
    assert "getting ready" in caught.value.message and "准备中" in caught.value.message_zh
    assert found(env, "wxm")[0][0] == "WANG2345"


def test_erased_names_are_not_found_under_their_old_name(env: ServiceEnv) -> None:
    """After ``kiosk purge`` erased yesterday's names, a search no longer shows them; the
    booking can still be found by its code."""
    with env.engine.begin() as conn:  # as a sync stores them
        conn.execute(
            update(Reservation)
            .where(Reservation.code == "OLD12345")
            .values(search_keys=search_keys(["王小明"]))
        )
    assert "OLD12345" in [code for code, *_ in found(env, "wxm")]
    purge_personal_data(env, datetime(2025, 2, 2, tzinfo=SHANGHAI))
    with env.engine.connect() as conn:
        keys = conn.execute(
            select(Reservation.search_keys).where(Reservation.code == "OLD12345")
        ).scalar_one()
    assert keys is None  # the names' keys are personal data too
    assert "OLD12345" not in [code for code, *_ in found(env, "wxm")]
    assert "OLD12345" not in [code for code, *_ in found(env, "2222")]
    assert found(env, "OLD12345") == [("OLD12345", "code", "OLD12345")]


def test_each_database_has_its_own_index(env: ServiceEnv, tmp_path: Path) -> None:
    """Two databases in one process never see each other's bookings."""
    from kiosk.store.engine import make_engine
    from kiosk.store.migrate import upgrade

    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    upgrade(other)
    add_session(other, "ELSE", starts_at=STARTS, parties=(Party("ELSE1234", 1, names=["王小明"]),))
    try:
        assert [code for code, *_ in found(make_env(other), "wxm")] == ["ELSE1234"]
        assert "ELSE1234" not in [code for code, *_ in found(env, "wxm")]
    finally:
        search.forget(other)
        other.dispose()
