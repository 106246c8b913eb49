"""Scan → result for every outcome, the Party page, the keypad, search and printing hooks."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest

from kiosk.core.errors import DatabaseError
from kiosk.services.results import CheckInResult, VisitorInfo
from tests.ui.conftest import OFFSCREEN_NOISE, scan, wait_idle

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


def test_ok_result_shows_group_guide_meeting_point_and_names(qtbot, make_window):
    """The admitted visitor sees the group letter, the guide, the meeting point and the name."""
    window = make_window()
    scan(qtbot, window, "SOLO2345")
    page = window.result_page
    assert page.badges[0].isVisibleTo(page)
    assert page.badges[0].text() == "A"
    details = page.group_texts[0].text()
    assert "Guide S1-A" in details and "Gate 1" in details
    assert "王小明" in page.names_label.text()


def test_party_page_admits_the_chosen_number(qtbot, make_window):
    """A party of three asks how many are here; choosing 2 admits two and reports partial."""
    window = make_window(mode="self")
    preview = scan(qtbot, window, "FAMILY34")
    assert window.current_page() is window.party_page
    assert preview.party_size == 3
    party = window.party_page
    assert party.count == 3  # default: everyone
    party.minus_button.click()
    assert party.count == 2
    with qtbot.waitSignal(window.result_shown, timeout=5000) as blocker:
        party.confirm_button.click()
    result = blocker.args[0]
    assert result.outcome == "partial"
    assert result.admitted == 2
    assert window.result_page.tone == "attention"
    assert not party.names_box.isVisibleTo(party)  # visitors do not pick names


def test_gate_party_page_picks_visitors_by_name(qtbot, make_window):
    """Gate staff untick one name; exactly the ticked visitors are admitted."""
    window = make_window(mode="gate")
    scan(qtbot, window, "FAMILY34")
    party = window.party_page
    assert len(party.name_buttons) == 3
    assert all(button.text().startswith("✓") for button in party.name_buttons)
    party.name_buttons[0].click()  # untick 李华
    assert party.name_buttons[0].text().startswith("○")
    assert party.count == 2
    with qtbot.waitSignal(window.result_shown, timeout=5000) as blocker:
        party.confirm_button.click()
    names = [visitor.name for visitor in blocker.args[0].visitors]
    assert "李华" not in names and "李雷" in names


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


def test_keypad_entry_checks_in(qtbot, make_window):
    """Typing the code on the on-screen keypad checks the visitor in."""
    window = make_window(mode="self")
    window.scan_page.enter_code_button.click()
    keypad = window.keypad_page
    assert window.current_page() is keypad
    assert "O" not in keypad.keypad.keys and "I" not in keypad.keypad.keys
    for char in "SOLO2345".replace("O", "0"):
        if char in keypad.keypad.keys:
            keypad.keypad.keys[char].click()
    assert keypad.code == "SL2345"  # 0/O are not on the pad
    keypad.clear_button.click()
    for char in "SOLX":
        keypad.keypad.keys.get(char, keypad.keypad.keys["S"]).click()
    keypad.backspace_button.click()
    keypad.clear_button.click()
    assert keypad.code == ""
    assert not keypad.ok_button.isEnabled()
    for char in "EARLY234":
        keypad.keypad.keys[char].click()
    with qtbot.waitSignal(window.result_shown, timeout=5000) as blocker:
        keypad.ok_button.click()
    assert blocker.args[0].outcome == "too_early"


def test_search_finds_by_phone_digits_and_checks_in(qtbot, make_window):
    """Gate search by the last four phone digits shows masked phones; a tap starts check-in."""
    window = make_window(mode="gate")
    window.scan_page.search_button.click()
    search = window.search_page
    assert window.current_page() is search
    search.query_edit.setText("0876")
    with qtbot.waitSignal(search.model.modelReset, timeout=5000):
        search.run_query_now()
    model = search.model
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "PAIR4567"
    phone = model.data(model.index(0, 2))
    assert "0876" in phone and "7700 900876" not in phone
    with qtbot.waitSignal(window.party_shown, timeout=5000):
        search.table.clicked.emit(model.index(0, 0))
    assert window.current_page() is window.party_page


def test_search_is_not_reachable_in_self_mode(make_window):
    """Visitors never get a list of other people's bookings."""
    window = make_window(mode="self")
    assert not window.scan_page.search_button.isVisibleTo(window.scan_page)
    window.show_search()
    assert window.current_page() is window.scan_page


def test_search_model_passes_qt_model_checks(qtmodeltester, kiosk_env):
    """The results model follows Qt's model contract."""
    from kiosk.services.lookup import search_reservations
    from kiosk.ui.i18n import Translations
    from kiosk.ui.search_model import SearchModel

    model = SearchModel(Translations("en"))
    model.set_rows(search_reservations(kiosk_env, "Martin"))
    assert model.rowCount() >= 1
    qtmodeltester.check(model)


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


def test_result_returns_to_scan_by_itself(qtbot, make_window):
    """The result goes away after its countdown, without a touch."""
    window = make_window()
    scan(qtbot, window, "NOPE2222")
    for _ in range(20):
        if window.current_page() is not window.result_page:
            break
        window.result_page._tick()
    assert window.current_page() is window.scan_page


def test_next_scan_replaces_the_result(qtbot, make_window):
    """Gate staff scan the next code while the last result is still showing."""
    window = make_window()
    scan(qtbot, window, "NOPE2222")
    result = scan(qtbot, window, "SOLO2345")
    assert result.outcome == "ok"
    assert window.result_page.tone == "ok"


def _result(outcome: str, **fields: Any) -> CheckInResult:
    visitor = VisitorInfo(
        1, 1, "", "X-1", "B", "#1976D2", "王丽娜", "zh,en", "1号门", None, None, "K"
    )
    base = CheckInResult(
        outcome,
        f"{outcome} en",
        f"{outcome} 中文",
        code="X",
        party_size=1,
        checked_in=1,
        admitted=1,
        visitors=(visitor,),
    )
    return replace(base, **fields)


class FakeCheckin:
    """Answers every scan with a prepared result, or raises a prepared error."""

    def __init__(self, result: Any = None, error: BaseException | None = None) -> None:
        self.result = result
        self.error = error

    def preview_scan(self, env: Any, raw: str) -> Any:
        if self.error is not None:
            raise self.error
        return self.result

    def check_in(self, env: Any, raw: str, **_kwargs: Any) -> Any:
        return self.preview_scan(env, raw)

    def current_session(self, env: Any) -> None:
        return None

    def search_reservations(self, env: Any, query: str) -> list[Any]:
        return []


ALL_OUTCOMES = [
    ("ok", {}, "ok"),
    ("ok", {"provisional": True}, "attention"),
    ("partial", {}, "attention"),
    ("already_checked_in", {}, "attention"),
    ("too_early", {}, "attention"),
    ("unknown", {}, "refused"),
    ("invalid_signature", {}, "refused"),
    ("cancelled", {}, "refused"),
    ("wrong_day", {}, "refused"),
    ("too_late", {}, "refused"),
]


@pytest.mark.parametrize(("outcome", "fields", "tone"), ALL_OUTCOMES)
def test_every_outcome_has_colour_icon_and_words(qtbot, make_window, outcome, fields, tone):
    """Each outcome code maps to its tone, a matching icon, a title and the service message."""
    window = make_window()
    window.context.checkin = FakeCheckin(_result(outcome, **fields))
    scan(qtbot, window, "X")
    page = window.result_page
    assert (page.tone, page.icon.kind) == (tone, tone)
    assert page.title_label.text() not in ("", "Please ask a member of staff")
    assert page.message_label.text() == f"{outcome} en"
    window.set_language("zh")
    assert page.message_label.text() == f"{outcome} 中文"


def test_database_error_becomes_a_message_not_a_traceback(qtbot, make_window):
    """A failing service call shows its sentence on a red page and admits nobody."""
    window = make_window()
    error = DatabaseError("The database is busy with another kiosk.", "数据库正忙。")
    window.context.checkin = FakeCheckin(error=error)
    result = scan(qtbot, window, "SOLO2345")
    assert result.outcome == "error"
    assert window.result_page.tone == "refused"
    assert window.result_page.message_label.text() == "The database is busy with another kiosk."


def test_unexpected_error_is_hidden_behind_a_sentence(qtbot, make_window):
    """A bug in a service shows a plain sentence, never the exception text."""
    window = make_window()
    window.context.checkin = FakeCheckin(error=ZeroDivisionError("division by zero"))
    scan(qtbot, window, "SOLO2345")
    text = window.result_page.message_label.text()
    assert "division" not in text and "nobody was checked in" in text


def test_damaged_database_shows_a_full_screen_message(qtbot, tmp_path, kiosk_env):
    """A file that is not a database gives the start-up fault page in both languages."""
    from kiosk.store.engine import make_engine
    from kiosk.ui.app import AppContext
    from kiosk.ui.i18n import Translations
    from kiosk.ui.main_window import MainWindow

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a sqlite database at all" * 100)
    env = replace(kiosk_env, engine=make_engine(f"sqlite:///{bad}"))
    window = MainWindow(AppContext(env=env, mode="self", translations=Translations("en")))
    qtbot.addWidget(window)
    window.start(connect_input=False)
    assert window.current_page() is window.message_page
    assert window.message_page.en_label.text() and window.message_page.zh_label.text()
    assert not window.message_page.close_button.isVisibleTo(window.message_page)
    window.handle_scan("SOLO2345")  # ignored: nothing to check in against
    assert window.current_page() is window.message_page
    window.shutdown()
    window.quit_app()


def test_scan_without_services_says_so(qtbot, make_window):
    """A build without the check-in services explains instead of crashing."""
    window = make_window()
    window.context.checkin = None
    window.handle_scan("SOLO2345")
    assert window.current_page() is window.result_page
    assert window.result_page.tone == "refused"


def test_fake_namespace_results_render(qtbot, make_window):
    """The result page needs only the documented fields (duck-typed results render)."""
    window = make_window()
    stand_in = SimpleNamespace(
        outcome="checked_out",
        message_en="Bye",
        message_zh="再见",
        code="C",
        contact_name="",
        party_size=1,
        checked_in=0,
        admitted=0,
        provisional=False,
        visitors=(),
    )
    window.show_result(stand_in)
    assert window.result_page.tone == "ok"
    wait_idle(qtbot, window)


def test_integrity_problem_found_after_start_stops_check_ins(qtbot, make_window, monkeypatch):
    """The background quick_check reporting damage puts up the fault page; scans are ignored."""
    import kiosk.store.migrate as migrate

    monkeypatch.setattr(migrate, "integrity_problem", lambda engine: "row 7 missing from index")
    window = make_window("gate", "en")
    qtbot.waitUntil(lambda: window.current_page() is window.message_page, timeout=5000)
    assert "damaged" in window.message_page.en_label.text()
    window.handle_scan("SOLO2345")
    assert window.current_page() is window.message_page


def test_a_database_fault_with_an_address_is_not_shown_to_visitors(qtbot, make_window):
    """The server's address and driver text go to staff and the log, never the result page."""
    window = make_window(mode="self")
    error = DatabaseError(
        "The database at postgresql+psycopg://kiosk@10.0.0.5/kiosk cannot be reached: "
        "connection refused.",
        "无法连接数据库 postgresql+psycopg://kiosk@10.0.0.5/kiosk：connection refused。",
    )
    window.context.checkin = FakeCheckin(error=error)
    result = scan(qtbot, window, "SOLO2345")
    text = window.result_page.message_label.text()
    assert result.outcome == "error"
    assert "postgresql" not in text and "refused" not in text
    assert "ask a member of staff" in text
