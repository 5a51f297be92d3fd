"""Run snippets: cached results where nothing changed, else in warm per-framework workers."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from verikb.verify.cache import ResultCache
from verikb.verify.results import SnippetRun
from verikb.verify.snippets import Snippet

__all__ = ["SnippetRun", "run_snippets", "start_workers", "worker_counts", "worker_environment"]


def worker_environment() -> dict[str, str]:
    """This process's environment, as workers get it: quiet TensorFlow, huge pages for malloc."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL=os.environ.get("TF_CPP_MIN_LOG_LEVEL", "2"))
    env["GLIBC_TUNABLES"] = _with_huge_pages(os.environ.get("GLIBC_TUNABLES", ""))
    return env


def _with_huge_pages(tunables: str) -> str:
    """glibc's malloc asks for transparent huge pages (glibc >= 2.35; older ones ignore it).

    The worker forks a child per snippet, and fork copies one page-table entry per 4 KiB page
    of the worker's heap: with 2 MiB pages, fork + exit took ~16 ms instead of ~25-34 ms in a
    torch worker here. Tunables the user set are kept.
    """
    if "glibc.malloc.hugetlb" in tunables:
        return tunables
    return f"{tunables}:glibc.malloc.hugetlb=1" if tunables else "glibc.malloc.hugetlb=1"


class _Worker:
    """One ``python -m verikb.verify.worker FRAMEWORK`` process and its pipe protocol."""

    def __init__(self, framework: str, root: Path) -> None:
        """Start the process; its greeting (framework versions) is read when first needed, so the
        framework imports while the caller gets on with other work."""
        env = worker_environment()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "verikb.verify.worker", framework],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self._versions: dict[str, str] | None = None

    @property
    def versions(self) -> dict[str, str]:
        """Framework versions, from the greeting the worker sends once its framework is imported."""
        if self._versions is None:
            self._versions = self._read()["versions"]
        return self._versions

    def _read(self) -> dict:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"worker exited with code {self.proc.wait()}")
        return json.loads(line)

    def run(self, snippet: Snippet) -> dict:
        assert self.proc.stdin is not None
        _ = self.versions  # the greeting comes first
        self.proc.stdin.write(json.dumps({"path": str(snippet.path), "timeout": snippet.timeout_s}) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        """End the worker: closing its stdin ends its loop."""
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)
        if self.proc.stdout:
            self.proc.stdout.close()


def start_workers(frameworks: set[str], root: Path) -> dict[str, _Worker]:
    """One worker per framework, started now: a framework import takes 1-5 s, which then runs
    while the caller reads decks and looks up cached results (``run_snippets(started=...)``)."""
    return {framework: _Worker(framework, root) for framework in sorted(frameworks)}


def run_snippets(
    snippets: list[Snippet],
    *,
    root: Path,
    cache: ResultCache,
    jobs: int,
    on_done: Callable[[SnippetRun], None] = lambda run: None,
    started: dict[str, _Worker] | None = None,
) -> list[SnippetRun]:
    """Run (or take from cache) every snippet; one warm worker per job and framework (the first
    of them taken from ``started``; started workers with nothing to run are stopped)."""
    started = dict(started or {})
    runs: list[SnippetRun] = []
    pending: dict[str, list[Snippet]] = {}
    for snippet in snippets:
        hit = cache.get(snippet)
        if hit is not None:
            runs.append(hit)
            on_done(hit)
        else:
            pending.setdefault(snippet.framework, []).append(snippet)
    lock = threading.Lock()

    def finished(run: SnippetRun, snippet: Snippet) -> None:
        if run.status == "ok":
            cache.put(snippet, run)
        with lock:
            runs.append(run)
            on_done(run)

    threads = []
    counts = worker_counts({framework: len(todo) for framework, todo in pending.items()}, jobs)
    for framework, todo in pending.items():
        work: queue.Queue[Snippet] = queue.Queue()
        for snippet in todo:
            work.put(snippet)
        for _ in range(counts[framework]):
            first = started.pop(framework, None)
            thread = threading.Thread(target=_serve, args=(framework, root, work, finished, first), daemon=True)
            thread.start()
            threads.append(thread)
    for unused in started.values():
        unused.proc.kill()
        unused.close()
    for thread in threads:
        thread.join()
    order = {str(s.path): k for k, s in enumerate(snippets)}
    return sorted(runs, key=lambda r: order[r.path])


def worker_counts(pending: dict[str, int], jobs: int) -> dict[str, int]:
    """Workers per framework, ``jobs`` in all: one each at least (a framework cannot run in
    another's worker), never more than it has snippets, the rest to those with the most snippets.

    Each worker imports its framework (1-5 s of CPU) and runs one snippet at a time, so more
    workers than ``jobs`` (cores, by default) only make the imports fight for them.
    """
    counts = dict.fromkeys(pending, 1)
    spare = jobs - len(counts)
    order = sorted(pending, key=lambda framework: (-pending[framework], framework))
    while spare > 0 and any(counts[f] < pending[f] for f in order):
        for framework in order:
            if spare > 0 and counts[framework] < pending[framework]:
                counts[framework] += 1
                spare -= 1
    return counts


def _serve(
    framework: str,
    root: Path,
    work: queue.Queue[Snippet],
    finished: Callable[[SnippetRun, Snippet], None],
    worker: _Worker | None,
) -> None:
    """Feed snippets to one worker (``worker``, or one started here); restart it if it dies,
    report failures per snippet."""
    while True:
        try:
            snippet = work.get_nowait()
        except queue.Empty:
            break
        try:
            worker = worker or _Worker(framework, root)
            answer = worker.run(snippet)
            run = SnippetRun(framework=framework, versions=worker.versions, **answer)
        except (RuntimeError, OSError, json.JSONDecodeError) as exc:
            run = SnippetRun(
                path=str(snippet.path), framework=framework, status="crashed", versions={}, output=str(exc)
            )
            if worker is not None:
                worker.proc.kill()
                worker.close()
            worker = None
        finished(run, snippet)
    if worker is not None:
        worker.close()
