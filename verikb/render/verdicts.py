"""Verdicts next to claims: badges, evidence blocks, and answer keys corrected by real output."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from verikb.model import Practice, Question
from verikb.render.html import esc
from verikb.verify.results import ClaimResult

__all__ = ["LETTERS", "AnswerKey", "VerdictIndex", "answer_key", "badge", "combined_verdict", "verdict_block"]

_BADGES = {
    "verified": ("verified", "✓ verified"),
    "refuted": ("refuted", "✗ refuted"),
    "not checkable": ("not-checkable", "– not checkable by code"),
    "error": ("error", "! snippet error"),
}
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class VerdictIndex:
    """Results looked up by deck and item id (``practice-4`` or ``practice-4/option-2``)."""

    def __init__(self, results: list[ClaimResult], *, snippet_url: str = "") -> None:
        self._by_item: dict[tuple[str, str], list[ClaimResult]] = defaultdict(list)
        for r in results:
            self._by_item[(r.deck, r.item)].append(r)
        self.snippet_url = snippet_url
        """Prefix turning a snippet path into a link (e.g. a repository's blob URL), or ''."""

    def of(self, deck: str, item: str) -> list[ClaimResult]:
        return self._by_item.get((deck, item), [])

    def of_deck(self, deck: str) -> list[ClaimResult]:
        return [r for (d, _), rs in self._by_item.items() if d == deck for r in rs]


def inline_code(text: str) -> str:
    """Escape, then show `backticked` spans (snippets write claims that way) as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", esc(text))


def badge(verdict: str) -> str:
    cls, label = _BADGES.get(verdict, ("error", verdict))
    return f'<span class="verikb-badge verikb-badge--{cls}">{esc(label)}</span>'


def verdict_block(result: ClaimResult, *, snippet_url: str = "") -> str:
    """The claim, its verdict, what is true instead, and the real output one click away."""
    cls = _BADGES.get(result.verdict, ("error", ""))[0]
    # A reviewer's "not checkable" is about the item's own text, already on the page: no need to repeat it.
    claim = "" if result.snippet is None else f' <span class="verikb-claim">{inline_code(result.claim)}</span>'
    parts = [
        f'<div class="verikb-verdict verikb-verdict--{cls}">',
        f'<p class="verikb-verdict-line">{badge(result.verdict)}{claim}</p>',
    ]
    if result.truth:
        label = "What is true" if result.verdict == "refuted" else "Why"
        parts.append(f'<p class="verikb-truth">{label}: {inline_code(result.truth)}</p>')
    if result.verdict == "error" and result.exception:
        parts.append(f'<p class="verikb-truth">Snippet problem: {esc(result.exception)}</p>')
    if result.snippet:
        versions = " · ".join(f"{k} {v}" for k, v in sorted(result.versions.items()))
        evidence = result.output.strip() or "(no output)"
        if result.warnings:
            evidence += "\n" + "\n".join(f"warning: {w}" for w in result.warnings)
        link = f"{snippet_url}{result.snippet}" if snippet_url else None
        where = f'<a href="{esc(link)}">{esc(result.snippet)}</a>' if link else f"<code>{esc(result.snippet)}</code>"
        parts.append(
            '<details class="verikb-evidence">'
            f"<summary>Real output ({esc(_framework_version(result))})</summary>"
            f"<pre><code>{esc(evidence)}</code></pre>"
            f'<p class="verikb-versions">{esc(versions)}</p><p>Snippet: {where}</p></details>'
        )
    parts.append("</div>")
    return "".join(parts)


def _framework_version(result: ClaimResult) -> str:
    framework = result.framework or ""
    version = result.versions.get(framework)
    return f"{framework} {version}" if version else framework


@dataclass(frozen=True, slots=True)
class AnswerKey:
    """The key a learner is graded against, and where it came from."""

    index: int | None
    """0-based option graded as right; None makes the question a self-check."""
    source: int | None
    """The source's own key (or a reviewer's), before verification."""
    refuted: bool
    """Real output contradicts the source's key."""
    by_reviewer: bool


def answer_key(deck: str, item: Question | Practice, index: VerdictIndex) -> AnswerKey:
    """Grade against the source's key unless real output refutes it; then against what holds."""
    by_reviewer = item.curated.answer is not None
    source = item.curated.answer if by_reviewer else item.answer
    option_verdicts = {
        k: combined_verdict(index.of(deck, f"{item.id}/option-{k + 1}")) for k in range(len(item.options))
    }
    item_refuted = combined_verdict(index.of(deck, item.id)) == "refuted"
    source_refuted = source is not None and option_verdicts.get(source) == "refuted"
    if not (item_refuted or source_refuted):
        return AnswerKey(index=source, source=source, refuted=False, by_reviewer=by_reviewer)
    holding = [k for k, v in option_verdicts.items() if v == "verified"]
    return AnswerKey(
        index=holding[0] if len(holding) == 1 else None, source=source, refuted=True, by_reviewer=by_reviewer
    )


def combined_verdict(results: list[ClaimResult]) -> str | None:
    """One verdict for several claims about the same thing: any refutation wins, then errors."""
    verdicts = {r.verdict for r in results}
    for v in ("refuted", "error", "verified", "not checkable"):
        if v in verdicts:
            return v
    return None
