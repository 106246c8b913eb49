"""Child processes the crash tests kill: ``python -m tests.reliability.children WHAT DB ...``.

Each prints a line when it reaches the interesting part, so the parent can kill it there.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services.env import ServiceEnv
from kiosk.store.engine import make_engine

STARTED = "STARTED"


def _env(db_path: str) -> tuple[ServiceEnv, Clock]:
    settings = Settings(db_url=f"sqlite:///{db_path}")
    clock = Clock.fixed(datetime(2025, 4, 1, 9, 0, tzinfo=settings.zone))
    return ServiceEnv(make_engine(settings.database_url), settings, clock, "CRASH"), clock


def sync(db_path: str, csv_path: str) -> None:
    """Import one big export, announcing the start and each progress step."""
    from kiosk.services.sync import sync_files

    env, _ = _env(db_path)

    def progress(done: int, total: int | None) -> None:
        print(f"PROGRESS {done}", flush=True)

    print(STARTED, flush=True)
    sync_files(env, [Path(csv_path)], progress=progress)
    print("DONE", flush=True)


def checkins(db_path: str) -> None:
    """Check bookings in one after another; print each code right after check_in returns."""
    from kiosk.bench.storage import pick_codes
    from kiosk.services.checkin import check_in

    env, clock = _env(db_path)
    codes = pick_codes(Path(db_path), 5000, seed=11)
    print(STARTED, flush=True)
    for code, starts in codes:
        clock.set(starts - timedelta(minutes=10))
        result = check_in(env, code)
        if result.admitted_ok:
            print(code, flush=True)


if __name__ == "__main__":
    what, *args = sys.argv[1:]
    {"sync": sync, "checkins": checkins}[what](*args)
