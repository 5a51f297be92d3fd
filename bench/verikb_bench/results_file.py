"""bench/results.md: the machine, the results table, the notes and the evidence for every miss.

The same table is printed in the terminal at the end of a run.
"""

from __future__ import annotations

import argparse
import os

from .report import Bench, Row


def table(rows: list[Row]) -> list[str]:
    """The rows as a Markdown table (also readable in a terminal)."""
    head = (
        "section",
        "figure",
        "N",
        "subject (min / median)",
        "baseline (min / median)",
        "ratio (min / median)",
        "goal",
        "",
    )
    cells = [head, *((r.section, r.figure, r.n, r.subject, r.baseline, r.ratio, r.goal, r.status) for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return lines


def write_results(
    bench: Bench, info: dict[str, str], args: argparse.Namespace, *, argv: list[str], seconds: float
) -> None:
    """``args.out`` (bench/results.md): machine, the table, notes and the profile evidence for every miss."""
    info = {**info, "load average at end": " ".join(f"{x:.1f}" for x in os.getloadavg())}
    flags = " ".join(argv) or "(defaults)"
    quick = ["**A quick smoke run** (smaller N, fewer notebooks): not the figures the goals are judged on.", ""]
    quick = quick if args.quick else []
    text = [
        "# verikb benchmark results",
        "",
        f"Written by `scripts/bench {flags}` in {seconds / 60:.1f} min, repeats {args.repeats}"
        f"{', quick' if args.quick else ''}. Every figure is a ratio against a baseline measured in the same run,",
        "subject and baseline run in rounds, in an order shuffled every round. Where both ran in the same rounds",
        "(marked *paired*), the ratio is taken per round and the table shows the min and median of those",
        "ratios, so a machine that drifts between rounds cancels out; elsewhere (across N) it is min/min and",
        "median/median. PASS/MISS is decided on the median ratio.",
        "",
        *quick,
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in info.items()),
        "",
        "## Results",
        "",
        *table(bench.rows),
        "",
    ]
    if bench.notes:
        text += ["## Notes", "", *(f"- {n}" for n in bench.notes), ""]
    if bench.evidence:
        text += ["## Evidence for misses", ""]
        for block in bench.evidence:
            title, _, body = block.partition("\n")
            text += (
                [
                    f"### {title}",
                    "",
                    "```",
                    body,
                    "```",
                    "",
                ]
                if body
                else [f"- {title}", ""]
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(text), encoding="utf-8")
