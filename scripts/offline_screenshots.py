"""The local-first kiosk in a real window: server stopped, offline indicator, a partition conflict.

    xvfb-run -a -s "-screen 0 1280x860x24" .venv/bin/python scripts/offline_screenshots.py [--out DIR]

What it does, with real parts only (a throwaway PostgreSQL cluster, the demo program, the
kiosk window on the X display, a TCP proxy):

1. the gate kiosk GATE-1 checks a visitor in online;
2. the PostgreSQL server is stopped: the kiosk keeps admitting from its replica and shows
   "Offline since … · N waiting to upload" (``offline-indicator.png``);
3. the server is started again: the kiosk's follower uploads everything and shows "Online";
4. a second kiosk, GATE-2, is cut off by the proxy and admits a party that GATE-1 admits
   online meanwhile; healed, its upload records the conflict, which the supervisor console
   lists (``supervisor-conflicts.png``).

It prints what it checked; any check that fails stops it with exit code 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.config import Settings
from kiosk.core.clock import Clock, site_zone
from kiosk.paths import ROOT, SAMPLES
from kiosk.services.env import ServiceEnv

LIVE = datetime(2025, 2, 2, 9, 10, tzinfo=site_zone("Asia/Shanghai"))
ONLINE_CODE = "LQ7YZBYP"
OFFLINE_CODES = ("P8U3M4HN", "23TDGX9L", "MKZ7NNFY")
BOTH_SIDES = "YLFP74DS"


def check(condition: bool, what: str) -> None:
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        raise SystemExit(1)


def wait_for(app: object, condition: object, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()  # type: ignore[attr-defined]
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

    from PySide6.QtGui import QGuiApplication

    from kiosk.bench.tcp_proxy import TcpProxy
    from kiosk.services.checkin import check_in
    from kiosk.services.local_first import LocalFirstKiosk
    from kiosk.services.sync import sync_files
    from kiosk.store.engine import make_engine
    from kiosk.store.migrate import upgrade
    from kiosk.ui.app import AppContext, create_app
    from kiosk.ui.i18n import Translations
    from kiosk.ui.main_window import MainWindow
    from kiosk.ui.supervisor import build_console
    from tests.support.postgres import start_postgres

    server = start_postgres()
    folder = Path(tempfile.mkdtemp(prefix="kiosk-offline-shots-"))
    try:
        url = server.create_database("offline_shots")
        hub = make_engine(url)
        upgrade(hub)
        settings = replace(Settings(), language="en", hub_timeout_ms=1000, hub_probe_s=2,
                           hub_follow_ms=500, print_target="none")  # fmt: skip
        sync_files(ServiceEnv(hub, settings, Clock.fixed(LIVE), "OPERATOR"),
                   [SAMPLES / "roster.csv", SAMPLES / "reservations.csv"])  # fmt: skip

        app = create_app()
        clock = Clock(settings.zone, LIVE)
        gate_engine = make_engine(url, hub_budget_s=1)
        gate = LocalFirstKiosk(gate_engine, settings, "GATE-1", now=clock.now,
                               folder=folder / "GATE-1", background=True)  # fmt: skip
        gate.sync()
        gate.start()
        env = ServiceEnv(gate_engine, settings, clock, "GATE-1", route=gate)
        window = MainWindow(AppContext(env=env, mode="gate", translations=Translations("en")))
        window.start(connect_input=False)
        window.resize(1280, 800)
        results: list[object] = []
        window.result_shown.connect(results.append)

        def scan(code: str) -> object:
            results.clear()
            window.handle_scan(code)
            check(wait_for(app, lambda: bool(results)), f"scan {code} answered")
            return results[0]

        def shoot(name: str, widget: object) -> None:
            screen = QGuiApplication.primaryScreen()
            picture = screen.grabWindow(widget.winId())  # type: ignore[attr-defined]
            picture.save(str(out / name))
            print(f"saved {out / name} ({picture.width()}×{picture.height()})", flush=True)

        check(wait_for(app, lambda: window.connection.text() == "● Online"), "indicator: online")
        first = scan(ONLINE_CODE)
        check(first.outcome == "ok" and not first.offline, "online check-in decided by the hub")

        server.stop()
        for code in OFFLINE_CODES:
            result = scan(code)
            check(result.outcome == "ok" and result.offline, f"{code} admitted offline")
        window.go_home()
        expected = f"● Offline since 09:10 · {len(OFFLINE_CODES)} waiting to upload"
        check(wait_for(app, lambda: window.connection.text().startswith("● Offline since")
                       and window.connection.text().endswith(f"{len(OFFLINE_CODES)} waiting to upload")),
              f"indicator: {window.connection.text()!r} (like {expected!r})")  # fmt: skip
        app.processEvents()
        shoot("offline-indicator.png", window)

        server.start()
        check(wait_for(app, lambda: window.connection.text() == "● Online", 60),
              "server back: uploaded, indicator online")  # fmt: skip
        with hub.connect() as conn:
            from sqlalchemy import text

            uploaded = conn.execute(text(
                "SELECT COUNT(*) FROM scan_event WHERE kiosk_id = 'GATE-1' AND detail LIKE '%offline%'"
            )).scalar_one()  # fmt: skip
        check(uploaded == len(OFFLINE_CODES), f"{uploaded} offline check-ins on the hub")

        # A partition: GATE-2 cut off admits a booking that GATE-1 admits online meanwhile.
        proxy = TcpProxy("127.0.0.1", int(hub.url.port or 5432)).start()
        other_url = hub.url.set(port=proxy.port).render_as_string(hide_password=False)
        other_engine = make_engine(other_url, hub_budget_s=1)
        other = LocalFirstKiosk(other_engine, settings, "GATE-2", now=clock.now,
                                folder=folder / "GATE-2")  # fmt: skip
        other.sync()
        proxy.cut("blackhole")
        cut_off = check_in(ServiceEnv(other_engine, settings, clock, "GATE-2", route=other),
                           BOTH_SIDES)  # fmt: skip
        check(cut_off.offline and cut_off.outcome == "ok", "GATE-2 admits offline")
        online = scan(BOTH_SIDES)
        check(online.outcome == "ok" and not online.offline, "GATE-1 admits the same online")
        proxy.heal()
        drained, _ = other.sync()
        check(len(drained.conflicts) == 1, "the upload records one conflict")

        console = build_console(ServiceEnv(hub, settings, clock, "SUP-1"))
        console.resize(1400, 860)
        console.show()
        console.show_page("kiosks")
        page = console.pages["kiosks"]
        check(wait_for(app, lambda: len(page.conflicts.rows()) == 1), "the console lists it")
        page.select_conflict(0)
        app.processEvents()
        time.sleep(0.3)
        app.processEvents()
        shoot("supervisor-conflicts.png", console)

        console.shutdown()
        window.shutdown()
        other.close()
        gate.close()
        proxy.stop()
        return 0
    finally:
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
