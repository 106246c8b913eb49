"""Render the console with a busy tour to PNG files (docs/screenshots/supervisor-*.png).

    .venv/bin/python -m kiosk.ui.supervisor.screenshots [--out DIR] [--lang en|zh]

The busy day is the demo program (db/samples) synced into a fresh SQLite file, then the
2 February 09:30 tour checked in through the real services from three kiosks: partial
parties, an undo, an override, check-outs and a failed badge print, with the clock at 09:27.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.config import Settings
from kiosk.core.clock import Clock, site_zone
from kiosk.paths import ROOT, SAMPLES
from kiosk.services.env import ServiceEnv

BUSY_NOW = datetime(2025, 2, 2, 9, 27, tzinfo=site_zone("Asia/Shanghai"))
BUSY_SESSION_START = datetime(2025, 2, 2, 9, 30, tzinfo=site_zone("Asia/Shanghai"))


def prepare_busy_day(db_file: Path, *, now: datetime = BUSY_NOW) -> ServiceEnv:
    """A database with the demo program and a tour in full swing at ``now``."""
    from kiosk.services import checkin, lookup, printing, staff_actions, startup
    from kiosk.services.sync import sync_files

    engine = startup.open_database(f"sqlite:///{db_file}")
    startup.prepare_database(engine)
    settings = replace(Settings(), language="en", site_name="Open Factory Days")
    clock = Clock(settings.zone, now - timedelta(minutes=50), frozen=True)
    env = ServiceEnv(engine, settings, clock, kiosk_id="GATE-1", operator="")
    sync_files(env, [SAMPLES / "roster.csv", SAMPLES / "reservations.csv"])
    codes = lookup.booking_codes(env, _session_id(now))
    rng = random.Random(7)
    arriving = codes[: int(len(codes) * 0.8)]
    opens = BUSY_SESSION_START - timedelta(minutes=45)
    span = (now - opens).total_seconds()
    times = sorted(opens + timedelta(seconds=span * (rng.random() ** 0.7)) for _ in arriving)
    for index, (code, moment) in enumerate(zip(arriving, times, strict=True)):
        kiosk = ("GATE-1", "GATE-2", "SELF-1")[index % 3]
        clock.set(moment)
        gate = replace(env, kiosk_id=kiosk)
        count = 1 if index % 11 == 5 else None
        result = checkin.check_in(gate, code, count=count)
        if index % 17 == 3 and result.visitors:
            ids = [v.id for v in result.visitors]
            jobs = printing.queue_jobs(gate, ids, printer="Brother_QL-820NWB", preset="62x100")
            printing.finish_jobs(gate, jobs, error="Printer is out of labels.")
    clock.set(now - timedelta(minutes=6))
    checkin.check_in(replace(env, kiosk_id="GATE-2"), "NOSUCHCODE")
    if arriving:
        checkin.undo_check_in(
            env.as_operator("Supervisor Li"), arriving[1], reason="scanned the wrong booking"
        )
        checkin.check_out(env, arriving[2])
    late = codes[len(arriving) :]
    if late:
        checkin.check_in(env.as_operator("Supervisor Li"), late[0], override_reason="bus delayed")
    clock.set(now)
    staff_actions.reveal_phone(env.as_operator("Supervisor Li"), codes[0], reason="lost child")
    return env


def _session_id(now: datetime) -> str:
    from kiosk.services.sync import session_id_for

    return session_id_for(BUSY_SESSION_START, now.tzinfo or site_zone("Asia/Shanghai"))


def render(
    env: ServiceEnv, out: Path, *, language: str = "en", size: tuple[int, int] = (1600, 1000)
) -> list[Path]:
    """Show each page of the console at ``size`` and save it as ``supervisor-<page>.png``."""
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.app import create_app
    from kiosk.ui.supervisor.console import PAGES, build_console

    app = create_app()
    env = replace(env, settings=replace(env.settings, language=language))
    console = build_console(env)
    console.resize(*size)
    console.show()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    context = console.context

    def settle() -> None:
        for _ in range(60):
            app.processEvents()
            context.reader.wait_for_done(2000)
            context.writer.wait_for_done(2000)
            app.processEvents()
            if context.idle():
                break

    settle()
    console.tools.finder.search(_first_name(env))
    settle()
    suffix = "" if language == "en" else f"-{language}"
    for name in PAGES:
        console.show_page(name)
        settle()
        path = out / f"supervisor-{name}{suffix}.png"
        console.grab().save(str(path))
        written.append(path)
    console.shutdown()
    console.close()
    QApplication.processEvents()
    return written


def _first_name(env: ServiceEnv) -> str:
    from kiosk.services import reports

    entries = reports.roster(env)
    return entries[0].contact_name if entries else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--lang", default="en", choices=["en", "zh"])
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as folder:
        env = prepare_busy_day(Path(folder) / "busy.db")
        for path in render(env, Path(args.out), language=args.lang):
            sys.stdout.write(f"{path}\n")
        env.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
