"""A long-lived process per framework: import it once, then fork one isolated child per snippet.

Importing torch costs 2-4 s and tensorflow 4-6 s; a forked child inherits the imported modules
for ~0.02 s, while still getting its own memory, output files and a hard time limit. The next
child is forked while the current one runs, and a child reports before it exits, so neither
the fork nor the exit sits between two snippets.
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
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(slots=True)
class _Child:
    """A forked child that waits for one request; it reports its exit code just before exiting."""

    pid: int
    requests: int
    """Write end of the pipe the child reads its one request from."""
    done: int
    """Read end of the pipe the child writes its exit code to, as its last act."""

    def close(self) -> None:
        for fd in (self.requests, self.done):
            os.close(fd)


def _fork_child(framework: str, busy: _Child | None) -> _Child:
    """Fork a child that waits for a request. Done while ``busy`` runs a snippet, the fork's cost
    (~8 ms for a torch worker, and TensorFlow's start in the child) is off the critical path."""
    request_r, request_w = os.pipe()
    done_r, done_w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        try:
            for fd in (request_w, done_r, *((busy.requests, busy.done) if busy else ())):
                os.close(fd)  # the busy sibling's pipes are not ours to hold open
            _child_main(framework, request_r, done_w)
        finally:
            os._exit(70)  # only reached on an internal error: never return into the worker's loop
    os.close(request_r)
    os.close(done_w)
    return _Child(pid=pid, requests=request_w, done=done_r)


def _child_main(framework: str, requests: int, done: int) -> None:
    """In the forked child: wait for the request, run the snippet, report, exit. Never returns."""
    os.setpgid(0, 0)  # its own process group, so a timeout kills anything it started
    if framework == "tensorflow":
        _start_tensorflow()
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(requests, 1 << 16)
        if not chunk:
            os._exit(0)  # the worker ended before giving this spare child any work
        data += chunk
    request = json.loads(data)
    code = _run_snippet(request["path"], request["output"], request["results"])
    os.write(done, f"{code}\n".encode())
    os._exit(code)  # skip atexit handlers inherited from the worker


def _start_tensorflow() -> None:
    """Start TensorFlow's runtime (eager context, thread pools) while the child still waits.

    The worker itself must not (see ``_warm_up``); a child that owns the runtime is safe, and
    the ~40 ms it costs then overlap the sibling's run instead of adding to this one's.
    """
    import tensorflow as tf

    tf.constant(0.0).numpy()


def _run_snippet(path: str, output: str, results: str) -> int:
    """Run the snippet as ``__main__`` with its output going to a file; its exit code."""
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
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def _wait(child: _Child, timeout: float) -> tuple[str, int | None]:
    """Block until the child reports, dies or runs out of time (no polling: pipe and pidfd).

    A child that reported its exit code is left to finish exiting (unmapping a large address
    space takes ~10 ms) while the worker goes on; ``_reap`` collects it later.
    """
    pidfd = os.pidfd_open(child.pid)
    try:
        ready, _, _ = select.select([child.done, pidfd], [], [], max(timeout, 0.0))
    finally:
        os.close(pidfd)
    if not ready:
        os.killpg(child.pid, signal.SIGKILL)
        os.waitpid(child.pid, 0)
        return "timeout", None
    if child.done in ready and (report := os.read(child.done, 64)):
        _exiting.append(child.pid)
        code = int(report)
        return ("ok" if code == 0 else "error"), code
    # Gone without a report: killed by a signal, or the snippet called os._exit itself.
    _, status = os.waitpid(child.pid, 0)
    if os.WIFSIGNALED(status):
        return "crashed", -os.WTERMSIG(status)
    code = os.WEXITSTATUS(status)
    return ("ok" if code == 0 else "error"), code


_exiting: list[int] = []
"""Children that reported and are still exiting."""


def _reap(*, block: bool) -> None:
    for pid in list(_exiting):
        if os.waitpid(pid, 0 if block else os.WNOHANG)[0]:
            _exiting.remove(pid)


def run_one(child: _Child, path: str, timeout: float, *, meanwhile: Callable[[], None]) -> dict[str, object]:
    """Give ``child`` one snippet, call ``meanwhile`` while it runs, then collect the results."""
    with tempfile.TemporaryDirectory(prefix="verikb-") as tmp:
        output, results = os.path.join(tmp, "output"), os.path.join(tmp, "results.jsonl")  # noqa: PTH118
        Path(output).touch()
        Path(results).touch()
        start = time.perf_counter()
        request = {"path": path, "output": output, "results": results}
        os.write(child.requests, json.dumps(request).encode() + b"\n")
        meanwhile()
        status, code = _wait(child, timeout - (time.perf_counter() - start))
        duration = time.perf_counter() - start
        child.close()
        records = [json.loads(line) for line in Path(results).read_text(encoding="utf-8").splitlines()]
        return {
            "path": path,
            "status": status,
            "exit_code": code,
            "duration_s": round(duration, 4),
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
    spare = _fork_child(framework, None)
    for line in sys.stdin:
        request = json.loads(line)
        child = spare

        def fork_next(busy: _Child = child) -> None:
            nonlocal spare
            spare = _fork_child(framework, busy)

        answer = run_one(child, request["path"], float(request["timeout"]), meanwhile=fork_next)
        print(json.dumps(answer), file=protocol, flush=True)
        _reap(block=False)
    spare.close()  # the spare child reads end-of-file and exits
    os.waitpid(spare.pid, 0)
    _reap(block=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
