"""Name search per keystroke against a plain substring scan of the same stored keys.

Measured on :func:`kiosk.core.search.sample_records` (names drawn by Chinese surname
frequency, 30 % Latin names with accents, companions, phones): the benchmark data set's few
dozen names would make every query hit thousands of identical names and say little.
"""

from __future__ import annotations

from kiosk.bench.figures import Figure

MAX_KEYSTROKE_MS = 50.0


def bench_search(size: int) -> Figure:
    """p95 of one keystroke's search over ``size`` bookings, beside the raw scan's p95."""
    from kiosk.core.search import benchmark

    result = benchmark(size=size, measure_keys=min(size, 50_000))
    return Figure(
        "name_search",
        "name search per keystroke, p95 (pinyin, initials, typos, phone digits)",
        result.query_p95_ms,
        result.raw_p95_ms,
        "substring scan of the stored keys (no pinyin, initials or typos), p95",
        "ms",
        max_value=MAX_KEYSTROKE_MS,
        note=(
            f"{result.records:,} bookings, {result.queries} keystrokes typed as staff do; "
            f"p50 {result.query_p50_ms:.1f} ms, slowest {result.query_max_ms:.1f} ms; "
            f"index built in {result.build_s:.1f} s, {result.index_mb:.0f} MB; "
            f"keys computed at {result.keys_per_second:,.0f} names/s at sync"
        ),
    )
