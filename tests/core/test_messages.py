"""User-facing sentences: both languages, dates written by hand, no locale dependence."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.core import messages
from kiosk.core.messages import Message

SITE = ZoneInfo("Asia/Shanghai")


def test_days_in_both_languages() -> None:
    """Every weekday and month is spelt out correctly in English and Chinese."""
    monday = datetime(2025, 2, 3, 9, 5, tzinfo=SITE)
    assert messages.day_en(monday) == "Monday 3 February"
    assert messages.day_zh(monday) == "2月3日（星期一）"
    assert messages.hhmm(monday) == "09:05"
    assert messages.day_en(datetime(2025, 12, 31, tzinfo=SITE)) == "Wednesday 31 December"


def test_admitted_counts_and_plurals() -> None:
    """One guest is singular; partial admissions say how many may still come."""
    assert messages.admitted(1, 1, 0).en == "Welcome! 1 guest checked in."
    partial = messages.admitted(1, 3, 1)
    assert partial.en == "Welcome! 1 guest checked in (2 of 3); 1 can check in later."
    assert partial.zh == "欢迎！已为 1 位访客签到（已到 2/3 位），其余 1 位可稍后签到。"


def test_every_message_has_both_languages() -> None:
    """No message is empty or untranslated."""
    when = datetime(2025, 2, 2, 9, 30, tzinfo=SITE)
    all_messages = [
        messages.empty_scan(),
        messages.invalid_scan(),
        messages.ticket_expired(),
        messages.ticket_not_yet_valid(),
        messages.unknown_code(),
        messages.invalid_signature(),
        messages.cancelled(when),
        messages.wrong_day(when),
        messages.too_early(when, when),
        messages.too_late(when, when),
        messages.already_checked_in(when, "GATE-1"),
        messages.already_checked_in(None, None),
        messages.admitted(2, 2, 0),
        messages.staff_override(),
        messages.pin_wrong(1),
        messages.pin_locked(42),
    ]
    for message in all_messages:
        assert message.en and message.zh and message.en != message.zh
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message.zh)


def test_language_pick() -> None:
    """A UI language tag picks the matching text, English for anything unknown."""
    message = Message("Hello.", "你好。")
    assert message.in_language("zh-CN") == "你好。"
    assert message.in_language("en") == "Hello."
    assert message.in_language("ja") == "Hello."
