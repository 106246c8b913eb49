"""Look-ups for the pages: a party's details, the session being served, the booking search."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pytest
from sqlalchemy.engine import Engine

from kiosk.core.errors import InputError
from kiosk.services import lookup
from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from kiosk.services.lookup import current_session, search_reservations
from tests.factories import Party, add_session
from tests.services.conftest import ALL_ZH, at, make_env, setup


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


def test_search_by_name_or_phone_digits_masks_the_phone(engine: Engine) -> None:
    """Staff find a booking by contact name or the last four phone digits; phones are masked."""
    setup(
        engine,
        Party("ABC123", 2, names=("王小明", "王小红"), phone="13812345678"),
        Party("XYZ789", 1, names=("Ada Lovelace",), phone="13999990000"),
    )
    env = make_env(engine)
    by_name = search_reservations(env, "王小")
    assert [r.code for r in by_name] == ["ABC123"]
    assert by_name[0].phone_masked == "138****5678"
    assert [r.code for r in search_reservations(env, "lovelace")] == ["XYZ789"]
    assert [r.code for r in search_reservations(env, "0000")] == ["XYZ789"]
    check_in(env, "ABC123", count=1)
    assert search_reservations(env, "5678")[0].checked_in == 1
    assert search_reservations(env, "x") == []


def test_current_session_is_the_open_one_or_the_next_today(engine: Engine) -> None:
    """The scan page shows the session whose window is open, else the next one today."""
    setup(engine)
    add_session(engine, "S2", starts_at=at(14, 0), guide_languages=ALL_ZH)
    sessions: Sequence[tuple[datetime, str | None]] = [
        (at(7, 0), "S1"),
        (at(9, 0), "S1"),
        (at(11, 0), "S2"),
        (at(18, 0), None),
    ]
    for now, expected in sessions:
        found = current_session(make_env(engine, now))
        assert (found.id if found else None) == expected, now
