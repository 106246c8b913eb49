"""The window's figures of ``kiosk bench``: scan → painted, start → ready to scan.

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
from datetime import timedelta
from pathlib import Path

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
