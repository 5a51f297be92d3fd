"""Entry point of ``scripts/bench``: the benchmarks live in the package bench/verikb_bench (see ``--help``)."""

from __future__ import annotations

import sys
from pathlib import Path


def run_benchmarks(argv: list[str]) -> int:
    """Put the repository root (for ``support``, shared with the tests) and bench/ (for ``verikb_bench``)
    on sys.path, then run."""
    root = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(root), str(root / "bench")]
    from verikb_bench.main import main

    return main(argv)


if __name__ == "__main__":
    sys.exit(run_benchmarks(sys.argv[1:]))
