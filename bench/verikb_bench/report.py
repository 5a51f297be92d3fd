"""The results as a run collects them: table rows, notes and profile evidence, added by the sections.

A row is either a ratio against a baseline with a goal (PASS/MISS on the median ratio), an
information-only ratio, or a check with its own PASS/MISS; the helpers here keep their columns uniform.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .stats import Stats

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the results table."""

    section: str
    figure: str
    n: str
    subject: str
    baseline: str
    ratio: str
    goal: str
    status: str


@dataclass
class Bench:
    """What a run shares between sections: settings, temp dir, built projects, the results."""

    tmp: Path
    repeats: int
    quick: bool
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    projects: dict[int, Project] = field(default_factory=dict)

    def say(self, text: str) -> None:
        """Progress and growth lines go to the terminal as they happen."""
        print(text, flush=True)

    def note(self, text: str) -> None:
        """A remark for the report's Notes (e.g. fewer repeats than asked), also printed."""
        self.notes.append(text)
        self.say(f"  note: {text}")

    def add(self, row: Row) -> None:
        """A row for the table, also printed as it is measured."""
        self.rows.append(row)
        self.say(
            f"  {row.figure} [N={row.n}]: {row.subject} vs {row.baseline} -> {row.ratio} (goal {row.goal}) {row.status}"
        )


def ratios(subject: Stats, baseline: Stats, *, paired: bool) -> tuple[float, float]:
    """(min, median) of the ratio every comparison row shows.

    ``paired``: run ``i`` of both was taken in the same round, so the ratio is taken per round
    and a machine that is slower for a minute slows both sides of that ratio alike (this VM's
    speed drifts 10-30% over minutes). Otherwise min/min and median/median.
    """
    if not paired:
        return subject.min / baseline.min, subject.median / baseline.median
    if len(subject.runs) != len(baseline.runs):
        raise ValueError("paired ratios need one subject run per baseline run")
    per_round = [s / b for s, b in zip(subject.runs, baseline.runs, strict=True)]
    return min(per_round), statistics.median(per_round)


def ratio_row(
    bench: Bench,
    section: str,
    figure: str,
    *,
    n: object,
    subject: Stats,
    baseline: Stats,
    goal: float,
    paired: bool,
    unit: str = "s",
    digits: int = 2,
) -> tuple[float, float]:
    """Add a row comparing ``subject`` with ``baseline``; return (min ratio, median ratio)."""
    lo, mid = ratios(subject, baseline, paired=paired)
    figure = f"{figure} *(paired)*" if paired else figure
    status = "PASS" if mid <= goal else "MISS"
    bench.add(
        Row(
            section,
            figure,
            str(n),
            subject.show(unit),
            baseline.show(unit),
            f"{lo:.{digits}f}× / {mid:.{digits}f}×",
            f"≤ {goal}×",
            status,
        )
    )
    return lo, mid


def info_row(
    bench: Bench,
    section: str,
    figure: str,
    *,
    n: object,
    subject: Stats,
    baseline: Stats,
    paired: bool,
    goal: str = "info",
    digits: int = 2,
) -> None:
    """Add a row comparing ``subject`` with ``baseline`` for information only: no goal, no PASS/MISS."""
    lo, mid = ratios(subject, baseline, paired=paired)
    figure = f"{figure} *(paired)*" if paired else figure
    ratio = f"{lo:.{digits}f}× / {mid:.{digits}f}×"
    bench.add(Row(section, figure, str(n), subject.show(), baseline.show(), ratio, goal, "info"))


def skip_row(bench: Bench, section: str, figure: str, *, goal: str, reason: str) -> None:
    """Add a row for a figure that could not be measured on this machine, saying why."""
    bench.add(Row(section, figure, "—", "—", "—", "—", goal, f"SKIP ({reason})"))
