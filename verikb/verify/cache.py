"""Cache of snippet runs, keyed by snippet text + framework + its version + the runner's code."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import verikb
from verikb.deck_io import write_atomic
from verikb.verify.results import SnippetRun

if TYPE_CHECKING:
    from verikb.verify.snippets import Snippet

__all__ = ["ResultCache", "framework_version"]

_DISTRIBUTIONS = {"torch": ("torch",), "tensorflow": ("tensorflow-cpu", "tensorflow")}
# The runner's own code is part of every key: a change to how snippets run invalidates all.
_RUNNER_FILES = ("claims.py", "worker.py")


def framework_version(framework: str) -> str:
    """Installed version from package metadata: cheap, no framework import."""
    for dist in _DISTRIBUTIONS[framework]:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def _runner_fingerprint() -> str:
    here = Path(__file__).parent
    code = "".join((here / name).read_text(encoding="utf-8") for name in _RUNNER_FILES)
    return f"{verikb.__version__}:{hashlib.sha256(code.encode()).hexdigest()[:16]}"


class ResultCache:
    """One JSON file per snippet run under ``folder``; ``enabled=False`` reads nothing."""

    def __init__(self, folder: Path, *, enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled
        self._runner = _runner_fingerprint()
        self._versions = {fw: framework_version(fw) for fw in _DISTRIBUTIONS}

    def key(self, snippet: Snippet) -> str:
        parts = (self._runner, snippet.framework, self._versions[snippet.framework], snippet.digest)
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def get(self, snippet: Snippet) -> SnippetRun | None:
        path = self.folder / f"{self.key(snippet)}.json"
        if not self.enabled or not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None  # a damaged entry is simply a miss
        data.update(cached=True, path=str(snippet.path))
        return SnippetRun(**data)

    def put(self, snippet: Snippet, run: SnippetRun) -> None:
        write_atomic(self.folder / f"{self.key(snippet)}.json", json.dumps(asdict(run)))
