"""Evidence for a slow verify: where the time goes between worker start, forks, children and the parent.

Run by the verify section when ``run_verify`` misses its goal at the largest N.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from .environment import ENV, PYTHON, run
from .profiling import profile_command
from .report import Bench
from .verify_runs import FloorRun, verify_project

WORKER_PROBE = """\
import json, os, sys, time
from pathlib import Path
framework, folder, empty = sys.argv[1:]
start = time.perf_counter()
from verikb.verify import worker
worker._warm_up(framework)
ready = time.perf_counter() - start
def median(values):
    return sorted(values)[len(values) // 2]
def bare_fork():
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return time.perf_counter() - t
def child_first_op():
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        t = time.perf_counter()
        if framework == "torch":
            import torch
            torch.zeros(1) + 1
        else:
            import tensorflow as tf
            tf.constant(1.0) + 1
        os.write(write, str(time.perf_counter() - t).encode())
        os._exit(0)
    os.close(write)
    data = os.read(read, 100)
    os.waitpid(pid, 0)
    os.close(read)
    return float(data)
from verikb.verify.runner import OUTPUT_LIMIT
from verikb.verify.snippets import DEFAULT_MEMORY_BYTES
sys.stdin = os.fdopen(os.pipe()[0])  # the worker's run_one ends when its stdin does: keep one open
results = Path(folder).parent / "probe-results.jsonl"
def run_one(path):
    # As the worker's loop does it: fork a child, wait for it, end whatever it left, read its records.
    request = {"path": path, "timeout": 120, "memory": DEFAULT_MEMORY_BYTES, "output_limit": OUTPUT_LIMIT}
    return worker.run_one(request, results)
def outside(path):
    t = time.perf_counter()
    answer = run_one(path)
    return time.perf_counter() - t - answer["duration_s"]
paths = sorted(str(p) for p in Path(folder).glob("*.py"))[:15]
print(json.dumps({
    "ready_s": ready,
    "fork_exit_s": median([bare_fork() for _ in range(15)]),
    "first_op_s": median([child_first_op() for _ in range(7)]),
    "empty_s": median([run_one(empty)["duration_s"] for _ in range(15)]),
    "run_one_s": median([run_one(p)["duration_s"] for p in paths]),
    "outside_s": median([outside(p) for p in paths]),
}))
"""


def profile_verify(
    bench: Bench, folder: Path, framework: str, *, wall: float, child: float, floors: list[FloorRun]
) -> None:
    """Split verify's time: worker start, per-snippet fork, the child's own run, and the parent's share."""
    scratch = bench.tmp / "verify-scratch"
    root, n = folder.parents[1], len(list(folder.glob("*.py")))
    (scratch / "probe.py").write_text(WORKER_PROBE, encoding="utf-8")
    (scratch / "empty.py").write_text("", encoding="utf-8")
    cmd = [PYTHON, str(scratch / "probe.py"), framework, str(folder), str(scratch / "empty.py")]
    probe = json.loads(run(cmd, cwd=root, env=ENV).stdout.splitlines()[-1])
    body_each = statistics.median(f.bodies_s for f in floors) / n
    import_s = statistics.median(f.import_s for f in floors)
    ms = {k: v * 1000 for k, v in probe.items()}
    bench.evidence.append(
        f"verify ({framework}, N={n}, jobs=1): wall {wall:.1f} s vs floor {import_s + body_each * n:.1f} s "
        f"(import {import_s:.1f} s + bodies {body_each * n:.1f} s)\n"
        f"worker start (python + import + _warm_up, until 'ready'): {probe['ready_s']:.2f} s, once\n"
        f"Σ child duration_s from verification.json (fork to exit, leftovers ended): {child:.1f} s = "
        f"{child / n * 1000:.1f} ms per snippet, vs {body_each * 1000:.1f} ms per body in the floor process\n"
        f"measured in a warmed worker (medians):\n"
        f"  bare os.fork() + os._exit(0) + waitpid:           {ms['fork_exit_s']:7.1f} ms\n"
        f"  first {framework} op in a freshly forked child:   {ms['first_op_s']:7.1f} ms\n"
        f"  run_one() of an empty file (fork, runpy, exit, reap):  {ms['empty_s']:7.1f} ms\n"
        f"  run_one() of a benchmark snippet:                 {ms['run_one_s']:7.1f} ms\n"
        f"  run_one() bookkeeping outside duration_s (tmpdir, reading output, JSON): {ms['outside_s']:7.1f} ms\n"
        f"rest of the wall time (parent start and imports, protocol, progress bar, results; and machine noise, "
        f"wall and children come from different runs): {wall - child - probe['ready_s']:.1f} s"
    )
    profile_verify_parent(bench, verify_project(bench, framework, 100), framework)


def profile_verify_parent(bench: Bench, root: Path, framework: str) -> None:
    """cProfile of the run_verify process: where the parent's wall time goes (mostly waiting on the worker)."""
    scratch = bench.tmp / "verify-scratch"
    out = scratch / f"verify-{framework}.prof"
    wanted = ("verikb/", "readline", "Popen", "waitpid")
    profile_command(
        bench,
        [str(scratch / "verify.py"), str(root), "1"],
        cwd=root,
        out=out,
        title=f"verify ({framework}): cProfile of the run_verify process, N=100, use_cache=False, jobs=1 (cumtime)",
        limit=18,
        keep=lambda line: any(w in line for w in wanted),
    )
