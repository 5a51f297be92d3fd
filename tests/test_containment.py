"""Snippets are contained: capped output, a memory limit, no process left behind, no network.

Every test runs real snippets in real torch workers and looks at real processes (/proc).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from verikb.verify.command import run_verify
from verikb.verify.containment import is_memory_error

ROOT = Path(__file__).resolve().parent.parent
DECK = "004_33f72aaf9d4d1e34"
LIMIT = 64 * 1024
ENV = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")


def _project(tmp_path: Path, snippets: dict[str, str]) -> Path:
    shutil.copytree(ROOT / "quizzes", tmp_path / "quizzes")
    folder = tmp_path / "snippets" / "torch"
    folder.mkdir(parents=True)
    for name, text in snippets.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return tmp_path


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie has ended: it only waits to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def _wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


# --- the snippets, all run by one verify (one torch worker) ------------------------------------------

LOUD = f"""
    # checks: {DECK}/card-1, {DECK}/card-2
    import sys, warnings
    from verikb.verify.claims import claim
    with claim("{DECK}/card-1", "prints 50 MB", expect="verified") as c:
        sys.stdout.write("x" * 50_000_000)
        for k in range(20_000):
            warnings.warn(f"warning number {{k}}")
        c.verified()
    with claim("{DECK}/card-2", "raises with a 1 MB message", expect="verified") as c:
        raise ValueError("y" * 1_000_000)
    sys.stdout.write("z" * 50_000_000)
"""

# 8 GiB of float32, never touched: it costs address space only, so without a limit it succeeds.
ALLOCATE = "torch.empty(2 * 2**30)"
MEMORY = {
    "in_claim": f"""
        # checks: {DECK}/card-1
        import torch
        from verikb.verify.claims import claim
        with claim("{DECK}/card-1", "8 GiB fit", expect="verified") as c:
            {ALLOCATE}
            c.verified()
    """,
    "uncaught": f"""
        # checks: {DECK}/card-2
        import torch
        {ALLOCATE}
    """,
    "allowed_more": f"""
        # checks: {DECK}/card-3
        # memory: 12 GiB
        import torch
        from verikb.verify.claims import claim
        with claim("{DECK}/card-3", "8 GiB fit under a 12 GiB limit", expect="verified") as c:
            {ALLOCATE}
            c.verified()
    """,
}


def _spawning(folder: Path, *, then: str = "") -> str:
    """A snippet that records its pid, forks a child and starts a ``setsid`` daemon (double fork)."""
    return f"""
        # checks: {DECK}/card-1
        import os, time
        from pathlib import Path
        from verikb.verify.claims import claim
        folder = Path({str(folder)!r})
        (folder / "snippet").write_text(str(os.getpid()))
        if (child := os.fork()) == 0:
            time.sleep(1000)
            os._exit(0)
        read, write = os.pipe()
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.write(write, str(os.getpid()).encode())
                time.sleep(1000)
            os._exit(0)
        (folder / "child").write_text(str(child))
        (folder / "daemon").write_text(os.read(read, 32).decode())
        with claim("{DECK}/card-1", "started two processes", expect="verified") as c:
            c.verified()
        {then}
    """


def _connecting(port: int) -> str:
    return f"""
        # checks: {DECK}/card-1, {DECK}/card-2
        import ctypes, os, socket, struct
        from verikb.verify.claims import claim
        with claim("{DECK}/card-1", "connects to the test's server", expect="verified") as c:
            socket.create_connection(("127.0.0.1", {port}), timeout=10).close()
            c.verified()
        with claim("{DECK}/card-2", "connects through libc, past the socket module", expect="verified") as c:
            libc = ctypes.CDLL(None, use_errno=True)
            fd = libc.socket(socket.AF_INET, socket.SOCK_STREAM, 0)
            address = struct.pack("=H", socket.AF_INET) + struct.pack("!H4s8x", {port}, bytes([127, 0, 0, 1]))
            failed = libc.connect(fd, address, len(address))
            c.holds(failed == 0, otherwise=f"connect: {{os.strerror(ctypes.get_errno())}}")
    """


@contextlib.contextmanager
def _server() -> Iterator[tuple[int, list[object]]]:
    """A TCP server on loopback that this test process runs; yields its port and what it accepted."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[object] = []

    def accept() -> None:
        while True:
            try:
                accepted.append(listener.accept())
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield listener.getsockname()[1], accepted
    finally:
        listener.close()


@dataclass(frozen=True, slots=True)
class Contained:
    """One verify of all the snippets above: results and runs by snippet name, and what else it left."""

    results: dict[str, dict[str, dict]]
    runs: dict[str, dict]
    record_size: int
    pids: dict[str, int]
    port: int
    accepted: list[object]


@pytest.fixture(scope="module")
def contained(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Contained]:
    tmp = tmp_path_factory.mktemp("contained")
    (tmp / "pids").mkdir()
    with _server() as (port, accepted):
        snippets = {"loud": LOUD, **MEMORY, "spawns": _spawning(tmp / "pids"), "connects": _connecting(port)}
        root = _project(tmp / "project", {f"{name}.py": text for name, text in snippets.items()})
        run_verify([], root=root, framework=None, jobs=1, as_json=False, use_cache=False)
        data = json.loads((root / "verification.json").read_text(encoding="utf-8"))
        results: dict[str, dict[str, dict]] = {}
        for r in data["results"]:
            if r["snippet"]:
                results.setdefault(Path(r["snippet"]).stem, {})[r["item"]] = r
        yield Contained(
            results=results,
            runs={Path(run["path"]).stem: run for run in data["snippets"]},
            record_size=(root / "verification.json").stat().st_size,
            pids=_pids(tmp / "pids"),
            port=port,
            accepted=accepted,
        )


def _pids(folder: Path) -> dict[str, int]:
    return {name: int((folder / name).read_text()) for name in ("snippet", "child", "daemon")}


# --- output ----------------------------------------------------------------------------------------


def test_a_snippet_printing_50_mb_makes_no_50_mb_record(contained: Contained) -> None:
    assert contained.record_size < 1_000_000
    loud = contained.results["loud"]["card-1"]
    assert loud["verdict"] == "verified"
    assert loud["output"] == "x" * LIMIT + f"\n[output truncated: {50_000_000 - LIMIT} bytes more]\n"
    assert len("".join(loud["warnings"][:-1]).encode()) <= LIMIT
    assert re.fullmatch(r"\[output truncated: \d+ bytes more\]", loud["warnings"][-1])
    exception = contained.results["loud"]["card-2"]["exception"]
    kept = "ValueError: " + "y" * (LIMIT - len("ValueError: "))
    assert exception == kept + f"\n[output truncated: {1_000_000 + len('ValueError: ') - LIMIT} bytes more]\n"
    output = contained.runs["loud"]["output"]
    assert output[:LIMIT] == "x" * LIMIT
    assert int(re.fullmatch(r"\n\[output truncated: (\d+) bytes more\]\n", output[LIMIT:])[1]) > 101_000_000 - LIMIT


# --- memory ----------------------------------------------------------------------------------------


def test_a_snippet_over_its_memory_limit_gets_the_error_memory_limit(contained: Contained) -> None:
    in_claim = contained.results["in_claim"]["card-1"]
    assert in_claim["verdict"] == "error"
    assert in_claim["exception"].startswith("memory limit (4 GiB) reached: RuntimeError: ")
    assert "Cannot allocate memory" in in_claim["exception"]
    assert contained.runs["uncaught"]["status"] == "memory limit"
    assert contained.results["uncaught"]["card-2"]["exception"] == "the snippet ended with status 'memory limit'"


def test_a_memory_header_raises_the_limit(contained: Contained) -> None:
    assert contained.results["allowed_more"]["card-3"]["verdict"] == "verified"


@pytest.mark.parametrize(
    ("line", "memory"),
    [
        ("MemoryError", True),
        ("numpy._core._exceptions._ArrayMemoryError: Unable to allocate 74.5 GiB for an array", True),
        (
            "RuntimeError: [enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory",
            True,
        ),
        ("ResourceExhaustedError: {{function_node __wrapped__Fill}} OOM when allocating tensor with shape[10]", True),
        (
            "env.cc:84] Check failed: ret == 0 (11 vs. 0) Thread tf_data_private_threadpool creation via "
            "pthread_create() failed.",
            True,
        ),
        ("ValueError: Argument(s) not recognized: {'lr': 0.0001}", False),
    ],
    ids=["python", "numpy", "torch", "tensorflow", "tensorflow-thread", "not-memory"],
)
def test_refused_allocations_are_told_apart_from_other_errors(line: str, memory: bool) -> None:
    """The lines torch, numpy and TensorFlow gave here when an allocation hit RLIMIT_AS."""
    assert is_memory_error(line) is memory


# --- processes -------------------------------------------------------------------------------------


def test_nothing_a_snippet_started_outlives_verify(contained: Contained) -> None:
    assert contained.results["spawns"]["card-1"]["verdict"] == "verified"
    assert {name: pid for name, pid in contained.pids.items() if _running(pid)} == {}


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
def test_a_signal_to_verify_ends_the_running_snippet_and_all_below_it(
    tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    pids = tmp_path / "pids"
    pids.mkdir()
    root = _project(tmp_path / "project", {"hangs.py": _spawning(pids, then="time.sleep(1000)")})
    verify = subprocess.Popen(
        [sys.executable, "-m", "verikb", "verify", "--root", str(root)],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for((pids / "daemon").exists, 180, "the snippet to start its processes")
        running = {"worker": _children(verify.pid)[0], **_pids(pids)}
        assert all(map(_running, running.values())), running
        verify.send_signal(sig)
        assert verify.wait(timeout=60) == code
    finally:
        verify.kill()
    assert {name: pid for name, pid in running.items() if _running(pid)} == {}


def test_sigterm_on_import_out_leaves_no_pool_worker(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    for k in range(300):  # enough for the process pool (64 files and more) to be busy for a while
        for text in (ROOT / "sources").glob("*.txt"):
            shutil.copy(text, sources / f"{text.stem}_{k}.txt")
    importing = subprocess.Popen(
        [sys.executable, "-m", "verikb", "import", str(sources), "--out", str(tmp_path / "quizzes")],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(lambda: len(_children(importing.pid)) > 1, 60, "the import's process pool")
        pool = _children(importing.pid)
        importing.send_signal(signal.SIGTERM)
        assert importing.wait(timeout=60) == 143
    finally:
        importing.kill()
    assert [pid for pid in pool if _running(pid)] == []


# --- network ---------------------------------------------------------------------------------------

_NETWORK = subprocess.run(
    [sys.executable, "-c", "from verikb.verify.containment import isolate_network; print(isolate_network())"],
    capture_output=True,
    text=True,
    check=True,
).stdout.strip()


def test_a_snippet_cannot_reach_a_server_on_loopback(contained: Contained) -> None:
    results = contained.results["connects"]
    assert results["card-1"]["verdict"] == "error"
    blocked = f"network access is blocked for snippets (socket.connect to ('127.0.0.1', {contained.port}))"
    assert results["card-1"]["exception"] == f"PermissionError: {blocked}"
    if _NETWORK != "namespace":
        pytest.skip("no network namespace here (not root): only the socket guard holds, and libc gets through")
    assert (results["card-2"]["verdict"], results["card-2"]["truth"]) == ("refuted", "connect: Network is unreachable")
    assert contained.accepted == []


def _without_cap_sys_admin() -> None:
    """In the child before exec: drop CAP_SYS_ADMIN from the bounding set, so the new program lacks it."""
    if ctypes.CDLL(None, use_errno=True).prctl(24, 21, 0, 0, 0) != 0:  # PR_CAPBSET_DROP, CAP_SYS_ADMIN
        raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.skipif(os.geteuid() != 0, reason="drops a capability of root's")
def test_without_a_namespace_the_socket_guard_is_in_force_and_refuses() -> None:
    with _server() as (port, accepted):
        probe = f"""
from verikb.verify.containment import guard_sockets, isolate_network
import socket
print(isolate_network())
guard_sockets()
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=10)
except PermissionError as exc:
    print(exc)
"""
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True, preexec_fn=_without_cap_sys_admin
        )
        assert done.stdout.splitlines() == [
            "socket guard",
            f"network access is blocked for snippets (socket.connect to ('127.0.0.1', {port}))",
        ]
        assert accepted == []
