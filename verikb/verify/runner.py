"""Run snippets: cached results where nothing changed, else in warm per-framework workers."""

from __future__ import annotations

import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
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
        self._started = time.perf_counter()
        self._versions: dict[str, str] | None = None
        self.startup_s: float | None = None
        """Seconds from start to greeting (the framework import), once the greeting is read."""

    @property
    def versions(self) -> dict[str, str]:
        """Framework versions, from the greeting the worker sends once its framework is imported."""
        if self._versions is None:
            self._versions = self._read()["versions"]
            self.startup_s = time.perf_counter() - self._started
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
    """Run (or take from cache) every snippet in warm workers, ``jobs`` at most (``worker_counts``;
    the first of a framework taken from ``started``; started workers with nothing to run are stopped)."""
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

    counts = worker_counts({framework: len(todo) for framework, todo in pending.items()}, jobs)
    crews = [
        _Crew(framework, root, todo, finished, most=counts[framework], first=started.pop(framework, None))
        for framework, todo in pending.items()
    ]
    for unused in started.values():
        unused.proc.kill()
        unused.close()
    for crew in crews:
        crew.join()
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


# Snippets a crew times before it judges whether another worker pays: a child's first framework
# op and cold caches make the first few slow (100 ms and more, against ~6 ms after).
_GROW_AFTER = 5


class _Crew:
    """The workers of one framework, feeding on one queue of snippets: one to begin with, more
    (up to ``most``) only while the work left (snippets left times the median snippet so far)
    would keep another busy for longer than twice what starting it takes. Measured here: a second
    torch worker from the start made 100 small snippets slower (its 1-2 s import fought the first
    worker for the cores)."""

    def __init__(
        self,
        framework: str,
        root: Path,
        todo: list[Snippet],
        finished: Callable[[SnippetRun, Snippet], None],
        *,
        most: int,
        first: _Worker | None,
    ) -> None:
        self.framework, self.root, self.finished = framework, root, finished
        self.work: queue.Queue[Snippet] = queue.Queue()
        for snippet in todo:
            self.work.put(snippet)
        self.spare = most - 1
        self.seconds: list[float] = []
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []
        self._add(first)

    def join(self) -> None:
        """Wait until every worker thread, including ones added meanwhile, is done."""
        while True:
            with self.lock:
                alive = [thread for thread in self.threads if thread.is_alive()]
            if not alive:
                return
            for thread in alive:
                thread.join()

    def _add(self, worker: _Worker | None) -> None:
        thread = threading.Thread(target=self._serve, args=(worker,), daemon=True)
        with self.lock:
            self.threads.append(thread)
        thread.start()

    def _maybe_grow(self, worker: _Worker | None, seconds: float) -> None:
        with self.lock:
            self.seconds.append(seconds)
            if self.spare <= 0 or worker is None or worker.startup_s is None or len(self.seconds) < _GROW_AFTER:
                return
            left = self.work.qsize() * statistics.median(self.seconds)
            if left <= 2 * worker.startup_s:
                return
            self.spare -= 1
        self._add(None)

    def _serve(self, worker: _Worker | None) -> None:
        """Feed snippets to one worker (``worker``, or one started here); restart it if it dies,
        report failures per snippet."""
        while True:
            try:
                snippet = self.work.get_nowait()
            except queue.Empty:
                break
            seconds = None
            try:
                worker = worker or _Worker(self.framework, self.root)
                versions = worker.versions  # waits for the framework import: not part of a snippet's time
                start = time.perf_counter()
                answer = worker.run(snippet)
                seconds = time.perf_counter() - start
                run = SnippetRun(framework=self.framework, versions=versions, **answer)
            except (RuntimeError, OSError, json.JSONDecodeError) as exc:
                run = SnippetRun(
                    path=str(snippet.path), framework=self.framework, status="crashed", versions={}, output=str(exc)
                )
                if worker is not None:
                    worker.proc.kill()
                    worker.close()
                worker = None
            self.finished(run, snippet)
            if seconds is not None:
                self._maybe_grow(worker, seconds)
        if worker is not None:
            worker.close()
