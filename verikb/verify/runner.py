"""Run snippets: cached results where nothing changed, else in warm per-framework workers."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from verikb.verify.cache import ResultCache
from verikb.verify.results import SnippetRun
from verikb.verify.snippets import DEFAULT_MEMORY_BYTES, Snippet

__all__ = ["OUTPUT_LIMIT", "SnippetRun", "run_snippets", "start_workers", "worker_counts"]

OUTPUT_LIMIT = 64 * 1024
"""Bytes kept of each recorded stream (a snippet's output, each claim's output, exception, warnings)."""


class _Worker:
    """One ``python -m verikb.verify.worker FRAMEWORK`` process and its pipe protocol."""

    def __init__(self, framework: str, root: Path) -> None:
        """Start the process; its greeting (framework versions) is read when first needed, so the
        framework imports while the caller gets on with other work."""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "verikb.verify.worker", framework],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL=os.environ.get("TF_CPP_MIN_LOG_LEVEL", "2")),
        )
        self._greeting: dict | None = None

    @property
    def versions(self) -> dict[str, str]:
        """Framework versions, from the greeting the worker sends once its framework is imported."""
        if self._greeting is None:
            self._greeting = self._read()
        return self._greeting["versions"]

    def _read(self) -> dict:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"worker exited with code {self.proc.wait()}")
        return json.loads(line)

    def run(self, snippet: Snippet, *, memory: int, output_limit: int) -> dict:
        assert self.proc.stdin is not None
        _ = self.versions  # the greeting comes first
        request = {
            "path": str(snippet.path),
            "timeout": snippet.timeout_s,
            "memory": snippet.memory_bytes or memory,
            "output_limit": output_limit,
        }
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def stop(self) -> None:
        """End the worker: on end of its stdin it kills the snippet it runs, if any, and exits."""
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
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
    memory: int = DEFAULT_MEMORY_BYTES,
    output_limit: int = OUTPUT_LIMIT,
) -> list[SnippetRun]:
    """Run (or take from cache) every snippet in warm workers, ``jobs`` at most (``worker_counts``;
    the first of a framework taken from ``started``). ``memory`` is the address-space limit of a
    snippet whose header sets none. Every worker is stopped on the way out, on an error, Ctrl-C or
    SIGTERM too, and a stopped worker kills the snippet it was running."""
    started = dict(started or {})
    session = _Session(root, cache, on_done, memory=memory, output_limit=output_limit)
    for snippet in snippets:
        hit = cache.get(snippet)
        if hit is not None:
            session.runs.append(hit)
            on_done(hit)
        else:
            session.pending.setdefault(snippet.framework, queue.Queue()).put(snippet)
    counts = worker_counts({framework: todo.qsize() for framework, todo in session.pending.items()}, jobs)
    threads = []
    for framework, count in counts.items():
        first = started.pop(framework, None)
        session.workers += [first] if first else []
        for worker in [first, *[None] * (count - 1)]:
            threads.append(threading.Thread(target=session.serve, args=(framework, worker)))
    with _sigterm_as_exit():
        try:
            for unused in started.values():  # started for a framework whose snippets all came from the cache
                unused.stop()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            session.stop()
    order = {str(s.path): k for k, s in enumerate(snippets)}
    return sorted(session.runs, key=lambda r: order[r.path])


class _Session:
    """The snippets left to run, per framework, the workers running them, and the runs so far."""

    def __init__(
        self,
        root: Path,
        cache: ResultCache,
        on_done: Callable[[SnippetRun], None],
        *,
        memory: int,
        output_limit: int,
    ) -> None:
        self.root, self.cache, self.on_done, self.memory, self.output_limit = root, cache, on_done, memory, output_limit
        self.pending: dict[str, queue.Queue[Snippet]] = {}
        self.runs: list[SnippetRun] = []
        self.workers: list[_Worker] = []
        self.lock = threading.Lock()
        self.stopping = False

    def serve(self, framework: str, worker: _Worker | None) -> None:
        """Feed one framework's snippets to one worker (started here if None); a worker that dies is replaced."""
        while True:
            try:
                snippet = self.pending[framework].get_nowait()
            except queue.Empty:
                return
            try:
                with self.lock:
                    if self.stopping:
                        return
                    if worker is None:
                        worker = _Worker(framework, self.root)
                        self.workers.append(worker)
                answer = worker.run(snippet, memory=self.memory, output_limit=self.output_limit)
                run = SnippetRun(framework=framework, versions=worker.versions, **answer)
            except (RuntimeError, OSError, ValueError) as exc:
                run = SnippetRun(path=str(snippet.path), framework=framework, status="crashed", versions={})
                run.output, worker = str(exc), None
            with self.lock:
                if self.stopping:
                    return  # stopped under it: not a result
                if run.status == "ok":
                    self.cache.put(snippet, run)
                self.runs.append(run)
                self.on_done(run)

    def stop(self) -> None:
        """Stop every worker (each kills the snippet it runs); no new one starts after this."""
        with self.lock:
            self.stopping = True
        for worker in self.workers:
            worker.stop()


@contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """SIGTERM raises SystemExit(143) here, as Ctrl-C raises KeyboardInterrupt, so the workers are
    stopped before the process ends (by default SIGTERM ends it at once)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
