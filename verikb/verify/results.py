"""Verdicts per claim, checked against the decks, and the ``verification.json`` the site reads.

Schema (``verikb-verification/1``), documented for users in docs/verification.md:
``{"schema", "verikb", "inputs": digest or null, "versions": {name: version}, "summary": {verdict: count},
"results": [ClaimResult…], "snippets": [{path, framework, status, duration_s, cached, output}]}``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import verikb
from verikb.atomic import write_atomic
from verikb.errors import VerikbError
from verikb.model import Card, Deck, Item, Practice, Prompt, Question

__all__ = [
    "SCHEMA",
    "ClaimResult",
    "SnippetRun",
    "Verification",
    "build_results",
    "collect_curves",
    "read_verification",
    "write_verification",
]

SCHEMA = "verikb-verification/1"
_KIND_ORDER = {"card": 0, "question": 1, "prompt": 2, "practice": 3}


@dataclass(slots=True, kw_only=True)
class SnippetRun:
    """What running one snippet gave: its claims' records and how the run itself went."""

    path: str
    framework: str
    status: str
    """``ok``, ``error`` (non-zero exit), ``timeout``, ``crashed`` (killed by a signal)."""
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
    """Item id within the deck: ``practice-4``, or ``question-2/option-1`` for an option."""
    claim: str
    verdict: str
    """``verified``, ``refuted``, ``not checkable`` or ``error``."""
    expected: str | None = None
    truth: str | None = None
    """What is true instead (refuted) or why no code can settle it (not checkable)."""
    output: str = ""
    warnings: list[str] = field(default_factory=list)
    exception: str | None = None
    snippet: str | None = None
    line: int | None = None
    framework: str | None = None
    versions: dict[str, str] = field(default_factory=dict)
    cached: bool = False

    @property
    def changed(self) -> bool:
        """The verdict differs from what the snippet expects."""
        return self.expected is not None and self.verdict != self.expected


def build_results(runs: list[SnippetRun], checks: dict[str, tuple[str, ...]], decks: list[Deck]) -> list[ClaimResult]:
    """Turn snippet runs into verdicts, flagging claims about items no deck has."""
    by_id = {d.id: d for d in decks}
    results: list[ClaimResult] = []
    for run in runs:
        results.extend(_run_results(run, checks[run.path], by_id))
    checked = {(r.deck, r.item.split("/")[0]) for r in results}
    for deck in decks:
        for item in deck.items():
            reason = item.curated.not_checkable
            if reason and (deck.id, item.id) not in checked:
                results.append(
                    ClaimResult(
                        deck=deck.id,
                        item=item.id,
                        claim=_claim_text(item),
                        verdict="not checkable",
                        truth=reason,
                    )
                )
    return sorted(results, key=_order)


def _run_results(run: SnippetRun, checks: tuple[str, ...], decks: dict[str, Deck]) -> list[ClaimResult]:
    out: list[ClaimResult] = []
    common = {"snippet": run.path, "framework": run.framework, "versions": run.versions, "cached": run.cached}
    for rec in run.records:
        if "curve" in rec:
            continue
        deck, _, item = rec["item"].partition("/")
        problem = _missing_item(decks, deck, item)
        if not any(rec["item"] == c or rec["item"].startswith(f"{c}/") for c in checks):
            problem = problem or "the snippet's '# checks:' header does not name this item"
        out.append(
            ClaimResult(
                deck=deck,
                item=item,
                claim=rec["claim"],
                verdict="error" if problem else rec["verdict"],
                expected=rec["expected"],
                truth=rec["truth"],
                output=rec["output"],
                warnings=rec["warnings"],
                exception=problem or rec["exception"],
                line=rec["line"],
                **common,
            )
        )
    seen = {r.deck + "/" + r.item for r in out}
    for named in checks:
        if not any(s == named or s.startswith(f"{named}/") for s in seen):
            deck, _, item = named.partition("/")
            why = (
                f"the snippet ended with status '{run.status}'" if run.status != "ok" else "no claim gave it a verdict"
            )
            out.append(
                ClaimResult(
                    deck=deck,
                    item=item,
                    claim=f"(named in {run.path})",
                    verdict="error",
                    exception=why,
                    output=run.output,
                    **common,
                )
            )
    return out


def _missing_item(decks: dict[str, Deck], deck_id: str, item: str) -> str | None:
    deck = decks.get(deck_id)
    if deck is None:
        return f"no deck '{deck_id}' in quizzes/"
    item_id, _, option = item.partition("/")
    found = deck.item(item_id)
    if found is None:
        return f"deck '{deck_id}' has no item '{item_id}'"
    if option:
        count = len(getattr(found, "options", ()))
        number = int(option.removeprefix("option-")) if option.startswith("option-") else 0
        if not 1 <= number <= count:
            return f"'{item_id}' has {count} options, not '{option}'"
    return None


def _claim_text(item: Item) -> str:
    """The statement of an item a reader would take as its claim."""
    if isinstance(item, Card):
        return item.back
    if isinstance(item, Question):
        return item.explanation or item.prompt
    if isinstance(item, Practice):
        return item.final_answer or item.prompt
    assert isinstance(item, Prompt)
    return item.prompt


def _order(result: ClaimResult) -> tuple:
    kind, _, rest = result.item.partition("-")
    number, _, option = rest.partition("/option-")
    return (result.deck, _KIND_ORDER.get(kind, 9), int(number or 0), int(option or 0))


def collect_curves(runs: list[SnippetRun]) -> list[dict]:
    """Curves the snippets recorded, with the framework versions that computed them."""
    return [
        {**rec["curve"], "framework": run.framework, "versions": run.versions, "snippet": run.path}
        for run in runs
        for rec in run.records
        if "curve" in rec
    ]


def write_verification(
    path: Path, results: list[ClaimResult], runs: list[SnippetRun], *, inputs: str | None = None
) -> None:
    """Write verification.json atomically; ``inputs`` is the digest of what produced it."""
    versions: dict[str, str] = {}
    for run in runs:
        versions.update(run.versions)
    data = {
        "schema": SCHEMA,
        "verikb": verikb.__version__,
        "inputs": inputs,
        "versions": versions,
        "summary": dict(Counter(r.verdict for r in results)),
        "results": [asdict(r) for r in results],
        "curves": collect_curves(runs),
        "snippets": [{k: v for k, v in asdict(run).items() if k != "records"} for run in runs],
    }
    write_atomic(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


@dataclass(frozen=True, slots=True, kw_only=True)
class Verification:
    """What the site reads back from verification.json."""

    results: list[ClaimResult]
    curves: list[dict]
    versions: dict[str, str]


def read_verification(path: Path) -> Verification:
    """verification.json's content; an absent file means nothing was verified yet."""
    if not path.exists():
        return Verification(results=[], curves=[], versions={})
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("schema") != SCHEMA:
        raise VerikbError(f"schema {data.get('schema')!r} is not {SCHEMA!r}; run `verikb verify` again", path=path)
    return Verification(
        results=[ClaimResult(**r) for r in data["results"]], curves=data.get("curves", []), versions=data["versions"]
    )
