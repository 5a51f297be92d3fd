"""Section "verify": ``run_verify`` (warm worker, one fork per snippet) against the one-process floor.

For PyTorch and TensorFlow snippets, at each N, and whether time per snippet stays flat with N.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from .report import Bench, ratio_row
from .stats import Stats
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
            walls: list[float] = []
            last: dict[str, Any] = {}
            for _ in range(repeats):
                floors.append(run_floor(root, folder, framework, scratch))
                start = time.perf_counter()
                last = run_verify_fresh(root, scratch, n)
                walls.append(time.perf_counter() - start)
            wall, floor = Stats(tuple(walls)), Stats(tuple(f.total for f in floors))
            per[n] = wall.scaled(1 / n)
            _, mid = ratio_row(
                bench,
                "verify",
                f"{framework}: run_verify(use_cache=False) / floor",
                n=n,
                subject=wall,
                baseline=floor,
                goal=1.2,
                paired=True,
            )
            child = sum(s["duration_s"] for s in last["snippets"])
            body = statistics.median(f.bodies_s for f in floors)
            bench.say(
                f"  {framework} N={n}: floor import {statistics.median(f.import_s for f in floors):.2f} s + "
                f"bodies {body:.2f} s; verify wall {wall.median:.2f} s of which children {child:.2f} s "
                f"({child / n * 1000:.1f} ms each vs body {body / n * 1000:.1f} ms)"
            )
            if mid > 1.2 and n == sizes[-1]:
                profile_verify(bench, folder, framework, wall=wall.median, child=child, floors=floors)
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
