"""What keeps a snippet in its box: no network, bounded memory and output, no process left behind.

The per-framework worker (``worker.py``) calls these; docs/verification.md, "Containment", says
what each promises. Linux only, through the standard library (``ctypes`` for the two calls
Python 3.11 has no wrapper for: ``unshare`` and ``prctl``).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import signal
import socket
import sys
from pathlib import Path

__all__ = [
    "cap_text",
    "end_descendants",
    "guard_sockets",
    "is_memory_error",
    "isolate_network",
    "reap_orphans",
]

_CLONE_NEWNET = 0x40000000
_PR_SET_CHILD_SUBREAPER = 36
_NETWORK_EVENTS = frozenset({"socket.connect", "socket.sendto", "socket.sendmsg"})
_INET = (socket.AF_INET, socket.AF_INET6)
# How an allocation refused under RLIMIT_AS shows: Python's MemoryError (numpy's subclasses it),
# errno 12 (torch's allocator, mmap, fork), TensorFlow's ResourceExhaustedError, C++'s bad_alloc,
# and TensorFlow's abort when a thread's stack cannot be mapped (measured below a 2.25 GiB limit).
_MEMORY_RE = re.compile(
    r"MemoryError|Cannot allocate memory|can't allocate memory|OOM when allocating|bad_alloc|pthread_create\(\) failed"
)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def isolate_network() -> str:
    """Move this process into a new network namespace of its own: no interface but a loopback that
    is down, so no connection leaves it, loopback included. Children forked later inherit it.

    ``"namespace"`` when the kernel allowed it (root, or CAP_SYS_ADMIN), else ``"socket guard"``:
    then only ``guard_sockets`` stands between a snippet and the network.
    """
    return "namespace" if _libc().unshare(_CLONE_NEWNET) == 0 else "socket guard"


def _refuse_network(event: str, args: tuple) -> None:
    if event in _NETWORK_EVENTS and args[0].family in _INET:
        raise PermissionError(f"network access is blocked for snippets ({event} to {args[1]!r})")


def guard_sockets() -> None:
    """Refuse every IPv4/IPv6 connect and send made through Python's ``socket`` module (an audit hook,
    which cannot be removed). Always installed: it gives a snippet a clear error, where the namespace
    alone gives "Network is unreachable"; code that calls libc directly is held by the namespace only."""
    sys.addaudithook(_refuse_network)


def reap_orphans() -> None:
    """Become the child subreaper: a descendant whose parent exits (a daemon after ``setsid`` and a
    double fork) is re-parented to this process instead of init, so ``end_descendants`` finds it."""
    if _libc().prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def end_descendants() -> None:
    """SIGKILL every process below this one and reap them; returns when none is left.

    Being a subreaper, this process has a child as long as it has any descendant, so the usual
    case (the snippet started nothing) costs one ``waitpid`` and no /proc scan.
    """
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid:
            continue  # reaped one that had exited: look again
        for pid in _descendants(os.getpid()):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        try:
            os.waitpid(-1, 0)  # until one of them is gone; the loop reaps the rest
        except ChildProcessError:
            return


def _descendants(root: int) -> list[int]:
    """Pids of every process below ``root``, from each process's parent in /proc/PID/stat."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        below = children.get(todo.pop(), [])
        found += below
        todo += below
    return found


def is_memory_error(text: str) -> bool:
    """Whether an exception line (``MemoryError``, torch's "can't allocate memory", …) is an
    allocation refused, which under the snippet's RLIMIT_AS means its memory limit."""
    return bool(_MEMORY_RE.search(text))


def cap_text(text: str, limit: int, *, more: int = 0) -> str:
    """``text`` cut to ``limit`` bytes of UTF-8; when anything was cut (or ``more`` bytes were already
    left out), it ends with ``[output truncated: N bytes more]``, which the page shows as it is."""
    data = text.encode("utf-8", errors="replace")
    more += max(len(data) - limit, 0)
    if not more:
        return text
    return data[:limit].decode("utf-8", errors="ignore") + f"\n[output truncated: {more} bytes more]\n"
