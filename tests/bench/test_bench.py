"""``kiosk bench``: every figure comes with a raw baseline and a ratio, on any size."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.bench import FIGURE_KEYS, dataset
from kiosk.bench.figures import Figure, percentile
from kiosk.bench.runner import HUB_FIGURE_KEYS
from kiosk.cli import main


@pytest.mark.slow
def test_bench_json_has_every_figure_with_a_baseline_and_a_ratio(
    capsys: pytest.CaptureFixture[str], pg_url: str
) -> None:
    """A small run with a hub reports every figure, each with a measured baseline and a ratio."""
    assert main(["bench", "--size", "2000", "--db", pg_url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["size"] == 2000
    assert {"nproc", "cpu", "ram_gb", "python", "sqlite"} <= set(report["machine"])
    assert list(report["figures"]) == [*FIGURE_KEYS, *HUB_FIGURE_KEYS]
    for key, figure in report["figures"].items():
        assert figure["value"] is not None, f"{key}: {figure['note']}"
        assert figure["baseline"] is not None and figure["baseline"] > 0, key
        assert figure["ratio"] == pytest.approx(figure["value"] / figure["baseline"], rel=1e-2)
        assert figure["baseline_label"], key


def test_bench_refuses_a_size_too_small_to_mean_anything(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--size below the minimum exits 2 with a sentence instead of measuring noise."""
    assert main(["bench", "--size", "10"]) == 2
    assert "--size must be at least" in capsys.readouterr().err


def test_bench_takes_only_a_postgresql_database(capsys: pytest.CaptureFixture[str]) -> None:
    """--db names the PostgreSQL database for its figures; a SQLite one is refused, unused."""
    assert main(["bench", "--size", "2000", "--db", "sqlite:///kiosk.db"]) == 2
    assert "--db takes an empty PostgreSQL database" in capsys.readouterr().err


def test_a_rate_has_a_floor() -> None:
    """Throughput is a rate: more is better, and below its floor it is not met."""
    enough = Figure("x", "x", 75.0, 120.0, "raw", "/min", min_value=60)
    short = Figure("x", "x", 45.0, 120.0, "raw", "/min", min_value=60)
    assert (enough.met, short.met, enough.target) == (True, False, "≥ 60 /min")


def test_figure_ratio_and_targets() -> None:
    """A figure compares against its absolute and its ratio target; unmeasured has no verdict."""
    fast = Figure("x", "x", 4.0, 1.0, "raw", "ms", max_value=5, max_ratio=10)
    slow_ratio = Figure("x", "x", 4.0, 0.2, "raw", "ms", max_value=5, max_ratio=10)
    missing = Figure("x", "x", None, 1.0, "raw", "ms", max_value=5)
    assert (fast.ratio, fast.met) == (4.0, True)
    assert slow_ratio.met is False
    assert missing.ratio is None and missing.met is None
    assert fast.target == "≤ 5 ms and ≤ 10× raw"


def test_percentile_is_nearest_rank() -> None:
    """p50 and p99 of 1..100 are 50 and 99."""
    samples = [float(n) for n in range(100, 0, -1)]
    assert percentile(samples, 0.5) == 50.0
    assert percentile(samples, 0.99) == 99.0


def test_dataset_is_reproducible_and_realistic(tmp_path: Path) -> None:
    """Same size → same bytes; parties 1–5 averaging about 2.5; ~200 bookings a session."""
    first = dataset.generate(tmp_path / "a", 1000)
    second = dataset.generate(tmp_path / "b", 1000)
    assert first.reservations_csv.read_bytes() == second.reservations_csv.read_bytes()
    assert first.sessions == 5
    assert 2.3 < first.visitors / first.reservations < 2.8
    header = first.reservations_csv.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",")[:3] == ["预约码", "参观日期", "入场时间"]
