"""The console's message line: a service's sentence in the console's language, never a
traceback."""

from __future__ import annotations

import logging
from typing import Any

from kiosk.core.errors import InputError
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.notice import Notice
from kiosk.ui.workers import Worker
from tests.ui.supervisor.conftest import Day


def test_a_failed_call_shows_its_sentence_in_the_consoles_language(qtbot: Any, day: Day) -> None:
    """A KioskError shows its own sentence, in Chinese when the console speaks Chinese."""
    context = ConsoleContext(day.env, Worker(), Worker(), language="zh")
    notice = Notice(context)
    qtbot.addWidget(notice)
    notice.fail(InputError("There is no reservation X.", "没有预约 X。"))
    assert notice.text() == "没有预约 X。"
    notice.say_both("Checked in.", "已签到。")
    assert notice.text() == "已签到。"


def test_a_bug_shows_a_plain_sentence_and_logs_the_detail(
    qtbot: Any, day: Day, caplog: Any
) -> None:
    """An unexpected error never shows its text; the log gets it."""
    notice = Notice(ConsoleContext(day.env, Worker(), Worker()))
    qtbot.addWidget(notice)
    with caplog.at_level(logging.ERROR, logger="kiosk.ui"):
        notice.fail(ZeroDivisionError("division by zero"))
    assert "division" not in notice.text() and notice.text().startswith("Something went wrong")
    assert "division by zero" in caplog.text
