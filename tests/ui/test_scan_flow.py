"""A scan from text to answer: outcomes, repeats, faults, the party question, printing."""

from __future__ import annotations

import pytest

from kiosk.core.errors import DatabaseError
from tests.ui.conftest import OFFSCREEN_NOISE, scan, wait_idle
from tests.ui.fakes import FakeServices

pytestmark = OFFSCREEN_NOISE


REAL_OUTCOMES = [
    ("SOLO2345", "ok", "ok"),
    ("GONE5678", "cancelled", "refused"),
    ("TMRW7890", "wrong_day", "refused"),
    ("LATE2345", "too_late", "refused"),
    ("EARLY234", "too_early", "attention"),
    ("NOPE2222", "unknown", "refused"),
]


@pytest.mark.parametrize(("code", "outcome", "tone"), REAL_OUTCOMES)
def test_scan_shows_the_outcome_full_screen(qtbot, make_window, code, outcome, tone):
    """A scan lands on the Result page with the outcome's colour, icon and words."""
    window = make_window()
    result = scan(qtbot, window, code)
    assert result.outcome == outcome
    page = window.result_page
    assert window.current_page() is page
    assert page.tone == tone
    assert page.icon.kind == tone  # an icon, not only a colour
    assert page.title_label.text()
    assert page.message_label.text() == result.message_en


def test_second_scan_of_the_same_code_says_already_checked_in(qtbot, make_window):
    """Scanning a code again after the double-read pause is refused amber, saying when."""
    window = make_window()
    scan(qtbot, window, "SOLO2345")
    window.scan_gate.reset()  # the double-read guard has passed
    result = scan(qtbot, window, "SOLO2345")
    assert result.outcome == "already_checked_in"
    assert window.result_page.tone == "attention"
    assert "09:10" in window.result_page.message_label.text()


def test_party_cancel_admits_nobody(qtbot, make_window):
    """Cancelling the Party page returns to Scan; the party can still check in later."""
    window = make_window()
    scan(qtbot, window, "PAIR4567")
    window.party_page.cancel_button.click()
    assert window.current_page() is window.scan_page
    window.scan_gate.reset()
    again = scan(qtbot, window, "PAIR4567")
    assert again.outcome in ("ok", "partial")  # the Party page again: nobody was admitted
    assert window.current_page() is window.party_page


def test_admitted_visitors_are_sent_to_printing(qtbot, make_window):
    """An admission asks for badges; the printer's status shows on the result page."""
    window = make_window()
    with qtbot.waitSignal(window.context.bridge.print_requested, timeout=5000) as blocker:
        window.handle_scan("SOLO2345")
    assert len(blocker.args[0]) == 1
    window.context.bridge.print_status.emit("failed")
    assert "staff will reprint" in window.result_page.print_label.text()


def test_refusal_prints_nothing(qtbot, make_window):
    """A refused scan never asks for a badge."""
    window = make_window()
    with qtbot.assertNotEmitted(window.print_requested):
        scan(qtbot, window, "GONE5678")


def test_next_scan_replaces_the_result(qtbot, make_window):
    """Gate staff scan the next code while the last result is still showing."""
    window = make_window()
    scan(qtbot, window, "NOPE2222")
    result = scan(qtbot, window, "SOLO2345")
    assert result.outcome == "ok"
    assert window.result_page.tone == "ok"


def test_database_error_says_what_to_do_and_staff_get_the_detail(qtbot, make_window):
    """A failing service call shows a red page saying what to do and admits nobody; the
    fault's own sentence is kept for the staff page."""
    window = make_window()
    error = DatabaseError("The database is busy with another kiosk.", "数据库正忙。")
    window.context.services = FakeServices(error=error)
    result = scan(qtbot, window, "SOLO2345")
    assert result.outcome == "error"
    assert window.result_page.tone == "refused"
    text = window.result_page.message_label.text()
    assert "try again" in text and "busy" not in text
    assert window.context.last_fault.endswith("The database is busy with another kiosk.")


def test_unexpected_error_is_hidden_behind_a_sentence(qtbot, make_window):
    """A bug in a service shows a plain sentence, never the exception text."""
    window = make_window()
    window.context.services = FakeServices(error=ZeroDivisionError("division by zero"))
    scan(qtbot, window, "SOLO2345")
    text = window.result_page.message_label.text()
    assert "division" not in text and "nobody was checked in" in text


def test_scan_without_services_says_so(qtbot, make_window):
    """A build without the check-in services explains instead of crashing."""
    window = make_window()
    window.context.services = None
    window.handle_scan("SOLO2345")
    assert window.current_page() is window.result_page
    assert window.result_page.tone == "refused"


def test_a_double_read_is_one_scan(qtbot, make_window):
    """The same code twice within the double-read pause is decided once."""
    window = make_window()
    answers = []
    window.scan_flow.answered.connect(answers.append)
    assert window.scan_flow.submit("NOPE2222") is True
    assert window.scan_flow.submit("NOPE2222") is False
    wait_idle(qtbot, window)
    assert [answer.outcome for answer in answers] == ["unknown"]


def test_an_admission_says_check_ins_changed(qtbot, make_window):
    """Admitting people tells the rest of the app that check-ins changed; a refusal does not."""
    from kiosk.core.changes import Change

    window = make_window()
    bridge = window.context.bridge
    with qtbot.assertNotEmitted(bridge.data_changed):
        scan(qtbot, window, "GONE5678")
    with qtbot.waitSignal(bridge.data_changed, timeout=5000) as changed:
        window.handle_scan("SOLO2345")
    assert changed.args == [Change.CHECKINS]


def test_a_party_answer_without_a_pending_scan_goes_home(qtbot, make_window):
    """A stale "confirm" on the Party page (the scan was dropped meanwhile) admits nobody."""
    from kiosk.ui.pages.party_page import PartyChoice

    window = make_window()
    scan(qtbot, window, "FAMILY34")
    window.go_home()  # the idle timer, say: the pending party is forgotten
    with qtbot.assertNotEmitted(window.result_shown):
        window.party_page.confirmed.emit(PartyChoice(3))
    assert window.current_page() is window.scan_page


def test_a_database_fault_with_an_address_is_not_shown_to_visitors(qtbot, make_window):
    """The server's address and driver text go to staff and the log, never the result page."""
    window = make_window(mode="self")
    error = DatabaseError(
        "The database at postgresql+psycopg://kiosk@10.0.0.5/kiosk cannot be reached: "
        "connection refused.",
        "无法连接数据库 postgresql+psycopg://kiosk@10.0.0.5/kiosk：connection refused。",
    )
    window.context.services = FakeServices(error=error)
    result = scan(qtbot, window, "SOLO2345")
    text = window.result_page.message_label.text()
    assert result.outcome == "error"
    assert "postgresql" not in text and "refused" not in text
    assert "ask a member of staff" in text
