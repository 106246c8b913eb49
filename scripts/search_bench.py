"""Scratch benchmark of kiosk.core.search: keys/second, index build, per-keystroke latency.

.venv/bin/python scripts/search_bench.py [SIZE ...]
"""

from __future__ import annotations

import sys
from dataclasses import asdict

from kiosk.core.search import benchmark

for size in [int(arg) for arg in sys.argv[1:]] or [100_000]:
    result = benchmark(size=size)
    for key, value in asdict(result).items():
        print(f"{key:>16}: {value}")
    print()
