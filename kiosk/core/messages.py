"""Every sentence the check-in engine shows a person, in English and Simplified Chinese.

One place, so the UI, the CLI and the tests say exactly the same thing. Functions take
datetimes that are *already in the site's time zone* (``rules.decide`` converts them) and
never look at the clock themselves. Dates are written by hand, not with ``strftime``/locale,
so that output does not depend on the machine's locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ASK_STAFF_EN = "Please ask a member of staff."
_ASK_STAFF_ZH = "请联系工作人员。"


@dataclass(frozen=True, slots=True)
class Message:
    """One sentence (or two) for a person, in both languages."""

    en: str
    zh: str

    def in_language(self, language: str) -> str:
        """The text for a UI language code (``"zh"``, ``"zh-CN"`` …); English otherwise."""
        return self.zh if language.lower().startswith("zh") else self.en

    def __add__(self, other: Message) -> Message:
        return Message(f"{self.en} {other.en}".strip(), f"{self.zh}{other.zh}")


def hhmm(moment: datetime) -> str:
    """``09:30``: 24-hour clock time, as both languages write it on a sign."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def day_en(moment: datetime) -> str:
    """``Sunday 2 February``."""
    return f"{_WEEKDAYS_EN[moment.weekday()]} {moment.day} {_MONTHS_EN[moment.month - 1]}"


def day_zh(moment: datetime) -> str:
    """``2月2日（星期日）``."""
    return f"{moment.month}月{moment.day}日（{_WEEKDAYS_ZH[moment.weekday()]}）"


def _guests_en(count: int) -> str:
    return f"{count} guest" if count == 1 else f"{count} guests"


# --- scan input -------------------------------------------------------------------------------


def empty_scan() -> Message:
    """The scan held nothing usable (only noise); usually shown quietly or not at all."""
    return Message("Nothing was read. Please scan again.", "未读取到内容，请重新扫描。")


def invalid_scan() -> Message:
    """The scan is not a booking code, a link with one, or a ticket."""
    return Message(
        "This is not a booking code or ticket we recognise. Please scan the code from your "
        "booking confirmation.",
        "无法识别此二维码或预约码，请扫描预约确认中的二维码。",
    )


def ticket_expired() -> Message:
    """A genuine signed ticket whose validity ended."""
    return Message(f"This ticket has expired. {_ASK_STAFF_EN}", f"此电子票已过期，{_ASK_STAFF_ZH}")


def ticket_not_yet_valid() -> Message:
    """A genuine signed ticket whose validity has not begun."""
    return Message(
        f"This ticket is not valid yet. {_ASK_STAFF_EN}", f"此电子票尚未生效，{_ASK_STAFF_ZH}"
    )


# --- admission outcomes (rules.Outcome) -------------------------------------------------------


def unknown_code() -> Message:
    """``unknown``: no booking with this code."""
    return Message(
        "We could not find this booking. Please check the code or ask a member of staff.",
        "未找到此预约，请核对预约码或联系工作人员。",
    )


def invalid_signature() -> Message:
    """``invalid_signature``: a ticket that is not authentic."""
    return Message(
        f"This ticket could not be verified. {_ASK_STAFF_EN}", f"此电子票无法验证，{_ASK_STAFF_ZH}"
    )


def cancelled(booked_at: datetime) -> Message:
    """``cancelled``: the booking was cancelled (or refunded) on the platform."""
    return Message(
        f"This booking for {day_en(booked_at)}, {hhmm(booked_at)} was cancelled. {_ASK_STAFF_EN}",
        f"此 {day_zh(booked_at)}{hhmm(booked_at)} 场次的预约已取消，{_ASK_STAFF_ZH}",
    )


def payment_pending() -> Message:
    """``payment_pending``: booked but not paid (or not approved) yet; staff can settle it."""
    return Message("Payment pending — please ask staff.", "尚未完成付款，请联系工作人员。")


def wrong_day(booked_at: datetime) -> Message:
    """``wrong_day``: say which day and time the booking is for."""
    return Message(
        f"This booking is for {day_en(booked_at)}, {hhmm(booked_at)}.",
        f"此预约为 {day_zh(booked_at)}{hhmm(booked_at)} 场次。",
    )


def too_early(booked_at: datetime, opens_at: datetime) -> Message:
    """``too_early``: say when check-in opens."""
    return Message(
        f"Check-in for the {hhmm(booked_at)} tour opens at {hhmm(opens_at)}. "
        "Please come back then.",
        f"{hhmm(booked_at)} 场次将于 {hhmm(opens_at)} 开始签到，请届时再来。",
    )


def too_late(booked_at: datetime, closed_at: datetime) -> Message:
    """``too_late``: the grace period after the start has passed."""
    return Message(
        f"Check-in for the {hhmm(booked_at)} tour closed at {hhmm(closed_at)}. {_ASK_STAFF_EN}",
        f"{hhmm(booked_at)} 场次已于 {hhmm(closed_at)} 停止签到，{_ASK_STAFF_ZH}",
    )


def already_checked_in(
    at: datetime | None, kiosk: str | None, now: datetime | None = None
) -> Message:
    """``already_checked_in``: say when and where; the day too if it was not ``now``'s day."""
    if at is None:
        return Message(
            "Everyone in this booking has already checked in.", "此预约的所有人员均已签到。"
        )
    if now is not None and at.date() != now.date():
        when_en, when_zh = f"{hhmm(at)} on {day_en(at)}", f"{day_zh(at)}{hhmm(at)}"
    else:
        when_en, when_zh = hhmm(at), hhmm(at)
    if kiosk:
        return Message(
            f"Already checked in at {when_en} at kiosk {kiosk}.",
            f"已于 {when_zh} 在签到机 {kiosk} 完成签到。",
        )
    return Message(f"Already checked in at {when_en}.", f"已于 {when_zh} 完成签到。")


def admitted(count: int, party_size: int, checked_in_before: int) -> Message:
    """``ok`` or ``partial``: how many came in now, and how many may still come.

    Args:
        count: people admitted by this scan.
        party_size: people booked.
        checked_in_before: people of the party admitted by earlier scans.
    """
    total = checked_in_before + count
    remaining = max(party_size - total, 0)
    if remaining == 0 and checked_in_before == 0:
        return Message(
            f"Welcome! {_guests_en(count)} checked in.", f"欢迎！已为 {count} 位访客签到。"
        )
    if remaining == 0:
        return Message(
            f"Welcome! {_guests_en(count)} checked in; all {party_size} are now in.",
            f"欢迎！已为 {count} 位访客签到，{party_size} 位已全部签到。",
        )
    return Message(
        f"Welcome! {_guests_en(count)} checked in ({total} of {party_size}); "
        f"{remaining} can check in later.",
        f"欢迎！已为 {count} 位访客签到（已到 {total}/{party_size} 位），"
        f"其余 {remaining} 位可稍后签到。",
    )


def staff_override() -> Message:
    """Appended to an admission that staff forced past a refusal."""
    return Message("(Staff override.)", "（工作人员放行）")


# --- staff PIN ----------------------------------------------------------------------------------


def pin_wrong(attempts_left: int) -> Message:
    """A wrong staff PIN, with the attempts left before the lock."""
    return Message(
        f"Wrong PIN. {attempts_left} attempt{'s' if attempts_left != 1 else ''} left.",
        f"PIN 错误，还可尝试 {attempts_left} 次。",
    )


def pin_locked(seconds_left: int) -> Message:
    """Too many wrong PINs; say how long to wait."""
    return Message(
        f"Too many wrong PINs. Try again in {seconds_left} s.",
        f"PIN 错误次数过多，请 {seconds_left} 秒后再试。",
    )
