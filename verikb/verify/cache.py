"""Cache of snippet runs, keyed by snippet text + framework + its version + the runner's code
+ the deck items the snippet checks (so editing a deck re-runs exactly that deck's snippets)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from verikb.atomic import write_atomic
from verikb.verify.fingerprint import framework_version, runner_fingerprint
from verikb.verify.schema import SnippetRun

if TYPE_CHECKING:
    from verikb.model import Deck
    from verikb.verify.snippets import Snippet

__all__ = ["ResultCache"]


class ResultCache:
    """One JSON file per snippet run under ``folder``; ``enabled=False`` reads nothing."""

    def __init__(self, folder: Path, *, decks: list[Deck], enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled
        self._decks = {deck.id: deck for deck in decks}
        self._runner = runner_fingerprint()
        self._versions: dict[str, str] = {}

    def key(self, snippet: Snippet) -> str:
        if snippet.framework not in self._versions:
            self._versions[snippet.framework] = framework_version(snippet.framework)
        parts = (
            self._runner,
            snippet.framework,
            self._versions[snippet.framework],
            snippet.digest,
            *(self._item_text(check) for check in snippet.checks),
        )
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def _item_text(self, check: str) -> str:
        """The checked deck item as canonical JSON ("absent" when no deck has it)."""
        deck_id, _, item_path = check.partition("/")
        deck = self._decks.get(deck_id)
        item = deck.item(item_path.split("/")[0]) if deck else None
        return json.dumps(asdict(item), sort_keys=True) if item else "absent"

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
