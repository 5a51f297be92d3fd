"""``verification.json``: the typed record verify writes and render reads (the one place its shape lives).

Schema ``verikb-verification/2``, documented for users in docs/verification.md:
``{"schema", "verikb", "inputs": digest or null, "versions": {name: version}, "summary": {verdict: count},
"results": [ClaimResult…], "keys": [AnswerKey…], "curves": [...], "experiments": [...],
"snippets": [{path, framework, status, duration_s, cached, output, …}],
"contradicted" / "unexplained" / "unchecked": ["DECK/ITEM", …]}``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import verikb
from verikb.atomic import write_atomic
from verikb.errors import VerikbError
from verikb.model import ClaimRef, Deck, Practice, Question, Verdict

__all__ = [
    "SCHEMA",
    "AnswerKey",
    "ClaimResult",
    "SnippetRun",
    "Verification",
    "read_verification",
    "write_verification",
]

SCHEMA = "verikb-verification/2"


@dataclass(slots=True, kw_only=True)
class SnippetRun:
    """What running one snippet gave: its claims' records and how the run itself went."""

    path: str
    framework: str
    """The module the snippet imports: ``torch`` or ``tensorflow`` (``Framework.module``)."""
    status: str
    """``ok``, ``error`` (non-zero exit), ``timeout``, ``crashed`` (killed by a signal), ``memory limit``."""
    versions: dict[str, str]
    duration_s: float = 0.0
    exit_code: int | None = None
    output: str = ""
    records: list[dict] = field(default_factory=list)
    cached: bool = False


@dataclass(slots=True, kw_only=True)
class ClaimResult:
    """One claim's verdict, ready for the site and for ``verify --json``."""

    deck: str
    item: str
    """Item path within the deck: ``practice-4``, or ``question-2/option-1`` for an option."""
    claim: str
    verdict: Verdict
    expected: Verdict | None = None
    truth: str | None = None
    """What is true instead (refuted), what happened (not demonstrated), or why no code can settle it."""
    output: str = ""
    warnings: list[str] = field(default_factory=list)
    exception: str | None = None
    snippet: str | None = None
    line: int | None = None
    framework: str | None = None
    versions: dict[str, str] = field(default_factory=dict)
    cached: bool = False
    setup: str | None = None
    """For an experiment: the model, data, seed and steps it ran on, in one line."""

    def __post_init__(self) -> None:
        self.verdict = Verdict(self.verdict)
        self.expected = Verdict(self.expected) if self.expected is not None else None

    @property
    def ref(self) -> ClaimRef:
        return ClaimRef.of(self.deck, self.item)

    @property
    def changed(self) -> bool:
        """The verdict differs from what the snippet expects."""
        return self.expected is not None and self.verdict != self.expected


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerKey:
    """The key a learner is graded against for a question or practice problem, and where it came from."""

    deck: str
    item: str
    index: int | None
    """0-based option graded as right; None makes the question a self-check."""
    source: int | None
    """The source's own key (or a reviewer's), before verification."""
    refuted: bool
    """Real output contradicts the source's key."""
    by_reviewer: bool

    @classmethod
    def unrefuted(cls, deck: str, item: Question | Practice) -> AnswerKey:
        """The reviewer's key, else the source's: the key while no real output refutes it."""
        by_reviewer = item.curated.answer is not None
        source = item.curated.answer if by_reviewer else item.answer
        return cls(deck=deck, item=item.id, index=source, source=source, refuted=False, by_reviewer=by_reviewer)


@dataclass(frozen=True, slots=True, kw_only=True)
class Verification:
    """What the site reads back from verification.json."""

    results: list[ClaimResult] = field(default_factory=list)
    keys: list[AnswerKey] = field(default_factory=list)
    curves: list[dict] = field(default_factory=list)
    experiments: list[dict] = field(default_factory=list)
    snippets: list[dict] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)
    contradicted: list[ClaimRef] = field(default_factory=list)
    """Items where real code contradicts what the source asserts (its claim or its key)."""
    unexplained: list[ClaimRef] = field(default_factory=list)
    """Items whose source claim or key is refuted and that lack a reviewer's ``curated: explanation``
    (verify warns about each; the report lists them)."""
    unchecked: list[ClaimRef] = field(default_factory=list)
    """Items with neither a snippet nor a ``not_checkable`` reason: what is left to check."""
    _keys_by_deck: dict[str, dict[str, AnswerKey]] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        for key in self.keys:  # indexed once: render asks per deck, and a scan per deck is quadratic in topics
            self._keys_by_deck.setdefault(key.deck, {})[key.item] = key

    def curves_of(self, deck: str) -> list[dict]:
        return [c for c in self.curves if ClaimRef.parse(c["item"]).deck == deck]

    def experiments_of(self, deck: str) -> list[dict]:
        return [e for e in self.experiments if ClaimRef.parse(e["item"]).deck == deck]

    def contradicted_in(self, deck: str) -> frozenset[str]:
        """Ids of the deck's items where real code contradicts the source."""
        return frozenset(ref.item for ref in self.contradicted if ref.deck == deck)

    def keys_of(self, deck: Deck) -> dict[str, AnswerKey]:
        """Every question's and practice problem's key by item id: verify's, else (verify has not seen the item
        yet) the unrefuted one, so the page, the review page and the exports grade alike."""
        found = self._keys_by_deck.get(deck.id, {})
        items = (*deck.questions, *deck.practice)
        return {item.id: found.get(item.id) or AnswerKey.unrefuted(deck.id, item) for item in items}


def write_verification(path: Path, verification: Verification, *, inputs: str | None = None) -> None:
    """Write verification.json atomically; ``inputs`` is the digest of what produced it."""
    data = {
        "schema": SCHEMA,
        "verikb": verikb.__version__,
        "inputs": inputs,
        "versions": verification.versions,
        "summary": dict(Counter(str(r.verdict) for r in verification.results)),
        "results": [asdict(r) for r in verification.results],
        "keys": [asdict(k) for k in verification.keys],
        "curves": verification.curves,
        "experiments": verification.experiments,
        "snippets": verification.snippets,
        "contradicted": [str(ref) for ref in verification.contradicted],
        "unexplained": [str(ref) for ref in verification.unexplained],
        "unchecked": [str(ref) for ref in verification.unchecked],
    }
    write_atomic(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def _refs(texts: list[str]) -> list[ClaimRef]:
    return [ClaimRef.parse(text) for text in texts]


def read_verification(path: Path) -> Verification:
    """verification.json's content; an absent file means nothing was verified yet."""
    if not path.exists():
        return Verification()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            found = data.get("schema") if isinstance(data, dict) else None
            raise VerikbError(f"schema {found!r} is not {SCHEMA!r}; run `verikb verify` again", path=path)
        return Verification(
            results=[ClaimResult(**r) for r in data["results"]],
            keys=[AnswerKey(**k) for k in data.get("keys", [])],
            curves=data.get("curves", []),
            experiments=data.get("experiments", []),
            snippets=data.get("snippets", []),
            versions=data["versions"],
            contradicted=_refs(data.get("contradicted", [])),
            unexplained=_refs(data.get("unexplained", [])),
            unchecked=_refs(data.get("unchecked", [])),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise VerikbError(f"unreadable ({exc}); run `verikb verify` again", path=path) from None
