"""``kiosk bench``: performance figures, each beside a raw baseline measured in the same run.

Qt-free; the window figures come from :mod:`kiosk.ui.bench_ui` child processes.
"""

from __future__ import annotations

from kiosk.bench.figures import Figure
from kiosk.bench.runner import FIGURE_KEYS, BenchReport, run_bench

__all__ = ["FIGURE_KEYS", "BenchReport", "Figure", "run_bench"]
