"""Run every benchmark in one go: data set, import, check-in, headcount, badges, UI.

The window figures come from ``python -m kiosk.ui.bench_ui`` child processes (Qt lives only
in ``kiosk/ui``); when Qt or the window cannot run here they are reported as not measured
instead of failing the whole run.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.bench import dataset, storage
from kiosk.bench.badges import bench_badges
from kiosk.bench.figures import Figure, not_measured
from kiosk.bench.front_end import bench_print_pdf
from kiosk.bench.live import bench_live, import_into, own_schema
from kiosk.bench.offline import bench_converge, bench_offline_checkin
from kiosk.bench.search import bench_search
from kiosk.core.errors import KioskError

Progress = Callable[[str], None]
UI_TIMEOUT_S = 300

# Keys in report order; every one is always present (measured or "not measured").
FIGURE_KEYS = (
    "import",
    "import_peak_memory",
    "import_xlsx",
    "checkin_p50",
    "checkin_p99",
    "offline_checkin_p50",
    "offline_checkin_p99",
    "dead_hub_first_scan",
    "dead_hub_next_scans",
    "headcount",
    "name_search",
    "badge_render",
    "print_pdf",
    "scan_to_paint_p50",
    "scan_to_paint_p99",
    "startup",
    "throughput_1",
    "throughput_4",
    "live_sqlite_p95",
)
PG_LIVE_SIZE = 100_000
"""The PostgreSQL live figure runs on at most this many reservations (importing a million
into the server would take most of the run; the dashboard reads one session either way)."""


@dataclass
class BenchReport:
    """Every figure of one run, with the machine it ran on."""

    size: int
    machine: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "machine": self.machine,
            "seconds": round(self.seconds, 1),
            "figures": {f.key: f.to_json() for f in self.figures},
        }


def machine_info() -> dict[str, Any]:
    """nproc, CPU model, RAM, Python and SQLite versions (for docs/benchmarks.md)."""
    cpu = platform.processor() or platform.machine()
    ram_gb: float | None = None
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "load_average": _load_average(),
    }


def _load_average() -> list[float] | None:
    """1/5/15-minute load: on a shared machine it says how much to trust absolute times."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


def checkin_scans(size: int) -> int:
    """2000 scans at full size; fewer for small data sets so tests stay quick."""
    return max(30, min(2000, size // 20))


HUB_FIGURE_KEYS = ("live_postgres_p95", "converge_1000")
"""Figures measured only with a PostgreSQL server (``kiosk bench --db postgresql://…``)."""


def run_bench(
    size: int,
    *,
    workdir: Path | None = None,
    progress: Progress | None = None,
    hub_url: str | None = None,
) -> BenchReport:
    """Measure everything on ``size`` generated reservations; temporary files are removed.

    Args:
        hub_url: an empty PostgreSQL database: the hub figures are measured on it too
            (the live figure in a schema of its own, dropped afterwards).
    """
    say = progress or (lambda _text: None)
    started = time.perf_counter()
    report = BenchReport(size, machine_info())
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-", dir=workdir) as tmp:
        folder = Path(tmp)
        say(f"generating {size:,} reservations")
        data = dataset.generate(folder / "export", size)
        say("importing (kiosk sync, bare sqlite3, then CSV against XLSX)")
        imported = storage.bench_import(data, folder / "kiosk.db", folder / "raw.db")
        report.figures += [imported.import_time, imported.peak_memory, imported.xlsx]
        say("checking in")
        checkins = storage.bench_checkin(folder / "kiosk.db", scans=checkin_scans(size))
        report.figures += [checkins.p50, checkins.p99]
        say("checking in offline (the hub silent)")
        offline = bench_offline_checkin(
            folder / "kiosk.db",
            scans=checkin_scans(size),
            single_kiosk_p99_ms=checkins.p99.value,
        )
        report.figures += [offline.p50, offline.p99, offline.first_scan, offline.next_scans]
        say("counting heads")
        report.figures.append(storage.bench_headcount(folder / "kiosk.db"))
        say("searching names, keystroke by keystroke")
        report.figures.append(bench_search(size))
        say("rendering badges")
        report.figures.append(bench_badges())
        say("measuring the window (Qt, offscreen)")
        starts = 3 if size >= 10_000 else 1
        report.figures += ui_figures(folder / "kiosk.db", folder / "ui", starts=starts)
        say("whole-loop throughput (Qt, offscreen)")
        report.figures += throughput_figures(folder / "kiosk.db", folder / "loop", size)
        say("check-in → another process's dashboard (SQLite)")
        report.figures.append(bench_live(f"sqlite:///{folder / 'kiosk.db'}", *LIVE_SQLITE))
        if hub_url is not None:
            report.figures.append(postgres_live_figure(hub_url, data, folder, say))
            say("heal → converged on the hub (4 kiosk processes, 1,000 queued check-ins)")
            report.figures.append(bench_converge(hub_url, progress=say))
    report.seconds = time.perf_counter() - started
    report.machine["load_average_after"] = _load_average()
    return report


def _ui_child(what: str, *args: str) -> dict[str, Any]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.ui.bench_ui", what, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=UI_TIMEOUT_S,
        env=env,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        reason = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        raise RuntimeError(reason)
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def ui_figures(db_path: Path, folder: Path, *, starts: int = 3) -> list[Figure]:
    """Print-to-PDF (here), scan → painted and start → ready (Qt children), each guarded."""
    folder.mkdir(parents=True, exist_ok=True)
    figures: list[Figure] = []
    try:
        figures.append(bench_print_pdf(folder / "pdf"))
    except (KioskError, OSError) as exc:
        figures.append(not_measured("print_pdf", "print a party's badges to PDF",
                                    "Pillow PDF", "ms", str(exc), max_value=300))  # fmt: skip
    try:
        scan = _ui_child("scan-paint", str(db_path), str(30))
        label = f"one frame at 60 Hz; a bare QLabel setText+repaint p50 {scan['label_ms']:.2f} ms"
        note = f"{scan['scans']} scans through MainWindow.handle_scan, offscreen"
        figures += [
            Figure("scan_to_paint_p50", "scanner Enter → result painted, p50", scan["p50_ms"],
                   16.7, label, "ms", max_value=100, note=note),
            Figure("scan_to_paint_p99", "scanner Enter → result painted, p99", scan["p99_ms"],
                   16.7, label, "ms", max_value=100, note=note),
        ]  # fmt: skip
    except (RuntimeError, subprocess.TimeoutExpired, ValueError, KeyError) as exc:
        for key in ("scan_to_paint_p50", "scan_to_paint_p99"):
            figures.append(not_measured(key, "scanner Enter → result painted", "one frame 16.7 ms",
                                        "ms", str(exc), max_value=100))  # fmt: skip
    try:
        start = _ui_child("startup", str(db_path), str(starts))
        figures.append(
            Figure("startup", "start → ready to scan (kiosk run --mode gate, new process)",
                   start["value_s"], start["baseline_s"],
                   "bare PySide6 first window shown in a new process", "s", max_value=1,
                   note=f"median of {starts} start(s) each")
        )  # fmt: skip
    except (RuntimeError, subprocess.TimeoutExpired, ValueError, KeyError) as exc:
        figures.append(not_measured("startup", "start → ready to scan", "bare PySide6 window",
                                    "s", str(exc), max_value=1))  # fmt: skip
    return figures


# --- the whole loop and the live dashboard ------------------------------------------------------

LIVE_SQLITE = ("live_sqlite_p95", "SQLite")
LIVE_POSTGRES = ("live_postgres_p95", "PostgreSQL")
THROUGHPUT_MIN_PER_MINUTE = 60


def throughput_parties(size: int, party_size: int) -> int:
    """Parties per run: enough to sustain the loop, fewer on small data sets (tests)."""
    if size >= 10_000:
        return 60 if party_size == 1 else 30
    return 10 if party_size == 1 else 5


def throughput_figures(db_path: Path, folder: Path, size: int) -> list[Figure]:
    """Parties a minute through the whole loop, one-person and four-person (Qt children)."""
    figures: list[Figure] = []
    for party_size in (1, 4):
        key = f"throughput_{party_size}"
        people = "one-person" if party_size == 1 else "four-person (Party page: all four)"
        title = f"whole loop, {people} parties: scan → decision → painted → badges spooled"
        label = "the services alone: check_in + print_visitor_badges to the PDF folder"
        parties = throughput_parties(size, party_size)
        try:
            found = _ui_child("throughput", str(db_path), str(party_size), str(parties),
                              str(folder / f"pdf-{party_size}"))  # fmt: skip
            note = (
                f"{found['parties']} parties through MainWindow offscreen, wedge-scanner key "
                f"bursts, badges to a PDF folder by the badge printer thread "
                f"({found['printed']} spooled, {found['failed']} failed)"
            )
            figures.append(Figure(key, title, found["per_minute"], found["baseline_per_minute"],
                                  label, "/min", note=note,
                                  min_value=THROUGHPUT_MIN_PER_MINUTE))  # fmt: skip
        except (RuntimeError, subprocess.TimeoutExpired, ValueError, KeyError) as exc:
            figures.append(not_measured(key, title, label, "/min", str(exc),
                                        min_value=THROUGHPUT_MIN_PER_MINUTE))  # fmt: skip
    return figures


def postgres_live_figure(
    hub_url: str, data: dataset.Dataset, folder: Path, say: Progress
) -> Figure:
    """The live figure on PostgreSQL: the data set (at most ``PG_LIVE_SIZE``) imported into a
    schema of its own in the hub's database, dropped afterwards (the hub stays empty)."""
    key, backend = LIVE_POSTGRES
    if data.reservations > PG_LIVE_SIZE:
        data = dataset.generate(folder / "export-pg", PG_LIVE_SIZE)
    with own_schema(hub_url) as url:
        say(f"importing {data.reservations:,} reservations into PostgreSQL")
        try:
            import_into(url, data.reservations_csv, data.roster_csv)
        except KioskError as exc:
            return not_measured(key, f"check-in → shown on another process's dashboard ({backend})",
                                "bare psycopg LISTEN", "ms", exc.message, max_value=500)  # fmt: skip
        say("check-in → another process's dashboard (PostgreSQL)")
        note = f"{data.reservations:,} reservations on the server"
        return bench_live(url, key, backend, note=note)
