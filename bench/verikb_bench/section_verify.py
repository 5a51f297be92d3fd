"""Section "verify": ``run_verify`` (warm worker, one fork per snippet) against the one-process floor.

For PyTorch and TensorFlow snippets, at each N, and whether time per snippet stays flat with N.
The goal rows run ``verify`` as a user does (``--jobs 2``: two workers on this machine's two
cores); ``jobs=1`` (one worker, as the floor's one process) is shown beside them.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from .report import Bench, info_row, ratio_row, ratios
from .stats import Stats
from .timing import rounds
from .verify_profile import profile_verify
from .verify_runs import FLOOR_SCRIPT, VERIFY_SCRIPT, FloorRun, run_floor, run_verify_fresh, verify_project


def section_verify(bench: Bench) -> None:
    """run_verify (warm worker, one fork per snippet) vs one process running every snippet body."""
    sizes = (10, 100) if bench.quick else (10, 100, 1000)
    scratch = bench.tmp / "verify-scratch"
    scratch.mkdir(exist_ok=True)
    (scratch / "floor.py").write_text(FLOOR_SCRIPT, encoding="utf-8")
    (scratch / "verify.py").write_text(VERIFY_SCRIPT, encoding="utf-8")
    for framework in ("torch", "tensorflow"):
        per: dict[int, Stats] = {}
        for n in sizes:
            root = verify_project(bench, framework, n)
            folder = root / "snippets" / framework
            # One fork per snippet: N=1000 takes ~1 min (torch) and ~2-4 min (TF) per run, so fewer runs there.
            repeats = bench.repeats if n < 1000 else min(bench.repeats, 1 if framework == "tensorflow" else 2)
            if repeats < bench.repeats:
                bench.note(
                    f"verify: {framework} N={n} ran {repeats}× instead of {bench.repeats}× to keep the whole run "
                    "under ~25 min"
                )
            floors: list[FloorRun] = []
            walls: dict[int, list[float]] = {DEFAULT_JOBS: [], 1: []}
            last: dict[str, Any] = {}
            # Floor and both verify runs in a shuffled order each round: whichever runs first after
            # another's framework import would otherwise always meet the same cache and CPU state.
            for order in rounds(["floor", *map(str, walls)], repeats):
                for name in order:
                    if name == "floor":
                        floors.append(run_floor(root, folder, framework, scratch))
                        continue
                    start = time.perf_counter()
                    data = run_verify_fresh(root, scratch, n, jobs=int(name))
                    walls[int(name)].append(time.perf_counter() - start)
                    last = data if name == "1" else last
            floor = Stats(tuple(f.total for f in floors))
            wall, one_worker = Stats(tuple(walls[DEFAULT_JOBS])), Stats(tuple(walls[1]))
            per[n] = wall.scaled(1 / n)
            ratio_row(
                bench,
                "verify",
                f"{framework}: run_verify(use_cache=False, jobs={DEFAULT_JOBS}, the default) / floor",
                n=n,
                subject=wall,
                baseline=floor,
                goal=1.2,
                paired=True,
            )
            _, mid = info_ratio(bench, framework, n, one_worker, floor)
            child = sum(s["duration_s"] for s in last["snippets"])  # of a jobs=1 run: one worker
            body = statistics.median(f.bodies_s for f in floors)
            bench.say(
                f"  {framework} N={n}: floor import {statistics.median(f.import_s for f in floors):.2f} s + "
                f"bodies {body:.2f} s; verify wall {wall.median:.2f} s (jobs={DEFAULT_JOBS}), "
                f"{one_worker.median:.2f} s (jobs=1) of which children {child:.2f} s "
                f"({child / n * 1000:.1f} ms each vs body {body / n * 1000:.1f} ms)"
            )
            if mid > 1.2 and n == sizes[-1]:
                profile_verify(bench, folder, framework, wall=one_worker.median, child=child, floors=floors)
        ratio_row(
            bench,
            "verify",
            f"{framework}: time per snippet, N={sizes[-1]} / N={sizes[-2]}",
            n=f"{sizes[-1]} vs {sizes[-2]}",
            subject=per[sizes[-1]],
            baseline=per[sizes[-2]],
            goal=1.2,
            paired=False,
        )


# ``verikb verify``'s --jobs default: what a user runs.
DEFAULT_JOBS = 2


def info_ratio(bench: Bench, framework: str, n: int, one_worker: Stats, floor: Stats) -> tuple[float, float]:
    """The jobs=1 run against the floor, for information; returns its (min, median) ratio."""
    info_row(
        bench,
        "verify",
        f"{framework}: run_verify(use_cache=False, jobs=1: one worker, one fork per snippet) / floor",
        n=n,
        subject=one_worker,
        baseline=floor,
        paired=True,
    )
    return ratios(one_worker, floor, paired=True)
