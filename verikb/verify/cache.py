"""Snippet runs in the content store (``verikb.store``), keyed by snippet text + framework + its version + the
runner's code + the deck items the snippet checks (so editing a deck re-runs exactly that deck's snippets).

Bench row "verify, no-change run" (and every build after the first) fails without it: a cold verify of the
project takes ~50 s on 2 cores."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from verikb.atomic import write_atomic
from verikb.model import ClaimRef
from verikb.store import entry
from verikb.verify.fingerprint import framework_version, runner_fingerprint
from verikb.verify.schema import SnippetRun

if TYPE_CHECKING:
    from verikb.model import Deck
    from verikb.verify.snippets import Snippet

__all__ = ["ResultCache"]


class ResultCache:
    """One JSON entry per snippet run in the project's store; ``enabled=False`` reads nothing."""

    def __init__(self, root: Path, *, decks: list[Deck], enabled: bool = True) -> None:
        self.root = root
        self.enabled = enabled
        self._decks = {deck.id: deck for deck in decks}
        self._runner = runner_fingerprint()
        self._versions: dict[str, str] = {}

    def path(self, snippet: Snippet) -> Path:
        """The store entry of this snippet's run, given everything its verdicts depend on."""
        if snippet.framework not in self._versions:
            self._versions[snippet.framework] = framework_version(snippet.framework)
        return entry(
            self.root,
            "snippet-runs",
            self._runner,
            snippet.framework,
            self._versions[snippet.framework],
            snippet.digest,
            *(self._item_text(check) for check in snippet.checks),
        )

    def _item_text(self, check: str) -> str:
        """The checked deck item as canonical JSON ("absent" when no deck has it)."""
        try:
            ref = ClaimRef.parse(check)
        except ValueError:
            return "absent"  # the run reports the malformed name as an error
        deck = self._decks.get(ref.deck)
        item = deck.item(ref.item) if deck else None
        return json.dumps(asdict(item), sort_keys=True) if item else "absent"

    def get(self, snippet: Snippet) -> SnippetRun | None:
        path = self.path(snippet)
        if not self.enabled or not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None  # a damaged entry is simply a miss
        data.update(cached=True, path=str(snippet.path))
        return SnippetRun(**data)

    def put(self, snippet: Snippet, run: SnippetRun) -> None:
        write_atomic(self.path(snippet), json.dumps(asdict(run)))
