"""The window's figures of ``kiosk bench``: scan → painted, start → ready to scan, the whole
loop's throughput, and how soon a dashboard shows another process's check-in.

Run as ``python -m kiosk.ui.bench_ui WHAT ARGS``; each prints one JSON line. ``kiosk bench``
(:mod:`kiosk.bench.runner`) starts these as child processes so Qt never loads into the
Qt-free layers and a Qt failure is reported as "not measured", not as a crashed bench.

The start-up figure times the real ``python -m kiosk run`` with ``KIOSK_EXIT_WHEN_READY=1``
(:mod:`kiosk.ui.ready`): the app prints ``READY`` and quits once it is ready to scan.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.ui.ready import EXIT_WHEN_READY_ENV, READY_LINE

STARTS = 3


def _percentile(samples: list[float], fraction: float) -> float:
    from kiosk.bench.figures import percentile

    return percentile(samples, fraction)


# --- scanner Enter → result painted -----------------------------------------------------------


def bench_scan_paint(db_path: Path, scans: int, warmup: int = 3) -> dict[str, object]:
    """Feed scans through ``MainWindow.handle_scan`` and wait until the answer is painted."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QLabel

    from kiosk.bench.front_end import single_person_codes
    from kiosk.config import Settings
    from kiosk.core.clock import Clock
    from kiosk.services.env import ServiceEnv
    from kiosk.services.results import CheckInResult
    from kiosk.services.startup import open_database
    from kiosk.ui.app import AppContext, create_app
    from kiosk.ui.i18n import Translations
    from kiosk.ui.main_window import MainWindow

    app = create_app([sys.argv[0]])
    settings = Settings(db_url=f"sqlite:///{db_path}", idle_timeout_s=3600)
    codes = single_person_codes(db_path, scans + warmup)
    if len(codes) < warmup + 5:
        raise RuntimeError("not enough one-person bookings to scan")
    clock = Clock.fixed(codes[0][1])
    env = ServiceEnv(open_database(settings.database_url), settings, clock, "BENCH-UI")
    context = AppContext(env=env, mode="gate", translations=Translations(settings.language))
    window = MainWindow(context)
    window.start(connect_input=False)
    app.processEvents()
    answered: list[CheckInResult] = []
    loop = QEventLoop()

    def on_answer(result: CheckInResult) -> None:
        answered.append(result)
        loop.quit()

    window.result_shown.connect(on_answer)
    window.party_shown.connect(on_answer)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    samples: list[float] = []
    outcomes: dict[str, int] = {}
    for index, (code, starts) in enumerate(codes):
        window.go_home()
        app.processEvents()
        clock.set(starts - timedelta(minutes=10))
        answered.clear()
        began = time.perf_counter()
        window.handle_scan(code)
        if not answered:
            guard.start(10_000)
            loop.exec()
            guard.stop()
        if not answered:
            raise RuntimeError(f"no answer to scan {index} within 10 s")
        app.processEvents()
        window.grab()  # paints the whole window as it is now shown
        elapsed = time.perf_counter() - began
        outcome = answered[0].outcome.value
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if index >= warmup:
            samples.append(elapsed * 1000)
    window.shutdown()
    label = QLabel("0")
    label.resize(800, 200)
    label.show()
    app.processEvents()
    label_ms = []
    for index in range(100):
        began = time.perf_counter()
        label.setText(f"Welcome {index}")
        label.repaint()
        label_ms.append((time.perf_counter() - began) * 1000)
    return {
        "p50_ms": _percentile(samples, 0.5),
        "p99_ms": _percentile(samples, 0.99),
        "label_ms": _percentile(label_ms, 0.5),
        "scans": len(samples),
        "outcomes": outcomes,
    }


# --- whole loop: scanner burst → decision → painted → badges spooled ----------------------


def _burst(app: Any, target: Any, code: str) -> None:
    """Type ``code`` and Enter the way a wedge scanner does (no pause between keys)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    for char in code:
        key = Qt.Key(ord(char.upper())) if char.isalnum() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            app.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char))
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        enter = QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
        app.sendEvent(target, enter)


def bench_throughput(
    db_path: Path, party_size: int, parties: int, pdf_dir: Path, warmup: int = 2
) -> dict[str, object]:
    """Parties a minute one kiosk takes through the whole loop, and the services alone.

    Each party: a scanner burst into the window (the real wedge-scanner filter), the decision
    on the worker, for a party of several the Party page with everyone ticked (its confirm
    button), the result page painted, and the party's badges written as one PDF by the
    kiosk's badge printer thread. The next burst follows as soon as the result is painted
    (printing overlaps the next scan, as at a real kiosk); the clock stops when the last
    party's badges are spooled. The baseline runs the same work without the window:
    ``check_in`` then ``print_visitor_badges`` to the same PDF folder, one party after another.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    from kiosk.bench.front_end import party_codes
    from kiosk.config import Settings
    from kiosk.core.clock import Clock
    from kiosk.services.checkin import check_in
    from kiosk.services.env import ServiceEnv
    from kiosk.services.printing import choose_sink, print_visitor_badges
    from kiosk.services.startup import open_database
    from kiosk.ui.app import AppContext, create_app
    from kiosk.ui.badge_printer import BadgePrinter
    from kiosk.ui.i18n import Translations
    from kiosk.ui.main_window import MainWindow

    app = create_app([sys.argv[0]])
    pdf_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        db_url=f"sqlite:///{db_path}",
        idle_timeout_s=3600,
        print_target="pdf",
        pdf_dir=str(pdf_dir),
    )
    codes = party_codes(db_path, party_size, 2 * (parties + warmup))
    if len(codes) < 2 * (parties + warmup):
        raise RuntimeError(f"not enough {party_size}-person bookings to scan")
    window_codes, service_codes = codes[: parties + warmup], codes[parties + warmup :]
    clock = Clock.fixed(codes[0][1])
    env = ServiceEnv(open_database(settings.database_url), settings, clock, "BENCH-LOOP")
    context = AppContext(env=env, mode="gate", translations=Translations(settings.language))
    window = MainWindow(context)
    window.start(connect_input=True)
    printer = BadgePrinter(env, context.bridge, window)
    loop = QEventLoop()
    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(loop.quit)
    state = {"answered": 0, "asked": 0, "printed": 0, "failed": 0}
    outcomes: dict[str, int] = {}

    def wait_until(done: Any, what: str) -> None:
        """Run the event loop until ``done()`` (signals below wake it at once)."""
        deadline = time.perf_counter() + 30
        ticker.start()
        try:
            while not done():
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"no {what} within 30 s")
                loop.exec()
        finally:
            ticker.stop()

    def answered(result: Any) -> None:
        state["answered"] += 1
        outcome = result.outcome.value
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        loop.quit()

    def asked(_preview: object) -> None:
        state["asked"] += 1
        loop.quit()

    def print_status(status: str) -> None:
        if status in ("printed", "failed"):
            state[status] += 1
            loop.quit()

    window.result_shown.connect(answered)
    window.party_shown.connect(asked)
    context.bridge.print_status.connect(print_status)
    wait_until(lambda: window.devices.scanner is not None and context.worker.idle, "start")
    began = 0.0
    for index, (code, starts) in enumerate(window_codes):
        if index == warmup:
            wait_until(lambda: state["printed"] + state["failed"] >= warmup, "warm-up badges")
            began = time.perf_counter()
        clock.set(starts - timedelta(minutes=10))
        answers, questions = state["answered"], state["asked"]
        _burst(app, window, code)
        if party_size > 1:
            wait_until(lambda q=questions: state["asked"] > q, "Party page")
            app.processEvents()
            window.party_page.confirm_button.click()  # everyone still expected is ticked
        wait_until(lambda a=answers: state["answered"] > a, "answer")
        app.processEvents()
        window.grab()  # the result page, painted
    if set(outcomes) != {"ok"}:
        raise RuntimeError(f"the window did not admit every party: {outcomes}")
    wait_until(lambda: state["printed"] + state["failed"] >= len(window_codes), "last badges")
    window_s = time.perf_counter() - began
    window.shutdown()
    printer.wait(30_000)
    sink = choose_sink(settings, target="pdf")
    began = time.perf_counter()
    for index, (code, starts) in enumerate(service_codes):
        if index == warmup:
            began = time.perf_counter()
        clock.set(starts - timedelta(minutes=10))
        result = check_in(env, code)
        if not result.admitted_ok or result.admitted != party_size:
            raise RuntimeError(f"the services refused a {party_size}-person booking")
        print_visitor_badges(env, [v.id for v in result.visitors], sink)
    services_s = time.perf_counter() - began
    return {
        "per_minute": parties / window_s * 60,
        "baseline_per_minute": parties / services_s * 60,
        "parties": parties,
        "printed": state["printed"] - warmup,
        "failed": state["failed"],
        "pdf_files": len(list(pdf_dir.glob("*.pdf"))),
    }


# --- check-in elsewhere → shown on this dashboard -----------------------------------------


def live_dashboard(db_url: str, shown_at: str) -> None:
    """Run the supervisor console and print each moment its dashboard painted new counts.

    Prints ``{"ready": true}`` once the first counts are shown and commits are followed
    live, then ``{"t": monotonic seconds, "token": newest event id counted, "mode": …}``
    after every update, until killed (:mod:`kiosk.bench.live` drives it).
    """
    from PySide6.QtCore import QTimer

    from kiosk.config import Settings
    from kiosk.core.clock import Clock
    from kiosk.services.env import ServiceEnv
    from kiosk.services.startup import open_database
    from kiosk.ui.app import create_app
    from kiosk.ui.supervisor import build_console

    app = create_app([sys.argv[0]])
    settings = Settings(db_url=db_url, language="en")
    clock = Clock.fixed(datetime.fromisoformat(shown_at))
    env = ServiceEnv(open_database(settings.database_url), settings, clock, "BENCH-DASH")
    console = build_console(env)
    console.resize(1400, 900)
    console.show()
    feed = console.feed
    dashboard = console.pages["dashboard"]

    def say(**line: object) -> None:
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()

    def shown(result: Any) -> None:
        dashboard.grab()  # the new numbers, painted
        mode = feed.live.mode if feed.live is not None else "poll"
        say(t=time.monotonic(), token=result.change_token, mode=mode)

    feed.headcount_changed.connect(shown)  # after the dashboard's own slot: it is shown
    waiting = QTimer()

    def ready() -> None:
        if feed.last is not None and feed.following:
            waiting.stop()
            say(ready=True)

    waiting.timeout.connect(ready)
    waiting.start(50)
    app.exec()


# --- start → ready to scan --------------------------------------------------------------------


_BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
label = QLabel("Scan your code")
label.resize(1280, 800)
label.show()
def ready():
    label.grab()
    print("READY", flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


def _time_until_ready(command: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    for line in child.stdout:
        if line.strip() == READY_LINE:
            elapsed = time.perf_counter() - began
            child.wait(timeout=30)
            return elapsed
    _, error = child.communicate(timeout=30)
    raise RuntimeError(f"never became ready: {(error.strip().splitlines() or ['?'])[-1]}")


def bench_startup(db_path: Path, starts: int = STARTS) -> dict[str, object]:
    """Median wall time from spawning the process to the first window being ready."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env[EXIT_WHEN_READY_ENV] = "1"
    with tempfile.TemporaryDirectory(prefix="kiosk-start-") as home:
        env.setdefault("XDG_DATA_HOME", home)
        kiosk_cmd = [sys.executable, "-m", "kiosk", "run",
                     "--mode", "gate", "--db", f"sqlite:///{db_path}"]  # fmt: skip
        bare_cmd = [sys.executable, "-c", _BARE_WINDOW]
        kiosk_s, bare_s = [], []
        for _ in range(starts):
            kiosk_s.append(_time_until_ready(kiosk_cmd, env))
            bare_s.append(_time_until_ready(bare_cmd, env))
    return {"value_s": statistics.median(kiosk_s), "baseline_s": statistics.median(bare_s)}


def main(argv: list[str]) -> int:
    if not argv:
        raise SystemExit("usage: python -m kiosk.ui.bench_ui scan-paint|startup …")
    what, *args = argv
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    result: dict[str, object]
    if what == "scan-paint":
        result = bench_scan_paint(Path(args[0]), int(args[1]))
    elif what == "live-dashboard":
        live_dashboard(args[0], args[1])
        return 0
    elif what == "throughput":
        result = bench_throughput(Path(args[0]), int(args[1]), int(args[2]), Path(args[3]))
    elif what == "startup":
        result = bench_startup(Path(args[0]), int(args[1]) if len(args) > 1 else STARTS)
    else:
        raise SystemExit(f"unknown benchmark {what!r}")
    print(json.dumps(result), flush=True)
    # PySide6 may crash while tearing its objects down at exit; the figure is already out.
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
