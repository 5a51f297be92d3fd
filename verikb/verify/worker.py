"""A long-lived process per framework: import it once, then fork one contained child per snippet.

Importing torch costs 2-4 s and tensorflow 4-6 s; a child forked from the warm worker inherits the
imported modules in ~10 ms, with its own memory, an address-space limit, a time limit and its
output on a pipe the worker reads (capped). The worker lives in a network namespace of its own and
is the subreaper of everything a snippet starts: after each snippet it kills what is left
(``containment``). Plain ``os.fork``, not multiprocessing's forkserver: a process has one
forkserver, and the children would be the forkserver's, which could then neither time them out
nor find their orphans.
Protocol: JSON lines. The worker prints ``{"ready": …, "versions": …, "network": …}`` once, then
answers each request ``{"path", "timeout", "memory", "output_limit"}`` with ``{"path", "status",
"exit_code", "duration_s", "output", "records"}``. When its stdin closes, or on SIGTERM or SIGINT,
it kills the snippet it runs (and all below it) and exits.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import resource
import runpy
import select
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, NoReturn

from verikb.verify.claims import RESULTS_ENV
from verikb.verify.containment import (
    cap_text,
    end_descendants,
    guard_sockets,
    is_memory_error,
    isolate_network,
    reap_orphans,
)

__all__ = ["MEMORY_EXIT", "main"]

MEMORY_EXIT = 75
"""Exit code of a child whose snippet died of an uncaught allocation failure (status ``memory limit``)."""


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


def _child(request: dict[str, Any], results: Path, output: int) -> NoReturn:
    """In the forked child: limits, then the snippet as ``__main__``. Never returns into the worker."""
    code = 70
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.close(output)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        sys.stdout = sys.__stdout__  # the worker's own stdout is its protocol; here it is the pipe
        memory = int(request["memory"])
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        code = _run_snippet(request["path"], results)
    finally:
        os._exit(code)  # skip atexit handlers inherited from the worker


def _run_snippet(path: str, results: Path) -> int:
    """Run the snippet as ``__main__``; its exit code (``MEMORY_EXIT`` for an allocation refused)."""
    os.environ[RESULTS_ENV] = str(results)
    sys.argv = [path]
    sys.path.insert(0, str(Path(path).parent))
    code = 0
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException as exc:
        traceback.print_exc()
        code = MEMORY_EXIT if is_memory_error("".join(traceback.format_exception_only(exc))) else 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code


class _Output:
    """The first ``limit`` bytes a child writes to its pipe, and how many more it wrote."""

    def __init__(self, fd: int, limit: int) -> None:
        self.fd, self.limit, self.head, self.more = fd, limit, bytearray(), 0

    def read(self) -> bool:
        """Take what the pipe holds (blocking for at least one byte); False at end of file."""
        chunk = os.read(self.fd, 1 << 16)
        room = max(self.limit - len(self.head), 0)
        self.head += chunk[:room]
        self.more += len(chunk) - min(room, len(chunk))
        return bool(chunk)

    def text(self) -> str:
        return cap_text(self.head.decode("utf-8", errors="replace"), self.limit, more=self.more)


def _wait(pid: int, output: _Output, timeout: float) -> tuple[str, int | None]:
    """Read the child's output until it exits or runs out of time; its status and exit code.

    Raises SystemExit when the worker's stdin closes meanwhile (the verify process is gone).
    """
    deadline = time.monotonic() + timeout
    pidfd = os.pidfd_open(pid)
    watched = [output.fd, pidfd, sys.stdin.fileno()]
    try:
        while pidfd not in (ready := select.select(watched, [], [], max(deadline - time.monotonic(), 0))[0]):
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return "timeout", None
            if sys.stdin.fileno() in ready:
                raise SystemExit(0)  # requests come one at a time: readable now means end of file
            if not output.read():
                watched.remove(output.fd)
    finally:
        os.close(pidfd)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return "crashed", -os.WTERMSIG(status)
    code = os.WEXITSTATUS(status)
    return {0: "ok", MEMORY_EXIT: "memory limit"}.get(code, "error"), code


def run_one(request: dict[str, Any], results: Path) -> dict[str, Any]:
    """Fork a child for one snippet, wait for it, kill anything it left, collect what it recorded."""
    results.write_bytes(b"")
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(request, results, write_end)
    os.close(write_end)
    output = _Output(read_end, int(request["output_limit"]))
    try:
        status, code = _wait(pid, output, float(request["timeout"]))
        end_descendants()  # also closes the pipe's last write ends: the read below ends
        while output.read():
            pass
    finally:
        os.close(read_end)
    duration = time.perf_counter() - start
    if status == "crashed" and is_memory_error(output.text()):
        status = "memory limit"  # e.g. TensorFlow aborting when it cannot map a thread's stack
    lines = results.read_text(encoding="utf-8", errors="replace").splitlines()
    records = [_recorded(json.loads(line), request) for line in lines]
    return {
        "path": request["path"],
        "status": status,
        "exit_code": code,
        "duration_s": round(duration, 4),
        "output": output.text(),
        "records": records,
    }


def _recorded(record: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    """A claim's record with every text capped, and a refused allocation named as the memory limit."""
    record = _capped(record, int(request["output_limit"]))
    exception = record.get("exception")
    if record.get("verdict") == "error" and exception and is_memory_error(exception):
        record["exception"] = f"memory limit ({int(request['memory']) / 2**30:g} GiB) reached: {exception}"
    return record


def _capped(value: Any, limit: int) -> Any:
    if isinstance(value, str):
        return cap_text(value, limit)
    if isinstance(value, dict):
        return {key: _capped(item, limit) for key, item in value.items()}
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        kept: list[str] = []
        for k, item in enumerate(value):  # e.g. warnings: as many as fit in ``limit``
            limit -= len(item.encode("utf-8", errors="replace"))
            if limit < 0:
                more = sum(len(rest.encode("utf-8", errors="replace")) for rest in value[k:])
                return [*kept, cap_text("", 0, more=more).strip()]
            kept.append(item)
    return value


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str]) -> int:
    """Serve snippet runs for one framework until stdin closes."""
    (framework,) = argv
    network = isolate_network()  # first, while the process is still small and single-threaded
    reap_orphans()
    signal.signal(signal.SIGTERM, _stop)
    protocol = sys.stdout
    sys.stdout = sys.stderr  # anything else printed must not corrupt the protocol
    try:
        versions = _warm_up(framework)
        guard_sockets()
        # Move everything imported so far out of the collector's reach: a child's garbage collection
        # would otherwise walk (and copy-on-write) the framework's millions of objects.
        gc.freeze()
        print(json.dumps({"ready": True, "versions": versions, "network": network}), file=protocol, flush=True)
        with tempfile.TemporaryDirectory(prefix="verikb-") as tmp:
            results = Path(tmp) / "results.jsonl"
            while line := sys.stdin.readline():
                print(json.dumps(run_one(json.loads(line), results)), file=protocol, flush=True)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        end_descendants()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
