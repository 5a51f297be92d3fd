"""The three ways the verify section runs N snippets: ``verikb verify``, the isolation floor, and notebooks.

- ``verikb verify --no-cache`` as a user runs it (a fresh process, every snippet executed).
- The isolation floor: one process imports the framework once (as fully as a child needs it),
  then forks a bare child per snippet that runs its body, and waits for it: the least any
  verifier that isolates snippets from each other could take.
- The anchor a user would pick instead: each snippet as a notebook executed by nbclient in a
  kernel of its own (as jupyter-cache does), one after the other (its default executor).

Every run must give every claim ``verified``, so none of them is timed doing less than the others.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .environment import PYTHON, run
from .project import clone
from .report import Bench
from .synthetic_snippets import write_snippets

FLOOR_SCRIPT = """\
import json, os, runpy, sys, time
start = time.perf_counter()
framework, folder, out = sys.argv[1:]
if framework == "torch":
    import torch
    # As the verify worker does: pull in torch's lazily imported optimizer machinery (~1.4 s) once,
    # or every child would pay it. TensorFlow is only imported: a child forked after its runtime
    # started can deadlock.
    torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1).step()
else:
    import keras
    import tensorflow
imported = time.perf_counter() - start
os.environ["VERIKB_RESULTS"] = out + ".records"
paths = sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".py"))
bodies = 0.0
for path in paths:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        t = time.perf_counter()
        runpy.run_path(path, run_name="__main__")
        os.write(write, repr(time.perf_counter() - t).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as fh:
        body = fh.read()
    if os.waitpid(pid, 0)[1] != 0:
        sys.exit(f"{path}: the child failed")
    bodies += float(body)
with open(out, "w") as fh:
    json.dump({"import_s": imported, "bodies_s": bodies, "total_s": time.perf_counter() - start, "n": len(paths)}, fh)
"""


NOTEBOOK_SCRIPT = """\
import json, os, sys, time
start = time.perf_counter()
import nbformat
from nbclient import NotebookClient
folder, out = sys.argv[1:]
os.environ["VERIKB_RESULTS"] = out + ".records"
paths = sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".ipynb"))
ready = time.perf_counter() - start
each = []
for path in paths:
    t = time.perf_counter()
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": folder}}).execute()
    nbformat.write(notebook, path + ".out")
    each.append(time.perf_counter() - t)
with open(out, "w") as fh:
    json.dump({"ready_s": ready, "each_s": each}, fh)
"""


@dataclass(frozen=True, slots=True)
class FloorRun:
    """One floor process: the framework import, the children's bodies, and its whole time."""

    import_s: float
    bodies_s: float
    total_s: float


@dataclass(frozen=True, slots=True)
class NotebookRun:
    """One nbclient process over a sample of the notebooks: its start and each notebook's time."""

    ready_s: float
    each_s: tuple[float, ...]

    def estimate(self, n: int) -> float:
        """Seconds for all ``n`` notebooks: the start, plus ``n`` times the sample's mean notebook."""
        return self.ready_s + n * sum(self.each_s) / len(self.each_s)


def verify_project(bench: Bench, framework: str, n: int) -> Path:
    """A copy of the 10-deck project whose snippets/ holds only N snippets of one framework.

    A full ``verify`` (no paths, no --framework) is what writes verification.json; a partial run
    leaves it alone, so each (framework, N) gets its own project.
    """
    root = clone(bench, 10, f"verify-{framework}-{n}").root
    decks = sorted(p.stem for p in (root / "quizzes").glob("*.yml"))
    write_snippets(root / "snippets" / framework, framework, n, decks)
    return root


def write_notebooks(snippets: Path, folder: Path, count: int) -> Path:
    """The first ``count`` snippets of ``snippets``, each as a one-cell notebook in ``folder``."""
    import nbformat

    folder.mkdir(exist_ok=True)
    for path in sorted(snippets.glob("*.py"))[:count]:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(path.read_text(encoding="utf-8"))])
        nbformat.write(notebook, folder / f"{path.stem}.ipynb")
    return folder


def run_floor(root: Path, folder: Path, framework: str, scratch: Path) -> FloorRun:
    """The floor: one fresh process, framework imported once, a forked child per snippet body."""
    out = scratch / "floor.json"
    data = _run_script(scratch / "floor.py", [framework, str(folder), str(out)], cwd=root)
    _check_records(out, data["n"], "floor")
    return FloorRun(data["import_s"], data["bodies_s"], data["total_s"])


def run_notebooks(folder: Path, scratch: Path) -> NotebookRun:
    """The anchor: one fresh process executing every notebook in ``folder``, a kernel each."""
    out = scratch / "notebooks.json"
    data = _run_script(scratch / "notebooks.py", [str(folder), str(out)], cwd=folder)
    _check_records(out, len(data["each_s"]), "nbclient")
    return NotebookRun(data["ready_s"], tuple(data["each_s"]))


def _run_script(script: Path, args: list[str], *, cwd: Path) -> dict[str, Any]:
    """Run one of the scripts above in a fresh process; the JSON it wrote to its last argument."""
    out = Path(args[-1])
    Path(f"{out}.records").unlink(missing_ok=True)
    run([PYTHON, str(script), *args], cwd=cwd)
    return json.loads(out.read_text(encoding="utf-8"))


def _check_records(out: Path, count: int, what: str) -> None:
    """Every snippet recorded exactly one ``verified`` claim."""
    lines = Path(f"{out}.records").read_text(encoding="utf-8").splitlines()
    verdicts = [json.loads(line)["verdict"] for line in lines]
    if len(verdicts) != count or set(verdicts) != {"verified"}:
        raise RuntimeError(f"{what}: {len(verdicts)} verdicts for {count} snippets: {set(verdicts)}")


def timed_verify(root: Path, count: int) -> tuple[float, dict[str, Any]]:
    """Seconds of ``python -m verikb verify --no-cache`` in ``root``, and the verification.json it wrote;
    every claim must be verified."""
    (root / "verification.json").unlink(missing_ok=True)
    start = time.perf_counter()
    done = run([PYTHON, "-m", "verikb", "verify", "--no-cache"], cwd=root, check=False)
    wall = time.perf_counter() - start
    data = json.loads((root / "verification.json").read_text(encoding="utf-8"))
    if done.returncode != 0 or data["summary"] != {"verified": count}:
        raise RuntimeError(f"verify: exit {done.returncode}, summary {data['summary']}: {done.stderr[-1500:]}")
    return wall, data
