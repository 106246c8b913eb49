"""The service calls the kiosk's own pages make (scan, party, search, current session).

The window reaches check-in and look-up through :class:`KioskServices` instead of naming the
service modules itself: the app hands in the real services (:func:`load_services`), a test
may hand in a stand-in with the same methods. Every call runs on the worker thread.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from kiosk.services.env import ServiceEnv
    from kiosk.services.lookup import ReservationSummary, SessionInfo
    from kiosk.services.results import CheckInResult

log = logging.getLogger("kiosk.ui")


class KioskServices(Protocol):
    """What the scan, party and search pages ask of the services."""

    def check_in(
        self,
        env: ServiceEnv,
        raw: str,
        *,
        count: int | None = None,
        visitor_ids: Sequence[int] | None = None,
        ask_party: bool = False,
    ) -> CheckInResult:
        """Decide one scan (see :func:`kiosk.services.checkin.check_in`)."""
        ...

    def current_session(self, env: ServiceEnv) -> SessionInfo | None:
        """The session being checked in now, else the next one today."""
        ...

    def search_reservations(self, env: ServiceEnv, query: str) -> list[ReservationSummary]:
        """Bookings by name (pinyin, initials, a typo), code or the last digits of the phone
        (masked), best first, each with the reason it matched."""
        ...

    def warm_search(self, env: ServiceEnv) -> None:
        """Start building the search index on a thread of its own (the search page opened):
        scans never wait for it, and typing soon finds people."""
        ...


class ServiceModules:
    """The real services: :mod:`kiosk.services.checkin` and :mod:`kiosk.services.lookup`.

    They (and SQLModel, pydantic and the ORM under them) are imported on the first call, on
    the worker thread, not while the window starts: the scan page paints first, and the
    window asks the worker to :meth:`preload` them right after.
    """

    def __init__(self) -> None:
        self._checkin: Any = None
        self._lookup: Any = None

    def preload(self) -> None:
        """Import the check-in and look-up services now (on the worker thread)."""
        if self._checkin is None:
            from kiosk.services import checkin, lookup

            self._checkin, self._lookup = checkin, lookup

    def check_in(
        self,
        env: ServiceEnv,
        raw: str,
        *,
        count: int | None = None,
        visitor_ids: Sequence[int] | None = None,
        ask_party: bool = False,
    ) -> CheckInResult:
        self.preload()
        result: CheckInResult = self._checkin.check_in(
            env, raw, count=count, visitor_ids=visitor_ids, ask_party=ask_party
        )
        return result

    def current_session(self, env: ServiceEnv) -> SessionInfo | None:
        self.preload()
        session: SessionInfo | None = self._lookup.current_session(env)
        return session

    def search_reservations(self, env: ServiceEnv, query: str) -> list[ReservationSummary]:
        self.preload()
        hits: list[ReservationSummary] = self._lookup.search_reservations(env, query)
        return hits

    def warm_search(self, env: ServiceEnv) -> None:
        from kiosk.services import search

        search.start_warm_up(env)


def load_services() -> KioskServices | None:
    """The real services (None while they are not installed: the kiosk then says so).

    Only their presence is checked here; they are imported on first use.
    """
    if importlib.util.find_spec("kiosk.services.checkin") is None:
        log.warning("the check-in services are not available")
        return None
    return ServiceModules()
