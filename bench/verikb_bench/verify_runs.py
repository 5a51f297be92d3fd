"""The two ways the verify section runs N snippets: ``run_verify`` in a fresh process, and the floor.

The floor is one process that imports the framework once and runs every snippet body in turn:
the least any verifier could take. Each (framework, N) gets its own project copy.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .environment import ENV, PYTHON, run
from .project import clone
from .report import Bench
from .synthetic_snippets import write_snippets

FLOOR_SCRIPT = """\
import json, os, runpy, sys, time
start = time.perf_counter()
framework, folder, out = sys.argv[1:]
if framework == "torch":
    import torch
else:
    import keras
    import tensorflow
imported = time.perf_counter() - start
os.environ["VERIKB_RESULTS"] = out + ".records"
paths = sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".py"))
bodies = 0.0
for path in paths:
    t = time.perf_counter()
    runpy.run_path(path, run_name="__main__")
    bodies += time.perf_counter() - t
with open(out, "w") as fh:
    json.dump({"import_s": imported, "bodies_s": bodies, "n": len(paths)}, fh)
"""


VERIFY_SCRIPT = """\
import sys, time
from pathlib import Path
from verikb.verify.command import run_verify
start = time.perf_counter()
code = run_verify([], root=Path(sys.argv[1]), framework=None, jobs=int(sys.argv[2]), as_json=False, use_cache=False)
print("run_verify_s", time.perf_counter() - start)
sys.exit(code)
"""


@dataclass(frozen=True, slots=True)
class FloorRun:
    """One floor process: framework import time and the sum of the snippet bodies' times."""

    import_s: float
    bodies_s: float

    @property
    def total(self) -> float:
        """Import plus bodies: the floor's whole time."""
        return self.import_s + self.bodies_s


def verify_project(bench: Bench, framework: str, n: int) -> Path:
    """A copy of the 10-deck project whose snippets/ holds only N snippets of one framework.

    A full ``verify`` (no paths, no --framework) is what writes verification.json; a partial run
    leaves it alone, so each (framework, N) gets its own project.
    """
    root = clone(bench, 10, f"verify-{framework}-{n}").root
    decks = sorted(p.stem for p in (root / "quizzes").glob("*.yml"))
    write_snippets(root / "snippets" / framework, framework, n, decks)
    return root


def run_floor(root: Path, folder: Path, framework: str, scratch: Path) -> FloorRun:
    """The floor: one fresh process, framework imported once, every snippet body run in turn."""
    out = scratch / "floor.json"
    records = Path(str(out) + ".records")
    records.unlink(missing_ok=True)
    subprocess.run(
        [PYTHON, str(scratch / "floor.py"), framework, str(folder), str(out)],
        cwd=root,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    verdicts = [json.loads(line)["verdict"] for line in records.read_text(encoding="utf-8").splitlines()]
    if len(verdicts) != data["n"] or set(verdicts) != {"verified"}:
        raise RuntimeError(f"floor: {len(verdicts)} verdicts for {data['n']} snippets: {set(verdicts)}")
    return FloorRun(data["import_s"], data["bodies_s"])


def run_verify_fresh(root: Path, scratch: Path, count: int, *, jobs: int) -> dict[str, Any]:
    """run_verify(all snippets, use_cache=False, jobs) in a fresh process; every claim must be verified."""
    (root / "verification.json").unlink(missing_ok=True)
    done = run([PYTHON, str(scratch / "verify.py"), str(root), str(jobs)], cwd=root, check=False)
    data = json.loads((root / "verification.json").read_text(encoding="utf-8"))
    if done.returncode != 0 or data["summary"] != {"verified": count}:
        raise RuntimeError(f"verify: exit {done.returncode}, summary {data['summary']}: {done.stderr[-1500:]}")
    return data
