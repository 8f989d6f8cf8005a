"""Small helpers shared by the benchmarks: repeated timing and medians."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

__all__ = ["Figure", "median", "percentile"]


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], fraction: float) -> float:
    """Return the value below which ``fraction`` (0–1) of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Figure:
    """One row of the benchmark page."""

    name: str
    value: str
    target: str = ""
    verdict: str = ""
    notes: list[str] = field(default_factory=list)
