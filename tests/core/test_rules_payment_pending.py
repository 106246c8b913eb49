"""The payment_pending refusal: after cancelled, before the time rules, overridable by staff."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.core.rules import OVERRIDABLE, Outcome, ReservationView, decide

SITE = ZoneInfo("Asia/Shanghai")
START = datetime(2025, 2, 2, 9, 30, tzinfo=SITE)
PENDING = ReservationView(
    code="PEND1",
    status="pending",
    starts_at=START,
    ends_at=START + timedelta(hours=2),
    party_size=2,
)


def test_pending_booking_in_its_window_is_refused_with_payment_pending() -> None:
    """An unpaid booking scanned on time says "payment pending" in both languages."""
    decision = decide(PENDING, now=datetime(2025, 2, 2, 9, 0, tzinfo=SITE), zone=SITE)
    assert decision.outcome == Outcome.PAYMENT_PENDING == "payment_pending"
    assert decision.admit_count == 0 and not decision.admitted
    assert decision.message_en == "Payment pending — please ask staff."
    assert decision.message_zh == "尚未完成付款，请联系工作人员。"


def test_payment_pending_comes_after_cancelled_and_before_wrong_day() -> None:
    """A pending booking on the wrong day still says payment pending; cancelled wins over it."""
    wrong_day = datetime(2025, 2, 5, 9, 0, tzinfo=SITE)
    assert decide(PENDING, now=wrong_day, zone=SITE).outcome == Outcome.PAYMENT_PENDING
    cancelled = replace(PENDING, status="cancelled")
    assert decide(cancelled, now=wrong_day, zone=SITE).outcome == Outcome.CANCELLED


def test_staff_override_admits_a_pending_booking_and_records_it() -> None:
    """Staff who took the payment at the desk override the refusal; the decision says so."""
    assert Outcome.PAYMENT_PENDING in OVERRIDABLE
    decision = decide(
        PENDING, now=datetime(2025, 2, 2, 9, 0, tzinfo=SITE), zone=SITE, override=True
    )
    assert (decision.outcome, decision.admit_count) == (Outcome.OK, 2)
    assert decision.overridden == Outcome.PAYMENT_PENDING
