"""The check-in engine through its service API, on SQLite and on a real PostgreSQL server.

One session, ``S1``, starts on Sunday 2 February 2025 at 09:30 (Asia/Shanghai): check-in
opens at 08:45 and closes at 09:50. Every test works on a database of its own.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from kiosk.core.errors import InputError
from kiosk.core.tickets import TicketPayload, generate_keypair, sign_ticket
from kiosk.services.checkin import check_in, check_out, preview_scan, undo_check_in
from kiosk.services.headcount import headcount
from kiosk.services.results import CheckInResult
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from kiosk.store.models import Reservation, ScanEvent, TourGroup, Visitor
from tests.factories import SHANGHAI, Party, add_party, add_session
from tests.services.conftest import ALL_ZH, IN_WINDOW, STARTS, at, make_env, setup


def scan_events(engine: Engine) -> list[tuple[Any, ...]]:
    """Every scan_event row as a plain tuple, in insertion order."""
    with Session(engine) as db:
        rows = db.execute(select(ScanEvent).order_by(ScanEvent.id)).scalars().all()  # type: ignore[arg-type]
        return [
            (
                r.id,
                r.at,
                r.kiosk_id,
                r.operator,
                r.action,
                r.input_digest,
                r.input_hint,
                r.reservation_code,
                r.session_id,
                r.outcome,
                r.visitor_ids,
                r.detail,
            )
            for r in rows
        ]


def last_event(engine: Engine) -> ScanEvent:
    with Session(engine) as db:
        query = select(ScanEvent).order_by(col(ScanEvent.id).desc())
        event = db.execute(query).scalars().first()
        assert isinstance(event, ScanEvent)
        return event


def visitors_of(engine: Engine, code: str) -> list[Visitor]:
    with Session(engine) as db:
        return list(
            db.execute(
                select(Visitor)
                .join(Reservation, Reservation.id == Visitor.reservation_id)  # type: ignore[arg-type]
                .where(col(Reservation.code) == code)
                .order_by(Visitor.seq)  # type: ignore[arg-type]
            )
            .scalars()
            .all()
        )


def group_letters_of(engine: Engine, code: str) -> list[str | None]:
    with Session(engine) as db:
        letters = dict(db.execute(select(col(TourGroup.id), col(TourGroup.letter))).all())
    return [letters.get(v.group_id) for v in visitors_of(engine, code)]


def write_key(folder: Path, name: str) -> tuple[bytes, Path]:
    """A fresh key pair; returns the private PEM and the path of the public PEM file."""
    private_pem, public_pem = generate_keypair()
    path = folder / f"{name}.pem"
    path.write_bytes(public_pem)
    return private_pem, path


def ticket(
    private_pem: bytes, code: str, *, session: str = "S1", size: int = 2, day: int = 2
) -> str:
    return sign_ticket(
        private_pem,
        TicketPayload(
            code=code,
            session_id=session,
            party_size=size,
            valid_from=datetime(2025, 2, day, 0, 0, tzinfo=SHANGHAI),
            valid_until=datetime(2025, 2, day, 23, 59, tzinfo=SHANGHAI),
        ),
    )


def tamper(text: str) -> str:
    """The same ticket with one bit of its signature flipped, still canonically encoded."""
    body = text[len("KT1.") :]
    blob = bytearray(base64.b32decode(body + "=" * (-len(body) % 8)))
    blob[-1] ^= 0x01
    return "KT1." + base64.b32encode(bytes(blob)).decode("ascii").rstrip("=")


# --- each outcome ---------------------------------------------------------------------------


def test_unknown_code_is_refused_and_logged(engine: Engine) -> None:
    """A code nobody booked is answered unknown, in both languages, and still logged."""
    setup(engine, Party("ABC123", 2))
    result = check_in(make_env(engine), "NOSUCH1")
    assert result.outcome == "unknown"
    assert "could not find" in result.message_en
    assert "未找到" in result.message_zh
    assert result.visitors == ()
    assert last_event(engine).outcome == "unknown"


def test_forged_or_altered_signed_ticket_is_invalid_signature(
    engine: Engine, tmp_path: Path
) -> None:
    """A ticket signed by an untrusted key, or altered after signing, is refused as forged."""
    setup(engine, Party("ABC123", 2))
    trusted, public_path = write_key(tmp_path, "trusted")
    untrusted, _ = write_key(tmp_path, "untrusted")
    env = make_env(engine, public_keys=[str(public_path)])

    assert check_in(env, ticket(untrusted, "ABC123")).outcome == "invalid_signature"
    altered = check_in(env, tamper(ticket(trusted, "ABC123")))
    assert altered.outcome == "invalid_signature"
    assert "could not be verified" in altered.message_en
    assert all(v.checked_in_at is None for v in visitors_of(engine, "ABC123"))
    # A forged ticket for a code nobody booked is unknown (unknown comes first).
    assert check_in(env, ticket(untrusted, "NOBODY")).outcome == "unknown"


def test_cancelled_booking_is_refused(engine: Engine) -> None:
    """A cancelled booking is refused and nobody of the party is admitted."""
    setup(engine, Party("CANC01", 2, status="cancelled"))
    result = check_in(make_env(engine), "CANC01")
    assert result.outcome == "cancelled"
    assert "cancelled" in result.message_en
    assert result.checked_in == 0
    assert all(v.checked_in_at is None for v in visitors_of(engine, "CANC01"))


def test_wrong_day_names_the_booked_day(engine: Engine) -> None:
    """A visitor a day early is told which day and time the booking is for."""
    setup(engine, Party("ABC123", 2))
    result = check_in(make_env(engine, at(9, 0, day=1)), "ABC123")
    assert result.outcome == "wrong_day"
    assert "Sunday 2 February, 09:30" in result.message_en
    assert "2月2日" in result.message_zh and "09:30" in result.message_zh


def test_too_early_says_when_the_window_opens(engine: Engine) -> None:
    """Arriving before 08:45 for the 09:30 tour is refused with the opening time."""
    setup(engine, Party("ABC123", 2))
    result = check_in(make_env(engine, at(8, 0)), "ABC123")
    assert result.outcome == "too_early"
    assert "opens at 08:45" in result.message_en
    assert "08:45" in result.message_zh


def test_too_late_after_the_grace_period(engine: Engine) -> None:
    """Arriving after 09:50 for the 09:30 tour is refused, saying when check-in closed."""
    setup(engine, Party("ABC123", 2))
    result = check_in(make_env(engine, at(10, 15)), "ABC123")
    assert result.outcome == "too_late"
    assert "closed at 09:50" in result.message_en


def test_already_checked_in_says_when_and_where(engine: Engine) -> None:
    """A second scan at another kiosk is told the time and kiosk of the first check-in."""
    setup(engine, Party("ABC123", 2))
    assert check_in(make_env(engine, at(9, 0), kiosk="GATE-1"), "ABC123").outcome == "ok"
    again = check_in(make_env(engine, at(9, 7), kiosk="GATE-2"), "ABC123")
    assert again.outcome == "already_checked_in"
    assert "09:00" in again.message_en and "GATE-1" in again.message_en
    assert "09:00" in again.message_zh and "GATE-1" in again.message_zh
    assert {v.kiosk_id for v in visitors_of(engine, "ABC123")} == {"GATE-1"}


def test_ok_admits_the_whole_party_with_groups_and_guides(engine: Engine) -> None:
    """A valid scan admits everyone, and each visitor comes back with group, guide and place."""
    setup(engine, Party("ABC123", 3, names=("王小明", "李雷", "韩梅梅")))
    result = check_in(make_env(engine), "abc123")
    assert result.outcome == "ok"
    assert (result.code, result.session_id) == ("ABC123", "S1")
    assert (result.party_size, result.checked_in, result.admitted, result.remaining) == (3, 3, 3, 0)
    assert [v.name for v in result.visitors] == ["王小明", "李雷", "韩梅梅"]
    assert {(v.group, v.guide, v.meeting_point) for v in result.visitors} == {
        ("A", "Guide S1-A", "Gate 1")
    }
    stored = visitors_of(engine, "ABC123")
    assert all(v.checked_in_at == IN_WINDOW and v.kiosk_id == "K1" for v in stored)


@pytest.mark.parametrize(
    ("instant", "outcome"),
    [
        (at(8, 44, 59), "too_early"),
        (at(8, 45, 0), "ok"),
        (at(9, 50, 0), "ok"),
        (at(9, 50, 1), "too_late"),
    ],
    ids=["08:44:59", "08:45:00", "09:50:00", "09:50:01"],
)
def test_window_boundaries_to_the_second(engine: Engine, instant: datetime, outcome: str) -> None:
    """Check-in opens at exactly 08:45:00 and closes after exactly 09:50:00 for a 09:30 tour."""
    setup(engine, Party("ABC123", 1))
    assert check_in(make_env(engine, instant), "ABC123").outcome == outcome


# --- party arithmetic -----------------------------------------------------------------------


def test_partial_then_rest_then_already_checked_in(engine: Engine) -> None:
    """2 of 5 come in (partial), the other 3 later (ok), then the code is used up."""
    setup(engine, Party("FAM5", 5))
    first = check_in(make_env(engine, at(9, 0)), "FAM5", count=2)
    assert first.outcome == "partial"
    assert (first.admitted, first.checked_in, first.remaining) == (2, 2, 3)
    assert len(first.visitors) == 2
    assert "3 can check in later" in first.message_en

    rest = check_in(make_env(engine, at(9, 10)), "FAM5")
    assert rest.outcome == "ok"
    assert (rest.admitted, rest.checked_in, rest.remaining) == (3, 5, 0)
    assert {v.seq for v in rest.visitors} == {3, 4, 5}

    third = check_in(make_env(engine, at(9, 12)), "FAM5")
    assert third.outcome == "already_checked_in"
    assert third.admitted == 0
    assert "09:10" in third.message_en  # the latest check-in of the party


def test_count_larger_than_remaining_admits_only_the_remaining(engine: Engine) -> None:
    """Asking to admit 10 of a party of 3 admits the 3 booked, never more."""
    setup(engine, Party("TRIO", 3))
    result = check_in(make_env(engine), "TRIO", count=10)
    assert result.outcome == "ok"
    assert (result.admitted, result.checked_in) == (3, 3)
    assert len(visitors_of(engine, "TRIO")) == 3


def test_count_below_one_is_an_input_error_and_changes_nothing(engine: Engine) -> None:
    """--count 0 is a mistake of the operator: refused with a sentence, nothing written."""
    setup(engine, Party("TRIO", 3))
    before = scan_events(engine)
    with pytest.raises(InputError, match="at least 1"):
        check_in(make_env(engine), "TRIO", count=0)
    assert scan_events(engine) == before
    assert all(v.checked_in_at is None for v in visitors_of(engine, "TRIO"))


def test_visitor_ids_admit_exactly_the_chosen_people(engine: Engine) -> None:
    """Ticking two names of a party of 4 admits those two and nobody else."""
    setup(engine, Party("FAM4", 4, names=("A", "B", "C", "D")))
    ids = [v.id or 0 for v in visitors_of(engine, "FAM4")]
    chosen = [ids[1], ids[3]]
    result = check_in(make_env(engine), "FAM4", visitor_ids=chosen)
    assert result.outcome == "partial"
    assert [v.name for v in result.visitors] == ["B", "D"]
    admitted = [v.name for v in visitors_of(engine, "FAM4") if v.checked_in_at is not None]
    assert admitted == ["B", "D"]
    again = check_in(make_env(engine), "FAM4", visitor_ids=chosen)
    assert again.outcome == "already_checked_in"


def test_badge_code_scan_admits_that_visitor_only(engine: Engine) -> None:
    """Scanning one visitor's badge code admits that person; the booking code admits the rest."""
    setup(engine, Party("FAM3", 3, names=("A", "B", "C")))
    result = check_in(make_env(engine), "fam3-2")
    assert result.outcome == "partial"
    assert [v.name for v in result.visitors] == ["B"]
    assert [v.checked_in_at is not None for v in visitors_of(engine, "FAM3")] == [
        False,
        True,
        False,
    ]
    assert check_in(make_env(engine), "FAM3-2").outcome == "already_checked_in"
    rest = check_in(make_env(engine), "FAM3")
    assert (rest.outcome, rest.admitted) == ("ok", 2)


@pytest.mark.parametrize(
    "scan",
    [
        "https://tours.example.com/r/ABC123",
        "tours.example.com/r/abc123",
        "https://tours.example.com/checkin?code=ABC123&lang=zh",
        "  ABC123\r\n",
        "ＡＢＣ１２３",
    ],
)
def test_url_and_messy_forms_find_the_booking(engine: Engine, scan: str) -> None:
    """Links carrying the code, scanner noise and full-width input all reach the booking."""
    setup(engine, Party("ABC123", 2))
    result = check_in(make_env(engine), scan)
    assert (result.outcome, result.code) == ("ok", "ABC123")


# --- signed tickets -------------------------------------------------------------------------


def test_signed_ticket_for_unsynced_booking_is_admitted_provisionally(
    engine: Engine, tmp_path: Path
) -> None:
    """A genuine ticket whose booking is not synced yet is admitted and flagged provisional."""
    setup(engine)
    private, public_path = write_key(tmp_path, "site")
    env = make_env(engine, public_keys=[str(public_path)], allow_provisional=True)
    text = ticket(private, "NEW777", size=3)

    preview = preview_scan(env, text)
    assert (preview.outcome, preview.provisional) == ("ok", True)
    with Session(engine) as db:
        assert (
            db.execute(select(Reservation).where(col(Reservation.code) == "NEW777")).first() is None
        )

    result = check_in(env, text)
    assert (result.outcome, result.provisional, result.admitted) == ("ok", True, 3)
    with Session(engine) as db:
        row = db.execute(select(Reservation).where(col(Reservation.code) == "NEW777")).scalar_one()
        assert row.provisional is True
        assert (row.session_id, row.party_size) == ("S1", 3)
    assert len(visitors_of(engine, "NEW777")) == 3
    assert '"provisional": true' in last_event(engine).detail
    assert check_in(env, text).outcome == "already_checked_in"


def test_provisional_admission_switched_off_answers_unknown(engine: Engine, tmp_path: Path) -> None:
    """With provisional admission off, a genuine ticket for an unsynced booking is unknown."""
    setup(engine)
    private, public_path = write_key(tmp_path, "site")
    env = make_env(engine, public_keys=[str(public_path)], allow_provisional=False)
    assert check_in(env, ticket(private, "NEW777")).outcome == "unknown"
    with Session(engine) as db:
        assert db.execute(select(Reservation)).first() is None


def test_key_rotation_accepts_tickets_of_either_trusted_key(engine: Engine, tmp_path: Path) -> None:
    """With the old and the new public key configured, tickets signed by either one are good."""
    setup(engine, Party("OLD001", 2), Party("NEW001", 2))
    old, old_path = write_key(tmp_path, "old")
    new, new_path = write_key(tmp_path, "new")
    env = make_env(engine, public_keys=[str(old_path), str(new_path)])
    assert check_in(env, ticket(old, "OLD001")).outcome == "ok"
    assert check_in(env, ticket(new, "NEW001")).outcome == "ok"


def test_signed_ticket_in_a_url(engine: Engine, tmp_path: Path) -> None:
    """A ticket carried in a link (?t=KT1.…) is verified like a bare one."""
    setup(engine, Party("ABC123", 2))
    private, public_path = write_key(tmp_path, "site")
    env = make_env(engine, public_keys=[str(public_path)])
    result = check_in(env, f"https://tours.example.com/c?t={ticket(private, 'ABC123')}")
    assert (result.outcome, result.code) == ("ok", "ABC123")


# --- staff actions --------------------------------------------------------------------------


def test_staff_override_with_reason_is_logged_with_operator(engine: Engine) -> None:
    """Staff may admit a too-early party with a reason; reason and operator go into the log."""
    setup(engine, Party("ABC123", 2))
    env = make_env(engine, at(8, 0)).as_operator("张经理")
    result = check_in(env, "ABC123", override_reason="Coach arrived early")
    assert (result.outcome, result.overridden, result.admitted) == ("ok", True, 2)
    assert "Staff override" in result.message_en
    event = last_event(engine)
    assert (event.action, event.operator, event.outcome) == ("override", "张经理", "ok")
    assert "Coach arrived early" in event.detail


@pytest.mark.parametrize("reason", ["", "   "])
def test_staff_override_without_reason_is_refused(engine: Engine, reason: str) -> None:
    """An override with an empty reason raises InputError and writes nothing at all."""
    setup(engine, Party("ABC123", 2))
    before = scan_events(engine)
    with pytest.raises(InputError, match="reason"):
        check_in(make_env(engine, at(8, 0)), "ABC123", override_reason=reason)
    assert scan_events(engine) == before
    assert all(v.checked_in_at is None for v in visitors_of(engine, "ABC123"))


def test_override_never_admits_twice(engine: Engine) -> None:
    """Even staff cannot check the same people in twice: already_checked_in is not overridable."""
    setup(engine, Party("ABC123", 2))
    check_in(make_env(engine), "ABC123")
    again = check_in(make_env(engine), "ABC123", override_reason="insists")
    assert again.outcome == "already_checked_in"


# --- the scan log ---------------------------------------------------------------------------


def test_every_scan_appends_exactly_one_event_and_never_rewrites_one(engine: Engine) -> None:
    """Refused or not, each scan and staff action adds one row; earlier rows stay untouched."""
    setup(engine, Party("ABC123", 3), Party("CANC01", 1, status="cancelled"))
    early, ok = make_env(engine, at(8, 0)), make_env(engine)
    actions: list[Callable[[], CheckInResult]] = [
        lambda: check_in(ok, "NOSUCH"),
        lambda: check_in(ok, ""),
        lambda: check_in(ok, "this is not a code!"),
        lambda: check_in(early, "ABC123"),
        lambda: check_in(ok, "CANC01"),
        lambda: check_in(ok, "ABC123", count=1),
        lambda: check_in(ok, "ABC123"),
        lambda: check_in(ok, "ABC123"),
        lambda: check_out(ok, "ABC123-1"),
        lambda: undo_check_in(ok, "ABC123", reason="wrong party"),
        lambda: check_in(ok, "ABC123"),
    ]
    expected = [
        "unknown",
        "unknown",
        "unknown",
        "too_early",
        "cancelled",
        "partial",
        "ok",
        "already_checked_in",
        "checked_out",
        "undone",
        "ok",
    ]
    for action, outcome in zip(actions, expected, strict=True):
        before = scan_events(engine)
        result = action()
        after = scan_events(engine)
        assert result.outcome == outcome
        assert after[: len(before)] == before
        assert len(after) == len(before) + 1
        assert after[-1][9] == outcome
        assert result.event_id == after[-1][0]


def test_scan_events_never_store_the_raw_input(engine: Engine, tmp_path: Path) -> None:
    """Tickets, links and badge codes (bearer secrets) appear in the log only as digest and hint."""
    setup(engine, Party("ABC123", 2), Party("SECRETCODE99", 2))
    private, public_path = write_key(tmp_path, "site")
    env = make_env(engine, public_keys=[str(public_path)])
    secrets = [
        ticket(private, "ABC123"),
        "https://tours.example.com/r/SECRETCODE99?secret=x",
        "SECRETCODE99-2",
        "UNKNOWNSECRET42",
    ]
    for raw in secrets:
        check_in(env, raw)
    events = scan_events(engine)
    assert len(events) == len(secrets)
    for raw, event in zip(secrets, events, strict=True):
        text = " ".join(str(value) for value in event)
        assert raw not in text
        assert raw.upper() not in text.upper()
        digest, hint = event[5], event[6]
        assert len(digest) == 16 and digest != raw
        assert len(hint) < len(raw) // 2 + 2


# --- check-out, undo ------------------------------------------------------------------------


def test_check_out_lowers_the_on_site_count(engine: Engine) -> None:
    """Leaving visitors drop out of the evacuation count but stay counted as checked in."""
    setup(engine, Party("FAM3", 3))
    env = make_env(engine)

    def on_site() -> tuple[int, int, int]:
        (session,) = headcount(engine, now=IN_WINDOW, zone=SHANGHAI).sessions
        return session.checked_in, session.on_site, session.checked_out

    assert check_out(env, "FAM3").outcome == "not_checked_in"
    check_in(env, "FAM3")
    assert on_site() == (3, 3, 0)
    one = check_out(env, "FAM3-1")
    assert (one.outcome, [v.seq for v in one.visitors]) == ("checked_out", [1])
    assert on_site() == (3, 2, 1)
    assert check_out(env, "FAM3").outcome == "checked_out"
    assert on_site() == (3, 0, 3)
    assert check_out(env, "FAM3").outcome == "not_checked_in"


def test_undo_then_check_in_again(engine: Engine) -> None:
    """After staff undo a check-in, the same code checks in again normally."""
    setup(engine, Party("ABC123", 2))
    env = make_env(engine)
    check_in(env, "ABC123")
    undone = undo_check_in(env, "ABC123", reason="scanned the wrong code")
    assert (undone.outcome, undone.checked_in) == ("undone", 0)
    assert all(
        v.checked_in_at is None and v.group_id is None for v in visitors_of(engine, "ABC123")
    )
    assert '"reason": "scanned the wrong code"' in last_event(engine).detail
    again = check_in(env, "ABC123")
    assert (again.outcome, again.admitted) == ("ok", 2)
    assert all(v.group == "A" for v in again.visitors)


def test_undo_needs_a_reason(engine: Engine) -> None:
    """Undoing without a reason is refused before anything changes."""
    setup(engine, Party("ABC123", 2))
    check_in(make_env(engine), "ABC123")
    with pytest.raises(InputError):
        undo_check_in(make_env(engine), "ABC123", reason=" ")
    assert all(v.checked_in_at is not None for v in visitors_of(engine, "ABC123"))


def test_preview_writes_nothing(engine: Engine) -> None:
    """Previewing a scan shows the would-be decision without admitting or logging anyone."""
    setup(engine, Party("FAM4", 4))
    before = scan_events(engine)
    preview = preview_scan(make_env(engine), "FAM4")
    assert (preview.outcome, preview.party_size, preview.remaining) == ("ok", 4, 4)
    assert scan_events(engine) == before
    assert all(v.checked_in_at is None for v in visitors_of(engine, "FAM4"))


# --- group assignment -----------------------------------------------------------------------


def test_party_stays_together(engine: Engine) -> None:
    """A party of 6 goes into one group, not spread over several."""
    setup(engine, Party("SIX", 6))
    result = check_in(make_env(engine), "SIX")
    assert len({v.group for v in result.visitors}) == 1


def test_english_party_goes_to_the_english_speaking_guide(engine: Engine) -> None:
    """An English-speaking party joins B, whose guide speaks English, although A is empty."""
    setup(engine, Party("EN2", 2, language="en"))
    result = check_in(make_env(engine), "EN2")
    assert {v.group for v in result.visitors} == {"B"}
    assert {v.guide_languages for v in result.visitors} == {"zh,en"}


def test_groups_fill_in_departure_order(engine: Engine) -> None:
    """A fills up before anyone is sent to B."""
    setup(
        engine,
        Party("P10", 10),
        Party("P5", 5),
        Party("P1", 1),
        guide_languages=ALL_ZH,
    )
    env = make_env(engine)
    assert {v.group for v in check_in(env, "P10").visitors} == {"A"}
    assert {v.group for v in check_in(env, "P5").visitors} == {"A"}
    assert {v.group for v in check_in(env, "P1").visitors} == {"B"}


def test_pre_assigned_group_is_honoured(engine: Engine) -> None:
    """A booking pre-assigned to group C goes to C although A has room."""
    setup(engine, Party("PRE", 3, group="C"))
    assert {v.group for v in check_in(make_env(engine), "PRE").visitors} == {"C"}


def test_overflow_is_flagged_when_every_group_is_full(engine: Engine) -> None:
    """When all groups are full the party is still admitted, and the overflow is flagged."""
    setup(
        engine,
        Party("FULL1", 2),
        Party("FULL2", 2),
        Party("LATE", 1),
        groups=2,
        group_size=2,
        guide_languages=ALL_ZH,
    )
    env = make_env(engine)
    assert not check_in(env, "FULL1").overflow
    assert not check_in(env, "FULL2").overflow
    late = check_in(env, "LATE")
    assert (late.outcome, late.overflow) == ("ok", True)
    assert late.visitors[0].group in ("A", "B")
    assert '"overflow": true' in last_event(engine).detail


def test_late_member_joins_the_group_of_the_rest_of_the_party(engine: Engine) -> None:
    """The rest of a partly admitted party follows the first member, not the emptiest group."""
    setup(
        engine,
        Party("BUS15", 15),
        Party("PAIR3", 3),
        guide_languages=ALL_ZH,
    )
    env = make_env(engine)
    check_in(env, "BUS15")  # A is full
    first = check_in(env, "PAIR3", count=1)
    assert {v.group for v in first.visitors} == {"B"}
    undo_check_in(env, "BUS15", reason="wrong session")  # A is empty again
    rest = check_in(env, "PAIR3")
    assert {v.group for v in rest.visitors} == {"B"}
    assert group_letters_of(engine, "PAIR3") == ["B", "B", "B"]


def test_groups_never_exceed_capacity_while_another_has_room(engine: Engine) -> None:
    """Filling a session scan by scan never puts a group over its capacity before all are full."""
    parties = [Party(f"P{index:02d}", 1 + index % 3) for index in range(30)]  # 60 people
    setup(engine, *parties)
    env = make_env(engine)
    for party in parties:
        assert not check_in(env, party.code).overflow
    (session,) = headcount(engine, now=IN_WINDOW, zone=SHANGHAI).sessions
    assert [(g.count, g.capacity) for g in session.groups] == [(15, 15)] * 4


def test_results_come_back_in_plain_values(engine: Engine) -> None:
    """Results are detached plain values: usable after the session closed, JSON-ready."""
    setup(engine, Party("ABC123", 2))
    data = check_in(make_env(engine), "ABC123").to_json()
    assert data["outcome"] == "ok"
    assert datetime.fromisoformat(data["visitors"][0]["checked_in_at"]) == IN_WINDOW
    assert data["message"]["zh"] and data["message"]["en"]


def test_two_kiosks_admitting_the_same_unsynced_ticket_do_not_crash(
    pg_url: str, tmp_path: Path
) -> None:
    """If another kiosk creates the provisional booking first, this scan sees it: no crash."""
    engine = make_engine(pg_url)
    upgrade(engine)
    try:
        setup(engine)
        private, public_path = write_key(tmp_path, "site")
        env = make_env(engine, public_keys=[str(public_path)])
        text = ticket(private, "NEW777", size=2)
        outcome: list[object] = []
        with engine.connect() as other:  # the other kiosk, mid-transaction
            other.execute(
                insert(Reservation).values(
                    code="NEW777", session_id="S1", party_size=2, provisional=True
                )
            )
            new_id = other.execute(
                select(col(Reservation.id)).where(col(Reservation.code) == "NEW777")
            ).scalar_one()
            other.execute(
                insert(Visitor),
                [
                    {
                        "reservation_id": new_id,
                        "session_id": "S1",
                        "seq": seq,
                        "badge_code": f"NEW777-{seq}",
                        "checked_in_at": IN_WINDOW,
                        "kiosk_id": "K9",
                    }
                    for seq in (1, 2)
                ],
            )

            def scan() -> None:
                try:
                    outcome.append(check_in(env, text))
                except Exception as exc:
                    outcome.append(exc)

            worker = threading.Thread(target=scan)
            worker.start()
            _wait_until_blocked_on_a_lock(engine)
            other.commit()
        worker.join(timeout=30)
        (result,) = outcome
        assert isinstance(result, CheckInResult), result
        assert result.outcome == "already_checked_in"
        assert "K9" in result.message_en
        assert len(visitors_of(engine, "NEW777")) == 2
    finally:
        engine.dispose()


def _wait_until_blocked_on_a_lock(engine: Engine) -> None:
    """Poll pg_stat_activity until some backend waits for a lock (the racing insert)."""
    for _ in range(300):
        with engine.connect() as conn:
            waiting = conn.execute(
                text("select count(*) from pg_stat_activity where wait_event_type = 'Lock'")
            ).scalar_one()
        if waiting:
            return
        threading.Event().wait(0.05)
    raise AssertionError("the second kiosk never reached the row lock")


def test_empty_selection_is_an_input_error(engine: Engine) -> None:
    """Pressing "check in" with nobody ticked is a mistake, not "already checked in"."""
    setup(engine, Party("FAM4", 4))
    with pytest.raises(InputError, match="at least one visitor"):
        check_in(make_env(engine), "FAM4", visitor_ids=[])
    assert all(v.checked_in_at is None for v in visitors_of(engine, "FAM4"))


def test_staff_actions_log_the_visitors_they_touched(engine: Engine) -> None:
    """Check-out and undo record which visitors they changed, as check-ins do."""
    setup(engine, Party("FAM3", 3))
    env = make_env(engine)
    ids = [v.id for v in visitors_of(engine, "FAM3")]
    check_in(env, "FAM3", count=2)
    assert last_event(engine).visitor_ids == f"{ids[0]},{ids[1]}"
    check_out(env, "FAM3-2")
    assert last_event(engine).visitor_ids == str(ids[1])
    undo_check_in(env, "FAM3", reason="mistake")
    assert last_event(engine).visitor_ids == f"{ids[0]},{ids[1]}"
    check_out(env, "FAM3")  # nobody on site: nothing touched
    assert (last_event(engine).outcome, last_event(engine).visitor_ids) == ("not_checked_in", "")


def test_departure_order_continues_after_z_with_aa(engine: Engine) -> None:
    """With more than 26 groups, AA departs after Z, so it fills after B, not before."""
    add_session(engine, starts_at=STARTS, groups=0)
    with Session(engine) as db:
        for letter in ("AA", "B", "A"):
            db.add(TourGroup(session_id="S1", letter=letter, capacity=1))
        for index in range(3):
            add_party(db, "S1", Party(f"S{index}", 1))
        db.commit()
    env = make_env(engine)
    assert [check_in(env, f"S{i}").visitors[0].group for i in range(3)] == ["A", "B", "AA"]
