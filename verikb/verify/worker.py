"""A long-lived process per framework: import it once, then fork one isolated child per snippet.

Importing torch costs 2-4 s and tensorflow 4-6 s; a forked child inherits the imported modules
for ~0.05 s, while still getting its own memory, output files and a hard time limit.
Protocol: JSON lines. The worker prints ``{"ready": …, "versions": …}`` once, then answers each
request ``{"path": …, "timeout": …}`` with ``{"status": …, "output": …, "records": […], …}``.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import runpy
import select
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

from verikb.verify.claims import RESULTS_ENV

__all__ = ["main"]


def _warm_up(framework: str) -> dict[str, str]:
    """Import the framework (and, for torch, its lazy parts), so children start warm."""
    versions = {"python": platform.python_version()}
    if framework == "torch":
        import torch

        param = torch.nn.Parameter(torch.zeros(1))
        torch.optim.SGD([param], lr=0.1).step()  # pulls in torch._dynamo (~1.4 s) once
        versions["torch"] = torch.__version__
    else:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        import keras
        import tensorflow as tf

        # Import only: creating any TF object starts runtime thread pools, and a child forked
        # after that deadlocks in fit() (measured: every fit() hung until the timeout).
        versions["tensorflow"] = tf.__version__
        versions["keras"] = keras.__version__
    return versions


def _run_child(path: str, output: str, results: str) -> None:
    """In the forked child: run the snippet as ``__main__`` with output going to a file."""
    os.setpgid(0, 0)  # its own process group, so a timeout kills anything it started
    fd = os.open(output, os.O_WRONLY)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.environ[RESULTS_ENV] = results
    sys.argv = [path]
    sys.path.insert(0, str(Path(path).parent))
    code = 0
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # skip atexit handlers inherited from the worker


def _wait(pid: int, timeout: float) -> tuple[str, int | None]:
    """Block until the child exits or the time limit passes (a pidfd wakes us at once, no polling)."""
    pidfd = os.pidfd_open(pid)
    try:
        exited, _, _ = select.select([pidfd], [], [], timeout)
    finally:
        os.close(pidfd)
    if not exited:
        os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return "timeout", None
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return "crashed", -os.WTERMSIG(status)
    code = os.WEXITSTATUS(status)
    return ("ok" if code == 0 else "error"), code


def run_one(path: str, timeout: float) -> dict[str, object]:
    """Fork, run one snippet in the child, and collect what it printed and recorded."""
    with tempfile.TemporaryDirectory(prefix="verikb-") as tmp:
        output, results = os.path.join(tmp, "output"), os.path.join(tmp, "results.jsonl")  # noqa: PTH118
        Path(output).touch()
        Path(results).touch()
        sys.stdout.flush()
        sys.stderr.flush()
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            _run_child(path, output, results)
        status, code = _wait(pid, timeout)
        records = [json.loads(line) for line in Path(results).read_text(encoding="utf-8").splitlines()]
        return {
            "path": path,
            "status": status,
            "exit_code": code,
            "duration_s": round(time.perf_counter() - start, 4),
            "output": Path(output).read_text(encoding="utf-8", errors="replace")[-20000:],
            "records": records,
        }


def main(argv: list[str]) -> int:
    """Serve snippet runs for one framework until stdin closes."""
    (framework,) = argv
    protocol = sys.stdout
    sys.stdout = sys.stderr  # anything else printed must not corrupt the protocol
    versions = _warm_up(framework)
    # Move everything imported so far out of the collector's reach: a child's garbage collection
    # would otherwise walk (and copy-on-write) the framework's millions of objects.
    gc.freeze()
    print(json.dumps({"ready": True, "versions": versions}), file=protocol, flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        answer = run_one(request["path"], float(request["timeout"]))
        print(json.dumps(answer), file=protocol, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
