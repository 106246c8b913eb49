"""Stand-ins for the services the window calls: prepared answers or prepared faults."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kiosk.services.results import CheckInResult, VisitorInfo


def result_with(outcome: str, **fields: Any) -> CheckInResult:
    """An answer for one admitted visitor of group B, with ``outcome`` and any field changed."""
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


class FakeServices:
    """Answers every scan with a prepared result, or raises a prepared error (a
    :class:`kiosk.ui.service_calls.KioskServices` stand-in)."""

    def __init__(self, result: Any = None, error: BaseException | None = None) -> None:
        self.result = result
        self.error = error

    def check_in(self, env: Any, raw: str, **_kwargs: Any) -> Any:
        if self.error is not None:
            raise self.error
        return self.result

    def current_session(self, env: Any) -> None:
        return None

    def search_reservations(self, env: Any, query: str) -> list[Any]:
        return []
