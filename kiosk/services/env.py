"""What every service call needs: the database, the settings, the clock and who is asking."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from kiosk.config import Settings
from kiosk.core.clock import Clock


@dataclass(frozen=True)
class ServiceEnv:
    """The context of one kiosk (or one command): passed to every use case."""

    engine: Engine
    settings: Settings
    clock: Clock
    kiosk_id: str = "KIOSK-1"
    operator: str = ""

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
