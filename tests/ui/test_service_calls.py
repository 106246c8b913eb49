"""The real services behind the window's KioskServices calls."""

from __future__ import annotations

from kiosk.core.rules import Outcome
from kiosk.ui.service_calls import ServiceModules, load_services


def test_party_question_writes_nothing_then_the_count_admits(kiosk_env):
    """Asking about a party of three writes nothing; then checking in two admits two."""
    services = ServiceModules()
    preview = services.check_in(kiosk_env, "FAMILY34", ask_party=True)
    assert preview.needs_party and preview.checked_in == 0
    again = services.check_in(kiosk_env, "FAMILY34", ask_party=True)
    assert again.needs_party  # nothing was written by the first question
    result = services.check_in(kiosk_env, "FAMILY34", count=2)
    assert (result.outcome, result.admitted) == (Outcome.PARTIAL, 2)


def test_session_and_search_come_from_the_lookups(kiosk_env):
    """The scan page's session is the 09:30 tour; search finds a guest by the phone's end."""
    services = load_services()
    assert services is not None
    session = services.current_session(kiosk_env)
    assert session is not None and session.id == "S1"
    hits = services.search_reservations(kiosk_env, "0876")
    assert [hit.code for hit in hits] == ["PAIR4567"]
