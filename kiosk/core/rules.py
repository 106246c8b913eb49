"""The admission decision: may this booking come in now, and how many of the party?

:func:`decide` is a pure function of plain values, so the service, the CLI, the benchmarks and
the tests all get the same answer for the same inputs. Rules apply in this order (the first
that matches wins; DESIGN.md "Check-in rules"):

1. ``unknown``: no booking was found.
2. ``invalid_signature``: the scan was a signed ticket that failed verification.
3. ``cancelled``: the booking is cancelled (or refunded).
3b. ``payment_pending``: the booking is imported but not admissible yet (unpaid, awaiting the
   organiser's approval); the visitor is asked to see staff.
4. ``wrong_day``: the scan is outside the admission window *and* the session's local date
   differs from today's local date (site zone). A scan inside the window is never
   ``wrong_day``, so a visitor at 23:50 for a 00:15 session is admitted.
5. ``too_early``: ``now < starts_at - opens_before`` (the opening instant itself is allowed).
6. ``too_late``: ``now > starts_at + grace_after`` (the closing instant itself is allowed).
7. ``already_checked_in``: nobody of the party is left to admit.
8. ``ok`` (this scan admits everyone still outstanding) or ``partial`` (fewer; the rest may
   come later).

A staff override skips rules 3–6 (3b included; never 1, 2 or 7) and the decision records which
refusal it overrode.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING

from kiosk.core import messages
from kiosk.core.errors import ConfigError, InputError
from kiosk.core.messages import Message

if TYPE_CHECKING:
    from kiosk.core.tickets import TicketPayload


class Outcome(StrEnum):
    """Stable codes of the admission decision, in rule order (scan log, CLI JSON)."""

    UNKNOWN = "unknown"
    INVALID_SIGNATURE = "invalid_signature"
    CANCELLED = "cancelled"
    PAYMENT_PENDING = "payment_pending"
    WRONG_DAY = "wrong_day"
    TOO_EARLY = "too_early"
    TOO_LATE = "too_late"
    ALREADY_CHECKED_IN = "already_checked_in"
    OK = "ok"
    PARTIAL = "partial"

    @property
    def admits(self) -> bool:
        """True for the outcomes that let people in (``ok`` and ``partial``)."""
        return self in (Outcome.OK, Outcome.PARTIAL)

    @classmethod
    def admits_text(cls, text: str) -> bool:
        """:attr:`admits` for an outcome read back as text (the scan log stores the value)."""
        member = cls._value2member_map_.get(text)
        return isinstance(member, cls) and member.admits


class ActionOutcome(StrEnum):
    """Stable codes of what a staff action on a party did, or that nothing could be decided."""

    CHECKED_OUT = "checked_out"
    NOT_CHECKED_IN = "not_checked_in"
    UNDONE = "undone"
    ERROR = "error"
    """The kiosk could not decide (a database or program fault): nothing was written."""

    @property
    def admits(self) -> bool:
        """Never: these outcomes let nobody in."""
        return False


OVERRIDABLE = frozenset(
    {
        Outcome.CANCELLED,
        Outcome.PAYMENT_PENDING,
        Outcome.WRONG_DAY,
        Outcome.TOO_EARLY,
        Outcome.TOO_LATE,
    }
)
"""Refusals that staff may override."""

CANCELLED_STATUSES = frozenset({"cancelled", "canceled", "refunded"})
"""Reservation statuses (lower case) that count as cancelled."""

PENDING_STATUSES = frozenset({"pending"})
"""Reservation statuses (lower case) of bookings not admissible yet (unpaid, unapproved)."""


@dataclass(frozen=True, slots=True)
class AdmissionWindow:
    """When a session's visitors may check in, relative to its start.

    Attributes:
        opens_before: check-in opens this long before the start (inclusive).
        grace_after: check-in stays open this long after the start (inclusive).
    """

    opens_before: timedelta = timedelta(minutes=45)
    grace_after: timedelta = timedelta(minutes=20)

    def __post_init__(self) -> None:
        if self.opens_before < timedelta(0) or self.grace_after < timedelta(0):
            raise ConfigError(
                "The check-in window settings must not be negative.",
                "签到时间窗口设置不能为负数。",
            )

    def opens_at(self, starts_at: datetime) -> datetime:
        """First instant at which check-in is allowed."""
        return starts_at - self.opens_before

    def closes_at(self, starts_at: datetime) -> datetime:
        """Last instant at which check-in is allowed."""
        return starts_at + self.grace_after


@dataclass(frozen=True, slots=True)
class ReservationView:
    """What the rules need to know about one booking and its session.

    Attributes:
        code: the reservation code (for messages and logs).
        status: ``"confirmed"``, ``"pending"``, ``"cancelled"`` … (see
            :data:`CANCELLED_STATUSES`, :data:`PENDING_STATUSES`).
        starts_at: session start, timezone-aware.
        ends_at: session end, timezone-aware (carried for the caller; no rule uses it).
        party_size: people booked.
        checked_in_count: people of the party already checked in.
        last_check_in_at: when the latest of them checked in (aware), if any.
        last_check_in_kiosk: at which kiosk, if known.
    """

    code: str
    status: str
    starts_at: datetime
    ends_at: datetime
    party_size: int
    checked_in_count: int = 0
    last_check_in_at: datetime | None = None
    last_check_in_kiosk: str | None = None

    @property
    def remaining(self) -> int:
        """People of the party not yet checked in."""
        return max(self.party_size - self.checked_in_count, 0)


def provisional_view(
    payload: TicketPayload, *, starts_at: datetime, ends_at: datetime
) -> ReservationView:
    """A booking view built from a verified signed ticket whose booking is not synced yet.

    The ticket vouches for the code, session and party size; nobody can have checked in (the
    booking is not in the database), so the count is 0. Use it only when the site allows
    provisional admission, and flag the check-in for the supervisor.
    """
    return ReservationView(
        code=payload.code.upper(),
        status="confirmed",
        starts_at=starts_at,
        ends_at=ends_at,
        party_size=payload.party_size,
    )


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer for one scan, with everything the screen needs to explain it.

    Datetimes are in the site's zone. ``overridden`` names the refusal that a staff override
    skipped (None when nothing was overridden).
    """

    outcome: Outcome
    admit_count: int
    message_en: str
    message_zh: str
    code: str | None = None
    party_size: int = 0
    checked_in_before: int = 0
    booked_at: datetime | None = None
    window_opens_at: datetime | None = None
    window_closes_at: datetime | None = None
    last_check_in_at: datetime | None = None
    last_check_in_kiosk: str | None = None
    overridden: Outcome | None = None

    @property
    def admitted(self) -> bool:
        """True when this scan lets people in."""
        return self.outcome.admits

    @property
    def remaining_after(self) -> int:
        """People of the party still outside after this scan."""
        return max(self.party_size - self.checked_in_before - self.admit_count, 0)

    @property
    def message(self) -> Message:
        """Both sentences as one :class:`~kiosk.core.messages.Message`."""
        return Message(self.message_en, self.message_zh)


def decide(
    reservation: ReservationView | None,
    *,
    now: datetime,
    zone: tzinfo,
    window: AdmissionWindow | None = None,
    requested: int | None = None,
    signature_valid: bool = True,
    override: bool = False,
) -> Decision:
    """Decide whether (and how many of) a booking's party may check in now.

    Args:
        reservation: the booking found for the scan, or None if none was found.
        now: the current instant (aware), from the Clock.
        zone: the site's time zone; days and times in messages are shown in it.
        window: the admission window; the default is 45 minutes before to 20 minutes after.
        requested: how many people to admit; None means everyone still outstanding. More than
            are outstanding is capped at that number.
        signature_valid: False when the scan was a signed ticket that failed verification (pass
            the booking its claimed code names, if any, so that ``unknown`` still comes first).
        override: staff forced admission; skips cancelled/payment_pending/wrong_day/too_early/
            too_late.

    Returns:
        The :class:`Decision`; it never raises for any booking state.

    Raises:
        InputError: ``requested`` is less than 1.
        ValueError: ``now`` is naive (a programming error).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if requested is not None and requested < 1:
        raise InputError(
            "The number of guests to check in must be at least 1.",
            "签到人数至少为 1。",
        )
    window = window or AdmissionWindow()
    if reservation is None:
        return _refusal(Outcome.UNKNOWN, messages.unknown_code())
    if not signature_valid:
        return _refusal(Outcome.INVALID_SIGNATURE, messages.invalid_signature(), reservation)

    local_now = now.astimezone(zone)
    booked_at = reservation.starts_at.astimezone(zone)
    opens_at = window.opens_at(reservation.starts_at).astimezone(zone)
    closes_at = window.closes_at(reservation.starts_at).astimezone(zone)
    last_at = (
        reservation.last_check_in_at.astimezone(zone)
        if reservation.last_check_in_at is not None
        else None
    )

    def finish(
        outcome: Outcome, admit: int, message: Message, overridden: Outcome | None = None
    ) -> Decision:
        return Decision(
            outcome,
            admit,
            message.en,
            message.zh,
            code=reservation.code,
            party_size=reservation.party_size,
            checked_in_before=reservation.checked_in_count,
            booked_at=booked_at,
            window_opens_at=opens_at,
            window_closes_at=closes_at,
            last_check_in_at=last_at,
            last_check_in_kiosk=reservation.last_check_in_kiosk,
            overridden=overridden,
        )

    refusal = _time_or_status_refusal(reservation, local_now, booked_at, opens_at, closes_at)
    if refusal is not None and not override:
        return finish(refusal[0], 0, refusal[1])

    if reservation.remaining == 0:
        message = messages.already_checked_in(last_at, reservation.last_check_in_kiosk, local_now)
        return finish(Outcome.ALREADY_CHECKED_IN, 0, message)

    admit = reservation.remaining if requested is None else min(requested, reservation.remaining)
    outcome = Outcome.OK if admit == reservation.remaining else Outcome.PARTIAL
    message = messages.admitted(admit, reservation.party_size, reservation.checked_in_count)
    overridden = refusal[0] if refusal is not None else None
    if overridden is not None:
        message = message + messages.staff_override()
    return finish(outcome, admit, message, overridden)


def _time_or_status_refusal(
    reservation: ReservationView,
    now: datetime,
    booked_at: datetime,
    opens_at: datetime,
    closes_at: datetime,
) -> tuple[Outcome, Message] | None:
    """The first overridable refusal that applies (rules 3–6), or None."""
    status = reservation.status.strip().lower()
    if status in CANCELLED_STATUSES:
        return Outcome.CANCELLED, messages.cancelled(booked_at)
    if status in PENDING_STATUSES:
        return Outcome.PAYMENT_PENDING, messages.payment_pending()
    in_window = opens_at <= now <= closes_at
    if not in_window and booked_at.date() != now.date():
        return Outcome.WRONG_DAY, messages.wrong_day(booked_at)
    if now < opens_at:
        return Outcome.TOO_EARLY, messages.too_early(booked_at, opens_at)
    if now > closes_at:
        return Outcome.TOO_LATE, messages.too_late(booked_at, closes_at)
    return None


def _refusal(
    outcome: Outcome, message: Message, reservation: ReservationView | None = None
) -> Decision:
    if reservation is None:
        return Decision(outcome, 0, message.en, message.zh)
    return Decision(
        outcome,
        0,
        message.en,
        message.zh,
        code=reservation.code,
        party_size=reservation.party_size,
        checked_in_before=reservation.checked_in_count,
    )
