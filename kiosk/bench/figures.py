"""A benchmark figure beside its raw baseline: ratios count, absolute times only indicate."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One measured figure and the raw baseline measured in the same run.

    Attributes:
        key: stable machine name (JSON key).
        title: what was measured, for people.
        value: the kiosk's figure in ``unit`` (None: not measured, see ``note``).
        baseline: the raw baseline in ``unit`` (None: not measured).
        baseline_label: what the baseline is.
        unit: "ms", "s", "MB" or "/min".
        max_value: absolute target (same unit), if any.
        max_ratio: target for value/baseline, if any.
        note: why a figure is missing, or what it includes.
        min_value: absolute floor (same unit) for a figure where more is better (a rate).
    """

    key: str
    title: str
    value: float | None
    baseline: float | None
    baseline_label: str
    unit: str
    max_value: float | None = None
    max_ratio: float | None = None
    note: str = ""
    min_value: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.value is None or self.baseline is None or self.baseline <= 0:
            return None
        return self.value / self.baseline

    @property
    def target(self) -> str:
        parts = []
        if self.min_value is not None:
            parts.append(f"≥ {self.min_value:g} {self.unit}")
        if self.max_value is not None:
            parts.append(f"≤ {self.max_value:g} {self.unit}")
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}× raw")
        return " and ".join(parts) or "—"

    @property
    def met(self) -> bool | None:
        """True/False against the target; None when not measured or without a target."""
        if self.value is None or (
            self.max_value is None and self.max_ratio is None and self.min_value is None
        ):
            return None
        if self.max_value is not None and self.value > self.max_value:
            return False
        if self.min_value is not None and self.value < self.min_value:
            return False
        if self.max_ratio is not None:
            ratio = self.ratio
            if ratio is None or ratio > self.max_ratio:
                return False
        return True

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        data["target"] = self.target
        data["met"] = self.met
        return data


def not_measured(
    key: str, title: str, baseline_label: str, unit: str, reason: str, **targets: float
) -> Figure:
    return Figure(
        key, title, None, None, baseline_label, unit, note=f"not measured: {reason}", **targets
    )


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p50 → 0.5, p99 → 0.99) of a non-empty sample."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]
