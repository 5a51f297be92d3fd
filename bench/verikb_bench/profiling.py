"""cProfile evidence for the report: the top lines of a profile, trimmed to what explains a miss.

When a figure misses its goal, the section profiles the slow step and adds the lines to
``bench.evidence``; the trimming and the profiled-subprocess pattern live here once.
"""

from __future__ import annotations

import io
import pstats
import sys
from collections.abc import Callable
from pathlib import Path

from .environment import PYTHON, ROOT, run
from .report import Bench


def profile_lines(stats_file: Path, *, sort: str, limit: int, keep: Callable[[str], bool]) -> list[str]:
    """The top lines of a cProfile dump, as pstats prints them, keeping those ``keep`` accepts."""
    out = io.StringIO()
    pstats.Stats(str(stats_file), stream=out).sort_stats(sort).print_stats(limit * 4)
    lines = out.getvalue().splitlines()
    head = [i for i, line in enumerate(lines) if line.strip().startswith("ncalls")]
    if not head:
        return lines[:limit]
    body = [line for line in lines[head[0] + 1 :] if line.strip() and keep(line)]
    return [lines[head[0]], *(line.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "") for line in body[:limit])]


def profile_command(
    bench: Bench, args: list[str], *, cwd: Path, out: Path, title: str, limit: int, keep: Callable[[str], bool]
) -> list[str]:
    """Run ``python -m cProfile -o OUT ARGS`` in ``cwd``; add its top lines (cumtime) as evidence under ``title``."""
    run([PYTHON, "-m", "cProfile", "-o", str(out), *args], cwd=cwd)
    lines = profile_lines(out, sort="cumtime", limit=limit, keep=keep)
    bench.evidence.append(f"{title}\n" + "\n".join(lines))
    return lines
