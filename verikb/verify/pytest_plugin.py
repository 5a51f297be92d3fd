"""pytest plugin: every snippet under a ``snippets/`` folder is a test item pointing back to its claims.

All collected snippets run once per session through the same cached, warm-worker runner as
``verikb verify``; an item fails when one of its claims errors or its verdict changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from verikb.deck_io import DECK_CACHE_DIR, read_decks
from verikb.errors import VerikbError
from verikb.verify.cache import ResultCache
from verikb.verify.command import CACHE_DIR
from verikb.verify.results import ClaimResult, SnippetRun, build_results
from verikb.verify.runner import run_snippets
from verikb.verify.snippets import Snippet, read_snippet

_RUNS = pytest.StashKey[dict[str, SnippetRun]]()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect ``snippets/**/*.py`` (files starting with ``_`` are helpers, not snippets)."""
    if file_path.suffix == ".py" and "snippets" in file_path.parts and not file_path.name.startswith("_"):
        return SnippetFile.from_parent(parent, path=file_path)
    return None


class SnippetFailure(Exception):
    """Claims of one snippet that errored or changed verdict."""

    def __init__(self, results: list[ClaimResult]) -> None:
        super().__init__(results)
        self.results = results


class SnippetFile(pytest.File):
    """A snippet file; its header must parse or collection fails with file and line."""

    def collect(self) -> list[pytest.Item]:
        try:
            snippet = read_snippet(self.path)
        except VerikbError as exc:
            raise self.CollectError(str(exc)) from None
        return [SnippetItem.from_parent(self, name="claims", snippet=snippet)]


class SnippetItem(pytest.Item):
    """The claims of one snippet, checked against real torch or tensorflow."""

    def __init__(self, *, snippet: Snippet, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.snippet = snippet

    def runtest(self) -> None:
        """Run every collected snippet once (cached), then judge this one's claims."""
        runs = _session_runs(self.session)
        run = runs[str(self.snippet.path)]
        decks = read_decks(self.config.rootpath / "quizzes", cache=self.config.rootpath / DECK_CACHE_DIR)
        results = build_results([run], {run.path: self.snippet.checks}, decks)
        bad = [r for r in results if r.verdict == "error" or r.changed]
        if bad:
            raise SnippetFailure(bad)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: object = None) -> str:
        if not isinstance(excinfo.value, SnippetFailure):
            return str(super().repr_failure(excinfo))
        lines = []
        for r in excinfo.value.results:
            what = f"expected {r.expected}, got {r.verdict}" if r.changed else r.exception
            lines.append(f"{r.snippet}:{r.line}: {r.deck}/{r.item}: {what}\n  claim: {r.claim}")
            if r.output:
                lines.append("  output:\n    " + r.output.strip().replace("\n", "\n    "))
        return "\n".join(lines)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"snippet {self.snippet.path.name} ({self.snippet.framework})"


def _session_runs(session: pytest.Session) -> dict[str, SnippetRun]:
    if _RUNS not in session.stash:
        snippets = [item.snippet for item in session.items if isinstance(item, SnippetItem)]
        root = session.config.rootpath
        cache = ResultCache(root / CACHE_DIR, decks=read_decks(root / "quizzes", cache=root / DECK_CACHE_DIR))
        runs = run_snippets(snippets, root=root, cache=cache, jobs=2)
        session.stash[_RUNS] = {run.path: run for run in runs}
    return session.stash[_RUNS]
