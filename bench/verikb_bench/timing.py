"""Timing: wall seconds of one call, and several actions run in turn.

Subject and baseline run interleaved (baseline, subject, baseline, subject, …) so a noisy
machine skews both alike; every section times its work through these two functions.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .stats import Stats


def timed(action: Callable[[], object]) -> float:
    """Wall seconds of one call."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def interleaved(actions: dict[str, Callable[[], object]], repeats: int) -> dict[str, Stats]:
    """Run every action once per round, in turn, so machine noise hits all of them alike."""
    runs: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeats):
        for name, action in actions.items():
            runs[name].append(timed(action))
    return {name: Stats(tuple(values)) for name, values in runs.items()}
