"""Timing: wall seconds of one call, and several actions run in turn.

Subject and baseline run in rounds, each once per round, so a noisy machine skews both alike;
the order within a round is shuffled (seeded, so a run can be repeated), so neither side
always runs first, after the other's file writes or on a cache the other warmed. Every section
times its work through these two functions.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator

from .stats import Stats


def timed(action: Callable[[], object]) -> float:
    """Wall seconds of one call."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def interleaved(
    actions: dict[str, Callable[[], object]], repeats: int, *, settle: Callable[[], object] | None = None
) -> dict[str, Stats]:
    """Run every action once per round, in an order shuffled per round; run ``i`` of every
    action comes from round ``i``, so ratios between them can be taken per round. ``settle``,
    when given, runs untimed before every action (e.g. ``os.sync``, so that no run pays for
    writing back an earlier run's files)."""
    runs: dict[str, list[float]] = {name: [] for name in actions}
    for order in rounds(list(actions), repeats):
        for name in order:
            if settle is not None:
                settle()
            runs[name].append(timed(actions[name]))
    return {name: Stats(tuple(values)) for name, values in runs.items()}


def rounds(names: list[str], repeats: int) -> Iterator[list[str]]:
    """``repeats`` rounds of ``names``, each in its own shuffled order (seeded: reruns repeat it)."""
    rng = random.Random(f"{names}/{repeats}")
    for _ in range(repeats):
        order = list(names)
        rng.shuffle(order)
        yield order
