"""Measured values: the runs of one measurement, shown as min / median in a readable unit.

Every figure in the table is built from these, so the units (ms, s, KiB, per second) read the same everywhere.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Stats:
    """Seconds (or bytes) of several runs of one measurement."""

    runs: tuple[float, ...]

    @property
    def min(self) -> float:
        """The fastest (smallest) run."""
        return min(self.runs)

    @property
    def median(self) -> float:
        """The median run: what PASS/MISS is decided on."""
        return statistics.median(self.runs)

    def scaled(self, factor: float) -> Stats:
        """The same runs times ``factor`` (e.g. per-item time)."""
        return Stats(tuple(r * factor for r in self.runs))

    def show(self, unit: str = "s") -> str:
        """``min / median`` in ``unit``, as the table shows it."""
        return f"{fmt(self.min, unit)} / {fmt(self.median, unit)}"

    def show_rate(self, count: float = 1) -> str:
        """``count`` items per run of these seconds, as a rate: from the min run / from the median run."""
        return f"{fmt(count / self.min, '/s')} / {fmt(count / self.median, '/s')}"


def fmt(value: float, unit: str) -> str:
    """One value in its unit: seconds as ms or s, bytes (``B``) as KiB, ``/s`` as a rate."""
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "B":
        return f"{value / 1024:.1f} KiB"
    if unit == "/s":
        return f"{value:,.0f}/s"
    return f"{value:.3g}{unit}"
