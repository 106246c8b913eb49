"""Admission rules: order, exact boundaries, time zones, party arithmetic, override, messages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.errors import ConfigError, InputError
from kiosk.core.rules import AdmissionWindow, Outcome, ReservationView, decide, provisional_view
from kiosk.core.tickets import TicketPayload

SITE = ZoneInfo("Asia/Shanghai")
UTC = UTC
START = datetime(2025, 2, 2, 9, 30, tzinfo=SITE)  # Sunday, 5th day of the Lunar New Year
BOOKING = ReservationView(
    code="ABCD2345",
    status="confirmed",
    starts_at=START,
    ends_at=START + timedelta(hours=2),
    party_size=4,
)


def at(hour: int, minute: int, second: int = 0, day: int = 2) -> datetime:
    """An instant on the site's clock in February 2025."""
    return datetime(2025, 2, day, hour, minute, second, tzinfo=SITE)


def test_unknown_comes_first() -> None:
    """No booking found is 'unknown', even with a bad signature and an override."""
    decision = decide(None, now=at(9, 0), zone=SITE, signature_valid=False, override=True)
    assert decision.outcome == Outcome.UNKNOWN and decision.admit_count == 0
    assert "could not find" in decision.message_en and "未找到" in decision.message_zh


def test_invalid_signature_beats_everything_but_unknown() -> None:
    """A forged ticket is refused even for a cancelled, wrong-day booking, and not overridable."""
    booking = replace(BOOKING, status="cancelled")
    decision = decide(booking, now=at(9, 0, day=3), zone=SITE, signature_valid=False, override=True)
    assert decision.outcome == Outcome.INVALID_SIGNATURE and not decision.admitted


def test_cancelled_comes_before_time_rules() -> None:
    """A cancelled booking scanned on the wrong day is 'cancelled' and names its day."""
    decision = decide(replace(BOOKING, status="Cancelled"), now=at(9, 0, day=3), zone=SITE)
    assert decision.outcome == Outcome.CANCELLED
    assert "cancelled" in decision.message_en and "已取消" in decision.message_zh


def test_refunded_counts_as_cancelled() -> None:
    """A refunded booking is refused as cancelled."""
    assert decide(replace(BOOKING, status="refunded"), now=at(9, 0), zone=SITE).outcome == (
        Outcome.CANCELLED
    )


def test_wrong_day_says_which_day() -> None:
    """A booking scanned the day before says its day and time in both languages."""
    decision = decide(BOOKING, now=at(9, 0, day=1), zone=SITE)
    assert decision.outcome == Outcome.WRONG_DAY
    assert decision.message_en == "This booking is for Sunday 2 February, 09:30."
    assert decision.message_zh == "此预约为 2月2日（星期日）09:30 场次。"
    assert decision.booked_at == START


def test_wrong_day_beats_too_late_on_a_later_day() -> None:
    """Coming back the next morning is 'wrong_day', not 'too_late'."""
    assert decide(BOOKING, now=at(9, 40, day=3), zone=SITE).outcome == Outcome.WRONG_DAY


@pytest.mark.parametrize(
    ("now", "outcome"),
    [
        (at(8, 44, 59), Outcome.TOO_EARLY),
        (at(8, 45, 0), Outcome.OK),
        (at(9, 30, 0), Outcome.OK),
        (at(9, 50, 0), Outcome.OK),
        (at(9, 50, 1), Outcome.TOO_LATE),
        (at(0, 0, 0), Outcome.TOO_EARLY),
        (at(23, 59, 59), Outcome.TOO_LATE),
    ],
)
def test_window_boundaries(now: datetime, outcome: Outcome) -> None:
    """Check-in opens at start − 45 min inclusive and closes after start + 20 min (inclusive)."""
    assert decide(BOOKING, now=now, zone=SITE).outcome == outcome


def test_too_early_says_when_it_opens() -> None:
    """The too-early message gives the opening time in the site's zone."""
    decision = decide(BOOKING, now=at(8, 0), zone=SITE)
    assert decision.window_opens_at == at(8, 45)
    assert decision.message_en == (
        "Check-in for the 09:30 tour opens at 08:45. Please come back then."
    )
    assert decision.message_zh == "09:30 场次将于 08:45 开始签到，请届时再来。"


def test_too_late_says_when_it_closed() -> None:
    """The too-late message gives the closing time."""
    decision = decide(BOOKING, now=at(10, 0), zone=SITE)
    assert decision.outcome == Outcome.TOO_LATE
    assert "closed at 09:50" in decision.message_en and "09:50 停止签到" in decision.message_zh


def test_custom_window() -> None:
    """Window settings move both boundaries."""
    window = AdmissionWindow(opens_before=timedelta(minutes=10), grace_after=timedelta(0))
    assert decide(BOOKING, now=at(9, 19), zone=SITE, window=window).outcome == Outcome.TOO_EARLY
    assert decide(BOOKING, now=at(9, 20), zone=SITE, window=window).outcome == Outcome.OK
    assert decide(BOOKING, now=at(9, 30, 1), zone=SITE, window=window).outcome == Outcome.TOO_LATE


def test_negative_window_is_a_config_error() -> None:
    """A negative window setting is refused with a clear message."""
    with pytest.raises(ConfigError):
        AdmissionWindow(opens_before=timedelta(minutes=-5))


def test_utc_instants_are_judged_on_the_site_clock() -> None:
    """'Now' and session times given in UTC are compared as instants and shown in site time."""
    booking = replace(BOOKING, starts_at=START.astimezone(UTC))
    now = datetime(2025, 2, 2, 0, 45, tzinfo=UTC)  # 08:45 in Shanghai: the window opens
    decision = decide(booking, now=now, zone=SITE)
    assert decision.outcome == Outcome.OK
    assert decision.booked_at is not None and decision.booked_at.hour == 9
    early = decide(booking, now=now - timedelta(seconds=1), zone=SITE)
    assert "opens at 08:45" in early.message_en


def test_days_are_site_days_not_utc_days() -> None:
    """At 07:00 in Shanghai it is still the previous day in UTC, yet it is the booked day."""
    now = datetime(2025, 2, 1, 23, 0, tzinfo=UTC)  # 2 Feb 07:00 in Shanghai
    decision = decide(BOOKING, now=now, zone=SITE)
    assert decision.outcome == Outcome.TOO_EARLY


def test_session_just_after_midnight() -> None:
    """A 00:15 session admits from 23:30 the evening before; earlier that evening is wrong_day."""
    booking = replace(BOOKING, starts_at=at(0, 15, day=3), ends_at=at(2, 0, day=3))
    assert decide(booking, now=at(23, 30, day=2), zone=SITE).outcome == Outcome.OK
    assert decide(booking, now=at(0, 35, day=3), zone=SITE).outcome == Outcome.OK
    assert decide(booking, now=at(0, 36, day=3), zone=SITE).outcome == Outcome.TOO_LATE
    wrong = decide(booking, now=at(23, 29, day=2), zone=SITE)
    assert wrong.outcome == Outcome.WRONG_DAY
    assert wrong.message_en == "This booking is for Monday 3 February, 00:15."


def test_session_just_before_midnight() -> None:
    """A 23:50 session is still open at 00:05 the next day (inside the grace period)."""
    booking = replace(BOOKING, starts_at=at(23, 50, day=2))
    assert decide(booking, now=at(0, 5, day=3), zone=SITE).outcome == Outcome.OK
    assert decide(booking, now=at(0, 11, day=3), zone=SITE).outcome == Outcome.WRONG_DAY


def test_whole_party_is_ok() -> None:
    """With no count requested, everyone is admitted and the outcome is ok."""
    decision = decide(BOOKING, now=at(9, 0), zone=SITE)
    assert (decision.outcome, decision.admit_count, decision.remaining_after) == (Outcome.OK, 4, 0)
    assert decision.message_en == "Welcome! 4 guests checked in."
    assert decision.message_zh == "欢迎！已为 4 位访客签到。"


def test_partial_then_rest_then_already_checked_in() -> None:
    """2 of 4 is partial, the remaining 2 is ok, and a further scan is already_checked_in."""
    first = decide(BOOKING, now=at(9, 0), zone=SITE, requested=2)
    assert (first.outcome, first.admit_count, first.remaining_after) == (Outcome.PARTIAL, 2, 2)
    assert "2 can check in later" in first.message_en and "其余 2 位" in first.message_zh

    after_first = replace(
        BOOKING, checked_in_count=2, last_check_in_at=at(9, 0), last_check_in_kiosk="GATE-1"
    )
    second = decide(after_first, now=at(9, 5), zone=SITE)
    assert (second.outcome, second.admit_count) == (Outcome.OK, 2)
    assert "all 4 are now in" in second.message_en

    done = replace(after_first, checked_in_count=4, last_check_in_at=at(9, 12))
    third = decide(done, now=at(9, 20), zone=SITE)
    assert (third.outcome, third.admit_count) == (Outcome.ALREADY_CHECKED_IN, 0)
    assert third.message_en == "Already checked in at 09:12 at kiosk GATE-1."
    assert third.message_zh == "已于 09:12 在签到机 GATE-1 完成签到。"


def test_requesting_more_than_remaining_admits_only_the_remaining() -> None:
    """Asking for 3 when 1 is left admits 1 and counts as ok."""
    booking = replace(BOOKING, checked_in_count=3)
    decision = decide(booking, now=at(9, 0), zone=SITE, requested=3)
    assert (decision.outcome, decision.admit_count) == (Outcome.OK, 1)


def test_requesting_exactly_remaining_is_ok() -> None:
    """Requesting exactly the people left is ok, not partial."""
    decision = decide(BOOKING, now=at(9, 0), zone=SITE, requested=4)
    assert decision.outcome == Outcome.OK


@pytest.mark.parametrize("requested", [0, -1])
def test_requesting_nobody_is_an_input_error(requested: int) -> None:
    """A count below 1 is refused with a clear message."""
    with pytest.raises(InputError):
        decide(BOOKING, now=at(9, 0), zone=SITE, requested=requested)


def test_already_checked_in_beats_ok_but_not_time_rules() -> None:
    """A fully checked-in party scanned the next day is wrong_day (order), in window already_."""
    done = replace(BOOKING, checked_in_count=4, last_check_in_at=at(9, 12))
    assert decide(done, now=at(9, 0, day=3), zone=SITE).outcome == Outcome.WRONG_DAY
    decision = decide(done, now=at(9, 15), zone=SITE)
    assert decision.outcome == Outcome.ALREADY_CHECKED_IN
    assert decision.message_en == "Already checked in at 09:12."


def test_already_checked_in_on_another_day_names_the_day() -> None:
    """If the earlier check-in was on another day, the message includes that day."""
    done = replace(BOOKING, checked_in_count=4, last_check_in_at=at(9, 12, day=1))
    decision = decide(done, now=at(9, 15), zone=SITE)
    assert "09:12 on Saturday 1 February" in decision.message_en


@pytest.mark.parametrize(
    ("booking", "now", "skipped"),
    [
        (replace(BOOKING, status="cancelled"), at(9, 0), Outcome.CANCELLED),
        (BOOKING, at(9, 0, day=3), Outcome.WRONG_DAY),
        (BOOKING, at(8, 0), Outcome.TOO_EARLY),
        (BOOKING, at(11, 0), Outcome.TOO_LATE),
    ],
)
def test_override_admits_and_records_what_it_skipped(
    booking: ReservationView, now: datetime, skipped: Outcome
) -> None:
    """Staff override admits past cancelled/day/time refusals and records the skipped refusal."""
    decision = decide(booking, now=now, zone=SITE, override=True)
    assert decision.outcome == Outcome.OK and decision.admit_count == 4
    assert decision.overridden == skipped
    assert "Staff override" in decision.message_en and "工作人员放行" in decision.message_zh


def test_override_does_not_readmit_a_full_party() -> None:
    """Override cannot admit a party that is already fully checked in."""
    done = replace(BOOKING, checked_in_count=4)
    decision = decide(done, now=at(8, 0), zone=SITE, override=True)
    assert decision.outcome == Outcome.ALREADY_CHECKED_IN and decision.admit_count == 0


def test_override_without_a_refusal_records_nothing() -> None:
    """An override on an admissible booking changes nothing and is not recorded."""
    decision = decide(BOOKING, now=at(9, 0), zone=SITE, override=True)
    assert decision.outcome == Outcome.OK and decision.overridden is None
    assert "override" not in decision.message_en


def test_outcome_codes_are_stable_strings() -> None:
    """Outcome values are the documented strings, in the documented order."""
    assert [o.value for o in Outcome] == [
        "unknown",
        "invalid_signature",
        "cancelled",
        "payment_pending",
        "wrong_day",
        "too_early",
        "too_late",
        "already_checked_in",
        "ok",
        "partial",
    ]


def test_naive_now_is_rejected() -> None:
    """A naive 'now' is a programming error, not silently misread."""
    with pytest.raises(ValueError):
        decide(BOOKING, now=datetime(2025, 2, 2, 9, 0), zone=SITE)


def test_provisional_view_from_a_ticket_is_decided_like_a_booking() -> None:
    """A verified ticket for an unsynced booking admits its party size within the window."""
    payload = TicketPayload("abcd2345", "17", 3, START - timedelta(hours=2), START)
    view = provisional_view(payload, starts_at=START, ends_at=START + timedelta(hours=2))
    assert view.code == "ABCD2345" and view.remaining == 3
    decision = decide(view, now=at(9, 0), zone=SITE)
    assert (decision.outcome, decision.admit_count) == (Outcome.OK, 3)
    assert decide(view, now=at(8, 0), zone=SITE).outcome == Outcome.TOO_EARLY
