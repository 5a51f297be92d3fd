"""The command line of ``scripts/bench``: parse the flags, run the chosen sections, write the results.

One broken section is reported as an ERROR row and does not lose the other sections' figures.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from . import __doc__ as overview
from .environment import ROOT, compile_sources
from .machine import machine
from .report import Bench, Row
from .results_file import table, write_results
from .section_build import section_build
from .section_first_run import section_first_run
from .section_import import section_import
from .section_page import section_page
from .section_verify import section_verify
from .section_warm import section_warm

SECTION_FUNCS: dict[str, Callable[[Bench], None]] = {
    "import": section_import,
    "build": section_build,
    "warm": section_warm,
    "verify": section_verify,
    "page": section_page,
    "first-run": section_first_run,
}
SECTIONS = tuple(SECTION_FUNCS)


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The flags of ``scripts/bench``; ``--repeats`` below 1 is an error."""
    parser = argparse.ArgumentParser(prog="scripts/bench", description=(overview or "").partition("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--quick", action="store_true", help="smaller N: a fast smoke run")
    parser.add_argument("--only", choices=SECTIONS, help="run one section")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md", help="results file")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (its path is printed)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def main(argv: list[str]) -> int:
    """Run the chosen sections, print the table, write the results file."""
    args = parse_args(argv)
    info = machine()
    for key, value in info.items():
        print(f"{key}: {value}")
    started = time.perf_counter()
    compile_sources()
    tmp = Path(tempfile.mkdtemp(prefix="verikb-bench-"))
    bench = Bench(tmp=tmp, repeats=args.repeats, quick=args.quick)
    try:
        for name in [args.only] if args.only else SECTIONS:
            section_start = time.perf_counter()
            bench.say(f"\n== {name}")
            try:
                SECTION_FUNCS[name](bench)
            except Exception as exc:  # one broken section must not lose the others' figures
                bench.add(
                    Row(name, "section failed", "—", f"{type(exc).__name__}: {str(exc)[:300]}", "—", "—", "—", "ERROR")
                )
            bench.say(f"  ({name}: {time.perf_counter() - section_start:.0f} s)")
    finally:
        if args.keep:
            print(f"temp dir kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    seconds = time.perf_counter() - started
    print()
    print("\n".join(table(bench.rows)))
    write_results(bench, info, args, argv=argv, seconds=seconds)
    print(f"\n{args.out} written ({seconds / 60:.1f} min)")
    return 1 if any(r.status == "ERROR" for r in bench.rows) else 0
