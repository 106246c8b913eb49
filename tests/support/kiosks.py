"""Kiosks of a PostgreSQL hub for tests: each with its route, replica and outbox in a folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services.env import ServiceEnv
from kiosk.services.local_first import LocalFirstKiosk
from kiosk.store.engine import make_engine

FAST = Settings(hub_timeout_ms=1000, hub_probe_s=0)
"""A second for the hub to answer (the kiosk's default: a loaded test machine has taken over
half a second); a probe at every scan while it does not."""


@dataclass
class Kiosk:
    """One kiosk of the hub: its route and the env its front end would pass to services."""

    route: LocalFirstKiosk
    env: ServiceEnv
    clock: Clock

    def close(self) -> None:
        self.route.close()
        self.env.engine.dispose()


def open_kiosk(
    url: str, kiosk_id: str, folder: Path, *, at: datetime, settings: Settings = FAST
) -> Kiosk:
    """A kiosk whose hub is ``url`` (often through a proxy), its files in ``folder/kiosk_id``."""
    engine = make_engine(url, hub_budget_s=settings.hub_timeout_ms / 1000)
    clock = Clock.fixed(at)
    route = LocalFirstKiosk(engine, settings, kiosk_id, now=clock.now, folder=folder / kiosk_id)
    env = ServiceEnv(engine, settings, clock, kiosk_id, route=route)
    return Kiosk(route, env, clock)


def hub_rows(url: str, sql: str, **params: object) -> list[tuple[object, ...]]:
    """Rows of one query on the hub, read directly (as an auditor would)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def visitors_of(url: str, code: str) -> list[tuple[object, ...]]:
    """(kiosk_id, checked_in_at) of each person of a booking on the hub, in party order."""
    return hub_rows(
        url,
        "SELECT v.kiosk_id, v.checked_in_at FROM visitor v JOIN reservation r"
        " ON r.id = v.reservation_id WHERE r.code = :c ORDER BY v.seq",
        c=code,
    )
