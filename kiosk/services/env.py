"""What every service call needs: the database, the settings, the clock and who is asking."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol, TypeVar

from sqlalchemy import Connection
from sqlalchemy.engine import Engine

from kiosk.config import Settings
from kiosk.core.clock import Clock

if TYPE_CHECKING:
    from kiosk.services.results import CheckInResult

T = TypeVar("T")


@dataclass(frozen=True)
class JournalEntry:
    """One decided scan or staff action, as the service wrote it (for a journal)."""

    action: str
    at: datetime
    kiosk_id: str
    operator: str
    raw: str
    """The normalised input (a journal keeps only its digest and hint)."""
    result: CheckInResult
    touched: tuple[int, ...]
    """The visitors admitted or changed."""
    detail: Mapping[str, object] = field(default_factory=dict)
    event_id: int = 0


class Journal(Protocol):
    """Told of every decision inside its transaction: a kiosk's outbox, or the hub's keys.

    ``record`` runs before the transaction commits; if it raises, nothing is written.
    """

    def record(self, db: Connection, entry: JournalEntry) -> None: ...


class Route(Protocol):
    """Where a kiosk of a hub takes a decision: on the hub, or offline on its replica.

    ``run`` is the whole use case for one environment; a route calls it with the hub's or
    the replica's (kiosk.services.local_first).
    """

    def decide(
        self, env: ServiceEnv, action: str, run: Callable[[ServiceEnv], CheckInResult]
    ) -> CheckInResult: ...

    def run(self, env: ServiceEnv, work: Callable[[ServiceEnv], T]) -> T:
        """A short read or local write (a search, a badge's print record) where the kiosk
        works now: on the hub under its deadline while it answers, else on the replica."""
        ...


@dataclass(frozen=True)
class ServiceEnv:
    """The context of one kiosk (or one command): passed to every use case."""

    engine: Engine
    settings: Settings
    clock: Clock
    kiosk_id: str = "KIOSK-1"
    operator: str = ""
    route: Route | None = None
    """Set on a kiosk of a hub: check-in decisions go through it (online or offline)."""
    journal: Journal | None = None
    """Set by a route for one decision: told of it inside its transaction."""

    def now(self) -> datetime:
        return self.clock.now()

    @property
    def window_opens(self) -> timedelta:
        return timedelta(minutes=self.settings.window_opens_min)

    @property
    def grace_after(self) -> timedelta:
        return timedelta(minutes=self.settings.grace_after_min)

    def local(self, value: datetime | None) -> datetime | None:
        """An instant in the site's zone (None stays None)."""
        return value.astimezone(self.settings.zone) if value is not None else None

    def as_operator(self, operator: str) -> ServiceEnv:
        return replace(self, operator=operator)
